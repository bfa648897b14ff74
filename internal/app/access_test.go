package app_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
)

// TestReadsOutsideScope: a household or person the actor may not see is
// answered as not found, exactly like one that does not exist (whether a
// family is known is itself information), and the refusal is audited.
func TestReadsOutsideScope(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, lead, partner := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead), f.actor(wijkregie.RolePartner)
		other := f.otherTeam(t).ID

		// The professional is involved with a family of another team and the
		// partner contributes to it; a family of the professional's own team
		// has no one involved; one of another team neither; and the
		// professional's involvement with a last one has ended.
		involved, involvedP := f.newHousehold(t, other, pro.UserID, partner.UserID)
		ownTeam, ownTeamP := f.newHousehold(t, pro.TeamID)
		elsewhere, elsewhereP := f.newHousehold(t, other)
		ended, endedP := f.newHousehold(t, other, pro.UserID)
		if err := f.s.Tx(f.ctx, func(q *store.Q) error { return q.EndInvolvement(f.ctx, demo.MunicipalityID, ended.ID, pro.UserID) }); err != nil {
			t.Fatal(err)
		}

		// A second family the partner works with, whose member agreed to
		// share information with the partner's organisation.
		sharing, sharingP := f.newHousehold(t, other, partner.UserID)
		f.shareWith(t, sharingP[0], partner.OrganisationID, wijkregie.ConsentShareInformation, "financien")

		tests := []struct {
			name      string
			actor     wijkregie.Actor
			household *wijkregie.Household
			members   []string
			allowed   bool
			frame     bool // the household's frame only: no members, no person
		}{
			{"professional, involved", pro, involved, involvedP, true, false},
			{"professional, own team, not involved", pro, ownTeam, ownTeamP, false, false},
			{"professional, other team", pro, elsewhere, elsewhereP, false, false},
			{"professional, involvement ended", pro, ended, endedP, false, false},
			{"team lead, own team", lead, ownTeam, ownTeamP, true, false},
			{"team lead, other team", lead, elsewhere, elsewhereP, false, false},
			{"partner, involved, without consent", partner, involved, involvedP, true, true},
			{"partner, involved, informatie-delen", partner, sharing, sharingP, true, false},
			{"partner, not involved", partner, ownTeam, ownTeamP, false, false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h, p := tt.household.ID, tt.members[1]

				var err error
				got := f.audited(t, func() { _, err = f.svc.Household(f.ctx, tt.actor, h) })
				want := []entry{rec(tt.actor, "huishouden.lezen", "huishouden", h, "", app.PurposeTask, wijkregie.AuditDenied)}
				wantCode := wijkregie.ENOTFOUND
				if tt.allowed {
					want = []entry{rec(tt.actor, "huishouden.lezen", "huishouden", h, "", app.PurposeTask, wijkregie.AuditAllowed)}
					for _, m := range tt.members[:len(tt.members)*boolInt(!tt.frame)] {
						want = append(want, rec(tt.actor, "persoon.lezen", "huishouden", h, m, app.PurposeTask, wijkregie.AuditAllowed))
					}
					wantCode = ""
				}
				if code(err) != wantCode {
					t.Errorf("Household: error %v; want code %q", err, wantCode)
				}
				if diff := diffEntries(got, want); diff != "" {
					t.Errorf("Household: audit records (-got +want):\n%s", diff)
				}

				got = f.audited(t, func() { _, err = f.svc.Person(f.ctx, tt.actor, p) })
				result := wijkregie.AuditDenied
				if tt.allowed && !tt.frame {
					result = wijkregie.AuditAllowed
				} else {
					wantCode = wijkregie.ENOTFOUND
				}
				want = []entry{rec(tt.actor, "persoon.lezen", "persoon", p, p, app.PurposeTask, result)}
				if code(err) != wantCode {
					t.Errorf("Person: error %v; want code %q", err, wantCode)
				}
				if diff := diffEntries(got, want); diff != "" {
					t.Errorf("Person: audit records (-got +want):\n%s", diff)
				}

				if tt.actor.Role == wijkregie.RolePartner {
					return // partners have no access log; see TestRolesWithoutTheAction
				}
				got = f.audited(t, func() { _, err = f.svc.PersonAccessLog(f.ctx, tt.actor, p, store.Page{}) })
				want = []entry{rec(tt.actor, "persoon.inzage-log", "persoon", p, p, app.PurposeTask, result)}
				if code(err) != wantCode {
					t.Errorf("PersonAccessLog: error %v; want code %q", err, wantCode)
				}
				if diff := diffEntries(got, want); diff != "" {
					t.Errorf("PersonAccessLog: audit records (-got +want):\n%s", diff)
				}
			})
		}

		t.Run("refused looks like missing", func(t *testing.T) {
			missing := wijkregie.NewID(f.clock.Now()) // well formed; no such record
			_, refused := f.svc.Household(f.ctx, pro, elsewhere.ID)
			_, absent := f.svc.Household(f.ctx, pro, missing)
			_, malformed := f.svc.Household(f.ctx, pro, "../"+elsewhere.ID)
			_, refusedP := f.svc.Person(f.ctx, pro, elsewhereP[0])
			_, absentP := f.svc.Person(f.ctx, pro, missing)
			for _, err := range []error{refused, absent, malformed, refusedP, absentP} {
				if diff := cmp.Diff(err, refused); diff != "" || code(err) != wijkregie.ENOTFOUND {
					t.Errorf("error %v differs from the refusal %v", err, refused)
				}
			}
		})

		t.Run("lists agree", func(t *testing.T) {
			tests := []struct {
				actor wijkregie.Actor
				in    []string
				out   []string
			}{
				{pro, []string{involved.ID}, []string{ownTeam.ID, elsewhere.ID, ended.ID}},
				{lead, []string{ownTeam.ID}, []string{involved.ID, elsewhere.ID, ended.ID}},
				{partner, []string{involved.ID}, []string{ownTeam.ID, elsewhere.ID, ended.ID}},
			}
			for _, tt := range tests {
				hs, total, err := f.svc.Households(f.ctx, tt.actor, store.Page{Limit: store.MaxLimit})
				if err != nil {
					t.Fatal(err)
				}
				if total != len(hs) {
					t.Fatalf("%s: %d of %d households on one page", tt.actor.Role, len(hs), total)
				}
				listed := map[string]bool{}
				for _, h := range hs {
					listed[h.ID] = true
					// Whatever the list shows, the detail page opens.
					if _, err := f.svc.Household(f.ctx, tt.actor, h.ID); err != nil {
						t.Errorf("%s: household %s is listed but Household says %v", tt.actor.Role, h.ID, err)
					}
				}
				for _, id := range tt.in {
					if !listed[id] {
						t.Errorf("%s: household %s is not listed", tt.actor.Role, id)
					}
				}
				for _, id := range tt.out {
					if listed[id] {
						t.Errorf("%s: household %s is listed", tt.actor.Role, id)
					}
				}
			}
		})
	})
}

// TestRolesWithoutTheAction: a role the policy does not give an action gets
// forbidden, before anything is read, so nothing is audited either.
func TestRolesWithoutTheAction(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.actor(wijkregie.RoleProfessional)
		h, members := f.newHousehold(t, pro.TeamID, pro.UserID)
		user := f.users[wijkregie.RolePartner]

		calls := []struct {
			name  string
			roles []wijkregie.Role
			call  func(a wijkregie.Actor) error
		}{
			{"Household", []wijkregie.Role{wijkregie.RolePolicy, wijkregie.RoleInspection, wijkregie.RoleAdmin},
				func(a wijkregie.Actor) error { _, err := f.svc.Household(f.ctx, a, h.ID); return err }},
			{"Person", []wijkregie.Role{wijkregie.RolePolicy, wijkregie.RoleInspection, wijkregie.RoleAdmin},
				func(a wijkregie.Actor) error { _, err := f.svc.Person(f.ctx, a, members[0]); return err }},
			{"Households", []wijkregie.Role{wijkregie.RolePolicy, wijkregie.RoleInspection, wijkregie.RoleAdmin},
				func(a wijkregie.Actor) error { _, _, err := f.svc.Households(f.ctx, a, store.Page{}); return err }},
			{"PersonAccessLog", []wijkregie.Role{wijkregie.RolePartner, wijkregie.RolePolicy, wijkregie.RoleInspection},
				func(a wijkregie.Actor) error {
					_, err := f.svc.PersonAccessLog(f.ctx, a, members[0], store.Page{})
					return err
				}},
			{"AuditLog", []wijkregie.Role{wijkregie.RoleProfessional, wijkregie.RoleTeamLead, wijkregie.RolePartner, wijkregie.RolePolicy},
				func(a wijkregie.Actor) error {
					_, _, _, err := f.svc.AuditLog(f.ctx, a, app.StepUp{}, store.AuditFilter{})
					return err
				}},
			{"CreateUser", []wijkregie.Role{wijkregie.RoleProfessional, wijkregie.RoleTeamLead, wijkregie.RolePolicy},
				func(a wijkregie.Actor) error {
					return f.svc.CreateUser(f.ctx, a, &wijkregie.User{Email: "x@duinhaven.example", Name: "X", Role: wijkregie.RoleAdmin}, "een lang wachtwoord")
				}},
			{"UpdateUser", []wijkregie.Role{wijkregie.RoleProfessional, wijkregie.RoleTeamLead},
				func(a wijkregie.Actor) error { u := *user; u.Name = "Gewijzigd"; return f.svc.UpdateUser(f.ctx, a, &u) }},
			{"SetUserActive", []wijkregie.Role{wijkregie.RoleTeamLead, wijkregie.RoleInspection},
				func(a wijkregie.Actor) error { return f.svc.SetUserActive(f.ctx, a, user.ID, false) }},
			{"ResetPassword", []wijkregie.Role{wijkregie.RoleProfessional, wijkregie.RoleTeamLead, wijkregie.RolePartner},
				func(a wijkregie.Actor) error { return f.svc.ResetPassword(f.ctx, a, user.ID, "een lang wachtwoord") }},
			{"SaveTeam", []wijkregie.Role{wijkregie.RoleProfessional, wijkregie.RoleTeamLead, wijkregie.RolePolicy},
				func(a wijkregie.Actor) error { return f.svc.SaveTeam(f.ctx, a, &wijkregie.Team{Name: "Stiekem"}) }},
			{"MyWork", []wijkregie.Role{wijkregie.RolePartner, wijkregie.RolePolicy, wijkregie.RoleInspection, wijkregie.RoleAdmin},
				func(a wijkregie.Actor) error { _, err := f.svc.MyWork(f.ctx, a, app.TaskFilter{}, 25); return err }},
			{"SaveOrganisation", []wijkregie.Role{wijkregie.RolePartner, wijkregie.RoleInspection},
				func(a wijkregie.Actor) error {
					return f.svc.SaveOrganisation(f.ctx, a, &wijkregie.Organisation{Name: "Stiekem", Kind: wijkregie.OrgOverig})
				}},
		}
		for _, c := range calls {
			for _, r := range c.roles {
				got := f.audited(t, func() {
					if err := c.call(f.actor(r)); code(err) != wijkregie.EFORBIDDEN {
						t.Errorf("%s by %s: error %v; want %s", c.name, r, err, wijkregie.EFORBIDDEN)
					}
				})
				if len(got) != 0 {
					t.Errorf("%s by %s left audit records %+v; want none", c.name, r, got)
				}
			}
		}
		// Nothing was changed on the way.
		u, err := f.s.R().User(f.ctx, demo.MunicipalityID, user.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(u, user); diff != "" {
			t.Errorf("the partner's account changed (-got +want):\n%s", diff)
		}
	})
}
