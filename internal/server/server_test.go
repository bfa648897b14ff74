package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"

	"wijkregie"
	"wijkregie/internal/api"
	"wijkregie/internal/app"
	"wijkregie/internal/auth"
	"wijkregie/internal/demo"
	"wijkregie/internal/locale"
	"wijkregie/internal/metrics"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/route"
	"wijkregie/internal/server"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }

var cheap = auth.Params{Memory: 64, Time: 1, Threads: 1}

type fixture struct {
	svc     *app.Service
	srv     *httptest.Server
	cfg     server.Config
	cookies map[wijkregie.Role]string // session secret per demo role
	tokens  map[wijkregie.Role]string // API token per demo role
}

func newFixture(t testing.TB, s *store.Store) *fixture {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.Load(ctx, s, demo.Options{Households: 10, PasswordParams: cheap}); err != nil {
		t.Fatal(err)
	}
	cat, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{svc: app.New(s, app.Options{PasswordParams: cheap}), cookies: map[wijkregie.Role]string{}, tokens: map[wijkregie.Role]string{}}
	f.cfg = server.Config{App: f.svc, Catalogue: cat, Metrics: metrics.NewRegistry()}
	h, err := server.New(f.cfg)
	if err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(h)
	t.Cleanup(f.srv.Close)
	for _, a := range demo.Accounts() {
		secret, u, err := f.svc.Login(ctx, demo.MunicipalityID, a.Email, demo.Password, "192.0.2.1")
		if err != nil {
			t.Fatalf("login %s: %v", a.Email, err)
		}
		f.cookies[a.Role] = secret
		tok, _, err := f.svc.CreateToken(ctx, wijkregie.ActorOf(u), u.ID, "test")
		if err != nil {
			t.Fatal(err)
		}
		f.tokens[a.Role] = tok
	}
	return f
}

// concrete turns a mux pattern into a request: a method (GET when the
// pattern has none) and a path with every {wildcard} filled by an id that
// exists nowhere.
func concrete(pattern string) (method, path string) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		method, path = "GET", pattern
	}
	path = strings.TrimSuffix(path, "{$}")
	var b strings.Builder
	for {
		i := strings.Index(path, "{")
		if i < 0 {
			b.WriteString(path)
			break
		}
		j := strings.Index(path[i:], "}")
		b.WriteString(path[:i])
		b.WriteString("0190a000-0000-7000-8000-000000000000")
		path = path[i+j+1:]
	}
	return method, b.String()
}

func (f *fixture) do(t *testing.T, set route.Set, method, path string, role wijkregie.Role) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if role != "" {
		if set.Auth == route.Bearer {
			req.Header.Set("Authorization", "Bearer "+f.tokens[role])
		} else {
			req.AddCookie(&http.Cookie{Name: request.SessionCookie, Value: f.cookies[role]})
		}
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// TestNoRouteSkipsThePolicy walks the whole route table. Every route names
// an action the policy knows; without credentials every non-public route
// refuses; and for every role, a route whose action the role lacks answers
// 403 while one it has does not.
func TestNoRouteSkipsThePolicy(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		sets, err := server.Sets(f.cfg)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, set := range sets {
			// Logging out ends the session the later routes need: walk it last.
			routes := slices.Clone(set.Routes)
			slices.SortStableFunc(routes, func(a, b route.Route) int {
				return cmpBool(strings.Contains(a.Pattern, "/uitloggen"), strings.Contains(b.Pattern, "/uitloggen"))
			})
			for _, rt := range routes {
				n++
				if set.Auth == route.Resident {
					// Mijn Plan knows no staff credentials at all: a staff
					// session is sent to the resident's login, not refused
					// by role (TestResidentAccessMatrix).
					if !policy.Known(rt.Action) {
						t.Errorf("%s: action %q is not a policy action", rt.Pattern, rt.Action)
					}
					continue
				}
				if !policy.Known(rt.Action) {
					t.Errorf("%s: action %q is not a policy action", rt.Pattern, rt.Action)
					continue
				}
				if rt.Action == policy.Public {
					continue
				}
				method, path := concrete(rt.Pattern)
				resp := f.do(t, set, method, path, "")
				switch set.Auth {
				case route.Session:
					if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/inloggen") {
						t.Errorf("%s without login = %d %s; want 303 to /inloggen", rt.Pattern, resp.StatusCode, resp.Header.Get("Location"))
					}
				case route.Bearer:
					if resp.StatusCode != http.StatusUnauthorized {
						t.Errorf("%s without token = %d; want 401", rt.Pattern, resp.StatusCode)
					}
				}
				for _, role := range wijkregie.Roles {
					resp := f.do(t, set, method, path, role)
					allowed := policy.Allows(wijkregie.Actor{UserID: "x", Role: role}, rt.Action)
					switch {
					case !allowed && resp.StatusCode != http.StatusForbidden:
						t.Errorf("%s as %s = %d; want 403", rt.Pattern, role, resp.StatusCode)
					case allowed && resp.StatusCode == http.StatusUnauthorized &&
						resp.Header.Get("WWW-Authenticate") == `Bearer error="insufficient_user_authentication"`:
						// Past the role check, the audit log asks for the
						// second factor (RFC 9470 step-up; app/secondfactor.go).
					case allowed && (resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusUnauthorized):
						t.Errorf("%s as %s = %d; the role is allowed, want no 401/403 from the role check", rt.Pattern, role, resp.StatusCode)
					}
				}
			}
		}
		if n < 30 {
			t.Errorf("walked %d routes; want the whole table (30+)", n)
		}
	})
}

func TestOperationsEndpoints(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		for _, p := range []string{"/healthz", "/readyz"} {
			resp, err := http.Get(f.srv.URL + p)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Errorf("GET %s = %d; want 200", p, resp.StatusCode)
			}
		}
		if resp, err := http.Get(f.srv.URL + "/inloggen"); err == nil {
			resp.Body.Close()
		}
		resp, err := http.Get(f.srv.URL + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		want := `wijkregie_http_requests_total{route="GET /inloggen",method="GET",status="200"} 1`
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q:\n%s", want, body)
		}
	})
}

func TestSecurityHeadersAndCrossOriginPosts(t *testing.T) {
	f := newFixture(t, testdb.SQLite(t, testdb.Options{}))
	resp, err := http.Get(f.srv.URL + "/inloggen")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("response lacks %s", h)
		}
	}
	// A form posted from another site is refused before any handler runs.
	req, _ := http.NewRequest("POST", f.srv.URL+"/inloggen", strings.NewReader("email=a&wachtwoord=b"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("cross-site POST /inloggen = %d %s; want the 403 page", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	req, _ = http.NewRequest("POST", f.srv.URL+"/api/v1/teams", strings.NewReader("{}"))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || resp.Header.Get("Content-Type") != "application/problem+json" || resp.Header.Get("API-Version") == "" {
		t.Errorf("cross-site POST /api/v1/teams = %d %q; want 403 problem+json with API-Version", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// Every API response carries the API-Version header, errors included.
	for _, p := range []string{"/api/v1/openapi.json", "/api/v1/teams", "/api/v1/bestaat-niet"} {
		resp, err := http.Get(f.srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("API-Version"); got != api.Version {
			t.Errorf("GET %s: API-Version = %q; want %q", p, got, api.Version)
		}
	}
}
