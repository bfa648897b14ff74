package web_test

import (
	"context"
	"net/http"
	"testing"

	"wijkregie"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestCasePageAuditsNoHandoverRefusal: the case page's block Overdracht
// is left out for one who may not offer and sees no handover — the team
// lead on a closed case, a team member who is not the regisseur — without
// a refused overdracht.lezen in the audit log: they asked for the case,
// not for its handovers.
func TestCasePageAuditsNoHandoverRefusal(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		ctx := context.Background()
		for _, x := range []struct {
			role   wijkregie.Role
			filter store.CaseFilter
		}{{wijkregie.RoleTeamLead, store.CaseFilter{Closed: true}}, {wijkregie.RoleProfessional, store.CaseFilter{Open: true}}} {
			u := e.users[x.role]
			x.filter.TeamID, x.filter.Page = u.TeamID, store.Page{Limit: store.MaxLimit}
			cs, _, err := s.R().Cases(ctx, demo.MunicipalityID, wijkregie.HouseholdScope{All: true}, x.filter)
			if err != nil {
				t.Fatal(err)
			}
			c, shown := e.as(t, x.role), 0
			for _, cs := range cs {
				if cs.CoordinatorID == u.ID || shown == 3 {
					continue
				}
				if r := c.get(t, "/casussen/"+cs.ID); r.status == http.StatusOK {
					shown++
				}
			}
			if shown == 0 {
				t.Fatalf("%s: no case page of the team shown; the demo has none to test with", x.role)
			}
			recs, _, err := s.R().Audit(ctx, demo.MunicipalityID, store.AuditFilter{UserID: u.ID, Page: store.Page{Limit: store.MaxLimit}})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range recs {
				if r.Action == "overdracht.lezen" && r.Result == wijkregie.AuditDenied {
					t.Errorf("%s: a refused overdracht.lezen on %s %s after viewing case pages", x.role, r.SubjectKind, r.SubjectID)
				}
			}
		}
	})
}
