package offline

import "encoding/json"

// Theme colours: the pages' background in the light and the dark theme,
// the values of --bg in templates/static/style.css (a test checks that
// they agree).
const (
	LightColor = "#ffffff"
	DarkColor  = "#0d1117"
)

// Icon source names under templates/static: rendered from favicon.svg
// (README.md, "Offline and installing", says how).
const (
	Icon192      = "icon-192.png"
	Icon512      = "icon-512.png"
	IconMaskable = "icon-maskable-512.png"
)

// App describes the site for its manifest.
type App struct {
	Name, ShortName, Description, Language string
	// Scope is the base path ("/" or "/sub/"): start_url and scope.
	Scope string
	// Icons maps the icon source names above to their URLs; a missing one
	// is left out.
	Icons map[string]string
}

type icon struct {
	Src     string `json:"src"`
	Sizes   string `json:"sizes"`
	Type    string `json:"type"`
	Purpose string `json:"purpose"`
}

// Manifest returns the web app manifest. Its URLs are path-absolute, so
// the manifest is right wherever the site's origin is.
func Manifest(a App) []byte {
	short := a.ShortName
	if short == "" {
		short = a.Name
	}
	icons := []icon{}
	for _, i := range []struct{ name, sizes, purpose string }{
		{Icon192, "192x192", "any"},
		{Icon512, "512x512", "any"},
		{IconMaskable, "512x512", "maskable"},
	} {
		if u := a.Icons[i.name]; u != "" {
			icons = append(icons, icon{u, i.sizes, "image/png", i.purpose})
		}
	}
	b, err := json.MarshalIndent(struct {
		Name            string `json:"name"`
		ShortName       string `json:"short_name"`
		Description     string `json:"description,omitempty"`
		Lang            string `json:"lang,omitempty"`
		ID              string `json:"id"`
		StartURL        string `json:"start_url"`
		Scope           string `json:"scope"`
		Display         string `json:"display"`
		BackgroundColor string `json:"background_color"`
		ThemeColor      string `json:"theme_color"`
		Icons           []icon `json:"icons"`
	}{a.Name, short, a.Description, a.Language, a.Scope, a.Scope, a.Scope, "standalone", LightColor, LightColor, icons}, "", "  ")
	if err != nil {
		panic(err)
	}
	return append(b, '\n')
}
