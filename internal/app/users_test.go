package app_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/demo"
)

// TestAdminCannotLockThemselfOut: beheer may change their own name, but not
// disable or demote their own account (the last administrator would lock the
// municipality out).
func TestAdminCannotLockThemselfOut(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		admin := f.actor(wijkregie.RoleAdmin)
		self := *f.users[wijkregie.RoleAdmin]

		tests := []struct {
			name   string
			change func() error
			code   string
		}{
			{"disable", func() error { u := self; u.Active = false; return f.svc.UpdateUser(f.ctx, admin, &u) }, wijkregie.ECONFLICT},
			{"demote", func() error { u := self; u.Role = wijkregie.RolePolicy; return f.svc.UpdateUser(f.ctx, admin, &u) }, wijkregie.ECONFLICT},
			{"demote to professional", func() error {
				u := self
				u.Role, u.TeamID = wijkregie.RoleProfessional, f.users[wijkregie.RoleProfessional].TeamID
				return f.svc.UpdateUser(f.ctx, admin, &u)
			}, wijkregie.ECONFLICT},
			{"SetUserActive false", func() error { return f.svc.SetUserActive(f.ctx, admin, self.ID, false) }, wijkregie.ECONFLICT},
			{"rename", func() error { u := self; u.Name = "Nadia Benali-de Vries"; return f.svc.UpdateUser(f.ctx, admin, &u) }, ""},
		}
		for _, tt := range tests {
			got := f.audited(t, func() {
				if err := tt.change(); code(err) != tt.code {
					t.Errorf("%s: %v; want code %q", tt.name, err, tt.code)
				}
			})
			if tt.code != "" && len(got) != 0 {
				t.Errorf("%s: refused, yet audited as %+v", tt.name, got)
			}
		}
		stored, err := f.s.R().User(f.ctx, demo.MunicipalityID, self.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !stored.Active || stored.Role != wijkregie.RoleAdmin || stored.Name != "Nadia Benali-de Vries" {
			t.Errorf("own account is %s, active %v, named %q; want beheer, active, renamed", stored.Role, stored.Active, stored.Name)
		}
		// Another administrator's account is no "own account".
		other := &wijkregie.User{Email: "beheer2@duinhaven.example", Name: "Tweede Beheerder", Role: wijkregie.RoleAdmin}
		if err := f.svc.CreateUser(f.ctx, admin, other, "een lang wachtwoord"); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SetUserActive(f.ctx, admin, other.ID, false); err != nil {
			t.Errorf("disabling another administrator: %v; want success", err)
		}
	})
}

func TestCreateUserValidation(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		admin := f.actor(wijkregie.RoleAdmin)
		tests := []struct {
			name     string
			u        wijkregie.User
			password string
			want     []wijkregie.FieldError
		}{
			{"all field errors at once", wijkregie.User{Email: "geen-adres", Role: wijkregie.RoleProfessional}, "kort",
				[]wijkregie.FieldError{{Name: "email", Message: "veld.email"}, {Name: "naam", Message: "veld.verplicht"}, {Name: "team", Message: "veld.team.verplicht"}, {Name: "wachtwoord", Message: "veld.wachtwoord.kort"}}},
			{"e-mail in use, in another letter case", wijkregie.User{Email: "PROFESSIONAL@duinhaven.example", Name: "Dubbel", Role: wijkregie.RolePolicy}, "een lang wachtwoord",
				[]wijkregie.FieldError{{Name: "email", Message: "veld.email.bestaat"}}},
			{"unknown team", wijkregie.User{Email: "nieuw@duinhaven.example", Name: "Nieuw", Role: wijkregie.RoleProfessional, TeamID: wijkregie.NewID(start)}, "een lang wachtwoord",
				[]wijkregie.FieldError{{Name: "team", Message: "veld.team.onbekend"}}},
		}
		for _, tt := range tests {
			got := f.audited(t, func() {
				err := f.svc.CreateUser(f.ctx, admin, &tt.u, tt.password)
				e, ok := err.(*wijkregie.Error)
				if !ok || e.Code != wijkregie.EINVALID {
					t.Fatalf("%s: %v; want %s", tt.name, err, wijkregie.EINVALID)
				}
				if diff := cmp.Diff(e.Fields, tt.want); diff != "" {
					t.Errorf("%s: field errors (-got +want):\n%s", tt.name, diff)
				}
			})
			if len(got) != 0 {
				t.Errorf("%s: a refused user was audited as %+v", tt.name, got)
			}
		}
	})
}
