package app

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/locale"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// The team's outreach screen, the monitoring figures and the feedback to
// creditors (docs/outreach.md, "Het overzicht per team", "Monitor",
// "Terugmelding aan schuldeisers"). The lists name households by address
// and are the team's own (policy.OutreachTeams); the figures are
// aggregates; the feedback holds a creditor's own references with the
// reduced outcome only (wijkregie.OutcomeCode.Reduced).

// amsterdam is the zone a period's days are read in: a quarter ends at
// midnight in the Netherlands, whatever the server's zone.
var amsterdam = mustZone("Europe/Amsterdam")

func mustZone(name string) *time.Location {
	z, err := time.LoadLocation(name) // the root package embeds time/tzdata
	if err != nil {
		panic(err)
	}
	return z
}

// OutreachListFilter chooses a page of the team's outreach screen.
type OutreachListFilter struct {
	TeamID string            // "" for the actor's own team, the only one they may list
	Tab    store.OutreachTab // "" for te doen
	// Deadline keeps the tab's outreaches whose deadline falls on these
	// days (the workload's termijnen count the open ones per week).
	Deadline DayRange
	Page     store.Page
}

// OutreachItem is an outreach on the team's lists, with where its
// deadline stands today.
type OutreachItem struct {
	store.OutreachRow
	Late bool // open and past its deadline
	// DaysLeft is the number of Dutch calendar days from today to the
	// deadline's day: 0 on the day itself, negative once late.
	DaysLeft int
}

// OutreachListView is one page of a tab, with every tab's count.
type OutreachListView struct {
	TeamID string
	Tab    store.OutreachTab
	Items  []OutreachItem
	Total  int
	Counts map[store.OutreachTab]int
}

// outreachLate reports whether the first offer of help on an open outreach
// is late at now: its deadline, the end of its day, has passed. The store
// says the same in SQL (outreachTabSQL).
func outreachLate(o *wijkregie.Outreach, now time.Time) bool {
	return o.Status == wijkregie.OutreachOpen && o.Deadline.Before(now)
}

// daysBetween is the number of Dutch calendar days from the day of a to
// the day of b.
func daysBetween(a, b time.Time) int {
	return int(wijkregie.Today(b).Sub(wijkregie.Today(a)).Hours() / 24)
}

// outreachTeam decides which team's list the actor asks for: only their
// own (policy.OutreachTeams); another is refused.
func outreachTeam(actor wijkregie.Actor, asked string) (string, error) {
	team := policy.OutreachTeams(actor)
	if team == "" || asked != "" && asked != team {
		return "", wijkregie.Forbidden()
	}
	return team, nil
}

// outreachItems adds where each deadline stands at now.
func outreachItems(rows []store.OutreachRow, now time.Time) []OutreachItem {
	items := make([]OutreachItem, len(rows))
	for i, r := range rows {
		items[i] = OutreachItem{OutreachRow: r, Late: outreachLate(&r.Outreach, now), DaysLeft: daysBetween(now, r.Outreach.Deadline)}
	}
	return items
}

// outreachListEvents are the audit records of a list shown: the search
// (its criteria and how many it found) and each outreach named on it.
func outreachListEvents(criteria string, total int, items []OutreachItem) []wijkregie.Event {
	events := make([]wijkregie.Event, 0, len(items)+1)
	events = append(events, wijkregie.Event{Action: string(policy.ListOutreach), SubjectKind: "vroegsignaal", Purpose: PurposeTask,
		Search: criteria, Results: total})
	for _, it := range items {
		events = append(events, wijkregie.Event{Action: string(policy.ViewOutreach), SubjectKind: "vroegsignaal",
			SubjectID: it.Outreach.ID, Purpose: PurposeTask})
	}
	return events
}

// OutreachList returns one page of a tab of the actor's team's outreach
// screen with the counts of every tab, judged by the service's clock. A
// team other than the actor's own is refused. The list and each outreach
// on it are audited.
func (s *Service) OutreachList(ctx context.Context, actor wijkregie.Actor, f OutreachListFilter) (*OutreachListView, error) {
	if err := s.allow(actor, policy.ListOutreach); err != nil {
		return nil, err
	}
	team, err := outreachTeam(actor, f.TeamID)
	if err != nil {
		return nil, err
	}
	if f.Tab == "" {
		f.Tab = store.OutreachDue
	}
	if !f.Tab.Valid() {
		return nil, wijkregie.InvalidField("status", "veld.keuze")
	}
	if err := f.Deadline.Validate("termijn-tot"); err != nil {
		return nil, err
	}
	sf := store.OutreachFilter{TeamID: team, Tab: f.Tab, Page: f.Page}
	sf.DeadlineFrom, sf.DeadlineTo = f.Deadline.Moments()
	r := s.store.R()
	rows, total, err := r.OutreachList(ctx, actor.MunicipalityID, sf)
	if err != nil {
		return nil, err
	}
	counts, err := r.OutreachCounts(ctx, actor.MunicipalityID, team)
	if err != nil {
		return nil, err
	}
	v := &OutreachListView{TeamID: team, Tab: f.Tab, Items: outreachItems(rows, s.Now()), Total: total, Counts: counts}
	events := outreachListEvents(wijkregie.SearchOf("team="+team, "status="+string(f.Tab), f.Deadline.criterion("termijn")), total, v.Items)
	if err := s.audit(ctx, actor, events...); err != nil {
		return nil, err
	}
	return v, nil
}

// OutreachStreets returns one page of the actor's team's open outreaches
// by street, postcode and house number — the order of a walk for home
// visits — with their total. The list and each outreach on it are audited.
func (s *Service) OutreachStreets(ctx context.Context, actor wijkregie.Actor, page store.Page) ([]OutreachItem, int, error) {
	if err := s.allow(actor, policy.ListOutreach); err != nil {
		return nil, 0, err
	}
	team, err := outreachTeam(actor, "")
	if err != nil {
		return nil, 0, err
	}
	rows, total, err := s.store.R().OutreachStreets(ctx, actor.MunicipalityID, team, page)
	if err != nil {
		return nil, 0, err
	}
	items := outreachItems(rows, s.Now())
	events := outreachListEvents(wijkregie.SearchOf("team="+team, "status=open", "per-straat"), total, items)
	if err := s.audit(ctx, actor, events...); err != nil {
		return nil, 0, err
	}
	return items, total, nil
}

// Period is a span of Dutch calendar days, both included, each at
// midnight UTC as the store keeps dates.
type Period struct {
	From, To time.Time
}

// Quarter returns the quarter of the Dutch day of now.
func Quarter(now time.Time) Period {
	d := wijkregie.Today(now)
	first := time.Date(d.Year(), (d.Month()-1)/3*3+1, 1, 0, 0, 0, 0, time.UTC)
	return Period{From: first, To: first.AddDate(0, 3, -1)}
}

// validate checks a period: both days known, the end not before the start.
// The field names are the query's (van, tot).
func (p Period) validate() error {
	var v wijkregie.Invalid
	if p.From.IsZero() {
		v.Field("van", "veld.datum")
	}
	if p.To.IsZero() {
		v.Field("tot", "veld.datum")
	}
	if !p.From.IsZero() && !p.To.IsZero() && p.To.Before(p.From) {
		v.Field("tot", "veld.vroeglijst.periode")
	}
	return v.Err()
}

// moments returns the period as the instants [from, to): from the start of
// its first day to the start of the day after its last, in Dutch time.
func (p Period) moments() (time.Time, time.Time) {
	start := func(d time.Time) time.Time {
		return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, amsterdam).UTC()
	}
	return start(p.From), start(p.To.AddDate(0, 0, 1))
}

// AllTeams asks the monitor for the figures of the whole municipality.
const AllTeams = "alle"

// MonitorQuery chooses the monitor's figures.
type MonitorQuery struct {
	Period Period // zero: the current quarter
	// TeamID is a team, AllTeams, or "" for the default: a team lead's own
	// team, the whole municipality for everyone else.
	TeamID string
}

// KindCount is a number of reports from one kind of creditor.
type KindCount struct {
	Kind  wijkregie.CreditorKind
	Count int
}

// OutcomeCount is a number of outreaches closed with one outcome.
type OutcomeCount struct {
	Code  wijkregie.OutcomeCode
	Count int
}

// OutreachMonitor is the monitor of a period: the figures municipalities
// report on vroegsignalering (Divosa Monitor Vroegsignalering Schulden),
// aggregates that name no household, person or address.
type OutreachMonitor struct {
	Period Period
	Team   *wijkregie.Team // nil: the whole municipality

	Reports            []KindCount // reports received, per kind of creditor in wijkregie.CreditorKinds' order
	ReportsTotal       int
	ThreateningReports int // of them threatening (eviction, cut-off, cancellation), as last reported

	Households int // outreaches opened: households signalled
	Reached    int // outreaches that first reached their household in the period

	Outcomes        []OutcomeCount // outreaches closed in the period, per outcome in the GGM's order
	Closed          int
	HelpAccepted    int // closed with help that goes on (OutcomeCode.HelpAccepted)
	KnownDebtHelp   int // already known to debt help
	OtherTrajectory int // already in another trajectory: handed to the family's regisseur

	// The first contact of the outreaches opened in the period: how many
	// had one, the median and mean of the Dutch calendar days from opened
	// to first contact, and of those whose term is over (a first contact
	// made, or the deadline passed without one) how many had their first
	// contact by the deadline.
	Contacted      int
	MedianDays     float64
	MeanDays       float64
	TermOver       int
	WithinDeadline int
}

// WithinShare is the share of outreaches whose term is over that had
// their first contact by the deadline, in percent; 0 when none is over.
func (m *OutreachMonitor) WithinShare() float64 {
	if m.TermOver == 0 {
		return 0
	}
	return float64(m.WithinDeadline) * 100 / float64(m.TermOver)
}

// OutreachMonitor returns the figures of a period, of a team or of the
// whole municipality. It reads no personal data, but who looked at which
// figures is recorded all the same.
func (s *Service) OutreachMonitor(ctx context.Context, actor wijkregie.Actor, mq MonitorQuery) (*OutreachMonitor, error) {
	if err := s.allow(actor, policy.ViewOutreachMonitor); err != nil {
		return nil, err
	}
	if mq.Period == (Period{}) {
		mq.Period = Quarter(s.Now())
	}
	if err := mq.Period.validate(); err != nil {
		return nil, err
	}
	m := &OutreachMonitor{Period: mq.Period}
	switch team := mq.TeamID; {
	case team == "" && actor.Role == wijkregie.RoleTeamLead && actor.TeamID != "":
		mq.TeamID = actor.TeamID
	case team == "" || team == AllTeams:
		mq.TeamID = ""
	case !wijkregie.ValidID(team):
		return nil, wijkregie.InvalidField("team", "veld.keuze")
	}
	r := s.store.R()
	if mq.TeamID != "" {
		t, err := r.Team(ctx, actor.MunicipalityID, mq.TeamID)
		if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
			return nil, wijkregie.InvalidField("team", "veld.keuze")
		}
		if err != nil {
			return nil, err
		}
		m.Team = t
	}
	from, to := mq.Period.moments()
	f, err := r.OutreachFigures(ctx, actor.MunicipalityID, store.OutreachPeriod{From: from, To: to, TeamID: mq.TeamID})
	if err != nil {
		return nil, err
	}
	m.figures(f, s.Now())
	subject := mq.TeamID
	if subject == "" {
		subject = actor.MunicipalityID
	}
	ev := wijkregie.Event{Action: string(policy.ViewOutreachMonitor), SubjectKind: "vroegsignalering", SubjectID: subject, Purpose: PurposeTask}
	if err := s.audit(ctx, actor, ev); err != nil {
		return nil, err
	}
	return m, nil
}

// figures turns the store's counts into the monitor's figures at now.
func (m *OutreachMonitor) figures(f *store.OutreachFigures, now time.Time) {
	for _, k := range wijkregie.CreditorKinds {
		m.Reports = append(m.Reports, KindCount{Kind: k, Count: f.Reports[k]})
		m.ReportsTotal += f.Reports[k]
	}
	m.ThreateningReports, m.Households, m.Reached = f.ThreateningReports, f.Opened, f.Reached
	for _, c := range wijkregie.OutcomeCodes {
		n := f.Outcomes[c]
		m.Outcomes = append(m.Outcomes, OutcomeCount{Code: c, Count: n})
		m.Closed += n
		switch {
		case c.HelpAccepted():
			m.HelpAccepted += n
		case c == wijkregie.OutcomeKnownDebtHelp:
			m.KnownDebtHelp += n
		case c == wijkregie.OutcomeOtherTrajectory:
			m.OtherTrajectory += n
		}
	}
	var days []int
	for _, t := range f.Timings {
		switch {
		case !t.FirstContactAt.IsZero():
			days = append(days, max(0, daysBetween(t.OpenedAt, t.FirstContactAt)))
			m.TermOver++
			if !t.FirstContactAt.After(t.Deadline) {
				m.WithinDeadline++
			}
		case t.Deadline.Before(now):
			m.TermOver++
		}
	}
	m.Contacted = len(days)
	if len(days) == 0 {
		return
	}
	slices.Sort(days)
	sum := 0
	for _, d := range days {
		sum += d
	}
	m.MeanDays = float64(sum) / float64(len(days))
	mid := len(days) / 2
	if len(days)%2 == 1 {
		m.MedianDays = float64(days[mid])
	} else {
		m.MedianDays = float64(days[mid-1]+days[mid]) / 2
	}
}

// Creditors lists the municipality's creditors, for choosing whose
// feedback to export. A creditor is an organisation (or a landlord) that
// reports arrears, not a resident: the list is not audited.
func (s *Service) Creditors(ctx context.Context, actor wijkregie.Actor) ([]wijkregie.Creditor, error) {
	if err := s.allow(actor, policy.ExportCreditorFeedback); err != nil {
		return nil, err
	}
	return s.store.R().Creditors(ctx, actor.MunicipalityID)
}

// Creditor returns one creditor, for the page of its feedback. It is not
// audited, as Creditors is not.
func (s *Service) Creditor(ctx context.Context, actor wijkregie.Actor, id string) (*wijkregie.Creditor, error) {
	if err := s.allow(actor, policy.ExportCreditorFeedback); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(id) {
		return nil, wijkregie.NotFound()
	}
	return s.store.R().CreditorByID(ctx, actor.MunicipalityID, id)
}

// Feedback is what a creditor is told about one of its reports: its own
// reference, the day it reported, the reduced outcome and the day the
// outreach closed. Nothing else: no name, no address, no outcome code.
type Feedback struct {
	Reference  string
	ReportedOn time.Time // a Dutch calendar day, midnight UTC
	Result     wijkregie.ReducedOutcome
	ClosedOn   time.Time // a Dutch calendar day, midnight UTC
}

// FeedbackView is a creditor's feedback of a period.
type FeedbackView struct {
	Creditor *wijkregie.Creditor
	Period   Period
	Rows     []Feedback
	Total    int
}

// CreditorFeedback returns what the creditor is told of its reports whose
// outreach closed in the period (zero: the current quarter), the earliest
// closed first: a page, or with page nil all of them (the CSV export).
// Reports on outreaches still open are not in it. The export is audited,
// with a record per outreach reported back on, so that the person's own
// access log shows the creditor was told.
func (s *Service) CreditorFeedback(ctx context.Context, actor wijkregie.Actor, creditorID string, p Period, page *store.Page) (*FeedbackView, error) {
	if err := s.allow(actor, policy.ExportCreditorFeedback); err != nil {
		return nil, err
	}
	if p == (Period{}) {
		p = Quarter(s.Now())
	}
	if err := p.validate(); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(creditorID) {
		return nil, wijkregie.NotFound()
	}
	r := s.store.R()
	c, err := r.CreditorByID(ctx, actor.MunicipalityID, creditorID)
	if err != nil {
		return nil, err
	}
	from, to := p.moments()
	rows, total, err := r.CreditorFeedback(ctx, actor.MunicipalityID, creditorID, from, to, page)
	if err != nil {
		return nil, err
	}
	v := &FeedbackView{Creditor: c, Period: p, Total: total, Rows: make([]Feedback, len(rows))}
	events := []wijkregie.Event{{Action: string(policy.ExportCreditorFeedback), SubjectKind: "schuldeiser", SubjectID: c.ID,
		Purpose: PurposeTask}}
	seen := map[string]bool{}
	for i, row := range rows {
		v.Rows[i] = Feedback{Reference: row.Reference, ReportedOn: wijkregie.Today(row.ReportedAt), Result: row.Outcome.Reduced(),
			ClosedOn: wijkregie.Today(row.ClosedAt)}
		// One record per outreach and person told about, however many of
		// the creditor's contracts it bundles.
		if key := row.OutreachID + "/" + row.PersonID; !seen[key] {
			seen[key] = true
			events = append(events, wijkregie.Event{Action: string(policy.ExportCreditorFeedback), SubjectKind: "vroegsignaal",
				SubjectID: row.OutreachID, PersonID: row.PersonID, Purpose: PurposeTask})
		}
	}
	if err := s.audit(ctx, actor, events...); err != nil {
		return nil, err
	}
	return v, nil
}

// FeedbackCSVHeader is the CSV export's header line, in Dutch as the
// creditor's staff read it.
var FeedbackCSVHeader = []string{"referentie", "datum melding", "teruggemeld resultaat", "datum afgerond"}

// FeedbackCSV writes a creditor's feedback as CSV: semicolons (the
// delimiter Dutch spreadsheets expect), UTF-8, a header line, dates as
// YYYY-MM-DD and the reduced outcome in Dutch. A reference that a
// spreadsheet would take for a formula (=, +, -, @ first) is written
// behind a ' (OWASP, CSV injection): it is the creditor's own text.
func FeedbackCSV(rows []Feedback, cat *locale.Catalogue, lang string) ([]byte, error) {
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	cw.Comma = ';'
	cw.UseCRLF = true
	if err := cw.Write(FeedbackCSVHeader); err != nil {
		return nil, err
	}
	for _, f := range rows {
		ref := f.Reference
		if ref != "" && strings.ContainsRune("=+-@\t\r", rune(ref[0])) {
			ref = "'" + ref
		}
		if err := cw.Write([]string{ref, csvDay(f.ReportedOn), cat.T(lang, "vroegsignaal.teruggemeld."+string(f.Result)),
			csvDay(f.ClosedOn)}); err != nil {
			return nil, err
		}
	}
	cw.Flush()
	return b.Bytes(), cw.Error()
}

// FeedbackFileName names a creditor's CSV export by the creditor's id and
// the period, never its name: a landlord may be a person.
func FeedbackFileName(creditorID string, p Period) string {
	return fmt.Sprintf("terugmelding-%s-%s-%s.csv", creditorID, csvDay(p.From), csvDay(p.To))
}

// csvDay formats a calendar day as YYYY-MM-DD.
func csvDay(d time.Time) string { return d.UTC().Format(time.DateOnly) }
