package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/store"
)

// startRoute starts a case's Meldcode route as the lead.
func (ct *caseTeam) startRoute(t *testing.T, s *store.Store, c *wijkregie.Case) {
	t.Helper()
	mustTx(t, s, func(q *store.Q) error {
		return q.StartMeldcode(context.Background(), &wijkregie.MeldcodeRoute{MunicipalityID: ct.m, CaseID: c.ID, StartedBy: ct.lead.ID})
	})
}

// meldcodeTasks returns a case's Meldcode tasks, open ones first.
func meldcodeTasks(t *testing.T, s *store.Store, m, caseID string) []wijkregie.Task {
	t.Helper()
	ts, err := s.R().CaseTasks(context.Background(), m, caseID)
	if err != nil {
		t.Fatal(err)
	}
	var out []wijkregie.Task
	for _, tk := range ts {
		if tk.Kind == wijkregie.TaskMeldcode {
			out = append(out, tk)
		}
	}
	return out
}

// TestStartMeldcode: a route starts at step 1 with the task for step 1,
// due in the municipality's Meldcode working days, for the regisseur or,
// while the case has none, for its team; starting again keeps the route
// and makes no second task.
func TestStartMeldcode(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := context.Background()
		ct := newCaseTeam(t, s, "GM0518")
		set := wijkregie.DefaultSettings(ct.m)
		set.MeldcodeStepDays = 3
		mustTx(t, s, func(q *store.Q) error { return q.SaveSettings(ctx, &set) })
		withCoordinator := ct.newCaseOn(t, s, ct.household, wijkregie.CaseIntake, ct.pro.ID)
		other := newHousehold(t, s, ct.m, ct.team, "2581AB", 2)
		without := ct.newCaseOn(t, s, other.ID, wijkregie.CaseRegistered, "")

		if _, err := s.R().Meldcode(ctx, ct.m, withCoordinator.ID); wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			t.Fatalf("Meldcode before the start = %v; want not found", err)
		}
		ct.startRoute(t, s, withCoordinator)
		ct.startRoute(t, s, without)

		r, err := s.R().Meldcode(ctx, ct.m, withCoordinator.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := &wijkregie.MeldcodeRoute{MunicipalityID: ct.m, CaseID: withCoordinator.ID, Step: 1, StartedAt: onClock(start),
			StartedBy: ct.lead.ID, Version: 1}
		if diff := cmp.Diff(r, want); diff != "" {
			t.Errorf("route (-got +want):\n%s", diff)
		}
		wantUTC(t, r)

		// Saturday 14 March 2026: three working days on is Wednesday 18
		// March, to its end in Amsterdam.
		due := time.Date(2026, 3, 18, 23, 59, 59, 999_000_000, time.FixedZone("CET", 3600)).UTC()
		for _, tt := range []struct {
			c    *wijkregie.Case
			user string
		}{{withCoordinator, ct.pro.ID}, {without, ""}} {
			ts := meldcodeTasks(t, s, ct.m, tt.c.ID)
			if len(ts) != 1 {
				t.Fatalf("%d Meldcode tasks; want 1", len(ts))
			}
			tk := ts[0]
			if tk.Step != 1 || tk.TeamID != ct.team || tk.UserID != tt.user || !tk.Due.Equal(due) || tk.Legal || !tk.Open() {
				t.Errorf("step-1 task %+v; want step 1 for team %s, user %q, due %v, not legal, open", tk, ct.team, tt.user, due)
			}
		}

		// A route already running is kept as it is: no second task.
		clk.Advance(time.Hour)
		mustTx(t, s, func(q *store.Q) error {
			return q.StartMeldcode(ctx, &wijkregie.MeldcodeRoute{MunicipalityID: ct.m, CaseID: withCoordinator.ID, StartedBy: ct.pro.ID})
		})
		again, err := s.R().Meldcode(ctx, ct.m, withCoordinator.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(again, want); diff != "" {
			t.Errorf("route after a second start (-got +want):\n%s", diff)
		}
		if n := len(meldcodeTasks(t, s, ct.m, withCoordinator.ID)); n != 1 {
			t.Errorf("%d Meldcode tasks after a second start; want 1", n)
		}
	})
}

// TestSaveMeldcode: the whole route reads back as written, on both
// engines, in UTC; a save over a version no longer current is a
// conflict, and a row recorded twice too.
func TestSaveMeldcode(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := context.Background()
		ct := newCaseTeam(t, s, "GM0518")
		c := ct.newCaseOn(t, s, ct.household, wijkregie.CaseIntake, ct.pro.ID)
		ct.startRoute(t, s, c)
		r, err := s.R().Meldcode(ctx, ct.m, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		day := func(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, time.UTC) }
		clk.Advance(time.Hour)
		mustTx(t, s, func(q *store.Q) error {
			read := r.Version
			for n := 1; n <= 4; n++ {
				st := wijkregie.MeldcodeStep{Step: n, Date: day(n).Add(15 * time.Hour), By: ct.pro.ID, Rationale: "Stap " + string(rune('0'+n))}
				if err := r.RecordStep(st); err != nil {
					return err
				}
				if err := q.AddMeldcodeStep(ctx, r, &r.Steps[n-1]); err != nil {
					return err
				}
			}
			for i, yes := range []bool{true, false, true, true} {
				if err := r.Answer(wijkregie.MeldcodeAnswer{Question: i + 1, Yes: yes, Date: day(5), By: ct.lead.ID, Rationale: "Afweging"}); err != nil {
					return err
				}
				if err := q.AddMeldcodeAnswer(ctx, r, &r.Answers[i]); err != nil {
					return err
				}
			}
			for _, cn := range []wijkregie.Consultation{
				{Kind: wijkregie.ConsultVeiligThuis, With: "Veilig Thuis, adviseur", Date: day(3), Anonymous: true, Summary: "Anoniem advies", By: ct.pro.ID},
				{Kind: wijkregie.ConsultColleague, With: "Collega, aandachtsfunctionaris", Date: day(2), Summary: "Zorgen gedeeld", By: ct.pro.ID},
			} {
				if err := r.Consult(cn); err != nil {
					return err
				}
				if err := q.AddConsultation(ctx, r, &r.Consultations[len(r.Consultations)-1]); err != nil {
					return err
				}
			}
			if err := r.RecordReport(wijkregie.VeiligThuisReport{Date: day(6), Reference: "VT-2026-0042", ConsentRefused: true, By: ct.pro.ID}); err != nil {
				return err
			}
			if err := r.SetSafetyPlan("Afspraken over veiligheid", clk.Now(), ct.pro.ID); err != nil {
				return err
			}
			r.ReviewDate = day(30)
			r.Settle(clk.Now())
			return q.SaveMeldcode(ctx, r, read)
		})
		if r.Version != 2 {
			t.Errorf("version %d after a save; want 2", r.Version)
		}
		got, err := s.R().Meldcode(ctx, ct.m, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		// The consultations come by date: the colleague's first.
		r.Consultations[0], r.Consultations[1] = r.Consultations[1], r.Consultations[0]
		if diff := cmp.Diff(got, r); diff != "" {
			t.Errorf("route read back (-got +want):\n%s", diff)
		}
		wantUTC(t, got)
		if got.Steps[0].Date != day(1) || got.Report.LegalBasis != wijkregie.LegalBasisMeldrecht || got.Outcome != wijkregie.OutcomeHelp ||
			!got.ReviewDate.Equal(day(30)) || !got.SafetyPlanAt.Equal(kept(clk.Now())) || !got.Open() {
			t.Errorf("route read back: step 1 on %v, basis %q, outcome %q, review %v, plan at %v, open %t",
				got.Steps[0].Date, got.Report.LegalBasis, got.Outcome, got.ReviewDate, got.SafetyPlanAt, got.Open())
		}

		// Closing: question 5 yes and step 5; the route closes and reads
		// back closed.
		clk.Advance(time.Hour)
		mustTx(t, s, func(q *store.Q) error {
			if err := got.Answer(wijkregie.MeldcodeAnswer{Question: 5, Yes: true, Date: day(30), By: ct.pro.ID, Rationale: "Veilig"}); err != nil {
				return err
			}
			if err := q.AddMeldcodeAnswer(ctx, got, &got.Answers[4]); err != nil {
				return err
			}
			if err := got.RecordStep(wijkregie.MeldcodeStep{Step: 5, Date: day(30), By: ct.pro.ID, Rationale: "Hulp loopt door"}); err != nil {
				return err
			}
			if err := q.AddMeldcodeStep(ctx, got, &got.Steps[4]); err != nil {
				return err
			}
			if !got.Settle(clk.Now()) {
				t.Error("the route did not close")
			}
			return q.SaveMeldcode(ctx, got, 2)
		})
		closed, err := s.R().Meldcode(ctx, ct.m, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if closed.Open() || !closed.ClosedAt.Equal(kept(clk.Now())) || closed.Outcome != wijkregie.OutcomeLastingSafe || closed.Step != 6 || closed.Version != 3 {
			t.Errorf("closed route: closed at %v, outcome %q, step %d, version %d", closed.ClosedAt, closed.Outcome, closed.Step, closed.Version)
		}

		// A save over the version read before: someone else saved since.
		err = tryTx(s, func(q *store.Q) error { return q.SaveMeldcode(ctx, r, 2) })
		wantConflict(t, err, "fout.meldcode.gewijzigd")
		// A step recorded twice.
		err = tryTx(s, func(q *store.Q) error {
			return q.AddMeldcodeStep(ctx, closed, &wijkregie.MeldcodeStep{Step: 5, Date: day(30), By: ct.pro.ID, Rationale: "Nog eens"})
		})
		wantConflict(t, err, "fout.meldcode.gewijzigd")
		// A case without a route.
		other := ct.newCaseOn(t, s, newHousehold(t, s, ct.m, ct.team, "2581AB", 2).ID, wijkregie.CaseRegistered, "")
		err = tryTx(s, func(q *store.Q) error {
			return q.SaveMeldcode(ctx, &wijkregie.MeldcodeRoute{MunicipalityID: ct.m, CaseID: other.ID, Step: 2}, 1)
		})
		wantCode(t, err, wijkregie.ENOTFOUND)
		// Another municipality does not see the route.
		newMunicipality(t, s, "GM0599")
		if _, err := s.R().Meldcode(ctx, "GM0599", c.ID); wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			t.Errorf("Meldcode from another municipality = %v; want not found", err)
		}
	})
}
