package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"wijkregie"
	"wijkregie/internal/bsnkey"
)

// SecondFactor is a user's TOTP authenticator (auth.CheckTOTP): the
// secret, when the user confirmed it with a first code (zero until then),
// and the last time step a code was accepted for.
type SecondFactor struct {
	MunicipalityID string
	UserID         string
	Secret         []byte
	CreatedAt      time.Time
	ConfirmedAt    time.Time
	LastStep       int64
}

// Confirmed reports whether the user proved their app holds the secret.
func (f *SecondFactor) Confirmed() bool { return !f.ConfirmedAt.IsZero() }

// The secret is sealed with the BSN key ring (bsnkey.Keyring.Seal): a copy
// of the database without the key file then holds no usable second
// factor. What it is bound to names the purpose and the user, so a sealed
// secret moved to another user's row, or into a BSN column, does not open.
func secondFactorBinding(municipalityID, userID string) string {
	return municipalityID + "\x00totp\x00" + userID
}

// PutSecondFactor stores a new, unconfirmed secret for the user, replacing
// any they had: setting up again starts over.
func (q *Q) PutSecondFactor(ctx context.Context, f *SecondFactor) error {
	sealed, err := q.keys.Seal(secondFactorBinding(f.MunicipalityID, f.UserID), string(f.Secret))
	if err != nil {
		return fmt.Errorf("seal second factor: %w", err)
	}
	f.CreatedAt, f.ConfirmedAt, f.LastStep = q.Now(), time.Time{}, 0
	if _, err := q.x.ExecContext(ctx, `DELETE FROM second_factors WHERE municipality_id = $1 AND user_id = $2`, f.MunicipalityID, f.UserID); err != nil {
		return fmt.Errorf("put second factor: %w", err)
	}
	_, err = q.x.ExecContext(ctx, `INSERT INTO second_factors (municipality_id, user_id, secret_sealed, created_at, last_step) VALUES ($1, $2, $3, $4, 0)`,
		f.MunicipalityID, f.UserID, sealed, f.CreatedAt)
	if err != nil {
		return fmt.Errorf("put second factor: %w", err)
	}
	return nil
}

// SecondFactor returns the user's second factor, not found when they have
// none.
func (q *Q) SecondFactor(ctx context.Context, municipalityID, userID string) (*SecondFactor, error) {
	f := SecondFactor{MunicipalityID: municipalityID, UserID: userID}
	var sealed string
	var confirmed sql.NullTime
	err := q.x.QueryRowContext(ctx, `SELECT secret_sealed, created_at, confirmed_at, last_step FROM second_factors WHERE municipality_id = $1 AND user_id = $2`,
		municipalityID, userID).Scan(&sealed, &f.CreatedAt, &confirmed, &f.LastStep)
	if err != nil {
		return nil, notFound(err)
	}
	secret, err := q.keys.Open(secondFactorBinding(municipalityID, userID), sealed)
	if errors.Is(err, bsnkey.ErrUnknownKey) {
		// Sealed with a key since removed from the ring after a rotation
		// (docs/privacy.md): the user sets up a new one, as after a lost
		// phone. A secret that is damaged stays an error.
		return nil, wijkregie.NotFound()
	}
	if err != nil {
		return nil, fmt.Errorf("second factor: %w", err)
	}
	f.Secret, f.CreatedAt, f.ConfirmedAt = []byte(secret), f.CreatedAt.UTC(), timeOf(confirmed)
	return &f, nil
}

// UseSecondFactorStep records that a code of step was accepted, and
// confirms the factor if it was not yet. It refuses (conflict) a step not
// later than the last one: of two requests with the same code at the
// same moment, one wins.
func (q *Q) UseSecondFactorStep(ctx context.Context, municipalityID, userID string, step int64) error {
	res, err := q.x.ExecContext(ctx, `UPDATE second_factors SET last_step = $3, confirmed_at = COALESCE(confirmed_at, $4)
WHERE municipality_id = $1 AND user_id = $2 AND last_step < $3`, municipalityID, userID, step, q.Now())
	return affectedOneOr(res, err, errStepUsed)
}

var errStepUsed = wijkregie.Conflict("fout.tweedefactor.code")

// DeleteSecondFactor removes the user's second factor: beheer does so for
// a user who lost their phone, who then sets up a new one.
func (q *Q) DeleteSecondFactor(ctx context.Context, municipalityID, userID string) error {
	res, err := q.x.ExecContext(ctx, `DELETE FROM second_factors WHERE municipality_id = $1 AND user_id = $2`, municipalityID, userID)
	return affectedOne(res, err)
}

// SetSessionSecondFactor marks a session as having shown the second factor
// until until (zero: not at all).
func (q *Q) SetSessionSecondFactor(ctx context.Context, municipalityID, idHash string, until time.Time) error {
	res, err := q.x.ExecContext(ctx, `UPDATE sessions SET second_factor_until = $3 WHERE municipality_id = $1 AND id_hash = $2`,
		municipalityID, idHash, nullTime(until))
	return affectedOne(res, err)
}

// SessionSecondFactor returns until when a session has shown the second
// factor; zero when it has not.
func (q *Q) SessionSecondFactor(ctx context.Context, municipalityID, idHash string) (time.Time, error) {
	var until sql.NullTime
	err := q.x.QueryRowContext(ctx, `SELECT second_factor_until FROM sessions WHERE municipality_id = $1 AND id_hash = $2`,
		municipalityID, idHash).Scan(&until)
	if err != nil {
		return time.Time{}, notFound(err)
	}
	return timeOf(until), nil
}
