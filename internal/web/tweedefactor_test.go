package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/auth"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// setUpSecondFactor links a TOTP authenticator to the client's account
// through the pages, as a user does, which also steps the session up. It
// returns the key, read from the page as the user reads it.
func (c *client) setUpSecondFactor(t *testing.T) []byte {
	t.Helper()
	if r := c.post(t, "/account/tweede-factor", nil); r.status != http.StatusSeeOther {
		t.Fatalf("POST /account/tweede-factor = %d; want 303", r.status)
	}
	r := c.get(t, "/account/tweede-factor")
	keys := elements(r.body, "code", "class", "sleutel")
	if r.status != http.StatusOK || len(keys) != 1 {
		t.Fatalf("GET /account/tweede-factor = %d with %d keys; want 200 and 1", r.status, len(keys))
	}
	key, err := auth.DecodeTOTPSecret(strings.ReplaceAll(text(inner(r.body, keys[0])), " ", ""))
	if err != nil {
		t.Fatalf("the key shown is not base32: %v", err)
	}
	links := elements(r.body, "a")
	found := false
	for _, a := range links {
		found = found || strings.HasPrefix(a.attrs["href"], "otpauth://totp/Wijkregie:")
	}
	if !found {
		t.Error("the page has no otpauth:// link")
	}
	r = c.post(t, "/account/tweede-factor/bevestigen", url.Values{"code": {auth.TOTP(key, time.Now())}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/account" {
		t.Fatalf("confirming = %d to %q; want 303 to /account", r.status, r.header.Get("Location"))
	}
	return key
}

// stepUp is setUpSecondFactor for tests that only need to read the log.
func (c *client) stepUp(t *testing.T) { t.Helper(); c.setUpSecondFactor(t) }

func TestSecondFactorStepUpPages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		admin := e.as(t, wijkregie.RoleAdmin)

		// Without a second factor the log sends to the step-up page, and
		// that to setting one up, keeping where the user was going.
		r := admin.get(t, "/beheer/auditlog?soort=zoeken")
		stepUpURL := "/account/tweede-factor/controle?terug=" + url.QueryEscape("/beheer/auditlog?soort=zoeken")
		if r.status != http.StatusSeeOther || r.header.Get("Location") != stepUpURL {
			t.Fatalf("GET /beheer/auditlog without step-up = %d to %q; want 303 to %s", r.status, r.header.Get("Location"), stepUpURL)
		}
		r = admin.get(t, stepUpURL)
		if want := "/account/tweede-factor?terug=" + url.QueryEscape("/beheer/auditlog?soort=zoeken"); r.status != http.StatusSeeOther || r.header.Get("Location") != want {
			t.Fatalf("step-up without a factor = %d to %q; want 303 to %s", r.status, r.header.Get("Location"), want)
		}
		// htmx is sent to the step-up as a whole page.
		r = admin.get(t, "/beheer/auditlog?pagina=2", "HX-Request", "true", "HX-Target", "lijst")
		if r.header.Get("HX-Redirect") == "" || strings.Contains(r.body, "<table") {
			t.Errorf("htmx without step-up = %d, HX-Redirect %q", r.status, r.header.Get("HX-Redirect"))
		}

		// A wrong first code stays beside the field, with the input kept.
		admin.post(t, "/account/tweede-factor", nil)
		r = admin.post(t, "/account/tweede-factor/bevestigen", url.Values{"code": {"12345x"}})
		if r.status != http.StatusUnprocessableEntity || textOf(t, r.body, "code-fout") == "" || byID(t, r.body, "code").attrs["value"] != "12345x" {
			t.Errorf("wrong first code = %d; want 422 with the error beside the field and the input kept", r.status)
		}
		admin.setUpSecondFactor(t)
		r = admin.get(t, "/beheer/auditlog?soort=aanmelden")
		if r.status != http.StatusOK || !strings.Contains(text(r.body), e.t("actie.tweede-factor.controleren")) ||
			byID(t, r.body, "filter-soort").name != "select" {
			t.Fatalf("the log after step-up = %d; want 200 with the step-up listed and the kind filter", r.status)
		}
		if strings.Contains(text(r.body), e.t("auditsoort.zoeken")+" "+e.t("actie.huishoudens.zoeken")) {
			t.Error("the kind filter aanmelden shows a search")
		}
		// The account page says until when.
		if r := admin.get(t, "/account/tweede-factor"); !strings.Contains(text(r.body), e.t("tweedefactor.ingesteld")) {
			t.Errorf("the account's second factor page does not say it is set up")
		}

		// Another session of the same user steps up with a code; wrong
		// codes are beside the field and throttled like passwords.
		other := e.as(t, wijkregie.RoleAdmin)
		r = other.get(t, "/account/tweede-factor/controle?terug=/beheer/auditlog")
		if r.status != http.StatusOK || byID(t, r.body, "code").attrs["autocomplete"] != "one-time-code" {
			t.Fatalf("step-up page = %d", r.status)
		}
		for i := range 5 {
			r = other.post(t, "/account/tweede-factor/controle", url.Values{"code": {"000000"}, "terug": {"/beheer/auditlog"}})
			if r.status != http.StatusUnprocessableEntity || textOf(t, r.body, "code-fout") == "" || byID(t, r.body, "code").attrs["value"] != "000000" {
				t.Fatalf("wrong code %d = %d; want 422 beside the field, input kept", i+1, r.status)
			}
		}
		r = other.post(t, "/account/tweede-factor/controle", url.Values{"code": {"000000"}, "terug": {"/beheer/auditlog"}})
		if r.status != http.StatusTooManyRequests || !strings.Contains(textOf(t, r.body, "code-fout"), e.t("fout.te_veel_pogingen")) {
			t.Errorf("sixth code = %d; want 429 with the message beside the field", r.status)
		}
		if r := other.get(t, "/beheer/auditlog"); r.status != http.StatusSeeOther {
			t.Errorf("the log without a step-up after wrong codes = %d; want 303", r.status)
		}

		// Beheer removes a lost factor; the user then sets up a new one.
		path := "/beheer/medewerkers/" + e.users[wijkregie.RoleAdmin].ID + "/tweede-factor/verwijderen"
		if r := admin.post(t, path, nil); r.status != http.StatusSeeOther {
			t.Errorf("removing the factor = %d; want 303", r.status)
		}
		if r := admin.get(t, "/account/tweede-factor"); len(elements(r.body, "form", "action", "/account/tweede-factor")) != 1 ||
			strings.Contains(text(r.body), e.t("tweedefactor.ingesteld")) {
			t.Errorf("after removal the page does not offer a new setup")
		}
		if r := e.as(t, wijkregie.RolePrivacy).post(t, path, nil); r.status != http.StatusForbidden {
			t.Errorf("the privacy officer removing a factor = %d; want 403", r.status)
		}

		// A professional reads no log: no second factor, no step-up page.
		pro := e.as(t, wijkregie.RoleProfessional)
		if r := pro.get(t, "/account/tweede-factor"); r.status != http.StatusForbidden {
			t.Errorf("professional's second factor page = %d; want 403", r.status)
		}
		if r := pro.post(t, "/account/tweede-factor", nil); r.status != http.StatusForbidden {
			t.Errorf("professional setting one up = %d; want 403", r.status)
		}
		if r := pro.get(t, "/account/tweede-factor/controle"); r.status != http.StatusForbidden {
			t.Errorf("professional's step-up page = %d; want 403", r.status)
		}
	})
}
