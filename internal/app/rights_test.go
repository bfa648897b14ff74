package app_test

import (
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
)

// rightsRequest records a request about the person as the privacy officer.
func (f *fixture) rightsRequest(t *testing.T, personID string, kind wijkregie.RightKind, early bool) *wijkregie.RightsRequest {
	t.Helper()
	r := &wijkregie.RightsRequest{PersonID: personID, Kind: kind, ReceivedOn: wijkregie.Today(f.clock.Now()), Request: "Graag", EarlyDestruction: early}
	if err := f.svc.RecordRightsRequest(f.ctx, f.actor(wijkregie.RolePrivacy), r); err != nil {
		t.Fatalf("record request: %v", err)
	}
	return r
}

// signalFrom writes a signal on the person (or, with person "", on the
// household) from a source, as a partner or the team would have.
func (f *fixture) signalFrom(t *testing.T, personID, householdID string, src wijkregie.SourceKind, reporter string, anonymous bool, received time.Time) *wijkregie.Signal {
	t.Helper()
	pro := f.users[wijkregie.RoleProfessional]
	sg := &wijkregie.Signal{MunicipalityID: demo.MunicipalityID, Kind: wijkregie.SignalCareReport, PersonID: personID, HouseholdID: householdID,
		SourceKind: src, ReporterName: reporter, AnonymousToFamily: anonymous, Domains: []string{"financien"}, Description: "Zorgen over de huur",
		Urgency: wijkregie.UrgencyNormal, ReceivedAt: received, TriageDeadline: received.AddDate(0, 0, 7), Status: wijkregie.SignalNew,
		TeamID: pro.TeamID, CreatedBy: pro.ID}
	if err := f.s.Tx(f.ctx, func(q *store.Q) error { return q.CreateSignal(f.ctx, sg) }); err != nil {
		t.Fatal(err)
	}
	return sg
}

// noAction records the team's decision that a signal needs nothing.
func (f *fixture) noAction(t *testing.T, sg *wijkregie.Signal) {
	t.Helper()
	pro := f.users[wijkregie.RoleProfessional]
	err := f.s.Tx(f.ctx, func(q *store.Q) error {
		if err := q.CreateTriage(f.ctx, &wijkregie.Triage{MunicipalityID: demo.MunicipalityID, SignalID: sg.ID, Decision: wijkregie.DecisionNone,
			Reason: "Geen zorgen", Suggested: wijkregie.DecisionNone, DecidedBy: pro.ID}); err != nil {
			return err
		}
		return q.SetSignalStatus(f.ctx, demo.MunicipalityID, sg.ID, wijkregie.SignalNew, wijkregie.SignalNoAction)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func fieldsOf(err error) []string {
	var out []string
	if e, ok := err.(*wijkregie.Error); ok {
		for _, f := range e.Fields {
			out = append(out, f.Name+":"+f.Message)
		}
	}
	return out
}

// TestRectificationAndRestriction: the privacy officer records a request
// for correction and grants it with the corrected name, audited; a
// granted restriction refuses the team's change to the person's
// membership until the privacy officer lifts it; nobody else handles
// requests.
func TestRectificationAndRestriction(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.actor(wijkregie.RoleProfessional)
		priv := f.actor(wijkregie.RolePrivacy)
		h, ids := f.newHousehold(t, f.users[wijkregie.RoleProfessional].TeamID, pro.UserID)
		parent := ids[0]

		for _, r := range []wijkregie.Role{wijkregie.RoleProfessional, wijkregie.RoleTeamLead, wijkregie.RoleAdmin, wijkregie.RolePartner} {
			err := f.svc.RecordRightsRequest(f.ctx, f.actor(r), &wijkregie.RightsRequest{PersonID: parent, Kind: wijkregie.RightErasure,
				ReceivedOn: wijkregie.Today(f.clock.Now()), Request: "x"})
			if code(err) != wijkregie.EFORBIDDEN {
				t.Errorf("%s records a request: %v", r, err)
			}
		}

		rect := f.rightsRequest(t, parent, wijkregie.RightRectification, false)
		if !rect.Deadline.Equal(wijkregie.RightsDeadline(wijkregie.Today(f.clock.Now()))) {
			t.Errorf("deadline %s", rect.Deadline)
		}
		got := f.audited(t, func() {
			_, err := f.svc.DecideRightsRequest(f.ctx, priv, rect.ID, app.RightsDecision{Version: rect.Version, Status: wijkregie.RightsGranted,
				Reason: "Naam verbeterd", Correction: &wijkregie.PersonInput{GivenName: "Ouder", FamilyName: "Proef-Jansen"}})
			if err != nil {
				t.Fatalf("decide: %v", err)
			}
		})
		want := []entry{
			rec(priv, string(policy.DecideRightsRequest), "rechtenverzoek", rect.ID, parent, app.PurposeRightsRequest, wijkregie.AuditAllowed),
			rec(priv, string(policy.CorrectPerson), "persoon", parent, parent, app.PurposeRightsRequest, wijkregie.AuditAllowed),
		}
		if d := diffEntries(got, want); d != "" {
			t.Errorf("audit (-got +want):\n%s", d)
		}
		if p, err := f.s.R().Person(f.ctx, demo.MunicipalityID, parent); err != nil || p.FamilyName != "Proef-Jansen" {
			t.Errorf("corrected person %+v, %v", p, err)
		}
		if _, err := f.svc.DecideRightsRequest(f.ctx, priv, rect.ID, app.RightsDecision{Status: wijkregie.RightsRefused, Reason: "x"}); code(err) != wijkregie.ECONFLICT {
			t.Errorf("second decision: %v; want a conflict", err)
		}

		restr := f.rightsRequest(t, parent, wijkregie.RightRestriction, false)
		if _, err := f.svc.DecideRightsRequest(f.ctx, priv, restr.ID, app.RightsDecision{Status: wijkregie.RightsGranted, Reason: "Juistheid wordt nagekeken"}); err != nil {
			t.Fatal(err)
		}
		hr, err := f.svc.HouseholdRights(f.ctx, pro, h.ID)
		if err != nil || len(hr.Restrictions) != 1 {
			t.Fatalf("household rights %+v, %v; want the restriction", hr, err)
		}
		_, err = f.svc.UpdateMember(f.ctx, pro, h.ID, parent, wijkregie.RelationOther, time.Time{})
		if code(err) != wijkregie.ECONFLICT || !strings.Contains(err.Error(), "fout.rechten.beperkt") {
			t.Errorf("change to a restricted person: %v; want refused as restricted", err)
		}
		if err := f.svc.LiftRestriction(f.ctx, pro, parent); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("the professional lifts the restriction: %v", err)
		}
		if err := f.svc.LiftRestriction(f.ctx, priv, parent); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.UpdateMember(f.ctx, pro, h.ID, parent, wijkregie.RelationOther, time.Time{}); err != nil {
			t.Errorf("change after lifting: %v", err)
		}
	})
}

// TestErasureBranches decides an erasure in each way the law allows or
// refuses it: an open case and a Meldcode route refuse, a youth file in
// its term refuses unless early destruction is asked and not opposed, a
// signal in its objection period refuses, and a person known only by an
// old signal without a case is erased with the audit trail kept.
func TestErasureBranches(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.actor(wijkregie.RoleProfessional)
		priv := f.actor(wijkregie.RolePrivacy)
		team := f.users[wijkregie.RoleProfessional].TeamID
		grant := func(r *wijkregie.RightsRequest, d app.RightsDecision) error {
			d.Status = wijkregie.RightsGranted
			if d.Reason == "" {
				d.Reason = "Gewist"
			}
			_, err := f.svc.DecideRightsRequest(f.ctx, priv, r.ID, d)
			return err
		}
		reasons := func(r *wijkregie.RightsRequest) []string {
			t.Helper()
			v, err := f.svc.RightsRequest(f.ctx, priv, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if v.Erasure == nil {
				t.Fatal("an open erasure request without a verdict")
			}
			return v.Erasure.Reasons
		}
		refusedByLaw := func(err error) bool {
			return slices.Contains(fieldsOf(err), "besluit:veld.rechten.wissing_wet")
		}

		// An open case with a Meldcode route.
		open := f.safetyCase(t, pro.UserID)
		openPerson := f.membersOf(t, open.HouseholdID)[0]
		r := f.rightsRequest(t, openPerson, wijkregie.RightErasure, false)
		if got := reasons(r); !slices.Equal(got, []string{wijkregie.ErasureOpenCase, wijkregie.ErasureMeldcode}) {
			t.Errorf("open case with a route: %v", got)
		}
		if err := grant(r, app.RightsDecision{}); !refusedByLaw(err) {
			t.Errorf("granting against the law: %v", err)
		}
		if _, err := f.svc.DecideRightsRequest(f.ctx, priv, r.ID, app.RightsDecision{Status: wijkregie.RightsRefused, Reason: "Er loopt een casus"}); err != nil {
			t.Errorf("refusing: %v", err)
		}

		// A youth file closed a year ago.
		h, ids := f.newHousehold(t, team, pro.UserID)
		youth := f.closedCase(t, h.ID, wijkregie.GroundJeugdwet, f.clock.Now().AddDate(-1, 0, 0))
		plain := f.rightsRequest(t, ids[1], wijkregie.RightErasure, false)
		if got := reasons(plain); !slices.Equal(got, []string{wijkregie.ErasureYouthFile}) {
			t.Errorf("youth file: %v", got)
		}
		early := f.rightsRequest(t, ids[1], wijkregie.RightErasure, true)
		if got := reasons(early); len(got) != 0 {
			t.Errorf("early destruction: %v; want allowed", got)
		}
		if err := grant(early, app.RightsDecision{Weighing: "Belang van de moeder gewogen", Opposed: true}); !refusedByLaw(err) {
			t.Errorf("early destruction opposed, granted: %v", err)
		}
		if err := grant(early, app.RightsDecision{}); !slices.Contains(fieldsOf(err), "afweging:veld.rechten.afweging") {
			t.Errorf("early destruction without the weighing: %v", err)
		}
		got := f.audited(t, func() {
			if err := grant(early, app.RightsDecision{Weighing: "Geen zwaarwegend belang van een ander"}); err != nil {
				t.Fatalf("early destruction: %v", err)
			}
		})
		if c, err := f.s.R().Case(f.ctx, demo.MunicipalityID, youth.ID); err != nil || c.HouseholdID == h.ID {
			t.Errorf("the youth file after early destruction: %+v, %v; want it anonymised", c, err)
		}
		var actions []string
		for _, e := range got {
			actions = append(actions, e.Action+" "+e.Kind)
		}
		for _, w := range []string{"rechtenverzoek.besluiten rechtenverzoek", "wissing.anonimiseren casus", "persoon.wissen persoon"} {
			if !slices.Contains(actions, w) {
				t.Errorf("audit %v lacks %q", actions, w)
			}
		}
		if _, err := f.s.R().Person(f.ctx, demo.MunicipalityID, ids[1]); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("the child after erasure: %v; want gone", err)
		}
		if _, err := f.s.R().Person(f.ctx, demo.MunicipalityID, ids[0]); err != nil {
			t.Errorf("the parent went with the child: %v", err)
		}

		// A neighbour's signal, triaged as needing nothing.
		h2, ids2 := f.newHousehold(t, team, pro.UserID)
		sg := f.signalFrom(t, ids2[0], "", wijkregie.SourceNeighbour, "Buurman", false, f.clock.Now().AddDate(0, -1, 0))
		f.noAction(t, sg)
		soon := f.rightsRequest(t, ids2[0], wijkregie.RightErasure, false)
		if got := reasons(soon); !slices.Equal(got, []string{wijkregie.ErasurePendingSignal}) {
			t.Errorf("within the objection period: %v", got)
		}
		f.clock.Advance(wijkregie.ObjectionPeriod + time.Hour)
		if err := grant(soon, app.RightsDecision{}); err != nil {
			t.Fatalf("erasure after the objection period: %v", err)
		}
		if _, err := f.s.R().Person(f.ctx, demo.MunicipalityID, ids2[0]); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("erased person: %v", err)
		}
		if s2, err := f.s.R().Signal(f.ctx, demo.MunicipalityID, sg.ID); err != nil || s2.PersonID != "" || s2.ReporterName != "" {
			t.Errorf("their signal %+v, %v; want it anonymised", s2, err)
		}
		recs, err := f.s.R().PersonAudit(f.ctx, demo.MunicipalityID, []string{ids2[0]})
		if err != nil || !slices.ContainsFunc(recs, func(r wijkregie.AuditRecord) bool { return r.Action == string(policy.ErasePerson) }) {
			t.Errorf("the audit trail after erasure: %d records, %v; want it kept with the erasure", len(recs), err)
		}
		v, err := f.svc.RightsRequest(f.ctx, priv, soon.ID)
		if err != nil || v.Person != nil || v.Request.Status != wijkregie.RightsGranted {
			t.Errorf("the request after erasure: %+v, %v", v, err)
		}
		_ = h2
	})
}

// membersOf returns the ids of a household's members.
func (f *fixture) membersOf(t *testing.T, householdID string) []string {
	t.Helper()
	_, ps, err := f.s.R().HouseholdMembers(f.ctx, demo.MunicipalityID, householdID)
	if err != nil || len(ps) == 0 {
		t.Fatalf("members: %v", err)
	}
	var out []string
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}

// TestInformationNotice: a neighbour's signal on a household makes a
// notice due for its members; the letter names the case's ground and
// the kind of source, never the reporter who asked to stay anonymous;
// producing it is audited as an export; recording it sent clears it; a
// colleague outside the family may not produce it.
func TestInformationNotice(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.actor(wijkregie.RoleProfessional)
		team := f.users[wijkregie.RoleProfessional].TeamID
		h, ids := f.newHousehold(t, team, pro.UserID)
		f.signalFrom(t, "", h.ID, wijkregie.SourceNeighbour, "Bep Geheimhouder", true, f.clock.Now().AddDate(0, 0, -2))
		c := &wijkregie.Case{MunicipalityID: demo.MunicipalityID, HouseholdID: h.ID, TeamID: team, Status: wijkregie.CaseIntake,
			Level: wijkregie.LevelLight, Domains: []string{"financien"}, OpenedBy: pro.UserID, CoordinatorID: pro.UserID, LegalGround: wijkregie.GroundJeugdwet, LegalGroundNote: "Zoon in jeugdhulp"}
		if err := f.s.Tx(f.ctx, func(q *store.Q) error { return q.CreateCase(f.ctx, c) }); err != nil {
			t.Fatal(err)
		}

		hr, err := f.svc.HouseholdRights(f.ctx, pro, h.ID)
		if err != nil || len(hr.NoticesDue) != 2 {
			t.Fatalf("notices due %+v, %v; want one per member", hr, err)
		}
		var n *app.InformationNotice
		got := f.audited(t, func() {
			if n, err = f.svc.InformationNotice(f.ctx, pro, ids[0]); err != nil {
				t.Fatal(err)
			}
		})
		want := []entry{rec(pro, string(policy.ProduceNotice), "persoon", ids[0], ids[0], app.PurposeTask, wijkregie.AuditAllowed)}
		if d := diffEntries(got, want); d != "" {
			t.Errorf("audit (-got +want):\n%s", d)
		}
		cat, err := locale.Load()
		if err != nil {
			t.Fatal(err)
		}
		b, err := app.NoticePDF(n, cat, locale.NL)
		if err != nil {
			t.Fatal(err)
		}
		doc := pdftest.Read(t, b)
		for _, w := range []string{"Jeugdwet", "iemand uit de buurt", "Autoriteit Persoonsgegevens", "Proefstraat", "20 jaar"} {
			if !doc.Contains(w) {
				t.Errorf("the letter lacks %q:\n%s", w, doc.AllText())
			}
		}
		if doc.Contains("Geheimhouder") {
			t.Error("the letter names the reporter who asked to stay anonymous")
		}

		lead := f.actor(wijkregie.RoleTeamLead)
		other := f.otherTeam(t)
		stranger, _ := f.newHousehold(t, other.ID)
		_ = stranger
		if _, err := f.svc.InformationNotice(f.ctx, f.actor(wijkregie.RolePartner), ids[0]); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("a partner produces the notice: %v", err)
		}
		if _, err := f.svc.InformationNotice(f.ctx, lead, ids[0]); err != nil {
			t.Errorf("the team lead produces the notice: %v", err)
		}

		bad := &wijkregie.NoticeSent{}
		if err := f.svc.RecordNoticeSent(f.ctx, pro, ids[0], bad); code(err) != wijkregie.EINVALID {
			t.Errorf("empty record: %v", err)
		}
		sent := &wijkregie.NoticeSent{SentOn: wijkregie.Today(f.clock.Now()), Method: wijkregie.NoticeByPost}
		if err := f.svc.RecordNoticeSent(f.ctx, pro, ids[0], sent); err != nil {
			t.Fatal(err)
		}
		hr, err = f.svc.HouseholdRights(f.ctx, pro, h.ID)
		if err != nil || len(hr.NoticesDue) != 1 || hr.NoticesDue[0].PersonID != ids[1] {
			t.Errorf("notices due after sending one: %+v, %v; want the other member only", hr, err)
		}
	})
}

// TestErasureTakesTheMatchedArrearsAlong: a person a creditor's report was
// matched to can be erased; the report keeps what the outreach needs, but
// no longer the debtor as delivered nor the link to the person.
func TestErasureTakesTheMatchedArrearsAlong(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		priv := f.actor(wijkregie.RolePrivacy)
		h, _ := f.newHousehold(t, f.users[wijkregie.RoleProfessional].TeamID)
		p, bsn := f.personWithBSN(t, born)
		if err := f.s.Tx(f.ctx, func(q *store.Q) error {
			return q.AddMember(f.ctx, &wijkregie.Member{MunicipalityID: demo.MunicipalityID, HouseholdID: h.ID, PersonID: p.ID,
				Relation: wijkregie.RelationParent, From: start.AddDate(-1, 0, 0)})
		}); err != nil {
			t.Fatal(err)
		}
		rep := arrearsReport("Woonstede", wijkregie.CreditorHousingCorp, "HUUR-ERASE", h.Address)
		rep.Debtor.BSN = wijkregie.BSN(bsn)
		f.importArrears(t, rep)
		_, arr := f.openOutreach(t, h.ID)
		if a := byRef(t, arr, "HUUR-ERASE"); a.PersonID != p.ID {
			t.Fatalf("the report is matched to %q; want %s", a.PersonID, p.ID)
		}
		r := f.rightsRequest(t, p.ID, wijkregie.RightErasure, false)
		if _, err := f.svc.DecideRightsRequest(f.ctx, priv, r.ID, app.RightsDecision{Status: wijkregie.RightsGranted, Reason: "Gewist"}); err != nil {
			t.Fatalf("erasing the debtor: %v", err)
		}
		if _, err := f.s.R().Person(f.ctx, demo.MunicipalityID, p.ID); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("the person after erasure: %v; want gone", err)
		}
		_, arr = f.openOutreach(t, h.ID)
		if len(arr) != 1 {
			t.Fatalf("the outreach has %d reports after the erasure; want 1", len(arr))
		}
		if a := arr[0]; a.PersonID != "" || a.Debtor.Surname != "" || a.Debtor.BSN != "" || a.Reference == "HUUR-ERASE" {
			t.Errorf("the report after erasure %+v; want no person, no debtor, no reference", a)
		}
	})
}
