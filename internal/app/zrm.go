package app

import (
	"context"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// AssessmentsView is a case's ZRM assessments with what the household
// grid shows: the members as rows, the 13 domains as columns, the latest
// assessment's levels and the change since the previous one.
type AssessmentsView struct {
	Case        *wijkregie.Case
	Persons     []wijkregie.Person     // the household's current members, in member order
	Assessments []wijkregie.Assessment // oldest first, each with its scores
	Changes     []wijkregie.ScoreChange
	Users       map[string]*wijkregie.User // names every assessor
	CanAssess   bool
}

// Latest returns the most recent assessment, or nil.
func (v *AssessmentsView) Latest() *wijkregie.Assessment {
	if len(v.Assessments) == 0 {
		return nil
	}
	return &v.Assessments[len(v.Assessments)-1]
}

// dayOf keeps only the calendar day of a date as given.
func dayOf(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// contentSubject decides a read of what a case holds beyond its frame —
// its ZRM assessments, plan, Meldcode route and closure: the actor must see the case
// (policy ViewCase; not found otherwise) and its content
// (policy.SeesCaseContent; a network partner involved in the case sees
// its frame only). Every refusal is audited.
func (s *Service) contentSubject(ctx context.Context, actor wijkregie.Actor, caseID string) (*policy.CaseSubject, error) {
	subj, err := s.decidedCase(ctx, actor, policy.ViewCase, caseID)
	if err != nil {
		return nil, err
	}
	if !policy.SeesCaseContent(actor) {
		ev := caseEvent(caseID)
		ev.Result = wijkregie.AuditDenied
		if err := s.audit(ctx, actor, ev); err != nil {
			return nil, err
		}
		return nil, wijkregie.Forbidden()
	}
	return subj, nil
}

// currentMembers returns the persons who are members of the household on
// day (the until date is a membership's last day), in member order.
func currentMembers(ms []wijkregie.Member, ps []wijkregie.Person, day time.Time) []wijkregie.Person {
	var out []wijkregie.Person
	for i, m := range ms {
		if !m.From.After(day) && (m.Until.IsZero() || !m.Until.Before(day)) {
			out = append(out, ps[i])
		}
	}
	return out
}

// assessmentEvents are the audit records of reading assessments: the case,
// and every person whose data is shown — the members in the grid and
// whoever was scored, also a member who has left since.
func assessmentEvents(c *wijkregie.Case, persons []wijkregie.Person, as ...wijkregie.Assessment) []wijkregie.Event {
	events := []wijkregie.Event{caseEvent(c.ID)}
	var ids []string
	for _, p := range persons {
		ids = append(ids, p.ID)
	}
	for _, a := range as {
		for _, sc := range a.Scores {
			ids = append(ids, sc.PersonID)
		}
	}
	for _, id := range compact(ids) {
		events = append(events, wijkregie.Event{Action: string(policy.ViewPerson), SubjectKind: "huishouden", SubjectID: c.HouseholdID,
			PersonID: id, Purpose: PurposeTask})
	}
	return events
}

// Assessments returns a case's ZRM assessments for an actor who may see
// the case's content (policy.DecideCase ViewCase and SeesCaseContent);
// the read is audited (the case and each person shown).
func (s *Service) Assessments(ctx context.Context, actor wijkregie.Actor, caseID string) (*AssessmentsView, error) {
	subj, err := s.contentSubject(ctx, actor, caseID)
	if err != nil {
		return nil, err
	}
	c, r, mid := subj.Case, s.store.R(), actor.MunicipalityID
	ms, ps, err := r.HouseholdMembers(ctx, mid, c.HouseholdID)
	if err != nil {
		return nil, err
	}
	v := &AssessmentsView{Case: c, Persons: currentMembers(ms, ps, wijkregie.Today(s.Now()))}
	if v.Assessments, err = r.CaseAssessments(ctx, mid, c.ID); err != nil {
		return nil, err
	}
	v.Changes = wijkregie.Changes(v.Assessments)
	var ids []string
	for _, a := range v.Assessments {
		ids = append(ids, a.AssessorID)
	}
	if v.Users, err = r.UsersByID(ctx, mid, compact(ids)); err != nil {
		return nil, err
	}
	v.CanAssess = c.Open() && policy.DecideCase(actor, policy.AssessCase, subj, s.Now()) == nil
	if err := s.audit(ctx, actor, assessmentEvents(c, v.Persons, v.Assessments...)...); err != nil {
		return nil, err
	}
	return v, nil
}

// Assessment returns one assessment of a case, decided and audited as
// Assessments.
func (s *Service) Assessment(ctx context.Context, actor wijkregie.Actor, caseID, id string) (*wijkregie.Assessment, error) {
	subj, err := s.contentSubject(ctx, actor, caseID)
	if err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(id) {
		return nil, wijkregie.NotFound()
	}
	a, err := s.store.R().Assessment(ctx, actor.MunicipalityID, caseID, id)
	if err != nil {
		return nil, err
	}
	if err := s.audit(ctx, actor, assessmentEvents(subj.Case, nil, *a)...); err != nil {
		return nil, err
	}
	return a, nil
}

// Assess records a new assessment on an open case (policy AssessCase):
// id, assessor and creation time are set here, the instrument defaults
// to wijkregie.DomainsVersion, and every person scored must be a current
// member of the household. A case event and an audit record go with it.
func (s *Service) Assess(ctx context.Context, actor wijkregie.Actor, caseID string, a *wijkregie.Assessment) (*wijkregie.Assessment, error) {
	if a.Instrument == "" {
		a.Instrument = wijkregie.DomainsVersion
	}
	a.Date = dayOf(a.Date)
	for i := range a.Scores {
		a.Scores[i].Rationale = strings.TrimSpace(a.Scores[i].Rationale)
	}
	today := wijkregie.Today(s.Now())
	_, err := s.changeCase(ctx, actor, policy.AssessCase, caseID, 0, func(q *store.Q, c *wijkregie.Case) error {
		ms, ps, err := q.HouseholdMembers(ctx, c.MunicipalityID, c.HouseholdID)
		if err != nil {
			return err
		}
		var members []string
		for _, p := range currentMembers(ms, ps, today) {
			members = append(members, p.ID)
		}
		if err := a.Validate(members, today); err != nil {
			return err
		}
		a.MunicipalityID, a.CaseID, a.AssessorID = c.MunicipalityID, c.ID, actor.UserID
		if err := q.CreateAssessment(ctx, a); err != nil {
			return err
		}
		// Each person scored finds the assessment in their access log.
		var scored []string
		for _, sc := range a.Scores {
			scored = append(scored, sc.PersonID)
		}
		for _, id := range compact(scored) {
			if err := q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: string(policy.AssessCase), SubjectKind: "huishouden",
				SubjectID: c.HouseholdID, PersonID: id, Purpose: PurposeTask})); err != nil {
				return err
			}
		}
		return q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Kind: wijkregie.EventAssessment,
			To: string(a.Moment), By: actor.UserID})
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}
