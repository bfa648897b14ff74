package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"wijkregie"
)

// The person's other rights (migration 0019; docs/privacy.md, "Rechten
// van betrokkenen"): requests and their decisions, the restriction of
// processing on a person, what the law weighs for an erasure, and the
// information notices sent.

const rightsColumns = `municipality_id, id, person_id, kind, received_on, request, early_destruction, deadline, extended_to,
extension_reason, status, reason, weighing, decided_by, decided_at, recorded_by, recorded_at, version`

func scanRightsRequest(sc interface{ Scan(...any) error }) (*wijkregie.RightsRequest, error) {
	var r wijkregie.RightsRequest
	var ext, decidedAt sql.NullTime
	var decidedBy sql.NullString
	if err := sc.Scan(&r.MunicipalityID, &r.ID, &r.PersonID, &r.Kind, &r.ReceivedOn, &r.Request, &r.EarlyDestruction, &r.Deadline, &ext,
		&r.ExtensionReason, &r.Status, &r.Reason, &r.Weighing, &decidedBy, &decidedAt, &r.RecordedBy, &r.RecordedAt, &r.Version); err != nil {
		return nil, err
	}
	r.ReceivedOn, r.Deadline, r.ExtendedTo = r.ReceivedOn.UTC(), r.Deadline.UTC(), timeOf(ext)
	r.DecidedBy, r.DecidedAt, r.RecordedAt = decidedBy.String, timeOf(decidedAt), r.RecordedAt.UTC()
	return &r, nil
}

// CreateRightsRequest records a request, received and at version 1, with
// its deadline one month after receipt; id and recording time are set
// here.
func (q *Q) CreateRightsRequest(ctx context.Context, r *wijkregie.RightsRequest) error {
	if err := r.Validate(q.Now()); err != nil {
		return err
	}
	r.ID, r.RecordedAt, r.Version, r.Status = wijkregie.NewID(q.Now()), q.Now(), 1, wijkregie.RightsReceived
	r.ReceivedOn = date(r.ReceivedOn)
	r.Deadline = wijkregie.RightsDeadline(r.ReceivedOn)
	_, err := q.x.ExecContext(ctx, `INSERT INTO rights_requests (municipality_id, id, person_id, kind, received_on, request, early_destruction,
deadline, status, recorded_by, recorded_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		r.MunicipalityID, r.ID, r.PersonID, r.Kind, r.ReceivedOn, r.Request, r.EarlyDestruction, r.Deadline, r.Status, r.RecordedBy, r.RecordedAt, r.Version)
	if isForeignKeyViolation(err) {
		return wijkregie.NotFound()
	}
	if err != nil {
		return fmt.Errorf("create rights request: %w", err)
	}
	return nil
}

// RightsRequest returns one request.
func (q *Q) RightsRequest(ctx context.Context, municipalityID, id string) (*wijkregie.RightsRequest, error) {
	r, err := scanRightsRequest(q.x.QueryRowContext(ctx, `SELECT `+rightsColumns+` FROM rights_requests WHERE municipality_id = $1 AND id = $2`,
		municipalityID, id))
	if err != nil {
		return nil, notFound(err)
	}
	return r, nil
}

// RightsRequests returns a page of the municipality's requests: the open
// ones first, by the day they are due (so the overdue lead), then the
// decided ones, the latest first. With open, only the open ones.
func (q *Q) RightsRequests(ctx context.Context, municipalityID string, open bool, page Page) ([]wijkregie.RightsRequest, int, error) {
	cond := ""
	if open {
		cond = ` AND status = '` + string(wijkregie.RightsReceived) + `'`
	}
	page = page.clamp()
	var total int
	if err := q.x.QueryRowContext(ctx, `SELECT COUNT(*) FROM rights_requests WHERE municipality_id = $1`+cond, municipalityID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("rights requests: %w", err)
	}
	rs, err := q.rightsRequests(ctx, `SELECT `+rightsColumns+` FROM rights_requests WHERE municipality_id = $1`+cond+`
ORDER BY CASE WHEN status = '`+string(wijkregie.RightsReceived)+`' THEN 0 ELSE 1 END,
CASE WHEN status = '`+string(wijkregie.RightsReceived)+`' THEN COALESCE(extended_to, deadline) END, decided_at DESC, id
LIMIT $2 OFFSET $3`, municipalityID, page.Limit, page.Offset)
	return rs, total, err
}

// PersonRightsRequests returns the requests of the persons, oldest first
// (the inzage export).
func (q *Q) PersonRightsRequests(ctx context.Context, municipalityID string, personIDs []string) ([]wijkregie.RightsRequest, error) {
	if len(personIDs) == 0 {
		return nil, nil
	}
	args, marks := appendMarks([]any{municipalityID}, personIDs)
	return q.rightsRequests(ctx, `SELECT `+rightsColumns+` FROM rights_requests WHERE municipality_id = $1 AND person_id IN (`+marks+`)
ORDER BY received_on, recorded_at, id`, args...)
}

func (q *Q) rightsRequests(ctx context.Context, query string, args ...any) ([]wijkregie.RightsRequest, error) {
	rows, err := q.x.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("rights requests: %w", err)
	}
	defer rows.Close()
	var out []wijkregie.RightsRequest
	for rows.Next() {
		r, err := scanRightsRequest(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

// UpdateRightsRequest writes a request's extension and decision when its
// version is still the one read, and raises it; otherwise a conflict.
func (q *Q) UpdateRightsRequest(ctx context.Context, r *wijkregie.RightsRequest) error {
	res, err := q.x.ExecContext(ctx, `UPDATE rights_requests SET extended_to = $3, extension_reason = $4, status = $5, reason = $6, weighing = $7,
decided_by = $8, decided_at = $9, version = version + 1 WHERE municipality_id = $1 AND id = $2 AND version = $10`,
		r.MunicipalityID, r.ID, nullDate(r.ExtendedTo), r.ExtensionReason, r.Status, r.Reason, r.Weighing,
		nullString(r.DecidedBy), nullTime(r.DecidedAt), r.Version)
	if err := affectedOneOr(res, err, wijkregie.Conflict("fout.rechten.gewijzigd")); err != nil {
		return err
	}
	r.Version++
	return nil
}

// Restrict sets a restriction of processing on the person (art. 18).
func (q *Q) Restrict(ctx context.Context, municipalityID string, r *wijkregie.Restriction) error {
	r.At = q.Now()
	res, err := q.x.ExecContext(ctx, `UPDATE persons SET restricted_at = $3, restricted_by = $4, restriction_reason = $5
WHERE municipality_id = $1 AND id = $2`, municipalityID, r.PersonID, r.At, r.By, r.Reason)
	return affectedOneOr(res, err, wijkregie.NotFound())
}

// LiftRestriction ends the person's restriction.
func (q *Q) LiftRestriction(ctx context.Context, municipalityID, personID string) error {
	res, err := q.x.ExecContext(ctx, `UPDATE persons SET restricted_at = NULL, restricted_by = NULL, restriction_reason = ''
WHERE municipality_id = $1 AND id = $2`, municipalityID, personID)
	return affectedOneOr(res, err, wijkregie.NotFound())
}

// Restrictions returns the restrictions that hold on the persons, by
// person id; a person without one is not in the map.
func (q *Q) Restrictions(ctx context.Context, municipalityID string, personIDs []string) (map[string]wijkregie.Restriction, error) {
	out := map[string]wijkregie.Restriction{}
	if len(personIDs) == 0 {
		return out, nil
	}
	args, marks := appendMarks([]any{municipalityID}, personIDs)
	rows, err := q.x.QueryContext(ctx, `SELECT id, restricted_at, COALESCE(restricted_by, ''), restriction_reason FROM persons
WHERE municipality_id = $1 AND id IN (`+marks+`) AND restricted_at IS NOT NULL`, args...)
	if err != nil {
		return nil, fmt.Errorf("restrictions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r wijkregie.Restriction
		if err := rows.Scan(&r.PersonID, &r.At, &r.By, &r.Reason); err != nil {
			return nil, err
		}
		r.At = r.At.UTC()
		out[r.PersonID] = r
	}
	return out, rows.Err()
}

// CorrectPerson writes a rectified person's names, birth date and contact
// details (art. 16). The BSN is not corrected here: a wrong BSN is a
// wrong record, which a merge mends.
func (q *Q) CorrectPerson(ctx context.Context, p *wijkregie.Person) error {
	if err := p.Validate(q.Now()); err != nil {
		return err
	}
	res, err := q.x.ExecContext(ctx, `UPDATE persons SET given_name = $3, prefix = $4, family_name = $5, birth_date = $6, phone = $7, email = $8
WHERE municipality_id = $1 AND id = $2 AND anonymised_at IS NULL`,
		p.MunicipalityID, p.ID, p.GivenName, p.Prefix, p.FamilyName, nullDate(p.BirthDate), p.Phone, p.Email)
	return affectedOneOr(res, err, wijkregie.NotFound())
}

// ErasureFacts reads what the law weighs for erasing the persons (one
// resident and the records merged into it) at now, with the
// municipality's retention periods: the cases of the households they
// belonged to, the Meldcode routes of those cases, their signals without
// a case, and the consents they gave for others. It also returns what an
// erasure would anonymise and remove: the signals without a case, the
// cases whose term has run but that retention has not reached yet, and
// the households that were theirs alone.
func (q *Q) ErasureFacts(ctx context.Context, municipalityID string, personIDs []string, periods wijkregie.RetentionPeriods, now time.Time) (*ErasurePlan, error) {
	p := &ErasurePlan{PersonIDs: personIDs}
	if len(personIDs) == 0 {
		return p, nil
	}
	args, marks := appendMarks([]any{municipalityID}, personIDs)
	ids := func(query string, a ...any) ([]string, error) { return q.queryIDs(ctx, "erasure facts", query, a...) }
	// Their households; those whose members were only they are theirs
	// alone, and go with them.
	households, err := ids(`SELECT DISTINCT household_id FROM members WHERE municipality_id = $1 AND person_id IN (`+marks+`) ORDER BY household_id`, args...)
	if err != nil {
		return nil, err
	}
	if p.Households, err = ids(`SELECT DISTINCT m.household_id FROM members m WHERE m.municipality_id = $1 AND m.person_id IN (`+marks+`)
AND NOT EXISTS (SELECT 1 FROM members o WHERE o.municipality_id = m.municipality_id AND o.household_id = m.household_id
AND o.person_id NOT IN (`+marks+`)) ORDER BY m.household_id`, args...); err != nil {
		return nil, err
	}

	// The cases of their households, and those they were scored in.
	caseArgs, hmarks := appendMarks(slices.Clone(args), append([]string{""}, households...))
	rows, err := q.x.QueryContext(ctx, `SELECT c.id, c.status, c.closed_at, COALESCE(c.legal_ground, ''),
EXISTS (SELECT 1 FROM meldcode_routes r WHERE r.municipality_id = c.municipality_id AND r.case_id = c.id)
FROM cases c WHERE c.municipality_id = $1 AND c.anonymised_at IS NULL AND (c.household_id IN (`+hmarks+`)
OR c.id IN (SELECT a.case_id FROM assessments a JOIN assessment_scores x ON x.municipality_id = a.municipality_id AND x.assessment_id = a.id
WHERE a.municipality_id = $1 AND x.person_id IN (`+marks+`))) ORDER BY c.id`, caseArgs...)
	if err != nil {
		return nil, fmt.Errorf("erasure facts: cases: %w", err)
	}
	for rows.Next() {
		var id, status, ground string
		var closed sql.NullTime
		var meldcode bool
		if err := rows.Scan(&id, &status, &closed, &ground, &meldcode); err != nil {
			rows.Close()
			return nil, err
		}
		p.Facts.Meldcode = p.Facts.Meldcode || meldcode
		st := wijkregie.CaseStatus(status)
		if !closed.Valid || (st != wijkregie.CaseClosed && st != wijkregie.CaseHandedOver) {
			p.Facts.OpenCases++
			continue
		}
		youth := ground == string(wijkregie.GroundJeugdwet)
		period := periods.SocialCase
		if youth {
			period = periods.YouthCase
		}
		until := closed.Time.UTC().AddDate(period.Years, period.Months, 0)
		if until.After(now) {
			p.Facts.RetainedCases = append(p.Facts.RetainedCases, wijkregie.RetainedCase{CaseID: id, Youth: youth, Until: until})
		} else {
			p.ExpiredCases = append(p.ExpiredCases, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// Their signals that did not become a case, and those of the
	// households theirs alone: pending while untriaged or within the
	// objection period of the triage (a signal has one triage).
	sigArgs, amarks := appendMarks(slices.Clone(args), append([]string{""}, p.Households...))
	rows, err = q.x.QueryContext(ctx, `SELECT s.id, s.status, t.decided_at
FROM signals s LEFT JOIN triages t ON t.municipality_id = s.municipality_id AND t.signal_id = s.id WHERE s.municipality_id = $1 AND s.anonymised_at IS NULL AND (s.person_id IN (`+marks+`) OR s.person_id IS NULL AND s.household_id IN (`+amarks+`))
AND t.case_id IS NULL
ORDER BY s.id`, sigArgs...)
	if err != nil {
		return nil, fmt.Errorf("erasure facts: signals: %w", err)
	}
	for rows.Next() {
		var id, status string
		var decided sql.NullTime
		if err := rows.Scan(&id, &status, &decided); err != nil {
			rows.Close()
			return nil, err
		}
		if status == string(wijkregie.SignalNew) || !decided.Valid || decided.Time.Add(wijkregie.ObjectionPeriod).After(now) {
			p.Facts.PendingSignals++
		}
		p.Signals = append(p.Signals, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	if err := q.x.QueryRowContext(ctx, `SELECT COUNT(*) FROM consent_givers g JOIN consents k ON k.municipality_id = g.municipality_id AND k.id = g.consent_id
WHERE g.municipality_id = $1 AND g.person_id IN (`+marks+`) AND k.person_id NOT IN (`+marks+`)`, args...).Scan(&p.Facts.ConsentForOthers); err != nil {
		return nil, fmt.Errorf("erasure facts: consents: %w", err)
	}
	return p, nil
}

// ErasurePlan is what ErasureFacts found: the facts the law weighs, and
// what an allowed erasure changes.
type ErasurePlan struct {
	PersonIDs    []string
	Facts        wijkregie.ErasureFacts
	Signals      []string // without a case: anonymised
	ExpiredCases []string // past their term, not yet anonymised: anonymised
	Households   []string // theirs alone: removed once no case points to them
}

// Erase carries out an allowed erasure with retention's own operations:
// the signals and the cases (the expired ones, and the youth files an
// early destruction removes) are anonymised as retention anonymises
// them, the notices sent to the persons go, the persons are removed with
// their memberships and consents, and the households that were theirs
// alone go when no record points to them any more. It returns the ids of
// the consents removed, for the audit log. Run it in the transaction
// that audits it.
func (q *Q) Erase(ctx context.Context, municipalityID string, p *ErasurePlan, cases []string) ([]string, error) {
	if err := q.AnonymiseSignals(ctx, municipalityID, p.Signals); err != nil {
		return nil, err
	}
	if err := q.AnonymiseCases(ctx, municipalityID, append(slices.Clone(p.ExpiredCases), cases...)); err != nil {
		return nil, err
	}
	if err := q.execEach(ctx, municipalityID, p.PersonIDs,
		`DELETE FROM information_notices WHERE municipality_id = $1 AND person_id IN (IDS)`,
		// A person merged into one of them points to it: the merged
		// records are among the ids, and go first by clearing the link.
		`UPDATE persons SET merged_into = NULL WHERE municipality_id = $1 AND id IN (IDS)`,
		// A creditor's report matched to them keeps what its outreach
		// needs (creditor, kind, amount, dates, the address's household),
		// not the debtor as delivered, nor the reference that names them
		// to the creditor.
		`UPDATE arrears SET reference = id, surname = '', initials = '', prefix = '', birth_date = '1900-01-01',
bsn_versleuteld = NULL, bsn_hash = NULL, content_hash = '', person_id = NULL WHERE municipality_id = $1 AND person_id IN (IDS)`,
	); err != nil {
		return nil, err
	}
	consents, err := q.RemovePersons(ctx, municipalityID, p.PersonIDs)
	if err != nil {
		return nil, err
	}
	var gone []string
	for _, h := range p.Households {
		var n int
		if err := q.x.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM members WHERE municipality_id = $1 AND household_id = $2)
+ (SELECT COUNT(*) FROM cases WHERE municipality_id = $1 AND household_id = $2)
+ (SELECT COUNT(*) FROM signals WHERE municipality_id = $1 AND household_id = $2)
+ (SELECT COUNT(*) FROM outreaches WHERE municipality_id = $1 AND household_id = $2)
+ (SELECT COUNT(*) FROM arrears WHERE municipality_id = $1 AND household_id = $2)`, municipalityID, h).Scan(&n); err != nil {
			return nil, fmt.Errorf("erase: household: %w", err)
		}
		if n == 0 {
			gone = append(gone, h)
		}
	}
	p.Households = gone
	return consents, q.RemoveHouseholds(ctx, municipalityID, gone)
}

// CreateNoticeSent records that the information notice was sent.
func (q *Q) CreateNoticeSent(ctx context.Context, n *wijkregie.NoticeSent) error {
	if err := n.Validate(q.Now()); err != nil {
		return err
	}
	n.ID, n.RecordedAt, n.SentOn = wijkregie.NewID(q.Now()), q.Now(), date(n.SentOn)
	_, err := q.x.ExecContext(ctx, `INSERT INTO information_notices (municipality_id, id, person_id, sent_on, method, recorded_by, recorded_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)`, n.MunicipalityID, n.ID, n.PersonID, n.SentOn, n.Method, n.RecordedBy, n.RecordedAt)
	if isForeignKeyViolation(err) {
		return wijkregie.NotFound()
	}
	if err != nil {
		return fmt.Errorf("create notice sent: %w", err)
	}
	return nil
}

// NoticesSent returns the notices sent to the persons, oldest first.
func (q *Q) NoticesSent(ctx context.Context, municipalityID string, personIDs []string) ([]wijkregie.NoticeSent, error) {
	if len(personIDs) == 0 {
		return nil, nil
	}
	args, marks := appendMarks([]any{municipalityID}, personIDs)
	rows, err := q.x.QueryContext(ctx, `SELECT municipality_id, id, person_id, sent_on, method, recorded_by, recorded_at FROM information_notices
WHERE municipality_id = $1 AND person_id IN (`+marks+`) ORDER BY sent_on, recorded_at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("notices sent: %w", err)
	}
	defer rows.Close()
	var out []wijkregie.NoticeSent
	for rows.Next() {
		var n wijkregie.NoticeSent
		if err := rows.Scan(&n.MunicipalityID, &n.ID, &n.PersonID, &n.SentOn, &n.Method, &n.RecordedBy, &n.RecordedAt); err != nil {
			return nil, err
		}
		n.SentOn, n.RecordedAt = n.SentOn.UTC(), n.RecordedAt.UTC()
		out = append(out, n)
	}
	return out, rows.Err()
}

// NoticeSignals returns the signals, not anonymised, that registered the
// person without their asking — from a source other than themself —
// naming them, or naming their household (when it names no one) while
// they were a member; oldest first. With after set, only those received
// after that day: a notice sent covers what came before it.
func (q *Q) NoticeSignals(ctx context.Context, municipalityID, personID string, after time.Time) ([]wijkregie.Signal, error) {
	query := `SELECT ` + signalColumns + ` FROM signals WHERE municipality_id = $1 AND anonymised_at IS NULL AND source_kind <> $3
AND (person_id = $2 OR person_id IS NULL AND household_id IN (SELECT m.household_id FROM members m WHERE m.municipality_id = $1 AND m.person_id = $2))`
	args := []any{municipalityID, personID, string(wijkregie.SourceSelf)}
	if !after.IsZero() {
		query += ` AND received_at >= $4`
		args = append(args, stamp(wijkregie.EndOfDay(after)))
	}
	rows, err := q.x.QueryContext(ctx, query+` ORDER BY received_at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("notice signals: %w", err)
	}
	defer rows.Close()
	var out []wijkregie.Signal
	for rows.Next() {
		s, err := scanSignal(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *s)
	}
	return out, rows.Err()
}
