package app

import (
	"context"
	"errors"

	"wijkregie"
	"wijkregie/internal/auth"
	"wijkregie/internal/store"
)

// Municipalities lists the tenants, for the login form.
func (s *Service) Municipalities(ctx context.Context) ([]wijkregie.Municipality, error) {
	return s.store.R().Municipalities(ctx)
}

// Login checks a user's password and starts a session; it returns the
// session secret for the cookie. Failures are throttled per account and per
// client address, and all look alike to the caller.
func (s *Service) Login(ctx context.Context, municipalityID, email, password, clientAddr string) (string, *wijkregie.User, error) {
	now := s.Now()
	acctKey := municipalityID + "/" + wijkregie.NormalizeEmail(email)
	if !s.accounts.Allowed(acctKey, now) || !s.addrs.Allowed(clientAddr, now) {
		return "", nil, wijkregie.Errorf(wijkregie.ETHROTTLED, "fout.te_veel_pogingen")
	}
	fail := func() (string, *wijkregie.User, error) {
		s.accounts.Fail(acctKey, now)
		s.addrs.Fail(clientAddr, now)
		return "", nil, wijkregie.Errorf(wijkregie.EUNAUTHORIZED, "fout.inloggen")
	}
	u, hash, err := s.store.R().UserByEmail(ctx, municipalityID, email)
	if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
		auth.CheckNoUser(password)
		return fail()
	}
	if err != nil {
		return "", nil, err
	}
	if !auth.CheckPassword(hash, password) || !u.Active {
		actor := wijkregie.ActorOf(u)
		if err := s.audit(ctx, actor, wijkregie.Event{Action: "aanmelden", SubjectKind: "medewerker", SubjectID: u.ID, Purpose: PurposeLogin, Result: wijkregie.AuditDenied}); err != nil {
			return "", nil, err
		}
		return fail()
	}
	s.accounts.Reset(acctKey)
	secret := auth.NewSessionSecret(municipalityID)
	sess := &store.Session{MunicipalityID: municipalityID, IDHash: auth.HashSecret(secret), UserID: u.ID,
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.idle)}
	actor := wijkregie.ActorOf(u)
	err = s.store.Tx(ctx, func(q *store.Q) error {
		if err := q.CreateSession(ctx, sess); err != nil {
			return err
		}
		return q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: "aanmelden", SubjectKind: "medewerker", SubjectID: u.ID, Purpose: PurposeLogin}))
	})
	if err != nil {
		return "", nil, err
	}
	return secret, u, nil
}

// SessionUser returns the active user of a session secret, and moves its
// idle expiry forward (at most once a minute, to spare the store a write per
// request). An unknown, expired or disabled session is unauthorized.
func (s *Service) SessionUser(ctx context.Context, secret string) (*wijkregie.User, error) {
	mid, ok := auth.ParseSessionSecret(secret)
	if !ok {
		return nil, errUnauthorized
	}
	now := s.Now()
	hash := auth.HashSecret(secret)
	sess, err := s.store.R().Session(ctx, mid, hash, now)
	if err != nil {
		return nil, unauthorizedIfNotFound(err)
	}
	u, err := s.store.R().User(ctx, mid, sess.UserID)
	if err != nil {
		return nil, unauthorizedIfNotFound(err)
	}
	if !u.Active {
		return nil, errUnauthorized
	}
	if now.Sub(sess.LastSeenAt) > 60e9 {
		exp := now.Add(s.idle)
		if limit := sess.CreatedAt.Add(s.max); exp.After(limit) {
			exp = limit
		}
		if err := s.store.Tx(ctx, func(q *store.Q) error { return q.TouchSession(ctx, mid, hash, now, exp) }); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, secret string) error {
	mid, ok := auth.ParseSessionSecret(secret)
	if !ok {
		return nil
	}
	return s.store.Tx(ctx, func(q *store.Q) error { return q.DeleteSession(ctx, mid, auth.HashSecret(secret)) })
}

// TokenUser returns the active user of an API bearer token.
func (s *Service) TokenUser(ctx context.Context, token string) (*wijkregie.User, error) {
	mid, ok := auth.ParseToken(token)
	if !ok {
		return nil, errUnauthorized
	}
	t, err := s.store.R().TokenByHash(ctx, mid, auth.HashSecret(token))
	if err != nil {
		return nil, unauthorizedIfNotFound(err)
	}
	u, err := s.store.R().User(ctx, mid, t.UserID)
	if err != nil {
		return nil, unauthorizedIfNotFound(err)
	}
	if !u.Active {
		return nil, errUnauthorized
	}
	now := s.Now()
	if now.Sub(t.LastUsedAt) > 60e9 {
		if err := s.store.Tx(ctx, func(q *store.Q) error { return q.TouchToken(ctx, mid, t.ID, now) }); err != nil {
			return nil, err
		}
	}
	return u, nil
}

var errUnauthorized = wijkregie.Errorf(wijkregie.EUNAUTHORIZED, "fout.niet_ingelogd")

func unauthorizedIfNotFound(err error) error {
	if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
		return errUnauthorized
	}
	return err
}

// ErrThrottled reports whether err is a throttled login.
func ErrThrottled(err error) bool {
	var e *wijkregie.Error
	return errors.As(err, &e) && e.Code == wijkregie.ETHROTTLED
}
