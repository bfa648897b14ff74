package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"wijkregie"
)

// Session is a logged-in browser. Only a hash of its secret is stored, so a
// copy of the database logs no one in.
type Session struct {
	MunicipalityID string
	IDHash         string
	UserID         string
	CreatedAt      time.Time
	LastSeenAt     time.Time
	ExpiresAt      time.Time
}

// CreateSession stores a new session.
func (q *Q) CreateSession(ctx context.Context, s *Session) error {
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = stamp(s.CreatedAt), stamp(s.LastSeenAt), stamp(s.ExpiresAt)
	_, err := q.x.ExecContext(ctx, `INSERT INTO sessions (municipality_id, id_hash, user_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		s.MunicipalityID, s.IDHash, s.UserID, s.CreatedAt, s.LastSeenAt, s.ExpiresAt)
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// Session returns an unexpired session.
func (q *Q) Session(ctx context.Context, municipalityID, idHash string, now time.Time) (*Session, error) {
	var s Session
	err := q.x.QueryRowContext(ctx, `SELECT municipality_id, id_hash, user_id, created_at, last_seen_at, expires_at FROM sessions
WHERE municipality_id = $1 AND id_hash = $2 AND expires_at > $3`, municipalityID, idHash, now.UTC()).
		Scan(&s.MunicipalityID, &s.IDHash, &s.UserID, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt)
	if err != nil {
		return nil, notFound(err)
	}
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = s.CreatedAt.UTC(), s.LastSeenAt.UTC(), s.ExpiresAt.UTC()
	return &s, nil
}

// TouchSession records activity and moves the idle expiry forward, but
// never past the absolute limit the caller computes.
func (q *Q) TouchSession(ctx context.Context, municipalityID, idHash string, seen, expires time.Time) error {
	_, err := q.x.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $3, expires_at = $4 WHERE municipality_id = $1 AND id_hash = $2`,
		municipalityID, idHash, stamp(seen), stamp(expires))
	return err
}

// DeleteSession logs a session out.
func (q *Q) DeleteSession(ctx context.Context, municipalityID, idHash string) error {
	_, err := q.x.ExecContext(ctx, `DELETE FROM sessions WHERE municipality_id = $1 AND id_hash = $2`, municipalityID, idHash)
	return err
}

// DeleteUserSessions logs a user out everywhere: on disabling the account
// or resetting its password.
func (q *Q) DeleteUserSessions(ctx context.Context, municipalityID, userID string) error {
	_, err := q.x.ExecContext(ctx, `DELETE FROM sessions WHERE municipality_id = $1 AND user_id = $2`, municipalityID, userID)
	return err
}

// DeleteExpiredSessions removes sessions that expired before now.
func (q *Q) DeleteExpiredSessions(ctx context.Context, municipalityID string, now time.Time) (int64, error) {
	res, err := q.x.ExecContext(ctx, `DELETE FROM sessions WHERE municipality_id = $1 AND expires_at <= $2`, municipalityID, now.UTC())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// Token is an API bearer token. Only its hash is stored; the secret is
// shown once, when it is made.
type Token struct {
	MunicipalityID string
	ID             string
	UserID         string
	Name           string
	Hash           string
	CreatedAt      time.Time
	LastUsedAt     time.Time
	RevokedAt      time.Time
}

// CreateToken stores a new token; its id is set here.
func (q *Q) CreateToken(ctx context.Context, t *Token) error {
	t.ID, t.CreatedAt = wijkregie.NewID(q.Now()), q.Now()
	_, err := q.x.ExecContext(ctx, `INSERT INTO api_tokens (municipality_id, id, user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		t.MunicipalityID, t.ID, t.UserID, t.Name, t.Hash, t.CreatedAt)
	if err != nil {
		return fmt.Errorf("create token: %w", err)
	}
	return nil
}

const tokenColumns = `municipality_id, id, user_id, name, token_hash, created_at, last_used_at, revoked_at`

func scanToken(sc interface{ Scan(...any) error }) (*Token, error) {
	var t Token
	var used, revoked sql.NullTime
	if err := sc.Scan(&t.MunicipalityID, &t.ID, &t.UserID, &t.Name, &t.Hash, &t.CreatedAt, &used, &revoked); err != nil {
		return nil, err
	}
	t.CreatedAt, t.LastUsedAt, t.RevokedAt = t.CreatedAt.UTC(), timeOf(used), timeOf(revoked)
	return &t, nil
}

// TokenByHash returns an unrevoked token.
func (q *Q) TokenByHash(ctx context.Context, municipalityID, hash string) (*Token, error) {
	t, err := scanToken(q.x.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE municipality_id = $1 AND token_hash = $2 AND revoked_at IS NULL`, municipalityID, hash))
	if err != nil {
		return nil, notFound(err)
	}
	return t, nil
}

// Tokens lists a user's tokens, newest first, revoked ones included.
func (q *Q) Tokens(ctx context.Context, municipalityID, userID string) ([]Token, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE municipality_id = $1 AND user_id = $2 ORDER BY created_at DESC, id`, municipalityID, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *t)
	}
	return out, rows.Err()
}

// TouchToken records that a token was used.
func (q *Q) TouchToken(ctx context.Context, municipalityID, id string, at time.Time) error {
	_, err := q.x.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $3 WHERE municipality_id = $1 AND id = $2`, municipalityID, id, stamp(at))
	return err
}

// RevokeToken revokes one of a user's tokens at once.
func (q *Q) RevokeToken(ctx context.Context, municipalityID, userID, id string) error {
	res, err := q.x.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $4 WHERE municipality_id = $1 AND user_id = $2 AND id = $3 AND revoked_at IS NULL`,
		municipalityID, userID, id, q.Now())
	return affectedOne(res, err)
}
