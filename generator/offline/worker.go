package offline

import (
	"bytes"
	_ "embed"
	"encoding/json"
)

//go:embed worker.js
var workerJS []byte

// configMark is where worker.js takes its configuration.
const configMark = "/*CONFIG*/null"

// Worker is a generated service worker.
type Worker struct {
	Precache
	Version string
	// JS is sw.js.
	JS []byte
}

// Worker makes sw.js for p from the recorded files.
func (r *Record) Worker(p Plan) Worker {
	pc := r.Precache(p)
	w := Worker{Precache: pc, Version: pc.Version()}
	entries := pc.Entries
	if entries == nil {
		entries = []Entry{}
	}
	// encoding/json escapes <, > and & and the line separators, so the
	// configuration is a valid script literal whatever the URLs hold.
	cfg, err := json.Marshal(struct {
		Version        string  `json:"version"`
		Scope          string  `json:"scope"`
		Offline        string  `json:"offline"`
		Timeout        int     `json:"timeout"`
		VerifyOnServe  int     `json:"verifyOnServe"`
		PagesPrecached bool    `json:"pagesPrecached"`
		Precache       []Entry `json:"precache"`
	}{w.Version, p.Scope, p.Offline, NavigationTimeout, VerifyOnServe, pc.PagesPrecached, entries})
	if err != nil {
		panic(err) // strings, numbers and booleans always marshal
	}
	w.JS = bytes.Replace(workerJS, []byte(configMark), cfg, 1)
	return w
}
