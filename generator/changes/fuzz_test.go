package changes

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"ketref/generator/snapshot"
)

// snapshotFrom reads a tiny line format so that the fuzzer can write
// snapshots: "c<page><section><kind> text|cite,cite" is a claim (page and
// section one character each, kind 's' or 'r'), "r<number> key text" a
// reference, "d<figure><label> value" a datum, "u<group><label> value" a
// rule. Other lines are ignored.
func snapshotFrom(src string) *snapshot.Snapshot {
	s := &snapshot.Snapshot{}
	for _, line := range strings.Split(src, "\n") {
		if len(line) < 4 {
			continue
		}
		rest := line[4:]
		switch line[0] {
		case 'c':
			kind := snapshot.Sentence
			if line[3] == 'r' {
				kind = snapshot.Row
			}
			text, cites, _ := strings.Cut(rest, "|")
			var keys []string
			if cites != "" {
				keys = strings.Split(cites, ",")
			}
			s.Claims = append(s.Claims, snapshot.Claim{Page: line[1:2], Section: line[2:3], Kind: kind, Text: text, Cites: keys})
		case 'r':
			number, _ := strconv.Atoi(line[1:4])
			key, text, _ := strings.Cut(rest, " ")
			s.References = append(s.References, snapshot.Reference{Number: number, Key: key, Text: text})
		case 'd':
			s.Figures = append(s.Figures, snapshot.Datum{Page: "/p/", Figure: line[1:2], Label: line[2:3], Value: rest})
		case 'u':
			s.Rules = append(s.Rules, snapshot.Rule{Calculator: "c", Group: line[1:2], Label: line[2:3], Value: rest})
		}
	}
	return s
}

// FuzzCompare checks what holds for any two snapshots: a snapshot has no
// changes from itself, every change is well formed, and every added or
// removed claim is one of the new or old claims.
func FuzzCompare(f *testing.F) {
	f.Add("cars Ketamine produces a rapid response.|a,b\ncars The effect peaks at 24 hours and fades.|b\nr001 a Berman 2000\nd1x 30%\nu1x 0.5 mg/kg",
		"cars Ketamine gives a fast response.|a,b\ncars The effect peaks at 24 hours.|b\ncars It fades.|b\nr002 a Berman 2000.\nd1x 35%")
	f.Add("cbrr Nausea | 5% | brief|c\ncbrr Dissociation | 8% | brief|c\ncbtr Hypertension | 10%|d",
		"cbtr Dissociation | 8% | brief|c\ncbrr Nausea | 5% | brief|c\ncbrr Hypertension | 10%|d")
	f.Fuzz(func(t *testing.T, oldSrc, newSrc string) {
		old, new := snapshotFrom(oldSrc), snapshotFrom(newSrc)
		if same := Compare(old, old); len(same) != 0 {
			t.Fatalf("a snapshot differs from itself: %+v", same)
		}
		for _, c := range Compare(old, new) {
			checkChange(t, c)
			if c.Subject != Claim {
				continue
			}
			switch c.Kind {
			case Added:
				if !hasClaim(new, c.Page, c.Section, c.New, c.NewCites) {
					t.Fatalf("added claim %+v is not in the new snapshot", c)
				}
			case Removed:
				if !hasClaim(old, c.Page, c.Section, c.Old, c.OldCites) {
					t.Fatalf("removed claim %+v is not in the old snapshot", c)
				}
			}
		}
	})
}

func hasClaim(s *snapshot.Snapshot, page, section, text string, cites []string) bool {
	for _, c := range s.Claims {
		if c.Page == page && c.Section == section && c.Text == text && reflect.DeepEqual(c.Cites, cites) {
			return true
		}
	}
	return false
}
