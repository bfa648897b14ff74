package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/auth"
	"wijkregie/internal/demo"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/route"
	"wijkregie/internal/server"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// The resident access matrix (docs/mijnplan.md, "Wie mag Mijn Plan
// gebruiken"): a resident's session opens Mijn Plan and nothing else, and
// no staff session opens Mijn Plan. Every route of every set the server
// mounts is tried, on both stores:
//
//   - with a resident's cookie, every route outside /mijnplan that is not
//     public is refused as if no one were logged in: the staff's login
//     page (303 to /inloggen) or the API's 401;
//   - with each staff role's session cookie (and API token), every
//     /mijnplan route that is not public sends the browser to the
//     resident's login page (303 to /mijnplan/inloggen);
//   - with the resident's cookie, every /mijnplan route gets past the
//     authentication (no 401 or redirect to a login page), and its action
//     is one the resident's role holds and no staff role does.
func TestResidentAccessMatrix(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		resident := residentSession(t, s)
		sets, err := server.Sets(f.cfg)
		if err != nil {
			t.Fatal(err)
		}
		var mijnplan, others int
		for _, set := range sets {
			for _, rt := range set.Routes {
				method, path := concrete(rt.Pattern)
				if rt.Pattern == "/mijnplan/" {
					path = "/mijnplan/bestaat-niet"
				}
				inResident := set.Auth == route.Resident
				if inResident != strings.HasPrefix(path, "/mijnplan") {
					t.Errorf("%s %q: a /mijnplan route belongs to the resident set and nothing else does", set.Name, rt.Pattern)
				}
				if rt.Action == policy.Public {
					continue
				}
				if !inResident {
					others++
					resp := residentDo(t, f, method, path, request.ResidentCookie, resident, "")
					switch set.Auth {
					case route.Bearer:
						if resp.StatusCode != http.StatusUnauthorized {
							t.Errorf("resident on API %s: %d; want 401", rt.Pattern, resp.StatusCode)
						}
					default:
						if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/inloggen") {
							t.Errorf("resident on %s %s: %d %s; want 303 to /inloggen", set.Name, rt.Pattern, resp.StatusCode, resp.Header.Get("Location"))
						}
					}
					continue
				}
				mijnplan++
				for _, a := range demo.Accounts() {
					for _, cred := range []struct{ cookie, value, bearer string }{
						{request.SessionCookie, f.cookies[a.Role], ""},
						{"", "", f.tokens[a.Role]},
						// A staff secret put in the resident's cookie.
						{request.ResidentCookie, f.cookies[a.Role], ""},
					} {
						resp := residentDo(t, f, method, path, cred.cookie, cred.value, cred.bearer)
						if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/mijnplan/inloggen" {
							t.Errorf("%s (%s%s) on %s: %d %s; want 303 to /mijnplan/inloggen", a.Role, cred.cookie, map[bool]string{true: " bearer"}[cred.bearer != ""],
								rt.Pattern, resp.StatusCode, resp.Header.Get("Location"))
						}
					}
				}
				if rt.Pattern == "POST /mijnplan/uitloggen" {
					// Logging out is allowed, and ends the session: a
					// session of its own, so the others stay.
					own := residentSession(t, s)
					resp := residentDo(t, f, method, path, request.ResidentCookie, own, "")
					if _, err := f.svc.ResidentSessionUser(context.Background(), own); resp.StatusCode != http.StatusSeeOther || err == nil {
						t.Errorf("resident logging out: %d, session still valid: %v", resp.StatusCode, err == nil)
					}
					continue
				}
				resp := residentDo(t, f, method, path, request.ResidentCookie, resident, "")
				loc := resp.Header.Get("Location")
				if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusSeeOther && strings.HasSuffix(loc, "inloggen") {
					t.Errorf("resident on %s: %d %s; want logged in", rt.Pattern, resp.StatusCode, loc)
				}
				// Past the role check: a 403 here can only be the page's
				// own decision on the family (policy.ResidentHousehold).
				ra := wijkregie.Actor{MunicipalityID: demo.MunicipalityID, UserID: "x", Role: wijkregie.RoleResident}
				if !policy.Allows(ra, rt.Action) {
					t.Errorf("resident on %s: its action %q is not the resident's", rt.Pattern, rt.Action)
				}
				for _, a := range demo.Accounts() {
					if policy.Allows(wijkregie.Actor{MunicipalityID: demo.MunicipalityID, UserID: "x", Role: a.Role}, rt.Action) {
						t.Errorf("%s may %q, the action of %s", a.Role, rt.Action, rt.Pattern)
					}
				}
			}
		}
		if mijnplan < 1 || others < 100 {
			t.Errorf("tried %d Mijn Plan routes and %d others; the route table was not read", mijnplan, others)
		}
		t.Logf("resident matrix: %d Mijn Plan routes × %d staff roles, %d other routes", mijnplan, len(demo.Accounts()), others)
	})
}

// residentSession starts a resident session for an adult member of a demo
// family with an open case, straight in the store as the login would.
func residentSession(t *testing.T, s *store.Store) string {
	t.Helper()
	ctx := context.Background()
	q := s.R()
	cases, _, err := q.Cases(ctx, demo.MunicipalityID, wijkregie.HouseholdScope{All: true}, store.CaseFilter{Open: true, Page: store.Page{Limit: 50}})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	for _, c := range cases {
		ms, ps, err := q.HouseholdMembers(ctx, demo.MunicipalityID, c.HouseholdID)
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range ms {
			if !m.Until.IsZero() || ps[i].BirthDate.IsZero() || wijkregie.AgeOn(ps[i].BirthDate, now) < wijkregie.ResidentMinAge {
				continue
			}
			secret := auth.NewSessionSecret(demo.MunicipalityID)
			err := s.Tx(ctx, func(q *store.Q) error {
				return q.CreateResidentSession(ctx, &store.ResidentSession{MunicipalityID: demo.MunicipalityID, IDHash: auth.HashSecret(secret),
					PersonID: ps[i].ID, Method: store.ResidentByCode, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)})
			})
			if err != nil {
				t.Fatal(err)
			}
			return secret
		}
	}
	t.Fatal("no adult member of a family with an open case in the demo")
	return ""
}

func residentDo(t *testing.T, f *fixture, method, path, cookie, value, bearer string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, f.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: cookie, Value: value})
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}
