package app

import (
	"context"
	"errors"
	"time"

	"wijkregie"
	"wijkregie/internal/auth"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// The audit log is read with a second factor (NEN 7513: protect the log at
// least as well as the data; docs/privacy.md, "Het auditlog"). Its readers
// — beheer, the log manager, and the privacy officer — set up a TOTP
// authenticator on their account page. A web session that shows a code is
// stepped up for StepUpFor; an API request carries a fresh code in a
// header. A code is accepted once (auth.CheckTOTP), and wrong codes are
// throttled per account as wrong passwords are.

// StepUpFor is how long a web session stays stepped up after a code.
const StepUpFor = 15 * time.Minute

// Audit actions of the second factor (kind aanmelden).
const (
	actionSecondFactorSetup  = "tweede-factor.instellen"
	actionSecondFactorCheck  = "tweede-factor.controleren"
	actionSecondFactorRemove = "tweede-factor.verwijderen"
)

// totpIssuer names the service in the user's authenticator app.
const totpIssuer = "Wijkregie"

// StepUp is proof that the actor showed their second factor, until when.
// Only this package makes one, by checking a code or a stepped-up session;
// AuditLog wants one, so no caller can read the log without.
type StepUp struct {
	userID string
	until  time.Time
}

// Until is when the proof ends; zero for none.
func (p StepUp) Until() time.Time { return p.until }

func (p StepUp) holds(actor wijkregie.Actor, now time.Time) bool {
	return p.userID != "" && p.userID == actor.UserID && now.Before(p.until)
}

// errStepUpNeeded is AuditLog's answer without a valid StepUp.
var errStepUpNeeded = wijkregie.Errorf(wijkregie.EUNAUTHORIZED, "fout.tweedefactor.nodig")

// ErrStepUpNeeded reports whether err asks for the second factor.
func ErrStepUpNeeded(err error) bool {
	var e *wijkregie.Error
	return errors.As(err, &e) && e.Code == wijkregie.EUNAUTHORIZED && e.Message == errStepUpNeeded.Message
}

// SecondFactorState is what the account page shows of a user's second
// factor.
type SecondFactorState struct {
	Needed    bool // the user's role reads the audit log
	Confirmed bool // set up and proven with a first code
	Pending   *SecondFactorSetup
	StepUp    StepUp // the session's current step-up, if any
}

// SecondFactorSetup is an authenticator to be added to the user's app.
type SecondFactorSetup struct {
	Secret string // base32, in groups of four
	URI    string // otpauth://
}

// needsSecondFactor reports whether the actor's role reads the audit log,
// and so sets up a second factor.
func needsSecondFactor(actor wijkregie.Actor) bool { return policy.Allows(actor, policy.ViewAuditLog) }

func sessionKey(secret string) (mid, hash string, ok bool) {
	mid, ok = auth.ParseSessionSecret(secret)
	return mid, auth.HashSecret(secret), ok
}

// SessionStepUp returns the step-up of the actor's web session: a zero
// StepUp when the session showed no code or its 15 minutes are over.
func (s *Service) SessionStepUp(ctx context.Context, actor wijkregie.Actor, session string) (StepUp, error) {
	mid, hash, ok := sessionKey(session)
	if !ok || mid != actor.MunicipalityID {
		return StepUp{}, nil
	}
	until, err := s.store.R().SessionSecondFactor(ctx, mid, hash)
	if err != nil {
		return StepUp{}, unauthorizedIfNotFound(err)
	}
	p := StepUp{userID: actor.UserID, until: until}
	if !p.holds(actor, s.Now()) {
		return StepUp{}, nil
	}
	return p, nil
}

// SecondFactor returns the state of the actor's second factor, for the
// account page.
func (s *Service) SecondFactor(ctx context.Context, actor wijkregie.Actor, session string) (*SecondFactorState, error) {
	if err := s.allow(actor, policy.ViewOwnAccount); err != nil {
		return nil, err
	}
	st := &SecondFactorState{Needed: needsSecondFactor(actor)}
	f, err := s.store.R().SecondFactor(ctx, actor.MunicipalityID, actor.UserID)
	switch {
	case wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND:
	case err != nil:
		return nil, err
	case f.Confirmed():
		st.Confirmed = true
	default:
		st.Pending, err = s.setupOf(ctx, actor, f.Secret)
		if err != nil {
			return nil, err
		}
	}
	if st.StepUp, err = s.SessionStepUp(ctx, actor, session); err != nil {
		return nil, err
	}
	return st, nil
}

func (s *Service) setupOf(ctx context.Context, actor wijkregie.Actor, secret []byte) (*SecondFactorSetup, error) {
	u, err := s.store.R().User(ctx, actor.MunicipalityID, actor.UserID)
	if err != nil {
		return nil, err
	}
	return &SecondFactorSetup{Secret: auth.GroupTOTPSecret(auth.EncodeTOTPSecret(secret)), URI: auth.TOTPURI(totpIssuer, u.Email, secret)}, nil
}

// StartSecondFactor makes a new authenticator secret for the actor, to be
// confirmed with a first code. Only the audit log's readers have one. A
// user who has a confirmed one replaces it only from a stepped-up session:
// otherwise whoever took over a session could swap in their own phone.
func (s *Service) StartSecondFactor(ctx context.Context, actor wijkregie.Actor, session string) (*SecondFactorSetup, error) {
	if err := s.allow(actor, policy.ViewOwnAccount); err != nil {
		return nil, err
	}
	if !needsSecondFactor(actor) {
		return nil, wijkregie.Forbidden()
	}
	f, err := s.store.R().SecondFactor(ctx, actor.MunicipalityID, actor.UserID)
	if err != nil && wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
		return nil, err
	}
	if err == nil && f.Confirmed() {
		p, err := s.SessionStepUp(ctx, actor, session)
		if err != nil {
			return nil, err
		}
		if !p.holds(actor, s.Now()) {
			return nil, errStepUpNeeded
		}
	}
	secret := auth.NewTOTPSecret()
	err = s.store.Tx(ctx, func(q *store.Q) error {
		if err := q.PutSecondFactor(ctx, &store.SecondFactor{MunicipalityID: actor.MunicipalityID, UserID: actor.UserID, Secret: secret}); err != nil {
			return err
		}
		return q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: actionSecondFactorSetup, SubjectKind: "medewerker", SubjectID: actor.UserID, Purpose: PurposeLogin}))
	})
	if err != nil {
		return nil, err
	}
	return s.setupOf(ctx, actor, secret)
}

// checkCode checks a code against the actor's second factor and uses its
// step, in one transaction with the audit record of the attempt. A wrong
// code counts against the account's throttle, as a wrong password does; a
// right one resets it. pending says whether an unconfirmed factor may be
// checked (the first code confirms it). It returns the field error for
// the form or header, or nil.
func (s *Service) checkCode(ctx context.Context, actor wijkregie.Actor, code string, pending bool, then func(q *store.Q) error) error {
	now := s.Now()
	key := "2fa/" + actor.MunicipalityID + "/" + actor.UserID
	if !s.accounts.Reserve(key, now) {
		return wijkregie.Errorf(wijkregie.ETHROTTLED, "fout.te_veel_pogingen")
	}
	f, err := s.store.R().SecondFactor(ctx, actor.MunicipalityID, actor.UserID)
	if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND || (err == nil && !f.Confirmed() && !pending) {
		s.accounts.Release(key)
		return wijkregie.Errorf(wijkregie.ECONFLICT, "fout.tweedefactor.niet_ingesteld")
	}
	if err != nil {
		return err
	}
	step, ok := auth.CheckTOTP(f.Secret, code, now, f.LastStep)
	ev := wijkregie.Event{Action: actionSecondFactorCheck, SubjectKind: "medewerker", SubjectID: actor.UserID, Purpose: PurposeLogin}
	if !ok {
		ev.Result = wijkregie.AuditDenied
		if err := s.audit(ctx, actor, ev); err != nil {
			return err
		}
		return wijkregie.InvalidField("code", "fout.tweedefactor.code")
	}
	err = s.store.Tx(ctx, func(q *store.Q) error {
		if err := q.UseSecondFactorStep(ctx, actor.MunicipalityID, actor.UserID, step); err != nil {
			return err
		}
		if then != nil {
			if err := then(q); err != nil {
				return err
			}
		}
		return q.AppendAudit(ctx, actor.Record(ev))
	})
	if wijkregie.ErrorCode(err) == wijkregie.ECONFLICT {
		// The same code at the same moment in another request: used.
		return wijkregie.InvalidField("code", "fout.tweedefactor.code")
	}
	if err != nil {
		return err
	}
	s.accounts.Reset(key)
	return nil
}

// ConfirmSecondFactor confirms the actor's new authenticator with its
// first code, and steps the session up: the user just showed it.
func (s *Service) ConfirmSecondFactor(ctx context.Context, actor wijkregie.Actor, session, code string) (StepUp, error) {
	if err := s.allow(actor, policy.ViewOwnAccount); err != nil {
		return StepUp{}, err
	}
	if !needsSecondFactor(actor) {
		return StepUp{}, wijkregie.Forbidden()
	}
	return s.stepUpSession(ctx, actor, session, code, true)
}

// StepUpSession checks a code for the actor's web session and, when it is
// right, steps the session up for StepUpFor.
func (s *Service) StepUpSession(ctx context.Context, actor wijkregie.Actor, session, code string) (StepUp, error) {
	if err := s.allow(actor, policy.ViewAuditLog); err != nil {
		return StepUp{}, err
	}
	return s.stepUpSession(ctx, actor, session, code, false)
}

func (s *Service) stepUpSession(ctx context.Context, actor wijkregie.Actor, session, code string, pending bool) (StepUp, error) {
	mid, hash, ok := sessionKey(session)
	if !ok || mid != actor.MunicipalityID {
		return StepUp{}, errUnauthorized
	}
	until := s.Now().Add(StepUpFor)
	err := s.checkCode(ctx, actor, code, pending, func(q *store.Q) error {
		return unauthorizedIfNotFound(q.SetSessionSecondFactor(ctx, mid, hash, until))
	})
	if err != nil {
		return StepUp{}, err
	}
	return StepUp{userID: actor.UserID, until: until}, nil
}

// StepUpCode checks a code sent with one API request (the header
// Wijkregie-Tweede-Factor) and gives proof for that request alone.
func (s *Service) StepUpCode(ctx context.Context, actor wijkregie.Actor, code string) (StepUp, error) {
	if err := s.allow(actor, policy.ViewAuditLog); err != nil {
		return StepUp{}, err
	}
	if err := s.checkCode(ctx, actor, code, false, nil); err != nil {
		return StepUp{}, err
	}
	// Long enough for the request it came with, and no other.
	return StepUp{userID: actor.UserID, until: s.Now().Add(time.Minute)}, nil
}

// RemoveSecondFactor removes a user's second factor, for one who lost
// their phone: beheer does so (ManageUsers), and the user then sets up a
// new one. Audited.
func (s *Service) RemoveSecondFactor(ctx context.Context, actor wijkregie.Actor, userID string) error {
	if err := s.allow(actor, policy.ManageUsers); err != nil {
		return err
	}
	if !wijkregie.ValidID(userID) {
		return wijkregie.NotFound()
	}
	return s.store.Tx(ctx, func(q *store.Q) error {
		if err := q.DeleteSecondFactor(ctx, actor.MunicipalityID, userID); err != nil {
			return err
		}
		return q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: actionSecondFactorRemove, SubjectKind: "medewerker", SubjectID: userID, Purpose: PurposeAdmin}))
	})
}
