package store_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/store"
)

// TestClosureRoundTrip: a closure reads back as written, with and without
// the optional rating and final assessment; one per case; none while open.
func TestClosureRoundTrip(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		ct, c, ps := caseWithFamily(t, s, "GM0001")
		_, err := s.R().Closure(ctx, ct.m, c.ID)
		wantCode(t, err, wijkregie.ENOTFOUND)
		final := &wijkregie.Assessment{MunicipalityID: ct.m, CaseID: c.ID, Moment: wijkregie.MomentClosure, Date: day(2026, 3, 14),
			AssessorID: ct.pro.ID, Instrument: wijkregie.DomainsVersion,
			Scores: []wijkregie.Score{{PersonID: ps[0], Domain: "financien", Level: 4, Rationale: "Stabiel"}}}
		mustTx(t, s, func(q *store.Q) error { return q.CreateAssessment(ctx, final) })

		clk.Advance(time.Hour)
		cl := &wijkregie.Closure{MunicipalityID: ct.m, CaseID: c.ID, Reason: wijkregie.ClosureGoalsMet, CanContinue: wijkregie.AnswerYes,
			ProblemsReduced: wijkregie.AnswerPartly, GoalsAchieved: wijkregie.AnswerYes, FinalAssessmentID: final.ID, Rating: 8,
			Remark: "Fijn geholpen", Summary: "Schulden geregeld", ClosedBy: ct.pro.ID}
		mustTx(t, s, func(q *store.Q) error { return q.CreateClosure(ctx, cl) })
		if !cl.ClosedAt.Equal(onClock(clk.Now())) {
			t.Errorf("closed at %v; want now", cl.ClosedAt)
		}
		got, err := s.R().Closure(ctx, ct.m, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, cl); diff != "" {
			t.Errorf("Closure (-got +want):\n%s", diff)
		}
		wantUTC(t, got)
		wantConflict(t, tryTx(s, func(q *store.Q) error {
			again := *cl
			return q.CreateClosure(ctx, &again)
		}), "fout.casus.gesloten")

		// Without the optional parts; a rating out of range is refused by
		// the schema as well.
		other := ct.newCaseOn(t, s, newHousehold(t, s, ct.m, ct.team, "2581AB", 2).ID, wijkregie.CaseIntake, ct.pro.ID)
		bare := &wijkregie.Closure{MunicipalityID: ct.m, CaseID: other.ID, Reason: wijkregie.ClosureMoved, CanContinue: wijkregie.AnswerNo,
			ProblemsReduced: wijkregie.AnswerNo, GoalsAchieved: wijkregie.AnswerNo, Rating: 11, Summary: "Verhuisd", ClosedBy: ct.lead.ID,
			ClosedAt: start.Add(2 * time.Hour)}
		wantFields(t, tryTx(s, func(q *store.Q) error { return q.CreateClosure(ctx, bare) }), "waardering")
		bare.Rating = 0
		mustTx(t, s, func(q *store.Q) error { return q.CreateClosure(ctx, bare) })
		got, err = s.R().Closure(ctx, ct.m, other.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, bare); diff != "" || !got.ClosedAt.Equal(kept(start.Add(2*time.Hour))) {
			t.Errorf("bare Closure (-got +want):\n%s", diff)
		}
		newMunicipality(t, s, "GM0002")
		_, err = s.R().Closure(ctx, "GM0002", c.ID)
		wantCode(t, err, wijkregie.ENOTFOUND)
	})
}
