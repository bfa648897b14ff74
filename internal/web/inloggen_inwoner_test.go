package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/demo"
	"wijkregie/internal/oidc"
	"wijkregie/internal/oidc/oidctest"
	"wijkregie/internal/request"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// residentWithBSN adds an adult with a BSN below the demo's range to the
// household of the case, and returns the BSN: the DigiD login finds the
// person by it.
func (e *env) residentWithBSN(t *testing.T, caseID string) string {
	t.Helper()
	ctx := context.Background()
	pro := e.actor(wijkregie.RoleProfessional)
	c, err := e.store.R().Case(ctx, demo.MunicipalityID, caseID)
	if err != nil {
		t.Fatal(err)
	}
	born := time.Now().In(amsterdam).AddDate(-38, -1, 0).Format(time.DateOnly)
	for n := 999899990; n > 999800000; n-- {
		bsn := fmt.Sprint(n)
		if _, err := wijkregie.ParseBSN(bsn); err != nil {
			continue
		}
		p, err := e.svc.RegisterPerson(ctx, pro, wijkregie.PersonInput{BSN: bsn, GivenName: "Lotte", FamilyName: "Digid", BirthDate: born}, true)
		if code := wijkregie.ErrorCode(err); code == wijkregie.EINVALID || code == wijkregie.ECONFLICT {
			continue // taken
		}
		if err != nil {
			t.Fatal(err)
		}
		err = e.store.Tx(ctx, func(q *store.Q) error {
			return q.AddMember(ctx, &wijkregie.Member{MunicipalityID: demo.MunicipalityID, HouseholdID: c.HouseholdID, PersonID: p.ID,
				Relation: wijkregie.RelationParent, From: wijkregie.Today(time.Now()).AddDate(-1, 0, 0)})
		})
		if err != nil {
			t.Fatal(err)
		}
		return bsn
	}
	t.Fatal("no free test BSN")
	return ""
}

// setCookie returns the Set-Cookie of the response named name, or nil.
func setCookie(r *response, name string) *http.Cookie {
	for _, c := range (&http.Response{Header: r.header}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// TestResidentDigiDLoginIsBoundToTheBrowser: a DigiD login's state answers
// only in the browser that started it (OpenID Connect Core 3.1.2.1), so a
// link of someone who stopped before the callback logs no one else into
// their Mijn Plan. The start sets a short-lived cookie for /mijnplan/digid;
// a callback without it, or with another login's, gets "Inloggen met DigiD
// is niet gelukt" and no session; with it, the resident is in, and the
// cookie is gone. Against the real test provider, on both stores.
func TestResidentDigiDLoginIsBoundToTheBrowser(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		p := oidctest.New(t)
		rp, err := oidc.New(p.Config())
		if err != nil {
			t.Fatal(err)
		}
		e.svc.ConfigureResidentOIDC(rp)
		caseID, _, _ := residentCase(t, e)
		bsn := e.residentWithBSN(t, caseID)

		start := func(who string, c *client) (code, state string) {
			t.Helper()
			r := c.post(t, "/mijnplan/digid", url.Values{"gemeente": {demo.MunicipalityID}})
			if r.status != http.StatusSeeOther {
				t.Fatalf("%s starts: status %d; want 303", who, r.status)
			}
			ck := setCookie(r, request.ResidentOIDCCookie)
			if ck == nil {
				t.Fatalf("%s starts: no cookie %s", who, request.ResidentOIDCCookie)
			}
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/mijnplan/digid" || ck.MaxAge != 600 {
				t.Errorf("%s starts: cookie %+v; want HttpOnly, SameSite=Lax, Path=/mijnplan/digid, Max-Age=600", who, ck)
			}
			code, state, err := p.Login(r.header.Get("Location"), map[string]any{"bsn": bsn})
			if err != nil {
				t.Fatalf("%s at the provider: %v", who, err)
			}
			if strings.Contains(ck.Value, state) {
				t.Errorf("%s starts: the cookie holds the state itself", who)
			}
			return code, state
		}
		callback := func(c *client, code, state string) *response {
			t.Helper()
			return c.get(t, "/mijnplan/digid/terug?"+url.Values{"code": {code}, "state": {state}}.Encode())
		}
		refused := func(what string, r *response) {
			t.Helper()
			if r.status != http.StatusUnauthorized || !strings.Contains(r.body, e.t("inwoner.digid_mislukt.kop")) {
				t.Errorf("%s: status %d; want 401 with %q", what, r.status, e.t("inwoner.digid_mislukt.kop"))
			}
			if ck := setCookie(r, request.ResidentCookie); ck != nil && ck.Value != "" {
				t.Errorf("%s: a resident session was set", what)
			}
		}

		attacker, victim := e.anon(t), e.anon(t)
		code, state := start("the attacker", attacker)
		refused("the attacker's link in a browser without the cookie", callback(victim, code, state))
		start("the victim", victim)
		refused("the attacker's link in a browser with a login of its own", callback(victim, code, state))
		if r := victim.get(t, "/mijnplan"); r.status != http.StatusSeeOther {
			t.Errorf("the victim's Mijn Plan after the refusals: status %d; want 303 to the login", r.status)
		}

		r := callback(attacker, code, state)
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/mijnplan" {
			t.Fatalf("the callback in the browser that started: status %d to %q; want 303 to /mijnplan", r.status, r.header.Get("Location"))
		}
		if ck := setCookie(r, request.ResidentOIDCCookie); ck == nil || ck.MaxAge >= 0 {
			t.Errorf("the callback leaves the login's cookie: %+v", ck)
		}
		if r := attacker.get(t, "/mijnplan"); r.status != http.StatusOK {
			t.Errorf("Mijn Plan after the DigiD login: status %d; want 200", r.status)
		}
		// Its cookie is gone, so the state cannot be answered again there.
		refused("the same state again", callback(attacker, code, state))
	})
}

// oidcLogins counts the DigiD logins under way.
func oidcLogins(t *testing.T, s *store.Store) int {
	t.Helper()
	rows, err := store.QueryForTest(context.Background(), s.R(), `SELECT count(*) FROM resident_oidc_logins`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

// TestResidentDigiDStartThrottled: every DigiD start writes a login under
// way, so starts count on the same per-address limit as failed logins
// (ten in fifteen minutes): the eleventh unfinished start from one address
// gets the login page with "too often" (429) and writes nothing. Logins
// that succeed take their start back: a family behind one address logs in
// more than ten times.
func TestResidentDigiDStartThrottled(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		p := oidctest.New(t)
		rp, err := oidc.New(p.Config())
		if err != nil {
			t.Fatal(err)
		}
		e.svc.ConfigureResidentOIDC(rp)
		caseID, _, _ := residentCase(t, e)
		bsn := e.residentWithBSN(t, caseID)
		c := e.anon(t)
		start := url.Values{"gemeente": {demo.MunicipalityID}}
		for i := range 12 {
			r := c.post(t, "/mijnplan/digid", start)
			code, state, err := p.Login(r.header.Get("Location"), map[string]any{"bsn": bsn})
			if err != nil {
				t.Fatalf("login %d at the provider: %v", i+1, err)
			}
			if r := c.get(t, "/mijnplan/digid/terug?"+url.Values{"code": {code}, "state": {state}}.Encode()); r.status != http.StatusSeeOther {
				t.Fatalf("login %d: status %d; want 303", i+1, r.status)
			}
		}
		for i := range 10 {
			if r := c.post(t, "/mijnplan/digid", start); r.status != http.StatusSeeOther {
				t.Fatalf("start %d: status %d; want 303", i+1, r.status)
			}
		}
		before := oidcLogins(t, s)
		r := c.post(t, "/mijnplan/digid", start)
		if r.status != http.StatusTooManyRequests || !strings.Contains(r.body, e.t("inwoner.fout.digid_te_vaak")) {
			t.Errorf("the 11th start: status %d, %q; want 429 with %q", r.status, text(r.body), e.t("inwoner.fout.digid_te_vaak"))
		}
		if after := oidcLogins(t, s); after != before {
			t.Errorf("the 11th start wrote %d logins; want none", after-before)
		}
	})
}
