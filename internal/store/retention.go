package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"wijkregie"
)

// Retention (docs/privacy.md, "Bewaartermijnen"): the municipality's
// periods, which records have expired at a moment, and the operations
// that anonymise or remove them. The operations work on a batch of ids
// inside the caller's transaction (app.RunRetention), so a large
// municipality is done in many small transactions: a run cut off halfway
// has committed whole batches, and the next run goes on with the rest,
// because what is done no longer matches the conditions below.
//
// The conditions are written once, as SQL over the cutoffs, and serve
// both the count of a dry run and the batches of a real one: a dry run
// counts exactly what the run would do.

// RetentionPeriods returns a municipality's periods, or the platform's
// defaults (version 0) when beheer has set none.
func (q *Q) RetentionPeriods(ctx context.Context, municipalityID string) (wijkregie.RetentionPeriods, error) {
	r := wijkregie.RetentionPeriods{MunicipalityID: municipalityID}
	var youth, social, signal int
	err := q.x.QueryRowContext(ctx, `SELECT youth_case_months, social_case_months, signal_months, version, updated_at, updated_by
FROM retention_periods WHERE municipality_id = $1`, municipalityID).Scan(&youth, &social, &signal, &r.Version, &r.UpdatedAt, &r.UpdatedBy)
	if err == sql.ErrNoRows {
		return wijkregie.DefaultRetentionPeriods(municipalityID), nil
	}
	if err != nil {
		return r, fmt.Errorf("retention periods: %w", err)
	}
	r.YouthCase, r.SocialCase, r.Signal = wijkregie.PeriodOfMonths(youth), wijkregie.PeriodOfMonths(social), wijkregie.PeriodOfMonths(signal)
	r.UpdatedAt = r.UpdatedAt.UTC()
	return r, nil
}

// SaveRetentionPeriods writes a municipality's periods when their version
// is still the one read (0: the defaults), and raises it; otherwise a
// conflict.
func (q *Q) SaveRetentionPeriods(ctx context.Context, r *wijkregie.RetentionPeriods) error {
	if err := r.Validate(); err != nil {
		return err
	}
	r.UpdatedAt = q.Now()
	var res sql.Result
	var err error
	if r.Version == 0 {
		res, err = q.x.ExecContext(ctx, `INSERT INTO retention_periods (municipality_id, youth_case_months, social_case_months, signal_months,
version, updated_at, updated_by) VALUES ($1, $2, $3, $4, 1, $5, $6) ON CONFLICT DO NOTHING`,
			r.MunicipalityID, r.YouthCase.InMonths(), r.SocialCase.InMonths(), r.Signal.InMonths(), r.UpdatedAt, r.UpdatedBy)
	} else {
		res, err = q.x.ExecContext(ctx, `UPDATE retention_periods SET youth_case_months = $3, social_case_months = $4, signal_months = $5,
version = version + 1, updated_at = $6, updated_by = $7 WHERE municipality_id = $1 AND version = $2`,
			r.MunicipalityID, r.Version, r.YouthCase.InMonths(), r.SocialCase.InMonths(), r.Signal.InMonths(), r.UpdatedAt, r.UpdatedBy)
	}
	if err := affectedOneOr(res, err, wijkregie.Conflict("fout.bewaartermijnen.gewijzigd")); err != nil {
		return err
	}
	r.Version++
	return nil
}

// The conditions. Every query below passes the same arguments, so the
// fragments can name them by number:
//
//	$1 the municipality, $2 the Jeugdwet cases' cutoff, $3 the other
//	cases', $4 and $8 the signals', $5 the orphans'
//	(wijkregie.RetentionCutoffs); $6 a batch's size, $7 the id after
//	which it starts.
//
// The signals' cutoff is passed twice because PostgreSQL gives a
// parameter one type: triages.decided_at is a TIMESTAMP, signals'
// received_at a TIMESTAMPTZ. Comparing each with a parameter of its own
// type also keeps the session's time zone out of the comparison.
func cutoffArgs(municipalityID string, c wijkregie.RetentionCutoffs, limit int, after string) []any {
	return []any{municipalityID, stamp(c.YouthCase), stamp(c.SocialCase), stamp(c.Signal), stamp(c.Orphan), limit, after, stamp(c.Signal)}
}

// placeholderRE finds a query's placeholders.
var placeholderRE = regexp.MustCompile(`\$(\d+)`)

// usedArgs numbers the placeholders a query uses anew, in order, and
// keeps only their arguments: PostgreSQL refuses an argument the query
// does not name (it cannot tell its type), and a fragment such as
// householdRemovableSQL names the orphans' cutoff without the signals'.
func usedArgs(query string, args []any) (string, []any) {
	renumber := map[string]string{}
	var out []any
	q := placeholderRE.ReplaceAllStringFunc(query, func(m string) string {
		if n, ok := renumber[m]; ok {
			return n
		}
		i, _ := strconv.Atoi(m[1:])
		out = append(out, args[i-1])
		renumber[m] = fmt.Sprintf("$%d", len(out))
		return renumber[m]
	})
	return q, out
}

// caseEndedSQL: the case aliased a is closed and its period has run out;
// whether it was anonymised already is asked apart. A youth-care file is
// one whose recorded ground is the Jeugdwet; a case without a recorded
// ground gets the other files' period (docs/privacy.md says why).
func caseEndedSQL(a string) string {
	return fmt.Sprintf(`(%[1]s.closed_at IS NOT NULL AND %[1]s.status IN ('%[2]s', '%[3]s')
AND (%[1]s.legal_ground = '%[4]s' AND %[1]s.closed_at <= $2 OR COALESCE(%[1]s.legal_ground, '') <> '%[4]s' AND %[1]s.closed_at <= $3))`,
		a, wijkregie.CaseClosed, wijkregie.CaseHandedOver, wijkregie.GroundJeugdwet)
}

// caseExpiredSQL: the case is to be anonymised.
func caseExpiredSQL(a string) string { return a + ".anonymised_at IS NULL AND " + caseEndedSQL(a) }

// caseLiveSQL: the case keeps its family: neither anonymised nor expired.
func caseLiveSQL(a string) string { return a + ".anonymised_at IS NULL AND NOT " + caseEndedSQL(a) }

// signalEndedSQL: the signal aliased a never became a case, was dealt
// with, and its period, from its triage (or its receipt when it was
// closed untriaged), has run out.
func signalEndedSQL(a string) string {
	return fmt.Sprintf(`(%[1]s.status IN ('%[2]s', '%[3]s', '%[4]s')
AND NOT EXISTS (SELECT 1 FROM triages %[1]st WHERE %[1]st.municipality_id = %[1]s.municipality_id AND %[1]st.signal_id = %[1]s.id AND %[1]st.case_id IS NOT NULL)
AND (EXISTS (SELECT 1 FROM triages %[1]su WHERE %[1]su.municipality_id = %[1]s.municipality_id AND %[1]su.signal_id = %[1]s.id AND %[1]su.decided_at <= $4)
OR %[1]s.received_at <= $8 AND NOT EXISTS (SELECT 1 FROM triages %[1]sw WHERE %[1]sw.municipality_id = %[1]s.municipality_id AND %[1]sw.signal_id = %[1]s.id)))`,
		a, wijkregie.SignalSimple, wijkregie.SignalNoAction, wijkregie.SignalClosed)
}

// signalInEndedCaseSQL: the signal became a case that is anonymised or
// expired; it goes with the case.
func signalInEndedCaseSQL(a string) string {
	return fmt.Sprintf(`EXISTS (SELECT 1 FROM triages %[1]sv JOIN cases %[1]sc ON %[1]sc.municipality_id = %[1]sv.municipality_id AND %[1]sc.id = %[1]sv.case_id
WHERE %[1]sv.municipality_id = %[1]s.municipality_id AND %[1]sv.signal_id = %[1]s.id AND (%[1]sc.anonymised_at IS NOT NULL OR %[2]s))`,
		a, caseEndedSQL(a+"c"))
}

// signalExpiredSQL: the signal without a case is to be anonymised.
func signalExpiredSQL(a string) string { return a + ".anonymised_at IS NULL AND " + signalEndedSQL(a) }

// signalLiveSQL: the signal keeps its family.
func signalLiveSQL(a string) string {
	return a + ".anonymised_at IS NULL AND NOT " + signalEndedSQL(a) + " AND NOT " + signalInEndedCaseSQL(a)
}

// householdRemovableSQL: the household aliased a has no record left — no
// live case, no live signal, no outreach or arrears report naming it
// (an outreach names its stand-in once anonymised) — and was registered
// before the orphans' cutoff. The anonymous stand-ins are never removed:
// anonymised cases point to them.
func householdRemovableSQL(a string) string {
	return fmt.Sprintf(`(%[1]s.anonymised_at IS NULL AND %[1]s.created_at <= $5
AND NOT EXISTS (SELECT 1 FROM cases %[1]sc WHERE %[1]sc.municipality_id = %[1]s.municipality_id AND %[1]sc.household_id = %[1]s.id AND %[2]s)
AND NOT EXISTS (SELECT 1 FROM signals %[1]ss WHERE %[1]ss.municipality_id = %[1]s.municipality_id AND %[1]ss.household_id = %[1]s.id AND %[3]s)
AND NOT EXISTS (SELECT 1 FROM outreaches %[1]so WHERE %[1]so.municipality_id = %[1]s.municipality_id AND %[1]so.household_id = %[1]s.id)
AND NOT EXISTS (SELECT 1 FROM arrears %[1]sr WHERE %[1]sr.municipality_id = %[1]s.municipality_id AND %[1]sr.household_id = %[1]s.id))`,
		a, caseLiveSQL(a+"c"), signalLiveSQL(a+"s"))
}

// personLiveSQL: the person aliased a is still in a record: a member (now
// or once) of a household that stays, named by a live signal or by an
// arrears report, or scored in a live case.
func personLiveSQL(a string) string {
	return fmt.Sprintf(`(EXISTS (SELECT 1 FROM members %[1]sm JOIN households %[1]sh ON %[1]sh.municipality_id = %[1]sm.municipality_id AND %[1]sh.id = %[1]sm.household_id
WHERE %[1]sm.municipality_id = %[1]s.municipality_id AND %[1]sm.person_id = %[1]s.id AND NOT %[2]s)
OR EXISTS (SELECT 1 FROM signals %[1]ss WHERE %[1]ss.municipality_id = %[1]s.municipality_id AND %[1]ss.person_id = %[1]s.id AND %[3]s)
OR EXISTS (SELECT 1 FROM arrears %[1]sr WHERE %[1]sr.municipality_id = %[1]s.municipality_id AND %[1]sr.person_id = %[1]s.id)
OR EXISTS (SELECT 1 FROM assessment_scores %[1]sx
JOIN assessments %[1]sa ON %[1]sa.municipality_id = %[1]sx.municipality_id AND %[1]sa.id = %[1]sx.assessment_id
JOIN cases %[1]sc ON %[1]sc.municipality_id = %[1]sa.municipality_id AND %[1]sc.id = %[1]sa.case_id
WHERE %[1]sx.municipality_id = %[1]s.municipality_id AND %[1]sx.person_id = %[1]s.id AND %[4]s))`,
		a, householdRemovableSQL(a+"h"), signalLiveSQL(a+"s"), caseLiveSQL(a+"c"))
}

// personRemovableSQL: the person aliased a is in no record any more and
// was registered before the orphans' cutoff. Two more keep them: a
// consent they gave as a parent for someone who stays is that consent's
// proof; and a record merged into another (a duplicate) goes with the
// record it was merged into.
func personRemovableSQL(a string) string {
	base := func(b string) string {
		return fmt.Sprintf(`%[1]s.anonymised_at IS NULL AND %[1]s.created_at <= $5 AND NOT %[2]s`, b, personLiveSQL(b))
	}
	return fmt.Sprintf(`(%[2]s
AND NOT EXISTS (SELECT 1 FROM consent_givers %[1]sg JOIN consents %[1]sk ON %[1]sk.municipality_id = %[1]sg.municipality_id AND %[1]sk.id = %[1]sg.consent_id
JOIN persons %[1]so ON %[1]so.municipality_id = %[1]sk.municipality_id AND %[1]so.id = %[1]sk.person_id
WHERE %[1]sg.municipality_id = %[1]s.municipality_id AND %[1]sg.person_id = %[1]s.id AND %[1]so.id <> %[1]s.id AND %[3]s)
AND (%[1]s.merged_into IS NULL OR NOT EXISTS (SELECT 1 FROM persons %[1]st WHERE %[1]st.municipality_id = %[1]s.municipality_id AND %[1]st.id = %[1]s.merged_into
AND NOT (%[4]s))))`,
		a, base(a), personLiveSQL(a+"o"), base(a+"t"))
}

// RetentionCounts counts, at the cutoffs, what a run would anonymise and
// remove: the dry run's report.
func (q *Q) RetentionCounts(ctx context.Context, municipalityID string, c wijkregie.RetentionCutoffs) (wijkregie.RetentionReport, error) {
	r := wijkregie.RetentionReport{MunicipalityID: municipalityID, At: c.Now, DryRun: true}
	counts := []struct {
		n   *int
		sql string
	}{
		{&r.YouthCases.Expired, `SELECT COUNT(*) FROM cases c WHERE c.municipality_id = $1 AND ` + caseExpiredSQL("c") +
			` AND c.legal_ground = '` + string(wijkregie.GroundJeugdwet) + `'`},
		{&r.SocialCases.Expired, `SELECT COUNT(*) FROM cases c WHERE c.municipality_id = $1 AND ` + caseExpiredSQL("c") +
			` AND COALESCE(c.legal_ground, '') <> '` + string(wijkregie.GroundJeugdwet) + `'`},
		{&r.Signals.Expired, `SELECT COUNT(*) FROM signals s WHERE s.municipality_id = $1 AND ` + signalExpiredSQL("s")},
		{&r.Households.Expired, `SELECT COUNT(*) FROM households h WHERE h.municipality_id = $1 AND ` + householdRemovableSQL("h")},
		{&r.Persons.Expired, `SELECT COUNT(*) FROM persons p WHERE p.municipality_id = $1 AND ` + personRemovableSQL("p")},
		{&r.Consents.Expired, `SELECT COUNT(*) FROM consents k JOIN persons p ON p.municipality_id = k.municipality_id AND p.id = k.person_id
WHERE k.municipality_id = $1 AND ` + personRemovableSQL("p")},
	}
	for _, x := range counts {
		query, args := usedArgs(x.sql, cutoffArgs(municipalityID, c, 0, ""))
		if err := q.x.QueryRowContext(ctx, query, args...).Scan(x.n); err != nil {
			return r, fmt.Errorf("retention counts: %w", err)
		}
	}
	// An outreach is a signal of the Wgs, kept for the signals' period
	// (outreach.go): it counts among them.
	n, err := q.expiredOutreachCount(ctx, municipalityID, c)
	r.Signals.Expired += n
	return r, err
}

// ExpiredCase is a case whose period has run out.
type ExpiredCase struct {
	ID    string
	Youth bool // a Jeugdwet file
}

// ExpiredCases returns up to limit cases to anonymise at the cutoffs
// (cases_retention).
func (q *Q) ExpiredCases(ctx context.Context, municipalityID string, c wijkregie.RetentionCutoffs, limit int) ([]ExpiredCase, error) {
	query, args := usedArgs(`SELECT c.id, COALESCE(c.legal_ground, '') FROM cases c WHERE c.municipality_id = $1 AND `+caseExpiredSQL("c")+`
ORDER BY c.closed_at, c.id LIMIT $6`, cutoffArgs(municipalityID, c, limit, ""))
	rows, err := q.x.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("expired cases: %w", err)
	}
	defer rows.Close()
	var out []ExpiredCase
	for rows.Next() {
		var e ExpiredCase
		var ground string
		if err := rows.Scan(&e.ID, &ground); err != nil {
			return nil, err
		}
		e.Youth = ground == string(wijkregie.GroundJeugdwet)
		out = append(out, e)
	}
	return out, rows.Err()
}

// ExpiredSignals returns up to limit signals without a case to anonymise
// at the cutoffs (signals_retention).
func (q *Q) ExpiredSignals(ctx context.Context, municipalityID string, c wijkregie.RetentionCutoffs, limit int) ([]string, error) {
	return q.retentionIDs(ctx, `SELECT s.id FROM signals s WHERE s.municipality_id = $1 AND `+signalExpiredSQL("s")+`
ORDER BY s.received_at, s.id LIMIT $6`, municipalityID, c, limit, "")
}

// RemovableHouseholds returns up to limit households with no record left,
// after the id after (keyset paging: a household that stays is not read
// again by the next batch of the same run).
func (q *Q) RemovableHouseholds(ctx context.Context, municipalityID string, c wijkregie.RetentionCutoffs, after string, limit int) ([]string, error) {
	return q.retentionIDs(ctx, `SELECT h.id FROM households h WHERE h.municipality_id = $1 AND h.id > $7 AND `+householdRemovableSQL("h")+`
ORDER BY h.id LIMIT $6`, municipalityID, c, limit, after)
}

// RemovablePersons returns up to limit persons in no record any more,
// after the id after.
func (q *Q) RemovablePersons(ctx context.Context, municipalityID string, c wijkregie.RetentionCutoffs, after string, limit int) ([]string, error) {
	return q.retentionIDs(ctx, `SELECT p.id FROM persons p WHERE p.municipality_id = $1 AND p.id > $7 AND `+personRemovableSQL("p")+`
ORDER BY p.id LIMIT $6`, municipalityID, c, limit, after)
}

func (q *Q) retentionIDs(ctx context.Context, query, municipalityID string, c wijkregie.RetentionCutoffs, limit int, after string) ([]string, error) {
	query, args := usedArgs(query, cutoffArgs(municipalityID, c, limit, after))
	return q.queryIDs(ctx, "retention", query, args...)
}

// inList returns "$n, $n+1, …" for ids, added to a after its arguments.
func inList(a *sqlArgs, ids []string) string {
	ps := make([]string, len(ids))
	for i, id := range ids {
		ps[i] = a.add(id)
	}
	return strings.Join(ps, ", ")
}

// execEach runs the statements, each with the municipality as $1 and the
// ids in the list written where the statement says IDS.
func (q *Q) execEach(ctx context.Context, municipalityID string, ids []string, stmts ...string) error {
	a := &sqlArgs{list: []any{municipalityID}}
	in := inList(a, ids)
	for _, s := range stmts {
		if _, err := q.x.ExecContext(ctx, strings.ReplaceAll(s, "IDS", in), a.list...); err != nil {
			f := strings.Fields(s)
			return fmt.Errorf("retention: %s: %w", strings.Join(f[:3], " "), err)
		}
	}
	return nil
}

// AnonymiseCases anonymises the cases ids, table by table as
// docs/privacy.md ("Bewaartermijnen") lists it: every free text goes, and
// every link to the family — the household and its address, the persons
// scored — is replaced by an anonymous stand-in; the dates, levels,
// statuses, domains, ZRM levels, goals and closure stay for the
// statistics. The case's signals go with it. Run it in the transaction
// that audits it.
func (q *Q) AnonymiseCases(ctx context.Context, municipalityID string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	now := q.Now()
	// One stand-in household per case, with the postcode's four digits
	// (the neighbourhood, as CBS counts by) and the town, and no team: it
	// belongs to no team's lists. A stand-in per case, not per family, so
	// two anonymised cases of one family are not linked by it (relapse is
	// kept on the case itself, relapse_of).
	for _, id := range ids {
		var pc, town string
		if err := q.x.QueryRowContext(ctx, `SELECT h.postcode, h.town FROM cases c JOIN households h ON h.municipality_id = c.municipality_id AND h.id = c.household_id
WHERE c.municipality_id = $1 AND c.id = $2`, municipalityID, id).Scan(&pc, &town); err != nil {
			return fmt.Errorf("anonymise case: %w", notFound(err))
		}
		if len(pc) > 4 {
			pc = pc[:4]
		}
		husk := wijkregie.NewID(now)
		if _, err := q.x.ExecContext(ctx, `INSERT INTO households (municipality_id, id, street, number, addition, postcode, town, team_id, created_at, anonymised_at)
VALUES ($1, $2, '', 0, '', $3, $4, NULL, $5, $6)`, municipalityID, husk, pc, town, now, now); err != nil {
			return fmt.Errorf("anonymise case: stand-in household: %w", err)
		}
		if _, err := q.x.ExecContext(ctx, `UPDATE cases SET household_id = $3, legal_ground_note = '', anonymised_at = $4 WHERE municipality_id = $1 AND id = $2`,
			municipalityID, id, husk, now); err != nil {
			return fmt.Errorf("anonymise case: %w", err)
		}
		if _, err := q.x.ExecContext(ctx, `UPDATE signals SET household_id = $3 WHERE municipality_id = $1
AND id IN (SELECT t.signal_id FROM triages t WHERE t.municipality_id = $1 AND t.case_id = $2)`, municipalityID, id, husk); err != nil {
			return fmt.Errorf("anonymise case: signals: %w", err)
		}
		if _, err := q.x.ExecContext(ctx, `UPDATE emergency_accesses SET household_id = $3, reason = '', review_note = '' WHERE municipality_id = $1 AND case_id = $2`,
			municipalityID, id, husk); err != nil {
			return fmt.Errorf("anonymise case: emergency accesses: %w", err)
		}
		// A handover goes with its case (docs/overdracht.md): its texts go.
		if _, err := q.x.ExecContext(ctx, `UPDATE handovers SET household_id = $3, reason = '', decline_reason = '' WHERE municipality_id = $1 AND case_id = $2`,
			municipalityID, id, husk); err != nil {
			return fmt.Errorf("anonymise case: handovers: %w", err)
		}
		// One stand-in person per person scored in the case: the ZRM
		// change per domain is measured per person, not per whom.
		rows, err := q.x.QueryContext(ctx, `SELECT DISTINCT x.person_id FROM assessment_scores x
JOIN assessments a ON a.municipality_id = x.municipality_id AND a.id = x.assessment_id
WHERE x.municipality_id = $1 AND a.case_id = $2 ORDER BY x.person_id`, municipalityID, id)
		if err != nil {
			return fmt.Errorf("anonymise case: scored persons: %w", err)
		}
		var scored []string
		for rows.Next() {
			var p string
			if err := rows.Scan(&p); err != nil {
				rows.Close()
				return err
			}
			scored = append(scored, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, p := range scored {
			stand := wijkregie.NewID(now)
			if _, err := q.x.ExecContext(ctx, `INSERT INTO persons (municipality_id, id, given_name, prefix, family_name, phone, email, created_at, anonymised_at)
VALUES ($1, $2, '', '', '', '', '', $3, $4)`, municipalityID, stand, now, now); err != nil {
				return fmt.Errorf("anonymise case: stand-in person: %w", err)
			}
			if _, err := q.x.ExecContext(ctx, `UPDATE assessment_scores SET person_id = $4 WHERE municipality_id = $1 AND person_id = $3
AND assessment_id IN (SELECT a.id FROM assessments a WHERE a.municipality_id = $1 AND a.case_id = $2)`, municipalityID, id, p, stand); err != nil {
				return fmt.Errorf("anonymise case: scores: %w", err)
			}
		}
	}
	if err := q.stripPlanVersions(ctx, municipalityID, ids); err != nil {
		return err
	}
	inCase := `case_id IN (IDS)`
	caseSignals := `id IN (SELECT t.signal_id FROM triages t WHERE t.municipality_id = $1 AND t.case_id IN (IDS))`
	if err := q.execEach(ctx, municipalityID, ids,
		`UPDATE case_events SET reason = '' WHERE municipality_id = $1 AND `+inCase,
		`UPDATE case_coordinators SET reason = '', mandate_decide = '', mandate_escalate_to = '' WHERE municipality_id = $1 AND `+inCase,
		`UPDATE case_parties SET note = '' WHERE municipality_id = $1 AND `+inCase,
		`UPDATE escalations SET to_whom = '', about = '', answer = '', outcome = '' WHERE municipality_id = $1 AND `+inCase,
		`UPDATE enforcements SET decision = '', reason = '' WHERE municipality_id = $1 AND `+inCase,
		`UPDATE case_sharing_grounds SET justification = '', end_reason = '' WHERE municipality_id = $1 AND `+inCase,
		`UPDATE notes SET text = '' WHERE municipality_id = $1 AND `+inCase,
		`UPDATE assessment_scores SET rationale = '' WHERE municipality_id = $1
AND assessment_id IN (SELECT a.id FROM assessments a WHERE a.municipality_id = $1 AND a.case_id IN (IDS))`,
		`UPDATE meldcode_routes SET safety_plan = '', report_reference = '' WHERE municipality_id = $1 AND `+inCase,
		`UPDATE meldcode_steps SET rationale = '' WHERE municipality_id = $1 AND `+inCase,
		`UPDATE meldcode_answers SET rationale = '' WHERE municipality_id = $1 AND `+inCase,
		`UPDATE meldcode_consultations SET with_whom = '', summary = '' WHERE municipality_id = $1 AND `+inCase,
		`UPDATE case_closures SET remark = '', summary = '' WHERE municipality_id = $1 AND `+inCase,
		`UPDATE task_events SET reason = '' WHERE municipality_id = $1
AND task_id IN (SELECT k.id FROM tasks k WHERE k.municipality_id = $1 AND (k.`+inCase+` OR k.signal_id IN (SELECT t.signal_id FROM triages t WHERE t.municipality_id = $1 AND t.case_id IN (IDS))))`,
		`DELETE FROM signal_matches WHERE municipality_id = $1 AND signal_id IN (SELECT t.signal_id FROM triages t WHERE t.municipality_id = $1 AND t.case_id IN (IDS))`,
		`DELETE FROM notifications WHERE municipality_id = $1 AND signal_id IN (SELECT t.signal_id FROM triages t WHERE t.municipality_id = $1 AND t.case_id IN (IDS))`,
		`UPDATE triages SET reason = '', answer = '' WHERE municipality_id = $1 AND `+inCase,
	); err != nil {
		return err
	}
	a := &sqlArgs{list: []any{municipalityID, now}}
	if _, err := q.x.ExecContext(ctx, `UPDATE signals SET person_id = NULL, reporter_name = '', reporter_contact = '', description = '', anonymised_at = $2
WHERE municipality_id = $1 AND `+strings.ReplaceAll(caseSignals, "IDS", inList(a, ids)), a.list...); err != nil {
		return fmt.Errorf("anonymise case: signals: %w", err)
	}
	return nil
}

// AnonymiseSignals anonymises the signals ids that never became a case:
// their text, their reporter and their family go; kind, source, domains,
// urgency, dates, status and team stay, as do their triage's decision and
// referral. Their matches (who else was involved) go.
func (q *Q) AnonymiseSignals(ctx context.Context, municipalityID string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	a := &sqlArgs{list: []any{municipalityID, q.Now()}}
	in := inList(a, ids)
	for _, s := range []string{
		`DELETE FROM signal_matches WHERE municipality_id = $1 AND signal_id IN (IDS)`,
		`DELETE FROM notifications WHERE municipality_id = $1 AND signal_id IN (IDS)`,
		`UPDATE task_events SET reason = '' WHERE municipality_id = $1 AND task_id IN (SELECT k.id FROM tasks k WHERE k.municipality_id = $1 AND k.signal_id IN (IDS))`,
		`UPDATE triages SET reason = '', answer = '' WHERE municipality_id = $1 AND signal_id IN (IDS)`,
		`UPDATE signals SET person_id = NULL, household_id = NULL, reporter_name = '', reporter_contact = '', description = '', anonymised_at = $2
WHERE municipality_id = $1 AND id IN (IDS)`,
	} {
		query, args := usedArgs(strings.ReplaceAll(s, "IDS", in), a.list)
		if _, err := q.x.ExecContext(ctx, query, args...); err != nil {
			return fmt.Errorf("anonymise signals: %w", err)
		}
	}
	return nil
}

// RemoveHouseholds deletes the households ids with their memberships,
// involvements and the inbox notices that name them. Only households
// RemovableHouseholds found: no case or signal points to them any more.
func (q *Q) RemoveHouseholds(ctx context.Context, municipalityID string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	return q.execEach(ctx, municipalityID, ids,
		`DELETE FROM notifications WHERE municipality_id = $1 AND household_id IN (IDS)`,
		`DELETE FROM involvements WHERE municipality_id = $1 AND household_id IN (IDS)`,
		`DELETE FROM members WHERE municipality_id = $1 AND household_id IN (IDS)`,
		`DELETE FROM household_addresses WHERE municipality_id = $1 AND household_id IN (IDS)`,
		`DELETE FROM households WHERE municipality_id = $1 AND id IN (IDS)`,
	)
}

// RemovePersons deletes the persons ids with their consents (and who
// gave them), the consents they gave and the information notices sent to
// them; it returns the ids of the consents removed, for the audit log.
// Only persons RemovablePersons found.
func (q *Q) RemovePersons(ctx context.Context, municipalityID string, ids []string) ([]string, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	a := &sqlArgs{list: []any{municipalityID}}
	in := inList(a, ids)
	consents, err := q.queryIDs(ctx, "remove persons: consents", `SELECT id FROM consents WHERE municipality_id = $1 AND person_id IN (`+in+`) ORDER BY id`, a.list...)
	if err != nil {
		return nil, err
	}
	return consents, q.execEach(ctx, municipalityID, ids,
		`DELETE FROM consent_givers WHERE municipality_id = $1 AND (person_id IN (IDS)
OR consent_id IN (SELECT k.id FROM consents k WHERE k.municipality_id = $1 AND k.person_id IN (IDS)))`,
		`DELETE FROM consents WHERE municipality_id = $1 AND person_id IN (IDS)`,
		`DELETE FROM information_notices WHERE municipality_id = $1 AND person_id IN (IDS)`,
		`DELETE FROM members WHERE municipality_id = $1 AND person_id IN (IDS)`,
		`DELETE FROM persons WHERE municipality_id = $1 AND id IN (IDS)`,
	)
}

// stripPlanVersions empties every text of the cases' plan versions and
// keeps their shape: the goals' domains, owners, statuses and dates, the
// actions' dates and statuses. The document stays readable by the plan
// page and the comparison.
func (q *Q) stripPlanVersions(ctx context.Context, municipalityID string, caseIDs []string) error {
	a := &sqlArgs{list: []any{municipalityID}}
	in := inList(a, caseIDs)
	rows, err := q.x.QueryContext(ctx, `SELECT v.plan_id, v.version, v.document FROM plan_versions v
JOIN plans p ON p.municipality_id = v.municipality_id AND p.id = v.plan_id
WHERE v.municipality_id = $1 AND p.case_id IN (`+in+`)`, a.list...)
	if err != nil {
		return fmt.Errorf("anonymise plans: %w", err)
	}
	type version struct {
		plan string
		n    int
		doc  string
	}
	var vs []version
	for rows.Next() {
		var v version
		if err := rows.Scan(&v.plan, &v.n, &v.doc); err != nil {
			rows.Close()
			return err
		}
		vs = append(vs, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, v := range vs {
		doc, err := stripPlanDocument(v.doc)
		if err != nil {
			return fmt.Errorf("anonymise plan %s version %d: %w", v.plan, v.n, err)
		}
		if _, err := q.x.ExecContext(ctx, `UPDATE plan_versions SET document = $4, note = '' WHERE municipality_id = $1 AND plan_id = $2 AND version = $3`,
			municipalityID, v.plan, v.n, doc); err != nil {
			return fmt.Errorf("anonymise plans: %w", err)
		}
	}
	return nil
}

// stripPlanDocument returns the plan document without its texts.
func stripPlanDocument(s string) (string, error) {
	var d planDocument
	if err := json.Unmarshal([]byte(s), &d); err != nil {
		return "", err
	}
	d.GoingWell, d.OwnStrength, d.SupportNeeded, d.Participants = "", "", "", ""
	for i := range d.Worries {
		d.Worries[i].Text = ""
	}
	for i := range d.Goals {
		g := &d.Goals[i]
		g.Description, g.SuccessCriterion = "", ""
		for j := range g.Actions {
			g.Actions[j].What, g.Actions[j].Who = "", ""
		}
	}
	b, err := json.Marshal(d)
	return string(b), err
}

// RetentionRowCounts returns the number of rows of the municipality in
// every table retention changes: the tests' proof that a dry run changes
// nothing and a real run removes only what it reports.
func (q *Q) RetentionRowCounts(ctx context.Context, municipalityID string) (map[string]int, error) {
	out := map[string]int{}
	for _, t := range retentionTables {
		var n int
		if err := q.x.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t+` WHERE municipality_id = $1`, municipalityID).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
		out[t] = n
	}
	return out, nil
}
