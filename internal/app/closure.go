package app

import (
	"context"
	"strings"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
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
	c.Remark, c.Summary = strings.TrimSpace(c.Remark), strings.TrimSpace(c.Summary)
	return s.changeCase(ctx, actor, policy.CloseCase, caseID, version, func(q *store.Q, cs *wijkregie.Case) error {
		mid := cs.MunicipalityID
		switch route, err := q.Meldcode(ctx, mid, cs.ID); {
		case err == nil && route.ClosedAt.IsZero():
			return wijkregie.Conflict("fout.afsluiting.meldcode_open")
		case err != nil && wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND:
			return err
		}
		plan, err := q.ActivePlan(ctx, mid, cs.ID)
		switch {
		case err != nil && wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND:
			return err
		case err != nil:
			plan = nil
		}
		var open []string
		known := map[string]bool{} // goal id → still open
		if plan != nil {
			for _, g := range plan.Goals {
				known[g.ID] = g.Status == wijkregie.GoalOpen
				if g.Status == wijkregie.GoalOpen {
					open = append(open, g.ID)
				}
			}
		}
		var v wijkregie.Invalid
		if err := v.Add(c.Validate(open)); err != nil {
			return err
		}
		// A goal reached before may still get its final status revised;
		// Validate has judged the open ones.
		for id, st := range c.GoalStatuses {
			isOpen, ok := known[id]
			switch {
			case isOpen:
			case !ok:
				v.Field("doelen["+id+"].status", "veld.onbekend")
			case st == wijkregie.GoalOpen || !st.Valid():
				v.Field("doelen["+id+"].status", "veld.afsluiting.doel")
			}
		}
		if c.FinalAssessmentID != "" {
			ok := false
			if wijkregie.ValidID(c.FinalAssessmentID) {
				a, err := q.Assessment(ctx, mid, cs.ID, c.FinalAssessmentID)
				if err != nil && wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
					return err
				}
				ok = err == nil && a.Moment == wijkregie.MomentClosure
			}
			if !ok {
				v.Field("eindmeting", "veld.afsluiting.eindmeting")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}

		if plan != nil {
			// The outcome per goal is its status in the plan's last version.
			for i := range plan.Goals {
				if st, ok := c.GoalStatuses[plan.Goals[i].ID]; ok {
					plan.Goals[i].Status = st
				}
			}
			plan.SavedBy, plan.Note = actor.UserID, "Afsluiting"
			if err := q.SavePlanVersion(ctx, plan, plan.Version); err != nil {
				return err
			}
			if err := q.ClosePlan(ctx, plan); err != nil {
				return err
			}
		}
		from := cs.Status
		cs.Status, cs.ClosedAt, cs.ClosureReason = wijkregie.CaseClosed, q.Now(), c.Reason
		if err := s.endCaseWork(ctx, q, cs, actor.UserID); err != nil {
			return err
		}
		if err := q.CompleteCaseTasks(ctx, mid, cs.ID, actor.UserID); err != nil {
			return err
		}
		if err := q.UpdateCase(ctx, cs); err != nil {
			return err
		}
		if err := q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: mid, CaseID: cs.ID, Kind: wijkregie.EventClosed,
			From: string(from), To: c.Reason, By: actor.UserID}); err != nil {
			return err
		}
		c.MunicipalityID, c.CaseID, c.ClosedAt, c.ClosedBy = mid, cs.ID, cs.ClosedAt, actor.UserID
		return q.CreateClosure(ctx, c)
	})
}

// CaseClosure returns how a closed case ended; ENOTFOUND while it is
// open. Audited; for actors who may see the case's content. GoalStatuses
// holds every goal's final status, from the plan's last version.
func (s *Service) CaseClosure(ctx context.Context, actor wijkregie.Actor, caseID string) (*wijkregie.Closure, error) {
	subj, err := s.contentSubject(ctx, actor, caseID)
	if err != nil {
		return nil, err
	}
	r := s.store.R()
	c, err := r.Closure(ctx, actor.MunicipalityID, caseID)
	if err != nil {
		return nil, err
	}
	plan, err := latestPlan(ctx, r, subj.Case)
	if err != nil {
		return nil, err
	}
	if plan != nil {
		c.GoalStatuses = map[string]wijkregie.GoalStatus{}
		for _, g := range plan.Goals {
			c.GoalStatuses[g.ID] = g.Status
		}
	}
	if err := s.audit(ctx, actor, caseEvent(caseID)); err != nil {
		return nil, err
	}
	return c, nil
}
