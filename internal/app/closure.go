package app

import (
	"context"

	"wijkregie"
)

// CloseCase closes an open case with its outcome (policy CloseCase),
// over version, the case version the closer read. It checks the closure
// (wijkregie.Closure.Validate) against the plan's open goals, refuses a
// case whose Meldcode route still runs (fout.afsluiting.meldcode_open: a
// route never closes silently), and a final assessment that is not an
// afsluiting assessment of this case. In one transaction: the goals'
// final statuses as a last plan version and the plan closed, the case
// closed with its reason, the regisseur's assignment, the betrokkenen and
// the case's open tasks ended, the closure record, a case event, and the
// audit record.
func (s *Service) CloseCase(ctx context.Context, actor wijkregie.Actor, caseID string, version int, c *wijkregie.Closure) (*wijkregie.Case, error) {
	panic("unimplemented: issue 4 core")
}

// CaseClosure returns how a closed case ended; ENOTFOUND while it is
// open. Audited; for actors who may see the case's content.
func (s *Service) CaseClosure(ctx context.Context, actor wijkregie.Actor, caseID string) (*wijkregie.Closure, error) {
	panic("unimplemented: issue 4 core")
}
