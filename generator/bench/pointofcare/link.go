package main

import (
	"net/http"
	"sync"
	"time"
)

// link shapes the server's responses as one mobile downlink: every request
// waits one round trip before its first byte (the request going up, the
// first byte coming down), and the bytes of all responses share one rate,
// as the responses of a page, its calculators' worker and its service
// worker share a phone's connection.
//
// Chromium's network emulation is applied to a tab's own requests; the
// requests of a dedicated worker and of a service worker are their own
// targets, and measured with emulation alone the first visit fetched the
// 499 KB module faster than 1.6 Mbps allows (1.7 s for everything). At
// the server nothing escapes the shaping. A new connection's handshake is
// not delayed: at most six are opened per origin, each saving one round
// trip here.
type link struct {
	rtt  time.Duration
	rate float64 // bytes per second

	mu   sync.Mutex
	free time.Time // when the downlink has sent everything reserved
}

func (l *link) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(l.rtt)
		h.ServeHTTP(&pacedWriter{ResponseWriter: w, link: l}, r)
	})
}

// reserve books n bytes on the downlink and returns when they have gone.
func (l *link) reserve(n int) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now := time.Now(); l.free.Before(now) {
		l.free = now
	}
	l.free = l.free.Add(time.Duration(float64(n) / l.rate * float64(time.Second)))
	return l.free
}

type pacedWriter struct {
	http.ResponseWriter
	link *link
}

// Write sends b in slices of 8 KB, each when the downlink has carried it.
func (p *pacedWriter) Write(b []byte) (int, error) {
	sent := 0
	for len(b) > 0 {
		n := min(len(b), 8<<10)
		time.Sleep(time.Until(p.link.reserve(n)))
		m, err := p.ResponseWriter.Write(b[:n])
		sent += m
		if err != nil {
			return sent, err
		}
		if f, ok := p.ResponseWriter.(http.Flusher); ok {
			f.Flush()
		}
		b = b[n:]
	}
	return sent, nil
}
