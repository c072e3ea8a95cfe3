package figure

import "strings"

// A kind is one sort of figure: it checks the data items and draws them.
// Each kind lives in its own file; adding one is that file and its line
// in kinds().
type kind interface {
	// check validates data item i of spec, whose numbers are known to
	// be finite, and returns what is wrong with it ("" when nothing). The
	// message starts "data item N" and is located on the item's line.
	check(spec *Spec, i int) string
	// draw writes the SVG, with "\x00" where its accessible name goes
	// inside the opening tag, and the same data as a table; it returns
	// the description a screen reader reads for the drawing.
	draw(svg *strings.Builder, table *dataTable, spec *Spec) string
}

// A scaledKind draws its values along a numeric axis, whose geometry Parse
// checks for overflow.
type scaledKind interface {
	kind
	// scaled returns the values of it that are drawn, by key, and the one
	// that sets the axis's extent.
	scaled(it Item) (drawn []keyed, scale float64)
}

// A wholeKind checks relations between items once each item is valid.
type wholeKind interface {
	kind
	// checkAll returns the item at fault and the message, or "".
	checkAll(spec *Spec) (item int, msg string)
}

// keyed is a value of an item with its key, for messages about it.
type keyed struct {
	key string
	v   float64
}

// namedKind is a kind with the name a block gives in its kind key.
type namedKind struct {
	name string
	kind kind
}

// kinds lists the figure kinds, in the order messages list them. A new kind
// is its file and its line here.
func kinds() []namedKind {
	return []namedKind{
		{"range", rangeKind{}},
		{"bars", barsKind{}},
		{"timeline", timelineKind{}},
		{"schedule", scheduleKind{}},
	}
}

// kindNamed returns the kind called name, or nil.
func kindNamed(name string) kind {
	for _, k := range kinds() {
		if k.name == name {
			return k.kind
		}
	}
	return nil
}

func kindNames() string {
	var names []string
	for _, k := range kinds() {
		names = append(names, k.name)
	}
	return strings.Join(names, ", ")
}
