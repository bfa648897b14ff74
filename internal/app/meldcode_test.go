package app_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// friday is a Friday morning in Amsterdam: three working days on is
// Wednesday, past the weekend.
var friday = time.Date(2026, 3, 6, 9, 0, 0, 0, time.UTC)

// dayOf is the calendar day of t, as the store keeps days.
func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// wednesdayEnd is when a Meldcode step task made on friday is due with a
// term of three working days: the end of Wednesday 11 March in
// Amsterdam.
var wednesdayEnd = time.Date(2026, 3, 11, 22, 59, 59, 999_000_000, time.UTC)

// safetyCase opens a case through triage veiligheid on a household of
// the documented professional's team (involving the users given), makes
// that professional its regisseur, and sets the municipality's Meldcode
// term to three working days. The clock then reads friday, or later when
// it was past it already: it never runs back.
func (f *fixture) safetyCase(t *testing.T, involved ...string) *wijkregie.Case {
	t.Helper()
	pro := f.actor(wijkregie.RoleProfessional)
	_, ids := f.newHousehold(t, pro.TeamID, involved...)
	sig := f.signalBy(t, pro, ids[0], wijkregie.SignalSafety, "huiselijke-relaties")
	tr, err := f.svc.Triage(f.ctx, pro, app.TriageInput{SignalID: sig.ID, Decision: wijkregie.DecisionSafety, Level: wijkregie.LevelLight})
	if err != nil {
		t.Fatalf("Triage veiligheid: %v", err)
	}
	c, err := f.s.R().Case(f.ctx, demo.MunicipalityID, tr.CaseID)
	if err != nil {
		t.Fatal(err)
	}
	// Before a regisseur is assigned the step-1 task is the team's.
	if ts := f.caseTasks(t, c.ID, wijkregie.TaskMeldcode); len(ts) != 1 || ts[0].UserID != "" || ts[0].TeamID != c.TeamID || ts[0].Step != 1 {
		t.Fatalf("Meldcode tasks after triage: %+v; want the team's step-1 task", ts)
	}
	c = f.assign(t, c, pro.UserID)
	err = f.s.Tx(f.ctx, func(q *store.Q) error {
		set, err := q.Settings(f.ctx, demo.MunicipalityID)
		if err != nil {
			return err
		}
		set.MeldcodeStepDays = 3
		return q.SaveSettings(f.ctx, &set)
	})
	if err != nil {
		t.Fatal(err)
	}
	if f.clock.Now().Before(friday) {
		f.clock.Set(friday)
	}
	return c
}

// caseTasks returns the case's tasks of a kind, open ones first.
func (f *fixture) caseTasks(t *testing.T, caseID string, kind wijkregie.TaskKind) []wijkregie.Task {
	t.Helper()
	ts, err := f.s.R().CaseTasks(f.ctx, demo.MunicipalityID, caseID)
	if err != nil {
		t.Fatal(err)
	}
	var out []wijkregie.Task
	for _, tk := range ts {
		if tk.Kind == kind {
			out = append(out, tk)
		}
	}
	return out
}

// openTask returns the case's open task of a kind, or nil.
func (f *fixture) openTask(t *testing.T, caseID string, kind wijkregie.TaskKind) *wijkregie.Task {
	t.Helper()
	for _, tk := range f.caseTasks(t, caseID, kind) {
		if tk.Open() {
			return &tk
		}
	}
	return nil
}

// route reads the case's route from the store.
func (f *fixture) route(t *testing.T, caseID string) *wijkregie.MeldcodeRoute {
	t.Helper()
	r, err := f.s.R().Meldcode(f.ctx, demo.MunicipalityID, caseID)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// step records step n today over the route's current version.
func (f *fixture) step(t *testing.T, a wijkregie.Actor, caseID string, n int) *wijkregie.MeldcodeRoute {
	t.Helper()
	f.clock.Advance(time.Second)
	r, err := f.svc.RecordMeldcodeStep(f.ctx, a, caseID, f.route(t, caseID).Version,
		wijkregie.MeldcodeStep{Step: n, Date: dayOf(f.clock.Now()), Rationale: "Gedaan, met reden"})
	if err != nil {
		t.Fatalf("step %d: %v", n, err)
	}
	return r
}

// answer answers question q today over the route's current version.
func (f *fixture) answer(t *testing.T, a wijkregie.Actor, caseID string, q int, yes bool, review time.Time) *wijkregie.MeldcodeRoute {
	t.Helper()
	f.clock.Advance(time.Second)
	r, err := f.svc.AnswerMeldcode(f.ctx, a, caseID, f.route(t, caseID).Version,
		wijkregie.MeldcodeAnswer{Question: q, Yes: yes, Date: dayOf(f.clock.Now()), Rationale: "Afgewogen"}, review)
	if err != nil {
		t.Fatalf("question %d: %v", q, err)
	}
	return r
}

// report records the report to Veilig Thuis today.
func (f *fixture) report(t *testing.T, a wijkregie.Actor, caseID string, consentRefused bool) *wijkregie.MeldcodeRoute {
	t.Helper()
	f.clock.Advance(time.Second)
	r, err := f.svc.ReportVeiligThuis(f.ctx, a, caseID, f.route(t, caseID).Version,
		wijkregie.VeiligThuisReport{Date: dayOf(f.clock.Now()), Reference: "VT-2026-0042", ConsentRefused: consentRefused})
	if err != nil {
		t.Fatalf("report: %v", err)
	}
	return r
}

// meldcodeEvents returns the case's Meldcode history lines as From/To,
// oldest first. The test clock stands still within a change, so a
// closing line and the change that closed the route share their moment:
// the closing one is put last.
func (f *fixture) meldcodeEvents(t *testing.T, caseID string) [][2]string {
	t.Helper()
	evs, err := f.s.R().CaseEvents(f.ctx, demo.MunicipalityID, caseID)
	if err != nil {
		t.Fatal(err)
	}
	slices.SortStableFunc(evs, func(a, b wijkregie.CaseEvent) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		closing := func(e wijkregie.CaseEvent) int {
			if e.From == wijkregie.MeldcodeEventClosed {
				return 1
			}
			return 0
		}
		return closing(a) - closing(b)
	})
	var out [][2]string
	for _, e := range evs {
		if e.Kind == wijkregie.EventMeldcode {
			if e.Reason != "" {
				t.Errorf("Meldcode event %s→%s has a reason: the history never holds the rationale", e.From, e.To)
			}
			out = append(out, [2]string{e.From, e.To})
		}
	}
	return out
}

// wantMessage stops the test unless err has the code and message.
func wantMessage(t *testing.T, err error, code, message string) {
	t.Helper()
	var e *wijkregie.Error
	if !errors.As(err, &e) || e.Code != code || e.Message != message {
		t.Fatalf("error %v; want %s: %s", err, code, message)
	}
}

// TestMeldcodeSteps: the steps go in order, each with its task for the
// regisseur due in the municipality's working days; the afwegingskader
// waits for steps 1 to 3; a change over a stale version is refused; each
// change is a history line and an audit record.
func TestMeldcodeSteps(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, lead := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead)
		c := f.safetyCase(t)
		first := f.openTask(t, c.ID, wijkregie.TaskMeldcode)
		if first == nil || first.UserID != pro.UserID || first.Step != 1 {
			t.Fatalf("step-1 task after assigning %+v; want the regisseur's", first)
		}

		r := f.route(t, c.ID)
		day := dayOf(f.clock.Now())
		_, err := f.svc.RecordMeldcodeStep(f.ctx, pro, c.ID, r.Version, wijkregie.MeldcodeStep{Step: 2, Date: day, Rationale: "Te vroeg"})
		wantField(t, err, "stap", "veld.meldcode.volgorde")
		_, err = f.svc.RecordMeldcodeStep(f.ctx, pro, c.ID, r.Version, wijkregie.MeldcodeStep{Step: 1, Date: day.AddDate(0, 0, 1), Rationale: "Morgen"})
		wantField(t, err, "datum", "veld.datum_toekomst")
		_, err = f.svc.RecordMeldcodeStep(f.ctx, pro, c.ID, r.Version, wijkregie.MeldcodeStep{Step: 1, Date: day, Rationale: "  "})
		wantField(t, err, "toelichting", "veld.verplicht")
		_, err = f.svc.AnswerMeldcode(f.ctx, pro, c.ID, r.Version, wijkregie.MeldcodeAnswer{Question: 1, Yes: true, Date: day, Rationale: "Vermoeden"}, time.Time{})
		wantField(t, err, "vraag", "veld.meldcode.stappen_eerst")

		got := f.audited(t, func() { r = f.step(t, pro, c.ID, 1) })
		want := []entry{rec(pro, string(policy.WorkMeldcode), "casus", c.ID, "", app.PurposeTask, wijkregie.AuditAllowed)}
		if diff := diffEntries(got, want); diff != "" {
			t.Errorf("RecordMeldcodeStep: audit records (-got +want):\n%s", diff)
		}
		if r.Step != 2 || len(r.Steps) != 1 || r.Steps[0].By != pro.UserID || r.Steps[0].Rationale != "Gedaan, met reden" {
			t.Errorf("route after step 1: step %d, steps %+v", r.Step, r.Steps)
		}

		// A step over the version read before step 1 was recorded.
		_, err = f.svc.RecordMeldcodeStep(f.ctx, pro, c.ID, r.Version-1, wijkregie.MeldcodeStep{Step: 2, Date: day, Rationale: "Oud"})
		wantMessage(t, err, wijkregie.ECONFLICT, "fout.meldcode.gewijzigd")

		// Each step completes its task and makes the next one's, for the
		// regisseur, due three working days on (over the weekend).
		f.step(t, lead, c.ID, 2) // the team lead steps in
		f.clock.Advance(time.Hour)
		f.step(t, pro, c.ID, 3)
		_, err = f.svc.AnswerMeldcode(f.ctx, pro, c.ID, 0, wijkregie.MeldcodeAnswer{Question: 2, Yes: true, Date: day, Rationale: "Te vroeg"}, time.Time{})
		wantField(t, err, "vraag", "veld.meldcode.vraag_volgorde")
		ts := f.caseTasks(t, c.ID, wijkregie.TaskMeldcode)
		if len(ts) != 4 {
			t.Fatalf("%d Meldcode tasks after three steps; want 4", len(ts))
		}
		open := ts[0]
		if !open.Open() || open.Step != 4 || open.UserID != pro.UserID || open.TeamID != c.TeamID || !open.Due.Equal(wednesdayEnd) || open.Legal {
			t.Errorf("open task %+v; want step 4 for the regisseur due %v", open, wednesdayEnd)
		}
		doneBy := map[int]string{}
		for _, tk := range ts[1:] {
			if tk.Open() {
				t.Errorf("task for step %d still open", tk.Step)
			}
			doneBy[tk.Step] = tk.DoneBy
		}
		if doneBy[1] != pro.UserID || doneBy[2] != lead.UserID || doneBy[3] != pro.UserID {
			t.Errorf("tasks done by %v; want step 1 and 3 by the regisseur, 2 by the lead", doneBy)
		}

		// Step 5 waits for the afwegingskader.
		f.step(t, pro, c.ID, 4)
		_, err = f.svc.RecordMeldcodeStep(f.ctx, pro, c.ID, 0, wijkregie.MeldcodeStep{Step: 5, Date: day, Rationale: "Besluit"})
		wantField(t, err, "stap", "veld.meldcode.afweging_eerst")

		wantEvents := [][2]string{{"", "1"}, {"stap", "1"}, {"stap", "2"}, {"stap", "3"}, {"stap", "4"}}
		if got := f.meldcodeEvents(t, c.ID); !slices.Equal(got, wantEvents) {
			t.Errorf("Meldcode history %v; want %v", got, wantEvents)
		}
	})
}

// TestMeldcodeAfwegingskader walks each path of the afwegingskader
// (Meldcode 2019) to where it leads, with the route's tasks.
func TestMeldcodeAfwegingskader(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.actor(wijkregie.RoleProfessional)
		review := time.Date(2026, 4, 17, 0, 0, 0, 0, time.UTC)
		// weighed returns a case whose route has steps 1–3 done.
		weighed := func() *wijkregie.Case {
			c := f.safetyCase(t)
			for n := 1; n <= 3; n++ {
				f.step(t, pro, c.ID, n)
			}
			return c
		}

		t.Run("1 no: closed, geen vermoeden, recorded", func(t *testing.T) {
			c := weighed()
			r := f.answer(t, pro, c.ID, 1, false, time.Time{})
			if r.Open() || r.Outcome != wijkregie.OutcomeNoSuspicion || !r.ClosedAt.Equal(f.clock.Now()) {
				t.Errorf("route after 1 no: closed at %v, outcome %q", r.ClosedAt, r.Outcome)
			}
			if tk := f.openTask(t, c.ID, wijkregie.TaskMeldcode); tk != nil {
				t.Errorf("open Meldcode task %+v after closing", tk)
			}
			if ev := f.meldcodeEvents(t, c.ID); !slices.Equal(ev[len(ev)-2:], [][2]string{{"vraag", "1"}, {"uitkomst", "geen-vermoeden"}}) {
				t.Errorf("history ends %v; want question 1 and the outcome", ev[len(ev)-2:])
			}
			_, err := f.svc.RecordMeldcodeStep(f.ctx, pro, c.ID, r.Version, wijkregie.MeldcodeStep{Step: 4, Date: dayOf(f.clock.Now()), Rationale: "Toch"})
			wantMessage(t, err, wijkregie.ECONFLICT, "fout.meldcode.afgesloten")
			_, err = f.svc.SaveSafetyPlan(f.ctx, pro, c.ID, r.Version, "Plan")
			wantMessage(t, err, wijkregie.ECONFLICT, "fout.meldcode.afgesloten")
		})

		for _, tt := range []struct {
			name    string
			answers []bool
		}{
			{"2 yes: acute unsafety, report", []bool{true, true}},
			{"3 no: no effective help, report", []bool{true, false, false}},
			{"4 no: help not accepted, report", []bool{true, false, true, false}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				c := weighed()
				var r *wijkregie.MeldcodeRoute
				for i, yes := range tt.answers {
					r = f.answer(t, pro, c.ID, i+1, yes, time.Time{})
				}
				if !r.Open() || r.Outcome != wijkregie.OutcomeReport {
					t.Fatalf("route: open %t, outcome %q; want open, melden", r.Open(), r.Outcome)
				}
				f.step(t, pro, c.ID, 4)
				_, err := f.svc.RecordMeldcodeStep(f.ctx, pro, c.ID, 0, wijkregie.MeldcodeStep{Step: 5, Date: dayOf(f.clock.Now()), Rationale: "Melden"})
				wantField(t, err, "stap", "veld.meldcode.melding_eerst")
				if r = f.report(t, pro, c.ID, false); !r.Open() {
					t.Error("the route closed on the report before step 5")
				}
				r = f.step(t, pro, c.ID, 5)
				if r.Open() || r.Outcome != wijkregie.OutcomeReport {
					t.Errorf("route after the report and step 5: open %t, outcome %q; want closed, melden", r.Open(), r.Outcome)
				}
				if tk := f.openTask(t, c.ID, wijkregie.TaskMeldcode); tk != nil {
					t.Errorf("open Meldcode task %+v after closing", tk)
				}
			})
		}

		t.Run("4 yes, 5 no: report after all", func(t *testing.T) {
			c := weighed()
			for q, yes := range []bool{true, false, true} {
				f.answer(t, pro, c.ID, q+1, yes, time.Time{})
			}
			f.answer(t, pro, c.ID, 4, true, review)
			f.step(t, pro, c.ID, 4)
			f.step(t, pro, c.ID, 5)
			f.clock.Set(time.Date(2026, 4, 10, 10, 0, 0, 0, time.UTC)) // a Friday, before the review date
			r := f.answer(t, pro, c.ID, 5, false, time.Time{})
			if !r.Open() || r.Outcome != wijkregie.OutcomeReport {
				t.Fatalf("route after 5 no: open %t, outcome %q; want open, melden", r.Open(), r.Outcome)
			}
			if tk := f.openTask(t, c.ID, wijkregie.TaskSafety); tk != nil {
				t.Errorf("safety task %+v still open after question 5", tk)
			}
			// The report is still to be made: step 5's task again.
			tk := f.openTask(t, c.ID, wijkregie.TaskMeldcode)
			if tk == nil || tk.Step != 5 || tk.UserID != pro.UserID || !tk.Due.Equal(time.Date(2026, 4, 15, 21, 59, 59, 999_000_000, time.UTC)) {
				t.Fatalf("Meldcode task after 5 no: %+v; want step 5 due Wednesday 15 April", tk)
			}
			r = f.report(t, pro, c.ID, false)
			if r.Open() || r.Outcome != wijkregie.OutcomeReport {
				t.Errorf("route after the report: open %t, outcome %q; want closed, melden", r.Open(), r.Outcome)
			}
			if tk := f.openTask(t, c.ID, wijkregie.TaskMeldcode); tk != nil {
				t.Errorf("open Meldcode task %+v after closing", tk)
			}
		})
		t.Run("4 yes: help with a review date; 5 yes lasting safety", func(t *testing.T) {
			c := weighed()
			for q, yes := range []bool{true, false, true} {
				f.answer(t, pro, c.ID, q+1, yes, time.Time{})
			}
			v := f.route(t, c.ID).Version
			ans := wijkregie.MeldcodeAnswer{Question: 4, Yes: true, Date: dayOf(f.clock.Now()), Rationale: "Gezin werkt mee"}
			_, err := f.svc.AnswerMeldcode(f.ctx, pro, c.ID, v, ans, time.Time{})
			wantField(t, err, "peildatum", "veld.meldcode.peildatum")
			_, err = f.svc.AnswerMeldcode(f.ctx, pro, c.ID, v, ans, dayOf(f.clock.Now()).AddDate(0, 0, -1))
			wantField(t, err, "peildatum", "veld.meldcode.peildatum")
			r := f.answer(t, pro, c.ID, 4, true, review)
			if !r.Open() || r.Outcome != wijkregie.OutcomeHelp || !r.ReviewDate.Equal(review) {
				t.Fatalf("route after 4 yes: open %t, outcome %q, review %v", r.Open(), r.Outcome, r.ReviewDate)
			}
			safety := f.openTask(t, c.ID, wijkregie.TaskSafety)
			if safety == nil || safety.UserID != pro.UserID || !safety.Due.Equal(wijkregie.EndOfDay(review)) {
				t.Fatalf("safety task %+v; want the regisseur's, due at the end of %v", safety, review)
			}
			// Help is organised: steps 4 and 5 close nothing yet.
			f.step(t, pro, c.ID, 4)
			if r = f.step(t, pro, c.ID, 5); !r.Open() {
				t.Fatal("the route closed before question 5")
			}
			if tk := f.openTask(t, c.ID, wijkregie.TaskMeldcode); tk != nil {
				t.Errorf("open Meldcode task %+v after step 5", tk)
			}
			f.clock.Set(time.Date(2026, 4, 17, 10, 0, 0, 0, time.UTC))
			r = f.answer(t, pro, c.ID, 5, true, time.Time{})
			if r.Open() || r.Outcome != wijkregie.OutcomeLastingSafe {
				t.Errorf("route after 5 yes: open %t, outcome %q; want closed, duurzaam-veilig", r.Open(), r.Outcome)
			}
			if ts := f.caseTasks(t, c.ID, wijkregie.TaskSafety); len(ts) != 1 || ts[0].Open() || ts[0].DoneBy != pro.UserID {
				t.Errorf("safety tasks %+v; want the one, done by the regisseur", ts)
			}
			if ev := f.meldcodeEvents(t, c.ID); !slices.Equal(ev[len(ev)-2:], [][2]string{{"vraag", "5"}, {"uitkomst", "duurzaam-veilig"}}) {
				t.Errorf("history ends %v; want question 5 and the outcome", ev[len(ev)-2:])
			}
		})

	})
}

// TestMeldcodeTrackToReport: a full track to a report to Veilig Thuis
// with its reference, made without the family's consent on the
// meldrecht, with consultations and the safety plan on the way; the page
// shows it all and names everyone in it.
func TestMeldcodeTrackToReport(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, lead := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RoleTeamLead)
		c := f.safetyCase(t)
		day := dayOf(f.clock.Now())
		f.step(t, pro, c.ID, 1)

		_, err := f.svc.AddConsultation(f.ctx, pro, c.ID, wijkregie.Consultation{Kind: "buurvrouw", With: "x", Date: day, Summary: "y"})
		wantField(t, err, "soort", "veld.keuze")
		for _, cn := range []wijkregie.Consultation{
			{Kind: wijkregie.ConsultColleague, With: " Aandachtsfunctionaris ", Date: day, Summary: "Zorgen gedeeld"},
			{Kind: wijkregie.ConsultVeiligThuis, With: "Veilig Thuis, adviseur", Date: day.AddDate(0, 0, -1), Anonymous: true, Summary: "Anoniem advies"},
		} {
			f.clock.Advance(time.Second)
			if _, err := f.svc.AddConsultation(f.ctx, lead, c.ID, cn); err != nil {
				t.Fatalf("AddConsultation: %v", err)
			}
		}
		f.step(t, pro, c.ID, 2)
		f.step(t, pro, c.ID, 3)
		f.answer(t, pro, c.ID, 1, true, time.Time{})
		f.answer(t, pro, c.ID, 2, true, time.Time{})
		f.step(t, pro, c.ID, 4)

		f.clock.Advance(time.Second)
		v := f.route(t, c.ID).Version
		_, err = f.svc.SaveSafetyPlan(f.ctx, pro, c.ID, v, " \n ")
		wantField(t, err, "veiligheidsplan", "veld.verplicht")
		r, err := f.svc.SaveSafetyPlan(f.ctx, pro, c.ID, v, "Vader verblijft elders; dagelijks contact met de moeder.")
		if err != nil || r.SafetyPlanBy != pro.UserID || !r.SafetyPlanAt.Equal(f.clock.Now()) {
			t.Fatalf("SaveSafetyPlan: %+v, %v", r, err)
		}

		_, err = f.svc.ReportVeiligThuis(f.ctx, pro, c.ID, r.Version, wijkregie.VeiligThuisReport{Date: day, Reference: " "})
		wantField(t, err, "kenmerk", "veld.verplicht")
		r = f.report(t, pro, c.ID, true)
		if r.Report == nil || r.Report.Reference != "VT-2026-0042" || r.Report.LegalBasis != wijkregie.LegalBasisMeldrecht || r.Report.By != pro.UserID {
			t.Fatalf("report %+v; want the reference with the meldrecht as its legal basis", r.Report)
		}
		_, err = f.svc.ReportVeiligThuis(f.ctx, pro, c.ID, r.Version, wijkregie.VeiligThuisReport{Date: day, Reference: "VT-2"})
		wantMessage(t, err, wijkregie.ECONFLICT, "fout.meldcode.al_gemeld")
		f.step(t, pro, c.ID, 5)

		var view *app.MeldcodeView
		got := f.audited(t, func() {
			if view, err = f.svc.Meldcode(f.ctx, lead, c.ID); err != nil {
				t.Fatalf("Meldcode: %v", err)
			}
		})
		if diff := diffEntries(got, []entry{rec(lead, string(policy.ViewCase), "casus", c.ID, "", app.PurposeTask, wijkregie.AuditAllowed)}); diff != "" {
			t.Errorf("Meldcode: audit records (-got +want):\n%s", diff)
		}
		mr := view.Route
		if mr.Open() || mr.Outcome != wijkregie.OutcomeReport || mr.Step != 6 || len(mr.Steps) != 5 || len(mr.Answers) != 2 || view.CanWork || view.NextQuestion != 0 {
			t.Errorf("route: open %t, outcome %q, step %d, %d steps, %d answers, can work %t, next %d",
				mr.Open(), mr.Outcome, mr.Step, len(mr.Steps), len(mr.Answers), view.CanWork, view.NextQuestion)
		}
		if len(mr.Consultations) != 2 || mr.Consultations[0].Kind != wijkregie.ConsultVeiligThuis || !mr.Consultations[0].Anonymous ||
			mr.Consultations[1].With != "Aandachtsfunctionaris" || mr.Consultations[1].By != lead.UserID {
			t.Errorf("consultations %+v; want Veilig Thuis's advice first", mr.Consultations)
		}
		if !mr.Report.Date.Equal(day) || mr.Report.LegalBasis != wijkregie.LegalBasisMeldrecht || !mr.Report.ConsentRefused {
			t.Errorf("report read back %+v", mr.Report)
		}
		for _, id := range []string{pro.UserID, lead.UserID} {
			if view.Users[id] == nil {
				t.Errorf("user %s not named on the page", id)
			}
		}
		wantEvents := [][2]string{{"", "1"}, {"stap", "1"}, {"consultatie", "collega"}, {"consultatie", "veilig-thuis-advies"},
			{"stap", "2"}, {"stap", "3"}, {"vraag", "1"}, {"vraag", "2"}, {"stap", "4"}, {"veiligheidsplan", ""},
			{"melding", wijkregie.LegalBasisMeldrecht}, {"stap", "5"}, {"uitkomst", "melden"}}
		if got := f.meldcodeEvents(t, c.ID); !slices.Equal(got, wantEvents) {
			t.Errorf("Meldcode history %v; want %v", got, wantEvents)
		}
		if tk := f.openTask(t, c.ID, wijkregie.TaskMeldcode); tk != nil {
			t.Errorf("open Meldcode task %+v after closing", tk)
		}

		// A report with the family's consent has no legal basis to record.
		c2 := f.safetyCase(t)
		if r := f.report(t, pro, c2.ID, false); r.Report.LegalBasis != "" || r.Report.ConsentRefused {
			t.Errorf("report with consent %+v; want no legal basis", r.Report)
		}
	})
}

// TestMeldcodeAccess: only those who see the case's content read the
// route, audited; a partner involved in the case is refused, another
// team's professional does not find it; only the regisseur or the team
// lead work it.
func TestMeldcodeAccess(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, partner := f.actor(wijkregie.RoleProfessional), f.actor(wijkregie.RolePartner)
		colleague := f.teamMember(t, "i.pinas@duinhaven.example")
		c := f.safetyCase(t, pro.UserID, partner.UserID, colleague.UserID)
		if !f.svc.CanViewCase(f.ctx, partner, c.ID) {
			t.Fatal("the involved partner cannot open the case")
		}
		got := f.audited(t, func() {
			_, err := f.svc.Meldcode(f.ctx, partner, c.ID)
			wantMessage(t, err, wijkregie.EFORBIDDEN, "fout.geen_toegang")
		})
		if diff := diffEntries(got, []entry{rec(partner, string(policy.ViewCase), "casus", c.ID, "", app.PurposeTask, wijkregie.AuditDenied)}); diff != "" {
			t.Errorf("partner reads the route: audit records (-got +want):\n%s", diff)
		}
		_, err := f.svc.RecordMeldcodeStep(f.ctx, partner, c.ID, 0, wijkregie.MeldcodeStep{Step: 1, Date: dayOf(f.clock.Now()), Rationale: "x"})
		if code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("partner records a step: %v; want forbidden", err)
		}

		users, _, err := f.s.R().Users(f.ctx, demo.MunicipalityID, store.UserFilter{Role: wijkregie.RoleProfessional, TeamID: f.otherTeam(t).ID, Page: store.Page{Limit: 1}})
		if err != nil || len(users) == 0 {
			t.Fatalf("a professional of another team: %v, %v", users, err)
		}
		outsider := wijkregie.ActorOf(&users[0])
		got = f.audited(t, func() {
			_, err = f.svc.Meldcode(f.ctx, outsider, c.ID)
			wantMessage(t, err, wijkregie.ENOTFOUND, "fout.niet_gevonden")
			_, err = f.svc.ReportVeiligThuis(f.ctx, outsider, c.ID, 0, wijkregie.VeiligThuisReport{Date: dayOf(f.clock.Now()), Reference: "VT-9"})
			wantMessage(t, err, wijkregie.ENOTFOUND, "fout.niet_gevonden")
		})
		if diff := diffEntries(got, []entry{
			rec(outsider, string(policy.ViewCase), "casus", c.ID, "", app.PurposeTask, wijkregie.AuditDenied),
			rec(outsider, string(policy.WorkMeldcode), "casus", c.ID, "", app.PurposeTask, wijkregie.AuditDenied),
		}); diff != "" {
			t.Errorf("another team's professional: audit records (-got +want):\n%s", diff)
		}

		// A colleague involved in the case sees the route but does not
		// work it.
		v, err := f.svc.Meldcode(f.ctx, colleague, c.ID)
		if err != nil || v.CanWork || v.Route.Step != 1 || v.NextQuestion != 0 {
			t.Fatalf("colleague reads the route: %+v, %v; want it, without the work", v, err)
		}
		_, err = f.svc.RecordMeldcodeStep(f.ctx, colleague, c.ID, 0, wijkregie.MeldcodeStep{Step: 1, Date: dayOf(f.clock.Now()), Rationale: "x"})
		if code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("colleague records a step: %v; want forbidden", err)
		}
		if v, err := f.svc.Meldcode(f.ctx, pro, c.ID); err != nil || !v.CanWork {
			t.Errorf("regisseur reads the route: %+v, %v; want it, with the work", v, err)
		}

		// A case without a route.
		_, ids := f.newHousehold(t, pro.TeamID)
		plain := f.openCase(t, ids[0], wijkregie.LevelLight, "financien")
		_, err = f.svc.Meldcode(f.ctx, f.actor(wijkregie.RoleTeamLead), plain.ID)
		wantMessage(t, err, wijkregie.ENOTFOUND, "fout.meldcode.geen")
		_, err = f.svc.AddConsultation(f.ctx, f.actor(wijkregie.RoleTeamLead), plain.ID,
			wijkregie.Consultation{Kind: wijkregie.ConsultColleague, With: "x", Date: dayOf(f.clock.Now()), Summary: "y"})
		wantMessage(t, err, wijkregie.ENOTFOUND, "fout.meldcode.geen")
	})
}
