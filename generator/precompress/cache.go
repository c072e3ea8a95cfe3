package precompress

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Cache keeps encoded forms in a folder, by the SHA-256 of the input and
// the brotli quality or gzip level. The zero Cache keeps nothing and compresses every
// time.
type Cache struct {
	dir string
}

// cacheVersion names the entry format and the encoders, and Encode's rule
// for which brotli forms it keeps; change it when any of them changes, so
// that old entries are never read. The settings that vary (brotli
// quality, gzip level) are in each entry's name: entries of gzip level 9,
// from before GzipLevel was 6, were named KEY.gz and are never read. v2:
// an empty brotli entry also means a form not smaller than the gzip form,
// or not tried because a probe said so (Encode); v1's brotli entries held
// such forms. v3: brotli's window fits the file (window), which can change
// a form by a byte.
const cacheVersion = "v3"

// NewCache keeps entries under dir; "" means the user cache folder
// (ketref/precompress there), as the calculator module's cache does.
func NewCache(dir string) (*Cache, error) {
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return nil, fmt.Errorf("no cache folder for compressed files: %w", err)
		}
		dir = filepath.Join(base, "ketref", "precompress")
	}
	removeOldVersions(dir)
	dir = filepath.Join(dir, cacheVersion)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the cache folder for compressed files: %w", err)
	}
	return &Cache{dir: dir}, nil
}

// removeOldVersions deletes the folders of the other entry formats in dir
// (v1, v2, ...): no build of this version reads them, and they only grow
// (280 MB of v1 entries on a machine that built the corpora). It runs
// once per version change, since it leaves nothing to find the next time;
// a folder it cannot delete is left.
func removeOldVersions(dir string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range ents {
		if v, ok := strings.CutPrefix(e.Name(), "v"); e.IsDir() && e.Name() != cacheVersion && ok && v != "" && strings.Trim(v, "0123456789") == "" {
			_ = os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

// Encode returns Encode(data, quality), from the cache when it holds it.
// A cache that cannot be written is only slower.
func (c *Cache) Encode(data []byte, quality int) Forms {
	if c == nil || c.dir == "" {
		return Encode(data, quality)
	}
	sum := sha256.Sum256(data)
	key := hex.EncodeToString(sum[:])
	brName := filepath.Join(c.dir, key[:2], key+"-q"+strconv.Itoa(quality)+".br")
	gzName := filepath.Join(c.dir, key[:2], key+"-l"+strconv.Itoa(GzipLevel)+".gz")
	br, brOK := readEntry(brName)
	gz, gzOK := readEntry(gzName)
	if brOK && gzOK {
		return Forms{Brotli: br, Gzip: gz}
	}
	f := Encode(data, quality)
	if err := os.MkdirAll(filepath.Dir(brName), 0o755); err == nil {
		writeEntry(brName, f.Brotli)
		writeEntry(gzName, f.Gzip)
	}
	return f
}

// An entry is the SHA-256 of its payload, then the payload: a form, or
// nothing for a form that Encode did not make (nil).

// readEntry reads an entry; ok is false when it is missing or does not
// hold what its hash says.
func readEntry(name string) (payload []byte, ok bool) {
	b, err := os.ReadFile(name)
	if err != nil || len(b) < sha256.Size {
		return nil, false
	}
	sum := sha256.Sum256(b[sha256.Size:])
	if !bytes.Equal(sum[:], b[:sha256.Size]) {
		return nil, false
	}
	if len(b) == sha256.Size {
		return nil, true
	}
	return b[sha256.Size:], true
}

// writeEntry writes an entry whole, by rename, so that a concurrent reader
// never sees half of one; failures leave no entry.
func writeEntry(name string, payload []byte) {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".tmp-*")
	if err != nil {
		return
	}
	sum := sha256.Sum256(payload)
	_, err = tmp.Write(append(sum[:], payload...))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
	}
}
