package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"wijkregie"
)

const signalColumns = `municipality_id, id, kind, person_id, household_id, source_kind, source_organisation_id,
reporter_name, reporter_contact, anonymous_to_family, domains, description, urgency, received_at,
triage_deadline, status, team_id, created_by, created_at`

func scanSignal(sc interface{ Scan(...any) error }) (*wijkregie.Signal, error) {
	var s wijkregie.Signal
	var person, household, org, team sql.NullString
	var domains string
	if err := sc.Scan(&s.MunicipalityID, &s.ID, &s.Kind, &person, &household, &s.SourceKind, &org,
		&s.ReporterName, &s.ReporterContact, &s.AnonymousToFamily, &domains, &s.Description, &s.Urgency, &s.ReceivedAt,
		&s.TriageDeadline, &s.Status, &team, &s.CreatedBy, &s.CreatedAt); err != nil {
		return nil, err
	}
	s.PersonID, s.HouseholdID, s.SourceOrganisationID, s.TeamID = person.String, household.String, org.String, team.String
	s.Domains = splitList(domains)
	s.ReceivedAt, s.TriageDeadline, s.CreatedAt = s.ReceivedAt.UTC(), s.TriageDeadline.UTC(), s.CreatedAt.UTC()
	return &s, nil
}

// scanSignals reads every signal of a query's rows, in their order, and
// closes them.
func scanSignals(rows *sql.Rows) ([]wijkregie.Signal, error) {
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

// CreateSignal stores a signal; the id and creation time are set here. A
// signal waiting for triage (status nieuw, for a team) gets its team's
// triage task in the same transaction, due at its triage deadline.
func (q *Q) CreateSignal(ctx context.Context, s *wijkregie.Signal) error {
	if err := s.Validate(); err != nil {
		return err
	}
	s.ID, s.CreatedAt = wijkregie.NewID(q.Now()), q.Now()
	s.ReceivedAt, s.TriageDeadline = stamp(s.ReceivedAt), stamp(s.TriageDeadline)
	_, err := q.x.ExecContext(ctx, `INSERT INTO signals (`+signalColumns+`)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
		s.MunicipalityID, s.ID, s.Kind, nullString(s.PersonID), nullString(s.HouseholdID), s.SourceKind, nullString(s.SourceOrganisationID),
		s.ReporterName, s.ReporterContact, s.AnonymousToFamily, joinList(s.Domains), s.Description, s.Urgency, s.ReceivedAt,
		s.TriageDeadline, s.Status, nullString(s.TeamID), s.CreatedBy, s.CreatedAt)
	if isForeignKeyViolation(err) {
		return wijkregie.NotFound()
	}
	if err != nil {
		return fmt.Errorf("create signal: %w", err)
	}
	if needsTriageTask(s) {
		return q.CreateTask(ctx, triageTask(s))
	}
	return nil
}

// Signal returns one signal.
func (q *Q) Signal(ctx context.Context, municipalityID, id string) (*wijkregie.Signal, error) {
	s, err := scanSignal(q.x.QueryRowContext(ctx, `SELECT `+signalColumns+` FROM signals WHERE municipality_id = $1 AND id = $2`, municipalityID, id))
	if err != nil {
		return nil, notFound(err)
	}
	return s, nil
}

// signalScopeSQL renders the policy's signal scope as a condition on the
// signals table aliased s, with its arguments numbered from next; the
// query's $1 must be the municipality. It must agree with
// policy.InSignalScope.
func signalScopeSQL(sc wijkregie.SignalScope, next int, now time.Time) (string, []any) {
	if sc.All {
		return "TRUE", nil
	}
	if sc.Empty() {
		return "FALSE", nil
	}
	var conds []string
	var args []any
	if sc.TeamID != "" {
		conds = append(conds, fmt.Sprintf("s.team_id = $%d", next))
		args = append(args, sc.TeamID)
		next++
	}
	switch {
	case sc.UserID != "" && sc.OwnOnly:
		conds = append(conds, fmt.Sprintf(`s.created_by = $%d`, next))
		args = append(args, sc.UserID)
		next++
	case sc.UserID != "":
		conds = append(conds, fmt.Sprintf(`s.created_by = $%d OR s.household_id IN (SELECT i.household_id FROM involvements i
WHERE i.municipality_id = $1 AND i.user_id = $%d AND (i.until_at IS NULL OR i.until_at > $%d))`, next, next, next+1))
		args = append(args, sc.UserID, now.UTC())
		next += 2
	}
	if sc.OrganisationID != "" {
		conds = append(conds, fmt.Sprintf(`s.created_by IN (SELECT u.id FROM users u WHERE u.municipality_id = $1 AND u.organisation_id = $%d)`, next))
		args = append(args, sc.OrganisationID)
	}
	return "(" + strings.Join(conds, " OR ") + ")", args
}

// SignalFilter narrows a signal list. Source, Outcome, the received
// period and Postcode select as the measure of sources counts
// (SourceFigures, docs/uitkomsten.md "Doorklikken"): by the signal's facts.
type SignalFilter struct {
	TeamID  string               // only this team's signals; "" for all in scope
	Source  wijkregie.SourceKind // only signals from this source; SourceOther also takes a source no longer known
	Outcome SignalOutcome        // only signals whose triage came to this
	// Received in [ReceivedFrom, ReceivedTo), counted in whole Dutch days
	// as the measures count them; a zero end is open.
	ReceivedFrom, ReceivedTo time.Time
	Postcode                 string // only signals on households whose postcode begins so (a wijk)
	Page                     Page
}

// SignalOutcome is what a signal's triage came to, as the measure of
// sources groups the decisions.
type SignalOutcome string

// The outcomes of the sources' measure.
const (
	OutcomeSimple    SignalOutcome = "enkelvoudig"    // a simple request, no case
	OutcomeCase      SignalOutcome = "casus"          // a case: several domains, or safety
	OutcomeNoAction  SignalOutcome = "geen-actie"     // no action, with a reason
	OutcomeUntriaged SignalOutcome = "niet-getrieerd" // no triage decision on record
)

// SignalOutcomes lists the outcomes in the order the measure shows them.
var SignalOutcomes = []SignalOutcome{OutcomeSimple, OutcomeCase, OutcomeNoAction, OutcomeUntriaged}

// Valid reports whether o is one of SignalOutcomes.
func (o SignalOutcome) Valid() bool { return slices.Contains(SignalOutcomes, o) }

// factsFilter is the filter's conditions on a signal's facts, as a
// condition on s.id, or "" when it has none.
func (f SignalFilter) factsFilter(a *sqlArgs) string {
	if f.Source == "" && f.Outcome == "" && f.ReceivedFrom.IsZero() && f.ReceivedTo.IsZero() && f.Postcode == "" {
		return ""
	}
	c := ` AND s.id IN (SELECT f.signal_id FROM signal_facts f WHERE f.municipality_id = $1`
	if f.TeamID != "" {
		c += ` AND f.team_id = ` + a.add(f.TeamID)
	}
	// The bounds as MeasureFilter.days counts a period: a moment's Dutch
	// day, the end's day the last one before it.
	if !f.ReceivedFrom.IsZero() {
		c += ` AND f.received_day >= ` + a.add(dayNumber(f.ReceivedFrom.Add(-time.Nanosecond))+1)
	}
	if !f.ReceivedTo.IsZero() {
		c += ` AND f.received_day < ` + a.add(dayNumber(f.ReceivedTo.Add(-time.Nanosecond))+1)
	}
	if f.Source != "" {
		src := ` AND (f.source_kind = ` + a.add(string(f.Source))
		if f.Source == wijkregie.SourceOther {
			// The measure counts a source it no longer knows as other.
			src += ` OR f.source_kind NOT IN (` + a.addAll(sourceKinds()) + `)`
		}
		c += src + `)`
	}
	switch f.Outcome {
	case OutcomeSimple:
		c += ` AND f.decision = ` + a.add(string(wijkregie.DecisionSimple))
	case OutcomeCase:
		c += ` AND f.decision IN (` + a.add(string(wijkregie.DecisionMultiple)) + `, ` + a.add(string(wijkregie.DecisionSafety)) + `)`
	case OutcomeNoAction:
		c += ` AND f.decision = ` + a.add(string(wijkregie.DecisionNone))
	case OutcomeUntriaged:
		// As the measure: no decision, or one it does not group.
		known := []string{string(wijkregie.DecisionSimple), string(wijkregie.DecisionMultiple), string(wijkregie.DecisionSafety), string(wijkregie.DecisionNone)}
		c += ` AND (f.decision IS NULL OR f.decision NOT IN (` + a.addAll(known) + `))`
	}
	if f.Postcode != "" {
		c += MeasureFilter{Postcode: f.Postcode}.scope(a, "f.team_id", "f.household_id")
	}
	return c + `)`
}

// sourceKinds are wijkregie.SourceKinds as strings.
func sourceKinds() []string {
	out := make([]string, len(wijkregie.SourceKinds))
	for i, k := range wijkregie.SourceKinds {
		out[i] = string(k)
	}
	return out
}

// Signals lists the signals in scope, the nearest triage deadline first,
// with the total count.
func (q *Q) Signals(ctx context.Context, municipalityID string, scope wijkregie.SignalScope, f SignalFilter) ([]wijkregie.Signal, int, error) {
	p := f.Page.clamp()
	cond, args := signalScopeSQL(scope, 2, q.Now())
	a := &sqlArgs{list: append([]any{municipalityID}, args...)}
	if f.TeamID != "" {
		cond += ` AND s.team_id = ` + a.add(f.TeamID)
	}
	cond += f.factsFilter(a)
	return q.signalPage(ctx, cond, a.list, p)
}

// signalPage returns one page of a municipality's signals (aliased s) that
// match cond, the nearest triage deadline first, with the total count;
// args are cond's arguments after the municipality, which is $1.
func (q *Q) signalPage(ctx context.Context, cond string, args []any, p Page) ([]wijkregie.Signal, int, error) {
	var total int
	if err := q.x.QueryRowContext(ctx, `SELECT COUNT(*) FROM signals s WHERE s.municipality_id = $1 AND `+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	n := len(args)
	rows, err := q.x.QueryContext(ctx, `SELECT `+prefixed("s", signalColumns)+` FROM signals s WHERE s.municipality_id = $1 AND `+cond+
		fmt.Sprintf(` ORDER BY s.triage_deadline, s.id LIMIT $%d OFFSET $%d`, n+1, n+2), append(args, p.Limit, p.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	out, err := scanSignals(rows)
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// MatchingSignals returns the active signals other than exceptID on the
// person or the household (either may be ""), oldest first
// (signals_by_person, signals_by_household).
func (q *Q) MatchingSignals(ctx context.Context, municipalityID, personID, householdID, exceptID string) ([]wijkregie.Signal, error) {
	// Two lookups joined by UNION, each on its own index, and the signal
	// itself dropped in Go: with "person OR household" in one WHERE, or
	// with "id <> ?", SQLite (which keeps no statistics here) walks every
	// signal of the municipality instead: 30 s per intake at five million
	// signals (docs/benchmarks.md). PostgreSQL plans both forms well.
	rows, err := q.x.QueryContext(ctx, `SELECT `+signalColumns+` FROM signals
WHERE municipality_id = $1 AND person_id = $2 AND status IN ($4, $5)
UNION
SELECT `+signalColumns+` FROM signals
WHERE municipality_id = $1 AND household_id = $3 AND status IN ($4, $5)
ORDER BY created_at, id`, municipalityID, personID, householdID, wijkregie.SignalNew, wijkregie.SignalInCase)
	if err != nil {
		return nil, err
	}
	all, err := scanSignals(rows)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, s := range all {
		if s.ID != exceptID {
			out = append(out, s)
		}
	}
	return out, nil
}

// HouseholdsAtAddress returns the ids of the households at an address,
// oldest first (households_by_address); the addition is compared without
// regard to case, in Go, as the person search does.
func (q *Q) HouseholdsAtAddress(ctx context.Context, municipalityID string, a wijkregie.Address) ([]string, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT id, addition FROM households WHERE municipality_id = $1 AND postcode = $2 AND number = $3
ORDER BY created_at, id`, municipalityID, wijkregie.NormalizePostcode(a.Postcode), a.Number)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, addition string
		if err := rows.Scan(&id, &addition); err != nil {
			return nil, err
		}
		if strings.EqualFold(strings.TrimSpace(addition), strings.TrimSpace(a.Addition)) {
			out = append(out, id)
		}
	}
	return out, rows.Err()
}

// CurrentHousehold returns the id of the household a person belongs to
// today (the one joined last), or "" when none.
func (q *Q) CurrentHousehold(ctx context.Context, municipalityID, personID string) (string, error) {
	var id string
	today := date(q.Now())
	err := q.x.QueryRowContext(ctx, `SELECT household_id FROM members
WHERE municipality_id = $1 AND person_id = $2 AND from_date <= $3 AND (until_date IS NULL OR until_date >= $3)
ORDER BY from_date DESC, household_id LIMIT 1`, municipalityID, personID, today).Scan(&id)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return id, err
}

// AddSignalMatch records that a user works with a signal's family; a
// match already recorded is kept.
func (q *Q) AddSignalMatch(ctx context.Context, m *wijkregie.SignalMatch) error {
	m.CreatedAt = q.Now()
	_, err := q.x.ExecContext(ctx, `INSERT INTO signal_matches (municipality_id, signal_id, user_id, other_signal_id, created_at)
VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, m.MunicipalityID, m.SignalID, m.UserID, m.OtherSignalID, m.CreatedAt)
	return err
}

// SignalMatches returns a signal's matches, oldest first.
func (q *Q) SignalMatches(ctx context.Context, municipalityID, signalID string) ([]wijkregie.SignalMatch, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT user_id, other_signal_id, created_at FROM signal_matches
WHERE municipality_id = $1 AND signal_id = $2 ORDER BY created_at, user_id`, municipalityID, signalID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []wijkregie.SignalMatch
	for rows.Next() {
		m := wijkregie.SignalMatch{MunicipalityID: municipalityID, SignalID: signalID}
		if err := rows.Scan(&m.UserID, &m.OtherSignalID, &m.CreatedAt); err != nil {
			return nil, err
		}
		m.CreatedAt = m.CreatedAt.UTC()
		out = append(out, m)
	}
	return out, rows.Err()
}

const notificationColumns = `municipality_id, id, recipient_id, kind, signal_id, household_id, other_user_id,
other_name, other_organisation, other_contact, subject_id, created_at, read_at`

func scanNotification(sc interface{ Scan(...any) error }) (*wijkregie.Notification, error) {
	var n wijkregie.Notification
	var read sql.NullTime
	if err := sc.Scan(&n.MunicipalityID, &n.ID, &n.RecipientID, &n.Kind, &n.SignalID, &n.HouseholdID, &n.OtherUserID,
		&n.OtherName, &n.OtherOrganisation, &n.OtherContact, &n.SubjectID, &n.CreatedAt, &read); err != nil {
		return nil, err
	}
	n.CreatedAt, n.ReadAt = n.CreatedAt.UTC(), timeOf(read)
	return &n, nil
}

// CreateNotification puts a message in a user's inbox; the id is set here.
func (q *Q) CreateNotification(ctx context.Context, n *wijkregie.Notification) error {
	n.ID, n.CreatedAt = wijkregie.NewID(q.Now()), q.Now()
	_, err := q.x.ExecContext(ctx, `INSERT INTO notifications (`+notificationColumns+`)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`, notificationValues(n)...)
	return err
}

func notificationValues(n *wijkregie.Notification) []any {
	return []any{n.MunicipalityID, n.ID, n.RecipientID, n.Kind, n.SignalID, n.HouseholdID, n.OtherUserID,
		n.OtherName, n.OtherOrganisation, n.OtherContact, n.SubjectID, n.CreatedAt, nullTime(n.ReadAt)}
}

// Notification returns one of a recipient's notifications; another user's
// is not found.
func (q *Q) Notification(ctx context.Context, municipalityID, recipientID, id string) (*wijkregie.Notification, error) {
	n, err := scanNotification(q.x.QueryRowContext(ctx, `SELECT `+notificationColumns+` FROM notifications
WHERE municipality_id = $1 AND recipient_id = $2 AND id = $3`, municipalityID, recipientID, id))
	if err != nil {
		return nil, notFound(err)
	}
	return n, nil
}

// Notifications returns a recipient's notifications, newest first, with
// the total and the number unread (notifications_by_recipient).
func (q *Q) Notifications(ctx context.Context, municipalityID, recipientID string, page Page) ([]wijkregie.Notification, int, int, error) {
	p := page.clamp()
	var total, unread int
	if err := q.x.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(read_at) FROM notifications WHERE municipality_id = $1 AND recipient_id = $2`,
		municipalityID, recipientID).Scan(&total, &unread); err != nil {
		return nil, 0, 0, err
	}
	unread = total - unread
	rows, err := q.x.QueryContext(ctx, `SELECT `+notificationColumns+` FROM notifications WHERE municipality_id = $1 AND recipient_id = $2
ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4`, municipalityID, recipientID, p.Limit, p.Offset)
	if err != nil {
		return nil, 0, 0, err
	}
	defer rows.Close()
	var out []wijkregie.Notification
	for rows.Next() {
		n, err := scanNotification(rows)
		if err != nil {
			return nil, 0, 0, err
		}
		out = append(out, *n)
	}
	return out, total, unread, rows.Err()
}

// SetNotificationRead marks a recipient's notification read (at now) or
// unread.
func (q *Q) SetNotificationRead(ctx context.Context, municipalityID, recipientID, id string, read bool) error {
	var at sql.NullTime
	if read {
		at = nullTime(q.Now())
	}
	res, err := q.x.ExecContext(ctx, `UPDATE notifications SET read_at = $4 WHERE municipality_id = $1 AND recipient_id = $2 AND id = $3`,
		municipalityID, recipientID, id, at)
	return affectedOne(res, err)
}

// MatchSignal records a new signal's matches (Verwijsindex: who, never
// what) against the other active signals and the current involvements on
// the same person or household, and writes the notifications: one to each
// other party (creators of those signals, users involved with the
// household) naming the signal's creator, and one to the creator per
// other party. Nobody is told the other signal's kind, domains or
// description. It returns the number of other parties, for the caller to
// audit.
func (q *Q) MatchSignal(ctx context.Context, sig *wijkregie.Signal) (int, error) {
	mid, me := sig.MunicipalityID, sig.CreatedBy
	others, err := q.MatchingSignals(ctx, mid, sig.PersonID, sig.HouseholdID, sig.ID)
	if err != nil {
		return 0, err
	}
	var invs []wijkregie.Involvement
	if sig.HouseholdID != "" {
		if invs, err = q.Involvements(ctx, mid, sig.HouseholdID); err != nil {
			return 0, err
		}
	}
	type party struct{ userID, theirSignal string }
	var parties []party
	seen := map[string]bool{me: true}
	// A resident's report through the public form is nobody's work with
	// the family until the team triages it: its page shows who else works
	// with the family, but the form's user is named to no one and told
	// nothing (wijkregie.PublicUserID).
	public := me == wijkregie.PublicUserID
	for _, o := range others {
		if o.CreatedBy == me || o.CreatedBy == wijkregie.PublicUserID {
			continue // one's own earlier signal is no news; the form is no party
		}
		if err := q.AddSignalMatch(ctx, &wijkregie.SignalMatch{MunicipalityID: mid, SignalID: sig.ID, UserID: o.CreatedBy, OtherSignalID: o.ID}); err != nil {
			return 0, err
		}
		if !public {
			if err := q.AddSignalMatch(ctx, &wijkregie.SignalMatch{MunicipalityID: mid, SignalID: o.ID, UserID: me, OtherSignalID: sig.ID}); err != nil {
				return 0, err
			}
		}
		if !seen[o.CreatedBy] {
			seen[o.CreatedBy] = true
			parties = append(parties, party{o.CreatedBy, o.ID})
		}
	}
	for _, inv := range invs {
		// Emergency access lets someone look, not work with the family:
		// a match names only who works with it.
		if inv.UserID == me || inv.Kind == wijkregie.InvolvementNoodToegang {
			continue
		}
		if err := q.AddSignalMatch(ctx, &wijkregie.SignalMatch{MunicipalityID: mid, SignalID: sig.ID, UserID: inv.UserID}); err != nil {
			return 0, err
		}
		if !seen[inv.UserID] {
			seen[inv.UserID] = true
			parties = append(parties, party{inv.UserID, ""})
		}
	}
	if len(parties) == 0 || public {
		return 0, nil
	}
	mine, err := q.MatchParty(ctx, mid, me)
	if err != nil {
		return 0, err
	}
	for _, p := range parties {
		theirs, err := q.MatchParty(ctx, mid, p.userID)
		if err != nil {
			return 0, err
		}
		toThem := mine.notification(mid, p.userID, p.theirSignal, sig.HouseholdID)
		toMe := theirs.notification(mid, me, sig.ID, sig.HouseholdID)
		for _, n := range []*wijkregie.Notification{&toThem, &toMe} {
			if err := q.CreateNotification(ctx, n); err != nil {
				return 0, err
			}
		}
	}
	return len(parties), nil
}

// MatchParty is who a match names: a user, their organisation and how to
// reach them.
type MatchParty struct {
	UserID       string
	Name         string
	Organisation string
	Contact      string
}

// MatchParty returns what a match shows of a user.
func (q *Q) MatchParty(ctx context.Context, municipalityID, userID string) (MatchParty, error) {
	u, err := q.User(ctx, municipalityID, userID)
	if err != nil {
		return MatchParty{}, err
	}
	p := MatchParty{UserID: u.ID, Name: u.Name, Contact: u.Email}
	if u.OrganisationID != "" {
		o, err := q.Organisation(ctx, municipalityID, u.OrganisationID)
		if err != nil && wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			return MatchParty{}, err
		}
		if o != nil {
			p.Organisation = o.Name
		}
	}
	return p, nil
}

func (p MatchParty) notification(municipalityID, recipient, signalID, householdID string) wijkregie.Notification {
	return wijkregie.Notification{MunicipalityID: municipalityID, Kind: wijkregie.NotificationMatch, RecipientID: recipient,
		SignalID: signalID, HouseholdID: householdID,
		OtherUserID: p.UserID, OtherName: p.Name, OtherOrganisation: p.Organisation, OtherContact: p.Contact}
}
