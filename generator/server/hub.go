package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Event is one message of the reload stream.
type Event struct {
	// Type is "reload", "css" or "errors".
	Type string `json:"type"`
	// Build numbers successful builds, so a page that reconnects can tell
	// whether it missed one.
	Build int `json:"build"`
	// Swap lists stylesheets to replace for a CSS-only change.
	Swap []Swap `json:"swap,omitempty"`
	// Errors are the failed build's diagnostics.
	Errors []Problem `json:"errors,omitempty"`
}

// Swap replaces one stylesheet URL by another.
type Swap struct {
	Old string `json:"old"`
	New string `json:"new"`
}

// Problem is a diagnostic for the overlay.
type Problem struct {
	Location string `json:"location"`
	Message  string `json:"message"`
}

// Hub fans build events out to the pages open in browsers, over
// Server-Sent Events. It serves at most MaxClients streams at once, accepts
// only requests from the preview's own origin, and tells each new stream
// the current state (build number and errors), so a page that reconnects
// reloads if it missed a build.
type Hub struct {
	MaxClients int

	mu      sync.Mutex
	clients map[chan Event]bool
	state   Event // last build number and errors
	closed  chan struct{}
	once    sync.Once
}

// NewHub makes a hub for at most max streams.
func NewHub(max int) *Hub {
	return &Hub{MaxClients: max, clients: map[chan Event]bool{}, closed: make(chan struct{})}
}

// Close ends every open stream, so that the server can shut down.
func (h *Hub) Close() { h.once.Do(func() { close(h.closed) }) }

// Publish records the event as the current state and sends it to every
// open stream. A stream that is not keeping up loses the event rather than
// holding up the others; it reloads when it reconnects.
func (h *Hub) Publish(e Event) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.state = Event{Type: "hello", Build: e.Build, Errors: e.Errors}
	n := 0
	for c := range h.clients {
		select {
		case c <- e:
			n++
		default:
		}
	}
	return n
}

// Clients counts the open streams.
func (h *Hub) Clients() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// sameOrigin accepts a request without an Origin (same-origin GETs of
// EventSource may send none) or whose Origin names this host on loopback.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	return u.Host == r.Host && IsLoopbackHost(u.Host)
}

// ServeHTTP streams events to one page.
func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		http.Error(w, "event stream: foreign origin", http.StatusForbidden)
		return
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := make(chan Event, 8)
	h.mu.Lock()
	if len(h.clients) >= h.MaxClients {
		h.mu.Unlock()
		w.Header().Set("Retry-After", "5")
		http.Error(w, "too many open previews", http.StatusServiceUnavailable)
		return
	}
	h.clients[c] = true
	hello := h.state
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.clients, c)
		h.mu.Unlock()
	}()

	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Accel-Buffering", "no")
	hello.Type = "hello"
	send := func(e Event) bool {
		b, err := json.Marshal(e)
		if err != nil {
			return false
		}
		if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.Type, b); err != nil {
			return false
		}
		flusher.Flush()
		return true
	}
	fmt.Fprint(w, "retry: 500\n\n")
	if !send(hello) {
		return
	}
	heartbeat := time.NewTicker(15 * time.Second)
	defer heartbeat.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-h.closed:
			return
		case e := <-c:
			if !send(e) {
				return
			}
		case <-heartbeat.C:
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
				return
			}
			flusher.Flush()
		}
	}
}
