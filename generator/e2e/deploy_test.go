package e2e

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"ketref/generator/needs"
)

// TestDeployConfigs serves a built site with the nginx and Caddy
// configurations of README's "Deploying", as printed there (only the
// site's folder and address replaced), and checks what README says they
// do: the build's .br and .gz sent for hashed assets, the one a client
// takes; a file that has a .gz and no .br (the build found brotli larger)
// sent as README says each server sends it; pages compressed on the fly;
// each page's policy (the calculators' with 'wasm-unsafe-eval', none on
// hashed assets); immutable caching of hashed assets; the 404 page.
func TestDeployConfigs(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(Root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	built := BuildOfflineSite(t)
	site := filepath.Join(t.TempDir(), "public")
	if err := os.CopyFS(site, os.DirFS(built)); err != nil {
		t.Fatal(err)
	}
	// The review's files all have both forms; the synthetic corpus's
	// search parts have only a .gz. Make one such file.
	const gzOnly = "/references.json"
	if err := os.Remove(filepath.Join(site, gzOnly+".br")); err != nil {
		t.Fatalf("the build wrote no %s.br: %v", gzOnly, err)
	}
	css := firstMatch(t, site, `^style\.[0-9a-f]{8}\.css$`)

	servers := []struct {
		name  string
		start func(t *testing.T, block, site string) string
		block string
		// pageEnc is what a page is sent in to a client taking br and
		// gzip; gzOnlyEnc what the .gz-only file is sent in.
		pageEnc, gzOnlyEnc string
	}{
		{"nginx", startNginx, fenced(t, readme, "nginx"), "br", "gzip"},
		{"caddy", startCaddy, fenced(t, readme, "caddyfile"), "gzip", "gzip"},
	}
	for _, s := range servers {
		t.Run(s.name, func(t *testing.T) {
			base := s.start(t, s.block, site)
			for _, tt := range []struct {
				path, accept, enc string
				// precompressed names the file whose bytes must be sent
				// as they are ("" when compressed on the fly).
				precompressed string
				csp           string // a part of the policy, or "none"
				cache         string
			}{
				{"/" + css, "br, gzip", "br", css + ".br", "none", "immutable"},
				{"/" + css, "gzip", "gzip", css + ".gz", "none", "immutable"},
				{"/" + css, "", "", "", "none", "immutable"},
				{"/mechanism/", "br, gzip", s.pageEnc, "", "script-src 'self';", ""},
				{"/calculators/dosing/", "br, gzip", s.pageEnc, "", "'wasm-unsafe-eval'", ""},
				{gzOnly, "br, gzip", s.gzOnlyEnc, map[bool]string{true: "references.json.gz"}[s.gzOnlyEnc == "gzip"], "script-src 'self';", ""},
				{gzOnly, "gzip", "gzip", "references.json.gz", "script-src 'self';", ""},
			} {
				name := tt.path + " (" + tt.accept + ")"
				resp, body := get(t, base+tt.path, tt.accept)
				if resp.StatusCode != http.StatusOK {
					t.Errorf("%s: status %d", name, resp.StatusCode)
					continue
				}
				if enc := resp.Header.Get("Content-Encoding"); enc != tt.enc {
					t.Errorf("%s: Content-Encoding %q, want %q", name, enc, tt.enc)
					continue
				}
				file := tt.path
				if strings.HasSuffix(file, "/") {
					file += "index.html"
				}
				want, err := os.ReadFile(filepath.Join(site, file))
				if err != nil {
					t.Fatal(err)
				}
				if tt.precompressed != "" {
					pre, err := os.ReadFile(filepath.Join(site, tt.precompressed))
					if err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(body, pre) {
						t.Errorf("%s: sent %d bytes, not the build's %s (%d bytes)", name, len(body), tt.precompressed, len(pre))
					}
				}
				if got := decodeBody(t, tt.enc, body); !bytes.Equal(got, want) {
					t.Errorf("%s: decodes to %d bytes, not the file's %d", name, len(got), len(want))
				}
				csp := resp.Header.Get("Content-Security-Policy")
				if tt.csp == "none" && csp != "" || tt.csp != "none" && !strings.Contains(csp, tt.csp) {
					t.Errorf("%s: Content-Security-Policy %q, want %q", name, csp, tt.csp)
				}
				if tt.csp != "none" && resp.Header.Get("X-Frame-Options") != "DENY" {
					t.Errorf("%s: X-Frame-Options %q", name, resp.Header.Get("X-Frame-Options"))
				}
				if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, tt.cache) {
					t.Errorf("%s: Cache-Control %q, want %q", name, cc, tt.cache)
				}
			}
			resp, body := get(t, base+"/no/such/page/", "")
			notFound, err := os.ReadFile(filepath.Join(site, "404.html"))
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != http.StatusNotFound || !bytes.Equal(body, notFound) {
				t.Errorf("missing page: status %d, %d bytes, want 404 and the site's 404.html", resp.StatusCode, len(body))
			}
		})
	}
}

// fenced returns the one code block of README in lang.
func fenced(t *testing.T, readme []byte, lang string) string {
	t.Helper()
	blocks := regexp.MustCompile("(?ms)^```"+lang+"\n(.*?)^```").FindAllSubmatch(readme, -1)
	if len(blocks) != 1 {
		t.Fatalf("README has %d %s blocks, want one", len(blocks), lang)
	}
	return string(blocks[0][1])
}

// firstMatch is the name of a file of dir that pattern matches.
func firstMatch(t *testing.T, dir, pattern string) string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(pattern)
	for _, e := range ents {
		if re.MatchString(e.Name()) {
			return e.Name()
		}
	}
	t.Fatalf("no file of %s matches %s", dir, pattern)
	return ""
}

// replaceOnce replaces old, which s must hold, with new.
func replaceOnce(t *testing.T, s, old, new string) string {
	t.Helper()
	if strings.Count(s, old) != 1 {
		t.Fatalf("the README block does not hold %q once", old)
	}
	return strings.Replace(s, old, new, 1)
}

// freePort is a port on 127.0.0.1 that nothing listened on a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func startNginx(t *testing.T, block, site string) string {
	const install = "apt-get install -y nginx-light libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static"
	bin, err := exec.LookPath("nginx")
	if err != nil { // a user's PATH often lacks /usr/sbin
		bin = needs.File(t, "/usr/sbin/nginx", install)
	}
	mods := "/usr/lib/nginx/modules"
	for _, m := range []string{"ngx_http_brotli_filter_module.so", "ngx_http_brotli_static_module.so"} {
		needs.File(t, filepath.Join(mods, m), install)
	}
	dir := t.TempDir()
	port := freePort(t)
	block = replaceOnce(t, block, "root /srv/ketref/public;", "root "+site+";")
	conf := fmt.Sprintf(`load_module %[1]s/ngx_http_brotli_filter_module.so;
load_module %[1]s/ngx_http_brotli_static_module.so;
daemon off;
master_process off;
pid %[2]s/nginx.pid;
error_log %[2]s/error.log;
events {}
http {
include /etc/nginx/mime.types;
default_type application/octet-stream;
access_log off;
client_body_temp_path %[2]s/body;
proxy_temp_path %[2]s/proxy;
fastcgi_temp_path %[2]s/fastcgi;
uwsgi_temp_path %[2]s/uwsgi;
scgi_temp_path %[2]s/scgi;
server {
listen 127.0.0.1:%[3]d;
%[4]s
}
}
`, mods, dir, port, block)
	file := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(file, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	start(t, exec.Command(bin, "-p", dir, "-c", file), filepath.Join(dir, "error.log"), port)
	return fmt.Sprintf("http://127.0.0.1:%d", port)
}

func startCaddy(t *testing.T, block, site string) string {
	bin := needs.Command(t, "caddy", "apt-get install -y caddy")
	dir := t.TempDir()
	port := freePort(t)
	block = replaceOnce(t, block, "example.org {", fmt.Sprintf("http://127.0.0.1:%d {", port))
	block = replaceOnce(t, block, "/srv/ketref/public", site)
	conf := "{\n\tadmin off\n}\n" + block
	file := filepath.Join(dir, "Caddyfile")
	if err := os.WriteFile(file, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "run", "--config", file, "--adapter", "caddyfile")
	cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_DATA_HOME="+dir, "XDG_CONFIG_HOME="+dir)
	start(t, cmd, filepath.Join(dir, "caddy.log"), port)
	return fmt.Sprintf("http://127.0.0.1:%d", port)
}

// start runs cmd until the test ends, its output in logFile, and waits
// until port answers.
func start(t *testing.T, cmd *exec.Cmd, logFile string, port int) {
	t.Helper()
	log, err := os.OpenFile(logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
		_ = log.Close()
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second)
		if err == nil {
			c.Close()
			return
		}
		select {
		case <-exited:
			out, _ := os.ReadFile(logFile)
			t.Fatalf("%s exited before it listened:\n%s", cmd.Path, out)
		default:
		}
		if time.Now().After(deadline) {
			out, _ := os.ReadFile(logFile)
			t.Fatalf("%s did not listen on %d within 30 s:\n%s", cmd.Path, port, out)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// get requests url with accept as Accept-Encoding ("" for none), as sent,
// without the client decoding it.
func get(t *testing.T, url, accept string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", accept)
	if accept == "" {
		req.Header.Set("Accept-Encoding", "identity")
	}
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}, Timeout: 30 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// decodeBody undoes a Content-Encoding.
func decodeBody(t *testing.T, enc string, body []byte) []byte {
	t.Helper()
	var r io.Reader
	switch enc {
	case "":
		return body
	case "br":
		r = brotli.NewReader(bytes.NewReader(body))
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	default:
		t.Fatalf("unexpected Content-Encoding %q", enc)
	}
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return got
}
