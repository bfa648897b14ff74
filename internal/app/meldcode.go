package app

import (
	"context"
	"strconv"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// MeldcodeView is a case's Meldcode route with what its page needs.
type MeldcodeView struct {
	Case         *wijkregie.Case
	Route        *wijkregie.MeldcodeRoute // never nil: a case without a route is not found
	NextQuestion int                      // the afwegingsvraag that can be answered now; 0: none
	Users        map[string]*wijkregie.User
	CanWork      bool
}

// Meldcode returns a case's Meldcode route; its visibility is restricted
// to those who see the case's content (policy.SeesCaseContent): anyone
// else the case is open to is refused, and the refusal audited. A case
// without a route is not found (fout.meldcode.geen). Audited.
func (s *Service) Meldcode(ctx context.Context, actor wijkregie.Actor, caseID string) (*MeldcodeView, error) {
	subj, err := s.contentSubject(ctx, actor, caseID)
	if err != nil {
		return nil, err
	}
	r := s.store.R()
	route, err := r.Meldcode(ctx, actor.MunicipalityID, caseID)
	if err != nil {
		return nil, noRoute(err)
	}
	c := subj.Case
	v := &MeldcodeView{Case: c, Route: route}
	if route.Open() && route.Step >= 4 {
		v.NextQuestion, _ = wijkregie.NextQuestion(route.Answers)
	}
	ids := []string{route.StartedBy, route.SafetyPlanBy}
	for _, st := range route.Steps {
		ids = append(ids, st.By)
	}
	for _, a := range route.Answers {
		ids = append(ids, a.By)
	}
	for _, cn := range route.Consultations {
		ids = append(ids, cn.By)
	}
	if route.Report != nil {
		ids = append(ids, route.Report.By)
	}
	if v.Users, err = r.UsersByID(ctx, actor.MunicipalityID, compact(ids)); err != nil {
		return nil, err
	}
	v.CanWork = c.Open() && route.Open() && policy.DecideCase(actor, policy.WorkMeldcode, subj, s.Now()) == nil
	if err := s.audit(ctx, actor, caseEvent(caseID)); err != nil {
		return nil, err
	}
	return v, nil
}

// noRoute names a missing route as such.
func noRoute(err error) error {
	if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
		return wijkregie.Errorf(wijkregie.ENOTFOUND, "fout.meldcode.geen")
	}
	return err
}

// RecordMeldcodeStep records the next step of the route (policy
// WorkMeldcode) over version, the route version read (0: not checked). A
// step out of order is refused naming the step due; after a step the next
// step's task is the regisseur's, due in the municipality's Meldcode
// working days, and after step 5 none is left.
func (s *Service) RecordMeldcodeStep(ctx context.Context, actor wijkregie.Actor, caseID string, version int, st wijkregie.MeldcodeStep) (*wijkregie.MeldcodeRoute, error) {
	st.Rationale, st.By = strings.TrimSpace(st.Rationale), actor.UserID
	if err := s.notFuture("datum", st.Date); err != nil {
		return nil, err
	}
	return s.workMeldcode(ctx, actor, caseID, version, func(q *store.Q, r *wijkregie.MeldcodeRoute) (string, string, error) {
		if err := r.RecordStep(st); err != nil {
			return "", "", err
		}
		if err := q.AddMeldcodeStep(ctx, r, &r.Steps[len(r.Steps)-1]); err != nil {
			return "", "", err
		}
		return wijkregie.MeldcodeEventStep, strconv.Itoa(st.Step), nil
	})
}

// AnswerMeldcode answers the afwegingsvraag the decision logic asks next
// (wijkregie.NextQuestion). Answering question 4 yes needs reviewDate,
// the day lasting safety is reviewed (question 5), today or later; it
// becomes the regisseur's safety task, which answering question 5
// completes. "Geen vermoeden" closes the route, recorded.
func (s *Service) AnswerMeldcode(ctx context.Context, actor wijkregie.Actor, caseID string, version int, a wijkregie.MeldcodeAnswer, reviewDate time.Time) (*wijkregie.MeldcodeRoute, error) {
	a.Rationale, a.By = strings.TrimSpace(a.Rationale), actor.UserID
	if err := s.notFuture("datum", a.Date); err != nil {
		return nil, err
	}
	review := a.Question == 4 && a.Yes
	if review && (reviewDate.IsZero() || wijkregie.EndOfDay(reviewDate).Before(s.Now())) {
		return nil, wijkregie.InvalidField("peildatum", "veld.meldcode.peildatum")
	}
	return s.workMeldcode(ctx, actor, caseID, version, func(q *store.Q, r *wijkregie.MeldcodeRoute) (string, string, error) {
		if err := r.Answer(a); err != nil {
			return "", "", err
		}
		if review {
			r.ReviewDate = reviewDate
		}
		if err := q.AddMeldcodeAnswer(ctx, r, &r.Answers[len(r.Answers)-1]); err != nil {
			return "", "", err
		}
		return wijkregie.MeldcodeEventAnswer, strconv.Itoa(a.Question), nil
	})
}

// AddConsultation records a consultation on the running route. It adds
// to the route without needing the version read, and raises it.
func (s *Service) AddConsultation(ctx context.Context, actor wijkregie.Actor, caseID string, c wijkregie.Consultation) (*wijkregie.MeldcodeRoute, error) {
	c.With, c.Summary, c.By = strings.TrimSpace(c.With), strings.TrimSpace(c.Summary), actor.UserID
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if err := s.notFuture("datum", c.Date); err != nil {
		return nil, err
	}
	return s.workMeldcode(ctx, actor, caseID, 0, func(q *store.Q, r *wijkregie.MeldcodeRoute) (string, string, error) {
		if err := r.Consult(c); err != nil {
			return "", "", err
		}
		if err := q.AddConsultation(ctx, r, &r.Consultations[len(r.Consultations)-1]); err != nil {
			return "", "", err
		}
		return wijkregie.MeldcodeEventConsultation, string(c.Kind), nil
	})
}

// ReportVeiligThuis records the report to Veilig Thuis with its date and
// reference. When the family refused consent the legal basis
// (wijkregie.LegalBasisMeldrecht) is recorded with it: safety overrides
// the refusal. A route whose afwegingskader led to a report closes once
// the report is recorded and step 5 is done.
func (s *Service) ReportVeiligThuis(ctx context.Context, actor wijkregie.Actor, caseID string, version int, rep wijkregie.VeiligThuisReport) (*wijkregie.MeldcodeRoute, error) {
	rep.Reference, rep.By = strings.TrimSpace(rep.Reference), actor.UserID
	if err := rep.Validate(); err != nil {
		return nil, err
	}
	if err := s.notFuture("datum", rep.Date); err != nil {
		return nil, err
	}
	return s.workMeldcode(ctx, actor, caseID, version, func(q *store.Q, r *wijkregie.MeldcodeRoute) (string, string, error) {
		if err := r.RecordReport(rep); err != nil {
			return "", "", err
		}
		return wijkregie.MeldcodeEventReport, r.Report.LegalBasis, nil
	})
}

// SaveSafetyPlan saves the route's safety plan (Veilig Verder Plan), which
// the family plan shows as its part.
func (s *Service) SaveSafetyPlan(ctx context.Context, actor wijkregie.Actor, caseID string, version int, text string) (*wijkregie.MeldcodeRoute, error) {
	if strings.TrimSpace(text) == "" {
		return nil, wijkregie.InvalidField("veiligheidsplan", "veld.verplicht")
	}
	return s.workMeldcode(ctx, actor, caseID, version, func(q *store.Q, r *wijkregie.MeldcodeRoute) (string, string, error) {
		if err := r.SetSafetyPlan(text, s.Now(), actor.UserID); err != nil {
			return "", "", err
		}
		return wijkregie.MeldcodeEventSafetyPlan, "", nil
	})
}

// workMeldcode runs change on the case's running route, read in the
// transaction, for an actor who may work it (policy WorkMeldcode on an
// open case). version is the route's version as read (0: not checked).
// change records what it changed and names it for the case event
// (wijkregie.MeldcodeEvent*); the route is then settled (which may close
// it, with an event of its own), saved over the version read, and its
// tasks made to follow it, with the audit record in the same transaction.
func (s *Service) workMeldcode(ctx context.Context, actor wijkregie.Actor, caseID string, version int,
	change func(q *store.Q, r *wijkregie.MeldcodeRoute) (from, to string, err error)) (*wijkregie.MeldcodeRoute, error) {
	var out *wijkregie.MeldcodeRoute
	_, err := s.changeCase(ctx, actor, policy.WorkMeldcode, caseID, 0, func(q *store.Q, c *wijkregie.Case) error {
		r, err := q.Meldcode(ctx, c.MunicipalityID, c.ID)
		if err != nil {
			return noRoute(err)
		}
		if version != 0 && r.Version != version {
			return wijkregie.Conflict("fout.meldcode.gewijzigd")
		}
		if !r.Open() {
			return wijkregie.Conflict("fout.meldcode.afgesloten")
		}
		read := r.Version
		from, to, err := change(q, r)
		if err != nil {
			return err
		}
		closed := r.Settle(s.Now())
		if err := q.SaveMeldcode(ctx, r, read); err != nil {
			return err
		}
		events := []*wijkregie.CaseEvent{{From: from, To: to}}
		if closed {
			events = append(events, &wijkregie.CaseEvent{From: wijkregie.MeldcodeEventClosed, To: string(r.Outcome)})
		}
		for _, e := range events {
			e.MunicipalityID, e.CaseID, e.Kind, e.By = c.MunicipalityID, c.ID, wijkregie.EventMeldcode, actor.UserID
			if err := q.AddCaseEvent(ctx, e); err != nil {
				return err
			}
		}
		if err := s.meldcodeTasks(ctx, q, c, r, actor.UserID); err != nil {
			return err
		}
		out = r
		return nil
	})
	return out, err
}

// meldcodeTasks makes the case's Meldcode tasks follow its route: while
// it runs, one task for the step due (for step 5 again when question 5
// led to a report still to be made), due in the municipality's Meldcode
// working days from now, and while help is being organised the safety
// task, due at the end of the review date; once it closes, none. A task
// for a step done or a question answered is completed by the one who did
// it. The tasks are the regisseur's, or the team's while the case has
// none.
func (s *Service) meldcodeTasks(ctx context.Context, q *store.Q, c *wijkregie.Case, r *wijkregie.MeldcodeRoute, by string) error {
	step := 0
	switch {
	case !r.Open():
	case !r.StepsDone():
		step = r.Step
	case r.Outcome == wijkregie.OutcomeReport && r.Report == nil:
		step = 5
	}
	var due time.Time
	if step > 0 {
		set, err := q.Settings(ctx, c.MunicipalityID)
		if err != nil {
			return err
		}
		due = wijkregie.AddWorkingDays(s.Now(), set.MeldcodeStepDays)
	}
	if err := keepCaseTask(ctx, q, c, wijkregie.TaskMeldcode, step > 0, step, due, by); err != nil {
		return err
	}
	review := r.Open() && r.Outcome == wijkregie.OutcomeHelp && !r.ReviewDate.IsZero()
	return keepCaseTask(ctx, q, c, wijkregie.TaskSafety, review, 0, wijkregie.EndOfDay(r.ReviewDate), by)
}

// keepCaseTask makes the case's open task of the kind the one wanted, for
// step, or none: an open task not wanted, or for another step, is
// completed by by; a wanted one missing is created, due at due.
func keepCaseTask(ctx context.Context, q *store.Q, c *wijkregie.Case, kind wijkregie.TaskKind, want bool, step int, due time.Time, by string) error {
	t, err := q.OpenCaseTask(ctx, c.MunicipalityID, c.ID, kind)
	switch {
	case err == nil && want && t.Step == step:
		return nil
	case err == nil:
		if err := q.CompleteTask(ctx, t, by); err != nil {
			return err
		}
	case wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND:
		return err
	}
	if !want {
		return nil
	}
	return q.CreateTask(ctx, &wijkregie.Task{MunicipalityID: c.MunicipalityID, Kind: kind, CaseID: c.ID, TeamID: c.TeamID,
		UserID: c.CoordinatorID, Step: step, Due: due})
}

// notFuture refuses a day after today (in Dutch days): what is recorded
// has happened.
func (s *Service) notFuture(field string, d time.Time) error {
	if !d.IsZero() && d.After(wijkregie.Today(s.Now())) {
		return wijkregie.InvalidField(field, "veld.datum_toekomst")
	}
	return nil
}
