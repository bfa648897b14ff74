package app_test

import (
	"testing"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/store"
)

// The sociale kaart holds no personal data: reading it leaves no record,
// but every change beheer makes is in the audit log.

func TestAuditOfCatalogue(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		admin, pro := f.actor(wijkregie.RoleAdmin), f.actor(wijkregie.RoleProfessional)
		sv := &wijkregie.Service{Name: "Repaircafé De Duinen", Description: "Samen spullen repareren.",
			Domains: []string{"tijdsbesteding", "sociaal-netwerk"}, TargetGroup: wijkregie.TargetEveryone,
			Address: "Kerkstraat 3, Duinhaven", OpeningHours: "za 10.00–13.00"}

		steps := []struct {
			name string
			do   func() error
			want func() []entry
		}{
			{"SaveService new", func() error { return f.svc.SaveService(f.ctx, admin, sv) },
				func() []entry {
					return []entry{rec(admin, "sociale-kaart.aanmaken", "dienst", sv.ID, "", app.PurposeAdmin, wijkregie.AuditAllowed)}
				}},
			{"SaveService existing", func() error { sv.Areas = []string{"2581-2583"}; return f.svc.SaveService(f.ctx, admin, sv) },
				func() []entry {
					return []entry{rec(admin, "sociale-kaart.wijzigen", "dienst", sv.ID, "", app.PurposeAdmin, wijkregie.AuditAllowed)}
				}},
			{"Service", func() error { _, err := f.svc.Service(f.ctx, pro, sv.ID); return err },
				func() []entry { return nil }},
			{"Services", func() error {
				_, _, err := f.svc.Services(f.ctx, pro, store.ServiceFilter{Domain: "tijdsbesteding", Postcode: "2582AB"})
				return err
			}, func() []entry { return nil }},
		}
		for _, st := range steps {
			got := f.audited(t, func() {
				if err := st.do(); err != nil {
					t.Fatalf("%s: %v", st.name, err)
				}
			})
			want := st.want()
			if len(want) > 0 && want[0].Subject == "" {
				t.Fatalf("%s: no subject id was set", st.name)
			}
			if diff := diffEntries(got, want); diff != "" {
				t.Errorf("%s: audit records (-got +want):\n%s", st.name, diff)
			}
		}

		// A role without the right changes nothing and leaves nothing.
		got := f.audited(t, func() {
			other := &wijkregie.Service{Name: "Stiekeme dienst", Description: "x", Domains: []string{"justitie"}, TargetGroup: wijkregie.TargetEveryone, Phone: "1"}
			if err := f.svc.SaveService(f.ctx, pro, other); code(err) != wijkregie.EFORBIDDEN {
				t.Errorf("SaveService by a professional: %v; want forbidden", err)
			}
			sv.Name = "Overgenomen"
			if err := f.svc.SaveService(f.ctx, pro, sv); code(err) != wijkregie.EFORBIDDEN {
				t.Errorf("SaveService of an existing entry by a professional: %v; want forbidden", err)
			}
		})
		if len(got) != 0 {
			t.Errorf("refused changes left audit records: %+v", got)
		}
	})
}

func TestInactiveServicesOnlyForBeheer(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		admin := f.actor(wijkregie.RoleAdmin)
		sv := &wijkregie.Service{Name: "Oude inloop", Description: "Gestopt.", Domains: []string{"financien"},
			TargetGroup: wijkregie.TargetAdults, Phone: "0120 40 00 01"}
		if err := f.svc.SaveService(f.ctx, admin, sv); err != nil {
			t.Fatal(err)
		}
		sv.Active = false
		if err := f.svc.SaveService(f.ctx, admin, sv); err != nil {
			t.Fatal(err)
		}
		listed := func(a wijkregie.Actor) bool {
			t.Helper()
			// ActiveOnly false is what a caller asks; the use case decides.
			list, _, err := f.svc.Services(f.ctx, a, store.ServiceFilter{Query: "oude inloop"})
			if err != nil {
				t.Fatalf("Services as %s: %v", a.Role, err)
			}
			return len(list) == 1 && list[0].ID == sv.ID
		}
		for _, role := range wijkregie.Roles {
			a := f.actor(role)
			want := role == wijkregie.RoleAdmin
			if got := listed(a); got != want {
				t.Errorf("inactive service listed for %s = %v; want %v", role, got, want)
			}
			_, err := f.svc.Service(f.ctx, a, sv.ID)
			if wantCode := map[bool]string{true: "", false: wijkregie.ENOTFOUND}[want]; code(err) != wantCode {
				t.Errorf("Service(inactive) as %s: %v; want code %q", role, err, wantCode)
			}
		}
		if _, err := f.svc.Service(f.ctx, admin, "geen-id"); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("Service(geen-id) = %v; want not found", err)
		}
		if _, _, err := f.svc.Services(f.ctx, wijkregie.Actor{}, store.ServiceFilter{}); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("Services without an actor = %v; want forbidden", err)
		}
	})
}
