// Package offline makes a built site installable and readable offline: the
// web app manifest and the service worker, sw.js, whose content the build
// generates from the files it wrote.
//
// The contract:
//
//   - Record remembers the SHA-256 and size of every file a build writes
//     (safe for concurrent use). The service worker is made from it, so an
//     entry's hash is always the hash of the bytes written.
//   - Worker returns sw.js for a Plan: the shell (every static asset, the
//     manifest, the search index and its parts, the offline page) is always
//     precached; the site's pages are precached too when they total at
//     most MaxPageBytes and MaxPages, else they are cached as they are
//     visited. Files ending in .br or .gz (precompressed siblings) are
//     never listed: the browser asks for the plain URL and the host picks
//     the encoding.
//   - Every precache entry carries its size and its SHA-256 (base64). The
//     worker checks each on install, fetches a mismatch once more with
//     cache: "reload", and fails the install if it still differs (the
//     browser tries again at the next navigation or update check); when it
//     serves an entry from the cache it checks it again if the entry is at
//     most VerifyOnServe bytes, deleting a corrupted one and going to the
//     network.
//   - The version is a hash over the list's URLs and hashes; the cache is
//     named by the scope and the version, and on activation every cache of
//     the same scope with another name is deleted.
//   - Fetch handling: a navigation to a precached page is answered from
//     the cache (the page of the build whose assets and rules the worker
//     holds; a newer deploy is found by the browser's update check after
//     the navigation, and the page then shows the update notice); other
//     navigations go to the network first and fall back to the cache after
//     NavigationTimeout (or at once when the network fails), then to the
//     offline page; precached files (hashed assets, the search index as of
//     this build) are served from the cache first. A page the worker
//     controls asks for sw.js (HEAD, past every cache); a 404 or 410 (the
//     preview on the same address, a host that removed the worker)
//     unregisters it, deletes the site's caches and reloads the page from
//     the network (sw-register.js).
//   - A new worker waits: it takes over only when a page posts
//     {type: "skip-waiting"} (the Reload button of sw-register.js), so a
//     page never changes under a reader without being asked.
//
// Manifest returns manifest.webmanifest with its URLs under the site's base
// path.
package offline

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"slices"
	"strings"
	"sync"
)

// Files the build writes at the site root.
const (
	WorkerFile   = "sw.js"
	ManifestFile = "manifest.webmanifest"
	// RegisterScript is the static asset that registers the worker; a
	// theme without it gets no worker.
	RegisterScript = "sw-register.js"
	// OfflinePage is the site path of the page shown for a page that is not
	// cached while offline.
	OfflinePage = "/offline/"
)

// Limits on what a worker precaches. A site whose pages total more than
// MaxPageBytes or number more than MaxPages precaches its shell only, so
// that a first visit does not download tens of megabytes.
const (
	MaxPageBytes = 10 << 20
	MaxPages     = 2000
	// VerifyOnServe is the largest cached entry whose hash is checked
	// again every time it is served: hashing a page or a script costs well
	// under a millisecond, while the calculators' module (megabytes) would
	// delay every calculator start, so it is checked on install only.
	VerifyOnServe = 1 << 20
	// NavigationTimeout is how long a navigation waits for the network
	// before a cached copy is shown (in milliseconds).
	NavigationTimeout = 3000
)

// File is what Record keeps of one written file.
type File struct {
	SHA256 [sha256.Size]byte
	Size   int
	// Page says the file is an HTML page to keep offline: one not marked
	// noindex (as 404.html, the offline page and redirects are).
	Page bool
}

var noindex = []byte(`<meta name="robots" content="noindex">`)

// isPage reads the head of an HTML file for the noindex mark.
func isPage(rel string, data []byte) bool {
	if !strings.HasSuffix(rel, ".html") {
		return false
	}
	head, _, _ := bytes.Cut(data, []byte("</head>"))
	return !bytes.Contains(head, noindex)
}

// Record is the hashes of the files a build wrote.
type Record struct {
	mu    sync.Mutex
	files map[string]File
}

// Add records the file at rel (slash path below the output root). A file
// written again replaces the earlier one.
func (r *Record) Add(rel string, data []byte) {
	f := File{SHA256: sha256.Sum256(data), Size: len(data), Page: isPage(rel, data)}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.files == nil {
		r.files = map[string]File{}
	}
	r.files[rel] = f
}

// Lookup returns the recorded file at rel.
func (r *Record) Lookup(rel string) (File, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f, ok := r.files[rel]
	return f, ok
}

// Target is a file of the site: where it was written and its URL.
type Target struct {
	Path string // output path: "efficacy/index.html", "style.1a2b3c4d.css"
	URL  string // as the site links it: "/sub/efficacy/", "/sub/style.1a2b3c4d.css"
}

// Plan says what a worker caches.
type Plan struct {
	// Scope is the base path: "/" or "/sub/".
	Scope string
	// Shell is precached whatever the site's size.
	Shell []Target
	// Pages are the HTML pages, precached within the limits.
	Pages []Target
	// Offline is the offline page (also in Shell).
	Offline string
	// MaxPageBytes and MaxPages override the package's limits when not
	// zero (tests).
	MaxPageBytes, MaxPages int
}

// Entry is one precached file.
type Entry struct {
	URL    string `json:"url"`
	SHA256 string `json:"sha256"` // standard base64
	Size   int    `json:"size"`
	Page   bool   `json:"page,omitempty"`
}

// Precache is what a worker caches on install.
type Precache struct {
	Entries []Entry
	// PagesPrecached says the pages are in Entries; when false they are
	// cached as they are visited.
	PagesPrecached bool
	// PageBytes and PageCount size the site's pages.
	PageBytes, PageCount int
}

func excluded(p string) bool {
	return strings.HasSuffix(p, ".br") || strings.HasSuffix(p, ".gz")
}

// Precache lists the files of p with their recorded hashes, sorted by URL.
// A target that was not written is left out.
func (r *Record) Precache(p Plan) Precache {
	maxBytes, maxPages := MaxPageBytes, MaxPages
	if p.MaxPageBytes > 0 {
		maxBytes = p.MaxPageBytes
	}
	if p.MaxPages > 0 {
		maxPages = p.MaxPages
	}
	var out Precache
	seen := map[string]bool{}
	add := func(t Target, page bool) {
		f, ok := r.Lookup(t.Path)
		if !ok || excluded(t.Path) || seen[t.URL] {
			return
		}
		seen[t.URL] = true
		out.Entries = append(out.Entries, Entry{URL: t.URL, SHA256: base64.StdEncoding.EncodeToString(f.SHA256[:]), Size: f.Size, Page: page})
	}
	for _, t := range p.Shell {
		add(t, false)
	}
	for _, t := range p.Pages {
		if f, ok := r.Lookup(t.Path); ok {
			out.PageBytes += f.Size
			out.PageCount++
		}
	}
	out.PagesPrecached = out.PageBytes <= maxBytes && out.PageCount <= maxPages
	if out.PagesPrecached {
		for _, t := range p.Pages {
			add(t, true)
		}
	}
	slices.SortFunc(out.Entries, func(a, b Entry) int { return strings.Compare(a.URL, b.URL) })
	return out
}

// Version hashes the entries' URLs and hashes: a build whose files are
// the same bytes at the same URLs has the same version.
func (p Precache) Version() string {
	h := sha256.New()
	for _, e := range p.Entries {
		h.Write([]byte(e.URL))
		h.Write([]byte{0})
		h.Write([]byte(e.SHA256))
		h.Write([]byte{0})
	}
	if p.PagesPrecached {
		h.Write([]byte("pages"))
	}
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:12])
}

// Paths lists the recorded files' paths, sorted.
func (r *Record) Paths() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.files))
	for p := range r.files {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}
