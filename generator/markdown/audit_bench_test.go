package markdown

import (
	"strings"
	"testing"
)

// BenchmarkAuditInputs converts the inputs an audit found slow: many
// tables, a long page without headings, deep nesting (now refused before
// goldmark). Run with -benchtime 1x; the README gives before and after.
func BenchmarkAuditInputs(b *testing.B) {
	inputs := []struct {
		name string
		src  string
	}{
		{"tables-8000", strings.Repeat("| a |\n|---|\n| 1 |\n\n", 8000)},
		{"tables-16000", strings.Repeat("| a |\n|---|\n| 1 |\n\n", 16000)},
		{"no-headings-2.8MB", strings.Repeat("A paragraph of some forty or fifty bytes.\n\n", 2800000/44)},
		{"nested-lists-100000", strings.Repeat("- ", 100000) + "x\n"},
		{"quotes-1MB", strings.Repeat(">", 1<<20) + " x\n"},
	}
	conv := New(Options{})
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			for range b.N {
				if _, err := conv.Convert(Document{Source: []byte(in.src)}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
