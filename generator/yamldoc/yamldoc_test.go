package yamldoc

import (
	"strings"
	"testing"

	"ketref/generator/diag"
)

type inner struct {
	Name string `yaml:"name" yamldoc:"required"`
}

type doc struct {
	Title  string   `yaml:"title" yamldoc:"required"`
	Weight int      `yaml:"weight"`
	Ratio  float64  `yaml:"ratio"`
	Draft  bool     `yaml:"draft"`
	Tags   []string `yaml:"tags"`
	Owner  inner    `yaml:"owner"`
	People []inner  `yaml:"people"`
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		first int
		want  []string // diagnostics, in order
		check func(t *testing.T, d doc)
	}{
		{name: "valid", src: "title: T\nweight: 3\nratio: 0.5\ndraft: true\ntags: [a, b]\nowner: {name: X}\npeople:\n  - name: Y\n",
			check: func(t *testing.T, d doc) {
				if d.Title != "T" || d.Weight != 3 || d.Ratio != 0.5 || !d.Draft || len(d.Tags) != 2 || d.Owner.Name != "X" || d.People[0].Name != "Y" {
					t.Errorf("decoded %+v", d)
				}
			}},
		{name: "single string as list", src: "title: T\ntags: one\n", check: func(t *testing.T, d doc) {
			if len(d.Tags) != 1 || d.Tags[0] != "one" {
				t.Errorf("tags = %v", d.Tags)
			}
		}},
		{name: "type errors located, shifted by first line", src: "title: T\nweight: heavy\ndraft: maybe\n", first: 2,
			want: []string{`f.md:3:9: weight must be a whole number, found "heavy"`, `f.md:4:8: draft must be true or false, found "maybe"`}},
		{name: "unknown keys warn, nested too", src: "title: T\nwieght: 1\nowner:\n  name: X\n  age: 3\n",
			want: []string{`f.md:2:1: warning: unknown key "wieght" (did you mean "weight"?)`, `f.md:5:3: warning: unknown key "owner.age"`}},
		{name: "missing required, nested in a list", src: "people:\n  - name: A\n  - {}\n",
			want: []string{`f.md:1:1: missing required key "title"`, `f.md:3:5: missing required key "people[1].name"`}},
		{name: "syntax error", src: "title: T\n  bad: indent\n", want: []string{`f.md:2:3: invalid YAML`}},
		{name: "not a mapping", src: "- a\n- b\n", want: []string{`f.md:1:1: expected key: value pairs, found a list`}},
		{name: "mapping where list expected", src: "title: T\npeople: {name: x}\n", want: []string{`f.md:2:9: people must be a list, found a mapping`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var diags diag.List
			var d doc
			Decode([]byte(tt.src), Source{File: "f.md", FirstLine: tt.first}, &d, &diags)
			var got []string
			for _, x := range diags.Sorted() {
				got = append(got, x.String())
			}
			if len(got) != len(tt.want) {
				t.Fatalf("diagnostics = %q, want %q", got, tt.want)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("diagnostic %d = %q, want prefix %q", i, got[i], tt.want[i])
				}
			}
			if tt.check != nil {
				tt.check(t, d)
			}
		})
	}
}
