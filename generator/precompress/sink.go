package precompress

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"ketref/generator/output"
	"ketref/generator/pool"
)

// Policy is what a build compresses and where it keeps the forms.
type Policy struct {
	Mode Mode
	// Cache keeps encoded forms; nil compresses every time.
	Cache *Cache
}

// Sink writes through to an output.Sink, and adds NAME.br and NAME.gz
// beside every file its policy's Mode plans forms for when the build
// commits.
type Sink struct {
	output.Sink
	policy Policy

	mu   sync.Mutex
	jobs []job
	// forms and formBytes count what the Sink added, which Files and
	// Bytes leave out.
	forms, formBytes atomic.Int64
}

type job struct {
	rel     string
	data    []byte
	quality int
}

// NewSink wraps out, compressing what p says.
func NewSink(out output.Sink, p Policy) *Sink {
	return &Sink{Sink: out, policy: p}
}

// WriteFile writes data at rel and, when the policy plans forms for it,
// keeps a copy to compress at Commit (the caller may reuse data once this
// returns).
func (s *Sink) WriteFile(rel string, data []byte) error {
	if err := s.Sink.WriteFile(rel, data); err != nil {
		return err
	}
	if q, ok := s.policy.Mode.Plan(rel, len(data)); ok {
		s.mu.Lock()
		s.jobs = append(s.jobs, job{rel, bytes.Clone(data), q})
		s.mu.Unlock()
	}
	return nil
}

// Commit compresses what was written, the largest first so that no core
// waits on the module at the end, writes the forms and commits.
func (s *Sink) Commit() error {
	s.mu.Lock()
	jobs := s.jobs
	s.jobs = nil
	s.mu.Unlock()
	slices.SortFunc(jobs, func(a, b job) int { return len(b.data) - len(a.data) })
	errs := make([]error, len(jobs))
	pool.Run(len(jobs), func(i int) {
		errs[i] = s.compress(jobs[i])
	}, func(i int, msg string) {
		errs[i] = fmt.Errorf("compressing %s: %s", jobs[i].rel, msg)
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return s.Sink.Commit()
}

func (s *Sink) compress(j job) error {
	f := s.policy.Cache.Encode(j.data, j.quality)
	for _, form := range []struct {
		ext  string
		data []byte
	}{{".br", f.Brotli}, {".gz", f.Gzip}} {
		if form.data == nil {
			continue
		}
		if err := s.Sink.WriteFile(j.rel+form.ext, form.data); err != nil {
			return err
		}
		s.forms.Add(1)
		s.formBytes.Add(int64(len(form.data)))
	}
	return nil
}

// Files counts the build's files, without the compressed forms.
func (s *Sink) Files() int64 { return s.Sink.Files() - s.forms.Load() }

// Bytes counts the build's bytes, without the compressed forms.
func (s *Sink) Bytes() int64 { return s.Sink.Bytes() - s.formBytes.Load() }

// Forms counts the compressed forms written and their bytes.
func (s *Sink) Forms() (files, bytes int64) { return s.forms.Load(), s.formBytes.Load() }
