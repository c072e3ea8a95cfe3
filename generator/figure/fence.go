package figure

import (
	"ketref/generator/cite"
	"ketref/generator/markdown"
)

// Fence renders a ```figure block for the Markdown converter: it draws the
// figure with the id "fig-" and the slug of its title, and records its
// citations on the page like any other group, with the caption's title as
// their context. A problem in the block is a markdown.FenceError at its
// line and column.
func Fence(c markdown.FenceContext) ([]byte, error) {
	spec, err := Parse(c.Body)
	if err != nil {
		if fe, ok := err.(*Error); ok {
			return nil, &markdown.FenceError{Line: fe.Line, Col: fe.Col, Msg: fe.Msg}
		}
		return nil, err
	}
	var cites string
	if len(spec.Citations) > 0 {
		cites = cite.RecordGroup(c.Parser, spec.Citations, c.Offset, c.HeadingID, c.HeadingText, "Figure: "+spec.Title+".")
	}
	return Render(spec, spec.ID(), cites), nil
}
