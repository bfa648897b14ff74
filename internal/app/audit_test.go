package app_test

import (
	"testing"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
)

// Every use case that reads or changes personal data, or the accounts and
// directory around it, leaves exactly the records below (NEN 7513: who,
// what, whose data, why, with what result).

func TestAuditOfHouseholdReads(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, lead, admin := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead), f.actor(wijkregie.RoleAdmin)
		h, members := f.newHousehold(t, pro.TeamID, pro.UserID)

		t.Run("Household", func(t *testing.T) {
			var view *app.HouseholdView
			got := f.audited(t, func() {
				var err error
				if view, err = f.svc.Household(f.ctx, pro, h.ID); err != nil {
					t.Fatalf("Household: %v", err)
				}
			})
			want := []entry{
				rec(pro, "huishouden.lezen", "huishouden", h.ID, "", app.PurposeTask, wijkregie.AuditAllowed),
				rec(pro, "persoon.lezen", "huishouden", h.ID, members[0], app.PurposeTask, wijkregie.AuditAllowed),
				rec(pro, "persoon.lezen", "huishouden", h.ID, members[1], app.PurposeTask, wijkregie.AuditAllowed),
			}
			if diff := diffEntries(got, want); diff != "" {
				t.Errorf("audit records (-got +want):\n%s", diff)
			}
			if len(view.Persons) != len(members) || len(view.Members) != len(members) {
				t.Errorf("view has %d persons, %d members; want %d", len(view.Persons), len(view.Members), len(members))
			}
		})

		t.Run("Person", func(t *testing.T) {
			got := f.audited(t, func() {
				v, err := f.svc.Person(f.ctx, pro, members[1])
				if err != nil {
					t.Fatalf("Person: %v", err)
				}
				if v.Person.ID != members[1] || v.Household.ID != h.ID {
					t.Errorf("Person gave person %s through household %s; want %s through %s", v.Person.ID, v.Household.ID, members[1], h.ID)
				}
			})
			want := []entry{rec(pro, "persoon.lezen", "persoon", members[1], members[1], app.PurposeTask, wijkregie.AuditAllowed)}
			if diff := diffEntries(got, want); diff != "" {
				t.Errorf("audit records (-got +want):\n%s", diff)
			}
		})

		t.Run("Households", func(t *testing.T) {
			got := f.audited(t, func() {
				if _, _, err := f.svc.Households(f.ctx, lead, store.Page{}); err != nil {
					t.Fatalf("Households: %v", err)
				}
			})
			want := []entry{rec(lead, "huishoudens.zoeken", "huishouden", "", "", app.PurposeTask, wijkregie.AuditAllowed)}
			if diff := diffEntries(got, want); diff != "" {
				t.Errorf("audit records (-got +want):\n%s", diff)
			}
		})

		t.Run("PersonAccessLog", func(t *testing.T) {
			tests := []struct {
				name    string
				actor   wijkregie.Actor
				purpose string
			}{
				{"involved professional", pro, app.PurposeTask},
				// Beheer answers the person's request to see who looked.
				{"beheer", admin, app.PurposeInzage},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					var view *app.AccessLogView
					got := f.audited(t, func() {
						var err error
						if view, err = f.svc.PersonAccessLog(f.ctx, tt.actor, members[0], store.Page{}); err != nil {
							t.Fatalf("PersonAccessLog: %v", err)
						}
					})
					want := []entry{rec(tt.actor, "persoon.inzage-log", "persoon", members[0], members[0], tt.purpose, wijkregie.AuditAllowed)}
					if diff := diffEntries(got, want); diff != "" {
						t.Errorf("audit records (-got +want):\n%s", diff)
					}
					// The log shows the professional's read through the household.
					found := false
					for _, r := range view.Records {
						if r.PersonID != members[0] {
							t.Errorf("the log of %s shows a record about %s", members[0], r.PersonID)
						}
						found = found || r.UserID == pro.UserID && r.Action == "persoon.lezen"
					}
					if !found {
						t.Errorf("the access log of %s lacks the professional's read; has %d records", members[0], len(view.Records))
					}
					if u := view.Users[pro.UserID]; u == nil || u.ID != pro.UserID {
						t.Errorf("the access log does not name the professional: %v", view.Users)
					}
				})
			}
		})

		if brk, _, err := f.s.R().VerifyAudit(f.ctx, demo.MunicipalityID, nil); err != nil || brk != nil {
			t.Errorf("VerifyAudit after the reads: %+v, %v; want an intact chain", brk, err)
		}
	})
}

func TestAuditOfAccountsAndDirectory(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		admin, system := f.actor(wijkregie.RoleAdmin), wijkregie.SystemActor(demo.MunicipalityID)
		pro := f.users[wijkregie.RoleProfessional]

		u := &wijkregie.User{Email: "Nieuw@Duinhaven.example", Name: "Nieuwe Collega", Role: wijkregie.RoleProfessional, TeamID: pro.TeamID, OrganisationID: pro.OrganisationID}
		team := &wijkregie.Team{Name: "Wijkteam Proef", Areas: []string{"2599"}, Active: true}
		org := &wijkregie.Organisation{Name: "Stichting Proef", Kind: wijkregie.OrgOverig, Active: true}
		var tokenID string

		steps := []struct {
			name string
			do   func() error
			want func() []entry
		}{
			{"CreateUser", func() error { return f.svc.CreateUser(f.ctx, admin, u, "een lang wachtwoord") },
				func() []entry {
					return []entry{rec(admin, "medewerker.aanmaken", "medewerker", u.ID, "", app.PurposeAdmin, wijkregie.AuditAllowed)}
				}},
			{"UpdateUser", func() error { u.Name = "Nieuwe Naam"; return f.svc.UpdateUser(f.ctx, admin, u) },
				func() []entry {
					return []entry{rec(admin, "medewerker.wijzigen", "medewerker", u.ID, "", app.PurposeAdmin, wijkregie.AuditAllowed)}
				}},
			{"ResetPassword", func() error { return f.svc.ResetPassword(f.ctx, admin, u.ID, "nog een lang wachtwoord") },
				func() []entry {
					return []entry{rec(admin, "medewerker.wachtwoord", "medewerker", u.ID, "", app.PurposeAdmin, wijkregie.AuditAllowed)}
				}},
			{"SetUserActive", func() error { return f.svc.SetUserActive(f.ctx, admin, u.ID, false) },
				func() []entry {
					return []entry{rec(admin, "medewerker.wijzigen", "medewerker", u.ID, "", app.PurposeAdmin, wijkregie.AuditAllowed)}
				}},
			{"SaveTeam new", func() error { return f.svc.SaveTeam(f.ctx, admin, team) },
				func() []entry {
					return []entry{rec(admin, "team.aanmaken", "team", team.ID, "", app.PurposeAdmin, wijkregie.AuditAllowed)}
				}},
			{"SaveTeam existing", func() error { team.Name = "Wijkteam Proef 2"; return f.svc.SaveTeam(f.ctx, admin, team) },
				func() []entry {
					return []entry{rec(admin, "team.wijzigen", "team", team.ID, "", app.PurposeAdmin, wijkregie.AuditAllowed)}
				}},
			{"SaveOrganisation new", func() error { return f.svc.SaveOrganisation(f.ctx, admin, org) },
				func() []entry {
					return []entry{rec(admin, "organisatie.aanmaken", "organisatie", org.ID, "", app.PurposeAdmin, wijkregie.AuditAllowed)}
				}},
			{"SaveOrganisation existing", func() error { org.Phone = "0120 12 34 56"; return f.svc.SaveOrganisation(f.ctx, admin, org) },
				func() []entry {
					return []entry{rec(admin, "organisatie.wijzigen", "organisatie", org.ID, "", app.PurposeAdmin, wijkregie.AuditAllowed)}
				}},
			// Tokens for others come from the command line only.
			{"CreateToken", func() error {
				_, tok, err := f.svc.CreateToken(f.ctx, system, pro.ID, "koppeling")
				if tok != nil {
					tokenID = tok.ID
				}
				return err
			}, func() []entry {
				return []entry{rec(system, "token.aanmaken", "token", tokenID, "", app.PurposeAdmin, wijkregie.AuditAllowed)}
			}},
			{"RevokeToken", func() error { return f.svc.RevokeToken(f.ctx, admin, pro.ID, tokenID) },
				func() []entry {
					return []entry{rec(admin, "token.intrekken", "token", tokenID, "", app.PurposeAdmin, wijkregie.AuditAllowed)}
				}},
		}
		for _, st := range steps {
			got := f.audited(t, func() {
				if err := st.do(); err != nil {
					t.Fatalf("%s: %v", st.name, err)
				}
			})
			want := st.want()
			if want[0].Subject == "" {
				t.Fatalf("%s: no subject id was set", st.name)
			}
			if diff := diffEntries(got, want); diff != "" {
				t.Errorf("%s: audit records (-got +want):\n%s", st.name, diff)
			}
		}

		// What the steps changed did reach the store.
		stored, err := f.s.R().User(f.ctx, demo.MunicipalityID, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if stored.Name != "Nieuwe Naam" || stored.Active || stored.Email != "nieuw@duinhaven.example" {
			t.Errorf("stored user %q, %q, active %v; want %q, %q, inactive", stored.Name, stored.Email, stored.Active, "Nieuwe Naam", "nieuw@duinhaven.example")
		}
		storedTeam, err := f.svc.Team(f.ctx, admin, team.ID)
		if err != nil || storedTeam.Name != "Wijkteam Proef 2" {
			t.Errorf("stored team %+v, %v; want the name Wijkteam Proef 2", storedTeam, err)
		}
	})
}

func TestAuditOfLogin(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		u := f.users[wijkregie.RolePartner]
		a := wijkregie.ActorOf(u)
		tests := []struct {
			name     string
			password string
			code     string
			result   string
		}{
			{"success", demo.Password, "", wijkregie.AuditAllowed},
			{"wrong password", "wijkregie-dmeo", wijkregie.EUNAUTHORIZED, wijkregie.AuditDenied},
		}
		for _, tt := range tests {
			got := f.audited(t, func() {
				_, _, err := f.svc.Login(f.ctx, demo.MunicipalityID, u.Email, tt.password, "192.0.2.1")
				if code(err) != tt.code {
					t.Errorf("%s: Login error %v; want code %q", tt.name, err, tt.code)
				}
			})
			want := []entry{rec(a, "aanmelden", "medewerker", u.ID, "", app.PurposeLogin, tt.result)}
			if diff := diffEntries(got, want); diff != "" {
				t.Errorf("%s: audit records (-got +want):\n%s", tt.name, diff)
			}
		}
	})
}
