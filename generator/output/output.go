// Package output receives the files of a build and makes them visible all
// at once, or not at all.
//
// A build writes through a Sink. Two kinds exist: Staging writes into a
// folder beside the output folder and swaps it in (`build`), and Memory
// keeps the files and then serves them as a read-only file system (the
// preview behind `serve`). Every Sink guarantees:
//
//   - Nothing a build writes is visible before Commit returns nil: the
//     output folder, or the Memory as a file system, shows the previous
//     build (or nothing) until then.
//   - Abort, and a Commit that fails, leave the previous output exactly as
//     it was; a failed build never shows half its files.
//   - WriteFile is safe for concurrent use, one call per path; paths are
//     slash-separated and valid for fs.ValidPath, and never the Marker, so
//     a build that the preview accepts is one that `build` accepts.
//   - Files and Bytes count what was written, for the build's summary.
//
// Commit or Abort ends a build: the Sink takes no more writes.
//
// A preview build renders asset URLs as placeholders (Placeholder), so
// that a page rendered once stays valid when only a stylesheet changes;
// Fill puts the URLs in, and a Memory's Snapshot fills every file it
// opens.
//
// Because an output folder is replaced as a whole, Begin first asks Check
// whether it may be (guard.go): never a source folder, anything inside one,
// or a folder holding the project; a folder that exists only if it is
// empty, carries the Marker file every build writes, or looks like a build
// from before the marker. A symbolic link is followed, and everything
// happens beside the folder it leads to.
package output

import (
	"fmt"
	"io/fs"
	"strings"
)

// Writer is what a build writes through; tests substitute failing writers.
type Writer interface {
	WriteFile(rel string, data []byte) error
}

// Sink receives a build's files; see the package doc for what it
// guarantees.
type Sink interface {
	Writer
	// Commit makes everything written visible at once.
	Commit() error
	// Abort discards everything written; once Commit has succeeded it
	// changes nothing.
	Abort() error
	// Files and Bytes count the files and bytes written.
	Files() int64
	Bytes() int64
}

var (
	_ Sink = (*Staging)(nil)
	_ Sink = (*Memory)(nil)
)

// checkPath refuses a path that is not a file's slash-separated path
// inside the output, or that is the Marker's.
func checkPath(rel string) error {
	if !fs.ValidPath(rel) || strings.Contains(rel, "\\") || rel == "." {
		return fmt.Errorf("invalid output path %q", rel)
	}
	if rel == Marker || strings.HasPrefix(rel, Marker+"/") {
		return fmt.Errorf("%s is the name of the file that marks the output folder as the generator's; rename the file", rel)
	}
	return nil
}
