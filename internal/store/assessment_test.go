package store_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/store"
)

// caseWithFamily is a case in intake with its regisseur on a household of
// two members.
func caseWithFamily(t *testing.T, s *store.Store, m string) (*caseTeam, *wijkregie.Case, []string) {
	t.Helper()
	ct := newCaseTeam(t, s, m)
	var members []string
	for i, rel := range []wijkregie.Relation{wijkregie.RelationParent, wijkregie.RelationChild} {
		p := newPerson(t, s, m, "Visser", bsnN(t, i))
		addMember(t, s, m, ct.household, p.ID, rel, day(2020, 1, 1), time.Time{})
		members = append(members, p.ID)
	}
	return ct, ct.newCaseOn(t, s, ct.household, wijkregie.CaseIntake, ct.pro.ID), members
}

// TestAssessmentsRoundTrip: an assessment reads back as written, with only
// the scored domains, its date a calendar day, oldest first.
func TestAssessmentsRoundTrip(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		ct, c, ps := caseWithFamily(t, s, "GM0001")
		first := &wijkregie.Assessment{MunicipalityID: ct.m, CaseID: c.ID, Moment: wijkregie.MomentIntake,
			Date: time.Date(2026, 3, 10, 15, 4, 0, 0, time.UTC), AssessorID: ct.pro.ID, Instrument: wijkregie.DomainsVersion,
			Scores: []wijkregie.Score{
				{PersonID: ps[1], Domain: "huisvesting", Level: 2, Rationale: "Dreigende huisuitzetting"},
				{PersonID: ps[0], Domain: "sociaal-netwerk", Level: 3, Rationale: "Weinig steun", Target: 4},
				{PersonID: ps[0], Domain: "financien", Level: 1, Rationale: "Schulden, beslag", Target: 3},
			}}
		mustTx(t, s, func(q *store.Q) error { return q.CreateAssessment(ctx, first) })
		if first.ID == "" || !first.CreatedAt.Equal(onClock(start)) || !first.Date.Equal(day(2026, 3, 10)) {
			t.Errorf("created %+v; want an id, made now, on the calendar day", first)
		}
		clk.Advance(time.Hour)
		second := &wijkregie.Assessment{MunicipalityID: ct.m, CaseID: c.ID, Moment: wijkregie.MomentInterim, Date: day(2026, 3, 12),
			AssessorID: ct.lead.ID, Instrument: wijkregie.DomainsVersion,
			Scores: []wijkregie.Score{{PersonID: ps[0], Domain: "financien", Level: 2, Rationale: "Budgetbeheer loopt"}}}
		mustTx(t, s, func(q *store.Q) error { return q.CreateAssessment(ctx, second) })

		// The store's order: by person, then the instrument's domain order;
		// the write leaves them in it too.
		order := []wijkregie.Score{
			{PersonID: ps[0], Domain: "financien", Level: 1, Rationale: "Schulden, beslag", Target: 3},
			{PersonID: ps[0], Domain: "sociaal-netwerk", Level: 3, Rationale: "Weinig steun", Target: 4},
			{PersonID: ps[1], Domain: "huisvesting", Level: 2, Rationale: "Dreigende huisuitzetting"},
		}
		if ps[1] < ps[0] {
			order = append(order[2:], order[:2]...)
		}
		if diff := cmp.Diff(first.Scores, order); diff != "" {
			t.Errorf("the scores as the write left them (-got +want):\n%s", diff)
		}
		want := []wijkregie.Assessment{*first, *second}
		got, err := s.R().CaseAssessments(ctx, ct.m, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("CaseAssessments (-got +want):\n%s", diff)
		}
		wantUTC(t, got)
		one, err := s.R().Assessment(ctx, ct.m, c.ID, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(one, &want[0]); diff != "" {
			t.Errorf("Assessment (-got +want):\n%s", diff)
		}
		if one.Score(ps[1], "financien") != nil {
			t.Errorf("an unscored domain reads back scored")
		}

		// Not found: another case's id, another municipality.
		other := ct.newCaseOn(t, s, newHousehold(t, s, ct.m, ct.team, "2581AB", 2).ID, wijkregie.CaseRegistered, "")
		_, err = s.R().Assessment(ctx, ct.m, other.ID, first.ID)
		wantCode(t, err, wijkregie.ENOTFOUND)
		if as, err := s.R().CaseAssessments(ctx, ct.m, other.ID); err != nil || len(as) != 0 {
			t.Errorf("a case without assessments: %v, %v", as, err)
		}
		newMunicipality(t, s, "GM0002")
		_, err = s.R().Assessment(ctx, "GM0002", c.ID, first.ID)
		wantCode(t, err, wijkregie.ENOTFOUND)
	})
}

// TestAssessmentSchemaRefuses: the schema's CHECK refuses a level
// outside 1–5 whoever writes it, and nothing of the assessment stays.
func TestAssessmentSchemaRefuses(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		ct, c, ps := caseWithFamily(t, s, "GM0001")
		bad := func(sc wijkregie.Score) *wijkregie.Assessment {
			return &wijkregie.Assessment{MunicipalityID: ct.m, CaseID: c.ID, Moment: wijkregie.MomentIntake, Date: day(2026, 3, 10),
				AssessorID: ct.pro.ID, Instrument: wijkregie.DomainsVersion,
				Scores: []wijkregie.Score{{PersonID: ps[0], Domain: "justitie", Level: 3, Rationale: "ok"}, sc}}
		}
		err := tryTx(s, func(q *store.Q) error {
			return q.CreateAssessment(ctx, bad(wijkregie.Score{PersonID: ps[1], Domain: "financien", Level: 6, Rationale: "te hoog"}))
		})
		wantFields(t, err, "scores")
		err = tryTx(s, func(q *store.Q) error {
			return q.CreateAssessment(ctx, bad(wijkregie.Score{PersonID: ps[1], Domain: "financien", Level: 3, Target: 6, Rationale: "doel te hoog"}))
		})
		wantFields(t, err, "scores")
		err = tryTx(s, func(q *store.Q) error {
			return q.CreateAssessment(ctx, bad(wijkregie.Score{PersonID: wijkregie.NewID(start), Domain: "financien", Level: 3, Rationale: "wie?"}))
		})
		wantCode(t, err, wijkregie.ENOTFOUND)
		if as, err := s.R().CaseAssessments(ctx, ct.m, c.ID); err != nil || len(as) != 0 {
			t.Errorf("after refusals: %d assessments, %v; want none", len(as), err)
		}
	})
}
