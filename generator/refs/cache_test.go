package refs

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"ketref/generator/cite"
	"ketref/generator/diag"
	"ketref/generator/view"
)

// TestBibCache: the bibliography is parsed again only when its bytes
// change, its diagnostics are reported on every build either way, and
// entries are formatted and exported again only after a new parse.
func TestBibCache(t *testing.T) {
	one := []byte(`[{"id":"a","type":"article-journal","title":"A","issued":{"date-parts":[[2020]]}},{"id":"a","type":"book","title":"Again"}]`)
	two := []byte(`[{"id":"b","type":"book","title":"B","issued":{"date-parts":[[2021]]}}]`)
	var c Cache
	var first diag.List
	bib := c.Load(one, "content/references.json", &first)
	if len(first.Sorted()) == 0 {
		t.Fatal("the duplicate id was not reported")
	}
	ev := c.Entry(bib.Entries[0])
	ex := c.Export(0)
	if want := cite.Exporters()[0].Export(bib); !bytes.Equal(ex, want) {
		t.Errorf("Export(0) = %.100s, want %.100s", ex, want)
	}
	for _, tc := range []struct {
		name    string
		src     []byte
		reparse bool
	}{
		{"same bytes", append([]byte(nil), one...), false},
		{"other bytes", two, true},
		{"first bytes again", one, true},
	} {
		var diags diag.List
		got := c.Load(tc.src, "content/references.json", &diags)
		if (got != bib) != tc.reparse {
			t.Errorf("%s: parsed again = %v, want %v", tc.name, got != bib, tc.reparse)
		}
		if !tc.reparse {
			if len(diags.Sorted()) != len(first.Sorted()) {
				t.Errorf("%s: %d diagnostics, the first parse had %d", tc.name, len(diags.Sorted()), len(first.Sorted()))
			}
			if c.Entry(got.Entries[0]) != ev {
				t.Errorf("%s: entry formatted again", tc.name)
			}
			if x := c.Export(0); &x[0] != &ex[0] {
				t.Errorf("%s: exported again", tc.name)
			}
		}
		bib = got
	}
}

// TestCacheViews: the views are made again only under another key, and
// their diagnostics are reported every time.
func TestCacheViews(t *testing.T) {
	var c Cache
	made := 0
	build := func(local *diag.List) []*view.RefView {
		made++
		local.Warnf("content/references.json", 1, 2, "made %d", made)
		return []*view.RefView{{Number: made}}
	}
	for _, tc := range []struct {
		key  uint64
		made int
	}{{1, 1}, {1, 1}, {2, 2}, {1, 3}} {
		var diags diag.List
		v := c.Views(tc.key, build, &diags)
		if made != tc.made || v[0].Number != tc.made {
			t.Errorf("key %d: made %d times (views of the %dth), want %d", tc.key, made, v[0].Number, tc.made)
		}
		if w := diags.Sorted(); len(w) != 1 || !strings.Contains(w[0].String(), fmt.Sprintf("made %d", tc.made)) {
			t.Errorf("key %d: diagnostics %v", tc.key, w)
		}
	}
}
