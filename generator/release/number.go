package release

import "sort"

// Number gives each key of the current reference list (in file order) its
// stable number: a key numbered in any release keeps its number, withdrawn
// or not; a new key takes the next number never used, in the order given.
// A nil h is an empty history.
func Number(h *History, keys []string) map[string]int {
	out := make(map[string]int, len(keys))
	next := 1
	var known map[string]int
	if h != nil {
		known, next = h.numbers, h.NextNumber()
	}
	for _, k := range keys {
		if _, done := out[k]; done {
			continue
		}
		if n, ok := known[k]; ok {
			out[k] = n
			continue
		}
		out[k] = next
		next++
	}
	return out
}

// Missing returns the keys of the latest release's references, withdrawn
// or not, that keys lacks, in number order: a published reference must
// stay in the list, marked withdrawn if need be, so that its number is
// never given to another. A nil h is an empty history.
func Missing(h *History, keys []string) []string {
	if h == nil || h.Latest() == nil {
		return nil
	}
	have := make(map[string]bool, len(keys))
	for _, k := range keys {
		have[k] = true
	}
	refs := h.Latest().References
	var missing []string
	order := make(map[string]int)
	for _, r := range refs {
		if !have[r.Key] {
			missing = append(missing, r.Key)
			order[r.Key] = r.Number
		}
	}
	sort.SliceStable(missing, func(i, j int) bool { return order[missing[i]] < order[missing[j]] })
	return missing
}

// Since names the release that first numbered key, "" when none did: the
// V of "reference X (number N since release V)".
func (h *History) Since(key string) string { return h.since[key] }
