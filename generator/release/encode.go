package release

import (
	"bytes"
	"encoding/json"

	"ketref/generator/snapshot"
)

// Encode writes s in the release file format (see the package doc). The
// same snapshot always gives the same bytes.
func Encode(s *snapshot.Snapshot) []byte {
	var b bytes.Buffer
	b.WriteString("{\n")
	writeKey(&b, "version", s.Version, false)
	writeKey(&b, "date", s.Date, false)
	if s.Note != "" {
		writeKey(&b, "note", s.Note, false)
	}
	if s.Previous != "" {
		writeKey(&b, "previous", s.Previous, false)
	}
	writeArray(&b, "references", s.References, false)
	writeArray(&b, "claims", s.Claims, false)
	writeArray(&b, "figures", s.Figures, false)
	writeArray(&b, "rules", s.Rules, true)
	b.WriteString("}\n")
	return b.Bytes()
}

func writeKey(b *bytes.Buffer, key string, value any, last bool) {
	b.WriteString("  ")
	b.Write(compact(key))
	b.WriteString(": ")
	b.Write(compact(value))
	endLine(b, last)
}

func writeArray[T any](b *bytes.Buffer, key string, items []T, last bool) {
	b.WriteString("  ")
	b.Write(compact(key))
	if len(items) == 0 {
		b.WriteString(": []")
		endLine(b, last)
		return
	}
	b.WriteString(": [\n")
	for i := range items {
		b.WriteString("    ")
		b.Write(compact(items[i]))
		endLine(b, i == len(items)-1)
	}
	b.WriteString("  ]")
	endLine(b, last)
}

func endLine(b *bytes.Buffer, last bool) {
	if !last {
		b.WriteByte(',')
	}
	b.WriteByte('\n')
}

// compact is v as JSON on one line, with <, > and & as they are: a
// release file is read by people and by git, never embedded in HTML.
func compact(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Strings, ints and slices of them always encode.
		panic("release: encoding " + err.Error())
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
