package cite

import (
	"strconv"
	"strings"

	gast "github.com/yuin/goldmark/ast"
)

// Item is one cited work inside a citation group: `see @key, p. 4` has
// Prefix "see", Key "key" and Locator "p. 4".
type Item struct {
	Prefix  string
	Key     string
	Locator string
}

// KindCitation is the node kind of a citation group.
var KindCitation = gast.NewNodeKind("Citation")

// Citation is an inline node for one bracketed group, `[@a; @b, p. 4]`.
type Citation struct {
	gast.BaseInline
	Items []Item
	// ID is the group's element id on its page ("cite-3"), the target of
	// backlinks; set by the transformer.
	ID string
	// Targets holds the resolved reference of each item (nil when the key
	// is unknown); set by the transformer.
	Targets []*Target
}

// target returns the resolved reference of item i, or nil when it is
// unknown or not resolved yet.
func (n *Citation) target(i int) *Target {
	if i < len(n.Targets) {
		return n.Targets[i]
	}
	return nil
}

// Kind implements ast.Node.
func (n *Citation) Kind() gast.NodeKind { return KindCitation }

// Dump implements ast.Node.
func (n *Citation) Dump(source []byte, level int) {
	var keys []string
	for _, it := range n.Items {
		keys = append(keys, it.Key)
	}
	gast.DumpHelper(n, source, level, map[string]string{"Keys": strings.Join(keys, ";"), "ID": n.ID}, nil)
}

// Target is a resolved reference: its number, where its entry is, and the
// accessible name of a link to it.
type Target struct {
	Key    string
	Number int
	// Href is the URL of the reference's entry in the reference list
	// ("/references/#ref-29"), for links made outside a page's text (calc.js
	// results, refs' JSON); the page's own citations link to its list of
	// cited references instead (see htmlRenderer).
	Href string
	// Label is "McIntyre RS et al., 2021".
	Label string
}

// AccessibleName is what a screen reader announces for a link to t.
func (t *Target) AccessibleName() string {
	return "Reference " + strconv.Itoa(t.Number) + ": " + t.Label
}
