package needs

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// recorder is a testing.TB that records how a test ended: Skip and Fatal
// stop its goroutine, as the real ones do.
type recorder struct {
	testing.TB
	ended, msg string
}

func (r *recorder) Helper() {}

func (r *recorder) Skip(args ...any) { r.end("skip", args) }

func (r *recorder) Fatal(args ...any) { r.end("fail", args) }

func (r *recorder) end(how string, args []any) {
	r.ended = how
	for _, a := range args {
		r.msg += a.(string)
	}
	runtime.Goexit()
}

// run calls f with a recorder in a goroutine of its own, which Skip and
// Fatal end.
func run(f func(testing.TB) string) (got string, r *recorder) {
	r = &recorder{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		got = f(r)
	}()
	<-done
	return got, r
}

func TestRule(t *testing.T) {
	modules := t.TempDir()
	if err := os.MkdirAll(filepath.Join(modules, "pkg", "dist"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(modules, "pkg", "dist", "x.js"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	nodePath := filepath.Join(t.TempDir(), "empty") + string(filepath.ListSeparator) + modules
	for _, tt := range []struct {
		name  string
		ci    string
		ask   func(testing.TB) string
		ended string // "", "skip" or "fail"
		want  string // the path returned, or a part of the message
	}{
		{"command found", "true", func(t testing.TB) string { return Command(t, "go", "install Go") }, "", "go"},
		{"command missing", "", func(t testing.TB) string { return Command(t, "no-such-command-ketref", "apt-get install x") }, "skip", "the command no-such-command-ketref is missing; to run this test: apt-get install x"},
		{"command missing in CI", "true", func(t testing.TB) string { return Command(t, "no-such-command-ketref", "apt-get install x") }, "fail", "CI is set"},
		{"module in the second folder", "", func(t testing.TB) string { return NodeModule(t, "pkg/dist/x.js", "npm install pkg") }, "", filepath.Join(modules, "pkg", "dist", "x.js")},
		{"module missing", "", func(t testing.TB) string { return NodeModule(t, "pkg/dist/y.js", "npm install pkg") }, "skip", "pkg/dist/y.js on NODE_PATH is missing; to run this test: npm install pkg"},
		{"module missing in CI", "1", func(t testing.TB) string { return NodeModule(t, "pkg/dist/y.js", "npm install pkg") }, "fail", "npm install pkg"},
		{"file found", "", func(t testing.TB) string { return File(t, modules, "copy it") }, "", modules},
		{"file missing", "", func(t testing.TB) string { return File(t, filepath.Join(modules, "nothing"), "copy it") }, "skip", "nothing is missing; to run this test: copy it"},
		{"file missing in CI", "true", func(t testing.TB) string { return File(t, filepath.Join(modules, "nothing"), "copy it") }, "fail", "copy it"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("CI", tt.ci)
			t.Setenv("NODE_PATH", nodePath)
			got, r := run(tt.ask)
			if r.ended != tt.ended {
				t.Fatalf("ended with %q (%s), want %q", r.ended, r.msg, tt.ended)
			}
			if tt.ended == "" {
				if got != tt.want && !strings.HasSuffix(got, string(filepath.Separator)+tt.want) {
					t.Errorf("returned %q, want %q", got, tt.want)
				}
				return
			}
			if !strings.Contains(r.msg, tt.want) {
				t.Errorf("message %q lacks %q", r.msg, tt.want)
			}
		})
	}
}
