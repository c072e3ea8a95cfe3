package wasmbuild

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"ketref/generator/diag"
	"ketref/generator/needs"
)

const root = "../.."

// Budget is the most the calculator module may weigh, brotli-compressed.
const Budget = 500_000

// TestBuildRealModule compiles the calculators, checks the module against
// its size budget, and checks that a second build comes from the cache.
func TestBuildRealModule(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the WebAssembly compile")
	}
	opt := Options{ModuleRoot: root, Package: "./wasm", SourceDir: "wasm", CacheDir: t.TempDir()}
	var diags diag.List
	m, err := Build(context.Background(), opt, &diags)
	if err != nil {
		t.Fatalf("%v\n%v", err, diags.Err(false))
	}
	if !bytes.HasPrefix(m.Wasm, []byte("\x00asm")) || m.Cached {
		t.Fatalf("not a fresh WebAssembly module (cached=%v)", m.Cached)
	}
	if !bytes.Contains(m.ExecJS, []byte("Go")) {
		t.Error("wasm_exec.js looks wrong")
	}
	t.Logf("module: %d bytes, %d brotli", len(m.Wasm), m.Brotli)
	if m.Brotli > Budget {
		t.Errorf("module is %d bytes brotli-compressed; the budget is %d", m.Brotli, Budget)
	}
	again, err := Build(context.Background(), opt, &diags)
	if err != nil || !again.Cached || !bytes.Equal(again.Wasm, m.Wasm) || again.Brotli != m.Brotli {
		t.Errorf("second build not served from the cache: %v cached=%v", err, again != nil && again.Cached)
	}
}

func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, s := range files {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestKeyFollowsSources: the cache key changes with any file under the
// source folder and with go.mod, and with nothing else.
func TestKeyFollowsSources(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"go.mod": "module m\n\ngo 1.26\n", "wasm/main.go": "package main\n\nfunc main() {}\n", "other/x.go": "package other\n",
	})
	opt := Options{ModuleRoot: dir, Package: "./wasm", SourceDir: "wasm"}
	key := func() string {
		k, err := opt.Key(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	k1 := key()
	if err := os.WriteFile(filepath.Join(dir, "other", "x.go"), []byte("package other // changed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if key() != k1 {
		t.Error("a file outside the source folder changed the key")
	}
	if err := os.WriteFile(filepath.Join(dir, "wasm", "rules.go"), []byte("package main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	k2 := key()
	if k2 == k1 {
		t.Error("a new file under wasm/ kept the key")
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module m\n\ngo 1.26.0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if key() == k2 {
		t.Error("a change to go.mod kept the key")
	}
}

func TestCompileErrorIsLocated(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	dir := writeModule(t, map[string]string{
		"go.mod":       "module m\n\ngo 1.26\n",
		"wasm/main.go": "package main\n\nfunc main() {\n\tundefinedThing()\n}\n",
	})
	var diags diag.List
	_, err := Build(context.Background(), Options{ModuleRoot: dir, Package: "./wasm", SourceDir: "wasm", CacheDir: t.TempDir()}, &diags)
	if err == nil {
		t.Fatal("broken module compiled")
	}
	if got := diags.Err(false); got == nil || !strings.Contains(got.Error(), "wasm/main.go:4:2: calculator module: undefined: undefinedThing") {
		t.Errorf("diagnostics = %v", got)
	}
}

// TestBridgeUnderNode runs the bridge's own tests (wasm/main_test.go) as
// WebAssembly in Node.js, through Go's go_js_wasm_exec.
func TestBridgeUnderNode(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	needs.Command(t, "node", "apt-get install -y nodejs (go_js_wasm_exec runs WebAssembly in it)")
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "test", "-count=1", "-exec="+filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "go_js_wasm_exec"), "./wasm")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "ok") {
		t.Fatalf("bridge tests under node: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
