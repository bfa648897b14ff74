package policy

import (
	"time"

	"wijkregie"
)

// DecidePrintPlan returns nil when the actor may print the case's plan as
// the gezinsplan (docs/gezinsplan.md): exactly who may read the plan —
// whoever may view the case (DecideCase ViewCase) and sees its content
// (SeesCaseContent). Printing adds no right of its own; it is audited as
// an export.
//
// A network partner is refused, also one that works on goals of the plan
// by consent or on a ground: the printout is the family's whole plan for
// signing, and a partner's need to know covers only the goals assigned to
// its organisation, which it reads on the case and in its own work list.
// A plan cut down to those goals would be a different document under the
// same title, on paper beyond anyone's withdrawal.
func DecidePrintPlan(actor wijkregie.Actor, s *CaseSubject, now time.Time) error {
	if err := DecideCase(actor, ViewCase, s, now); err != nil {
		return err
	}
	if !SeesCaseContent(actor) {
		return wijkregie.Forbidden()
	}
	return nil
}
