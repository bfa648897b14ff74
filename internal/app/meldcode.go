package app

import (
	"context"
	"time"

	"wijkregie"
)

// MeldcodeView is a case's Meldcode route with what its page needs.
type MeldcodeView struct {
	Case         *wijkregie.Case
	Route        *wijkregie.MeldcodeRoute // nil when the case has none
	NextQuestion int                      // 0: none open
	Users        map[string]*wijkregie.User
	CanWork      bool
}

// Meldcode returns a case's Meldcode route; its visibility is restricted
// to those who see the case's content (policy.SeesCaseContent). Audited.
func (s *Service) Meldcode(ctx context.Context, actor wijkregie.Actor, caseID string) (*MeldcodeView, error) {
	panic("unimplemented: issue 4 core")
}

// RecordMeldcodeStep records the next step of the route (policy
// WorkMeldcode) over version, the route version read. A step out of order
// is refused naming the step due; after a step the next step's task is
// the regisseur's, due in the municipality's Meldcode working days.
func (s *Service) RecordMeldcodeStep(ctx context.Context, actor wijkregie.Actor, caseID string, version int, st wijkregie.MeldcodeStep) (*wijkregie.MeldcodeRoute, error) {
	panic("unimplemented: issue 4 core")
}

// AnswerMeldcode answers the afwegingsvraag the decision logic asks next
// (wijkregie.NextQuestion). Answering question 4 yes needs reviewDate,
// the day lasting safety is reviewed (question 5), which becomes the
// regisseur's safety task. "Geen vermoeden" closes the route, recorded.
func (s *Service) AnswerMeldcode(ctx context.Context, actor wijkregie.Actor, caseID string, version int, a wijkregie.MeldcodeAnswer, reviewDate time.Time) (*wijkregie.MeldcodeRoute, error) {
	panic("unimplemented: issue 4 core")
}

// AddConsultation records a consultation on the route.
func (s *Service) AddConsultation(ctx context.Context, actor wijkregie.Actor, caseID string, c wijkregie.Consultation) (*wijkregie.MeldcodeRoute, error) {
	panic("unimplemented: issue 4 core")
}

// ReportVeiligThuis records the report to Veilig Thuis with its date and
// reference. When the family refused consent the legal ground
// (wijkregie.LegalBasisMeldrecht) is recorded with it: safety overrides
// the refusal.
func (s *Service) ReportVeiligThuis(ctx context.Context, actor wijkregie.Actor, caseID string, version int, r wijkregie.VeiligThuisReport) (*wijkregie.MeldcodeRoute, error) {
	panic("unimplemented: issue 4 core")
}

// SaveSafetyPlan saves the route's safety plan (Veilig Verder Plan), which
// the family plan shows as its part.
func (s *Service) SaveSafetyPlan(ctx context.Context, actor wijkregie.Actor, caseID string, version int, text string) (*wijkregie.MeldcodeRoute, error) {
	panic("unimplemented: issue 4 core")
}
