// Package pagebuf hands out the buffers that pages are rendered into.
// Rendered pages are most of what a build allocates, and what becomes of
// a page's bytes decides how its buffer may be used again:
//
//   - With Recycle set (the sink writes the bytes at once and keeps
//     nothing, as a one-off build to disk does), Get reuses the buffers
//     given back with Put (up to 1 MiB each), and Bytes returns the
//     buffer's bytes as they are.
//   - Without (the sink keeps every file until the next build, as a
//     Project's memory does), Get makes a new buffer, Put drops it, and
//     Bytes copies the bytes when the buffer has more than an eighth of
//     spare room, so that the kept files hold no slack.
//
// A Pool is safe for concurrent use; it must not be copied once used.
package pagebuf

import (
	"bytes"
	"sync"
)

// Pool hands out page buffers; its zero value keeps (see the package
// comment).
type Pool struct {
	Recycle bool
	pool    sync.Pool
}

// Get returns a buffer to render a page into; Put takes it back once the
// page is written.
func (p *Pool) Get() *bytes.Buffer {
	if p.Recycle {
		if buf, ok := p.pool.Get().(*bytes.Buffer); ok {
			return buf
		}
	}
	return new(bytes.Buffer)
}

// Bytes returns what buf holds, for the sink. Without Recycle, buffers
// grown by doubling or sized by a generous hint would hold up to twice
// what a Project keeps (half a gigabyte more at 10000 pages); a recycled
// buffer's bytes are written at once and need no copy.
func (p *Pool) Bytes(buf *bytes.Buffer) []byte {
	data := buf.Bytes()
	if !p.Recycle && cap(data)-len(data) > len(data)/8 {
		return bytes.Clone(data)
	}
	return data
}

// Put gives buf back, once its bytes are written.
func (p *Pool) Put(buf *bytes.Buffer) {
	if p.Recycle && buf.Cap() <= 1<<20 {
		buf.Reset()
		p.pool.Put(buf)
	}
}
