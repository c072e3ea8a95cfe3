package feed

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"ketref/generator/needs"
)

// feedparserScript reads a feed on stdin with the npm package feedparser
// and prints what a feed reader takes from it as JSON. Its one argument
// is the URL the feed was fetched from ("" for none).
const feedparserScript = `const FeedParser = require("feedparser");
const parser = new FeedParser({addmeta: false, feedurl: process.argv[1] || undefined});
const items = [];
let meta = null;
const iso = d => d ? d.toISOString() : null;
parser.on("error", e => { process.stderr.write(String(e)); process.exit(1); });
parser.on("meta", m => { meta = m; });
parser.on("readable", function () {
  let item;
  while ((item = this.read())) {
    items.push({title: item.title, guid: item.guid, link: item.link, pubdate: iso(item.pubdate),
      date: iso(item.date), summary: item.summary, description: item.description});
  }
});
parser.on("end", () => process.stdout.write(JSON.stringify({
  meta: {type: meta["#type"], title: meta.title, link: meta.link, xmlurl: meta.xmlurl,
    author: meta.author, date: iso(meta.date)},
  items})));
process.stdin.pipe(parser);`

type parsedFeed struct {
	Meta struct {
		Type, Title, Link, XMLURL, Author, Date string
	}
	Items []struct {
		Title, GUID, Link, Pubdate, Date, Summary, Description string
	}
}

// TestFeedparser reads the feed with a real feed reader's parser, the npm
// package feedparser (found through NODE_PATH; .ci/run installs it), as a
// reader fetching it from the site would: site paths resolve against
// xml:base when the feed has one, else against the feed's URL.
func TestFeedparser(t *testing.T) {
	node := needs.Command(t, "node", "apt-get install -y nodejs")
	needs.NodeModule(t, "feedparser/package.json", "npm install --prefix DIR feedparser@2.6.0 and set NODE_PATH=DIR/node_modules")

	// feedparser strips markup from titles whatever their type, so the
	// titles here carry quotes and ampersands but no tags; summaries and
	// content carry tags.
	f := small()
	f.Title = `Ketamine & TRD: "changes"`
	f.Entries[0].Title = `Release 1.1 & 'more'`
	f.Entries[0].Summary = `Summary with <script>alert("x")</script> & text`
	f.Entries[0].Content = `<p>Claim <del>old</del><ins>new</ins> &amp; <script>x</script></p>`

	tests := []struct {
		name, base, fetchedFrom, site string
	}{
		{"xml:base", "https://example.org/", "", "https://example.org"},
		{"feed URL", "", "https://mirror.test/changes/feed.xml", "https://mirror.test"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := f
			in.Base = tt.base
			doc, err := Atom(in)
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(node, "-e", feedparserScript, tt.fetchedFrom)
			cmd.Stdin = bytes.NewReader(doc)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("feedparser: %v\n%s", err, stderr.String())
			}
			var got parsedFeed
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			if !strings.Contains(got.Meta.Type, "atom") {
				t.Errorf("feedparser read the feed as %q, not Atom", got.Meta.Type)
			}
			meta := []struct{ name, got, want string }{
				{"title", got.Meta.Title, f.Title},
				{"link", got.Meta.Link, tt.site + "/changes/"},
				{"xmlurl", got.Meta.XMLURL, tt.site + "/changes/feed.xml"},
				{"author", got.Meta.Author, f.Author},
				{"date", got.Meta.Date, "2025-02-01T00:00:00.000Z"},
			}
			for _, c := range meta {
				if c.got != c.want {
					t.Errorf("meta %s = %q, want %q", c.name, c.got, c.want)
				}
			}
			if len(got.Items) != 2 {
				t.Fatalf("%d items, want 2: %s", len(got.Items), out)
			}
			want := []struct{ link, pubdate, date, description string }{
				{tt.site + "/changes/#v1.1", "2025-02-01T00:00:00.000Z", "2025-02-01T08:30:00.000Z", f.Entries[0].Content},
				// Without content or published, feedparser falls back on
				// the summary and the updated date.
				{"https://example.org/changes/#v1.0", "2024-12-20T00:00:00.000Z", "2024-12-20T00:00:00.000Z", f.Entries[1].Summary},
			}
			for i, item := range got.Items {
				fields := []struct{ name, got, want string }{
					{"title", item.Title, f.Entries[i].Title},
					{"guid", item.GUID, f.Entries[i].ID},
					{"link", item.Link, want[i].link},
					{"pubdate", item.Pubdate, want[i].pubdate},
					{"date", item.Date, want[i].date},
					{"summary", item.Summary, f.Entries[i].Summary},
					{"description", item.Description, want[i].description},
				}
				for _, c := range fields {
					if c.got != c.want {
						t.Errorf("item %d %s = %q, want %q", i, c.name, c.got, c.want)
					}
				}
			}
		})
	}
}
