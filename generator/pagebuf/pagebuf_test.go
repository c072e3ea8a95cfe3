package pagebuf

import (
	"bytes"
	"testing"
)

// TestPool: a keeping pool copies bytes with slack and never reuses a
// buffer; a recycling one hands its bytes as they are and takes buffers
// back empty, up to 1 MiB.
func TestPool(t *testing.T) {
	for _, tc := range []struct {
		name     string
		recycle  bool
		copied   bool // Bytes of a buffer with slack copies
		putEmpty bool // a buffer given back is reset
	}{
		{"keep", false, true, false},
		{"recycle", true, false, true},
	} {
		p := &Pool{Recycle: tc.recycle}
		buf := p.Get()
		buf.Grow(1 << 10)
		buf.WriteString("page")
		got := p.Bytes(buf)
		if string(got) != "page" {
			t.Errorf("%s: Bytes = %q", tc.name, got)
		}
		if copied := &got[0] != &buf.Bytes()[0]; copied != tc.copied {
			t.Errorf("%s: copied = %v, want %v", tc.name, copied, tc.copied)
		}
		p.Put(buf)
		if empty := buf.Len() == 0; empty != tc.putEmpty {
			t.Errorf("%s: buffer reset by Put = %v, want %v", tc.name, empty, tc.putEmpty)
		}
		large := bytes.NewBuffer(make([]byte, 0, 2<<20))
		large.WriteString("x")
		p.Put(large)
		if large.Len() == 0 {
			t.Errorf("%s: a buffer over 1 MiB was taken back", tc.name)
		}
	}
	full := &Pool{}
	buf := bytes.NewBuffer(make([]byte, 0, 8))
	buf.WriteString("12345678")
	if got := full.Bytes(buf); &got[0] != &buf.Bytes()[0] {
		t.Error("a keeping pool copied a buffer without slack")
	}
}
