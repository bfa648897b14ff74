package app_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
)

// signalBy registers a signal on a person through the service and returns
// it; the test adjusts kind and domains first.
func (f *fixture) signalBy(t *testing.T, a wijkregie.Actor, personID string, kind wijkregie.SignalKind, domains ...string) *wijkregie.Signal {
	t.Helper()
	sig := newSignal(personID)
	sig.Kind, sig.Domains = kind, domains
	if kind == wijkregie.SignalSafety {
		sig.Urgency = wijkregie.UrgencyUrgent
	}
	if err := f.svc.CreateSignal(f.ctx, a, sig, nil); err != nil {
		t.Fatalf("CreateSignal: %v", err)
	}
	return sig
}

// service returns the id of the demo's catalogue entry with the name.
func (f *fixture) service(t *testing.T, name string) *wijkregie.Service {
	t.Helper()
	list, _, err := f.s.R().Services(f.ctx, demo.MunicipalityID, store.ServiceFilter{Query: name, Page: store.Page{Limit: 10}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range list {
		if list[i].Name == name {
			return &list[i]
		}
	}
	t.Fatalf("no service %q in the demo", name)
	return nil
}

// wantField stops the test unless err is invalid on exactly this field
// with this message.
func wantField(t *testing.T, err error, field, message string) {
	t.Helper()
	var e *wijkregie.Error
	if !errors.As(err, &e) || e.Code != wijkregie.EINVALID || len(e.Fields) != 1 || e.Fields[0].Name != field || e.Fields[0].Message != message {
		t.Fatalf("error %v; want invalid %s: %s", err, field, message)
	}
}

// signalStatus reads a signal's status from the store.
func (f *fixture) signalStatus(t *testing.T, id string) wijkregie.SignalStatus {
	t.Helper()
	sg, err := f.s.R().Signal(f.ctx, demo.MunicipalityID, id)
	if err != nil {
		t.Fatal(err)
	}
	return sg.Status
}

// TestTriageQueue: the team's waiting signals by deadline, overdue ones
// marked, every one shown audited; another team's queue holds none of
// them.
func TestTriageQueue(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, lead, partner := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead), f.actor(wijkregie.RolePartner)
		_, ids := f.newHousehold(t, pro.TeamID)
		old := f.signalBy(t, partner, ids[0], wijkregie.SignalCareReport, "financien")
		f.clock.Advance(10 * 24 * time.Hour)
		fresh := f.signalBy(t, lead, ids[1], wijkregie.SignalHelpRequest, "huisvesting")

		var items []app.QueueItem
		got := f.audited(t, func() {
			var err error
			if items, _, err = f.svc.TriageQueue(f.ctx, pro, store.Page{Limit: store.MaxLimit}); err != nil {
				t.Fatalf("TriageQueue: %v", err)
			}
		})
		want := []entry{rec(pro, "triage.bekijken", "team", pro.TeamID, "", app.PurposeTask, wijkregie.AuditAllowed)}
		for _, it := range items {
			want = append(want, rec(pro, "signaal.lezen", "signaal", it.ID, it.PersonID, app.PurposeTask, wijkregie.AuditAllowed))
			if it.TeamID != pro.TeamID || it.Status != wijkregie.SignalNew {
				t.Errorf("queue holds %s of team %s in status %s", it.ID, it.TeamID, it.Status)
			}
			if it.Overdue != it.TriageDeadline.Before(f.clock.Now()) {
				t.Errorf("signal %s due %s marked overdue=%v at %s", it.ID, it.TriageDeadline, it.Overdue, f.clock.Now())
			}
		}
		if diff := diffEntries(got, want); diff != "" {
			t.Errorf("TriageQueue: audit records (-got +want):\n%s", diff)
		}
		find := func(id string) *app.QueueItem {
			for i := range items {
				if items[i].ID == id {
					return &items[i]
				}
			}
			return nil
		}
		if o, n := find(old.ID), find(fresh.ID); o == nil || n == nil || !o.Overdue || n.Overdue {
			t.Errorf("queue items %+v, %+v; want the old one overdue, the fresh one not", o, n)
		}
		if slices.IndexFunc(items, func(it app.QueueItem) bool { return it.ID == old.ID }) > slices.IndexFunc(items, func(it app.QueueItem) bool { return it.ID == fresh.ID }) {
			t.Error("the overdue signal comes after the fresh one")
		}

		// Another team's professional: their own queue, without these.
		others, _, err := f.s.R().Users(f.ctx, demo.MunicipalityID, store.UserFilter{TeamID: f.otherTeam(t).ID, Role: wijkregie.RoleProfessional})
		if err != nil || len(others) == 0 {
			t.Fatal(err)
		}
		theirs, _, err := f.svc.TriageQueue(f.ctx, wijkregie.ActorOf(&others[0]), store.Page{Limit: store.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range theirs {
			if it.ID == old.ID || it.ID == fresh.ID || it.TeamID != others[0].TeamID {
				t.Errorf("another team's queue holds %s of team %s", it.ID, it.TeamID)
			}
		}
		// Roles without triage have no queue; the refusal reads nothing.
		for _, r := range []wijkregie.Role{wijkregie.RolePartner, wijkregie.RolePolicy, wijkregie.RoleAdmin} {
			if _, _, err := f.svc.TriageQueue(f.ctx, f.actor(r), store.Page{}); code(err) != wijkregie.EFORBIDDEN {
				t.Errorf("%s: TriageQueue = %v; want forbidden", r, err)
			}
		}
	})
}

// TestTriageDecisions walks every decision's effects and refusals.
func TestTriageDecisions(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, lead := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead)
		active, inactive := f.service(t, "Inloopspreekuur Schuldhulp"), f.service(t, "Kledingbank De Kast")
		if !active.Active || inactive.Active {
			t.Fatalf("services %s (active %v) and %s (active %v)", active.Name, active.Active, inactive.Name, inactive.Active)
		}
		cases := func(h string) []wijkregie.Case {
			t.Helper()
			cs, err := f.s.R().HouseholdCases(f.ctx, demo.MunicipalityID, h)
			if err != nil {
				t.Fatal(err)
			}
			return cs
		}

		// enkelvoudig: the referral must be an active service of the kaart.
		h, ids := f.newHousehold(t, pro.TeamID)
		simple := f.signalBy(t, pro, ids[0], wijkregie.SignalHelpRequest, "financien")
		in := app.TriageInput{SignalID: simple.ID, Decision: wijkregie.DecisionSimple}
		_, err := f.svc.Triage(f.ctx, pro, in)
		wantField(t, err, "verwijzing", "veld.triage.verwijzing")
		in.ServiceID = wijkregie.NewID(start)
		_, err = f.svc.Triage(f.ctx, pro, in)
		wantField(t, err, "verwijzing", "veld.triage.verwijzing_onbekend")
		in.ServiceID = inactive.ID
		_, err = f.svc.Triage(f.ctx, pro, in)
		wantField(t, err, "verwijzing", "veld.triage.verwijzing_inactief")
		in.ServiceID = "geen-id"
		if _, err := f.svc.Triage(f.ctx, pro, in); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("referral to a malformed id = %v; want not found", err)
		}
		if st := f.signalStatus(t, simple.ID); st != wijkregie.SignalNew {
			t.Fatalf("after refused decisions the signal is %s; want nieuw", st)
		}
		in.ServiceID, in.Reason = active.ID, "Eén vraag, één leefgebied."
		var tr *wijkregie.Triage
		got := f.audited(t, func() {
			if tr, err = f.svc.Triage(f.ctx, pro, in); err != nil {
				t.Fatalf("Triage enkelvoudig: %v", err)
			}
		})
		if diff := diffEntries(got, []entry{rec(pro, "signaal.trieren", "signaal", simple.ID, ids[0], app.PurposeTask, wijkregie.AuditAllowed)}); diff != "" {
			t.Errorf("Triage enkelvoudig: audit records (-got +want):\n%s", diff)
		}
		if tr.CaseID != "" || tr.ServiceID != active.ID || tr.Suggested != wijkregie.DecisionSimple || len(tr.SuggestedWhy) == 0 || tr.DecidedBy != pro.UserID {
			t.Errorf("enkelvoudig triage %+v; want the referral, no case, the suggestion kept", tr)
		}
		if st := f.signalStatus(t, simple.ID); st != wijkregie.SignalSimple {
			t.Errorf("signal after enkelvoudig: %s", st)
		}
		if cs := cases(h.ID); len(cs) != 0 {
			t.Errorf("enkelvoudig opened %d cases", len(cs))
		}
		stored, err := f.s.R().Triage(f.ctx, demo.MunicipalityID, simple.ID)
		if err != nil || stored.ServiceID != active.ID || stored.Reason != in.Reason || !stored.DecidedAt.Equal(f.clock.Now()) {
			t.Errorf("stored triage %+v, %v", stored, err)
		}
		// A direct answer needs no service; and a service goes with enkelvoudig only.
		answered := f.signalBy(t, pro, ids[1], wijkregie.SignalHelpRequest, "financien")
		_, err = f.svc.Triage(f.ctx, pro, app.TriageInput{SignalID: answered.ID, Decision: wijkregie.DecisionMultiple, ServiceID: active.ID})
		wantField(t, err, "verwijzing", "veld.triage.verwijzing_alleen_enkelvoudig")
		if _, err := f.svc.Triage(f.ctx, pro, app.TriageInput{SignalID: answered.ID, Decision: wijkregie.DecisionSimple, Answer: "Formulier meegegeven."}); err != nil {
			t.Fatalf("Triage answered: %v", err)
		}
		// Once triaged, no second decision.
		if _, err := f.svc.Triage(f.ctx, lead, app.TriageInput{SignalID: answered.ID, Decision: wijkregie.DecisionNone, Reason: "x"}); code(err) != wijkregie.ECONFLICT {
			t.Errorf("a second decision = %v; want a conflict", err)
		}

		// geen actie: the reason is required.
		none := f.signalBy(t, lead, ids[0], wijkregie.SignalCareReport, "sociaal-netwerk")
		_, err = f.svc.Triage(f.ctx, pro, app.TriageInput{SignalID: none.ID, Decision: wijkregie.DecisionNone, Reason: "  "})
		wantField(t, err, "reden", "veld.triage.reden")
		if _, err := f.svc.Triage(f.ctx, pro, app.TriageInput{SignalID: none.ID, Decision: wijkregie.DecisionNone, Reason: "Eenmalig."}); err != nil {
			t.Fatalf("Triage geen actie: %v", err)
		}
		if st := f.signalStatus(t, none.ID); st != wijkregie.SignalNoAction {
			t.Errorf("signal after geen actie: %s", st)
		}
		if _, err := f.svc.Triage(f.ctx, pro, app.TriageInput{SignalID: none.ID, Decision: "later"}); code(err) != wijkregie.EINVALID {
			t.Errorf("an unknown decision = %v; want invalid", err)
		}

		// veiligheid on a household without a case: a case at safety level,
		// aangemeld, with the Meldcode route at step 1.
		h2, ids2 := f.newHousehold(t, pro.TeamID)
		danger := f.signalBy(t, lead, ids2[1], wijkregie.SignalSafety, "huiselijke-relaties")
		got = f.audited(t, func() {
			if tr, err = f.svc.Triage(f.ctx, pro, app.TriageInput{SignalID: danger.ID, Decision: wijkregie.DecisionSafety, Level: wijkregie.LevelLight}); err != nil {
				t.Fatalf("Triage veiligheid: %v", err)
			}
		})
		if diff := diffEntries(got, []entry{
			rec(pro, "signaal.trieren", "signaal", danger.ID, ids2[1], app.PurposeTask, wijkregie.AuditAllowed),
			rec(pro, "casus.openen", "casus", tr.CaseID, "", app.PurposeTask, wijkregie.AuditAllowed),
		}); diff != "" {
			t.Errorf("Triage veiligheid: audit records (-got +want):\n%s", diff)
		}
		c, err := f.s.R().Case(f.ctx, demo.MunicipalityID, tr.CaseID)
		if err != nil || c.Level != wijkregie.LevelSafety || c.Status != wijkregie.CaseRegistered || c.HouseholdID != h2.ID || c.TeamID != pro.TeamID {
			t.Fatalf("case of a veiligheid decision: %+v, %v; want aangemeld at veiligheid", c, err)
		}
		mc, err := f.s.R().Meldcode(f.ctx, demo.MunicipalityID, c.ID)
		if err != nil || mc.Step != 1 || mc.SignalID != danger.ID || mc.StartedBy != pro.UserID {
			t.Errorf("Meldcode route %+v, %v; want step 1 started by the signal", mc, err)
		}
		if st := f.signalStatus(t, danger.ID); st != wijkregie.SignalInCase || tr.Suggested != wijkregie.DecisionSafety {
			t.Errorf("signal %s, suggestion %s; want casus, veiligheid", st, tr.Suggested)
		}

		// meervoudig on a household with an open licht case: it joins the
		// case and brings its domains; the level stays.
		h3, ids3 := f.newHousehold(t, pro.TeamID)
		first := f.signalBy(t, pro, ids3[0], wijkregie.SignalCareReport, "financien")
		opened, err := f.svc.Triage(f.ctx, pro, app.TriageInput{SignalID: first.ID, Decision: wijkregie.DecisionMultiple})
		if err != nil {
			t.Fatal(err)
		}
		more := f.signalBy(t, lead, ids3[1], wijkregie.SignalCareReport, "huisvesting", "financien")
		_, err = f.svc.Triage(f.ctx, pro, app.TriageInput{SignalID: more.ID, Decision: wijkregie.DecisionMultiple, Level: wijkregie.LevelSafety})
		wantField(t, err, "niveau", "veld.triage.niveau_veiligheid")
		_, err = f.svc.Triage(f.ctx, pro, app.TriageInput{SignalID: more.ID, Decision: wijkregie.DecisionMultiple, Level: "zwaar"})
		wantField(t, err, "niveau", "veld.keuze")
		got = f.audited(t, func() {
			if tr, err = f.svc.Triage(f.ctx, pro, app.TriageInput{SignalID: more.ID, Decision: wijkregie.DecisionMultiple, Level: wijkregie.LevelIntensive}); err != nil {
				t.Fatalf("Triage meervoudig into the open case: %v", err)
			}
		})
		if diff := diffEntries(got, []entry{
			rec(pro, "signaal.trieren", "signaal", more.ID, ids3[1], app.PurposeTask, wijkregie.AuditAllowed),
			rec(pro, "casus.wijzigen", "casus", opened.CaseID, "", app.PurposeTask, wijkregie.AuditAllowed),
		}); diff != "" {
			t.Errorf("Triage meervoudig joining: audit records (-got +want):\n%s", diff)
		}
		c, err = f.s.R().Case(f.ctx, demo.MunicipalityID, opened.CaseID)
		if err != nil || tr.CaseID != c.ID || c.Level != wijkregie.LevelLight || !slices.Equal(c.Domains, []string{"financien", "huisvesting"}) {
			t.Fatalf("case after joining: %+v, %v; want licht with both domains", c, err)
		}
		if tr.Suggested != wijkregie.DecisionMultiple || !slices.Contains(tr.SuggestedWhy, "triage.regel.open_casus") {
			t.Errorf("suggestion %s %v; want meervoudig for the open case", tr.Suggested, tr.SuggestedWhy)
		}
		sigs, err := f.s.R().CaseSignals(f.ctx, demo.MunicipalityID, c.ID)
		if err != nil || len(sigs) != 2 {
			t.Errorf("CaseSignals = %d, %v; want 2", len(sigs), err)
		}
		if cs := cases(h3.ID); len(cs) != 1 {
			t.Errorf("household has %d cases; want the one", len(cs))
		}

		// veiligheid on that open licht case scales it up, with an event.
		worse := f.signalBy(t, lead, ids3[1], wijkregie.SignalSafety, "huiselijke-relaties")
		got = f.audited(t, func() {
			if tr, err = f.svc.Triage(f.ctx, pro, app.TriageInput{SignalID: worse.ID, Decision: wijkregie.DecisionSafety}); err != nil {
				t.Fatalf("Triage veiligheid into the open case: %v", err)
			}
		})
		if diff := diffEntries(got, []entry{
			rec(pro, "signaal.trieren", "signaal", worse.ID, ids3[1], app.PurposeTask, wijkregie.AuditAllowed),
			rec(pro, "casus.wijzigen", "casus", c.ID, "", app.PurposeTask, wijkregie.AuditAllowed),
		}); diff != "" {
			t.Errorf("Triage veiligheid joining: audit records (-got +want):\n%s", diff)
		}
		c, _ = f.s.R().Case(f.ctx, demo.MunicipalityID, c.ID)
		if c.Level != wijkregie.LevelSafety || !slices.Contains(c.Domains, "huiselijke-relaties") {
			t.Errorf("case after veiligheid: %+v; want veiligheid", c)
		}
		evs, err := f.s.R().CaseEvents(f.ctx, demo.MunicipalityID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var level []wijkregie.CaseEvent
		joined, meldcode := 0, 0
		for _, e := range evs {
			switch e.Kind {
			case wijkregie.EventLevel:
				level = append(level, e)
			case wijkregie.EventSignalJoined:
				joined++
			case wijkregie.EventMeldcode:
				meldcode++
			}
		}
		if len(level) != 1 || level[0].From != "licht" || level[0].To != "veiligheid" || level[0].Reason != "triage.opschaling_veiligheid" || level[0].By != pro.UserID {
			t.Errorf("level events %+v; want one licht → veiligheid with the catalogue reason", level)
		}
		if joined != 3 || meldcode != 1 {
			t.Errorf("%d signal events and %d Meldcode events; want 3 and 1", joined, meldcode)
		}
		if _, err := f.s.R().Meldcode(f.ctx, demo.MunicipalityID, c.ID); err != nil {
			t.Errorf("no Meldcode route after veiligheid: %v", err)
		}

		// A signal about a person without a household opens no case.
		loner := &wijkregie.Person{MunicipalityID: demo.MunicipalityID, GivenName: "Alleen", FamilyName: "Zonder"}
		if err := f.s.Tx(f.ctx, func(q *store.Q) error { return q.CreatePerson(f.ctx, loner) }); err != nil {
			t.Fatal(err)
		}
		nobody := f.signalBy(t, pro, loner.ID, wijkregie.SignalHelpRequest, "financien")
		if nobody.HouseholdID != "" || nobody.TeamID != pro.TeamID {
			t.Fatalf("signal on a person without household: household %q, team %q", nobody.HouseholdID, nobody.TeamID)
		}
		_, err = f.svc.Triage(f.ctx, pro, app.TriageInput{SignalID: nobody.ID, Decision: wijkregie.DecisionMultiple})
		wantField(t, err, "besluit", "veld.triage.geen_huishouden")
	})
}

// TestTriageOtherTeam: a professional or lead of another team cannot
// triage, and does not learn the signal exists; the refusal is audited.
func TestTriageOtherTeam(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.actor(wijkregie.RoleProfessional)
		_, ids := f.newHousehold(t, pro.TeamID)
		sig := f.signalBy(t, pro, ids[0], wijkregie.SignalHelpRequest, "financien")
		other := f.otherTeam(t)
		users, _, err := f.s.R().Users(f.ctx, demo.MunicipalityID, store.UserFilter{TeamID: other.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range users {
			a := wijkregie.ActorOf(&u)
			got := f.audited(t, func() {
				if _, err := f.svc.Triage(f.ctx, a, app.TriageInput{SignalID: sig.ID, Decision: wijkregie.DecisionNone, Reason: "niet van ons"}); code(err) != wijkregie.ENOTFOUND {
					t.Errorf("%s of another team: Triage = %v; want not found", u.Role, err)
				}
			})
			want := []entry{rec(a, "signaal.trieren", "signaal", sig.ID, ids[0], app.PurposeTask, wijkregie.AuditDenied)}
			if diff := diffEntries(got, want); diff != "" {
				t.Errorf("%s of another team: audit records (-got +want):\n%s", u.Role, diff)
			}
			if _, err := f.svc.TriageScreen(f.ctx, a, sig.ID); code(err) != wijkregie.ENOTFOUND {
				t.Errorf("%s of another team: TriageScreen = %v; want not found", u.Role, err)
			}
		}
		// A partner may not triage at all, even the signal they registered.
		partner := f.actor(wijkregie.RolePartner)
		own := f.signalBy(t, partner, ids[1], wijkregie.SignalCareReport, "financien")
		if _, err := f.svc.Triage(f.ctx, partner, app.TriageInput{SignalID: own.ID, Decision: wijkregie.DecisionNone, Reason: "x"}); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("partner: Triage = %v; want forbidden", err)
		}
		// The screen, with the family's members and other signals, is the
		// team's: the partner has the signal page instead.
		if _, err := f.svc.TriageScreen(f.ctx, partner, own.ID); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("partner: TriageScreen = %v; want forbidden", err)
		}
		if _, err := f.svc.Signal(f.ctx, partner, own.ID); err != nil {
			t.Errorf("partner reads their signal: %v", err)
		}
		if st := f.signalStatus(t, sig.ID); st != wijkregie.SignalNew {
			t.Errorf("after the refusals the signal is %s", st)
		}
	})
}

// TestSettingsDecideNewDeadlines: beheer changes the terms; signals
// registered afterwards get the new deadline, older ones keep theirs.
func TestSettingsDecideNewDeadlines(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, admin := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleAdmin)
		_, ids := f.newHousehold(t, pro.TeamID)
		before := f.signalBy(t, pro, ids[0], wijkregie.SignalHelpRequest, "financien")

		set, err := f.svc.Settings(f.ctx, pro)
		if err != nil || set.Version != 0 || set.TriageDaysNormal != wijkregie.TriageDaysNormal {
			t.Fatalf("Settings = %+v, %v; want the defaults", set, err)
		}
		if _, err := f.svc.Settings(f.ctx, f.actor(wijkregie.RolePartner)); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("partner reads the settings: %v; want forbidden", err)
		}
		set.TriageDaysNormal, set.TriageDaysUrgent = 2, 1
		if err := f.svc.SaveSettings(f.ctx, pro, &set); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("a professional saves the settings: %v; want forbidden", err)
		}
		got := f.audited(t, func() {
			if err := f.svc.SaveSettings(f.ctx, admin, &set); err != nil {
				t.Fatalf("SaveSettings: %v", err)
			}
		})
		if diff := diffEntries(got, []entry{rec(admin, "instellingen.beheren", "instellingen", demo.MunicipalityID, "", app.PurposeAdmin, wijkregie.AuditAllowed)}); diff != "" {
			t.Errorf("SaveSettings: audit records (-got +want):\n%s", diff)
		}
		if set.Version != 1 || set.UpdatedBy != admin.UserID {
			t.Errorf("saved settings %+v; want version 1 by beheer", set)
		}

		after := f.signalBy(t, pro, ids[1], wijkregie.SignalHelpRequest, "financien")
		if want := wijkregie.AddWorkingDays(f.clock.Now(), 2); !after.TriageDeadline.Equal(want) {
			t.Errorf("deadline after the change %s; want %s (2 working days)", after.TriageDeadline, want)
		}
		urgent := f.signalBy(t, pro, ids[1], wijkregie.SignalSafety, "huiselijke-relaties")
		if want := wijkregie.AddWorkingDays(f.clock.Now(), 1); !urgent.TriageDeadline.Equal(want) {
			t.Errorf("urgent deadline after the change %s; want %s (1 working day)", urgent.TriageDeadline, want)
		}
		if old, _ := f.s.R().Signal(f.ctx, demo.MunicipalityID, before.ID); !old.TriageDeadline.Equal(wijkregie.AddWorkingDays(start, wijkregie.TriageDaysNormal)) {
			t.Errorf("an earlier signal's deadline moved to %s", old.TriageDeadline)
		}

		// A second beheerder who read the defaults is refused; so is a range error.
		stale := wijkregie.DefaultSettings(demo.MunicipalityID)
		stale.WeightSafety = 9
		if err := f.svc.SaveSettings(f.ctx, admin, &stale); code(err) != wijkregie.ECONFLICT {
			t.Errorf("saving over a version not read = %v; want a conflict", err)
		}
		bad := set
		bad.MultipleDomains = 0
		if err := f.svc.SaveSettings(f.ctx, admin, &bad); code(err) != wijkregie.EINVALID {
			t.Errorf("a threshold of 0 = %v; want invalid", err)
		}
		now, _ := f.svc.Settings(f.ctx, admin)
		if now.Version != 1 || now.WeightSafety != set.WeightSafety || now.MultipleDomains != set.MultipleDomains {
			t.Errorf("settings after the refusals: %+v", now)
		}
	})
}
