// Package wasmbuild compiles the calculators to WebAssembly for the site.
//
// Build runs `go build` with GOOS=js GOARCH=wasm, -trimpath and
// -ldflags='-s -w' on the calculator package, and returns the module with
// the wasm_exec.js of the same Go installation (the two must match). The
// compile is skipped when a module built from the same inputs is in the
// cache: the key hashes the Go version, go.mod, go.sum and every file under
// the source folder. Compile errors come back as diagnostics with the
// file:line:col the compiler gave.
package wasmbuild

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"ketref/generator/diag"
	"ketref/generator/precompress"
)

// Options say what to compile.
type Options struct {
	// ModuleRoot is the folder with go.mod.
	ModuleRoot string
	// Package is the package to build, relative to ModuleRoot ("./wasm").
	Package string
	// SourceDir is the folder whose files decide whether to rebuild,
	// relative to ModuleRoot ("wasm").
	SourceDir string
	// CacheDir keeps compiled modules; empty uses the user cache folder.
	CacheDir string
	// Go is the go command; empty means "go" on PATH.
	Go string
}

// Module is a compiled calculator module.
type Module struct {
	Wasm   []byte
	ExecJS []byte
	// Brotli is the size of Wasm compressed with brotli at quality 11.
	Brotli int
	// Cached reports that no compile was needed.
	Cached bool
}

func (o Options) goCmd() string {
	if o.Go != "" {
		return o.Go
	}
	return "go"
}

func (o Options) cacheDir() (string, error) {
	if o.CacheDir != "" {
		return o.CacheDir, nil
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "ketref", "wasm"), nil
}

// env asks the go command for GOVERSION or GOROOT. Starting go costs tens
// of milliseconds, more than the rest of a cached build, so the answers
// are kept in the cache folder, keyed by the go binary's path, size and
// modification time, and by GOROOT/GOTOOLCHAIN in the environment.
func (o Options) env(ctx context.Context, name string) (string, error) {
	var memo string
	if bin, err := exec.LookPath(o.goCmd()); err == nil {
		if fi, err := os.Stat(bin); err == nil {
			if dir, err := o.cacheDir(); err == nil {
				sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%d\x00%d\x00%s\x00%s\x00%s", bin, fi.Size(), fi.ModTime().UnixNano(), os.Getenv("GOROOT"), os.Getenv("GOTOOLCHAIN"), name)))
				memo = filepath.Join(dir, "env-"+hex.EncodeToString(sum[:8]))
				if b, err := os.ReadFile(memo); err == nil && len(b) > 0 {
					return string(b), nil
				}
			}
		}
	}
	out, err := exec.CommandContext(ctx, o.goCmd(), "env", name).Output()
	if err != nil {
		return "", fmt.Errorf("go env %s: %w", name, err)
	}
	v := strings.TrimSpace(string(out))
	if memo != "" && v != "" {
		if err := os.MkdirAll(filepath.Dir(memo), 0o755); err == nil {
			_ = os.WriteFile(memo, []byte(v), 0o644)
		}
	}
	return v, nil
}

// Key hashes everything the module is built from.
func (o Options) Key(ctx context.Context) (string, error) {
	h := sha256.New()
	version, err := o.env(ctx, "GOVERSION")
	if err != nil {
		return "", err
	}
	fmt.Fprintf(h, "go %s\npackage %s\n", version, o.Package)
	for _, f := range []string{"go.mod", "go.sum"} {
		b, err := os.ReadFile(filepath.Join(o.ModuleRoot, f))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		fmt.Fprintf(h, "%s %d\n", f, len(b))
		h.Write(b)
	}
	root := filepath.Join(o.ModuleRoot, o.SourceDir)
	var files []string
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	sort.Strings(files)
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			return "", err
		}
		rel, _ := filepath.Rel(root, p)
		fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(rel), len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:32], nil
}

var compileError = regexp.MustCompile(`^(\S+\.go):(\d+):(\d+): (.*)$`)

// Build compiles the module, or takes it from the cache.
func Build(ctx context.Context, o Options, diags *diag.List) (*Module, error) {
	key, err := o.Key(ctx)
	if err != nil {
		return nil, err
	}
	goroot, err := o.env(ctx, "GOROOT")
	if err != nil {
		return nil, err
	}
	execJS, err := os.ReadFile(filepath.Join(goroot, "lib", "wasm", "wasm_exec.js"))
	if errors.Is(err, fs.ErrNotExist) {
		execJS, err = os.ReadFile(filepath.Join(goroot, "misc", "wasm", "wasm_exec.js")) // before Go 1.24
	}
	if err != nil {
		return nil, fmt.Errorf("wasm_exec.js of %s: %w", goroot, err)
	}
	cache, err := o.cacheDir()
	if err != nil {
		return nil, err
	}
	wasmPath := filepath.Join(cache, key+".wasm")
	sizePath := filepath.Join(cache, key+".brotli")
	if wasm, err := os.ReadFile(wasmPath); err == nil {
		if b, err := os.ReadFile(sizePath); err == nil {
			if n, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
				return &Module{Wasm: wasm, ExecJS: execJS, Brotli: n, Cached: true}, nil
			}
		}
	}

	if err := os.MkdirAll(cache, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(cache, "build-*.wasm")
	if err != nil {
		return nil, err
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	cmd := exec.CommandContext(ctx, o.goCmd(), "build", "-trimpath", "-ldflags=-s -w", "-o", tmp.Name(), o.Package)
	cmd.Dir = o.ModuleRoot
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		reported := false
		for _, line := range strings.Split(stderr.String(), "\n") {
			if m := compileError.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
				ln, _ := strconv.Atoi(m[2])
				col, _ := strconv.Atoi(m[3])
				diags.Errorf(filepath.ToSlash(m[1]), ln, col, "calculator module: %s", m[4])
				reported = true
			}
		}
		if !reported {
			diags.Errorf(o.SourceDir, 0, 0, "compiling the calculators failed: %v\n%s", err, strings.TrimSpace(stderr.String()))
		}
		return nil, errors.New("compile failed")
	}
	wasm, err := os.ReadFile(tmp.Name())
	if err != nil {
		return nil, err
	}
	size, err := BrotliSize(wasm)
	if err != nil {
		return nil, err
	}
	// Publish the cache entry by rename, so a concurrent build never reads
	// half a module.
	if err := os.Rename(tmp.Name(), wasmPath); err != nil {
		return nil, err
	}
	if err := os.WriteFile(sizePath, []byte(strconv.Itoa(size)), 0o644); err != nil {
		return nil, err
	}
	return &Module{Wasm: wasm, ExecJS: execJS, Brotli: size}, nil
}

// BrotliSize compresses b with brotli at its best quality and returns the
// size, as a server with brotli enabled would send it. It compresses
// through the precompress cache (the user cache folder), so that a build
// that writes the module's NAME.br finds it there instead of spending the
// same seconds again.
func BrotliSize(b []byte) (int, error) {
	cache, err := precompress.NewCache("")
	if err != nil {
		cache = nil // compress without a cache
	}
	br := cache.Encode(b, precompress.AssetQuality).Brotli
	if br == nil {
		return len(b), nil // not smaller: sent as it is
	}
	return len(br), nil
}
