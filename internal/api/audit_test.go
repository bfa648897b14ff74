package api_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/api"
	"wijkregie/internal/auth"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// authenticator is a user's TOTP app in a test: it hands out each code
// once, in step order, from the steps the server accepts now (one either
// side), so tests need not wait 30 seconds between requests.
type authenticator struct {
	mu   sync.Mutex
	key  []byte
	last int64
}

// code returns the next unused code the server accepts now.
func (a *authenticator) code(t *testing.T) string {
	t.Helper()
	a.mu.Lock()
	defer a.mu.Unlock()
	cur := auth.TOTPStepAt(time.Now())
	step := max(a.last+1, cur-1)
	if step > cur+1 {
		t.Fatal("the authenticator used every code the server takes now")
	}
	a.last = step
	return auth.HOTP(a.key, uint64(step), auth.TOTPDigits)
}

var (
	authenticatorsMu sync.Mutex
	authenticators   = map[*wijkregie.User]*authenticator{}
)

// secondFactor sets up (once per user) and returns the authenticator of
// role's demo account, confirmed through a web session as the account page
// does.
func (f *fixture) secondFactor(t *testing.T, role wijkregie.Role) *authenticator {
	t.Helper()
	authenticatorsMu.Lock()
	defer authenticatorsMu.Unlock()
	u := f.users[role]
	if a := authenticators[u]; a != nil {
		return a
	}
	ctx := context.Background()
	session, _, err := f.svc.Login(ctx, demo.MunicipalityID, u.Email, demo.Password, "192.0.2.70")
	if err != nil {
		t.Fatal(err)
	}
	setup, err := f.svc.StartSecondFactor(ctx, wijkregie.ActorOf(u), session)
	if err != nil {
		t.Fatal(err)
	}
	key, err := auth.DecodeTOTPSecret(strings.ReplaceAll(setup.Secret, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	a := &authenticator{key: key}
	if _, err := f.svc.ConfirmSecondFactor(ctx, wijkregie.ActorOf(u), session, a.code(t)); err != nil {
		t.Fatal(err)
	}
	authenticators[u] = a
	return a
}

// TestAuditLogSecondFactor reads the log through the API with and without
// the header Wijkregie-Tweede-Factor.
func TestAuditLogSecondFactor(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		admin := wijkregie.RoleAdmin
		// Without a factor set up, and without the header: 401 naming it.
		for _, hdr := range [][]string{nil, {api.SecondFactorHeader, "123456"}} {
			p := f.do(admin, "GET", "/api/v1/auditlog", nil, hdr...).want(t, http.StatusUnauthorized).problem(t)
			if diff := cmp.Diff(paramNames(p), []string{api.SecondFactorHeader}); diff != "" {
				t.Errorf("401 invalidParams (-got +want):\n%s", diff)
			}
		}
		// A role that does not read the log hears 403, header or not.
		f.do(wijkregie.RoleProfessional, "GET", "/api/v1/auditlog", nil).want(t, http.StatusForbidden)
		f.do(wijkregie.RoleProfessional, "GET", "/api/v1/auditlog", nil, api.SecondFactorHeader, "123456").want(t, http.StatusForbidden)

		a := f.secondFactor(t, admin)
		p := f.do(admin, "GET", "/api/v1/auditlog", nil).want(t, http.StatusUnauthorized).problem(t)
		if !strings.Contains(p.Detail, api.SecondFactorHeader) {
			t.Errorf("401 detail %q does not name the header", p.Detail)
		}
		f.do(wijkregie.RoleProfessional, "GET", "/api/v1/huishoudens", nil).want(t, http.StatusOK)
		code := a.code(t)
		var l list[api.AuditRegel]
		f.do(admin, "GET", "/api/v1/auditlog?soort=zoeken&paginaGrootte=50", nil, api.SecondFactorHeader, code).want(t, http.StatusOK).decode(t, &l)
		if len(l.Resultaten) == 0 {
			t.Fatal("no searches in the log")
		}
		for _, r := range l.Resultaten {
			if r.Soort != "zoeken" {
				t.Errorf("record %d of kind %s in the searches", r.Volgnummer, r.Soort)
			}
		}
		if r := l.Resultaten[0]; r.Actie != "huishoudens.zoeken" || r.Zoekopdracht == nil || *r.Zoekopdracht != "alle" || r.Aantal == nil {
			t.Errorf("the household list's record = %+v; want huishoudens.zoeken over alle with a count", r)
		}
		// The same code again is a replay.
		p = f.do(admin, "GET", "/api/v1/auditlog", nil, api.SecondFactorHeader, code).want(t, http.StatusUnauthorized).problem(t)
		if diff := cmp.Diff(paramNames(p), []string{api.SecondFactorHeader}); diff != "" {
			t.Errorf("replay invalidParams (-got +want):\n%s", diff)
		}
		// An unknown kind is a 400 naming soort, before any code is used.
		p = f.do(admin, "GET", "/api/v1/auditlog?soort=lezen", nil, api.SecondFactorHeader, "000000").want(t, http.StatusBadRequest).problem(t)
		if diff := cmp.Diff(paramNames(p), []string{"soort"}); diff != "" {
			t.Errorf("bad soort invalidParams (-got +want):\n%s", diff)
		}
		// Wrong codes are throttled: after five, even a right one waits.
		for range 4 { // the replay above was the first wrong code
			f.do(admin, "GET", "/api/v1/auditlog", nil, api.SecondFactorHeader, "000000").want(t, http.StatusUnauthorized)
		}
		f.do(admin, "GET", "/api/v1/auditlog", nil, api.SecondFactorHeader, a.code(t)).want(t, http.StatusTooManyRequests).problem(t)
	})
}
