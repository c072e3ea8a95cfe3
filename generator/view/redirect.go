package view

import "html/template"

// Redirect is the page left at an alias (front matter's aliases:): it sends
// the reader to the page at to, titled title, at once. policy is its
// Content-Security-Policy, for its meta tag.
func Redirect(to, title, policy string) []byte {
	esc := template.HTMLEscapeString
	return []byte(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="` + esc(policy) + `">
<title>Moved: ` + esc(title) + `</title>
<link rel="canonical" href="` + esc(to) + `">
<meta http-equiv="refresh" content="0; url=` + esc(to) + `">
<meta name="robots" content="noindex">
</head>
<body><p>This page has moved to <a href="` + esc(to) + `">` + esc(title) + `</a>.</p></body>
</html>
`)
}
