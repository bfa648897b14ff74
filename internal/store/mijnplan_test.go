package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/store"
)

// mijnPlanFamily is a case team's household of a mother and a son, with a
// case under a regisseur.
type mijnPlanFamily struct {
	*caseTeam
	mother, son *wijkregie.Person
	c           *wijkregie.Case
}

func newMijnPlanFamily(t *testing.T, s *store.Store) *mijnPlanFamily {
	t.Helper()
	ct := newCaseTeam(t, s, "GM0001")
	f := &mijnPlanFamily{caseTeam: ct, mother: newPerson(t, s, ct.m, "Jansen", ""), son: newPerson(t, s, ct.m, "Jansen", "")}
	addMember(t, s, ct.m, ct.household, f.mother.ID, wijkregie.RelationParent, day(2010, 1, 1), time.Time{})
	addMember(t, s, ct.m, ct.household, f.son.ID, wijkregie.RelationChild, day(2010, 1, 1), time.Time{})
	f.c = ct.newCaseOn(t, s, ct.household, wijkregie.CaseIntake, ct.pro.ID)
	return f
}

// TestResidentMessagesReadBack: a message is stored whole, listed newest
// first for the case and for its writer, marked read once — a second
// marking keeps the first reader — and is not found through another case.
func TestResidentMessagesReadBack(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		f := newMijnPlanFamily(t, s)
		first := &wijkregie.ResidentMessage{MunicipalityID: f.m, CaseID: f.c.ID, PersonID: f.mother.ID, Text: "Kunt u mij bellen?"}
		mustTx(t, s, func(q *store.Q) error { return q.CreateResidentMessage(ctx, first) })
		clk.Advance(time.Minute)
		second := &wijkregie.ResidentMessage{MunicipalityID: f.m, CaseID: f.c.ID, PersonID: f.son.ID, Text: "Ik heb de afspraak gemaakt."}
		mustTx(t, s, func(q *store.Q) error { return q.CreateResidentMessage(ctx, second) })
		if !wijkregie.ValidID(first.ID) || !first.SentAt.Equal(onClock(start)) || !first.ReadAt.IsZero() {
			t.Errorf("created %+v; want an id, sent now, unread", first)
		}

		got, err := s.R().CaseResidentMessages(ctx, f.m, f.c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]wijkregie.ResidentMessage{*second, *first}, got); diff != "" {
			t.Errorf("case messages (-want +got):\n%s", diff)
		}
		wantUTC(t, got)
		mine, err := s.R().PersonResidentMessages(ctx, f.m, f.mother.ID, f.c.ID)
		if err != nil || len(mine) != 1 || mine[0].ID != first.ID {
			t.Errorf("the mother's messages: %+v, %v; want only hers", mine, err)
		}
		all, err := s.R().PersonResidentMessages(ctx, f.m, f.son.ID, "")
		if err != nil || len(all) != 1 || all[0].ID != second.ID {
			t.Errorf("the son's messages on every case: %+v, %v", all, err)
		}

		clk.Advance(time.Hour)
		mustTx(t, s, func(q *store.Q) error { return q.MarkResidentMessageRead(ctx, first, f.pro.ID) })
		clk.Advance(time.Hour)
		again, err := s.R().ResidentMessage(ctx, f.m, f.c.ID, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		mustTx(t, s, func(q *store.Q) error { return q.MarkResidentMessageRead(ctx, again, f.lead.ID) })
		read, err := s.R().ResidentMessage(ctx, f.m, f.c.ID, first.ID)
		if err != nil || read.ReadBy != f.pro.ID || !read.ReadAt.Equal(onClock(start.Add(time.Minute+time.Hour))) {
			t.Errorf("read %+v, %v; want read by the regisseur an hour after it came", read, err)
		}

		other := f.newCaseOn(t, s, newHousehold(t, s, f.m, f.team, "2581AB", 2).ID, wijkregie.CaseIntake, f.pro.ID)
		_, err = s.R().ResidentMessage(ctx, f.m, other.ID, first.ID)
		wantCode(t, err, wijkregie.ENOTFOUND)
	})
}

// TestResidentActsReadBack: what a member did is listed per case in order
// and per person.
func TestResidentActsReadBack(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		f := newMijnPlanFamily(t, s)
		add := &wijkregie.ResidentAct{MunicipalityID: f.m, CaseID: f.c.ID, PersonID: f.mother.ID, Kind: wijkregie.ActActionAdded,
			SubjectID: wijkregie.NewID(start), PlanVersion: 2}
		mustTx(t, s, func(q *store.Q) error { return q.CreateResidentAct(ctx, add) })
		clk.Advance(time.Second)
		done := &wijkregie.ResidentAct{MunicipalityID: f.m, CaseID: f.c.ID, PersonID: f.son.ID, Kind: wijkregie.ActActionDone,
			SubjectID: add.SubjectID, PlanVersion: 3}
		mustTx(t, s, func(q *store.Q) error { return q.CreateResidentAct(ctx, done) })
		got, err := s.R().CaseResidentActs(ctx, f.m, f.c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]wijkregie.ResidentAct{*add, *done}, got); diff != "" {
			t.Errorf("case acts (-want +got):\n%s", diff)
		}
		his, err := s.R().PersonResidentActs(ctx, f.m, f.son.ID)
		if err != nil || len(his) != 1 || his[0].ID != done.ID {
			t.Errorf("the son's acts: %+v, %v", his, err)
		}
	})
}

// TestRatingOncePerPerson: a rating reads back with every answer; a
// second by the same person on the same case is a conflict, another
// member's is not; the store's columns follow wijkregie.RatingQuestions.
func TestRatingOncePerPerson(t *testing.T) {
	var cols []string
	for _, q := range wijkregie.RatingQuestions {
		cols = append(cols, q.Column)
	}
	if diff := cmp.Diff(cols, store.RatingAnswerColumns()); diff != "" {
		t.Fatalf("rating columns out of step with wijkregie.RatingQuestions (-questions +store):\n%s", diff)
	}
	eachAt(t, func(t *testing.T, s *store.Store, clk *clock) {
		ctx := t.Context()
		f := newMijnPlanFamily(t, s)
		r := &wijkregie.Rating{MunicipalityID: f.m, CaseID: f.c.ID, PersonID: f.mother.ID, Score: 8,
			GoalsAchieved: wijkregie.AnswerPartly, CanContinue: wijkregie.AnswerYes,
			Answers: map[string]wijkregie.Agreement{"jeugdSerieusGenomen": 5, "wmoMeedoen": 2}, Remark: "Fijn geholpen."}
		mustTx(t, s, func(q *store.Q) error { return q.CreateRating(ctx, r) })
		got, err := s.R().Rating(ctx, f.m, f.c.ID, f.mother.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(r, got); diff != "" {
			t.Errorf("rating (-want +got):\n%s", diff)
		}
		clk.Advance(time.Minute)
		again := &wijkregie.Rating{MunicipalityID: f.m, CaseID: f.c.ID, PersonID: f.mother.ID, Score: 3}
		wantConflict(t, tryTx(s, func(q *store.Q) error { return q.CreateRating(ctx, again) }), "fout.mijnplan.al_beoordeeld")
		son := &wijkregie.Rating{MunicipalityID: f.m, CaseID: f.c.ID, PersonID: f.son.ID, Score: 6}
		mustTx(t, s, func(q *store.Q) error { return q.CreateRating(ctx, son) })
		all, err := s.R().CaseRatings(ctx, f.m, f.c.ID)
		if err != nil || len(all) != 2 || all[0].Score != 8 || all[1].Score != 6 || len(all[1].Answers) != 0 {
			t.Errorf("case ratings: %+v, %v", all, err)
		}
		_, err = s.R().Rating(ctx, f.m, f.c.ID, f.lead.ID)
		wantCode(t, err, wijkregie.ENOTFOUND)
	})
}

// TestMijnPlanUser: the Mijn Plan user is added once, cannot log in, and
// is in no list of colleagues.
func TestMijnPlanUser(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, _ *clock) {
		ctx := t.Context()
		f := newMijnPlanFamily(t, s)
		for range 2 {
			mustTx(t, s, func(q *store.Q) error { return q.EnsureMijnPlanUser(ctx, f.m) })
		}
		us, err := s.R().UsersByID(ctx, f.m, []string{wijkregie.MijnPlanUserID})
		if err != nil {
			t.Fatal(err)
		}
		u := us[wijkregie.MijnPlanUserID]
		if u == nil || u.Active || u.Name == "" {
			t.Fatalf("Mijn Plan user %+v; want an inactive user with a name", u)
		}
		list, _, err := s.R().Users(ctx, f.m, store.UserFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(list, func(u wijkregie.User) bool { return u.ID == wijkregie.MijnPlanUserID }) {
			t.Error("the Mijn Plan user is listed among the colleagues")
		}
	})
}

// TestMijnPlanRowsGoWithThePerson: removing a person (retention, erasure)
// removes their messages, acts and ratings with them, and nobody else's.
func TestMijnPlanRowsGoWithThePerson(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, _ *clock) {
		ctx := context.Background()
		f := newMijnPlanFamily(t, s)
		for _, p := range []string{f.mother.ID, f.son.ID} {
			mustTx(t, s, func(q *store.Q) error {
				if err := q.CreateResidentMessage(ctx, &wijkregie.ResidentMessage{MunicipalityID: f.m, CaseID: f.c.ID, PersonID: p, Text: "Hallo"}); err != nil {
					return err
				}
				if err := q.CreateResidentAct(ctx, &wijkregie.ResidentAct{MunicipalityID: f.m, CaseID: f.c.ID, PersonID: p, Kind: wijkregie.ActConsentGiven,
					SubjectID: wijkregie.NewID(start)}); err != nil {
					return err
				}
				return q.CreateRating(ctx, &wijkregie.Rating{MunicipalityID: f.m, CaseID: f.c.ID, PersonID: p, Score: 7})
			})
		}
		mustTx(t, s, func(q *store.Q) error {
			_, err := q.RemovePersons(ctx, f.m, []string{f.son.ID})
			return err
		})
		ms, _ := s.R().CaseResidentMessages(ctx, f.m, f.c.ID)
		as, _ := s.R().CaseResidentActs(ctx, f.m, f.c.ID)
		rs, _ := s.R().CaseRatings(ctx, f.m, f.c.ID)
		if len(ms) != 1 || ms[0].PersonID != f.mother.ID || len(as) != 1 || as[0].PersonID != f.mother.ID || len(rs) != 1 || rs[0].PersonID != f.mother.ID {
			t.Errorf("after removing the son: messages %+v, acts %+v, ratings %+v; want the mother's only", ms, as, rs)
		}
	})
}
