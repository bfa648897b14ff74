package app_test

import (
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/auth"
	"wijkregie/internal/store"
)

// setUpSecondFactor sets up and confirms a TOTP authenticator for the
// role's demo account in session, and returns its key.
func (f *fixture) setUpSecondFactor(t *testing.T, r wijkregie.Role, session string) []byte {
	t.Helper()
	setup, err := f.svc.StartSecondFactor(f.ctx, f.actor(r), session)
	if err != nil {
		t.Fatalf("StartSecondFactor: %v", err)
	}
	key, err := auth.DecodeTOTPSecret(strings.ReplaceAll(setup.Secret, " ", ""))
	if err != nil {
		t.Fatalf("the secret shown %q is not base32: %v", setup.Secret, err)
	}
	if _, err := f.svc.ConfirmSecondFactor(f.ctx, f.actor(r), session, auth.TOTP(key, f.clock.Now())); err != nil {
		t.Fatalf("ConfirmSecondFactor: %v", err)
	}
	return key
}

func TestSecondFactorGuardsTheAuditLog(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		admin, pro := f.actor(wijkregie.RoleAdmin), f.actor(wijkregie.RoleProfessional)
		session := f.login(t, f.users[wijkregie.RoleAdmin], "192.0.2.60")

		// Without a second factor the log stays shut, and a code cannot
		// be checked.
		if _, _, _, err := f.svc.AuditLog(f.ctx, admin, app.StepUp{}, store.AuditFilter{}); !app.ErrStepUpNeeded(err) {
			t.Fatalf("AuditLog without a step-up = %v; want the second factor asked for", err)
		}
		if _, err := f.svc.StepUpCode(f.ctx, admin, "123456"); code(err) != wijkregie.ECONFLICT {
			t.Errorf("StepUpCode without a factor = %v; want conflict (not set up)", err)
		}
		// Only the log's readers set one up.
		if _, err := f.svc.StartSecondFactor(f.ctx, pro, f.login(t, f.users[wijkregie.RoleProfessional], "192.0.2.60")); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("StartSecondFactor by a professional = %v; want forbidden", err)
		}

		// Set up: the secret is shown as base32 and as an otpauth URI, and
		// is pending until a first code confirms it.
		setup, err := f.svc.StartSecondFactor(f.ctx, admin, session)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(setup.URI, "otpauth://totp/Wijkregie:") || !strings.Contains(setup.URI, "secret="+strings.ReplaceAll(setup.Secret, " ", "")) {
			t.Errorf("setup = %+v", setup)
		}
		st, err := f.svc.SecondFactor(f.ctx, admin, session)
		if err != nil || !st.Needed || st.Confirmed || st.Pending == nil || st.Pending.Secret != setup.Secret {
			t.Fatalf("SecondFactor while pending = %+v, %v", st, err)
		}
		// A pending factor does not step up.
		key, _ := auth.DecodeTOTPSecret(strings.ReplaceAll(setup.Secret, " ", ""))
		if _, err := f.svc.StepUpSession(f.ctx, admin, session, auth.TOTP(key, f.clock.Now())); code(err) != wijkregie.ECONFLICT {
			t.Errorf("StepUpSession with a pending factor = %v; want conflict", err)
		}
		// A wrong first code is a field error; the right one confirms and
		// steps the session up.
		got := f.audited(t, func() {
			if _, err := f.svc.ConfirmSecondFactor(f.ctx, admin, session, "000000"); code(err) != wijkregie.EINVALID {
				t.Errorf("ConfirmSecondFactor(wrong) = %v; want invalid", err)
			}
		})
		want := []entry{rec(admin, "tweede-factor.controleren", "medewerker", admin.UserID, "", app.PurposeLogin, wijkregie.AuditDenied)}
		if diff := diffEntries(got, want); diff != "" {
			t.Errorf("wrong code: audit records (-got +want):\n%s", diff)
		}
		proof, err := f.svc.ConfirmSecondFactor(f.ctx, admin, session, auth.TOTP(key, f.clock.Now()))
		if err != nil || !proof.Until().Equal(f.clock.Now().Add(app.StepUpFor)) {
			t.Fatalf("ConfirmSecondFactor = %+v, %v", proof, err)
		}
		if _, _, _, err := f.svc.AuditLog(f.ctx, admin, proof, store.AuditFilter{}); err != nil {
			t.Fatalf("AuditLog with the step-up: %v", err)
		}
		// The session holds the step-up for fifteen minutes, then not.
		f.clock.Advance(app.StepUpFor - time.Second)
		if p, err := f.svc.SessionStepUp(f.ctx, admin, session); err != nil || p.Until().IsZero() {
			t.Errorf("SessionStepUp within 15 minutes = %+v, %v", p, err)
		} else if _, _, _, err := f.svc.AuditLog(f.ctx, admin, p, store.AuditFilter{}); err != nil {
			t.Errorf("AuditLog within 15 minutes: %v", err)
		}
		f.clock.Advance(time.Second)
		p, err := f.svc.SessionStepUp(f.ctx, admin, session)
		if err != nil || !p.Until().IsZero() {
			t.Errorf("SessionStepUp after 15 minutes = %+v, %v; want none", p, err)
		}
		if _, _, _, err := f.svc.AuditLog(f.ctx, admin, proof, store.AuditFilter{}); !app.ErrStepUpNeeded(err) {
			t.Errorf("AuditLog with an expired proof = %v; want the second factor asked for", err)
		}
		// Another user's proof is no proof.
		if _, _, _, err := f.svc.AuditLog(f.ctx, f.actor(wijkregie.RolePrivacy), proof, store.AuditFilter{}); !app.ErrStepUpNeeded(err) {
			t.Errorf("AuditLog with another's proof = %v", err)
		}

		// Stepping up again takes a new code: the one used is refused.
		c := auth.TOTP(key, f.clock.Now())
		if _, err := f.svc.StepUpSession(f.ctx, admin, session, c); err != nil {
			t.Fatalf("StepUpSession: %v", err)
		}
		if _, err := f.svc.StepUpCode(f.ctx, admin, c); code(err) != wijkregie.EINVALID {
			t.Errorf("the same code again = %v; want invalid", err)
		}
		f.clock.Advance(auth.TOTPStep)
		p, err = f.svc.StepUpCode(f.ctx, admin, auth.TOTP(key, f.clock.Now()))
		if err != nil {
			t.Fatalf("StepUpCode: %v", err)
		}
		if _, _, _, err := f.svc.AuditLog(f.ctx, admin, p, store.AuditFilter{}); err != nil {
			t.Errorf("AuditLog with a code: %v", err)
		}
		// A confirmed factor is replaced only from a stepped-up session.
		f.clock.Advance(app.StepUpFor)
		if _, err := f.svc.StartSecondFactor(f.ctx, admin, session); !app.ErrStepUpNeeded(err) {
			t.Errorf("StartSecondFactor over a confirmed one without step-up = %v", err)
		}
	})
}

func TestSecondFactorThrottle(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		session := f.login(t, f.users[wijkregie.RolePrivacy], "192.0.2.60")
		key := f.setUpSecondFactor(t, wijkregie.RolePrivacy, session)
		privacy := f.actor(wijkregie.RolePrivacy)
		f.clock.Advance(auth.TOTPStep)
		for i := range 5 {
			if _, err := f.svc.StepUpSession(f.ctx, privacy, session, "000000"); code(err) != wijkregie.EINVALID {
				t.Fatalf("wrong code %d = %v; want invalid", i+1, err)
			}
		}
		// The sixth attempt is refused whatever it holds.
		if _, err := f.svc.StepUpSession(f.ctx, privacy, session, auth.TOTP(key, f.clock.Now())); code(err) != wijkregie.ETHROTTLED {
			t.Errorf("sixth attempt = %v; want throttled", err)
		}
		if _, err := f.svc.StepUpCode(f.ctx, privacy, auth.TOTP(key, f.clock.Now())); code(err) != wijkregie.ETHROTTLED {
			t.Errorf("the API after five wrong codes = %v; want throttled", err)
		}
		// Fifteen minutes later it works again.
		f.clock.Advance(15 * time.Minute)
		if _, err := f.svc.StepUpSession(f.ctx, privacy, session, auth.TOTP(key, f.clock.Now())); err != nil {
			t.Errorf("after the window: %v", err)
		}
		// Beheer removes a lost factor; the user then has none.
		if err := f.svc.RemoveSecondFactor(f.ctx, f.actor(wijkregie.RoleAdmin), privacy.UserID); err != nil {
			t.Fatalf("RemoveSecondFactor: %v", err)
		}
		if st, err := f.svc.SecondFactor(f.ctx, privacy, session); err != nil || st.Confirmed || st.Pending != nil {
			t.Errorf("after removal: %+v, %v", st, err)
		}
		if err := f.svc.RemoveSecondFactor(f.ctx, privacy, privacy.UserID); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("RemoveSecondFactor by the privacy officer = %v; want forbidden", err)
		}
	})
}
