package offline

import (
	"encoding/json"
	"testing"
)

// TestManifest: start_url, scope and id are the base path (the site's
// own, whatever its origin: "/", "/sub/", or the path of an absolute base
// URL, which the caller passes as its Router's BasePath); the icons are
// the ones given, each with its size and purpose; the short name falls
// back to the name.
func TestManifest(t *testing.T) {
	icons := map[string]string{Icon192: "/sub/icon-192.12345678.png", Icon512: "/sub/icon-512.12345678.png", IconMaskable: "/sub/icon-maskable-512.12345678.png"}
	for _, tt := range []struct {
		name      string
		app       App
		wantShort string
		wantIcons int
	}{
		{"root", App{Name: "Ketamine in TRD", ShortName: "Ketamine", Scope: "/", Icons: map[string]string{Icon192: "/icon-192.12345678.png"}}, "Ketamine", 1},
		{"sub", App{Name: "Ketamine in TRD", Scope: "/sub/", Icons: icons}, "Ketamine in TRD", 3},
		{"absolute base's path", App{Name: "K", Scope: "/review/", Icons: nil}, "K", 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var m struct {
				Name, ShortName, StartURL, Scope, ID, Display, ThemeColor, BackgroundColor string
				Icons                                                                      []icon
			}
			raw := Manifest(tt.app)
			var fields map[string]json.RawMessage
			if err := json.Unmarshal(raw, &fields); err != nil {
				t.Fatalf("%v\n%s", err, raw)
			}
			for k, dst := range map[string]any{"name": &m.Name, "short_name": &m.ShortName, "start_url": &m.StartURL, "scope": &m.Scope, "id": &m.ID,
				"display": &m.Display, "theme_color": &m.ThemeColor, "background_color": &m.BackgroundColor, "icons": &m.Icons} {
				if err := json.Unmarshal(fields[k], dst); err != nil {
					t.Errorf("%s: %v", k, err)
				}
			}
			if m.Name != tt.app.Name || m.ShortName != tt.wantShort || m.StartURL != tt.app.Scope || m.Scope != tt.app.Scope || m.ID != tt.app.Scope ||
				m.Display != "standalone" || m.ThemeColor != LightColor || m.BackgroundColor != LightColor {
				t.Errorf("manifest %+v", m)
			}
			if len(m.Icons) != tt.wantIcons {
				t.Fatalf("icons %+v, want %d", m.Icons, tt.wantIcons)
			}
			for _, i := range m.Icons {
				want := map[string]string{tt.app.Icons[Icon192]: "192x192 any", tt.app.Icons[Icon512]: "512x512 any", tt.app.Icons[IconMaskable]: "512x512 maskable"}[i.Src]
				if i.Sizes+" "+i.Purpose != want || i.Type != "image/png" {
					t.Errorf("icon %+v, want %s", i, want)
				}
			}
		})
	}
}
