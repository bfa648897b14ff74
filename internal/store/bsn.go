package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"wijkregie/internal/bsnkey"
)

// The BSN at rest (issue 5; docs/privacy.md): persons.bsn_versleuteld holds
// it sealed (bsnkey.Keyring.Seal, bound to the municipality) and
// persons.bsn_hash its keyed hash under the key current when it was sealed,
// which the unique index persons_by_bsn_hash and the search by BSN use. No
// column holds the number itself, so a dump of the database shows none.

// BSNKeyError is a key file that cannot be used: missing where it must be,
// readable by others, malformed or weak.
type BSNKeyError struct {
	Path string // the key file, when the key came from one
	Err  error
}

func (e *BSNKeyError) Error() string {
	if e.Path == "" {
		return "bsn key: " + e.Err.Error()
	}
	return "bsn key " + e.Path + ": " + e.Err.Error()
}

func (e *BSNKeyError) Unwrap() error { return e.Err }

// ErrBSNKeyMismatch is the refusal of a store whose BSNs were sealed with a
// key that the keyring lacks: the key file was lost or replaced, or the
// wrong one was given. The store would work, but every BSN would be
// unreadable and unfindable, and new ones sealed with a key that the old
// ones do not share; restoring the right key is the only repair.
type ErrBSNKeyMismatch struct {
	KeyID string // the key a stored BSN names
	Keys  []string
}

func (e *ErrBSNKeyMismatch) Error() string {
	return fmt.Sprintf("the store holds BSNs sealed with key %q, which the BSN keys given (%s) cannot open: restore that key", e.KeyID, strings.Join(e.Keys, ", "))
}

// sealBSN returns what the store keeps of a municipality's BSN: sealed,
// and its hash; NULL and NULL for none.
func (q *Q) sealBSN(municipalityID, digits string) (sealed, hash sql.NullString, err error) {
	if digits == "" {
		return sql.NullString{}, sql.NullString{}, nil
	}
	s, err := q.keys.Seal(municipalityID, digits)
	if err != nil {
		return sql.NullString{}, sql.NullString{}, fmt.Errorf("seal bsn: %w", err)
	}
	return nullString(s), nullString(q.keys.Hash(municipalityID, digits)), nil
}

// openBSN returns the BSN sealed in a stored value, "" for NULL.
func (q *Q) openBSN(municipalityID string, sealed sql.NullString) (string, error) {
	if !sealed.Valid {
		return "", nil
	}
	bsn, err := q.keys.Open(municipalityID, sealed.String)
	if err != nil {
		return "", fmt.Errorf("bsn: %w", err)
	}
	return bsn, nil
}

// bsnTakenByOlderKey reports whether a municipality's BSN is stored with
// the hash of a key other than the current one. Outside a rotation there is
// no such key and nothing is asked. During one, the unique index sees the
// current key's hash only, while records not yet rotated carry an older
// one: this look-up, in the writing transaction, is what keeps such a BSN
// from being registered twice. (On PostgreSQL a record being rotated at the
// same moment carries either hash, and either is caught: the old one here,
// the new one by the index.)
func (q *Q) bsnTakenByOlderKey(ctx context.Context, municipalityID, digits string) (bool, error) {
	older := q.keys.Hashes(municipalityID, digits)[1:]
	if len(older) == 0 {
		return false, nil
	}
	args, marks := appendMarks([]any{municipalityID}, older)
	var n int
	err := q.x.QueryRowContext(ctx, `SELECT COUNT(*) FROM persons WHERE municipality_id = $1 AND bsn_hash IN (`+marks+`)`, args...).Scan(&n)
	return n > 0, err
}

// appendMarks appends values to a statement's arguments and returns them
// with the values' placeholders, "$2, $3", for an IN list.
func appendMarks(args []any, values []string) ([]any, string) {
	marks := make([]string, len(values))
	for i, v := range values {
		args = append(args, v)
		marks[i] = fmt.Sprintf("$%d", len(args))
	}
	return args, strings.Join(marks, ", ")
}

// bsnBatch is how many BSNs the conversion and the rotation seal per
// statement round: few enough to hold in memory and, for the rotation, to
// lose little work when it is cut off.
const bsnBatch = 500

// sealPlainBSNs is migration 0011's Go step, run in its transaction right
// after its SQL: SQL cannot encrypt, so the SQL moved every plaintext BSN to
// bsn_conversion and dropped the column; this seals and hashes them into
// persons, batch by batch, and drops that table. One transaction: an
// interrupted conversion leaves the store as it was before 0011, and the
// next start does it all again. It returns how many it sealed.
func sealPlainBSNs(ctx context.Context, q *Q) (int, error) {
	type plain struct{ m, id, bsn string }
	done := 0
	lastM, lastID := "", ""
	for {
		// Keyset pagination on the primary key: each batch starts where
		// the previous ended, without rereading what was done.
		rows, err := q.x.QueryContext(ctx, `SELECT municipality_id, person_id, bsn FROM bsn_conversion
WHERE (municipality_id, person_id) > ($1, $2)
ORDER BY municipality_id, person_id LIMIT $3`, lastM, lastID, bsnBatch)
		if err != nil {
			return done, fmt.Errorf("bsn conversion: %w", err)
		}
		var batch []plain
		for rows.Next() {
			var p plain
			if err := rows.Scan(&p.m, &p.id, &p.bsn); err != nil {
				rows.Close()
				return done, err
			}
			batch = append(batch, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return done, err
		}
		if len(batch) == 0 {
			break
		}
		for _, p := range batch {
			sealed, hash, err := q.sealBSN(p.m, strings.TrimSpace(p.bsn))
			if err != nil {
				return done, err
			}
			if _, err := q.x.ExecContext(ctx, `UPDATE persons SET bsn_versleuteld = $3, bsn_hash = $4 WHERE municipality_id = $1 AND id = $2`,
				p.m, p.id, sealed, hash); err != nil {
				return done, fmt.Errorf("bsn conversion: %w", err)
			}
		}
		done += len(batch)
		lastM, lastID = batch[len(batch)-1].m, batch[len(batch)-1].id
	}
	if _, err := q.x.ExecContext(ctx, `DROP TABLE bsn_conversion`); err != nil {
		return done, fmt.Errorf("bsn conversion: %w", err)
	}
	return done, nil
}

// CheckBSNKeys refuses BSN keys that do not open what the store holds
// (ErrBSNKeyMismatch): it opens one stored BSN. That catches the mistake
// that matters, a key file lost and made anew or the wrong file given,
// before anything is sealed with it; a store in which only some records
// name a key the ring lacks (an older key dropped before its rotation
// ended) is found by BSNsToRotate, and each such record fails on reading.
// Migrate calls it.
func (s *Store) CheckBSNKeys(ctx context.Context) error {
	q := s.R()
	var m, sealed string
	err := q.x.QueryRowContext(ctx, `SELECT municipality_id, bsn_versleuteld FROM persons WHERE bsn_versleuteld IS NOT NULL LIMIT 1`).Scan(&m, &sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := s.keys.Open(m, sealed); err != nil {
		if errors.Is(err, bsnkey.ErrUnknownKey) || errors.Is(err, bsnkey.ErrDamaged) {
			return &ErrBSNKeyMismatch{KeyID: bsnkey.KeyID(sealed), Keys: s.keys.IDs()}
		}
		return err
	}
	return nil
}

// notCurrentKey is the condition on persons for a BSN sealed with a key
// other than the current one; $2 is the current key's prefix pattern.
// Key ids hold no LIKE wildcards (bsnkey's id pattern).
const notCurrentKey = `bsn_versleuteld IS NOT NULL AND bsn_versleuteld NOT LIKE $2`

// BSNsToRotate counts a municipality's BSNs sealed with a key other than
// the current one.
func (q *Q) BSNsToRotate(ctx context.Context, municipalityID string) (int64, error) {
	var total int64
	for _, table := range sealedBSNTables {
		var n int64
		if err := q.x.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE municipality_id = $1 AND `+notCurrentKey,
			municipalityID, q.keys.Current()+":%").Scan(&n); err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}

// sealedBSNTables are the tables that hold a sealed BSN: the persons, and
// the creditors' reports, which keep the debtor as delivered.
var sealedBSNTables = []string{"persons", "arrears"}

// RotateBSNs seals again with the current key, and hashes again, every BSN
// of the municipality sealed with another key of the ring, and returns how
// many. It works in batches of bsnBatch persons, each its own transaction
// through the primary key, so the store stays usable meanwhile and a run
// that is cut off keeps what it did: the next run skips what is sealed with
// the current key already. progress, when set, is told each batch's count.
// A BSN sealed with a key the ring lacks stops it (bsnkey.ErrUnknownKey):
// the ring must hold every key still in use.
func (s *Store) RotateBSNs(ctx context.Context, municipalityID string, progress func(int64)) (int64, error) {
	var done int64
	for _, table := range sealedBSNTables {
		n, err := s.rotateBSNs(ctx, table, municipalityID, progress)
		done += n
		if err != nil {
			return done, err
		}
	}
	return done, nil
}

// rotateBSNs is RotateBSNs for one table of sealedBSNTables.
func (s *Store) rotateBSNs(ctx context.Context, table, municipalityID string, progress func(int64)) (int64, error) {
	var done int64
	after := ""
	for {
		n := 0
		err := s.Tx(ctx, func(q *Q) error {
			type row struct{ id, sealed string }
			rows, err := q.x.QueryContext(ctx, `SELECT id, bsn_versleuteld FROM `+table+`
WHERE municipality_id = $1 AND `+notCurrentKey+` AND id > $3
ORDER BY id LIMIT $4`, municipalityID, q.keys.Current()+":%", after, bsnBatch)
			if err != nil {
				return err
			}
			var batch []row
			for rows.Next() {
				var r row
				if err := rows.Scan(&r.id, &r.sealed); err != nil {
					rows.Close()
					return err
				}
				batch = append(batch, r)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, r := range batch {
				bsn, err := q.keys.Open(municipalityID, r.sealed)
				if err != nil {
					return fmt.Errorf("rotate bsn of %s %s: %w", table, r.id, err)
				}
				sealed, hash, err := q.sealBSN(municipalityID, bsn)
				if err != nil {
					return err
				}
				// Only if unchanged since the read: a merge may have moved
				// the BSN meanwhile, and sealed it with the current key.
				if _, err := q.x.ExecContext(ctx, `UPDATE `+table+` SET bsn_versleuteld = $3, bsn_hash = $4
WHERE municipality_id = $1 AND id = $2 AND bsn_versleuteld = $5`, municipalityID, r.id, sealed, hash, r.sealed); err != nil {
					return fmt.Errorf("rotate bsn: %w", err)
				}
			}
			if len(batch) > 0 {
				after = batch[len(batch)-1].id
			}
			n = len(batch)
			return nil
		})
		if err != nil {
			return done, err
		}
		if n == 0 {
			return done, nil
		}
		done += int64(n)
		if progress != nil {
			progress(int64(n))
		}
	}
}
