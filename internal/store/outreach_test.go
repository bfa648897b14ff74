package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/store"
)

// outreachHome is a household of the team at Dorpsstraat 1 with one
// open outreach that bundles two creditors' reports, made by the import
// (app.ImportArrears) as a delivery would.
type outreachHome struct {
	m                string
	team, household  string
	lead, pro, other *wijkregie.User
	outreach         *wijkregie.Outreach
}

// outreachReport is a report on the debtor at Dorpsstraat number in
// 2581AA.
func outreachReport(creditor string, kind wijkregie.CreditorKind, ref string, number int) wijkregie.ArrearsReport {
	return wijkregie.ArrearsReport{CreditorName: creditor, CreditorKind: kind, Reference: ref, Kind: wijkregie.ArrearsPlain,
		Debtor: wijkregie.Debtor{Surname: "Jansen", Initials: "A.", BirthDate: day(1980, 4, 2),
			Address: wijkregie.Address{Street: "Dorpsstraat", Number: number, Postcode: "2581AA", Town: "Ergens"}},
		AmountCents: 123456, Terms: 3, Since: day(2026, 1, 1)}
}

// importOutreachReports imports the reports as the lead, each on its own line.
func importOutreachReports(t *testing.T, s *store.Store, c *clock, lead *wijkregie.User, reports ...wijkregie.ArrearsReport) {
	t.Helper()
	rows := make([]app.ArrearsRow, len(reports))
	for i, r := range reports {
		rows[i] = app.ArrearsRow{Line: i + 2, Report: r}
	}
	sum, err := app.New(s, app.Options{Now: c.Now}).ImportArrears(context.Background(), wijkregie.ActorOf(lead), rows, app.ArrearsImport{})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if sum.Rejected != 0 {
		t.Fatalf("import rejected rows: %+v", sum.Rejections)
	}
}

func newOutreachHome(t *testing.T, s *store.Store, c *clock) *outreachHome {
	t.Helper()
	const m = "GM0001"
	newMunicipality(t, s, m)
	team := newTeam(t, s, m, "Wijkteam Oost", "2581")
	other := newTeam(t, s, m, "Wijkteam West", "2582")
	h := &outreachHome{m: m, team: team.ID, household: newHousehold(t, s, m, team.ID, "2581AA", 1).ID,
		lead:  newUser(t, s, m, "lead@gm0001.example", wijkregie.RoleTeamLead, team.ID, ""),
		pro:   newUser(t, s, m, "pro@gm0001.example", wijkregie.RoleProfessional, team.ID, ""),
		other: newUser(t, s, m, "west@gm0001.example", wijkregie.RoleProfessional, other.ID, "")}
	importOutreachReports(t, s, c, h.lead, outreachReport("Woonstichting Oost", wijkregie.CreditorHousingCorp, "HUUR-1", 1),
		outreachReport("Zeewind Energie", wijkregie.CreditorEnergy, "E-77", 1))
	var ids []string
	mustTx(t, s, func(q *store.Q) error {
		os, err := q.HouseholdOutreaches(context.Background(), m, []string{h.household})
		for _, o := range os {
			ids = append(ids, o.ID)
		}
		return err
	})
	if len(ids) != 1 {
		t.Fatalf("the import made outreaches %v; want one, bundling both reports", ids)
	}
	o, err := s.R().Outreach(context.Background(), m, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	h.outreach = o
	return h
}

// TestOutreachReadsBack: an outreach made by the import reads back open,
// with its team, deadline and opening, no contact yet, in UTC; its
// arrears and (no) attempts with it; an unknown id is not found.
func TestOutreachReadsBack(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		h := newOutreachHome(t, s, c)
		o := h.outreach
		if o.Status != wijkregie.OutreachOpen || o.TeamID != h.team || o.HouseholdID != h.household || o.Version < 1 ||
			!o.OpenedAt.Equal(kept(start)) || !o.Deadline.After(o.OpenedAt) || !o.FirstContactAt.IsZero() || !o.ReachedAt.IsZero() ||
			o.Outcome != "" || o.CaseID != "" || o.SignalID != "" || !o.ClosedAt.IsZero() {
			t.Errorf("outreach %+v", o)
		}
		wantUTC(t, o)
		as, err := s.R().OutreachArrears(ctx, h.m, o.ID)
		if err != nil || len(as) != 2 {
			t.Fatalf("arrears %v, %v; want the two reports", as, err)
		}
		cs, err := s.R().OutreachContacts(ctx, h.m, o.ID)
		if err != nil || len(cs) != 0 {
			t.Errorf("contacts %v, %v; want none", cs, err)
		}
		if _, err := s.R().Outreach(ctx, h.m, wijkregie.NewID(start)); wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			t.Errorf("unknown outreach: %v", err)
		}
	})
}

// TestContactAttemptsSetFirstContactAndReached: the first contact is the
// day of the earliest attempt and the household was reached on the day
// of the earliest attempt that reached it, whatever order they are
// recorded in; each attempt raises the outreach's version and reads back
// whole, the earliest first.
func TestContactAttemptsSetFirstContactAndReached(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		h := newOutreachHome(t, s, c)
		attempt := func(on time.Time, kind wijkregie.AttemptKind, part wijkregie.PartOfDay, reached bool, note string) (*wijkregie.ContactAttempt, *wijkregie.Outreach) {
			t.Helper()
			a := &wijkregie.ContactAttempt{MunicipalityID: h.m, OutreachID: h.outreach.ID, Kind: kind, On: on, PartOfDay: part,
				Reached: reached, Note: note, RecordedBy: h.pro.ID}
			var o *wijkregie.Outreach
			mustTx(t, s, func(q *store.Q) error {
				var err error
				o, err = q.AddContactAttempt(ctx, a)
				return err
			})
			return a, o
		}
		v := h.outreach.Version
		_, o := attempt(day(2026, 3, 20), wijkregie.AttemptLetter, wijkregie.Morning, false, "")
		if !o.FirstContactAt.Equal(day(2026, 3, 20)) || !o.ReachedAt.IsZero() || o.Version != v+1 {
			t.Errorf("after a letter: first contact %s, reached %s, version %d", o.FirstContactAt, o.ReachedAt, o.Version)
		}
		// Recorded later, made earlier: it is the first contact, and the
		// day the household was reached.
		visit, o := attempt(day(2026, 3, 17).Add(15*time.Hour), wijkregie.AttemptVisit, wijkregie.Evening, true, "Moeder thuis getroffen.")
		if !o.FirstContactAt.Equal(day(2026, 3, 17)) || !o.ReachedAt.Equal(day(2026, 3, 17)) || o.Version != v+2 {
			t.Errorf("after an earlier visit: first contact %s, reached %s, version %d", o.FirstContactAt, o.ReachedAt, o.Version)
		}
		_, o = attempt(day(2026, 3, 24), wijkregie.AttemptPhone, wijkregie.Afternoon, true, "")
		if !o.FirstContactAt.Equal(day(2026, 3, 17)) || !o.ReachedAt.Equal(day(2026, 3, 17)) {
			t.Errorf("a later call moved first contact to %s, reached to %s", o.FirstContactAt, o.ReachedAt)
		}
		cs, err := s.R().OutreachContacts(ctx, h.m, h.outreach.ID)
		if err != nil || len(cs) != 3 {
			t.Fatalf("contacts %v, %v", cs, err)
		}
		got := cs[0]
		want := *visit
		want.On = day(2026, 3, 17)
		want.RecordedAt = onClock(start)
		if got != want {
			t.Errorf("the visit reads back as %+v; want %+v", got, want)
		}
		if cs[1].Kind != wijkregie.AttemptLetter || cs[2].Kind != wijkregie.AttemptPhone {
			t.Errorf("order %s, %s, %s; want the visit, the letter, the call", cs[0].Kind, cs[1].Kind, cs[2].Kind)
		}
		wantUTC(t, cs)
		all, err := s.R().OutreachesContacts(ctx, h.m, []string{h.outreach.ID})
		if err != nil || len(all) != 3 {
			t.Errorf("contacts of the outreaches: %d, %v", len(all), err)
		}
		// An attempt on an outreach that does not exist writes nothing.
		err = tryTx(s, func(q *store.Q) error {
			_, err := q.AddContactAttempt(ctx, &wijkregie.ContactAttempt{MunicipalityID: h.m, OutreachID: wijkregie.NewID(start),
				Kind: wijkregie.AttemptMail, On: day(2026, 3, 20), PartOfDay: wijkregie.Morning, RecordedBy: h.pro.ID})
			return err
		})
		wantCode(t, err, wijkregie.ENOTFOUND)
	})
}

// TestAssignAndCloseOutreach: assigning and closing change an open
// outreach at the version read and raise it; a stale version is a
// conflict that writes nothing; a closed outreach is closed for good —
// no attempt, no assignment, no second closing.
func TestAssignAndCloseOutreach(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		h := newOutreachHome(t, s, c)
		id, v := h.outreach.ID, h.outreach.Version
		assign := func(user string, version int) (*wijkregie.Outreach, error) {
			var o *wijkregie.Outreach
			err := tryTx(s, func(q *store.Q) error {
				var err error
				o, err = q.AssignOutreach(ctx, h.m, id, user, version)
				return err
			})
			return o, err
		}
		_, err := assign(h.pro.ID, v+1)
		wantOutreachError(t, err, wijkregie.ECONFLICT, "fout.vroegsignaal.gewijzigd")
		o, err := assign(h.pro.ID, v)
		if err != nil || o.AssignedTo != h.pro.ID || o.Version != v+1 {
			t.Fatalf("assign: %+v, %v", o, err)
		}
		_, err = assign(wijkregie.NewID(start), 0)
		wantFields(t, err, "medewerker")

		c.Advance(time.Hour)
		closing := &wijkregie.Outreach{MunicipalityID: h.m, ID: id, Outcome: wijkregie.OutcomeNoContact, OutcomeNote: "Drie keer geen gehoor.",
			ClosedBy: h.pro.ID}
		wantOutreachError(t, tryTx(s, func(q *store.Q) error { return q.CloseOutreach(ctx, closing, v) }), wijkregie.ECONFLICT, "fout.vroegsignaal.gewijzigd")
		mustTx(t, s, func(q *store.Q) error { return q.CloseOutreach(ctx, closing, v+1) })
		if closing.Status != wijkregie.OutreachClosed || !closing.ClosedAt.Equal(onClock(c.Now())) || closing.ClosedBy != h.pro.ID ||
			closing.Outcome != wijkregie.OutcomeNoContact || closing.OutcomeNote != "Drie keer geen gehoor." || closing.Version != v+2 ||
			closing.AssignedTo != h.pro.ID || closing.HouseholdID != h.household {
			t.Errorf("closed: %+v", closing)
		}
		read, err := s.R().Outreach(ctx, h.m, id)
		if err != nil || *read != *closing {
			t.Errorf("reads back %+v, %v; want %+v", read, err, closing)
		}

		wantOutreachError(t, tryTx(s, func(q *store.Q) error { return q.CloseOutreach(ctx, closing, 0) }), wijkregie.ECONFLICT, "fout.vroegsignaal.afgerond")
		_, err = assign(h.other.ID, 0)
		wantOutreachError(t, err, wijkregie.ECONFLICT, "fout.vroegsignaal.afgerond")
		err = tryTx(s, func(q *store.Q) error {
			_, err := q.AddContactAttempt(ctx, &wijkregie.ContactAttempt{MunicipalityID: h.m, OutreachID: id, Kind: wijkregie.AttemptMail,
				On: day(2026, 3, 20), PartOfDay: wijkregie.Morning, RecordedBy: h.pro.ID})
			return err
		})
		wantOutreachError(t, err, wijkregie.ECONFLICT, "fout.vroegsignaal.afgerond")
		cs, _ := s.R().OutreachContacts(ctx, h.m, id)
		if len(cs) != 0 {
			t.Errorf("a closed outreach took an attempt: %v", cs)
		}
		// Another report on the household now opens a new outreach: the
		// closed one keeps its outcome.
		importOutreachReports(t, s, c, h.lead, outreachReport("Duinwater", wijkregie.CreditorWater, "W-1", 1))
		var os []wijkregie.Outreach
		mustTx(t, s, func(q *store.Q) error {
			os, err = q.HouseholdOutreaches(ctx, h.m, []string{h.household})
			return err
		})
		if len(os) != 2 || os[0].ID != id || os[0].Status != wijkregie.OutreachClosed || os[1].Status != wijkregie.OutreachOpen {
			t.Errorf("the household's outreaches: %+v", os)
		}
	})
}

// wantOutreachError fails unless err has the code and the message key.
func wantOutreachError(t *testing.T, err error, code, message string) {
	t.Helper()
	var e *wijkregie.Error
	if wijkregie.ErrorCode(err) != code || !errors.As(err, &e) || e.Message != message {
		t.Errorf("error %v; want %s %s", err, code, message)
	}
}
