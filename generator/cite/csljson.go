package cite

import (
	"bytes"
	"encoding/json"
)

// cslJSON exports the bibliography as CSL-JSON, each entry as written in
// references.json, re-indented.
type cslJSON struct{}

func (cslJSON) Name() string      { return "CSL-JSON" }
func (cslJSON) File() string      { return "references.json" }
func (cslJSON) MediaType() string { return "application/vnd.citationstyles.csl+json" }

// Export returns the bibliography as CSL-JSON, each entry as written in
// references.json.
func (cslJSON) Export(b *Bibliography) []byte {
	var buf bytes.Buffer
	buf.WriteString("[\n")
	for i, e := range b.Entries {
		var entry bytes.Buffer
		if err := json.Indent(&entry, e.Raw, "  ", "  "); err != nil {
			entry.Write(e.Raw)
		}
		buf.WriteString("  ")
		buf.Write(entry.Bytes())
		if i+1 < len(b.Entries) {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
	}
	buf.WriteString("]\n")
	return buf.Bytes()
}
