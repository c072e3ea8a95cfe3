#!/usr/bin/env python3
"""Estimate what concrete markup changes would save on a built site.

Usage: savings.py SITE_FOLDER

Counts, over every .html file, the bytes of specific attributes and elements
the templates emit (see FINDINGS.md), i.e. the bytes a change that drops or
shortens them would save in the uncompressed HTML. Regex-based on the exact
markup the templates write; run the Go breakdown for the per-part totals.
"""
import os, re, sys

PATTERNS = {
    # inline citations (generator/cite): per link
    "cite: aria-label attr": r' aria-label="Reference [^"]*"',
    "cite: data-ref attr on links": r'(?<=") data-ref="\d+"(?=>\d+</a>)',
    "cite: class=\"cite-ref\"": r' class="cite-ref"',
    "cite: role=\"doc-biblioref\"": r' role="doc-biblioref"',
    "cite: href /references/#ref-N": r' href="/references/#ref-\d+"',
    "cite: span id=\"cite-N\"": r' id="cite-\d+"',
    # cited-on-this-page list (partials/cited.html, view CitedList)
    "cited-list: ref-links span": r' <span class="ref-links"><a href="/references/\d+/">Details and where it is cited</a></span>',
    "cited-list: data-ref attr": r'(?<=") data-ref="\d+"(?=><span class="ref-text">)',
    "cited-list: ref-text": r'<li id="cited-\d+"[^>]*><span class="ref-text">[^<]*</span>',
    # reference pages (reference.html, view CitedAtList)
    "reference: jump paragraphs": r'<p class="jump"><a href="[^"]*">Go to this citation</a></p>',
    "reference: where paragraphs": r'<li><p class="where"><a href="[^"]*">[^<]*</a></p>\n',
    "reference: context blockquotes (without jump)": r'<blockquote class="context"><p>.*?</p>(?=<p class="jump">)',
    "reference: PubMed/Scholar lookup links": r'<a href="https://(?:pubmed|scholar)[^"]*" rel="noopener">[^<]*</a>',
    # /references/ (references.html)
    "references: backlinks spans": r'<span class="backlinks">.*?</span></span>|<span class="backlinks">(?:(?!</li>).)*?</span>\n',
    # every page (base.html)
    "base: search form + noscript + buttons": r'<form class="search".*?</form>\s*<noscript>.*?</noscript>',
    "base: CSP meta": r'<meta http-equiv="Content-Security-Policy"[^>]*>',
    "base: og meta": r'<meta property="og:[^>]*>',
    "base: blank lines": r'\n(?=\n)',
    # home (partials/scholar.html)
    "home: citation_reference meta": r'<meta name="citation_reference"[^>]*>\n',
    # nav (partials/nav.html)
    "nav: expanded section lists": r'<li class="open">.*?</ul></li>',
}


def main():
    root = sys.argv[1]
    totals = {k: [0, 0] for k in PATTERNS}
    compiled = {k: re.compile(v, re.S) for k, v in PATTERNS.items()}
    html = 0
    for d, _, files in os.walk(root):
        for f in files:
            if not f.endswith(".html"):
                continue
            s = open(os.path.join(d, f), encoding="utf-8").read()
            html += len(s.encode())
            for k, rx in compiled.items():
                for m in rx.finditer(s):
                    totals[k][0] += 1
                    totals[k][1] += len(m.group(0).encode())
    print(f"HTML total: {html / 1e6:.2f} MB\n")
    print("| markup | matches | bytes | share of HTML |\n|---|---:|---:|---:|")
    for k, (n, b) in sorted(totals.items(), key=lambda kv: -kv[1][1]):
        print(f"| {k} | {n} | {b / 1e6:.2f} MB | {100 * b / html:.1f}% |")


if __name__ == "__main__":
    main()
