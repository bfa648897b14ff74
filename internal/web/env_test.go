package web_test

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/auth"
	"wijkregie/internal/demo"
	"wijkregie/internal/locale"
	"wijkregie/internal/metrics"
	"wijkregie/internal/server"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }

// cheap makes password hashing fast: the tests log in often.
var cheap = auth.Params{Memory: 64, Time: 1, Threads: 1}

// env is the whole server on a store with the demo municipality.
type env struct {
	store *store.Store
	svc   *app.Service
	cat   *locale.Catalogue
	srv   *httptest.Server
	users map[wijkregie.Role]*wijkregie.User // the documented demo accounts
}

func newEnv(t *testing.T, s *store.Store) *env { return newEnvWith(t, s, false) }

func newEnvWith(t *testing.T, s *store.Store, secureCookies bool) *env {
	t.Helper()
	return newEnvOf(t, s, secureCookies, demo.Options{Households: 30})
}

// newEnvOf is the server on a store with the demo municipality of o (its
// password hashed cheaply).
func newEnvOf(t *testing.T, s *store.Store, secureCookies bool, o demo.Options) *env {
	t.Helper()
	return newEnvServer(t, s, o, server.Config{SecureCookies: secureCookies})
}

// newEnvServer is newEnvOf with the server's settings of sc (its app,
// catalogue and metrics are the env's).
func newEnvServer(t *testing.T, s *store.Store, o demo.Options, sc server.Config) *env {
	t.Helper()
	ctx := context.Background()
	o.PasswordParams = cheap
	if _, err := demo.Load(ctx, s, o); err != nil {
		t.Fatalf("demo.Load: %v", err)
	}
	cat, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	e := &env{store: s, svc: app.New(s, app.Options{PasswordParams: cheap}), cat: cat, users: map[wijkregie.Role]*wijkregie.User{}}
	sc.App, sc.Catalogue, sc.Metrics = e.svc, cat, metrics.NewRegistry()
	h, err := server.New(sc)
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	e.srv = httptest.NewServer(h)
	t.Cleanup(e.srv.Close)
	for _, a := range demo.Accounts() {
		u, err := e.svc.UserByEmail(ctx, wijkregie.SystemActor(demo.MunicipalityID), a.Email)
		if err != nil {
			t.Fatalf("demo account %s: %v", a.Email, err)
		}
		e.users[a.Role] = u
	}
	return e
}

// t is the Dutch text of a catalogue key: tests look for what users read.
func (e *env) t(key string, args ...any) string { return e.cat.T(locale.NL, key, args...) }

// actor returns the actor of a demo role.
func (e *env) actor(role wijkregie.Role) wijkregie.Actor { return wijkregie.ActorOf(e.users[role]) }

// email returns the login of a demo role.
func email(role wijkregie.Role) string {
	for _, a := range demo.Accounts() {
		if a.Role == role {
			return a.Email
		}
	}
	return ""
}

// client is a browser without JavaScript: it keeps cookies and does not
// follow redirects, so tests see each 303.
type client struct {
	e *env
	c *http.Client
}

func (e *env) anon(t *testing.T) *client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &client{e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// as returns a client logged in as the demo account of role, through the
// login form.
func (e *env) as(t *testing.T, role wijkregie.Role) *client {
	t.Helper()
	c := e.anon(t)
	r := c.post(t, "/inloggen", url.Values{"gemeente": {demo.MunicipalityID}, "email": {email(role)}, "wachtwoord": {demo.Password}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("logging in as %s: status %d; want 303", role, r.status)
	}
	return c
}

// response is a read response.
type response struct {
	status int
	header http.Header
	body   string
}

func (c *client) do(t *testing.T, req *http.Request) *response {
	t.Helper()
	resp, err := c.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return &response{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// get requests path; headers are name/value pairs.
func (c *client) get(t *testing.T, path string, headers ...string) *response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.e.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return c.do(t, req)
}

// post submits a form as a browser does; headers are name/value pairs.
func (c *client) post(t *testing.T, path string, form url.Values, headers ...string) *response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.e.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return c.do(t, req)
}

// The HTML checks below find elements by tag, id and attribute in the
// pages the templates write (always double-quoted attributes); there is
// no HTML parser among the module's dependencies.

var (
	startTag  = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*"[^"]*")?)*)\s*/?>`)
	attribute = regexp.MustCompile(`([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*"([^"]*)")?`)
	anyTag    = regexp.MustCompile(`<[^>]*>`)
	spaces    = regexp.MustCompile(`\s+`)
)

// element is a start tag with its position in the page.
type element struct {
	name       string
	attrs      map[string]string
	start, end int // of the start tag
}

// has reports whether the element has the attribute (with any value).
func (el element) has(name string) bool { _, ok := el.attrs[name]; return ok }

// elements returns the start tags of the page, optionally only those named
// tag, that have every attribute of want ("" matches any value).
func elements(body, tag string, want ...string) []element {
	var out []element
	for _, m := range startTag.FindAllStringSubmatchIndex(body, -1) {
		name := strings.ToLower(body[m[2]:m[3]])
		if tag != "" && name != tag {
			continue
		}
		el := element{name: name, attrs: map[string]string{}, start: m[0], end: m[1]}
		for _, a := range attribute.FindAllStringSubmatch(body[m[4]:m[5]], -1) {
			el.attrs[strings.ToLower(a[1])] = html.UnescapeString(a[2])
		}
		ok := true
		for i := 0; i+1 < len(want); i += 2 {
			v, present := el.attrs[want[i]]
			if !present || want[i+1] != "" && v != want[i+1] {
				ok = false
			}
		}
		if ok {
			out = append(out, el)
		}
	}
	return out
}

// byID returns the element with the id.
func byID(t *testing.T, body, id string) element {
	t.Helper()
	els := elements(body, "", "id", id)
	if len(els) != 1 {
		t.Fatalf("page has %d elements with id %q; want 1", len(els), id)
	}
	return els[0]
}

// inner returns the HTML inside an element, up to its matching end tag.
func inner(body string, el element) string {
	open := regexp.MustCompile(`(?i)<(/?)` + el.name + `[\s>]`)
	depth := 1
	for _, m := range open.FindAllStringSubmatchIndex(body[el.end:], -1) {
		if m[3] > m[2] {
			depth--
		} else {
			depth++
		}
		if depth == 0 {
			return body[el.end : el.end+m[0]]
		}
	}
	return body[el.end:]
}

// text returns the visible text of an HTML fragment, with runs of white
// space made one space.
func text(fragment string) string {
	return strings.TrimSpace(spaces.ReplaceAllString(html.UnescapeString(anyTag.ReplaceAllString(fragment, " ")), " "))
}

// textOf returns the text of the element with the id.
func textOf(t *testing.T, body, id string) string {
	t.Helper()
	return text(inner(body, byID(t, body, id)))
}

// texts returns the text of every element named tag.
func texts(body, tag string) []string {
	var out []string
	for _, el := range elements(body, tag) {
		out = append(out, text(inner(body, el)))
	}
	return out
}
