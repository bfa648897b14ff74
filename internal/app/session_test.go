package app_test

import (
	"fmt"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
)

// login logs the user in with the demo password and returns the secret.
func (f *fixture) login(t *testing.T, u *wijkregie.User, addr string) string {
	t.Helper()
	secret, got, err := f.svc.Login(f.ctx, demo.MunicipalityID, u.Email, demo.Password, addr)
	if err != nil {
		t.Fatalf("Login %s: %v", u.Email, err)
	}
	if got.ID != u.ID {
		t.Fatalf("Login %s gave user %s; want %s", u.Email, got.ID, u.ID)
	}
	return secret
}

// sessionOK reports whether the secret still names the user's session,
// failing the test for any error but unauthorized.
func (f *fixture) sessionOK(t *testing.T, secret string, u *wijkregie.User) bool {
	t.Helper()
	got, err := f.svc.SessionUser(f.ctx, secret)
	switch code(err) {
	case "":
		if got.ID != u.ID {
			t.Errorf("SessionUser gave user %s; want %s", got.ID, u.ID)
		}
		return true
	case wijkregie.EUNAUTHORIZED:
		return false
	}
	t.Fatalf("SessionUser: %v; want success or unauthorized", err)
	return false
}

func TestSessionExpiry(t *testing.T) {
	every50 := func(n int) []time.Duration {
		out := make([]time.Duration, n)
		for i := range out {
			out[i] = 50 * time.Minute
		}
		return out
	}
	tests := []struct {
		name  string
		steps []time.Duration // clock advances, each followed by a request
		last  bool            // whether the last request still has a session; all before it do
	}{
		{"a request just before the idle limit", []time.Duration{sessionIdle - time.Second}, true},
		{"idle at the limit", []time.Duration{sessionIdle}, false},
		{"idle past the limit", []time.Duration{sessionIdle + time.Second}, false},
		// 0:50, 1:40 (past the first idle expiry at 1:00), 2:30.
		{"requests extend the session", every50(3), true},
		{"idle after extending", append(every50(3), sessionIdle+time.Second), false},
		// 14 × 50 min = 11:40 passes; 15 × 50 min = 12:30 is past the 12 h limit.
		{"active until just before the absolute limit", every50(14), true},
		{"active past the absolute limit", every50(15), false},
		{"the absolute limit holds at the minute", append(every50(14), 19*time.Minute+59*time.Second, 2*time.Second), false},
	}
	each(t, func(t *testing.T, f *fixture) {
		u := f.users[wijkregie.RoleProfessional]
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				f.clock.Set(start)
				secret := f.login(t, u, "192.0.2.10")
				var elapsed time.Duration
				for i, d := range tt.steps {
					f.clock.Advance(d)
					elapsed += d
					want := i < len(tt.steps)-1 || tt.last
					if got := f.sessionOK(t, secret, u); got != want {
						t.Fatalf("request %d at %s after login: session %v; want %v", i+1, elapsed, got, want)
					}
				}
			})
		}
	})
}

func TestSessionsEnd(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		admin := f.actor(wijkregie.RoleAdmin)
		u := f.users[wijkregie.RoleProfessional]
		bystander := f.users[wijkregie.RoleTeamLead]

		t.Run("logout", func(t *testing.T) {
			a, b := f.login(t, u, "192.0.2.20"), f.login(t, u, "192.0.2.21")
			if err := f.svc.Logout(f.ctx, a); err != nil {
				t.Fatalf("Logout: %v", err)
			}
			if f.sessionOK(t, a, u) {
				t.Error("the session is still valid after logout")
			}
			if !f.sessionOK(t, b, u) {
				t.Error("logging out one session ended the user's other session")
			}
			if err := f.svc.Logout(f.ctx, "geen-sessie"); err != nil {
				t.Errorf("Logout of a malformed secret: %v; want nil", err)
			}
		})

		t.Run("disabling the user", func(t *testing.T) {
			a, b, other := f.login(t, u, "192.0.2.22"), f.login(t, u, "192.0.2.23"), f.login(t, bystander, "192.0.2.24")
			if err := f.svc.SetUserActive(f.ctx, admin, u.ID, false); err != nil {
				t.Fatalf("SetUserActive false: %v", err)
			}
			for _, s := range []string{a, b} {
				if f.sessionOK(t, s, u) {
					t.Error("a session is valid after the user was disabled")
				}
			}
			if _, _, err := f.svc.Login(f.ctx, demo.MunicipalityID, u.Email, demo.Password, "192.0.2.25"); code(err) != wijkregie.EUNAUTHORIZED {
				t.Errorf("Login of a disabled user: %v; want %s", err, wijkregie.EUNAUTHORIZED)
			}
			// The sessions were ended, not merely blocked: enabling the
			// user again does not bring them back.
			if err := f.svc.SetUserActive(f.ctx, admin, u.ID, true); err != nil {
				t.Fatalf("SetUserActive true: %v", err)
			}
			for _, s := range []string{a, b} {
				if f.sessionOK(t, s, u) {
					t.Error("an old session is valid again after the user was enabled")
				}
			}
			if !f.sessionOK(t, other, bystander) {
				t.Error("disabling one user ended another user's session")
			}
			f.login(t, u, "192.0.2.26")
		})

		t.Run("resetting the password", func(t *testing.T) {
			a := f.login(t, u, "192.0.2.30")
			const newPassword = "een heel nieuw wachtwoord"
			if err := f.svc.ResetPassword(f.ctx, admin, u.ID, newPassword); err != nil {
				t.Fatalf("ResetPassword: %v", err)
			}
			if f.sessionOK(t, a, u) {
				t.Error("a session is valid after the password was reset")
			}
			if _, _, err := f.svc.Login(f.ctx, demo.MunicipalityID, u.Email, demo.Password, "192.0.2.31"); code(err) != wijkregie.EUNAUTHORIZED {
				t.Errorf("Login with the old password: %v; want %s", err, wijkregie.EUNAUTHORIZED)
			}
			s, _, err := f.svc.Login(f.ctx, demo.MunicipalityID, u.Email, newPassword, "192.0.2.31")
			if err != nil {
				t.Fatalf("Login with the new password: %v", err)
			}
			if !f.sessionOK(t, s, u) {
				t.Error("the new session is not valid")
			}
			if err := f.svc.ResetPassword(f.ctx, admin, u.ID, "kort"); code(err) != wijkregie.EINVALID {
				t.Errorf("ResetPassword to a short password: %v; want %s", err, wijkregie.EINVALID)
			}
			if err := f.svc.ResetPassword(f.ctx, admin, wijkregie.NewID(start), newPassword); code(err) != wijkregie.ENOTFOUND {
				t.Errorf("ResetPassword of no user: %v; want %s", err, wijkregie.ENOTFOUND)
			}
		})

		t.Run("bad secrets", func(t *testing.T) {
			for _, s := range []string{"", "GM9901.kort", demo.MunicipalityID + "." + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "GM0001." + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"} {
				if _, err := f.svc.SessionUser(f.ctx, s); code(err) != wijkregie.EUNAUTHORIZED {
					t.Errorf("SessionUser(%q): %v; want %s", s, err, wijkregie.EUNAUTHORIZED)
				}
			}
		})
	})
}

func TestLoginThrottling(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		login := func(email, password, addr string) error {
			_, _, err := f.svc.Login(f.ctx, demo.MunicipalityID, email, password, addr)
			return err
		}

		t.Run("per account", func(t *testing.T) {
			f.clock.Set(start)
			u := f.users[wijkregie.RolePartner]
			// Five wrong passwords, from five addresses, in any letter case.
			for i, email := range []string{u.Email, u.Email, "PARTNER@duinhaven.example", u.Email, " partner@Duinhaven.example "} {
				if err := login(email, "geraden wachtwoord", fmt.Sprintf("198.51.100.%d", i)); code(err) != wijkregie.EUNAUTHORIZED {
					t.Fatalf("wrong password %d: %v; want %s", i+1, err, wijkregie.EUNAUTHORIZED)
				}
			}
			err := login(u.Email, demo.Password, "198.51.100.99")
			if code(err) != wijkregie.ETHROTTLED || !app.ErrThrottled(err) {
				t.Fatalf("sixth attempt, right password: %v; want %s", err, wijkregie.ETHROTTLED)
			}
			// Other accounts from the same addresses are not affected.
			if err := login(f.users[wijkregie.RoleTeamLead].Email, demo.Password, "198.51.100.0"); err != nil {
				t.Errorf("another account: %v; want success", err)
			}
			f.clock.Advance(15*time.Minute - time.Second)
			if err := login(u.Email, demo.Password, "198.51.100.99"); code(err) != wijkregie.ETHROTTLED {
				t.Errorf("after 14:59: %v; want %s", err, wijkregie.ETHROTTLED)
			}
			f.clock.Advance(time.Second)
			if err := login(u.Email, demo.Password, "198.51.100.99"); err != nil {
				t.Errorf("after 15 minutes: %v; want success", err)
			}
		})

		t.Run("a success clears the account's count", func(t *testing.T) {
			f.clock.Set(start.Add(time.Hour))
			u := f.users[wijkregie.RolePolicy]
			for i := range 4 {
				if err := login(u.Email, "fout", "203.0.113.1"); code(err) != wijkregie.EUNAUTHORIZED {
					t.Fatalf("wrong password %d: %v", i+1, err)
				}
			}
			if err := login(u.Email, demo.Password, "203.0.113.1"); err != nil {
				t.Fatalf("right password: %v", err)
			}
			for i := range 4 {
				if err := login(u.Email, "fout", "203.0.113.2"); code(err) != wijkregie.EUNAUTHORIZED {
					t.Fatalf("wrong password %d after the success: %v; want %s", i+1, err, wijkregie.EUNAUTHORIZED)
				}
			}
		})

		t.Run("per address", func(t *testing.T) {
			f.clock.Set(start.Add(2 * time.Hour))
			users, _, err := f.s.R().Users(f.ctx, demo.MunicipalityID, store.UserFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if len(users) < 22 {
				t.Fatalf("the demo has %d users; the test needs 22", len(users))
			}
			const addr = "2001:db8::1"
			// Twenty failures, one per account, and one for no account at all.
			for i, u := range users[:19] {
				if err := login(u.Email, "fout", addr); code(err) != wijkregie.EUNAUTHORIZED {
					t.Fatalf("failure %d: %v", i+1, err)
				}
			}
			if err := login("niemand@duinhaven.example", "fout", addr); code(err) != wijkregie.EUNAUTHORIZED {
				t.Fatalf("failure 20: %v", err)
			}
			next := users[20]
			if err := login(next.Email, demo.Password, addr); code(err) != wijkregie.ETHROTTLED {
				t.Fatalf("an untouched account from the address: %v; want %s", err, wijkregie.ETHROTTLED)
			}
			if err := login(next.Email, demo.Password, "2001:db8::2"); err != nil {
				t.Errorf("the same account from another address: %v; want success", err)
			}
			f.clock.Advance(15 * time.Minute)
			if err := login(users[21].Email, demo.Password, addr); err != nil {
				t.Errorf("the address after 15 minutes: %v; want success", err)
			}
		})
	})
}
