package store

import (
	"context"
	"fmt"

	"wijkregie"
)

// MergePersons merges the record dupID (a duplicate) into keepID (the
// record that stays), inside the caller's transaction; the caller writes
// the audit records in the same one.
//
// Everything that names the duplicate is made to name the record that
// stays: its memberships of households (members) and its signals. The
// audit log is not: it is append-only, and its records on the duplicate's
// id are the history of that record. A membership of the duplicate is
// dropped only where the record that stays already has one that it would
// collide with: the same household from the same day (the primary key), or
// an open one in the same household (members_one_open). The record that
// stays wins; every other membership, earlier or later, is kept as
// history.
//
// The duplicate is not deleted: it is marked merged into the record that
// stays, by byUserID, now. The record that stays takes from it what it
// lacks (mergeFields): the BSN, the birth date, the phone number and the
// e-mail address. Both records having a BSN, different ones, is a conflict
// (fout.samenvoegen.bsn_verschilt): two numbers mean two people, or an
// error that a person must look into first.
//
// keepID that does not exist is not found; dupID that does not exist, or
// equals keepID, is a field error on duplicaat; either record merged
// already is a conflict. The records are changed only where they are not
// merged (merged_into IS NULL), so of two merges of one record at the same
// time one finds the conflict, on either engine.
func (q *Q) MergePersons(ctx context.Context, municipalityID, keepID, dupID, byUserID string) error {
	if keepID == dupID {
		return wijkregie.InvalidField("duplicaat", "veld.duplicaat.zelfde")
	}
	keep, err := q.Person(ctx, municipalityID, keepID)
	if err != nil {
		return err
	}
	dup, err := q.Person(ctx, municipalityID, dupID)
	if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
		return wijkregie.InvalidField("duplicaat", "veld.duplicaat.onbekend")
	}
	if err != nil {
		return err
	}
	movesBSN := keep.BSN == "" && dup.BSN != ""
	if err := mergeFields(keep, dup); err != nil {
		return err
	}
	now := q.Now()

	// The duplicate first: marking it frees its BSN for the record that
	// stays (persons_by_bsn_hash is unique per municipality). A BSN that
	// moves leaves the duplicate, sealed and hashed, and is sealed again
	// for the record that stays with the current key.
	clearBSN := ""
	if movesBSN {
		clearBSN = `, bsn_versleuteld = NULL, bsn_hash = NULL`
	}
	res, err := q.x.ExecContext(ctx, `UPDATE persons SET merged_into = $3, merged_at = $4, merged_by = $5`+clearBSN+`
WHERE municipality_id = $1 AND id = $2 AND merged_into IS NULL`, municipalityID, dupID, keepID, now, byUserID)
	// Both updates touch only a record not yet merged: no row means it was
	// merged in the meantime.
	if err := affectedOneOr(res, err, wijkregie.Conflict("fout.samenvoegen.al_samengevoegd")); err != nil {
		return fmt.Errorf("merge persons: duplicate: %w", err)
	}
	// Records merged into the duplicate earlier lead to the one that
	// stays, so every merged record is one step from a resident's record.
	if _, err := q.x.ExecContext(ctx, `UPDATE persons SET merged_into = $3 WHERE municipality_id = $1 AND merged_into = $2`,
		municipalityID, dupID, keepID); err != nil {
		return fmt.Errorf("merge persons: earlier merges: %w", err)
	}
	setBSN := ""
	args := []any{municipalityID, keepID, nullDate(keep.BirthDate), keep.Phone, keep.Email}
	if movesBSN {
		sealed, hash, err := q.sealBSN(municipalityID, keep.BSN.Digits())
		if err != nil {
			return err
		}
		setBSN = `, bsn_versleuteld = $6, bsn_hash = $7`
		args = append(args, sealed, hash)
	}
	res, err = q.x.ExecContext(ctx, `UPDATE persons SET birth_date = $3, phone = $4, email = $5`+setBSN+`
WHERE municipality_id = $1 AND id = $2 AND merged_into IS NULL`, args...)
	if isUniqueViolation(err) {
		// Only a BSN registered since the read can collide.
		return wijkregie.Conflict("fout.samenvoegen.bsn_verschilt")
	}
	if err := affectedOneOr(res, err, wijkregie.Conflict("fout.samenvoegen.al_samengevoegd")); err != nil {
		return fmt.Errorf("merge persons: keep: %w", err)
	}

	// Memberships: drop the duplicate's that would collide, move the rest.
	if _, err := q.x.ExecContext(ctx, `DELETE FROM members
WHERE municipality_id = $1 AND person_id = $3 AND EXISTS (
  SELECT 1 FROM members k
  WHERE k.municipality_id = members.municipality_id AND k.household_id = members.household_id AND k.person_id = $2
    AND (k.from_date = members.from_date OR (k.until_date IS NULL AND members.until_date IS NULL)))`,
		municipalityID, keepID, dupID); err != nil {
		return fmt.Errorf("merge persons: colliding memberships: %w", err)
	}
	if _, err := q.x.ExecContext(ctx, `UPDATE members SET person_id = $2 WHERE municipality_id = $1 AND person_id = $3`,
		municipalityID, keepID, dupID); err != nil {
		return fmt.Errorf("merge persons: memberships: %w", err)
	}
	if _, err := q.x.ExecContext(ctx, `UPDATE signals SET person_id = $2 WHERE municipality_id = $1 AND person_id = $3`,
		municipalityID, keepID, dupID); err != nil {
		return fmt.Errorf("merge persons: signals: %w", err)
	}
	return nil
}

// mergeFields refuses a merge the records' state forbids and fills what
// keep lacks from dup: BSN, birth date, phone, e-mail. Keep's own values
// win; names are keep's, as the professional chose that record to stay.
func mergeFields(keep, dup *wijkregie.Person) error {
	if keep.MergedInto != "" || dup.MergedInto != "" {
		return wijkregie.Conflict("fout.samenvoegen.al_samengevoegd")
	}
	if keep.BSN != "" && dup.BSN != "" && keep.BSN.Digits() != dup.BSN.Digits() {
		return wijkregie.Conflict("fout.samenvoegen.bsn_verschilt")
	}
	if keep.BSN == "" {
		keep.BSN = dup.BSN
	}
	if keep.BirthDate.IsZero() {
		keep.BirthDate = dup.BirthDate
	}
	if keep.Phone == "" {
		keep.Phone = dup.Phone
	}
	if keep.Email == "" {
		keep.Email = dup.Email
	}
	return nil
}
