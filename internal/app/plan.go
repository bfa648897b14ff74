package app

import (
	"context"
	"time"

	"wijkregie"
)

// PlanVersionInfo is one line of a plan's history.
type PlanVersionInfo struct {
	Version int
	SavedAt time.Time
	SavedBy string
	Note    string
}

// PlanView is a case's plan as its page shows it: the current version
// (nil while the case has none), the history, the safety plan of the
// Meldcode route (part of the family plan in a safety case), and the
// names behind every id.
type PlanView struct {
	Case          *wijkregie.Case
	Plan          *wijkregie.Plan
	Versions      []PlanVersionInfo // newest first
	SafetyPlan    string
	Users         map[string]*wijkregie.User
	Organisations map[string]string
	CanChange     bool
}

// Plan returns a case's current plan and its history, for an actor who
// may see the case's content; audited.
func (s *Service) Plan(ctx context.Context, actor wijkregie.Actor, caseID string) (*PlanView, error) {
	panic("unimplemented: issue 4 core")
}

// PlanVersion returns one saved version of a case's plan; ENOTFOUND for
// a version that does not exist. Audited.
func (s *Service) PlanVersion(ctx context.Context, actor wijkregie.Actor, caseID string, version int) (*wijkregie.Plan, error) {
	panic("unimplemented: issue 4 core")
}

// ComparePlan returns versions from and to of a case's plan and what
// changed between them (wijkregie.ComparePlans). Audited.
func (s *Service) ComparePlan(ctx context.Context, actor wijkregie.Actor, caseID string, from, to int) (a, b *wijkregie.Plan, changes []wijkregie.PlanChange, err error) {
	panic("unimplemented: issue 4 core")
}

// CreatePlan makes the first version of a case's one plan (policy
// ChangePlan). A case that has an active plan already is refused with
// the conflict fout.plan.bestaat — by the store's unique index, so two
// requests at once cannot both succeed. Goals and actions without an id
// get one. A set evaluation date makes (or moves) the regisseur's
// evaluation task.
func (s *Service) CreatePlan(ctx context.Context, actor wijkregie.Actor, caseID string, p *wijkregie.Plan) (*wijkregie.Plan, error) {
	panic("unimplemented: issue 4 core")
}

// SavePlan saves a new version of a case's plan over version, the version
// the editor read. A plan saved meanwhile is the conflict
// fout.plan.gewijzigd and nothing is written: the caller shows the
// conflict and keeps the user's text. Goals and actions keep their ids;
// new ones get one. The evaluation task follows the evaluation date.
func (s *Service) SavePlan(ctx context.Context, actor wijkregie.Actor, caseID string, version int, p *wijkregie.Plan) (*wijkregie.Plan, error) {
	panic("unimplemented: issue 4 core")
}
