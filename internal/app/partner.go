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

// Need-to-know for network partners (policy/partner.go), and the legal
// grounds a case and a partner's part in it rest on (ground.go). The
// policy decides; this file reads the facts it decides on and carries out
// what the regisseur and the partner do.

// partnerFacts reads what widens a partner actor's access to a household:
// the consents of its current members naming the actor's organisation or
// its kind, and the sharing grounds of the case (caseID; "" for the
// household's open case, if any). Nil for every other actor: the team's
// access rests on its statutory task.
func (s *Service) partnerFacts(ctx context.Context, actor wijkregie.Actor, householdID, caseID string) (*policy.PartnerFacts, error) {
	if actor.Role != wijkregie.RolePartner || actor.OrganisationID == "" {
		return nil, nil
	}
	r, mid, now := s.store.R(), actor.MunicipalityID, s.Now()
	kind, err := s.organisationKind(ctx, actor)
	if err != nil {
		return nil, err
	}
	f := &policy.PartnerFacts{Kind: kind}
	members, _, err := r.HouseholdMembers(ctx, mid, householdID)
	if err != nil {
		return nil, err
	}
	today := wijkregie.Today(now)
	for _, m := range members {
		if !m.From.After(today) && (m.Until.IsZero() || !m.Until.Before(today)) {
			f.Members = append(f.Members, m.PersonID)
		}
	}
	if f.Consents, err = r.HouseholdConsentsForRecipient(ctx, mid, householdID, actor.OrganisationID, kind, now); err != nil {
		return nil, err
	}
	if caseID == "" {
		switch c, err := r.OpenCase(ctx, mid, householdID); {
		case err == nil:
			caseID = c.ID
		case wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND:
			return nil, err
		}
	}
	if caseID != "" {
		if f.Grounds, err = r.SharingGrounds(ctx, mid, caseID); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// actorCaseSubject loads a case with what the policy needs to decide on
// it for the actor.
func (s *Service) actorCaseSubject(ctx context.Context, actor wijkregie.Actor, id string) (*policy.CaseSubject, error) {
	subj, err := caseSubject(ctx, s.store.R(), actor.MunicipalityID, id)
	if err != nil {
		return nil, err
	}
	if subj.Partner, err = s.partnerFacts(ctx, actor, subj.Case.HouseholdID, id); err != nil {
		return nil, err
	}
	return subj, nil
}

// narrowForPartner leaves a partner the part of a case its access allows
// (policy.PartnerAccessOf), on top of partnerView: without informatie-
// delen, that the family is known, the team and the regisseur — no
// members, history or betrokkenen; and the goals assigned to its
// organisation that it may work on.
func (v *CaseView) narrowForPartner(actor wijkregie.Actor, subj *policy.CaseSubject, plan *wijkregie.Plan, now time.Time) {
	v.Partner = policy.PartnerAccessOf(actor, subj.Partner, now)
	if !v.Partner.Share {
		v.Members, v.Persons, v.Events, v.Parties = nil, nil, nil, nil
		if cur := v.Current(); cur != nil {
			v.Assignments = []wijkregie.Assignment{*cur}
		} else {
			v.Assignments = nil
		}
	}
	var grounds []wijkregie.SharingGround
	for _, g := range v.Grounds {
		if g.OrganisationID == actor.OrganisationID {
			grounds = append(grounds, g)
		}
	}
	v.Grounds = grounds
	if plan == nil || plan.Status != wijkregie.PlanActive {
		return
	}
	for _, g := range plan.Goals {
		if policy.DecidePartnerGoal(actor, subj, &g, now) == nil {
			v.PartnerGoals = append(v.PartnerGoals, g)
		}
	}
	if len(v.PartnerGoals) > 0 {
		v.PartnerPlanVersion = plan.Version
	}
}

// RecordCaseGround records the ground the case's processing rests on and
// why (policy RecordGround: the regisseur or the lead of its team), over
// the version of the case the actor read.
func (s *Service) RecordCaseGround(ctx context.Context, actor wijkregie.Actor, caseID string, version int, g wijkregie.LegalGround,
	note string) (*wijkregie.Case, error) {
	note = strings.TrimSpace(note)
	if err := wijkregie.ValidateCaseGround(g, note); err != nil {
		return nil, err
	}
	if version < 1 {
		return nil, wijkregie.Conflict("fout.casus.gewijzigd")
	}
	return s.changeCase(ctx, actor, policy.RecordGround, caseID, version, func(q *store.Q, c *wijkregie.Case) error {
		c.LegalGround, c.LegalGroundNote = g, note
		return q.UpdateCase(ctx, c)
	})
}

// RecordSharingGround records that a partner organisation takes part in
// the case on a legal ground instead of consent (policy RecordGround).
// The organisation must be one of the municipality's.
func (s *Service) RecordSharingGround(ctx context.Context, actor wijkregie.Actor, caseID string, g *wijkregie.SharingGround) (*wijkregie.SharingGround, error) {
	g.Justification = strings.TrimSpace(g.Justification)
	if err := g.Validate(); err != nil {
		return nil, err
	}
	_, err := s.changeCase(ctx, actor, policy.RecordGround, caseID, 0, func(q *store.Q, c *wijkregie.Case) error {
		if _, err := q.Organisation(ctx, c.MunicipalityID, g.OrganisationID); err != nil {
			if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
				return wijkregie.InvalidField("organisatie", "veld.keuze")
			}
			return err
		}
		g.MunicipalityID, g.CaseID, g.RecordedBy = c.MunicipalityID, c.ID, actor.UserID
		g.ID, g.EndedAt, g.EndedBy, g.EndReason = "", time.Time{}, "", ""
		return q.CreateSharingGround(ctx, g)
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// EndSharingGround ends a partner's ground on the case at once (policy
// RecordGround): the partner's next request is decided without it.
func (s *Service) EndSharingGround(ctx context.Context, actor wijkregie.Actor, caseID, id, reason string) (*wijkregie.SharingGround, error) {
	if !wijkregie.ValidID(id) {
		return nil, wijkregie.NotFound()
	}
	var out *wijkregie.SharingGround
	_, err := s.changeCase(ctx, actor, policy.RecordGround, caseID, 0, func(q *store.Q, c *wijkregie.Case) error {
		g, err := q.SharingGround(ctx, c.MunicipalityID, c.ID, id)
		if err != nil {
			return err
		}
		if err := g.End(actor.UserID, strings.TrimSpace(reason), s.Now()); err != nil {
			return err
		}
		out = g
		return q.EndSharingGround(ctx, g)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// GoalUpdate is what a partner changes on a goal assigned to it: the
// goal's status, and the status of its actions by id.
type GoalUpdate struct {
	Status  wijkregie.GoalStatus
	Actions map[string]wijkregie.ActionStatus
}

// UpdatePartnerGoal saves a partner's update of a goal assigned to its
// organisation as a new version of the case's plan (policy
// DecidePartnerGoal), over the plan version the partner read: a plan
// saved meanwhile is the conflict fout.plan.gewijzigd and nothing is
// written. Nothing else of the plan changes.
func (s *Service) UpdatePartnerGoal(ctx context.Context, actor wijkregie.Actor, caseID, goalID string, version int, u GoalUpdate) (*wijkregie.Plan, error) {
	if err := s.allow(actor, policy.WorkPartnerGoal); err != nil {
		return nil, err
	}
	var v wijkregie.Invalid
	if !u.Status.Valid() {
		v.Field("status", "veld.keuze")
	}
	for id, st := range u.Actions {
		if !wijkregie.ValidID(id) || !st.Valid() {
			v.Field("acties", "veld.keuze")
			break
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(caseID) || !wijkregie.ValidID(goalID) {
		return nil, wijkregie.NotFound()
	}
	subj, err := s.actorCaseSubject(ctx, actor, caseID)
	if err != nil {
		return nil, err
	}
	var plan *wijkregie.Plan
	var refused error
	err = s.store.Tx(ctx, func(q *store.Q) error {
		c, err := q.Case(ctx, actor.MunicipalityID, caseID)
		if err != nil {
			return err
		}
		subj.Case = c
		p, err := q.ActivePlan(ctx, c.MunicipalityID, c.ID)
		if err != nil {
			if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
				return wijkregie.NotFound()
			}
			return err
		}
		i := goalIndex(p, goalID)
		if i < 0 {
			return wijkregie.NotFound()
		}
		if refused = policy.DecidePartnerGoal(actor, subj, &p.Goals[i], s.Now()); refused != nil {
			return refused
		}
		if p.Version != version {
			return wijkregie.Conflict("fout.plan.gewijzigd")
		}
		g := &p.Goals[i]
		g.Status = u.Status
		for id, st := range u.Actions {
			j := actionIndex(g, id)
			if j < 0 {
				return wijkregie.InvalidField("acties", "veld.onbekend")
			}
			g.Actions[j].Status = st
		}
		p.SavedBy, p.Note = actor.UserID, ""
		if err := q.SavePlanVersion(ctx, p, version); err != nil {
			return err
		}
		if err := q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Kind: wijkregie.EventPlan,
			To: strconv.Itoa(p.Version), By: actor.UserID}); err != nil {
			return err
		}
		plan = p
		return q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: string(policy.WorkPartnerGoal), SubjectKind: "casus", SubjectID: c.ID,
			Purpose: PurposeTask}))
	})
	if refused != nil {
		ev := wijkregie.Event{Action: string(policy.WorkPartnerGoal), SubjectKind: "casus", SubjectID: caseID, Purpose: PurposeTask,
			Result: wijkregie.AuditDenied}
		if aerr := s.audit(ctx, actor, ev); aerr != nil {
			return nil, aerr
		}
		// A goal it may not work on is not one it may learn exists.
		return nil, wijkregie.NotFound()
	}
	if err != nil {
		return nil, err
	}
	return plan, nil
}

func goalIndex(p *wijkregie.Plan, id string) int {
	for i := range p.Goals {
		if p.Goals[i].ID == id {
			return i
		}
	}
	return -1
}

func actionIndex(g *wijkregie.Goal, id string) int {
	for i := range g.Actions {
		if g.Actions[i].ID == id {
			return i
		}
	}
	return -1
}

// PartnerCase is one family a partner is involved with, on its portal:
// the case's frame as far as it may see it, and the goals it works on.
type PartnerCase struct {
	Case        store.CaseSummary
	Access      policy.PartnerAccess
	Coordinator *wijkregie.User
	Goals       []wijkregie.Goal
	PlanVersion int
}

// PartnerWork is a partner's portal: the open cases of the families it is
// involved with (at most a page), each with what it may see and the goals
// assigned to its organisation that it may work on. Each case shown is
// audited, as the case list is.
func (s *Service) PartnerWork(ctx context.Context, actor wijkregie.Actor) ([]PartnerCase, error) {
	if err := s.allow(actor, policy.WorkPartnerGoal); err != nil {
		return nil, err
	}
	r, mid, now := s.store.R(), actor.MunicipalityID, s.Now()
	cf := store.CaseFilter{Open: true, Page: store.Page{Limit: store.MaxLimit}}
	cs, total, err := r.Cases(ctx, mid, policy.Scope(actor), cf)
	if err != nil {
		return nil, err
	}
	out := make([]PartnerCase, 0, len(cs))
	var ids []string
	events := []wijkregie.Event{{Action: string(policy.ListCases), SubjectKind: "casus", Purpose: PurposeTask, Search: caseSearch(cf), Results: total}}
	for _, c := range cs {
		subj, err := s.actorCaseSubject(ctx, actor, c.Case.ID)
		if err != nil {
			return nil, err
		}
		pc := PartnerCase{Case: c, Access: policy.PartnerAccessOf(actor, subj.Partner, now)}
		if !pc.Access.Known() {
			switch p, err := r.ActivePlan(ctx, mid, c.Case.ID); {
			case err == nil:
				for _, g := range p.Goals {
					if policy.DecidePartnerGoal(actor, subj, &g, now) == nil {
						pc.Goals = append(pc.Goals, g)
					}
				}
				pc.PlanVersion = p.Version
			case wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND:
				return nil, err
			}
		}
		ids = append(ids, c.Case.CoordinatorID)
		out = append(out, pc)
		events = append(events, caseEvent(c.Case.ID))
	}
	users, err := r.UsersByID(ctx, mid, compact(ids))
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Coordinator = users[out[i].Case.Case.CoordinatorID]
	}
	if err := s.audit(ctx, actor, events...); err != nil {
		return nil, err
	}
	return out, nil
}
