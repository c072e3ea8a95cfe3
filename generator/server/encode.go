package server

import (
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"

	"ketref/generator/precompress"
)

// Content negotiation. A file that precompress.Worth accepts is served
// with Vary: Accept-Encoding, and in brotli or gzip when the request
// accepts one (brotli preferred at equal weight). The encoded bytes are
// the file's NAME.br or NAME.gz beside it, when a build wrote them and the
// bytes served are the file's own (a file with a .gz and no .br is sent
// gzipped to a client that takes both: the build found brotli larger); otherwise (the preview's files, pages
// with the live-reload script, and a build's pages, which get no forms by
// default) they are compressed on first request and kept by the ETag of
// the bytes they encode, so a rebuild compresses only what changed. Each encoding has its own strong ETag, the
// hash of its bytes. A request with a Range header gets the identity bytes,
// ranges and all: a range of compressed bytes is of use to no browser, and
// a resumed download of the module stays correct.

// negotiate returns the encoding to send for an Accept-Encoding header:
// "br", "gzip" or "" for the identity.
func negotiate(accept string) string {
	br, gz := weights(accept)
	switch {
	case br > 0 && br >= gz:
		return "br"
	case gz > 0:
		return "gzip"
	}
	return ""
}

// weights returns the weights an Accept-Encoding header gives brotli and
// gzip; 0 means not acceptable.
func weights(accept string) (br, gz float64) {
	q := map[string]float64{}
	for _, part := range strings.Split(accept, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		w := 1.0
		for _, param := range strings.Split(params, ";") {
			k, v, _ := strings.Cut(param, "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil || f < 0 || f > 1 {
					f = 0 // unreadable: not acceptable, the identity always is
				}
				w = f
			}
		}
		q[name] = w
	}
	weight := func(enc string) float64 {
		if w, ok := q[enc]; ok {
			return w
		}
		return q["*"]
	}
	br, gz = weight("br"), weight("gzip")
	if gz == 0 {
		if w, ok := q["x-gzip"]; ok {
			gz = w
		}
	}
	return br, gz
}

// ext is the file name suffix of an encoding's precompressed form.
func ext(enc string) string {
	if enc == "br" {
		return ".br"
	}
	return ".gz"
}

// etag is the strong validator of bytes served.
func etag(b []byte) string {
	sum := sha256.Sum256(b)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// maxEncoded bounds the bytes of files whose encoded forms are kept; past
// it the kept forms are dropped and made again as requested, which only
// the preview of a very large site, rebuilt many times, reaches.
const maxEncoded = 256 << 20

// encodings keeps the encoded forms made on request.
type encodings struct {
	mu    sync.Mutex
	forms map[string]*encoded // by the ETag of the bytes encoded
	size  int
}

// encoded is one file's forms, each made once, when first asked for,
// however many requests ask.
type encoded struct {
	br, gz form
}

type form struct {
	once sync.Once
	body []byte // nil when not smaller than the file
	tag  string
}

// form returns the bytes of b in enc and their ETag; ok is false when the
// form is not smaller than b.
func (e *encodings) form(b []byte, tag, enc string) (body []byte, bodyTag string, ok bool) {
	e.mu.Lock()
	if e.forms == nil || e.size+len(b) > maxEncoded {
		e.forms, e.size = map[string]*encoded{}, 0
	}
	x := e.forms[tag]
	if x == nil {
		x = &encoded{}
		e.forms[tag] = x
		e.size += len(b)
	}
	e.mu.Unlock()
	f := &x.gz
	if enc == "br" {
		f = &x.br
	}
	f.once.Do(func() {
		// The build's brotli quality for pages, and gzip's default
		// level, for every file: a request waits for them, and the
		// module at the build's best settings takes seconds (brotli
		// 11) or several (gzip 9, on a loaded machine). The bytes
		// differ a little from a build's; encoding and headers do not.
		if enc == "br" {
			f.body = precompress.Brotli(b, precompress.PageQuality)
		} else {
			f.body = precompress.Gzip(b, gzip.DefaultCompression)
		}
		if f.body != nil {
			f.tag = etag(f.body)
		}
	})
	return f.body, f.tag, f.body != nil
}

// serveEncoded answers r with b in the encoding it accepts, and reports
// whether it did; when it did not, the caller serves b as it is. own says
// b is the file's own bytes, so a precompressed form beside it encodes b.
func (h *Handler) serveEncoded(w http.ResponseWriter, r *http.Request, fsys fs.FS, rel string, b []byte, tag string, own bool) bool {
	if !precompress.Worth(rel, len(b)) {
		return false
	}
	w.Header().Set("Vary", "Accept-Encoding")
	if r.Header.Get("Range") != "" {
		return false
	}
	enc := negotiate(r.Header.Get("Accept-Encoding"))
	if enc == "" {
		return false
	}
	var body []byte
	var bodyTag string
	found := false
	if own {
		if pre, err := fs.ReadFile(fsys, rel+ext(enc)); err == nil {
			body, bodyTag, found = pre, etag(pre), true
		} else if _, gz := weights(r.Header.Get("Accept-Encoding")); enc == "br" && gz > 0 {
			// A build writes no .br where brotli loses to gzip
			// (precompress.Encode): its .gz is then the smaller form.
			if pre, err := fs.ReadFile(fsys, rel+".gz"); err == nil {
				enc, body, bodyTag, found = "gzip", pre, etag(pre), true
			}
		}
	}
	if !found {
		if body, bodyTag, found = h.encoded.form(b, tag, enc); !found {
			return false
		}
	}
	hdr := w.Header()
	hdr.Set("ETag", bodyTag)
	if noneMatch(r.Header.Get("If-None-Match"), bodyTag) {
		w.WriteHeader(http.StatusNotModified)
		return true
	}
	ctype := mime.TypeByExtension(path.Ext(rel))
	if ctype == "" {
		ctype = http.DetectContentType(b)
	}
	hdr.Set("Content-Type", ctype)
	hdr.Set("Content-Encoding", enc)
	hdr.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
	return true
}

// noneMatch reports whether an If-None-Match header matches tag, by weak
// comparison as RFC 9110 says for this header.
func noneMatch(header, tag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == tag {
			return true
		}
	}
	return false
}
