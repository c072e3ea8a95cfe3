package changes

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// reassemble returns the old text (Equal + Delete) and the new text
// (Equal + Insert) of a word diff.
func reassemble(ops []Op) (old, new string) {
	var o, n strings.Builder
	for _, op := range ops {
		switch op.Kind {
		case Equal:
			o.WriteString(op.Text)
			n.WriteString(op.Text)
		case Delete:
			o.WriteString(op.Text)
		case Insert:
			n.WriteString(op.Text)
		}
	}
	return o.String(), n.String()
}

func TestWords(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     []Op
	}{
		{"one word changed", "a dose of 0.5 mg/kg over 40 minutes", "a dose of 0.75 mg/kg over 40 minutes",
			[]Op{{Equal, "a dose of "}, {Delete, "0.5 "}, {Insert, "0.75 "}, {Equal, "mg/kg over 40 minutes"}}},
		{"last word changed", "observed for 2.5 hours", "observed for 2.5 minutes",
			[]Op{{Equal, "observed for 2.5 "}, {Delete, "hours"}, {Insert, "minutes"}}},
		{"same", "no change here.", "no change here.", []Op{{Equal, "no change here."}}},
		{"both empty", "", "", nil},
		{"from nothing", "", "new text", []Op{{Insert, "new text"}}},
		{"to nothing", "old text", "", []Op{{Delete, "old text"}}},
		{"word appended", "fades over weeks", "fades over two weeks",
			[]Op{{Equal, "fades over "}, {Insert, "two "}, {Equal, "weeks"}}},
		{"spacing changed", "raised  blood pressure", "raised blood pressure",
			[]Op{{Equal, "raised"}, {Delete, "  "}, {Insert, " "}, {Equal, "blood pressure"}}},
		{"words replaced in a run", "produces a rapid response", "gives a fast response",
			[]Op{{Delete, "produces "}, {Insert, "gives "}, {Equal, "a "}, {Delete, "rapid "}, {Insert, "fast "}, {Equal, "response"}}},
		{"leading spacing", "  indented", "indented",
			[]Op{{Delete, "  "}, {Equal, "indented"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Words(tt.old, tt.new)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Words(%q, %q)\n got %q\nwant %q", tt.old, tt.new, got, tt.want)
			}
			checkWords(t, tt.old, tt.new, got)
		})
	}
}

// checkWords verifies the contract of a word diff: it reassembles both
// texts, has no empty op, and never two adjacent ops of one kind.
func checkWords(t testing.TB, old, new string, ops []Op) {
	t.Helper()
	if o, n := reassemble(ops); o != old || n != new {
		t.Fatalf("Words(%q, %q) = %q reassembles %q -> %q", old, new, ops, o, n)
	}
	for i, op := range ops {
		if op.Text == "" {
			t.Fatalf("Words(%q, %q) = %q: empty op %d", old, new, ops, i)
		}
		if op.Kind != Equal && op.Kind != Delete && op.Kind != Insert {
			t.Fatalf("Words(%q, %q) = %q: op %d has kind %q", old, new, ops, i, op.Kind)
		}
		if i > 0 && ops[i-1].Kind == op.Kind {
			t.Fatalf("Words(%q, %q) = %q: ops %d and %d are both %q", old, new, ops, i-1, i, op.Kind)
		}
	}
}

// TestWordsReassemblesRandomTexts checks the reassembly property on texts
// drawn from a few words, spaces, tabs, newlines, non-breaking spaces and
// invalid UTF-8, with a fixed seed so that a failure repeats.
func TestWordsReassemblesRandomTexts(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 88))
	pieces := []string{"ketamine", "dose", "2.5", "hours", "a", " ", " ", "  ", "\t", "\n", "\u00a0", "–", "\xff", "."}
	text := func() string {
		var b strings.Builder
		for range rng.IntN(30) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	for range 2000 {
		old, new := text(), text()
		checkWords(t, old, new, Words(old, new))
	}
}

func TestWordsOneWordChange(t *testing.T) {
	words := strings.Fields(base().Claims[0].Text)
	for i := range words {
		changed := append([]string(nil), words...)
		changed[i] = "REPLACED"
		old, new := strings.Join(words, " "), strings.Join(changed, " ")
		ops := Words(old, new)
		var deletes, inserts int
		for _, op := range ops {
			switch op.Kind {
			case Delete:
				deletes++
			case Insert:
				inserts++
			}
		}
		if deletes != 1 || inserts != 1 {
			t.Errorf("word %d changed: %d deletes and %d inserts, want 1 and 1: %q", i, deletes, inserts, ops)
		}
	}
}

func TestWordsBeyondTheTable(t *testing.T) {
	// Texts too long for the table still reassemble, as one change.
	old := strings.Repeat("a ", 1500) + "end"
	new := strings.Repeat("b ", 1500) + "end"
	ops := Words(old, new)
	checkWords(t, old, new, ops)
	if len(ops) != 3 {
		t.Fatalf("got %d ops, want delete, insert, equal", len(ops))
	}
}

func FuzzWords(f *testing.F) {
	b := base()
	f.Add(b.Claims[0].Text, "Ketamine gives a fast antidepressant response within hours of one infusion.")
	f.Add(b.Claims[6].Text, "Patients are observed for 3 hours after each dose because of dissociation and raised blood pressure.")
	f.Add(b.References[0].Text, b.References[0].Text+" doi:10.1016/s0006-3223(99)00230-9")
	f.Add("Dissociation | 8–45% | transient", "Dissociation | 8–40% | transient")
	f.Add("  lead\ttab\n", "lead  tab")
	f.Fuzz(func(t *testing.T, old, new string) {
		checkWords(t, old, new, Words(old, new))
	})
}
