package jsonstr

import (
	"encoding/json"
	"testing"
)

// FuzzAppend: the escaping is encoding/json's, byte for byte, and what dst
// held is kept; the seeds cover each kind of character it escapes.
func FuzzAppend(f *testing.F) {
	for _, s := range []string{"", "plain", `"quoted" \back\slash`, "<script>&amp;</script>", "tab\tnl\ncr\r\b\f\x00\x1f\x7f", "é ü ‹›", "\u2028\u2029", "\xff\xfe bad", "a\xc3", "🙂"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := Append([]byte("x,"), s); string(got) != "x,"+string(want) {
			t.Errorf("Append(\"x,\", %q) = %s, encoding/json gives %s", s, got, want)
		}
	})
}
