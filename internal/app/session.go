package app

import (
	"context"
	"time"

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
	if !s.addrs.Reserve(clientAddr, now) {
		return "", nil, wijkregie.Errorf(wijkregie.ETHROTTLED, "fout.te_veel_pogingen")
	}
	if !s.accounts.Reserve(acctKey, now) {
		s.addrs.Release(clientAddr)
		return "", nil, wijkregie.Errorf(wijkregie.ETHROTTLED, "fout.te_veel_pogingen")
	}
	// Password hashing takes 19 MiB per check: a bounded number at a time
	// keeps a burst of logins from exhausting memory.
	select {
	case s.hashing <- struct{}{}:
		defer func() { <-s.hashing }()
	case <-ctx.Done():
		return "", nil, ctx.Err()
	}
	fail := func() (string, *wijkregie.User, error) {
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
	s.addrs.Release(clientAddr)
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
	u, err := s.activeUser(ctx, mid, sess.UserID)
	if err != nil {
		return nil, err
	}
	if now.Sub(sess.LastSeenAt) > time.Minute {
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
	u, err := s.activeUser(ctx, mid, t.UserID)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	if now.Sub(t.LastUsedAt) > time.Minute {
		if err := s.store.Tx(ctx, func(q *store.Q) error { return q.TouchToken(ctx, mid, t.ID, now) }); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// activeUser returns a user who may act: their account is active, and so is
// their organisation — switching a partner organisation off ends its users'
// access at once, without disabling each of them.
func (s *Service) activeUser(ctx context.Context, municipalityID, userID string) (*wijkregie.User, error) {
	u, err := s.store.R().User(ctx, municipalityID, userID)
	if err != nil {
		return nil, unauthorizedIfNotFound(err)
	}
	if !u.Active {
		return nil, errUnauthorized
	}
	if u.OrganisationID != "" {
		o, err := s.store.R().Organisation(ctx, municipalityID, u.OrganisationID)
		if err != nil {
			return nil, unauthorizedIfNotFound(err)
		}
		if !o.Active {
			return nil, errUnauthorized
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
func ErrThrottled(err error) bool { return wijkregie.ErrorCode(err) == wijkregie.ETHROTTLED }

// SweepSessions deletes expired sessions of every municipality; serve runs
// it periodically so the sessions table does not grow without end.
func (s *Service) SweepSessions(ctx context.Context) (int64, error) {
	return s.sweep(ctx, (*store.Q).DeleteExpiredSessions)
}

// sweep runs del for every municipality, each in its own transaction, and
// counts what it deleted.
func (s *Service) sweep(ctx context.Context, del func(q *store.Q, ctx context.Context, municipalityID string, now time.Time) (int64, error)) (int64, error) {
	ms, err := s.store.R().Municipalities(ctx)
	if err != nil {
		return 0, err
	}
	var n int64
	for _, m := range ms {
		err := s.store.Tx(ctx, func(q *store.Q) error {
			d, err := del(q, ctx, m.ID, s.Now())
			n += d
			return err
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
