// Command breakdown reports where the bytes of a built site go.
//
// Usage (from the repository root):
//
//	go run ./generator/bench/breakdown [-top N] SITE_FOLDER
//
// It walks SITE_FOLDER and prints Markdown tables: files and bytes by file
// type (precompressed .br and .gz copies counted apart from their originals),
// HTML pages and bytes per page kind (content, reference, references,
// section, home, other …) with medians and maxima, bytes per part of a page
// (head, CSP, navigation, table of contents, content, inline citations,
// cited-on-this-page list, backlinks, reference list …) per page kind, and the
// largest pages. Parts are recognized by the landmarks the templates emit
// (see Classify); every byte of a page is counted in exactly one part, and
// markup the classifier does not know lands in its enclosing part, so the
// part totals always add up to the HTML bytes.
//
// It only reads SITE_FOLDER. Errors (an unreadable folder or file) go to
// standard error with exit status 1.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	top := flag.Int("top", 10, "list the N largest HTML pages")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: breakdown [-top N] SITE_FOLDER\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	site, err := scan(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "breakdown:", err)
		os.Exit(1)
	}
	site.write(os.Stdout, *top)
}

// scan reads every file under root, classifying the HTML pages.
func scan(root string) (*Site, error) {
	site := newSite()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		site.addFile(fileType(rel), info.Size())
		if strings.HasSuffix(rel, ".html") {
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			site.addPage(filepath.ToSlash(rel), Classify(src), len(src))
		}
		return nil
	})
	return site, err
}

// fileType is a file's extension, with the original's extension kept for
// precompressed copies (".html.br") so that they are told apart.
func fileType(name string) string {
	ext := filepath.Ext(name)
	if ext == ".br" || ext == ".gz" {
		if inner := filepath.Ext(strings.TrimSuffix(name, ext)); inner != "" {
			return inner + ext
		}
	}
	if ext == "" {
		return "(none)"
	}
	return ext
}
