package web

import (
	"wijkregie"
	"wijkregie/internal/policy"
)

// What the case page's summary of the assessment and the plan (the
// partial casus-plan) needs of the case view.

// SeesContent reports whether the actor sees the case's content (its ZRM
// and plan); a network partner sees the frame only, and so no summary at
// all rather than one that says "none yet".
func (v caseView) SeesContent(actor wijkregie.Actor) bool { return policy.SeesCaseContent(actor) }

// ZRMSummary lays out the latest assessment per person, with the change
// since the previous one; the template shows the scored domains.
func (v caseView) ZRMSummary() []zrmRow {
	if v.CaseView == nil {
		return nil
	}
	return zrmRows(v.Persons, v.Latest, v.Previous)
}
