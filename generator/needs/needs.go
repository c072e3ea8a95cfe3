// Package needs decides what a test does when something it needs from
// outside Go is missing: a command (Chromium, Node.js, Java, Pandoc, vim),
// an npm package on NODE_PATH, or a file kept beside the repository (the
// review's text, the corpus script).
//
// The rule, for every such test: on a developer's machine it skips, with a
// message that names what is missing and says how to install it; when the
// environment variable CI is set (to anything), it fails instead, so CI
// never passes without running it. .ci/run sets CI and installs everything
// these tests ask for.
//
// A test asks once, before it starts work:
//
//	node := needs.Command(t, "node", "apt-get install -y nodejs")
//	axe := needs.NodeModule(t, "axe-core/axe.min.js", "npm install --prefix DIR axe-core@4; NODE_PATH=DIR/node_modules")
//
// and gets back the path to use. Missing is the rule itself, for a test
// that looks for its tool in its own way.
package needs

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Missing applies the rule for what, which is not there: t skips with a
// message saying how to install it, or fails when CI is set. It does not
// return.
func Missing(t testing.TB, what, install string) {
	t.Helper()
	msg := what + " is missing; to run this test: " + install
	if os.Getenv("CI") != "" {
		t.Fatal(msg + " (CI is set, so a missing tool fails the test)")
	}
	t.Skip(msg)
}

// Command returns the path of the command name found on PATH, or applies
// the rule.
func Command(t testing.TB, name, install string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(t, "the command "+name, install)
	}
	return p
}

// NodeModule returns the path of file, a path inside an npm package such
// as "axe-core/axe.min.js", in the first folder of NODE_PATH that has it,
// or applies the rule.
func NodeModule(t testing.TB, file, install string) string {
	t.Helper()
	for _, dir := range filepath.SplitList(os.Getenv("NODE_PATH")) {
		p := filepath.Join(dir, filepath.FromSlash(file))
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	Missing(t, file+" on NODE_PATH", install)
	return ""
}

// File returns path if a file or folder is there, or applies the rule.
func File(t testing.TB, path, install string) string {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		Missing(t, path, install)
	}
	return path
}
