package app_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/locale"
	"wijkregie/internal/pdf/pdftest"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// outreachFamily is a household of a team (a parent and a child, at
// Vroegstraat n) with the outreach the import made of its creditors'
// reports on the parent.
type outreachFamily struct {
	household     *wijkregie.Household
	parent, child string
	outreach      *wijkregie.Outreach
}

// newOutreachFamily registers the family in the team's area and imports,
// as the lead, one report on the parent per kind (a plain one when none
// is given), each from another creditor: bundled into one outreach.
func (f *fixture) newOutreachFamily(t *testing.T, teamID string, kinds ...wijkregie.ArrearsKind) *outreachFamily {
	t.Helper()
	fam := f.newArrearsFamily(t, teamID)
	fam.outreach = f.reportArrearsOn(t, fam, kinds...)
	return fam
}

// newArrearsFamily registers the family, without reports yet.
func (f *fixture) newArrearsFamily(t *testing.T, teamID string) *outreachFamily {
	t.Helper()
	f.n++
	fam := &outreachFamily{household: &wijkregie.Household{MunicipalityID: demo.MunicipalityID, TeamID: teamID,
		Address: wijkregie.Address{Street: "Vroegstraat", Number: f.n, Postcode: "2581ZZ", Town: "Duinhaven"}}}
	err := f.s.Tx(f.ctx, func(q *store.Q) error {
		if err := q.CreateHousehold(f.ctx, fam.household); err != nil {
			return err
		}
		for _, m := range []struct {
			id    *string
			given string
			born  time.Time
			rel   wijkregie.Relation
		}{{&fam.parent, "Ouder", debtorBorn, wijkregie.RelationParent}, {&fam.child, "Kind", debtorBorn.AddDate(27, 0, 0), wijkregie.RelationChild}} {
			p := &wijkregie.Person{MunicipalityID: demo.MunicipalityID, GivenName: m.given, FamilyName: "Vroegsma", BirthDate: m.born}
			if err := q.CreatePerson(f.ctx, p); err != nil {
				return err
			}
			*m.id = p.ID
			if err := q.AddMember(f.ctx, &wijkregie.Member{MunicipalityID: demo.MunicipalityID, HouseholdID: fam.household.ID, PersonID: p.ID,
				Relation: m.rel, From: start.AddDate(-2, 0, 0)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("arrears family: %v", err)
	}
	return fam
}

// debtorBorn is the parent's birth date, by which the import matches the
// debtor to them.
var debtorBorn = time.Date(1985, 6, 1, 0, 0, 0, 0, time.UTC)

// reportArrearsOn imports, as the lead, one report on the family's parent
// per kind (a plain one when none is given), each from a creditor of its
// own, and returns the household's open outreach they are bundled into.
func (f *fixture) reportArrearsOn(t *testing.T, fam *outreachFamily, kinds ...wijkregie.ArrearsKind) *wijkregie.Outreach {
	t.Helper()
	if len(kinds) == 0 {
		kinds = []wijkregie.ArrearsKind{wijkregie.ArrearsPlain}
	}
	var rows []app.ArrearsRow
	for i, k := range kinds {
		f.n++
		r := wijkregie.ArrearsReport{CreditorName: "Schuldeiser " + string(rune('A'+i)), CreditorKind: wijkregie.CreditorEnergy,
			Reference: fmt.Sprintf("REF-%d", f.n), Kind: k,
			Debtor:      wijkregie.Debtor{Surname: "Vroegsma", Initials: "O.", BirthDate: debtorBorn, Address: fam.household.Address},
			AmountCents: 45678, Terms: 2, Since: start.AddDate(0, -3, 0)}
		if k.Threatening() {
			r.EndDate = start.AddDate(0, 0, 20)
		}
		rows = append(rows, app.ArrearsRow{Line: i + 2, Report: r})
	}
	sum, err := f.svc.ImportArrears(f.ctx, f.actor(wijkregie.RoleTeamLead), rows, app.ArrearsImport{})
	if err != nil || sum.Rejected != 0 {
		t.Fatalf("import: %+v, %v", sum, err)
	}
	os, err := f.s.R().HouseholdOutreaches(f.ctx, demo.MunicipalityID, []string{fam.household.ID})
	if err != nil {
		t.Fatal(err)
	}
	for i := range os {
		if os[i].Status == wijkregie.OutreachOpen {
			return &os[i]
		}
	}
	t.Fatalf("no open outreach after the import: %+v", os)
	return nil
}

// current reads the family's outreach as it is now.
func (fam *outreachFamily) current(t *testing.T, f *fixture) *wijkregie.Outreach {
	t.Helper()
	o, err := f.s.R().Outreach(f.ctx, demo.MunicipalityID, fam.outreach.ID)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// rawExec changes the store behind the use cases' back, as another part of
// the program (the import, a move) would.
func (f *fixture) rawExec(t *testing.T, query string, args ...any) {
	t.Helper()
	if err := f.s.Tx(f.ctx, func(q *store.Q) error { return testdb.Exec(f.ctx, q, query, args...) }); err != nil {
		t.Fatal(err)
	}
}

// contactAttempt records a contact attempt today as the actor.
func (f *fixture) contactAttempt(t *testing.T, a wijkregie.Actor, outreachID string, reached bool) *wijkregie.Outreach {
	t.Helper()
	_, o, err := f.svc.RecordContactAttempt(f.ctx, a, outreachID, &wijkregie.ContactAttempt{Kind: wijkregie.AttemptVisit,
		On: wijkregie.Today(f.clock.Now()), PartOfDay: wijkregie.PartOfDayAt(f.clock.Now()), Reached: reached})
	if err != nil {
		t.Fatalf("RecordContactAttempt: %v", err)
	}
	return o
}

// TestOutreachPolicy: an outreach is read and worked by its team's
// professionals and lead, by the professional it is assigned to (of
// another team too) and by the regisseur of the open case it joined;
// another team does not find it (the refusal audited), a partner and the
// other roles may not at all. The page offers work to those who may.
func TestOutreachPolicy(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, lead := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead)
		colleague := f.teamMember(t, "i.pinas@duinhaven.example")
		otherPro := f.teamMember(t, "y.tahiri@duinhaven.example")
		otherLead := f.teamMember(t, "m.dehaan@duinhaven.example")
		fam := f.newOutreachFamily(t, pro.TeamID)
		id := fam.outreach.ID
		for _, a := range []wijkregie.Actor{pro, lead, colleague} {
			v, err := f.svc.Outreach(f.ctx, a, id)
			if err != nil || !v.CanWork || v.Outreach.ID != id {
				t.Errorf("%s of the team: %v (can work: %v)", a.UserID, err, v != nil && v.CanWork)
			}
		}
		for _, a := range []wijkregie.Actor{otherPro, otherLead} {
			got := f.audited(t, func() {
				if _, err := f.svc.Outreach(f.ctx, a, id); code(err) != wijkregie.ENOTFOUND {
					t.Errorf("%s of another team: %v, want not found", a.UserID, err)
				}
			})
			if d := diffEntries(got, []entry{rec(a, "vroegsignaal.lezen", "vroegsignaal", id, "", app.PurposeTask, wijkregie.AuditDenied)}); d != "" {
				t.Errorf("refusal's audit (-got +want):\n%s", d)
			}
			if _, _, err := f.svc.RecordContactAttempt(f.ctx, a, id, &wijkregie.ContactAttempt{}); code(err) != wijkregie.ENOTFOUND {
				t.Errorf("%s of another team records an attempt: %v", a.UserID, err)
			}
		}
		for _, r := range []wijkregie.Role{wijkregie.RolePartner, wijkregie.RolePolicy, wijkregie.RoleInspection, wijkregie.RoleAdmin, wijkregie.RolePrivacy} {
			if _, err := f.svc.Outreach(f.ctx, f.actor(r), id); code(err) != wijkregie.EFORBIDDEN {
				t.Errorf("%s: %v, want forbidden", r, err)
			}
			if _, err := f.svc.CloseOutreach(f.ctx, f.actor(r), id, app.OutreachClosing{Outcome: wijkregie.OutcomeNoContact}); code(err) != wijkregie.EFORBIDDEN {
				t.Errorf("%s closes: %v, want forbidden", r, err)
			}
		}

		// Assigned to a professional of another team: they read and work it.
		f.rawExec(t, `UPDATE outreaches SET assigned_to = $1 WHERE municipality_id = $2 AND id = $3`, otherPro.UserID, demo.MunicipalityID, id)
		if v, err := f.svc.Outreach(f.ctx, otherPro, id); err != nil || !v.CanWork {
			t.Errorf("assigned professional of another team: %v", err)
		}
		if v, err := f.svc.Outreach(f.ctx, otherLead, id); err == nil {
			t.Errorf("the assignee's lead reads it: %+v", v.Outreach)
		}

		// Joined to the household's open case: its regisseur reads and
		// works it, even when the address is now another team's and
		// someone else works it.
		joinedFam := f.newArrearsFamily(t, pro.TeamID)
		kase := f.assign(t, f.openCase(t, joinedFam.parent, wijkregie.LevelLight, "financien"), pro.UserID)
		joined := f.reportArrearsOn(t, joinedFam)
		if joined.CaseID != kase.ID || joined.AssignedTo != pro.UserID {
			t.Fatalf("the import did not join the open case: %+v", joined)
		}
		f.rawExec(t, `UPDATE outreaches SET team_id = $1, assigned_to = NULL WHERE municipality_id = $2 AND id = $3`,
			otherPro.TeamID, demo.MunicipalityID, joined.ID)
		if v, err := f.svc.Outreach(f.ctx, pro, joined.ID); err != nil || !v.CanWork || v.Case == nil || v.Case.ID != kase.ID {
			t.Errorf("the regisseur of the joined case: %v", err)
		}
		if _, err := f.svc.Outreach(f.ctx, colleague, joined.ID); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("the regisseur's colleague, the outreach now another team's: %v", err)
		}
		if _, err := f.svc.Outreach(f.ctx, otherPro, joined.ID); err != nil {
			t.Errorf("the team whose area it is now: %v", err)
		}
	})
}

// TestOutreachReadShowsAndAudits: the read holds the address, today's
// members, the arrears with their creditors and the attempts, and is
// audited once per person it shows or concerns.
func TestOutreachReadShowsAndAudits(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.actor(wijkregie.RoleProfessional)
		fam := f.newOutreachFamily(t, pro.TeamID, wijkregie.ArrearsPlain, wijkregie.ArrearsEviction)
		f.contactAttempt(t, pro, fam.outreach.ID, false)
		var v *app.OutreachView
		got := f.audited(t, func() {
			var err error
			if v, err = f.svc.Outreach(f.ctx, pro, fam.outreach.ID); err != nil {
				t.Fatal(err)
			}
		})
		if v.Household.Address.Street != "Vroegstraat" || len(v.Members) != 2 || len(v.Arrears) != 2 || len(v.Creditors) != 2 ||
			len(v.Contacts) != 1 || !v.Outreach.Threatening || v.TeamName == "" || v.Users[pro.UserID] == nil || len(v.Candidates) == 0 || v.CaseOpen {
			t.Errorf("view: %d members, %d arrears, %d creditors, %d contacts, threatening %v, team %q", len(v.Members), len(v.Arrears),
				len(v.Creditors), len(v.Contacts), v.Outreach.Threatening, v.TeamName)
		}
		for _, a := range v.Arrears {
			if a.PersonID != fam.parent {
				t.Errorf("arrears %s matched to %q, want the parent", a.Reference, a.PersonID)
			}
		}
		want := []entry{rec(pro, "vroegsignaal.lezen", "vroegsignaal", fam.outreach.ID, fam.parent, app.PurposeTask, wijkregie.AuditAllowed),
			rec(pro, "vroegsignaal.lezen", "vroegsignaal", fam.outreach.ID, fam.child, app.PurposeTask, wijkregie.AuditAllowed)}
		if d := diffEntries(got, want); d != "" {
			t.Errorf("audit (-got +want):\n%s", d)
		}
	})
}

// TestRecordContactAttempt: an attempt sets the first contact, and a
// reached one the day the household was reached; a date in the future or
// before the first report, an unknown kind or part of day, and a long
// note are refused by field; each attempt is audited in its transaction.
func TestRecordContactAttempt(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.actor(wijkregie.RoleProfessional)
		fam := f.newOutreachFamily(t, pro.TeamID)
		id := fam.outreach.ID
		f.clock.Advance(48 * time.Hour)
		today := wijkregie.Today(f.clock.Now())
		for _, tc := range []struct {
			c    wijkregie.ContactAttempt
			want []string
		}{
			{wijkregie.ContactAttempt{Kind: wijkregie.AttemptPhone, On: today.AddDate(0, 0, 1), PartOfDay: wijkregie.Morning}, []string{"datum"}},
			{wijkregie.ContactAttempt{Kind: wijkregie.AttemptPhone, On: today.AddDate(0, 0, -3), PartOfDay: wijkregie.Morning}, []string{"datum"}},
			{wijkregie.ContactAttempt{Kind: "rooksignaal", PartOfDay: "nacht"}, []string{"soort", "datum", "dagdeel"}},
			{wijkregie.ContactAttempt{Kind: wijkregie.AttemptMail, On: today, PartOfDay: wijkregie.Evening, Note: strings.Repeat("x", wijkregie.MaxContactNote+1)},
				[]string{"toelichting"}},
		} {
			if _, _, err := f.svc.RecordContactAttempt(f.ctx, pro, id, &tc.c); !slices.Equal(fields(err), tc.want) {
				t.Errorf("%+v: %v, want fields %v", tc.c, err, tc.want)
			}
		}
		if o := fam.current(t, f); !o.FirstContactAt.IsZero() || o.Version != fam.outreach.Version {
			t.Errorf("refused attempts changed the outreach: %+v", o)
		}
		var c *wijkregie.ContactAttempt
		var o *wijkregie.Outreach
		got := f.audited(t, func() {
			var err error
			c, o, err = f.svc.RecordContactAttempt(f.ctx, pro, id, &wijkregie.ContactAttempt{Kind: wijkregie.AttemptLetter,
				On: today.AddDate(0, 0, -1), PartOfDay: wijkregie.Afternoon, Note: "  Brief met aanbod in de bus.  "})
			if err != nil {
				t.Fatal(err)
			}
		})
		if c.ID == "" || c.RecordedBy != pro.UserID || c.Note != "Brief met aanbod in de bus." || !o.FirstContactAt.Equal(today.AddDate(0, 0, -1)) ||
			!o.ReachedAt.IsZero() {
			t.Errorf("attempt %+v, outreach %+v", c, o)
		}
		if d := diffEntries(got, []entry{rec(pro, "vroegsignaal.contactpoging", "vroegsignaal", id, fam.parent, app.PurposeTask, wijkregie.AuditAllowed)}); d != "" {
			t.Errorf("audit (-got +want):\n%s", d)
		}
		o = f.contactAttempt(t, pro, id, true)
		if !o.ReachedAt.Equal(today) || !o.FirstContactAt.Equal(today.AddDate(0, 0, -1)) {
			t.Errorf("after a visit that reached them: first contact %s, reached %s", o.FirstContactAt, o.ReachedAt)
		}
	})
}

// TestCloseOutreachNeedsContact: an outcome that needs contact (help
// accepted or declined, no response after contact) is refused, naming
// resultaat, until an attempt reached the household; one that does not
// (no contact at all) is taken at once; an unknown code and a long note
// are refused by field.
func TestCloseOutreachNeedsContact(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.actor(wijkregie.RoleProfessional)
		fam := f.newOutreachFamily(t, pro.TeamID)
		id := fam.outreach.ID
		for _, c := range wijkregie.OutcomeCodes {
			if !c.NeedsContact() {
				continue
			}
			if _, err := f.svc.CloseOutreach(f.ctx, pro, id, app.OutreachClosing{Outcome: c}); !slices.Equal(fields(err), []string{"resultaat"}) {
				t.Errorf("%s without contact: %v, want refused at resultaat", c, err)
			}
		}
		f.contactAttempt(t, pro, id, false)
		if _, err := f.svc.CloseOutreach(f.ctx, pro, id, app.OutreachClosing{Outcome: wijkregie.OutcomeNoHelpWanted}); !slices.Equal(fields(err), []string{"resultaat"}) {
			t.Errorf("declined after an attempt that did not reach them: %v", err)
		}
		if _, err := f.svc.CloseOutreach(f.ctx, pro, id, app.OutreachClosing{Outcome: "weet-niet", Note: strings.Repeat("x", wijkregie.MaxOutcomeNote+1)}); !slices.Equal(fields(err), []string{"resultaat", "toelichting"}) {
			t.Errorf("unknown outcome, long note: %v", err)
		}
		f.contactAttempt(t, pro, id, true)
		cur := fam.current(t, f)
		var o *wijkregie.Outreach
		got := f.audited(t, func() {
			var err error
			if o, err = f.svc.CloseOutreach(f.ctx, pro, id, app.OutreachClosing{Outcome: wijkregie.OutcomeNoHelpWanted, Note: " Regelt het zelf. ",
				Version: cur.Version}); err != nil {
				t.Fatal(err)
			}
		})
		if o.Status != wijkregie.OutreachClosed || o.Outcome != wijkregie.OutcomeNoHelpWanted || o.OutcomeNote != "Regelt het zelf." ||
			o.ClosedBy != pro.UserID || o.SignalID != "" || o.CaseID != "" || o.Version != cur.Version+1 {
			t.Errorf("closed: %+v", o)
		}
		if d := diffEntries(got, []entry{rec(pro, "vroegsignaal.afronden", "vroegsignaal", id, fam.parent, app.PurposeTask, wijkregie.AuditAllowed)}); d != "" {
			t.Errorf("audit (-got +want):\n%s", d)
		}
		// No contact at all needs no attempt.
		other := f.newOutreachFamily(t, pro.TeamID)
		if _, err := f.svc.CloseOutreach(f.ctx, pro, other.outreach.ID, app.OutreachClosing{Outcome: wijkregie.OutcomeNoContact}); err != nil {
			t.Errorf("definitief geen contact without an attempt: %v", err)
		}
	})
}

// TestAcceptedHelpBecomesSignal: help accepted by a household without an
// open case becomes a signal in its team's triage queue — a hulpvraag
// from a creditor in financien, urgent when a report threatens —
// registered by the professional in the same transaction as the outcome;
// the outreach names it.
func TestAcceptedHelpBecomesSignal(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.actor(wijkregie.RoleProfessional)
		colleague := f.teamMember(t, "i.pinas@duinhaven.example")
		fam := f.newOutreachFamily(t, pro.TeamID, wijkregie.ArrearsCutOff)
		f.contactAttempt(t, pro, fam.outreach.ID, true)
		var o *wijkregie.Outreach
		got := f.audited(t, func() {
			var err error
			if o, err = f.svc.CloseOutreach(f.ctx, pro, fam.outreach.ID, app.OutreachClosing{Outcome: wijkregie.OutcomeFinancialHelp}); err != nil {
				t.Fatal(err)
			}
		})
		if o.SignalID == "" || o.CaseID != "" || o.Status != wijkregie.OutreachClosed {
			t.Fatalf("closed: %+v", o)
		}
		sig, err := f.s.R().Signal(f.ctx, demo.MunicipalityID, o.SignalID)
		if err != nil {
			t.Fatal(err)
		}
		if sig.Kind != wijkregie.SignalHelpRequest || sig.SourceKind != wijkregie.SourceCreditor || !slices.Equal(sig.Domains, []string{"financien"}) ||
			sig.Urgency != wijkregie.UrgencyUrgent || sig.HouseholdID != fam.household.ID || sig.TeamID != pro.TeamID ||
			sig.CreatedBy != pro.UserID || sig.Status != wijkregie.SignalNew || sig.Description == "" || !sig.TriageDeadline.After(sig.ReceivedAt) {
			t.Errorf("signal %+v", sig)
		}
		if strings.Contains(sig.Description, "Schuldeiser") || strings.Contains(sig.Description, "456") {
			t.Errorf("the signal names a creditor or an amount: %q", sig.Description)
		}
		queue, _, err := f.svc.TriageQueue(f.ctx, colleague, store.Page{Limit: store.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(queue, func(q app.QueueItem) bool { return q.ID == sig.ID }) {
			t.Error("the signal is not in the team's triage queue")
		}
		var actions []string
		for _, e := range got {
			actions = append(actions, e.Action)
		}
		if !slices.Equal(actions[:2], []string{"vroegsignaal.afronden", string(policy.CreateSignal)}) {
			t.Errorf("audit actions %v; want the outcome, then the signal registered", actions)
		}
		// The triage of the signal makes the case, as any other.
		tr, err := f.svc.Triage(f.ctx, pro, app.TriageInput{SignalID: sig.ID, Decision: wijkregie.DecisionMultiple, Level: wijkregie.LevelLight})
		if err != nil || tr.CaseID == "" {
			t.Errorf("triage of the accepted help: %+v, %v", tr, err)
		}
	})
}

// TestAcceptedHelpJoinsOpenCase: help accepted by a household with an
// open case joins it: the outreach names the case, the regisseur finds it
// in their inbox (naming the outreach), the case's history says so, and
// no signal is made. Ander lopend traject does the same; without a case
// it is taken and nothing follows.
func TestAcceptedHelpJoinsOpenCase(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, lead := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead)
		colleague := f.teamMember(t, "i.pinas@duinhaven.example")
		for _, outcome := range []wijkregie.OutcomeCode{wijkregie.OutcomeOtherHelp, wijkregie.OutcomeOtherTrajectory} {
			fam := f.newOutreachFamily(t, pro.TeamID)
			kase := f.assign(t, f.openCase(t, fam.parent, wijkregie.LevelLight, "financien"), pro.UserID)
			f.contactAttempt(t, colleague, fam.outreach.ID, true)
			if v, err := f.svc.Outreach(f.ctx, colleague, fam.outreach.ID); err != nil || !v.CaseOpen {
				t.Errorf("%s: the page does not know the household has an open case (%v)", outcome, err)
			}
			before := len(f.inboxOf(t, pro, wijkregie.NotificationOutreach))
			o, err := f.svc.CloseOutreach(f.ctx, colleague, fam.outreach.ID, app.OutreachClosing{Outcome: outcome})
			if err != nil {
				t.Fatal(err)
			}
			if o.CaseID != kase.ID || o.SignalID != "" {
				t.Errorf("%s: case %q, signal %q; want the open case %s, no signal", outcome, o.CaseID, o.SignalID, kase.ID)
			}
			ns := f.inboxOf(t, pro, wijkregie.NotificationOutreach)
			if len(ns) != before+1 || ns[0].SubjectID != o.ID || ns[0].HouseholdID != fam.household.ID {
				t.Errorf("%s: the regisseur's inbox %+v", outcome, ns)
			}
			events, err := f.s.R().CaseEvents(f.ctx, demo.MunicipalityID, kase.ID)
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(events, func(e wijkregie.CaseEvent) bool { return e.Kind == wijkregie.EventOutreach })
			if i < 0 || events[i].To != o.ID || events[i].From != string(outcome) || events[i].By != colleague.UserID {
				t.Errorf("%s: the case's history %+v; want the outreach joined", outcome, events)
			}
			// The regisseur reads the closed outreach through the case.
			if v, err := f.svc.Outreach(f.ctx, pro, o.ID); err != nil || v.CanWork || v.Case == nil {
				t.Errorf("%s: the regisseur reads the closed outreach: %v", outcome, err)
			}
			// That the family has arrears is the team's to read: a partner
			// who shares in the case's history does not see the line.
			partner := f.actor(wijkregie.RolePartner)
			if _, err := f.svc.AddParty(f.ctx, pro, kase.ID, &wijkregie.Party{UserID: partner.UserID, Role: wijkregie.PartyAdvisor}); err != nil {
				t.Fatal(err)
			}
			f.shareWith(t, fam.parent, partner.OrganisationID, wijkregie.ConsentShareInformation, "financien")
			pv, err := f.svc.Case(f.ctx, partner, kase.ID)
			if err != nil || !pv.Partner.Share || len(pv.Events) == 0 {
				t.Fatalf("%s: the partner's view of the case: %v", outcome, err)
			}
			if slices.ContainsFunc(pv.Events, func(e wijkregie.CaseEvent) bool { return e.Kind == wijkregie.EventOutreach }) {
				t.Errorf("%s: the partner reads that an outreach joined the case", outcome)
			}
		}
		// The regisseur's own closing tells nobody.
		fam := f.newOutreachFamily(t, pro.TeamID)
		f.assign(t, f.openCase(t, fam.parent, wijkregie.LevelLight, "financien"), pro.UserID)
		f.contactAttempt(t, pro, fam.outreach.ID, true)
		before := len(f.inboxOf(t, pro, wijkregie.NotificationOutreach))
		if _, err := f.svc.CloseOutreach(f.ctx, pro, fam.outreach.ID, app.OutreachClosing{Outcome: wijkregie.OutcomeFinancialHelp}); err != nil {
			t.Fatal(err)
		}
		if n := len(f.inboxOf(t, pro, wijkregie.NotificationOutreach)); n != before {
			t.Errorf("the regisseur was told of their own closing")
		}
		// Another trajectory without a case: allowed, nothing follows.
		alone := f.newOutreachFamily(t, pro.TeamID)
		o, err := f.svc.CloseOutreach(f.ctx, lead, alone.outreach.ID, app.OutreachClosing{Outcome: wijkregie.OutcomeOtherTrajectory,
			Note: "Loopt bij de Kredietbank."})
		if err != nil || o.CaseID != "" || o.SignalID != "" || o.Outcome.Reduced() != wijkregie.ReducedHelpActive {
			t.Errorf("ander lopend traject without a case: %+v, %v", o, err)
		}
	})
}

// TestOutreachConflicts: a closing over a stale version is a conflict
// that changes nothing; a closed outreach takes no attempt, assignment or
// second closing.
func TestOutreachConflicts(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.actor(wijkregie.RoleProfessional)
		fam := f.newOutreachFamily(t, pro.TeamID)
		id, v := fam.outreach.ID, fam.outreach.Version
		f.contactAttempt(t, pro, id, true) // the version moves on
		_, err := f.svc.CloseOutreach(f.ctx, pro, id, app.OutreachClosing{Outcome: wijkregie.OutcomeSelfPaid, Version: v})
		wantMessage(t, err, wijkregie.ECONFLICT, "fout.vroegsignaal.gewijzigd")
		if o := fam.current(t, f); o.Status != wijkregie.OutreachOpen {
			t.Errorf("a stale closing closed it: %+v", o)
		}
		if _, err := f.svc.CloseOutreach(f.ctx, pro, id, app.OutreachClosing{Outcome: wijkregie.OutcomeSelfPaid, Version: v + 1}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.svc.RecordContactAttempt(f.ctx, pro, id, &wijkregie.ContactAttempt{Kind: wijkregie.AttemptPhone,
			On: wijkregie.Today(f.clock.Now()), PartOfDay: wijkregie.Morning}); err == nil {
			t.Error("a closed outreach took an attempt")
		} else {
			wantMessage(t, err, wijkregie.ECONFLICT, "fout.vroegsignaal.afgerond")
		}
		_, err = f.svc.CloseOutreach(f.ctx, pro, id, app.OutreachClosing{Outcome: wijkregie.OutcomeNoContact})
		wantMessage(t, err, wijkregie.ECONFLICT, "fout.vroegsignaal.afgerond")
		_, err = f.svc.AssignOutreach(f.ctx, pro, id, pro.UserID, 0)
		wantMessage(t, err, wijkregie.ECONFLICT, "fout.vroegsignaal.afgerond")
	})
}

// TestAssignOutreach: an outreach is assigned to oneself or to an active
// professional or lead of its team, audited; anyone else is refused at
// medewerker; a stale version is a conflict.
func TestAssignOutreach(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, lead := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead)
		colleague := f.teamMember(t, "i.pinas@duinhaven.example")
		otherPro := f.teamMember(t, "y.tahiri@duinhaven.example")
		fam := f.newOutreachFamily(t, pro.TeamID)
		id := fam.outreach.ID
		var o *wijkregie.Outreach
		got := f.audited(t, func() {
			var err error
			if o, err = f.svc.AssignOutreach(f.ctx, pro, id, pro.UserID, fam.outreach.Version); err != nil {
				t.Fatal(err)
			}
		})
		if o.AssignedTo != pro.UserID {
			t.Errorf("assigned to %q", o.AssignedTo)
		}
		if d := diffEntries(got, []entry{rec(pro, "vroegsignaal.bewerken", "vroegsignaal", id, fam.parent, app.PurposeTask, wijkregie.AuditAllowed)}); d != "" {
			t.Errorf("audit (-got +want):\n%s", d)
		}
		if o, err := f.svc.AssignOutreach(f.ctx, lead, id, colleague.UserID, o.Version); err != nil || o.AssignedTo != colleague.UserID {
			t.Errorf("the lead assigns a colleague: %v", err)
		}
		for _, u := range []string{otherPro.UserID, f.users[wijkregie.RolePartner].ID, "geen-id", ""} {
			if _, err := f.svc.AssignOutreach(f.ctx, lead, id, u, 0); !slices.Equal(fields(err), []string{"medewerker"}) {
				t.Errorf("assign to %q: %v, want refused at medewerker", u, err)
			}
		}
		_, err := f.svc.AssignOutreach(f.ctx, lead, id, pro.UserID, 1)
		wantMessage(t, err, wijkregie.ECONFLICT, "fout.vroegsignaal.gewijzigd")
	})
}

// TestOutreachInInzage: a person's inzage lists the outreaches of their
// household with every attempt, the outcome and what the creditor was
// told, in the JSON and in the PDF; the summary counts them; another
// household's are not in it.
func TestOutreachInInzage(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.actor(wijkregie.RoleProfessional)
		fam := f.newOutreachFamily(t, pro.TeamID)
		_, _, err := f.svc.RecordContactAttempt(f.ctx, pro, fam.outreach.ID, &wijkregie.ContactAttempt{Kind: wijkregie.AttemptVisit,
			On: wijkregie.Today(f.clock.Now()), PartOfDay: wijkregie.Evening, Reached: true, Note: "Ouder thuis, wil met de budgetcoach praten."})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.CloseOutreach(f.ctx, pro, fam.outreach.ID, app.OutreachClosing{Outcome: wijkregie.OutcomeAdvice, Note: "Budgetplan gemaakt."}); err != nil {
			t.Fatal(err)
		}
		f.newOutreachFamily(t, pro.TeamID) // another family's
		z, err := f.svc.Inzage(f.ctx, f.actor(wijkregie.RolePrivacy), fam.child)
		if err != nil {
			t.Fatal(err)
		}
		if len(z.Outreaches) != 1 {
			t.Fatalf("outreaches in the inzage: %+v", z.Outreaches)
		}
		o := z.Outreaches[0]
		if o.ID != fam.outreach.ID || o.Outcome != string(wijkregie.OutcomeAdvice) || o.Reduced != string(wijkregie.ReducedHelpActive) ||
			o.OutcomeNote != "Budgetplan gemaakt." || o.ClosedBy == nil || o.Reached == "" || len(o.Attempts) != 1 ||
			o.Attempts[0].Note != "Ouder thuis, wil met de budgetcoach praten." || o.Attempts[0].By.Name != f.users[wijkregie.RoleProfessional].Name {
			t.Errorf("the outreach in the inzage: %+v", o)
		}
		if i := slices.IndexFunc(z.Summary, func(s app.InzageSectionSize) bool { return s.Section == "vroegsignalen" }); i < 0 || z.Summary[i].Count != 1 {
			t.Errorf("summary %+v", z.Summary)
		}
		cat, err := locale.Load()
		if err != nil {
			t.Fatal(err)
		}
		b, err := app.InzagePDF(z, cat, locale.NL)
		if err != nil {
			t.Fatal(err)
		}
		all := strings.Join(strings.Fields(pdftest.Read(t, b).AllText()), " ")
		for _, s := range []string{"Vroegsignalen schulden", "Ouder thuis, wil met de budgetcoach praten.", "(Budget)advies of quick fix", "Hulp gestart"} {
			if !strings.Contains(all, s) {
				t.Errorf("the PDF does not show %q", s)
			}
		}
	})
}

// TestOutreachRetention: an outreach closed longer ago than the signals'
// period is anonymised by the retention run, counted with the signals —
// a stand-in household in place of the family, no note, no link to the
// case or signal it led to, its attempts without notes — and audited;
// one closed within the period and an open one keep their family. The
// family's household stays while its arrears name it.
func TestOutreachRetention(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.actor(wijkregie.RoleProfessional)
		old := f.newOutreachFamily(t, pro.TeamID)
		f.contactAttempt(t, pro, old.outreach.ID, true)
		if _, _, err := f.svc.RecordContactAttempt(f.ctx, pro, old.outreach.ID, &wijkregie.ContactAttempt{Kind: wijkregie.AttemptPhone,
			On: wijkregie.Today(f.clock.Now()), PartOfDay: wijkregie.Morning, Reached: true, Note: "Belde terug over de huur."}); err != nil {
			t.Fatal(err)
		}
		closed, err := f.svc.CloseOutreach(f.ctx, pro, old.outreach.ID, app.OutreachClosing{Outcome: wijkregie.OutcomeFinancialHelp, Note: "Naar de Kredietbank."})
		if err != nil || closed.SignalID == "" {
			t.Fatalf("closing: %+v, %v", closed, err)
		}
		f.clock.Advance(400 * 24 * time.Hour)
		recent := f.newOutreachFamily(t, pro.TeamID)
		if _, err := f.svc.CloseOutreach(f.ctx, pro, recent.outreach.ID, app.OutreachClosing{Outcome: wijkregie.OutcomeNoContact}); err != nil {
			t.Fatal(err)
		}
		open := f.newOutreachFamily(t, pro.TeamID)
		f.clock.Advance(400 * 24 * time.Hour) // old: closed 800 days ago; recent: 400

		got := f.audited(t, func() { f.retain(t) })
		if !slices.ContainsFunc(got, func(e entry) bool {
			return e.Action == app.ActionRetentionAnonymise && e.Kind == "vroegsignaal" && e.Subject == old.outreach.ID
		}) {
			t.Error("the anonymisation of the outreach is not audited")
		}
		o := old.current(t, f)
		h, err := f.s.R().Household(f.ctx, demo.MunicipalityID, o.HouseholdID)
		if err != nil {
			t.Fatal(err)
		}
		if o.HouseholdID == old.household.ID || h.TeamID != "" || h.Address.Street != "" || h.Address.Postcode != "2581" ||
			o.OutcomeNote != "" || o.CaseID != "" || o.SignalID != "" || o.Outcome != wijkregie.OutcomeFinancialHelp || o.ReachedAt.IsZero() || o.TeamID != pro.TeamID {
			t.Errorf("the old outreach after retention: %+v, household %+v", o, h)
		}
		cs, err := f.s.R().OutreachContacts(f.ctx, demo.MunicipalityID, o.ID)
		if err != nil || len(cs) != 2 || cs[0].Note != "" || cs[1].Note != "" || !cs[1].Reached {
			t.Errorf("its attempts: %+v, %v", cs, err)
		}
		for _, fam := range []*outreachFamily{recent, open} {
			if o := fam.current(t, f); o.HouseholdID != fam.household.ID {
				t.Errorf("outreach %s lost its family: %+v", o.ID, o)
			}
		}
		if _, err := f.s.R().Household(f.ctx, demo.MunicipalityID, old.household.ID); err != nil {
			t.Errorf("the family's household, still named by its arrears: %v", err)
		}
	})
}
