package changes

import "sort"

// placedChange is a change with its place in the new document order:
// anchor is the new position it stands at, or, when after is set, the new
// position it follows (-1: the start); seq orders removed items among
// themselves by their old position.
type placedChange struct {
	anchor int
	after  bool
	seq    int
	change Change
}

func sortPlaced(placed []placedChange) []Change {
	sort.SliceStable(placed, func(i, j int) bool {
		a, b := placed[i], placed[j]
		if a.anchor != b.anchor {
			return a.anchor < b.anchor
		}
		if a.after != b.after {
			return !a.after
		}
		return a.seq < b.seq
	})
	out := make([]Change, len(placed))
	for i, p := range placed {
		out[i] = p.change
	}
	return out
}

// compareKeyed matches old and new items by key (the first unmatched old
// item of a key, so repeated keys pair in order) and returns, in new order
// with removed items placed after what the item before them became: the
// changes that differ reports for matched items, then added and removed.
func compareKeyed(nOld, nNew int, oldKey, newKey func(int) string,
	differ func(o, n int) (Change, bool), added func(n int) Change, removed func(o int) Change) []Change {
	queues := map[string][]int{}
	for o := 0; o < nOld; o++ {
		k := oldKey(o)
		queues[k] = append(queues[k], o)
	}
	newOfOld := make([]int, nOld)
	for i := range newOfOld {
		newOfOld[i] = -1
	}
	var placed []placedChange
	for n := 0; n < nNew; n++ {
		k := newKey(n)
		q := queues[k]
		if len(q) == 0 {
			placed = append(placed, placedChange{anchor: n, change: added(n)})
			continue
		}
		queues[k] = q[1:]
		newOfOld[q[0]] = n
		if c, ok := differ(q[0], n); ok {
			placed = append(placed, placedChange{anchor: n, change: c})
		}
	}
	anchor := -1
	for o := 0; o < nOld; o++ {
		if newOfOld[o] >= 0 {
			anchor = newOfOld[o]
			continue
		}
		placed = append(placed, placedChange{anchor: anchor, after: true, seq: o, change: removed(o)})
	}
	return sortPlaced(placed)
}
