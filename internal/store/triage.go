package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"wijkregie"
)

// QueueFilter chooses a page of a team's triage queue.
type QueueFilter struct {
	TeamID string
	// OverdueOnly keeps the signals waiting past their triage deadline
	// with the term running: a suspended term does not run out
	// (triageSuspendedSQL), as the queue's mark and the team overview
	// count them.
	OverdueOnly bool
	Page        Page
}

// TriageQueue lists a team's signals waiting for triage, the nearest
// deadline first, with the total count (signals_queue). The scope is the
// policy's, applied as on every list, so the queue never shows what the
// single-record page would refuse.
func (q *Q) TriageQueue(ctx context.Context, municipalityID string, scope wijkregie.SignalScope, f QueueFilter) ([]wijkregie.Signal, int, error) {
	p := f.Page.clamp()
	now := q.Now()
	cond, args := signalScopeSQL(scope, 4, now)
	args = append([]any{municipalityID, f.TeamID, wijkregie.SignalNew}, args...)
	if f.OverdueOnly {
		args = append(args, now)
		cond += fmt.Sprintf(` AND s.triage_deadline < $%d AND NOT `, len(args)) + triageSuspendedSQL
	}
	return q.signalPage(ctx, `s.team_id = $2 AND s.status = $3 AND `+cond, args, p)
}

// HouseholdSignals returns every signal on a household, the newest first
// (signals_by_household).
func (q *Q) HouseholdSignals(ctx context.Context, municipalityID, householdID string) ([]wijkregie.Signal, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+signalColumns+` FROM signals WHERE municipality_id = $1 AND household_id = $2
ORDER BY received_at DESC, id`, municipalityID, householdID)
	if err != nil {
		return nil, err
	}
	return scanSignals(rows)
}

// SetSignalStatus moves a signal on in triage. Only a signal in status
// from moves: two people triaging the same signal at once cannot both
// win; the second gets a conflict.
func (q *Q) SetSignalStatus(ctx context.Context, municipalityID, id string, from, to wijkregie.SignalStatus) error {
	res, err := q.x.ExecContext(ctx, `UPDATE signals SET status = $4 WHERE municipality_id = $1 AND id = $2 AND status = $3`,
		municipalityID, id, from, to)
	return affectedOneOr(res, err, wijkregie.Conflict("fout.signaal.al_getrieerd"))
}

// SetTriageDeadline moves the triage deadline of a signal still waiting
// for triage: the deadline follows its triage task's term when that is
// resumed or extended (ChangeTaskTerm). A signal triaged meanwhile is a
// conflict.
func (q *Q) SetTriageDeadline(ctx context.Context, municipalityID, signalID string, deadline time.Time) error {
	res, err := q.x.ExecContext(ctx, `UPDATE signals SET triage_deadline = $4 WHERE municipality_id = $1 AND id = $2 AND status = $3`,
		municipalityID, signalID, wijkregie.SignalNew, stamp(deadline))
	return affectedOneOr(res, err, wijkregie.Conflict("fout.signaal.al_getrieerd"))
}

// triageSuspendedSQL is the condition that the signal aliased s waits
// with its triage term suspended: its open triage task is (ChangeTaskTerm
// moves the deadline only on resuming or extending), and a suspended term
// does not run out (wijkregie.Task.Overdue). It reads the one open triage
// task by tasks_one_open_triage.
const triageSuspendedSQL = `EXISTS (SELECT 1 FROM tasks x WHERE x.municipality_id = s.municipality_id AND x.signal_id = s.id
AND x.kind = '` + string(wijkregie.TaskTriage) + `' AND x.done_at IS NULL AND x.suspended_at IS NOT NULL)`

// SuspendedTriage returns which of the signals ids wait with their
// triage term suspended (triageSuspendedSQL), for the triage queue.
func (q *Q) SuspendedTriage(ctx context.Context, municipalityID string, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	a := &sqlArgs{list: []any{municipalityID}}
	in := make([]string, len(ids))
	for i, id := range ids {
		in[i] = a.add(id)
	}
	rows, err := q.x.QueryContext(ctx, `SELECT s.id FROM signals s WHERE s.municipality_id = $1 AND s.id IN (`+strings.Join(in, ", ")+`)
AND `+triageSuspendedSQL, a.list...)
	if err != nil {
		return nil, fmt.Errorf("suspended triage: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// triageTask is the open triage task of a new signal for its team: the
// term to triage it by, a legal one, held by the team until someone
// triages it (app.Triage completes it).
func triageTask(s *wijkregie.Signal) *wijkregie.Task {
	return &wijkregie.Task{MunicipalityID: s.MunicipalityID, Kind: wijkregie.TaskTriage, SignalID: s.ID, TeamID: s.TeamID,
		Due: s.TriageDeadline, Legal: true}
}

// needsTriageTask reports whether a signal being stored waits for its
// team's triage, and so gets a triage task with it.
func needsTriageTask(s *wijkregie.Signal) bool {
	return s.Status == wijkregie.SignalNew && s.TeamID != ""
}

// CloseCaseSignals ends the signals of a case that closes: they no longer
// take part in matching.
func (q *Q) CloseCaseSignals(ctx context.Context, municipalityID, caseID string) error {
	_, err := q.x.ExecContext(ctx, `UPDATE signals SET status = $3 WHERE municipality_id = $1 AND status = $4
AND id IN (SELECT t.signal_id FROM triages t WHERE t.municipality_id = $1 AND t.case_id = $2)`,
		municipalityID, caseID, wijkregie.SignalClosed, wijkregie.SignalInCase)
	return err
}

const triageColumns = `municipality_id, signal_id, decision, reason, service_id, answer, case_id, suggested, suggested_why, decided_by, decided_at`

func scanTriage(sc interface{ Scan(...any) error }) (*wijkregie.Triage, error) {
	var t wijkregie.Triage
	var service, caseID sql.NullString
	var why string
	if err := sc.Scan(&t.MunicipalityID, &t.SignalID, &t.Decision, &t.Reason, &service, &t.Answer, &caseID, &t.Suggested, &why,
		&t.DecidedBy, &t.DecidedAt); err != nil {
		return nil, err
	}
	t.ServiceID, t.CaseID, t.DecidedAt = service.String, caseID.String, t.DecidedAt.UTC()
	if why != "" {
		t.SuggestedWhy = strings.Split(why, ",")
	}
	return &t, nil
}

// CreateTriage records a triage decision; the time is set here. A signal
// has one decision: a second is a conflict.
func (q *Q) CreateTriage(ctx context.Context, t *wijkregie.Triage) error {
	t.DecidedAt = q.Now()
	_, err := q.x.ExecContext(ctx, `INSERT INTO triages (`+triageColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		t.MunicipalityID, t.SignalID, t.Decision, t.Reason, nullString(t.ServiceID), t.Answer, nullString(t.CaseID), t.Suggested,
		strings.Join(t.SuggestedWhy, ","), t.DecidedBy, t.DecidedAt)
	switch {
	case isUniqueViolation(err):
		return wijkregie.Conflict("fout.signaal.al_getrieerd")
	case isForeignKeyViolation(err):
		return wijkregie.NotFound()
	case err != nil:
		return fmt.Errorf("create triage: %w", err)
	}
	return nil
}

// Triage returns a signal's triage decision.
func (q *Q) Triage(ctx context.Context, municipalityID, signalID string) (*wijkregie.Triage, error) {
	t, err := scanTriage(q.x.QueryRowContext(ctx, `SELECT `+triageColumns+` FROM triages WHERE municipality_id = $1 AND signal_id = $2`,
		municipalityID, signalID))
	if err != nil {
		return nil, notFound(err)
	}
	return t, nil
}

// CaseSignals returns the signals that opened or joined a case, oldest
// first (triages_by_case).
func (q *Q) CaseSignals(ctx context.Context, municipalityID, caseID string) ([]wijkregie.Signal, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+prefixed("s", signalColumns)+` FROM triages t
JOIN signals s ON s.municipality_id = t.municipality_id AND s.id = t.signal_id
WHERE t.municipality_id = $1 AND t.case_id = $2 ORDER BY s.received_at, s.id`, municipalityID, caseID)
	if err != nil {
		return nil, err
	}
	return scanSignals(rows)
}

// Settings returns a municipality's settings, or the platform's defaults
// (version 0) when beheer has not set any.
func (q *Q) Settings(ctx context.Context, municipalityID string) (wijkregie.Settings, error) {
	s := wijkregie.Settings{MunicipalityID: municipalityID}
	err := q.x.QueryRowContext(ctx, `SELECT triage_days_urgent, triage_days_normal, multiple_domains, multiple_parties,
weight_light, weight_intensive, weight_safety, no_contact_weeks, meldcode_step_days,
outreach_days_normal, outreach_days_threat, outreach_days_end_of_delivery, fte_hours, norm_per_fte, version, updated_at, updated_by
FROM settings WHERE municipality_id = $1`, municipalityID).Scan(
		&s.TriageDaysUrgent, &s.TriageDaysNormal, &s.MultipleDomains, &s.MultipleParties, &s.WeightLight, &s.WeightIntensive, &s.WeightSafety,
		&s.NoContactWeeks, &s.MeldcodeStepDays, &s.OutreachDaysNormal, &s.OutreachDaysThreat, &s.OutreachDaysEndOfDelivery,
		&s.FTEHours, &s.NormPerFTE, &s.Version, &s.UpdatedAt, &s.UpdatedBy)
	if err == sql.ErrNoRows {
		return wijkregie.DefaultSettings(municipalityID), nil
	}
	s.UpdatedAt = s.UpdatedAt.UTC()
	return s, err
}

// SaveSettings writes a municipality's settings when their version is
// still the one read (0: the defaults), and raises it; otherwise a
// conflict.
func (q *Q) SaveSettings(ctx context.Context, s *wijkregie.Settings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	s.UpdatedAt = q.Now()
	var res sql.Result
	var err error
	if s.Version == 0 {
		res, err = q.x.ExecContext(ctx, `INSERT INTO settings (municipality_id, triage_days_urgent, triage_days_normal, multiple_domains,
multiple_parties, weight_light, weight_intensive, weight_safety, no_contact_weeks, meldcode_step_days,
outreach_days_normal, outreach_days_threat, outreach_days_end_of_delivery, fte_hours, norm_per_fte, version, updated_at, updated_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 1, $16, $17) ON CONFLICT DO NOTHING`,
			s.MunicipalityID, s.TriageDaysUrgent, s.TriageDaysNormal, s.MultipleDomains, s.MultipleParties,
			s.WeightLight, s.WeightIntensive, s.WeightSafety, s.NoContactWeeks, s.MeldcodeStepDays,
			s.OutreachDaysNormal, s.OutreachDaysThreat, s.OutreachDaysEndOfDelivery, s.FTEHours, s.NormPerFTE, s.UpdatedAt, s.UpdatedBy)
	} else {
		res, err = q.x.ExecContext(ctx, `UPDATE settings SET triage_days_urgent = $3, triage_days_normal = $4, multiple_domains = $5,
multiple_parties = $6, weight_light = $7, weight_intensive = $8, weight_safety = $9, no_contact_weeks = $10, meldcode_step_days = $11,
outreach_days_normal = $12, outreach_days_threat = $13, outreach_days_end_of_delivery = $14,
fte_hours = $15, norm_per_fte = $16, version = version + 1, updated_at = $17, updated_by = $18
WHERE municipality_id = $1 AND version = $2`,
			s.MunicipalityID, s.Version, s.TriageDaysUrgent, s.TriageDaysNormal, s.MultipleDomains, s.MultipleParties,
			s.WeightLight, s.WeightIntensive, s.WeightSafety, s.NoContactWeeks, s.MeldcodeStepDays,
			s.OutreachDaysNormal, s.OutreachDaysThreat, s.OutreachDaysEndOfDelivery, s.FTEHours, s.NormPerFTE, s.UpdatedAt, s.UpdatedBy)
	}
	if err := affectedOneOr(res, err, wijkregie.Conflict("fout.instellingen.gewijzigd")); err != nil {
		return err
	}
	s.Version++
	return nil
}
