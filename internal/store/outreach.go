package store

import (
	"context"
	"database/sql"
	"fmt"

	"wijkregie"
)

// One outreach (migration 0021, docs/outreach.md): read with its arrears
// and contact attempts, worked by recording attempts, assigned, and closed
// with an outcome. The outreach's version guards its changes as a case's
// does; the import (arrears.go) creates outreaches and bundles reports
// into them, the lists (outreach_list.go) read many.

const outreachColumns = `o.municipality_id, o.id, o.household_id, o.team_id, o.case_id, o.assigned_to, o.status, o.threatening,
o.deadline, o.opened_at, o.first_contact_at, o.reached_at, o.outcome, o.outcome_note, o.signal_id, o.closed_at, o.closed_by, o.version`

// scanOutreach reads a row of outreachColumns.
func scanOutreach(sc interface{ Scan(...any) error }) (*wijkregie.Outreach, error) {
	var o wijkregie.Outreach
	var team, caseID, assigned, signal, closedBy sql.NullString
	var first, reached, closed sql.NullTime
	var outcome string
	if err := sc.Scan(&o.MunicipalityID, &o.ID, &o.HouseholdID, &team, &caseID, &assigned, &o.Status, &o.Threatening,
		&o.Deadline, &o.OpenedAt, &first, &reached, &outcome, &o.OutcomeNote, &signal, &closed, &closedBy, &o.Version); err != nil {
		return nil, err
	}
	o.TeamID, o.CaseID, o.AssignedTo, o.SignalID, o.ClosedBy = team.String, caseID.String, assigned.String, signal.String, closedBy.String
	o.Outcome = wijkregie.OutcomeCode(outcome)
	o.Deadline, o.OpenedAt = o.Deadline.UTC(), o.OpenedAt.UTC()
	o.FirstContactAt, o.ReachedAt, o.ClosedAt = timeOf(first), timeOf(reached), timeOf(closed)
	return &o, nil
}

// Outreach returns one outreach.
func (q *Q) Outreach(ctx context.Context, municipalityID, id string) (*wijkregie.Outreach, error) {
	o, err := scanOutreach(q.x.QueryRowContext(ctx, `SELECT `+outreachColumns+` FROM outreaches o
WHERE o.municipality_id = $1 AND o.id = $2`, municipalityID, id))
	if err != nil {
		return nil, notFound(err)
	}
	return o, nil
}

const contactColumns = `municipality_id, id, outreach_id, kind, on_date, part_of_day, reached, note, recorded_by, recorded_at`

// OutreachContacts returns the outreach's contact attempts, the earliest
// first (outreach_contacts_by_outreach).
func (q *Q) OutreachContacts(ctx context.Context, municipalityID, outreachID string) ([]wijkregie.ContactAttempt, error) {
	return q.contacts(ctx, `SELECT `+contactColumns+` FROM outreach_contacts WHERE municipality_id = $1 AND outreach_id = $2
ORDER BY on_date, recorded_at, id`, municipalityID, outreachID)
}

func (q *Q) contacts(ctx context.Context, query string, args ...any) ([]wijkregie.ContactAttempt, error) {
	rows, err := q.x.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("outreach contacts: %w", err)
	}
	defer rows.Close()
	var out []wijkregie.ContactAttempt
	for rows.Next() {
		var c wijkregie.ContactAttempt
		if err := rows.Scan(&c.MunicipalityID, &c.ID, &c.OutreachID, &c.Kind, &c.On, &c.PartOfDay, &c.Reached, &c.Note,
			&c.RecordedBy, &c.RecordedAt); err != nil {
			return nil, err
		}
		c.On, c.RecordedAt = c.On.UTC(), c.RecordedAt.UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}

// outreachRefusal says why a change of an open outreach wrote nothing: it
// does not exist, it was closed, or (when version is not 0) it changed
// since version was read.
func (q *Q) outreachRefusal(ctx context.Context, municipalityID, id string, version int) error {
	cur, err := q.Outreach(ctx, municipalityID, id)
	switch {
	case err != nil:
		return err
	case cur.Status != wijkregie.OutreachOpen:
		return wijkregie.Conflict("fout.vroegsignaal.afgerond")
	case version != 0 && cur.Version != version:
		return wijkregie.Conflict("fout.vroegsignaal.gewijzigd")
	}
	return fmt.Errorf("outreach %s: change refused for no known reason", id)
}

// AddContactAttempt records an attempt on an open outreach and returns the
// outreach as it is then: its first contact is the day of its earliest
// attempt, and the day it was first reached the earliest attempt that
// reached the household. Both are days (midnight UTC, as the attempt's
// date), so the time to first contact is counted in days. The id and
// recording time are set here; the caller has validated c. A closed
// outreach takes no attempt: a conflict.
func (q *Q) AddContactAttempt(ctx context.Context, c *wijkregie.ContactAttempt) (*wijkregie.Outreach, error) {
	c.ID, c.RecordedAt, c.On = wijkregie.NewID(q.Now()), q.Now(), date(c.On)
	// The outreach first, so that a closed one refuses before anything
	// is written, and two attempts at once are serialised on its row.
	res, err := q.x.ExecContext(ctx, `UPDATE outreaches SET
first_contact_at = CASE WHEN first_contact_at IS NULL OR first_contact_at > $3 THEN $3 ELSE first_contact_at END,
reached_at = CASE WHEN $4 AND (reached_at IS NULL OR reached_at > $3) THEN $3 ELSE reached_at END,
version = version + 1
WHERE municipality_id = $1 AND id = $2 AND status = $5`, c.MunicipalityID, c.OutreachID, c.On, c.Reached, wijkregie.OutreachOpen)
	if err != nil {
		return nil, fmt.Errorf("add contact attempt: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return nil, err
	} else if n == 0 {
		return nil, q.outreachRefusal(ctx, c.MunicipalityID, c.OutreachID, 0)
	}
	_, err = q.x.ExecContext(ctx, `INSERT INTO outreach_contacts (`+contactColumns+`)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		c.MunicipalityID, c.ID, c.OutreachID, c.Kind, c.On, c.PartOfDay, c.Reached, c.Note, c.RecordedBy, c.RecordedAt)
	if isForeignKeyViolation(err) {
		return nil, wijkregie.NotFound()
	}
	if err != nil {
		return nil, fmt.Errorf("add contact attempt: %w", err)
	}
	return q.Outreach(ctx, c.MunicipalityID, c.OutreachID)
}

// AssignOutreach makes userID ("" for nobody) the professional who works
// the open outreach, when version is still the stored one (0: any, for
// the command line); the version goes up. A closed outreach or one
// changed meanwhile is a conflict. Who may be assigned is the caller's
// to decide.
func (q *Q) AssignOutreach(ctx context.Context, municipalityID, id, userID string, version int) (*wijkregie.Outreach, error) {
	res, err := q.x.ExecContext(ctx, `UPDATE outreaches SET assigned_to = $3, version = version + 1
WHERE municipality_id = $1 AND id = $2 AND status = $4 AND ($5 = 0 OR version = $5)`,
		municipalityID, id, nullString(userID), wijkregie.OutreachOpen, version)
	if isForeignKeyViolation(err) {
		return nil, wijkregie.InvalidField("medewerker", "veld.keuze")
	}
	if err != nil {
		return nil, fmt.Errorf("assign outreach: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return nil, err
	} else if n == 0 {
		return nil, q.outreachRefusal(ctx, municipalityID, id, version)
	}
	return q.Outreach(ctx, municipalityID, id)
}

// CloseOutreach writes the outcome the caller set on o (Outcome,
// OutcomeNote, ClosedBy, and the CaseID or SignalID it led to) when o is
// still open at version (0: any); it becomes afgerond now and its version
// goes up. A closed outreach, or one changed meanwhile, is a conflict and
// nothing is written.
func (q *Q) CloseOutreach(ctx context.Context, o *wijkregie.Outreach, version int) error {
	now := q.Now()
	res, err := q.x.ExecContext(ctx, `UPDATE outreaches SET status = $3, outcome = $4, outcome_note = $5, closed_at = $6, closed_by = $7,
case_id = $8, signal_id = $9, version = version + 1
WHERE municipality_id = $1 AND id = $2 AND status = $10 AND ($11 = 0 OR version = $11)`,
		o.MunicipalityID, o.ID, wijkregie.OutreachClosed, o.Outcome, o.OutcomeNote, now, o.ClosedBy,
		nullString(o.CaseID), nullString(o.SignalID), wijkregie.OutreachOpen, version)
	switch {
	case isForeignKeyViolation(err):
		return wijkregie.NotFound()
	case isCheckViolation(err):
		return wijkregie.InvalidField("resultaat", "veld.keuze")
	case err != nil:
		return fmt.Errorf("close outreach: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return q.outreachRefusal(ctx, o.MunicipalityID, o.ID, version)
	}
	cur, err := q.Outreach(ctx, o.MunicipalityID, o.ID)
	if err != nil {
		return err
	}
	*o = *cur
	return nil
}

// HouseholdOutreaches returns the outreaches of the households, the
// earliest opened first, for the inzage (outreaches_open_by_household
// serves only the open one; a household has few).
func (q *Q) HouseholdOutreaches(ctx context.Context, municipalityID string, householdIDs []string) ([]wijkregie.Outreach, error) {
	if len(householdIDs) == 0 {
		return nil, nil
	}
	a := &sqlArgs{list: []any{municipalityID}}
	in := inList(a, householdIDs)
	rows, err := q.x.QueryContext(ctx, `SELECT `+outreachColumns+` FROM outreaches o
WHERE o.municipality_id = $1 AND o.household_id IN (`+in+`) ORDER BY o.opened_at, o.id`, a.list...)
	if err != nil {
		return nil, fmt.Errorf("household outreaches: %w", err)
	}
	defer rows.Close()
	var out []wijkregie.Outreach
	for rows.Next() {
		o, err := scanOutreach(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *o)
	}
	return out, rows.Err()
}

// OutreachesContacts returns the contact attempts of the outreaches, by
// outreach and the earliest first.
func (q *Q) OutreachesContacts(ctx context.Context, municipalityID string, outreachIDs []string) ([]wijkregie.ContactAttempt, error) {
	if len(outreachIDs) == 0 {
		return nil, nil
	}
	a := &sqlArgs{list: []any{municipalityID}}
	in := inList(a, outreachIDs)
	return q.contacts(ctx, `SELECT `+contactColumns+` FROM outreach_contacts WHERE municipality_id = $1 AND outreach_id IN (`+in+`)
ORDER BY outreach_id, on_date, recorded_at, id`, a.list...)
}

// Retention (docs/privacy.md, "Bewaartermijnen"): an outreach follows the
// signals' period, counted from its closing. Then it is anonymised, as a
// signal is: it stays for the monitor's figures (team, dates, threat,
// outcome), with an anonymous stand-in household in place of the family,
// no note, and no link to the case or signal it led to; its attempts keep
// their kind, day and whether they reached anyone, not their notes. The
// conditions below pass their arguments as retention.go's do ($1 the
// municipality, $6 a batch's size, $8 the signals' cutoff as a
// TIMESTAMPTZ, which closed_at is).

// outreachEndedSQL: the outreach aliased a was closed, and the signals'
// period from its closing has run out; whether it was anonymised already
// is asked apart. Reports bundled into it follow it (arrears.go).
func outreachEndedSQL(a string) string {
	return fmt.Sprintf(`(%[1]s.status = '%[2]s' AND %[1]s.closed_at <= $8)`, a, wijkregie.OutreachClosed)
}

// outreachExpiredSQL: the outreach is to be anonymised: ended, and still
// pointing to the family rather than to a stand-in.
func outreachExpiredSQL(a string) string {
	return fmt.Sprintf(`%[2]s AND NOT EXISTS (SELECT 1 FROM households %[1]sh WHERE %[1]sh.municipality_id = %[1]s.municipality_id
AND %[1]sh.id = %[1]s.household_id AND %[1]sh.anonymised_at IS NOT NULL)`, a, outreachEndedSQL(a))
}

// expiredOutreachCount counts the outreaches a run would anonymise.
func (q *Q) expiredOutreachCount(ctx context.Context, municipalityID string, c wijkregie.RetentionCutoffs) (int, error) {
	query, args := usedArgs(`SELECT COUNT(*) FROM outreaches o WHERE o.municipality_id = $1 AND `+outreachExpiredSQL("o"),
		cutoffArgs(municipalityID, c, 0, ""))
	var n int
	if err := q.x.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("retention counts: outreaches: %w", err)
	}
	return n, nil
}

// ExpiredOutreaches returns up to limit outreaches to anonymise at the
// cutoffs, the earliest closed first.
func (q *Q) ExpiredOutreaches(ctx context.Context, municipalityID string, c wijkregie.RetentionCutoffs, limit int) ([]string, error) {
	return q.retentionIDs(ctx, `SELECT o.id FROM outreaches o WHERE o.municipality_id = $1 AND `+outreachExpiredSQL("o")+`
ORDER BY o.closed_at, o.id LIMIT $6`, municipalityID, c, limit, "")
}

// AnonymiseOutreaches anonymises the outreaches ids: each gets a stand-in
// household of its own (the postcode's four digits and the town, as an
// anonymised case's, no team), its note goes and so do its links to a
// case or signal; its attempts' notes go. Run it in the transaction that
// audits it.
func (q *Q) AnonymiseOutreaches(ctx context.Context, municipalityID string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	now := q.Now()
	for _, id := range ids {
		var pc, town string
		if err := q.x.QueryRowContext(ctx, `SELECT h.postcode, h.town FROM outreaches o JOIN households h ON h.municipality_id = o.municipality_id
AND h.id = o.household_id WHERE o.municipality_id = $1 AND o.id = $2`, municipalityID, id).Scan(&pc, &town); err != nil {
			return fmt.Errorf("anonymise outreach: %w", notFound(err))
		}
		if len(pc) > 4 {
			pc = pc[:4]
		}
		stand := wijkregie.NewID(now)
		if _, err := q.x.ExecContext(ctx, `INSERT INTO households (municipality_id, id, street, number, addition, postcode, town, team_id, created_at, anonymised_at)
VALUES ($1, $2, '', 0, '', $3, $4, NULL, $5, $6)`, municipalityID, stand, pc, town, now, now); err != nil {
			return fmt.Errorf("anonymise outreach: stand-in household: %w", err)
		}
		if _, err := q.x.ExecContext(ctx, `UPDATE outreaches SET household_id = $3, outcome_note = '', case_id = NULL, signal_id = NULL
WHERE municipality_id = $1 AND id = $2`, municipalityID, id, stand); err != nil {
			return fmt.Errorf("anonymise outreach: %w", err)
		}
	}
	return q.execEach(ctx, municipalityID, ids, `UPDATE outreach_contacts SET note = '' WHERE municipality_id = $1 AND outreach_id IN (IDS)`)
}
