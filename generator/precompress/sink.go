package precompress

import (
	"fmt"
	"sync/atomic"

	"ketref/generator/output"
)

// Policy is what a build compresses and where it keeps the forms.
type Policy struct {
	Mode Mode
	// Cache keeps encoded forms; nil compresses every time.
	Cache *Cache
}

// Sink writes through to an output.Sink, and adds the forms Encode makes
// (NAME.br, NAME.gz) beside every file its policy's Mode plans forms for,
// as it is written.
type Sink struct {
	output.Sink
	policy Policy

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
// compresses it and writes the forms before returning. Compressing here,
// on the caller's goroutine (the build writes from a worker per core),
// rather than at Commit keeps no copy of what was written: the search
// index alone is over 100 MB on the 10,000-page corpus, and keeping it to
// compress at the end raised the peak memory by about that and more.
func (s *Sink) WriteFile(rel string, data []byte) error {
	if err := s.Sink.WriteFile(rel, data); err != nil {
		return err
	}
	if q, ok := s.policy.Mode.Plan(rel, len(data)); ok {
		if err := s.compress(job{rel, data, q}); err != nil {
			return fmt.Errorf("compressing %s: %w", rel, err)
		}
	}
	return nil
}

// Commit commits the output; every form was written with its file.
func (s *Sink) Commit() error {
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
