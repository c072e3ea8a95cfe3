package e2e

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// comboState is what assistive technology reads from the search box.
type comboState struct {
	Role, Expanded, Controls, Active, Autocomplete string
	ListRole                                       string
	ActiveExists, ActiveSelected                   bool
	ActiveRole, ActiveHref, Focused                string
	Options, OptionsWithID                         int
	Status                                         string
	StatusExists, StatusLive                       bool
}

const readCombo = `(() => {
	const i = document.getElementById("search-input");
	const controls = i.getAttribute("aria-controls") || "";
	const list = controls ? document.getElementById(controls) : null;
	const activeID = i.getAttribute("aria-activedescendant") || "";
	const active = activeID ? document.getElementById(activeID) : null;
	const opts = list ? list.querySelectorAll("[role=option]") : [];
	const st = document.getElementById("search-live");
	return {
		Role: i.getAttribute("role") || "", Expanded: i.getAttribute("aria-expanded") || "", Controls: controls,
		Active: activeID, Autocomplete: i.getAttribute("aria-autocomplete") || "",
		ListRole: list ? list.getAttribute("role") || "" : "",
		ActiveExists: !!active && !!list && list.contains(active), ActiveSelected: !!active && active.getAttribute("aria-selected") === "true",
		ActiveRole: active ? active.getAttribute("role") || "" : "", ActiveHref: active ? active.getAttribute("href") || "" : "",
		Focused: document.activeElement ? document.activeElement.id : "",
		Options: opts.length, OptionsWithID: Array.prototype.filter.call(opts, o => o.id).length,
		StatusExists: !!st, StatusLive: !!st && (st.getAttribute("role") === "status" || st.getAttribute("aria-live") === "polite"),
		Status: st ? st.textContent : "",
	};
})()`

// TestSearchCombobox: the search box is an ARIA combobox; its result count
// goes into a live region that was already in the page, empty, before the
// first keystroke; the arrow keys move the active option while focus stays
// in the box, and Enter opens the active option.
func TestSearchCombobox(t *testing.T) {
	t.Parallel()
	axe := AxeSource(t)
	base := Serve(t, BuildSite(t))
	ctx := Browser(t, 60*time.Second)
	read := func() comboState {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[comboState](readCombo))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#search-input"))); err != nil {
		t.Fatal(err)
	}
	s := read()
	if !s.StatusExists || !s.StatusLive || s.Status != "" {
		t.Errorf("before typing: status region exists %v, live %v, text %q; want an empty live region", s.StatusExists, s.StatusLive, s.Status)
	}
	if s.Role != "combobox" || s.Expanded != "false" || s.Controls == "" || s.ListRole != "listbox" || s.Autocomplete != "list" {
		t.Errorf("before typing: %+v; want role=combobox, aria-expanded=false, aria-autocomplete=list, aria-controls naming a listbox", s)
	}

	if err := chromedp.Do(ctx, typeText("#search-input", "bioavailability"), chromedp.WaitVisible(chromedp.CSS(".search-hit"))); err != nil {
		t.Fatal(err)
	}
	s = read()
	if s.Expanded != "true" {
		t.Errorf("with results shown aria-expanded = %q", s.Expanded)
	}
	if !regexp.MustCompile(`^\d+\+? results?$`).MatchString(s.Status) {
		t.Errorf("status %q, want the number of results", s.Status)
	}
	if s.Options == 0 || s.OptionsWithID != s.Options {
		t.Errorf("%d options, %d with an id", s.Options, s.OptionsWithID)
	}
	if s.Active != "" {
		t.Errorf("an option is active (%q) before any arrow key", s.Active)
	}

	for i, want := range []int{0, 1} {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
			t.Fatal(err)
		}
		s = read()
		if !s.ActiveExists || !s.ActiveSelected || s.ActiveRole != "option" || s.Focused != "search-input" {
			t.Fatalf("after %d ArrowDown: %+v; want focus in the box and aria-activedescendant on a selected option", i+1, s)
		}
		idx, err := chromedp.Run(ctx, chromedp.Evaluate[int](`Array.prototype.indexOf.call(document.querySelectorAll("#`+s.Controls+` [role=option]"), document.getElementById("`+s.Active+`"))`))
		if err != nil {
			t.Fatal(err)
		}
		if idx != want {
			t.Errorf("after %d ArrowDown the active option is number %d, want %d", i+1, idx, want)
		}
	}
	if n := count(t, ctx, "#search-results [aria-selected=true]"); n != 1 {
		t.Errorf("%d options are selected, want 1", n)
	}

	// axe on the open combobox.
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](axe+`;axe.run({include: [["#search"]]}, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe: %v", err)
	}
	var res axeResult
	if err := json.Unmarshal(raw, &res); err != nil {
		t.Fatal(err)
	}
	for _, v := range res.Violations {
		var where []string
		for _, n := range v.Nodes {
			where = append(where, strings.Join(n.Target, " "))
		}
		t.Errorf("axe on the open combobox: %s: %s at %v", v.ID, v.Help, where)
	}

	// Enter opens the active option (the second), not the first.
	href := s.ActiveHref
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	WaitLocation(t, ctx, href)

	// Escape closes the list and says so.
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("#search-input")), typeText("#search-input", "ketamine"), chromedp.WaitVisible(chromedp.CSS(".search-hit")), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	if s = read(); s.Expanded != "false" || s.Active != "" {
		t.Errorf("after Escape: aria-expanded %q, aria-activedescendant %q", s.Expanded, s.Active)
	}
}
