package app_test

import (
	"testing"

	"wijkregie"
	"wijkregie/internal/demo"
)

// TestInactiveOrganisationEndsAccess: switching a partner organisation off
// ends its users' sessions and tokens at once, and switching it on again
// restores them.
func TestInactiveOrganisationEndsAccess(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		partner := f.users[wijkregie.RolePartner]
		admin := wijkregie.ActorOf(f.users[wijkregie.RoleAdmin])
		secret, _, err := f.svc.Login(f.ctx, partner.MunicipalityID, partner.Email, demo.Password, "192.0.2.7")
		if err != nil {
			t.Fatal(err)
		}
		token, _, err := f.svc.CreateToken(f.ctx, wijkregie.ActorOf(partner), partner.ID, "koppeling")
		if err != nil {
			t.Fatal(err)
		}
		org, err := f.svc.Organisation(f.ctx, admin, partner.OrganisationID)
		if err != nil {
			t.Fatal(err)
		}
		setActive := func(active bool) {
			t.Helper()
			org.Active = active
			if err := f.svc.SaveOrganisation(f.ctx, admin, org); err != nil {
				t.Fatal(err)
			}
		}
		setActive(false)
		if _, err := f.svc.SessionUser(f.ctx, secret); wijkregie.ErrorCode(err) != wijkregie.EUNAUTHORIZED {
			t.Errorf("session of a user of an inactive organisation: %v; want unauthorized", err)
		}
		if _, err := f.svc.TokenUser(f.ctx, token); wijkregie.ErrorCode(err) != wijkregie.EUNAUTHORIZED {
			t.Errorf("token of a user of an inactive organisation: %v; want unauthorized", err)
		}
		setActive(true)
		if _, err := f.svc.SessionUser(f.ctx, secret); err != nil {
			t.Errorf("session after the organisation is active again: %v", err)
		}
		if _, err := f.svc.TokenUser(f.ctx, token); err != nil {
			t.Errorf("token after the organisation is active again: %v", err)
		}
	})
}
