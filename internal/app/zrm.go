package app

import (
	"context"

	"wijkregie"
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

// Assessments returns a case's ZRM assessments for an actor who may see
// the case's content (policy.DecideCase ViewCase and SeesCaseContent);
// the read is audited (the case and each person shown).
func (s *Service) Assessments(ctx context.Context, actor wijkregie.Actor, caseID string) (*AssessmentsView, error) {
	panic("unimplemented: issue 4 core")
}

// Assessment returns one assessment of a case, decided and audited as
// Assessments.
func (s *Service) Assessment(ctx context.Context, actor wijkregie.Actor, caseID, id string) (*wijkregie.Assessment, error) {
	panic("unimplemented: issue 4 core")
}

// Assess records a new assessment on an open case (policy AssessCase):
// id, assessor and creation time are set here, the instrument defaults
// to wijkregie.DomainsVersion, and every person scored must be a current
// member of the household. A case event and an audit record go with it.
func (s *Service) Assess(ctx context.Context, actor wijkregie.Actor, caseID string, a *wijkregie.Assessment) (*wijkregie.Assessment, error) {
	panic("unimplemented: issue 4 core")
}
