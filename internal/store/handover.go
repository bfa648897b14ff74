package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"wijkregie"
)

// Handovers (migration 0024, docs/overdracht.md): the offers of a case to
// another team, and the household's former addresses. A handover row
// lives in the sending municipality; the receiving team lead's reads go
// across by to_municipality_id, which is why some reads here take the
// reader's municipality rather than the row's.

const handoverColumns = `municipality_id, id, case_id, household_id, kind, status, from_team_id, from_coordinator_id,
to_municipality_id, to_team_id, to_name, to_coordinator_id, received_case_id, reason, decline_reason, overlap_days, overlap_until,
offered_at, offered_by, decided_at, decided_by, closed_at, closed_by, version`

func scanHandover(sc interface{ Scan(...any) error }) (*wijkregie.Handover, error) {
	var h wijkregie.Handover
	var overlap, decided, closed sql.NullTime
	if err := sc.Scan(&h.MunicipalityID, &h.ID, &h.CaseID, &h.HouseholdID, &h.Kind, &h.Status, &h.FromTeamID, &h.FromCoordinatorID,
		&h.ToMunicipalityID, &h.ToTeamID, &h.ToName, &h.ToCoordinatorID, &h.ReceivedCaseID, &h.Reason, &h.DeclineReason, &h.OverlapDays, &overlap,
		&h.OfferedAt, &h.OfferedBy, &decided, &h.DecidedBy, &closed, &h.ClosedBy, &h.Version); err != nil {
		return nil, err
	}
	h.OfferedAt, h.OverlapUntil, h.DecidedAt, h.ClosedAt = h.OfferedAt.UTC(), timeOf(overlap), timeOf(decided), timeOf(closed)
	return &h, nil
}

// CreateHandover stores a new offer at version 1; the id and the moment
// are set here. A case with a running handover already is the conflict
// fout.overdracht.al_open (handovers_one_open).
func (q *Q) CreateHandover(ctx context.Context, h *wijkregie.Handover) error {
	h.ID, h.OfferedAt, h.Version, h.Status = wijkregie.NewID(q.Now()), q.Now(), 1, wijkregie.HandoverOffered
	_, err := q.x.ExecContext(ctx, `INSERT INTO handovers (`+handoverColumns+`)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)`,
		h.MunicipalityID, h.ID, h.CaseID, h.HouseholdID, h.Kind, h.Status, h.FromTeamID, h.FromCoordinatorID,
		h.ToMunicipalityID, h.ToTeamID, h.ToName, h.ToCoordinatorID, h.ReceivedCaseID, h.Reason, h.DeclineReason, h.OverlapDays, nullTime(h.OverlapUntil),
		h.OfferedAt, h.OfferedBy, nullTime(h.DecidedAt), h.DecidedBy, nullTime(h.ClosedAt), h.ClosedBy, h.Version)
	switch {
	case isUniqueViolation(err):
		return wijkregie.Conflict("fout.overdracht.al_open")
	case isForeignKeyViolation(err):
		return wijkregie.NotFound()
	case isCheckViolation(err):
		return wijkregie.InvalidField("overlapDagen", "veld.overdracht.overlap")
	case err != nil:
		return fmt.Errorf("create handover: %w", err)
	}
	return nil
}

// UpdateHandover writes a step of the handover's course when its version
// is still the one read, and raises the version; a handover changed
// meanwhile is the conflict fout.overdracht.gewijzigd.
func (q *Q) UpdateHandover(ctx context.Context, h *wijkregie.Handover) error {
	h.OverlapUntil, h.DecidedAt, h.ClosedAt = stamp(h.OverlapUntil), stamp(h.DecidedAt), stamp(h.ClosedAt)
	res, err := q.x.ExecContext(ctx, `UPDATE handovers SET status = $4, to_coordinator_id = $5, received_case_id = $6, decline_reason = $7,
overlap_until = $8, decided_at = $9, decided_by = $10, closed_at = $11, closed_by = $12, version = version + 1
WHERE municipality_id = $1 AND id = $2 AND version = $3`,
		h.MunicipalityID, h.ID, h.Version, h.Status, h.ToCoordinatorID, h.ReceivedCaseID, h.DeclineReason,
		nullTime(h.OverlapUntil), nullTime(h.DecidedAt), h.DecidedBy, nullTime(h.ClosedAt), h.ClosedBy)
	if isUniqueViolation(err) {
		return wijkregie.Conflict("fout.overdracht.al_open")
	}
	if err := affectedOne(res, err); err != nil {
		if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
			if _, gone := q.Handover(ctx, h.MunicipalityID, h.ID); gone != nil {
				return gone
			}
			return wijkregie.Conflict("fout.overdracht.gewijzigd")
		}
		return fmt.Errorf("update handover: %w", err)
	}
	h.Version++
	return nil
}

// Handover returns one handover of the sending municipality.
func (q *Q) Handover(ctx context.Context, municipalityID, id string) (*wijkregie.Handover, error) {
	h, err := scanHandover(q.x.QueryRowContext(ctx, `SELECT `+handoverColumns+` FROM handovers WHERE municipality_id = $1 AND id = $2`, municipalityID, id))
	if err != nil {
		return nil, notFound(err)
	}
	return h, nil
}

// ReachableHandover returns the handover id as a reader of municipality
// readerMunicipalityID may find it at all: one their municipality sent,
// or one offered to a team of it. Whether they may read it is the
// policy's.
func (q *Q) ReachableHandover(ctx context.Context, readerMunicipalityID, id string) (*wijkregie.Handover, error) {
	h, err := scanHandover(q.x.QueryRowContext(ctx, `SELECT `+handoverColumns+` FROM handovers
WHERE id = $2 AND (municipality_id = $1 OR to_municipality_id = $1)`, readerMunicipalityID, id))
	if err != nil {
		return nil, notFound(err)
	}
	return h, nil
}

func (q *Q) handovers(ctx context.Context, query string, args ...any) ([]wijkregie.Handover, error) {
	rows, err := q.x.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("handovers: %w", err)
	}
	defer rows.Close()
	var out []wijkregie.Handover
	for rows.Next() {
		h, err := scanHandover(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *h)
	}
	return out, rows.Err()
}

// CaseHandovers returns every handover of a case, the latest first.
func (q *Q) CaseHandovers(ctx context.Context, municipalityID, caseID string) ([]wijkregie.Handover, error) {
	return q.handovers(ctx, `SELECT `+handoverColumns+` FROM handovers WHERE municipality_id = $1 AND case_id = $2
ORDER BY offered_at DESC, id DESC`, municipalityID, caseID)
}

// OpenHandover returns the case's running handover, or not found.
func (q *Q) OpenHandover(ctx context.Context, municipalityID, caseID string) (*wijkregie.Handover, error) {
	h, err := scanHandover(q.x.QueryRowContext(ctx, `SELECT `+handoverColumns+` FROM handovers
WHERE municipality_id = $1 AND case_id = $2 AND status IN ($3, $4)`, municipalityID, caseID, wijkregie.HandoverOffered, wijkregie.HandoverAccepted))
	if err != nil {
		return nil, notFound(err)
	}
	return h, nil
}

// maxTeamHandovers bounds a team's list: a team sends and receives a few
// a month, and the list shows the running ones first.
const maxTeamHandovers = 200

// TeamHandovers returns the handovers a team sent (from its municipality)
// and those offered to it (from any municipality on the platform): sent
// and received, the running ones first, then the latest.
func (q *Q) TeamHandovers(ctx context.Context, municipalityID, teamID string) (sent, received []wijkregie.Handover, err error) {
	order := fmt.Sprintf(` ORDER BY CASE WHEN status IN ('%s', '%s') THEN 0 ELSE 1 END, offered_at DESC, id DESC LIMIT %d`,
		wijkregie.HandoverOffered, wijkregie.HandoverAccepted, maxTeamHandovers)
	if sent, err = q.handovers(ctx, `SELECT `+handoverColumns+` FROM handovers WHERE municipality_id = $1 AND from_team_id = $2`+order,
		municipalityID, teamID); err != nil {
		return nil, nil, err
	}
	received, err = q.handovers(ctx, `SELECT `+handoverColumns+` FROM handovers WHERE to_municipality_id = $1 AND to_team_id = $2 AND kind <> $3`+order,
		municipalityID, teamID, wijkregie.HandoverExternal)
	return sent, received, err
}

// MoveCaseToTeam gives the case (as read: a case changed meanwhile is a
// conflict) and its household to another team of the municipality, for
// a handover to that team; the version rises.
func (q *Q) MoveCaseToTeam(ctx context.Context, c *wijkregie.Case, teamID string) error {
	res, err := q.x.ExecContext(ctx, `UPDATE cases SET team_id = $4, version = version + 1 WHERE municipality_id = $1 AND id = $2 AND version = $3`,
		c.MunicipalityID, c.ID, c.Version, teamID)
	if isForeignKeyViolation(err) {
		return wijkregie.InvalidField("team", "veld.team.onbekend")
	}
	if err := affectedOne(res, err); err != nil {
		if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
			return wijkregie.Conflict("fout.casus.gewijzigd")
		}
		return fmt.Errorf("move case: %w", err)
	}
	c.TeamID = teamID
	c.Version++
	if _, err := q.x.ExecContext(ctx, `UPDATE households SET team_id = $3 WHERE municipality_id = $1 AND id = $2`,
		c.MunicipalityID, c.HouseholdID, teamID); err != nil {
		return fmt.Errorf("move case: household: %w", err)
	}
	return nil
}

// ChangeAddress moves a household to ch.New: the address it leaves is
// kept as history with ch's moment, author and proposal, and the
// household gets the new address and teamID (the team that holds it now;
// "" for none). The new address must be valid (the caller validates).
func (q *Q) ChangeAddress(ctx context.Context, ch *wijkregie.AddressChange, teamID string) error {
	ch.ChangedAt = q.Now()
	o, n := ch.Old, ch.New
	if _, err := q.x.ExecContext(ctx, `INSERT INTO household_addresses (municipality_id, household_id, changed_at, street, number, addition,
postcode, town, new_postcode, changed_by, case_id, proposed_team_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		ch.MunicipalityID, ch.HouseholdID, ch.ChangedAt, o.Street, o.Number, o.Addition, o.Postcode, o.Town, n.Postcode, ch.ChangedBy,
		ch.CaseID, ch.ProposedTeamID); err != nil {
		if isUniqueViolation(err) {
			return wijkregie.Conflict("fout.adres.gewijzigd")
		}
		if isForeignKeyViolation(err) {
			return wijkregie.NotFound()
		}
		return fmt.Errorf("change address: %w", err)
	}
	res, err := q.x.ExecContext(ctx, `UPDATE households SET street = $3, number = $4, addition = $5, postcode = $6, town = $7, team_id = $8
WHERE municipality_id = $1 AND id = $2`, ch.MunicipalityID, ch.HouseholdID, n.Street, n.Number, n.Addition, n.Postcode, n.Town, nullString(teamID))
	if isForeignKeyViolation(err) {
		return wijkregie.InvalidField("team", "veld.team.onbekend")
	}
	return affectedOne(res, err)
}

const addressColumns = `municipality_id, household_id, changed_at, street, number, addition, postcode, town, new_postcode, changed_by,
case_id, proposed_team_id`

func scanAddressChange(sc interface{ Scan(...any) error }) (*wijkregie.AddressChange, error) {
	var a wijkregie.AddressChange
	o := &a.Old
	if err := sc.Scan(&a.MunicipalityID, &a.HouseholdID, &a.ChangedAt, &o.Street, &o.Number, &o.Addition, &o.Postcode, &o.Town,
		&a.New.Postcode, &a.ChangedBy, &a.CaseID, &a.ProposedTeamID); err != nil {
		return nil, err
	}
	a.ChangedAt = a.ChangedAt.UTC()
	return &a, nil
}

// AddressHistory returns a household's moves, the latest first: each with
// the address it left and the new address's postcode.
func (q *Q) AddressHistory(ctx context.Context, municipalityID, householdID string) ([]wijkregie.AddressChange, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+addressColumns+` FROM household_addresses WHERE municipality_id = $1 AND household_id = $2
ORDER BY changed_at DESC`, municipalityID, householdID)
	if err != nil {
		return nil, fmt.Errorf("address history: %w", err)
	}
	defer rows.Close()
	var out []wijkregie.AddressChange
	for rows.Next() {
		a, err := scanAddressChange(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *a)
	}
	return out, rows.Err()
}

// HandoverProposal returns the latest move that proposed a handover of
// the case, or not found.
func (q *Q) HandoverProposal(ctx context.Context, municipalityID, caseID string) (*wijkregie.AddressChange, error) {
	a, err := scanAddressChange(q.x.QueryRowContext(ctx, `SELECT `+addressColumns+` FROM household_addresses
WHERE municipality_id = $1 AND case_id = $2 ORDER BY changed_at DESC LIMIT 1`, municipalityID, caseID))
	if err != nil {
		return nil, notFound(err)
	}
	return a, nil
}

// EndOverlap ends, at now, the sending regisseur's read access that a team
// handover's acceptance at acceptedAt gave (an involvement as betrokkene
// until the overlap's end), when the sender completes the handover before
// the overlap ran out.
func (q *Q) EndOverlap(ctx context.Context, municipalityID, householdID string, acceptedAt time.Time) error {
	now := q.Now()
	_, err := q.x.ExecContext(ctx, `UPDATE involvements SET until_at = $4
WHERE municipality_id = $1 AND household_id = $2 AND kind = $3 AND from_at = $5 AND until_at > $4`,
		municipalityID, householdID, wijkregie.InvolvementContributor, now, stamp(acceptedAt))
	if err != nil {
		return fmt.Errorf("end overlap: %w", err)
	}
	return nil
}
