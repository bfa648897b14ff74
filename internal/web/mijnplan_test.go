package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// resident returns a client logged in to Mijn Plan, with an inlogcode, as
// an adult member of a demo case of the documented professional's, and
// the case.
func (e *env) resident(t *testing.T) (*client, string) {
	t.Helper()
	caseID, personID, born := residentCase(t, e)
	issued, err := e.svc.IssueLoginCode(context.Background(), e.actor(wijkregie.RoleProfessional), caseID, personID)
	if err != nil {
		t.Fatal(err)
	}
	c := e.anon(t)
	r := c.post(t, "/mijnplan/inloggen", url.Values{"gemeente": {demo.MunicipalityID}, "inlogcode": {issued.Code},
		"geboortedatum": {born.Format(time.DateOnly)}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/mijnplan" {
		t.Fatalf("logging in to Mijn Plan: status %d to %q; want 303 to /mijnplan", r.status, r.header.Get("Location"))
	}
	return c, caseID
}

// TestMijnPlanRatingNotYet: while the case is open nothing is rated, so
// the rating page does not say it was: it is refused (403) with "the help
// can be rated once it has ended"; a rating posted anyway is refused too.
func TestMijnPlanRatingNotYet(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		c, _ := e.resident(t)
		r := c.get(t, "/mijnplan/beoordeling")
		if r.status != http.StatusForbidden || strings.Contains(r.body, e.t("fout.mijnplan.al_beoordeeld")) ||
			!strings.Contains(r.body, e.t("fout.mijnplan.nog_niet_beoordelen")) {
			t.Errorf("the rating page of an open case: status %d, %q; want 403 with %q", r.status, text(r.body), e.t("fout.mijnplan.nog_niet_beoordelen"))
		}
		r = c.post(t, "/mijnplan/beoordeling", url.Values{"cijfer": {"8"}})
		if r.status != http.StatusForbidden || strings.Contains(r.body, e.t("fout.mijnplan.al_beoordeeld")) {
			t.Errorf("a rating posted on an open case: status %d, %q; want 403", r.status, text(r.body))
		}
	})
}
