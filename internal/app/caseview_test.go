package app_test

import (
	"testing"
	"time"

	"wijkregie"
)

// TestCaseViewWork: the case page carries the work on the case — the
// latest assessment, the plan, the open tasks, the notes the reader may
// read, stagnation, and once closed the closure — and a partner in the
// case sees none of the content: no assessment, plan, tasks or Meldcode
// route, and only the notes meant for all betrokkenen.
func TestCaseViewWork(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.actor(wijkregie.RoleProfessional)
		_, ids, c := f.workedCase(t)
		partner := f.withPartner(t, c)
		today := wijkregie.Today(f.clock.Now())
		if _, err := f.svc.Assess(f.ctx, pro, c.ID, &wijkregie.Assessment{Moment: wijkregie.MomentIntake, Date: today,
			Scores: []wijkregie.Score{{PersonID: ids[0], Domain: "financien", Level: 2, Rationale: "Schulden bij drie schuldeisers"}}}); err != nil {
			t.Fatal(err)
		}
		p := lightPlan()
		p.MeetingDate, p.EvaluationDate = today, today.AddDate(0, 3, 0)
		p.Goals[0].TargetDate, p.Goals[1].TargetDate = today.AddDate(0, 6, 0), today.AddDate(0, 6, 0)
		p.Goals[0].Actions[0].Due = today.AddDate(0, 1, 0)
		if _, err := f.svc.CreatePlan(f.ctx, pro, c.ID, p); err != nil {
			t.Fatal(err)
		}
		for _, n := range []wijkregie.Note{
			{Kind: wijkregie.NoteContact, Mode: wijkregie.ContactHomeVisit, Date: today, Text: "Huisbezoek: moeder vertelt over de schulden", Visibility: wijkregie.VisibleToTeam},
			{Kind: wijkregie.NoteProgress, Date: today, Text: "Aanmelding schuldhulp is verstuurd", Visibility: wijkregie.VisibleToInvolved},
			{Kind: wijkregie.NoteProgress, Date: today, Text: "Eigen werkaantekening", Visibility: wijkregie.VisibleToMe},
		} {
			f.clock.Advance(time.Second)
			if _, err := f.svc.AddNote(f.ctx, pro, c.ID, &n); err != nil {
				t.Fatal(err)
			}
		}

		v, err := f.svc.Case(f.ctx, pro, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.Latest == nil || len(v.Latest.Scores) != 1 || len(v.Previous) != 1 {
			t.Errorf("the regisseur's page: latest assessment %+v, changes %d; want the intake with one score", v.Latest, len(v.Previous))
		}
		if v.Plan == nil || v.Plan.Version != 1 || len(v.Plan.Goals) != 2 {
			t.Errorf("the regisseur's page: plan %+v; want version 1 with two goals", v.Plan)
		}
		if len(v.Notes) != 3 {
			t.Errorf("the regisseur's page shows %d notes; want their 3", len(v.Notes))
		}
		if len(v.Tasks) != 1 || v.Tasks[0].Kind != wijkregie.TaskEvaluation {
			t.Errorf("the regisseur's page: open tasks %+v; want the evaluation", v.Tasks)
		}
		if v.Stagnation.Any() || !v.CanAssess || !v.CanChangePlan || !v.CanClose || !v.CanWriteNote {
			t.Errorf("the regisseur's page: stagnation %+v, may assess %v, plan %v, close %v, write %v", v.Stagnation, v.CanAssess, v.CanChangePlan, v.CanClose, v.CanWriteNote)
		}
		if v.Users[v.Notes[0].AuthorID] == nil || v.Users[v.Latest.AssessorID] == nil {
			t.Error("the page does not name the notes' author or the assessor")
		}

		if _, err := f.svc.ScaleCase(f.ctx, pro, c.ID, v.Case.Version, wijkregie.LevelSafety, "Zorgen over de veiligheid"); err != nil {
			t.Fatal(err)
		}
		pv, err := f.svc.Case(f.ctx, partner, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if pv.Latest != nil || pv.Plan != nil || len(pv.Tasks) != 0 || pv.Meldcode != nil || pv.CanAssess || pv.CanChangePlan || pv.CanClose {
			t.Errorf("the partner's page holds content: assessment %v, plan %v, tasks %d, Meldcode %v", pv.Latest != nil, pv.Plan != nil, len(pv.Tasks), pv.Meldcode != nil)
		}
		// Without informatie-delen the partner reads none of the notes
		// (need-to-know: policy/partner.go); with it, the one meant for all
		// betrokkenen.
		if len(pv.Notes) != 0 || len(pv.Members) != 0 || len(pv.Events) != 0 || len(pv.Parties) != 0 || !pv.Partner.Known() {
			t.Errorf("the partner without consent reads %d notes, %d members, %d events, %d betrokkenen; want the frame only",
				len(pv.Notes), len(pv.Members), len(pv.Events), len(pv.Parties))
		}
		f.shareWith(t, ids[0], partner.OrganisationID, wijkregie.ConsentShareInformation, "financien")
		if pv, err = f.svc.Case(f.ctx, partner, c.ID); err != nil {
			t.Fatal(err)
		}
		if len(pv.Notes) != 1 || pv.Notes[0].Visibility != wijkregie.VisibleToInvolved || len(pv.Members) == 0 || !pv.Partner.Share {
			t.Errorf("the partner with informatie-delen reads %d notes, %d members; want the one for all betrokkenen, and the family",
				len(pv.Notes), len(pv.Members))
		}
		for _, e := range pv.Events {
			if e.Kind == wijkregie.EventMeldcode {
				t.Error("the partner sees the Meldcode route's lines in the history")
			}
		}
		if !pv.CanWriteNote {
			t.Error("a partner in the case may not write in its journal")
		}

		// A closed case's page shows how it ended and holds no open task.
		// (The regisseur's need to know ended with the case; the team lead
		// reads it.)
		lead := f.actor(wijkregie.RoleTeamLead)
		_, _, other := f.workedCase(t)
		closed, err := f.svc.CloseCase(f.ctx, pro, other.ID, other.Version, goodClosure())
		if err != nil {
			t.Fatal(err)
		}
		cv, err := f.svc.Case(f.ctx, lead, closed.ID)
		if err != nil {
			t.Fatal(err)
		}
		if cv.Closure == nil || cv.Closure.Rating != 8 || len(cv.Tasks) != 0 || cv.CanClose || cv.CanWriteNote {
			t.Errorf("a closed case's page: closure %+v, open tasks %d, may close %v, write %v", cv.Closure, len(cv.Tasks), cv.CanClose, cv.CanWriteNote)
		}
	})
}
