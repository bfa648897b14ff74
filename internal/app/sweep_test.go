package app_test

import (
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/demo"
)

func TestSweepSessionsRemovesOnlyExpiredOnes(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		login := func(role wijkregie.Role) string {
			t.Helper()
			u := f.users[role]
			secret, _, err := f.svc.Login(f.ctx, u.MunicipalityID, u.Email, demo.Password, "192.0.2.8")
			if err != nil {
				t.Fatal(err)
			}
			return secret
		}
		old := login(wijkregie.RoleProfessional)
		f.clock.Advance(sessionIdle + time.Minute)
		fresh := login(wijkregie.RoleTeamLead)
		n, err := f.svc.SweepSessions(f.ctx)
		if err != nil || n != 1 {
			t.Fatalf("SweepSessions = %d, %v; want 1 expired session removed", n, err)
		}
		if _, err := f.svc.SessionUser(f.ctx, fresh); err != nil {
			t.Errorf("the live session was swept: %v", err)
		}
		if _, err := f.svc.SessionUser(f.ctx, old); wijkregie.ErrorCode(err) != wijkregie.EUNAUTHORIZED {
			t.Errorf("the expired session: %v; want unauthorized", err)
		}
	})
}
