package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"wijkregie"
)

// Mijn Plan access (migration 0022; docs/mijnplan.md): inlogcodes, resident
// sessions and OpenID Connect logins under way. Each stores hashes of its
// secrets only, as sessions and API tokens do.

const loginCodeColumns = `municipality_id, id, person_id, household_id, case_id, code_hash, issued_by, issued_at, expires_at, failures, used_at, voided_at`

func scanLoginCode(sc interface{ Scan(...any) error }) (*wijkregie.LoginCode, error) {
	var c wijkregie.LoginCode
	var used, voided sql.NullTime
	if err := sc.Scan(&c.MunicipalityID, &c.ID, &c.PersonID, &c.HouseholdID, &c.CaseID, &c.CodeHash, &c.IssuedBy,
		&c.IssuedAt, &c.ExpiresAt, &c.Failures, &used, &voided); err != nil {
		return nil, err
	}
	c.IssuedAt, c.ExpiresAt, c.UsedAt, c.VoidedAt = c.IssuedAt.UTC(), c.ExpiresAt.UTC(), timeOf(used), timeOf(voided)
	return &c, nil
}

// CreateLoginCode stores a new inlogcode (its id is set here) and voids the
// person's earlier codes that are still unused: only the newest counts.
func (q *Q) CreateLoginCode(ctx context.Context, c *wijkregie.LoginCode) error {
	c.IssuedAt, c.ExpiresAt = stamp(c.IssuedAt), stamp(c.ExpiresAt)
	if _, err := q.x.ExecContext(ctx, `UPDATE resident_login_codes SET voided_at = $3
WHERE municipality_id = $1 AND person_id = $2 AND used_at IS NULL AND voided_at IS NULL`, c.MunicipalityID, c.PersonID, c.IssuedAt); err != nil {
		return fmt.Errorf("void login codes: %w", err)
	}
	c.ID = wijkregie.NewID(c.IssuedAt)
	_, err := q.x.ExecContext(ctx, `INSERT INTO resident_login_codes (`+loginCodeColumns+`)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, NULL, NULL)`,
		c.MunicipalityID, c.ID, c.PersonID, c.HouseholdID, c.CaseID, c.CodeHash, c.IssuedBy, c.IssuedAt, c.ExpiresAt)
	if isUniqueViolation(err) {
		// Two codes alike in one municipality: the caller draws again.
		return wijkregie.Errorf(wijkregie.ECONFLICT, "fout.conflict")
	}
	if err != nil {
		return fmt.Errorf("create login code: %w", err)
	}
	return nil
}

// LoginCodeByHash returns the code with the hash, whatever its state: the
// caller decides whether it may still be used (LoginCode.Usable).
func (q *Q) LoginCodeByHash(ctx context.Context, municipalityID, codeHash string) (*wijkregie.LoginCode, error) {
	c, err := scanLoginCode(q.x.QueryRowContext(ctx, `SELECT `+loginCodeColumns+` FROM resident_login_codes
WHERE municipality_id = $1 AND code_hash = $2`, municipalityID, codeHash))
	if err != nil {
		return nil, notFound(err)
	}
	return c, nil
}

// LoginCodes returns a person's codes, newest first (the inzage export).
func (q *Q) LoginCodes(ctx context.Context, municipalityID, personID string) ([]wijkregie.LoginCode, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+loginCodeColumns+` FROM resident_login_codes
WHERE municipality_id = $1 AND person_id = $2 ORDER BY issued_at DESC, id DESC`, municipalityID, personID)
	if err != nil {
		return nil, fmt.Errorf("login codes: %w", err)
	}
	defer rows.Close()
	var out []wijkregie.LoginCode
	for rows.Next() {
		c, err := scanLoginCode(rows)
		if err != nil {
			return nil, fmt.Errorf("login codes: %w", err)
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

// FailLoginCode counts a wrong birth date given with a code, and voids the
// code at the limit. It returns the failures counted so far.
func (q *Q) FailLoginCode(ctx context.Context, municipalityID, id string, now time.Time) (int, error) {
	var n int
	err := q.x.QueryRowContext(ctx, `UPDATE resident_login_codes SET failures = failures + 1,
voided_at = CASE WHEN failures + 1 >= $3 AND voided_at IS NULL THEN $4 ELSE voided_at END
WHERE municipality_id = $1 AND id = $2 RETURNING failures`, municipalityID, id, wijkregie.LoginCodeMaxFailures, stamp(now)).Scan(&n)
	if err != nil {
		return 0, notFound(err)
	}
	return n, nil
}

// UseLoginCode marks a code used, once: a second use of one code (two
// logins racing) finds it used and gets a conflict.
func (q *Q) UseLoginCode(ctx context.Context, municipalityID, id string, now time.Time) error {
	res, err := q.x.ExecContext(ctx, `UPDATE resident_login_codes SET used_at = $3
WHERE municipality_id = $1 AND id = $2 AND used_at IS NULL AND voided_at IS NULL AND expires_at > $3`, municipalityID, id, stamp(now))
	if err != nil {
		return fmt.Errorf("use login code: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return wijkregie.Errorf(wijkregie.ECONFLICT, "fout.conflict")
	}
	return nil
}

// ResidentSession is a resident's logged-in browser; as Session, for a
// person. Method says how they logged in: "inlogcode" or "oidc".
type ResidentSession struct {
	MunicipalityID string
	IDHash         string
	PersonID       string
	Method         string
	CreatedAt      time.Time
	LastSeenAt     time.Time
	ExpiresAt      time.Time
}

// The ways a resident logs in, as ResidentSession.Method records them.
const (
	ResidentByCode = "inlogcode"
	ResidentByOIDC = "oidc"
)

// CreateResidentSession stores a new resident session.
func (q *Q) CreateResidentSession(ctx context.Context, s *ResidentSession) error {
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = stamp(s.CreatedAt), stamp(s.LastSeenAt), stamp(s.ExpiresAt)
	_, err := q.x.ExecContext(ctx, `INSERT INTO resident_sessions (municipality_id, id_hash, person_id, method, created_at, last_seen_at, expires_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)`, s.MunicipalityID, s.IDHash, s.PersonID, s.Method, s.CreatedAt, s.LastSeenAt, s.ExpiresAt)
	if err != nil {
		return fmt.Errorf("create resident session: %w", err)
	}
	return nil
}

// ResidentSession returns an unexpired resident session.
func (q *Q) ResidentSession(ctx context.Context, municipalityID, idHash string, now time.Time) (*ResidentSession, error) {
	var s ResidentSession
	err := q.x.QueryRowContext(ctx, `SELECT municipality_id, id_hash, person_id, method, created_at, last_seen_at, expires_at FROM resident_sessions
WHERE municipality_id = $1 AND id_hash = $2 AND expires_at > $3`, municipalityID, idHash, now.UTC()).
		Scan(&s.MunicipalityID, &s.IDHash, &s.PersonID, &s.Method, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt)
	if err != nil {
		return nil, notFound(err)
	}
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = s.CreatedAt.UTC(), s.LastSeenAt.UTC(), s.ExpiresAt.UTC()
	return &s, nil
}

// TouchResidentSession records activity and moves the idle expiry forward
// to the expiry the caller computed (never past the absolute limit).
func (q *Q) TouchResidentSession(ctx context.Context, municipalityID, idHash string, seen, expires time.Time) error {
	_, err := q.x.ExecContext(ctx, `UPDATE resident_sessions SET last_seen_at = $3, expires_at = $4 WHERE municipality_id = $1 AND id_hash = $2`,
		municipalityID, idHash, stamp(seen), stamp(expires))
	return err
}

// DeleteResidentSession logs a resident session out.
func (q *Q) DeleteResidentSession(ctx context.Context, municipalityID, idHash string) error {
	_, err := q.x.ExecContext(ctx, `DELETE FROM resident_sessions WHERE municipality_id = $1 AND id_hash = $2`, municipalityID, idHash)
	return err
}

// DeletePersonResidentAccess removes a person's codes and sessions: on
// erasure and when retention removes the person.
func (q *Q) DeletePersonResidentAccess(ctx context.Context, municipalityID, personID string) error {
	if _, err := q.x.ExecContext(ctx, `DELETE FROM resident_sessions WHERE municipality_id = $1 AND person_id = $2`, municipalityID, personID); err != nil {
		return fmt.Errorf("delete resident sessions: %w", err)
	}
	if _, err := q.x.ExecContext(ctx, `DELETE FROM resident_login_codes WHERE municipality_id = $1 AND person_id = $2`, municipalityID, personID); err != nil {
		return fmt.Errorf("delete login codes: %w", err)
	}
	return nil
}

// OIDCLogin is an OpenID Connect login under way: what the callback needs
// to finish it, found by the hash of the state it sent.
type OIDCLogin struct {
	MunicipalityID string
	StateHash      string
	Nonce          string
	Verifier       string // the PKCE code verifier
	CreatedAt      time.Time
	ExpiresAt      time.Time
}

// CreateOIDCLogin stores a login under way.
func (q *Q) CreateOIDCLogin(ctx context.Context, l *OIDCLogin) error {
	l.CreatedAt, l.ExpiresAt = stamp(l.CreatedAt), stamp(l.ExpiresAt)
	_, err := q.x.ExecContext(ctx, `INSERT INTO resident_oidc_logins (municipality_id, state_hash, nonce, verifier, created_at, expires_at)
VALUES ($1, $2, $3, $4, $5, $6)`, l.MunicipalityID, l.StateHash, l.Nonce, l.Verifier, l.CreatedAt, l.ExpiresAt)
	if err != nil {
		return fmt.Errorf("create oidc login: %w", err)
	}
	return nil
}

// TakeOIDCLogin returns an unexpired login under way and deletes it, so a
// state can be answered once.
func (q *Q) TakeOIDCLogin(ctx context.Context, municipalityID, stateHash string, now time.Time) (*OIDCLogin, error) {
	var l OIDCLogin
	err := q.x.QueryRowContext(ctx, `DELETE FROM resident_oidc_logins WHERE municipality_id = $1 AND state_hash = $2
RETURNING municipality_id, state_hash, nonce, verifier, created_at, expires_at`, municipalityID, stateHash).
		Scan(&l.MunicipalityID, &l.StateHash, &l.Nonce, &l.Verifier, &l.CreatedAt, &l.ExpiresAt)
	if err != nil {
		return nil, notFound(err)
	}
	l.CreatedAt, l.ExpiresAt = l.CreatedAt.UTC(), l.ExpiresAt.UTC()
	if !now.Before(l.ExpiresAt) {
		return nil, wijkregie.NotFound()
	}
	return &l, nil
}

// DeleteExpiredResidentAccess removes a municipality's expired resident
// sessions, OIDC logins under way, and codes that can no longer be used
// and are a day old (kept that long so a refused login can be explained).
func (q *Q) DeleteExpiredResidentAccess(ctx context.Context, municipalityID string, now time.Time) (int64, error) {
	var n int64
	for _, st := range []struct {
		sql string
		at  time.Time
	}{
		{`DELETE FROM resident_sessions WHERE municipality_id = $1 AND expires_at <= $2`, now},
		{`DELETE FROM resident_oidc_logins WHERE municipality_id = $1 AND expires_at <= $2`, now},
		{`DELETE FROM resident_login_codes WHERE municipality_id = $1 AND expires_at <= $2`, now.Add(-24 * time.Hour)},
	} {
		res, err := q.x.ExecContext(ctx, st.sql, municipalityID, st.at.UTC())
		if err != nil {
			return n, fmt.Errorf("delete expired resident access: %w", err)
		}
		d, _ := res.RowsAffected()
		n += d
	}
	return n, nil
}

// PersonIDByBSN returns the id of the municipality's person (not a
// merged record) whose BSN is digits, found by its keyed hash under any
// key of the keyring: the OpenID Connect login's match. The BSN itself is
// neither stored nor logged here.
func (q *Q) PersonIDByBSN(ctx context.Context, municipalityID, digits string) (string, error) {
	hashes := q.keys.Hashes(municipalityID, digits)
	if len(hashes) == 0 {
		return "", wijkregie.NotFound()
	}
	args, marks := appendMarks([]any{municipalityID}, hashes)
	var id string
	err := q.x.QueryRowContext(ctx, `SELECT id FROM persons WHERE municipality_id = $1 AND merged_into IS NULL AND bsn_hash IN (`+marks+`)`, args...).Scan(&id)
	if err != nil {
		return "", notFound(err)
	}
	return id, nil
}
