package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/store"
)

// The team's outreach lists, the monitor's counts and the creditors'
// feedback, on outreaches the import made (app.ImportArrears) and worked
// with the outreach's own store methods, as the pages would.

// listWorld is a municipality with two teams, Oost (postcodes 2581) and
// West (2582), the lead and a professional of Oost and the lead of West.
type listWorld struct {
	m                string
	oost, west       string
	lead, pro, wlead *wijkregie.User
}

func newListWorld(t *testing.T, s *store.Store) *listWorld {
	t.Helper()
	const m = "GM0001"
	newMunicipality(t, s, m)
	w := &listWorld{m: m, oost: newTeam(t, s, m, "Wijkteam Oost", "2581").ID, west: newTeam(t, s, m, "Wijkteam West", "2582").ID}
	w.lead = newUser(t, s, m, "lead@gm0001.example", wijkregie.RoleTeamLead, w.oost, "")
	w.pro = newUser(t, s, m, "pro@gm0001.example", wijkregie.RoleProfessional, w.oost, "")
	w.wlead = newUser(t, s, m, "west@gm0001.example", wijkregie.RoleTeamLead, w.west, "")
	return w
}

// listReport is a creditor's report of a kind on a contract of the debtor
// at the address.
func listReport(creditor string, ck wijkregie.CreditorKind, ref string, kind wijkregie.ArrearsKind, street string, number int,
	postcode string) wijkregie.ArrearsReport {
	return wijkregie.ArrearsReport{CreditorName: creditor, CreditorKind: ck, Reference: ref, Kind: kind,
		Debtor: wijkregie.Debtor{Surname: "Lijstra", Initials: "B.", BirthDate: day(1979, 8, 12),
			Address: wijkregie.Address{Street: street, Number: number, Postcode: postcode, Town: "Ergens"}},
		AmountCents: 98765, Terms: 2, Since: day(2025, 12, 1)}
}

// listImport imports the reports as the lead at the clock's time.
func (w *listWorld) listImport(t *testing.T, s *store.Store, c *clock, reports ...wijkregie.ArrearsReport) {
	t.Helper()
	rows := make([]app.ArrearsRow, len(reports))
	for i, r := range reports {
		rows[i] = app.ArrearsRow{Line: i + 2, Report: r}
	}
	sum, err := app.New(s, app.Options{Now: c.Now}).ImportArrears(context.Background(), wijkregie.ActorOf(w.lead), rows, app.ArrearsImport{})
	if err != nil || sum.Rejected != 0 {
		t.Fatalf("import: %+v, %v", sum, err)
	}
}

// outreachAt returns the latest outreach of the household at the address.
func (w *listWorld) outreachAt(t *testing.T, s *store.Store, street string, number int, postcode string) *wijkregie.Outreach {
	t.Helper()
	ctx := context.Background()
	var os []wijkregie.Outreach
	mustTx(t, s, func(q *store.Q) error {
		wr := q.ArrearsWriter()
		defer wr.Close()
		hid, _, err := wr.Household(ctx, w.m, wijkregie.Address{Street: street, Number: number, Postcode: postcode, Town: "Ergens"})
		if err != nil {
			return err
		}
		os, err = q.HouseholdOutreaches(ctx, w.m, []string{hid})
		return err
	})
	if len(os) == 0 {
		t.Fatalf("no outreach at %s %d", street, number)
	}
	return &os[len(os)-1]
}

// attempt records a contact attempt on the day.
func (w *listWorld) attempt(t *testing.T, s *store.Store, o *wijkregie.Outreach, on time.Time, reached bool) {
	t.Helper()
	mustTx(t, s, func(q *store.Q) error {
		_, err := q.AddContactAttempt(context.Background(), &wijkregie.ContactAttempt{MunicipalityID: w.m, OutreachID: o.ID,
			Kind: wijkregie.AttemptVisit, On: on, PartOfDay: wijkregie.Afternoon, Reached: reached, RecordedBy: w.pro.ID})
		return err
	})
}

// close closes the outreach now with the outcome.
func (w *listWorld) close(t *testing.T, s *store.Store, o *wijkregie.Outreach, outcome wijkregie.OutcomeCode) {
	t.Helper()
	mustTx(t, s, func(q *store.Q) error {
		return q.CloseOutreach(context.Background(), &wijkregie.Outreach{MunicipalityID: w.m, ID: o.ID, Outcome: outcome, ClosedBy: w.pro.ID}, 0)
	})
}

func outreachIDs(rows []store.OutreachRow) []string {
	return ids(rows, func(r store.OutreachRow) string { return r.Outreach.ID })
}

// TestOutreachListTabsAndCounts: each tab of a team's screen holds what it
// says — due (open, deadline ahead) nearest deadline first, late (open,
// deadline passed by the store's clock), reached (open or closed),
// closed — with the counts of all tabs, the rows' reports and
// creditors, assignee and first contact; another team's outreaches are
// on neither list; a page is a slice of the whole.
func TestOutreachListTabsAndCounts(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		w := newListWorld(t, s)
		// Saturday 14 March: A two creditors, B an eviction (three working
		// days: Wednesday 18 March), C two contracts of one creditor, D in
		// West's area.
		w.listImport(t, s, c,
			listReport("Woonstichting Oost", wijkregie.CreditorHousingCorp, "HUUR-1", wijkregie.ArrearsPlain, "Dorpsstraat", 1, "2581AA"),
			listReport("Zeewind Energie", wijkregie.CreditorEnergy, "E-1", wijkregie.ArrearsPlain, "Dorpsstraat", 1, "2581AA"),
			listReport("Woonstichting Oost", wijkregie.CreditorHousingCorp, "HUUR-2", wijkregie.ArrearsEviction, "Dorpsstraat", 2, "2581AA"),
			listReport("Zeewind Energie", wijkregie.CreditorEnergy, "E-3", wijkregie.ArrearsPlain, "Kerkweg", 5, "2581AB"),
			listReport("Zeewind Energie", wijkregie.CreditorEnergy, "E-4", wijkregie.ArrearsPlain, "Kerkweg", 5, "2581AB"),
			listReport("Duinwater", wijkregie.CreditorWater, "W-1", wijkregie.ArrearsPlain, "Westweg", 1, "2582AA"))
		a, b := w.outreachAt(t, s, "Dorpsstraat", 1, "2581AA"), w.outreachAt(t, s, "Dorpsstraat", 2, "2581AA")
		cc, d := w.outreachAt(t, s, "Kerkweg", 5, "2581AB"), w.outreachAt(t, s, "Westweg", 1, "2582AA")
		if !b.Threatening || !b.Deadline.Before(cc.Deadline) {
			t.Fatalf("the eviction's outreach %+v; want threatening with the shorter term", b)
		}
		// Ten days on: B is late; E, a cut-off, is due before C.
		c.Advance(10 * 24 * time.Hour)
		w.listImport(t, s, c, listReport("Zeewind Energie", wijkregie.CreditorEnergy, "E-5", wijkregie.ArrearsCutOff, "Molenweg", 7, "2581AC"))
		e := w.outreachAt(t, s, "Molenweg", 7, "2581AC")
		w.attempt(t, s, cc, day(2026, 3, 23), true)
		mustTx(t, s, func(q *store.Q) error { _, err := q.AssignOutreach(ctx, w.m, cc.ID, w.pro.ID, 0); return err })
		w.close(t, s, a, wijkregie.OutcomeNoContact)

		list := func(team string, tab store.OutreachTab, p store.Page) ([]store.OutreachRow, int) {
			t.Helper()
			rows, total, err := s.R().OutreachList(ctx, w.m, store.OutreachFilter{TeamID: team, Tab: tab, Page: p})
			if err != nil {
				t.Fatal(err)
			}
			wantUTC(t, rows)
			return rows, total
		}
		for _, tc := range []struct {
			tab  store.OutreachTab
			want []string
		}{
			{store.OutreachDue, []string{e.ID, cc.ID}},
			{"", []string{e.ID, cc.ID}}, // the first tab
			{store.OutreachLate, []string{b.ID}},
			{store.OutreachReached, []string{cc.ID}},
			{store.OutreachDone, []string{a.ID}},
		} {
			rows, total := list(w.oost, tc.tab, store.Page{})
			if diff := cmp.Diff(outreachIDs(rows), tc.want); diff != "" || total != len(tc.want) {
				t.Errorf("tab %q (total %d), -got +want:\n%s", tc.tab, total, diff)
			}
		}
		counts, err := s.R().OutreachCounts(ctx, w.m, w.oost)
		if err != nil {
			t.Fatal(err)
		}
		want := map[store.OutreachTab]int{store.OutreachDue: 2, store.OutreachLate: 1, store.OutreachReached: 1, store.OutreachDone: 1}
		if diff := cmp.Diff(counts, want); diff != "" {
			t.Errorf("counts, -got +want:\n%s", diff)
		}

		// The rows say what the screen shows of each.
		rows, _ := list(w.oost, store.OutreachReached, store.Page{})
		r := rows[0]
		if r.Arrears != 2 || r.Creditors != 1 || r.AssignedName != "pro" || r.Outreach.AssignedTo != w.pro.ID ||
			!r.Outreach.FirstContactAt.Equal(day(2026, 3, 23)) || !r.Outreach.ReachedAt.Equal(day(2026, 3, 23)) ||
			r.Address != (wijkregie.Address{Street: "Kerkweg", Number: 5, Postcode: "2581AB", Town: "Ergens"}) || r.Outreach.Threatening {
			t.Errorf("C's row %+v", r)
		}
		rows, _ = list(w.oost, store.OutreachDone, store.Page{})
		if r := rows[0]; r.Arrears != 2 || r.Creditors != 2 || r.AssignedName != "" || r.Outreach.Outcome != wijkregie.OutcomeNoContact ||
			r.Outreach.ClosedAt.IsZero() {
			t.Errorf("A's row %+v", r)
		}

		// West's list holds D alone; Oost's none of West's.
		if rows, total := list(w.west, store.OutreachDue, store.Page{}); total != 1 || len(rows) != 1 || rows[0].Outreach.ID != d.ID {
			t.Errorf("West's list %v (%d); want D", outreachIDs(rows), total)
		}

		// A page of one: the second of two.
		if rows, total := list(w.oost, store.OutreachDue, store.Page{Offset: 1, Limit: 1}); total != 2 || len(rows) != 1 || rows[0].Outreach.ID != cc.ID {
			t.Errorf("second page %v (%d); want C of 2", outreachIDs(rows), total)
		}

		// At the very moment of E's deadline it is still due; a microsecond
		// later it is late.
		c.Set(e.Deadline)
		if rows, _ := list(w.oost, store.OutreachLate, store.Page{}); len(rows) != 1 {
			t.Errorf("at the deadline, late: %v; want B alone", outreachIDs(rows))
		}
		c.Set(e.Deadline.Add(time.Microsecond))
		if rows, _ := list(w.oost, store.OutreachLate, store.Page{}); cmp.Diff(outreachIDs(rows), []string{b.ID, e.ID}) != "" {
			t.Errorf("after the deadline, late: %v; want B then E", outreachIDs(rows))
		}
		counts, _ = s.R().OutreachCounts(ctx, w.m, w.oost)
		if counts[store.OutreachDue] != 1 || counts[store.OutreachLate] != 2 {
			t.Errorf("counts after E's deadline %v", counts)
		}
	})
}

// TestOutreachStreetsWalkOrder: the street list holds the team's open
// outreaches by street (case and locale aside: the same on both engines),
// postcode, house number and addition — not the closed ones, not another
// team's.
func TestOutreachStreetsWalkOrder(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		w := newListWorld(t, s)
		type place struct {
			street   string
			number   int
			addition string
			postcode string
		}
		// A postcode is one street's (or part of one): the import knows a
		// household by postcode, number and addition.
		places := []place{{"Zandweg", 3, "", "2581AE"}, {"Deltaweg", 2, "", "2581AD"}, {"De Ruyterstraat", 10, "", "2581AC"},
			{"Achterom", 12, "", "2581AB"}, {"Achterom", 2, "A", "2581AA"}, {"Achterom", 2, "", "2581AA"},
			{"Beukenlaan", 1, "", "2581AF"}, {"Westweg", 1, "", "2582AA"}}
		var reports []wijkregie.ArrearsReport
		for i, p := range places {
			r := listReport("Woonstichting Oost", wijkregie.CreditorHousingCorp, "HUUR-"+string(rune('A'+i)), wijkregie.ArrearsPlain, p.street, p.number, p.postcode)
			r.Debtor.Address.Addition = p.addition
			reports = append(reports, r)
		}
		w.listImport(t, s, c, reports...)
		byPlace := map[place]string{}
		for _, p := range places {
			var os []wijkregie.Outreach
			mustTx(t, s, func(q *store.Q) error {
				wr := q.ArrearsWriter()
				defer wr.Close()
				hid, _, err := wr.Household(ctx, w.m, wijkregie.Address{Street: p.street, Number: p.number, Addition: p.addition, Postcode: p.postcode, Town: "Ergens"})
				if err != nil {
					return err
				}
				os, err = q.HouseholdOutreaches(ctx, w.m, []string{hid})
				return err
			})
			byPlace[p] = os[0].ID
		}
		w.close(t, s, &wijkregie.Outreach{ID: byPlace[places[6]]}, wijkregie.OutcomeSelfPaid)

		rows, total, err := s.R().OutreachStreets(ctx, w.m, w.oost, store.Page{})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{byPlace[places[5]], byPlace[places[4]], byPlace[places[3]], byPlace[places[2]], byPlace[places[1]], byPlace[places[0]]}
		if diff := cmp.Diff(outreachIDs(rows), want); diff != "" || total != 6 {
			var got []string
			for _, r := range rows {
				got = append(got, r.Address.Street+" "+r.Address.Postcode)
			}
			t.Errorf("walk order %v (total %d), -got +want:\n%s", got, total, diff)
		}
		// Pages continue the walk.
		rows, total, err = s.R().OutreachStreets(ctx, w.m, w.oost, store.Page{Offset: 4, Limit: 4})
		if err != nil || total != 6 || cmp.Diff(outreachIDs(rows), want[4:]) != "" {
			t.Errorf("page 2: %v (%d), %v", outreachIDs(rows), total, err)
		}
	})
}

// TestOutreachFiguresCountThePeriod: the monitor's counts, by hand. In
// March 2026 (Dutch days): reports first received per creditor kind and
// the threatening ones, outreaches opened, reached, closed per outcome,
// and the timings of those opened; before and after the period nothing;
// a team's figures only its own.
func TestOutreachFiguresCountThePeriod(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		w := newListWorld(t, s)
		at := func(y int, m time.Month, d, h int) time.Time {
			return time.Date(y, m, d, h, 0, 0, 0, time.FixedZone("CET", 3600)).UTC()
		}
		// Before March: H4 (a health insurer), reached on 2 March.
		c.Set(at(2026, 2, 20, 10))
		w.listImport(t, s, c, listReport("Zorg & Co", wijkregie.CreditorHealth, "Z-4", wijkregie.ArrearsPlain, "Dorpsstraat", 4, "2581AA"))
		// On 1 March at 00:30 Dutch time (28 February in UTC): H1 with two
		// reports, H2 an eviction, H3 in West.
		c.Set(at(2026, 3, 1, 0).Add(30 * time.Minute))
		w.listImport(t, s, c,
			listReport("Woonstichting Oost", wijkregie.CreditorHousingCorp, "HUUR-1", wijkregie.ArrearsPlain, "Dorpsstraat", 1, "2581AA"),
			listReport("Zeewind Energie", wijkregie.CreditorEnergy, "E-1", wijkregie.ArrearsPlain, "Dorpsstraat", 1, "2581AA"),
			listReport("Woonstichting Oost", wijkregie.CreditorHousingCorp, "HUUR-2", wijkregie.ArrearsEviction, "Dorpsstraat", 2, "2581AA"),
			listReport("Duinwater", wijkregie.CreditorWater, "W-3", wijkregie.ArrearsPlain, "Westweg", 3, "2582AA"))
		// On 1 April, after the period: H5.
		c.Set(at(2026, 4, 1, 9))
		w.listImport(t, s, c, listReport("Zeewind Energie", wijkregie.CreditorEnergy, "E-5", wijkregie.ArrearsPlain, "Dorpsstraat", 5, "2581AA"))
		h1, h2 := w.outreachAt(t, s, "Dorpsstraat", 1, "2581AA"), w.outreachAt(t, s, "Dorpsstraat", 2, "2581AA")
		h4 := w.outreachAt(t, s, "Dorpsstraat", 4, "2581AA")
		w.attempt(t, s, h1, day(2026, 3, 16), true)
		w.attempt(t, s, h2, day(2026, 3, 20), false)
		w.attempt(t, s, h4, day(2026, 3, 2), true)
		c.Set(at(2026, 3, 25, 11))
		w.close(t, s, h4, wijkregie.OutcomeFinancialHelp)
		c.Set(at(2026, 3, 31, 22).Add(30 * time.Minute)) // 23:30 summer time: still 31 March in the Netherlands
		w.close(t, s, h2, wijkregie.OutcomeNoContact)
		c.Set(at(2026, 4, 3, 11))
		w.close(t, s, h1, wijkregie.OutcomeAdvice)

		march := store.OutreachPeriod{From: at(2026, 3, 1, 0), To: at(2026, 4, 1, 0).Add(-time.Hour)} // CEST from 29 March
		got, err := s.R().OutreachFigures(ctx, w.m, march)
		if err != nil {
			t.Fatal(err)
		}
		want := &store.OutreachFigures{
			Reports:            map[wijkregie.CreditorKind]int{wijkregie.CreditorHousingCorp: 2, wijkregie.CreditorEnergy: 1, wijkregie.CreditorWater: 1},
			ThreateningReports: 1, Opened: 3, Reached: 2,
			Outcomes: map[wijkregie.OutcomeCode]int{wijkregie.OutcomeFinancialHelp: 1, wijkregie.OutcomeNoContact: 1},
		}
		w3 := w.outreachAt(t, s, "Westweg", 3, "2582AA")
		for _, o := range []*wijkregie.Outreach{h1, h2, w3} {
			want.Timings = append(want.Timings, store.OutreachTiming{OpenedAt: o.OpenedAt, Deadline: o.Deadline})
		}
		want.Timings[0].FirstContactAt, want.Timings[1].FirstContactAt = day(2026, 3, 16), day(2026, 3, 20)
		// The three opened at one moment: in any order.
		sortTimings := cmpopts.SortSlices(func(a, b store.OutreachTiming) bool {
			if !a.FirstContactAt.Equal(b.FirstContactAt) {
				return a.FirstContactAt.Before(b.FirstContactAt)
			}
			return a.Deadline.Before(b.Deadline)
		})
		if diff := cmp.Diff(got, want, sortTimings); diff != "" {
			t.Errorf("March, whole municipality, -got +want:\n%s", diff)
		}
		wantUTC(t, got)

		march.TeamID = w.oost
		got, err = s.R().OutreachFigures(ctx, w.m, march)
		if err != nil {
			t.Fatal(err)
		}
		want.Reports = map[wijkregie.CreditorKind]int{wijkregie.CreditorHousingCorp: 2, wijkregie.CreditorEnergy: 1}
		want.Opened, want.Timings = 2, want.Timings[:2]
		if diff := cmp.Diff(got, want, sortTimings); diff != "" {
			t.Errorf("March, Oost, -got +want:\n%s", diff)
		}

		// February holds H4's report and opening, nothing else.
		feb, err := s.R().OutreachFigures(ctx, w.m, store.OutreachPeriod{From: at(2026, 2, 1, 0), To: at(2026, 3, 1, 0)})
		if err != nil {
			t.Fatal(err)
		}
		if feb.Opened != 1 || feb.Reached != 0 || len(feb.Outcomes) != 0 || feb.Reports[wijkregie.CreditorHealth] != 1 || len(feb.Reports) != 1 {
			t.Errorf("February %+v", feb)
		}
	})
}

// TestCreditorFeedbackIsTheCreditorsClosedReports: a creditor's feedback
// holds its own references on outreaches closed in the period, the
// earliest closed first, with the outcome to reduce — not another
// creditor's, not one still open, not one closed outside the period; a
// page is a slice of it, nil is all of it.
func TestCreditorFeedbackIsTheCreditorsClosedReports(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		w := newListWorld(t, s)
		w.listImport(t, s, c,
			listReport("Woonstichting Oost", wijkregie.CreditorHousingCorp, "HUUR-1", wijkregie.ArrearsPlain, "Dorpsstraat", 1, "2581AA"),
			listReport("Zeewind Energie", wijkregie.CreditorEnergy, "E-1", wijkregie.ArrearsPlain, "Dorpsstraat", 1, "2581AA"),
			listReport("Woonstichting Oost", wijkregie.CreditorHousingCorp, "HUUR-2", wijkregie.ArrearsPlain, "Dorpsstraat", 2, "2581AA"),
			listReport("Woonstichting Oost", wijkregie.CreditorHousingCorp, "HUUR-3", wijkregie.ArrearsPlain, "Dorpsstraat", 3, "2581AA"),
			listReport("Woonstichting Oost", wijkregie.CreditorHousingCorp, "HUUR-4", wijkregie.ArrearsPlain, "Dorpsstraat", 4, "2581AA"))
		reported := kept(c.Now())
		h1, h2 := w.outreachAt(t, s, "Dorpsstraat", 1, "2581AA"), w.outreachAt(t, s, "Dorpsstraat", 2, "2581AA")
		h4 := w.outreachAt(t, s, "Dorpsstraat", 4, "2581AA")
		c.Advance(24 * time.Hour)
		w.close(t, s, h2, wijkregie.OutcomeDeceased)
		closed2 := onClock(c.Now())
		c.Advance(24 * time.Hour)
		w.close(t, s, h1, wijkregie.OutcomeFinancialHelp)
		closed1 := onClock(c.Now())
		c.Advance(40 * 24 * time.Hour)
		w.close(t, s, h4, wijkregie.OutcomeSelfPaid) // after the period

		cs, err := s.R().Creditors(ctx, w.m)
		if err != nil || len(cs) != 2 || cs[0].Name != "Woonstichting Oost" || cs[1].Name != "Zeewind Energie" ||
			cs[0].Kind != wijkregie.CreditorHousingCorp {
			t.Fatalf("creditors %+v, %v", cs, err)
		}
		wantUTC(t, cs)
		from, to := start.Add(-time.Hour), start.AddDate(0, 0, 30)
		rows, total, err := s.R().CreditorFeedback(ctx, w.m, cs[0].ID, from, to, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := []store.FeedbackRow{
			{Reference: "HUUR-2", ReportedAt: reported, Outcome: wijkregie.OutcomeDeceased, ClosedAt: closed2, OutreachID: h2.ID},
			{Reference: "HUUR-1", ReportedAt: reported, Outcome: wijkregie.OutcomeFinancialHelp, ClosedAt: closed1, OutreachID: h1.ID},
		}
		if diff := cmp.Diff(rows, want); diff != "" || total != 2 {
			t.Errorf("the housing corporation's feedback (total %d), -got +want:\n%s", total, diff)
		}
		wantUTC(t, rows)
		rows, total, err = s.R().CreditorFeedback(ctx, w.m, cs[0].ID, from, to, &store.Page{Offset: 1, Limit: 1})
		if err != nil || total != 2 || cmp.Diff(rows, want[1:]) != "" {
			t.Errorf("page 2: %+v (%d), %v", rows, total, err)
		}
		rows, total, err = s.R().CreditorFeedback(ctx, w.m, cs[1].ID, from, to, nil)
		if err != nil || total != 1 || len(rows) != 1 || rows[0].Reference != "E-1" || rows[0].OutreachID != h1.ID {
			t.Errorf("the energy company's feedback %+v (%d), %v", rows, total, err)
		}
		rows, total, err = s.R().CreditorFeedback(ctx, w.m, cs[0].ID, to, to.AddDate(0, 3, 0), nil)
		if err != nil || total != 1 || len(rows) != 1 || rows[0].Reference != "HUUR-4" {
			t.Errorf("the next quarter %+v (%d), %v", rows, total, err)
		}
		if rows, total, err := s.R().CreditorFeedback(ctx, "GM0002", cs[0].ID, from, to, nil); err != nil || total != 0 || len(rows) != 0 {
			t.Errorf("another municipality: %+v (%d), %v", rows, total, err)
		}
	})
}
