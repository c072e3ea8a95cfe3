package server

import (
	"bytes"
	"strings"
)

// inject puts the live-reload script into an HTML page, before </body>.
func inject(page []byte) []byte {
	const tag = `<script src="/__livereload.js" defer></script>`
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(append([]byte(nil), page...), tag...)
	}
	var b bytes.Buffer
	b.Grow(len(page) + len(tag))
	b.Write(page[:i])
	b.WriteString(tag)
	b.Write(page[i:])
	return b.Bytes()
}

func isHTML(name string) bool { return strings.HasSuffix(name, ".html") }
