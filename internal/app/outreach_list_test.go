package app_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/locale"
	"wijkregie/internal/store"
)

// The team's outreach screen, the monitor and the creditors' feedback, on
// two teams of their own in the demo municipality (whose own figures stay
// out of them): Lijst serves postcodes 2593, Ander 2594. Outreaches are
// made by the import (ImportArrears) and worked with the outreach's own
// use cases (RecordContactAttempt, CloseOutreach), as users would.

// listTeams are the two teams with their leads and professionals.
type listTeams struct {
	lijst, ander      *wijkregie.Team
	lead, pro, andere wijkregie.Actor // Lijst's lead and professional, Ander's professional
	anderLead         wijkregie.Actor
}

func newListTeams(t *testing.T, f *fixture) *listTeams {
	t.Helper()
	m := demo.MunicipalityID
	lt := &listTeams{lijst: &wijkregie.Team{MunicipalityID: m, Name: "Wijkteam Lijst", Areas: []string{"2593"}, Active: true},
		ander: &wijkregie.Team{MunicipalityID: m, Name: "Wijkteam Ander", Areas: []string{"2594"}, Active: true}}
	user := func(mailbox string, role wijkregie.Role, team *wijkregie.Team) wijkregie.Actor {
		u := &wijkregie.User{MunicipalityID: m, Email: mailbox + "@lijst.example", Name: mailbox, Role: role, TeamID: team.ID, Active: true}
		if err := f.s.Tx(f.ctx, func(q *store.Q) error { return q.CreateUser(f.ctx, u, "x") }); err != nil {
			t.Fatal(err)
		}
		return wijkregie.ActorOf(u)
	}
	for _, tm := range []*wijkregie.Team{lt.lijst, lt.ander} {
		if err := f.s.Tx(f.ctx, func(q *store.Q) error { return q.CreateTeam(f.ctx, tm) }); err != nil {
			t.Fatal(err)
		}
	}
	lt.lead, lt.pro = user("leider", wijkregie.RoleTeamLead, lt.lijst), user("pro", wijkregie.RoleProfessional, lt.lijst)
	lt.andere, lt.anderLead = user("andere", wijkregie.RoleProfessional, lt.ander), user("anderleider", wijkregie.RoleTeamLead, lt.ander)
	return lt
}

// listDebt is one report for the import: a creditor, its reference, the
// kind of report and the debtor's address (street, number, postcode).
type listDebt struct {
	creditor string
	ck       wijkregie.CreditorKind
	ref      string
	kind     wijkregie.ArrearsKind
	street   string
	number   int
	postcode string
}

// importDebts imports the reports as the lead at the clock's time.
func (f *fixture) importDebts(t *testing.T, lead wijkregie.Actor, debts ...listDebt) {
	t.Helper()
	rows := make([]app.ArrearsRow, len(debts))
	for i, d := range debts {
		rows[i] = app.ArrearsRow{Line: i + 2, Report: wijkregie.ArrearsReport{CreditorName: d.creditor, CreditorKind: d.ck, Reference: d.ref,
			Kind: d.kind, AmountCents: 54321, Terms: 2, Since: start.AddDate(0, -2, 0),
			Debtor: wijkregie.Debtor{Surname: "Lijstsma", Initials: "C.", BirthDate: time.Date(1977, 2, 3, 0, 0, 0, 0, time.UTC),
				Address: wijkregie.Address{Street: d.street, Number: d.number, Postcode: d.postcode, Town: "Duinhaven"}}}}
	}
	sum, err := f.svc.ImportArrears(f.ctx, lead, rows, app.ArrearsImport{})
	if err != nil || sum.Rejected != 0 {
		t.Fatalf("import: %+v, %v", sum, err)
	}
}

// listOutreachOf returns the latest outreach at the postcode and number.
func (f *fixture) listOutreachOf(t *testing.T, postcode string, number int) *wijkregie.Outreach {
	t.Helper()
	var os []wijkregie.Outreach
	err := f.s.Tx(f.ctx, func(q *store.Q) error {
		w := q.ArrearsWriter()
		defer w.Close()
		hid, _, err := w.Household(f.ctx, demo.MunicipalityID, wijkregie.Address{Postcode: postcode, Number: number})
		if err != nil || hid == "" {
			return fmt.Errorf("household at %s %d: %q, %v", postcode, number, hid, err)
		}
		os, err = q.HouseholdOutreaches(f.ctx, demo.MunicipalityID, []string{hid})
		return err
	})
	if err != nil || len(os) == 0 {
		t.Fatalf("outreach at %s %d: %v", postcode, number, err)
	}
	return &os[len(os)-1]
}

// listAttempt records a home visit on the day as the actor.
func (f *fixture) listAttempt(t *testing.T, a wijkregie.Actor, o *wijkregie.Outreach, on time.Time, reached bool) {
	t.Helper()
	c := &wijkregie.ContactAttempt{Kind: wijkregie.AttemptVisit, On: on, PartOfDay: wijkregie.Afternoon, Reached: reached}
	if _, _, err := f.svc.RecordContactAttempt(f.ctx, a, o.ID, c); err != nil {
		t.Fatalf("attempt on %s: %v", o.ID, err)
	}
}

// listClose closes the outreach as the actor.
func (f *fixture) listClose(t *testing.T, a wijkregie.Actor, o *wijkregie.Outreach, outcome wijkregie.OutcomeCode) {
	t.Helper()
	if _, err := f.svc.CloseOutreach(f.ctx, a, o.ID, app.OutreachClosing{Outcome: outcome}); err != nil {
		t.Fatalf("close %s with %s: %v", o.ID, outcome, err)
	}
}

// listAudit returns the newest n audit records, oldest first.
func (f *fixture) listAudit(t *testing.T, n int) []wijkregie.AuditRecord {
	t.Helper()
	recs, _, err := f.s.R().Audit(f.ctx, demo.MunicipalityID, store.AuditFilter{Page: store.Page{Limit: n}})
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(recs)
	return recs
}

func itemIDs(items []app.OutreachItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Outreach.ID)
	}
	return out
}

// TestOutreachListTabsAndLateness: the team's screen by the service's
// clock — on Saturday 7 March the eviction reported on Monday 2 March (due
// Thursday 5 March) is two days late, the plain reports (due Monday 30
// March) are due in 23 days — with every tab's count; a professional of
// another team sees nothing of it and may not ask for it; roles without
// the list are refused; the list is audited as a search with each
// outreach shown.
func TestOutreachListTabsAndLateness(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		lt := newListTeams(t, f)
		f.importDebts(t, lt.lead,
			listDebt{"Woonstichting Lijst", wijkregie.CreditorHousingCorp, "HUUR-1", wijkregie.ArrearsPlain, "Lijststraat", 1, "2593AA"},
			listDebt{"Stroom BV", wijkregie.CreditorEnergy, "E-1", wijkregie.ArrearsPlain, "Lijststraat", 1, "2593AA"},
			listDebt{"Woonstichting Lijst", wijkregie.CreditorHousingCorp, "HUUR-2", wijkregie.ArrearsEviction, "Lijststraat", 2, "2593AA"},
			listDebt{"Stroom BV", wijkregie.CreditorEnergy, "E-3", wijkregie.ArrearsPlain, "Kerkpad", 3, "2593AB"},
			listDebt{"Stroom BV", wijkregie.CreditorEnergy, "E-9", wijkregie.ArrearsPlain, "Anderweg", 9, "2594AA"})
		a, b, c := f.listOutreachOf(t, "2593AA", 1), f.listOutreachOf(t, "2593AA", 2), f.listOutreachOf(t, "2593AB", 3)
		f.clock.Set(time.Date(2026, 3, 7, 11, 0, 0, 0, time.UTC))

		late, err := f.svc.OutreachList(f.ctx, lt.pro, app.OutreachListFilter{Tab: store.OutreachLate})
		if err != nil {
			t.Fatal(err)
		}
		if len(late.Items) != 1 || late.Items[0].Outreach.ID != b.ID || !late.Items[0].Late || late.Items[0].DaysLeft != -2 ||
			!late.Items[0].Outreach.Threatening || late.Total != 1 || late.Tab != store.OutreachLate || late.TeamID != lt.lijst.ID {
			t.Errorf("te laat: %+v", late)
		}
		want := map[store.OutreachTab]int{store.OutreachDue: 2, store.OutreachLate: 1, store.OutreachReached: 0, store.OutreachDone: 0}
		if diff := cmp.Diff(late.Counts, want); diff != "" {
			t.Errorf("counts, -got +want:\n%s", diff)
		}
		recs := f.listAudit(t, 2)
		if r := recs[0]; r.Action != "vroegsignalen.bekijken" || r.Search != wijkregie.SearchOf("team="+lt.lijst.ID, "status=te-laat") ||
			r.Results != 1 || r.UserID != lt.pro.UserID || r.Kind() != wijkregie.KindSearch {
			t.Errorf("the search's record %+v", r)
		}
		if r := recs[1]; r.Action != "vroegsignaal.lezen" || r.SubjectKind != "vroegsignaal" || r.SubjectID != b.ID {
			t.Errorf("the outreach's record %+v", r)
		}

		due, err := f.svc.OutreachList(f.ctx, lt.lead, app.OutreachListFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if due.Tab != store.OutreachDue || len(due.Items) != 2 || !slices.Contains(itemIDs(due.Items), a.ID) || !slices.Contains(itemIDs(due.Items), c.ID) {
			t.Fatalf("te doen: %v", itemIDs(due.Items))
		}
		for _, it := range due.Items {
			if it.Late || it.DaysLeft != 23 {
				t.Errorf("%s: late %v, %d days left; want 23", it.Outreach.ID, it.Late, it.DaysLeft)
			}
			if it.Outreach.ID == a.ID && (it.Arrears != 2 || it.Creditors != 2) || it.Outreach.ID == c.ID && (it.Arrears != 1 || it.Creditors != 1) {
				t.Errorf("%s: %d reports of %d creditors", it.Outreach.ID, it.Arrears, it.Creditors)
			}
		}
		// On the deadline's own day: 0 days left, not late.
		f.clock.Set(time.Date(2026, 3, 30, 21, 0, 0, 0, time.UTC)) // 23:00 summer time
		due, _ = f.svc.OutreachList(f.ctx, lt.lead, app.OutreachListFilter{})
		if len(due.Items) != 2 || due.Items[0].DaysLeft != 0 || due.Items[0].Late {
			t.Errorf("on the day: %+v", due.Items)
		}
		f.clock.Set(time.Date(2026, 3, 30, 22, 0, 0, 0, time.UTC)) // midnight: 31 March
		due, _ = f.svc.OutreachList(f.ctx, lt.lead, app.OutreachListFilter{})
		if len(due.Items) != 0 || due.Counts[store.OutreachLate] != 3 {
			t.Errorf("the day after: %d due, counts %v; want none due, 3 late", len(due.Items), due.Counts)
		}

		// Ander's professional sees Ander's list, nothing of Lijst's.
		other, err := f.svc.OutreachList(f.ctx, lt.andere, app.OutreachListFilter{Tab: store.OutreachLate})
		if err != nil || other.TeamID != lt.ander.ID || other.Total != 1 || other.Items[0].Outreach.ID == b.ID {
			t.Errorf("Ander's late list: %+v, %v", other, err)
		}
		for _, id := range itemIDs(other.Items) {
			if id == a.ID || id == b.ID || id == c.ID {
				t.Errorf("Ander's professional sees Lijst's outreach %s", id)
			}
		}
		if _, err := f.svc.OutreachList(f.ctx, lt.andere, app.OutreachListFilter{TeamID: lt.lijst.ID}); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("Ander's professional asking for Lijst's list: %v", err)
		}
		if _, _, err := f.svc.OutreachStreets(f.ctx, lt.andere, store.Page{}); err != nil {
			t.Errorf("Ander's streets: %v", err)
		}
		for _, r := range []wijkregie.Role{wijkregie.RolePolicy, wijkregie.RoleInspection, wijkregie.RoleAdmin, wijkregie.RolePartner,
			wijkregie.RolePrivacy} {
			if _, err := f.svc.OutreachList(f.ctx, f.actor(r), app.OutreachListFilter{}); code(err) != wijkregie.EFORBIDDEN {
				t.Errorf("%s: %v; want forbidden", r, err)
			}
			if _, _, err := f.svc.OutreachStreets(f.ctx, f.actor(r), store.Page{}); code(err) != wijkregie.EFORBIDDEN {
				t.Errorf("%s streets: %v; want forbidden", r, err)
			}
		}
		if _, err := f.svc.OutreachList(f.ctx, lt.lead, app.OutreachListFilter{Tab: "alles"}); code(err) != wijkregie.EINVALID {
			t.Errorf("an unknown tab: %v", err)
		}
	})
}

// TestOutreachStreetsForHomeVisits: the street list is the team's open
// outreaches by street, postcode and number, audited as a search of the
// open ones by street.
func TestOutreachStreetsForHomeVisits(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		lt := newListTeams(t, f)
		f.importDebts(t, lt.lead,
			listDebt{"Stroom BV", wijkregie.CreditorEnergy, "E-1", wijkregie.ArrearsPlain, "Zeeweg", 4, "2593AC"},
			listDebt{"Stroom BV", wijkregie.CreditorEnergy, "E-2", wijkregie.ArrearsPlain, "Achterom", 11, "2593AB"},
			listDebt{"Stroom BV", wijkregie.CreditorEnergy, "E-3", wijkregie.ArrearsPlain, "Achterom", 3, "2593AA"},
			listDebt{"Stroom BV", wijkregie.CreditorEnergy, "E-4", wijkregie.ArrearsPlain, "Achterom", 1, "2593AA"},
			listDebt{"Stroom BV", wijkregie.CreditorEnergy, "E-5", wijkregie.ArrearsPlain, "Bosweg", 2, "2593AD"})
		f.clock.Advance(time.Hour)
		f.listClose(t, lt.lead, f.listOutreachOf(t, "2593AD", 2), wijkregie.OutcomeUnjustified)
		items, total, err := f.svc.OutreachStreets(f.ctx, lt.pro, store.Page{Limit: 25})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, it := range items {
			got = append(got, fmt.Sprintf("%s %d %s", it.Address.Street, it.Address.Number, it.Address.Postcode))
		}
		want := []string{"Achterom 1 2593AA", "Achterom 3 2593AA", "Achterom 11 2593AB", "Zeeweg 4 2593AC"}
		if diff := cmp.Diff(got, want); diff != "" || total != 4 {
			t.Errorf("by street (total %d), -got +want:\n%s", total, diff)
		}
		if r := f.listAudit(t, 5)[0]; r.Search != wijkregie.SearchOf("per-straat", "status=open", "team="+lt.lijst.ID) || r.Results != 4 {
			t.Errorf("the search's record %+v", r)
		}
	})
}

// monitorWorld is the hand-counted fixture of the monitor, on Monday 2
// March 2026 (the fixture's start):
//
//	H1 Lijst  woningcorporatie + energie, plain  visit 4 March, reached  closed vervolghulp financieel
//	H2 Lijst  woningcorporatie, eviction (due 5 March)  visit 9 March, not reached  closed definitief geen contact
//	H3 Lijst  water, plain  visit 3 March, reached  closed al bekend bij schuldhulpverlening
//	H4 Lijst  zorgverzekeraar, plain (due 30 March)  no visit, open
//	H5 Ander  energie, plain  visit 6 March, reached  closed ander lopend traject
//
// Days to the first contact in Lijst: 2, 7, 1 — median 2, mean 10/3.
func newMonitorWorld(t *testing.T, f *fixture) *listTeams {
	t.Helper()
	lt := newListTeams(t, f)
	f.importDebts(t, lt.lead,
		listDebt{"Woonstichting Lijst", wijkregie.CreditorHousingCorp, "HUUR-1", wijkregie.ArrearsPlain, "Lijststraat", 1, "2593AA"},
		listDebt{"Stroom BV", wijkregie.CreditorEnergy, "E-1", wijkregie.ArrearsPlain, "Lijststraat", 1, "2593AA"},
		listDebt{"Woonstichting Lijst", wijkregie.CreditorHousingCorp, "HUUR-2", wijkregie.ArrearsEviction, "Lijststraat", 2, "2593AA"},
		listDebt{"Duinwater", wijkregie.CreditorWater, "W-3", wijkregie.ArrearsPlain, "Lijststraat", 3, "2593AA"},
		listDebt{"Zorg & Co", wijkregie.CreditorHealth, "Z-4", wijkregie.ArrearsPlain, "Lijststraat", 4, "2593AA"},
		listDebt{"Stroom BV", wijkregie.CreditorEnergy, "E-5", wijkregie.ArrearsPlain, "Anderweg", 5, "2594AA"})
	h1, h2, h3 := f.listOutreachOf(t, "2593AA", 1), f.listOutreachOf(t, "2593AA", 2), f.listOutreachOf(t, "2593AA", 3)
	h5 := f.listOutreachOf(t, "2594AA", 5)
	f.clock.Set(time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC))
	day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, time.UTC) }
	f.listAttempt(t, lt.pro, h1, day(4), true)
	f.listAttempt(t, lt.pro, h2, day(9), false)
	f.listAttempt(t, lt.pro, h3, day(3), true)
	f.listAttempt(t, lt.andere, h5, day(6), true)
	f.listClose(t, lt.lead, h1, wijkregie.OutcomeFinancialHelp)
	f.listClose(t, lt.lead, h2, wijkregie.OutcomeNoContact)
	f.listClose(t, lt.lead, h3, wijkregie.OutcomeKnownDebtHelp)
	f.listClose(t, lt.anderLead, h5, wijkregie.OutcomeOtherTrajectory)
	f.clock.Set(time.Date(2026, 3, 20, 10, 0, 0, 0, time.UTC))
	return lt
}

// monitorCounts are the monitor's figures that are plain counts.
type monitorCounts struct {
	Reports                                              map[wijkregie.CreditorKind]int
	ReportsTotal, Threatening, Households, Reached       int
	Outcomes                                             map[wijkregie.OutcomeCode]int
	Closed, HelpAccepted, KnownDebtHelp, OtherTrajectory int
	Contacted, TermOver, WithinDeadline                  int
}

func monitorCountsOf(m *app.OutreachMonitor) monitorCounts {
	c := monitorCounts{Reports: map[wijkregie.CreditorKind]int{}, Outcomes: map[wijkregie.OutcomeCode]int{},
		ReportsTotal: m.ReportsTotal, Threatening: m.ThreateningReports, Households: m.Households, Reached: m.Reached,
		Closed: m.Closed, HelpAccepted: m.HelpAccepted, KnownDebtHelp: m.KnownDebtHelp, OtherTrajectory: m.OtherTrajectory,
		Contacted: m.Contacted, TermOver: m.TermOver, WithinDeadline: m.WithinDeadline}
	for _, k := range m.Reports {
		if k.Count > 0 {
			c.Reports[k.Kind] = k.Count
		}
	}
	for _, o := range m.Outcomes {
		if o.Count > 0 {
			c.Outcomes[o.Code] = o.Count
		}
	}
	return c
}

// TestOutreachMonitorByHand: the figures of the first quarter of 2026,
// counted by hand (newMonitorWorld), for the lead's own team by default,
// for another team, and for the whole municipality as the sum of what the
// demo had and what the fixture added; the share within the term follows
// the clock; every creditor kind and outcome is listed, zeros too; the
// monitor is audited; beleid reads it but not the list.
func TestOutreachMonitorByHand(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		q1 := app.Period{From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)}
		before, err := f.svc.OutreachMonitor(f.ctx, f.actor(wijkregie.RolePolicy), app.MonitorQuery{Period: q1})
		if err != nil {
			t.Fatal(err)
		}
		lt := newMonitorWorld(t, f)

		m, err := f.svc.OutreachMonitor(f.ctx, lt.lead, app.MonitorQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if m.Period != q1 || m.Team == nil || m.Team.ID != lt.lijst.ID {
			t.Errorf("the lead's default: period %v, team %+v; want Q1 and Lijst", m.Period, m.Team)
		}
		want := monitorCounts{
			Reports:      map[wijkregie.CreditorKind]int{wijkregie.CreditorHousingCorp: 2, wijkregie.CreditorEnergy: 1, wijkregie.CreditorWater: 1, wijkregie.CreditorHealth: 1},
			ReportsTotal: 5, Threatening: 1, Households: 4, Reached: 2,
			Outcomes: map[wijkregie.OutcomeCode]int{wijkregie.OutcomeFinancialHelp: 1, wijkregie.OutcomeNoContact: 1, wijkregie.OutcomeKnownDebtHelp: 1},
			Closed:   3, HelpAccepted: 1, KnownDebtHelp: 1, OtherTrajectory: 0,
			Contacted: 3, TermOver: 3, WithinDeadline: 2,
		}
		if diff := cmp.Diff(monitorCountsOf(m), want); diff != "" {
			t.Errorf("Lijst, -got +want:\n%s", diff)
		}
		if m.MedianDays != 2 || fmt.Sprintf("%.4f", m.MeanDays) != "3.3333" || fmt.Sprintf("%.2f", m.WithinShare()) != "66.67" {
			t.Errorf("Lijst: median %v, mean %v, within %v%%; want 2, 3.3333, 66.67", m.MedianDays, m.MeanDays, m.WithinShare())
		}
		if len(m.Reports) != len(wijkregie.CreditorKinds) || len(m.Outcomes) != len(wijkregie.OutcomeCodes) || m.Outcomes[0].Code != wijkregie.OutcomeRepeated {
			t.Errorf("the tables list %d kinds and %d outcomes; want all, in order", len(m.Reports), len(m.Outcomes))
		}
		rec := f.listAudit(t, 1)[0]
		if rec.Action != "vroegsignalering.monitor" || rec.SubjectKind != "vroegsignalering" || rec.SubjectID != lt.lijst.ID ||
			rec.PersonID != "" || rec.Kind() != wijkregie.KindRead {
			t.Errorf("the monitor's record %+v", rec)
		}

		// After H4's deadline (30 March) its term is over without contact.
		f.clock.Set(time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC))
		m, err = f.svc.OutreachMonitor(f.ctx, lt.lead, app.MonitorQuery{Period: q1})
		if err != nil {
			t.Fatal(err)
		}
		if m.TermOver != 4 || m.WithinDeadline != 2 || m.WithinShare() != 50 || m.Contacted != 3 {
			t.Errorf("after H4's deadline: %d of %d within (%v%%), %d contacted", m.WithinDeadline, m.TermOver, m.WithinShare(), m.Contacted)
		}

		// Ander, as beleid.
		m, err = f.svc.OutreachMonitor(f.ctx, f.actor(wijkregie.RolePolicy), app.MonitorQuery{Period: q1, TeamID: lt.ander.ID})
		if err != nil {
			t.Fatal(err)
		}
		wantAnder := monitorCounts{Reports: map[wijkregie.CreditorKind]int{wijkregie.CreditorEnergy: 1}, ReportsTotal: 1, Households: 1, Reached: 1,
			Outcomes: map[wijkregie.OutcomeCode]int{wijkregie.OutcomeOtherTrajectory: 1}, Closed: 1, OtherTrajectory: 1,
			Contacted: 1, TermOver: 1, WithinDeadline: 1}
		if diff := cmp.Diff(monitorCountsOf(m), wantAnder); diff != "" || m.MedianDays != 4 || m.MeanDays != 4 {
			t.Errorf("Ander (median %v, mean %v), -got +want:\n%s", m.MedianDays, m.MeanDays, diff)
		}

		// The whole municipality: what the demo had, and the fixture's two
		// teams on top.
		for _, a := range []wijkregie.Actor{f.actor(wijkregie.RolePolicy), f.actor(wijkregie.RoleInspection), f.actor(wijkregie.RoleAdmin)} {
			m, err = f.svc.OutreachMonitor(f.ctx, a, app.MonitorQuery{Period: q1})
			if err != nil {
				t.Fatalf("%s: %v", a.Role, err)
			}
			if m.Team != nil || m.ReportsTotal != before.ReportsTotal+6 || m.Households != before.Households+5 ||
				m.Reached != before.Reached+3 || m.Closed != before.Closed+4 || m.HelpAccepted != before.HelpAccepted+1 ||
				m.OtherTrajectory != before.OtherTrajectory+1 || m.Contacted != before.Contacted+4 {
				t.Errorf("%s, the municipality: %+v; before the fixture %+v", a.Role, m, before)
			}
		}
		m, err = f.svc.OutreachMonitor(f.ctx, lt.lead, app.MonitorQuery{Period: q1, TeamID: app.AllTeams})
		if err != nil || m.Team != nil || m.Households != before.Households+5 {
			t.Errorf("the lead asking for all teams: %+v, %v", m, err)
		}

		// April holds nothing of it.
		april := app.Period{From: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC)}
		m, err = f.svc.OutreachMonitor(f.ctx, lt.lead, app.MonitorQuery{Period: april})
		if err != nil || m.ReportsTotal != 0 || m.Households != 0 || m.Closed != 0 || m.Contacted != 0 {
			t.Errorf("April: %+v, %v", m, err)
		}

		// Bad input is refused beside its field; roles without it are refused.
		for _, tc := range []struct {
			q     app.MonitorQuery
			field string
		}{
			{app.MonitorQuery{Period: app.Period{From: april.To, To: april.From}}, "tot"},
			{app.MonitorQuery{Period: app.Period{From: april.From}}, "tot"},
			{app.MonitorQuery{TeamID: "geen-team"}, "team"},
			{app.MonitorQuery{TeamID: wijkregie.NewID(start)}, "team"},
		} {
			if _, err := f.svc.OutreachMonitor(f.ctx, lt.lead, tc.q); !invalidAt(err, tc.field) {
				t.Errorf("%+v: %v; want invalid at %s", tc.q, err, tc.field)
			}
		}
		for _, a := range []wijkregie.Actor{lt.pro, f.actor(wijkregie.RolePartner), f.actor(wijkregie.RolePrivacy)} {
			if _, err := f.svc.OutreachMonitor(f.ctx, a, app.MonitorQuery{}); code(err) != wijkregie.EFORBIDDEN {
				t.Errorf("%s: %v; want forbidden", a.Role, err)
			}
		}
		if _, err := f.svc.OutreachList(f.ctx, f.actor(wijkregie.RolePolicy), app.OutreachListFilter{}); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("beleid's list: %v; want forbidden", err)
		}
	})
}

// invalidAt reports whether err is invalid input naming the field.
func invalidAt(err error, field string) bool {
	var e *wijkregie.Error
	if !errors.As(err, &e) || e.Code != wijkregie.EINVALID {
		return false
	}
	return slices.ContainsFunc(e.Fields, func(fe wijkregie.FieldError) bool { return fe.Name == field })
}

// TestCreditorFeedbackHoldsOnlyTheCreditorsReducedOutcomes: a creditor's
// feedback holds its own references on outreaches closed in the period,
// each with the reduced outcome and two days — not another creditor's
// references, not one still open, not the outcome itself, no name or
// address —; the CSV is that, with its header, the formula-looking
// reference defused; the export is audited for the creditor and per
// outreach told about; only a lead and beheer may export.
func TestCreditorFeedbackHoldsOnlyTheCreditorsReducedOutcomes(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		lt := newListTeams(t, f)
		f.importDebts(t, lt.lead,
			listDebt{"Woonstichting Lijst", wijkregie.CreditorHousingCorp, "HUUR-1", wijkregie.ArrearsPlain, "Lijststraat", 1, "2593AA"},
			listDebt{"Stroom BV", wijkregie.CreditorEnergy, "E-1", wijkregie.ArrearsPlain, "Lijststraat", 1, "2593AA"},
			listDebt{"Woonstichting Lijst", wijkregie.CreditorHousingCorp, "=HUUR-2", wijkregie.ArrearsPlain, "Lijststraat", 2, "2593AA"},
			listDebt{"Woonstichting Lijst", wijkregie.CreditorHousingCorp, "HUUR-6", wijkregie.ArrearsPlain, "Lijststraat", 6, "2593AA"})
		h1, h2 := f.listOutreachOf(t, "2593AA", 1), f.listOutreachOf(t, "2593AA", 2)
		f.clock.Set(time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC))
		f.listClose(t, lt.lead, h2, wijkregie.OutcomeDeceased)
		f.clock.Set(time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC))
		f.listAttempt(t, lt.pro, h1, time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC), true)
		f.listClose(t, lt.lead, h1, wijkregie.OutcomeFinancialHelp)

		cs, err := f.svc.Creditors(f.ctx, lt.lead)
		if err != nil {
			t.Fatal(err)
		}
		var housing, energy string
		for _, c := range cs {
			switch c.Name {
			case "Woonstichting Lijst":
				housing = c.ID
			case "Stroom BV":
				energy = c.ID
			}
		}
		if housing == "" || energy == "" {
			t.Fatalf("creditors %+v", cs)
		}
		v, err := f.svc.CreditorFeedback(f.ctx, lt.lead, housing, app.Period{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		march := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, time.UTC) }
		want := []app.Feedback{
			{Reference: "=HUUR-2", ReportedOn: march(2), Result: wijkregie.ReducedNotTaken, ClosedOn: march(10)},
			{Reference: "HUUR-1", ReportedOn: march(2), Result: wijkregie.ReducedHelpActive, ClosedOn: march(12)},
		}
		if diff := cmp.Diff(v.Rows, want); diff != "" || v.Total != 2 || v.Creditor.ID != housing ||
			v.Period != app.Quarter(f.clock.Now()) {
			t.Errorf("the housing corporation's feedback (total %d, period %v), -got +want:\n%s", v.Total, v.Period, diff)
		}
		recs := f.listAudit(t, 3)
		got := []string{}
		for _, r := range recs {
			got = append(got, r.Action+" "+r.SubjectKind+" "+r.SubjectID)
		}
		wantRecs := []string{"terugmelding.exporteren schuldeiser " + housing, "terugmelding.exporteren vroegsignaal " + h2.ID,
			"terugmelding.exporteren vroegsignaal " + h1.ID}
		if diff := cmp.Diff(got, wantRecs); diff != "" || recs[0].Kind() != wijkregie.KindExport {
			t.Errorf("the export's records, -got +want:\n%s", diff)
		}

		cat, err := locale.Load()
		if err != nil {
			t.Fatal(err)
		}
		csv, err := app.FeedbackCSV(v.Rows, cat, locale.NL)
		if err != nil {
			t.Fatal(err)
		}
		wantCSV := "referentie;datum melding;teruggemeld resultaat;datum afgerond\r\n" +
			"'=HUUR-2;2026-03-02;Niet opgepakt;2026-03-10\r\n" +
			"HUUR-1;2026-03-02;Hulp gestart;2026-03-12\r\n"
		if string(csv) != wantCSV {
			t.Errorf("CSV:\n%q\nwant\n%q", csv, wantCSV)
		}
		for _, leak := range []string{"Lijstsma", "Lijststraat", "2593", "overleden", string(wijkregie.OutcomeFinancialHelp), "E-1", "HUUR-6"} {
			if strings.Contains(string(csv), leak) {
				t.Errorf("the CSV holds %q", leak)
			}
		}
		if name := app.FeedbackFileName(housing, v.Period); name != "terugmelding-"+housing+"-2026-01-01-2026-03-31.csv" {
			t.Errorf("file name %q", name)
		}

		// The energy company hears of E-1 alone; a page of one is a page.
		v, err = f.svc.CreditorFeedback(f.ctx, f.actor(wijkregie.RoleAdmin), energy, app.Period{}, &store.Page{Limit: 1})
		if err != nil || v.Total != 1 || len(v.Rows) != 1 || v.Rows[0].Reference != "E-1" || v.Rows[0].Result != wijkregie.ReducedHelpActive {
			t.Errorf("the energy company's feedback %+v, %v", v, err)
		}
		v, err = f.svc.CreditorFeedback(f.ctx, lt.lead, housing, app.Period{}, &store.Page{Offset: 1, Limit: 1})
		if err != nil || v.Total != 2 || len(v.Rows) != 1 || v.Rows[0].Reference != "HUUR-1" {
			t.Errorf("page 2 %+v, %v", v, err)
		}
		april := app.Period{From: march(31).AddDate(0, 0, 1), To: march(31).AddDate(0, 1, 0)}
		if v, err := f.svc.CreditorFeedback(f.ctx, lt.lead, housing, april, nil); err != nil || v.Total != 0 || len(v.Rows) != 0 {
			t.Errorf("April: %+v, %v", v, err)
		}

		for _, a := range []wijkregie.Actor{lt.pro, f.actor(wijkregie.RolePolicy), f.actor(wijkregie.RoleInspection), f.actor(wijkregie.RolePartner)} {
			if _, err := f.svc.CreditorFeedback(f.ctx, a, housing, app.Period{}, nil); code(err) != wijkregie.EFORBIDDEN {
				t.Errorf("%s: %v; want forbidden", a.Role, err)
			}
			if _, err := f.svc.Creditors(f.ctx, a); code(err) != wijkregie.EFORBIDDEN {
				t.Errorf("%s's creditors: %v; want forbidden", a.Role, err)
			}
		}
		for _, id := range []string{"geen-id", wijkregie.NewID(start)} {
			if _, err := f.svc.CreditorFeedback(f.ctx, lt.lead, id, app.Period{}, nil); code(err) != wijkregie.ENOTFOUND {
				t.Errorf("creditor %q: %v; want not found", id, err)
			}
		}
		if _, err := f.svc.CreditorFeedback(f.ctx, lt.lead, housing, app.Period{From: april.To, To: april.From}, nil); !invalidAt(err, "tot") {
			t.Errorf("a period backwards: %v", err)
		}
	})
}
