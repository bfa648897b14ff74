package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"wijkregie"
	"wijkregie/internal/demo"
	"wijkregie/internal/request"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

func loginForm(role wijkregie.Role, password, ret string) url.Values {
	v := url.Values{"gemeente": {demo.MunicipalityID}, "email": {email(role)}, "wachtwoord": {password}}
	if ret != "" {
		v.Set("terug", ret)
	}
	return v
}

// sessionCookie returns the Set-Cookie of the session cookie, or nil.
func sessionCookie(r *response) *http.Cookie {
	for _, c := range (&http.Response{Header: r.header}).Cookies() {
		if c.Name == request.SessionCookie {
			return c
		}
	}
	return nil
}

func TestLogin(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		c := e.anon(t)

		r := c.get(t, "/inloggen")
		if r.status != http.StatusOK {
			t.Fatalf("GET /inloggen = %d; want 200", r.status)
		}
		checkPage(t, e, "/inloggen", r)
		// The demo has one municipality: no select, a hidden field.
		if got := elements(r.body, "input", "type", "hidden", "name", "gemeente", "value", demo.MunicipalityID); len(got) != 1 {
			t.Errorf("login form has no hidden gemeente field for the one municipality")
		}
		if got := elements(r.body, "select", "name", "gemeente"); len(got) != 0 {
			t.Errorf("login form has a gemeente select with only one municipality")
		}

		// A wrong password: the form again, with the e-mail address kept and
		// the password not.
		r = c.post(t, "/inloggen", loginForm(wijkregie.RoleProfessional, "verkeerd wachtwoord", "/huishoudens"))
		if r.status != http.StatusUnauthorized {
			t.Fatalf("POST /inloggen with a wrong password = %d; want 401", r.status)
		}
		if sessionCookie(r) != nil {
			t.Error("a failed login set a session cookie")
		}
		if got := byID(t, r.body, "email").attrs["value"]; got != email(wijkregie.RoleProfessional) {
			t.Errorf("email field after a failed login = %q; want the address typed", got)
		}
		if pw := byID(t, r.body, "wachtwoord"); pw.has("value") {
			t.Errorf("password field after a failed login has a value: %v", pw.attrs)
		}
		if got := textOf(t, r.body, "foutoverzicht-kop"); got != e.t("formulier.fouten") {
			t.Errorf("error summary heading = %q", got)
		}
		if !strings.Contains(text(r.body), e.t("fout.inloggen")) {
			t.Errorf("failed login page does not say %q", e.t("fout.inloggen"))
		}
		if got := elements(r.body, "input", "name", "terug", "value", "/huishoudens"); len(got) != 1 {
			t.Errorf("failed login lost the return path")
		}

		// Success: a session cookie as the brief asks, and back to where
		// the user was going.
		r = c.post(t, "/inloggen", loginForm(wijkregie.RoleProfessional, demo.Password, "/huishoudens"))
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/huishoudens" {
			t.Fatalf("POST /inloggen = %d to %q; want 303 to /huishoudens", r.status, r.header.Get("Location"))
		}
		ck := sessionCookie(r)
		if ck == nil {
			t.Fatal("login set no session cookie")
		}
		if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.MaxAge != 0 || !ck.Expires.IsZero() || ck.Secure {
			t.Errorf("session cookie = %+v; want HttpOnly, SameSite=Lax, Path=/, no Max-Age or Expires, not Secure over plain HTTP", ck)
		}
		if r := c.get(t, "/huishoudens"); r.status != http.StatusOK {
			t.Errorf("GET /huishoudens after login = %d; want 200", r.status)
		}

		// Only local paths are followed after login.
		for ret, want := range map[string]string{
			"":                      "/",
			"/beheer/teams":         "/beheer/teams",
			"//evil.example/":       "/",
			"https://evil.example/": "/",
			"/\\evil.example":       "/",
			"javascript:alert(1)":   "/",
		} {
			r := e.anon(t).post(t, "/inloggen", loginForm(wijkregie.RolePolicy, demo.Password, ret))
			if got := r.header.Get("Location"); r.status != http.StatusSeeOther || got != want {
				t.Errorf("login with terug=%q = %d to %q; want 303 to %q", ret, r.status, got, want)
			}
		}
	})
}

func TestLoginThrottled(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	c := e.anon(t)
	for range 5 {
		if r := c.post(t, "/inloggen", loginForm(wijkregie.RolePartner, "verkeerd wachtwoord", "")); r.status != http.StatusUnauthorized {
			t.Fatalf("wrong password = %d; want 401", r.status)
		}
	}
	// Even the right password is refused now.
	r := c.post(t, "/inloggen", loginForm(wijkregie.RolePartner, demo.Password, ""))
	if r.status != http.StatusTooManyRequests {
		t.Fatalf("login after five failures = %d; want 429", r.status)
	}
	if !strings.Contains(text(r.body), e.t("fout.te_veel_pogingen")) {
		t.Errorf("throttled login page does not say %q", e.t("fout.te_veel_pogingen"))
	}
	if sessionCookie(r) != nil {
		t.Error("a throttled login set a session cookie")
	}
}

func TestSecureCookies(t *testing.T) {
	e := newEnvWith(t, testdb.SQLite(t, testdb.Options{}), true)
	r := e.anon(t).post(t, "/inloggen", loginForm(wijkregie.RoleAdmin, demo.Password, ""))
	ck := sessionCookie(r)
	if r.status != http.StatusSeeOther || ck == nil || !ck.Secure {
		t.Errorf("login behind a TLS proxy = %d, cookie %+v; want 303 and a Secure cookie", r.status, ck)
	}
}

func TestLogout(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	c := e.as(t, wijkregie.RoleTeamLead)
	r := c.post(t, "/uitloggen", nil)
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/inloggen" {
		t.Fatalf("POST /uitloggen = %d to %q; want 303 to /inloggen", r.status, r.header.Get("Location"))
	}
	if ck := sessionCookie(r); ck == nil || ck.MaxAge >= 0 {
		t.Errorf("logout cookie = %+v; want the session cookie expired", ck)
	}
	r = c.get(t, "/inloggen")
	if !strings.Contains(text(r.body), e.t("melding.uitgelogd")) {
		t.Errorf("login page after logout does not say %q", e.t("melding.uitgelogd"))
	}
	if r := c.get(t, "/"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/inloggen") {
		t.Errorf("GET / after logout = %d to %q; want 303 to /inloggen", r.status, r.header.Get("Location"))
	}
}

func TestRedirectToLogin(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t, testdb.Options{}))
	c := e.anon(t)
	r := c.get(t, "/beheer/teams?q=iets")
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/inloggen?terug=%2Fbeheer%2Fteams" {
		t.Errorf("GET /beheer/teams without login = %d to %q; want 303 to /inloggen?terug=%%2Fbeheer%%2Fteams (the path only)", r.status, r.header.Get("Location"))
	}
	// The login page carries the return path in its form.
	r = c.get(t, "/inloggen?terug=%2Fbeheer%2Fteams")
	if len(elements(r.body, "input", "name", "terug", "value", "/beheer/teams")) != 1 {
		t.Error("login page lost the return path")
	}
	// A session that is gone: the cookie is dropped too.
	c.c.Jar.SetCookies(mustURL(t, e.srv.URL), []*http.Cookie{{Name: request.SessionCookie, Value: demo.MunicipalityID + ".bestaatnietbestaatnietbestaatnietbestaatniet1"}})
	r = c.get(t, "/account")
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/inloggen?terug=") {
		t.Errorf("GET /account with a stale session = %d to %q; want 303 to the login page", r.status, r.header.Get("Location"))
	}
	// htmx follows redirects itself and would swap the login page into a
	// table: it gets HX-Redirect instead.
	r = c.get(t, "/huishoudens?pagina=2", "HX-Request", "true", "HX-Target", "lijst")
	if r.status != http.StatusUnauthorized || r.header.Get("HX-Redirect") != "/inloggen?terug=%2Fhuishoudens" {
		t.Errorf("htmx GET without login = %d, HX-Redirect %q; want 401 with HX-Redirect to the login page", r.status, r.header.Get("HX-Redirect"))
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
