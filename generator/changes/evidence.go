package changes

import (
	"sort"
	"strconv"

	"ketref/generator/snapshot"
)

// compareReferences applies rule 4, ordered by number.
func compareReferences(old, new []snapshot.Reference) []Change {
	oldByKey := make(map[string]snapshot.Reference, len(old))
	for _, r := range old {
		if _, dup := oldByKey[r.Key]; !dup {
			oldByKey[r.Key] = r
		}
	}
	type numbered struct {
		number int
		change Change
	}
	var out []numbered
	inNew := make(map[string]bool, len(new))
	for _, r := range new {
		if inNew[r.Key] {
			continue
		}
		inNew[r.Key] = true
		base := Change{Subject: Reference, Key: r.Key, Label: strconv.Itoa(r.Number), New: r.Text}
		was, ok := oldByKey[r.Key]
		if !ok {
			c := base
			c.Kind = Added
			out = append(out, numbered{r.Number, c})
			continue
		}
		base.Old = was.Text
		if was.Text != r.Text {
			c := base
			c.Kind, c.Words = Changed, Words(was.Text, r.Text)
			out = append(out, numbered{r.Number, c})
		}
		if was.Number != r.Number {
			c := base
			c.Kind, c.Note = Renumbered, "renumbered "+strconv.Itoa(was.Number)+" -> "+strconv.Itoa(r.Number)
			out = append(out, numbered{r.Number, c})
		}
		if was.Withdrawn != r.Withdrawn {
			c := base
			switch {
			case was.Withdrawn == "":
				c.Kind, c.Note = Withdrawn, "withdrawn: "+r.Withdrawn
			case r.Withdrawn == "":
				c.Kind, c.Note, c.Words = Changed, "no longer withdrawn", Words(was.Text, r.Text)
			default:
				c.Kind, c.Note, c.Words = Changed, "withdrawn: "+r.Withdrawn, Words(was.Text, r.Text)
			}
			out = append(out, numbered{r.Number, c})
		}
	}
	for _, r := range old {
		if !inNew[r.Key] {
			inNew[r.Key] = true // report a repeated old key once
			out = append(out, numbered{r.Number, Change{Subject: Reference, Kind: Removed, Key: r.Key,
				Label: strconv.Itoa(r.Number), Old: r.Text}})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].number < out[j].number })
	changes := make([]Change, len(out))
	for i, n := range out {
		changes[i] = n.change
	}
	return changes
}

// compareData applies rule 5 to figure data.
func compareData(old, new []snapshot.Datum) []Change {
	key := func(d snapshot.Datum) string { return d.Page + "\x00" + d.Figure + "\x00" + d.Label }
	entry := func(d snapshot.Datum, kind Kind) Change {
		return Change{Subject: Figure, Kind: kind, Page: d.Page, Key: d.Figure, Label: d.Label}
	}
	return compareKeyed(len(old), len(new),
		func(o int) string { return key(old[o]) },
		func(n int) string { return key(new[n]) },
		func(o, n int) (Change, bool) {
			c := entry(new[n], Changed)
			return valueChange(c, old[o].Value, new[n].Value, old[o].Cites, new[n].Cites)
		},
		func(n int) Change {
			c := entry(new[n], Added)
			c.New, c.NewCites = new[n].Value, new[n].Cites
			return c
		},
		func(o int) Change {
			c := entry(old[o], Removed)
			c.Old, c.OldCites = old[o].Value, old[o].Cites
			return c
		})
}

// compareRules applies rule 5 to calculator rules.
func compareRules(old, new []snapshot.Rule) []Change {
	key := func(r snapshot.Rule) string { return r.Calculator + "\x00" + r.Group + "\x00" + r.Label }
	entry := func(r snapshot.Rule, kind Kind) Change {
		return Change{Subject: Rule, Kind: kind, Key: r.Calculator + "/" + r.Group, Label: r.Label}
	}
	return compareKeyed(len(old), len(new),
		func(o int) string { return key(old[o]) },
		func(n int) string { return key(new[n]) },
		func(o, n int) (Change, bool) {
			c := entry(new[n], Changed)
			return valueChange(c, old[o].Value, new[n].Value, old[o].Sources, new[n].Sources)
		},
		func(n int) Change {
			c := entry(new[n], Added)
			c.New, c.NewCites = new[n].Value, new[n].Sources
			return c
		},
		func(o int) Change {
			c := entry(old[o], Removed)
			c.Old, c.OldCites = old[o].Value, old[o].Sources
			return c
		})
}

// valueChange fills c for a datum or rule whose value or citations may
// have changed, and reports whether anything did.
func valueChange(c Change, oldValue, newValue string, oldCites, newCites []string) (Change, bool) {
	citesDiffer := !equalStrings(oldCites, newCites)
	if oldValue == newValue && !citesDiffer {
		return c, false
	}
	c.Old, c.New, c.Words = oldValue, newValue, Words(oldValue, newValue)
	if citesDiffer {
		c.OldCites, c.NewCites = oldCites, newCites
		if oldValue == newValue {
			c.Note = "citations only"
		} else {
			c.Note = citesNote(oldCites, newCites)
		}
	}
	return c, true
}
