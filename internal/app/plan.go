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

// latestPlan returns the case's active plan, or the one it closed with;
// nil when it never had one.
func latestPlan(ctx context.Context, q *store.Q, c *wijkregie.Case) (*wijkregie.Plan, error) {
	p, err := q.LatestPlan(ctx, c.MunicipalityID, c.ID)
	if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
		return nil, nil
	}
	return p, err
}

// Plan returns a case's current plan and its history, for an actor who
// may see the case's content; audited.
func (s *Service) Plan(ctx context.Context, actor wijkregie.Actor, caseID string) (*PlanView, error) {
	subj, err := s.contentSubject(ctx, actor, caseID)
	if err != nil {
		return nil, err
	}
	c, r, mid := subj.Case, s.store.R(), actor.MunicipalityID
	v := &PlanView{Case: c, Organisations: map[string]string{}}
	if v.Plan, err = latestPlan(ctx, r, c); err != nil {
		return nil, err
	}
	ids := []string{c.CoordinatorID}
	if v.Plan != nil {
		vs, err := r.PlanVersions(ctx, mid, v.Plan.ID)
		if err != nil {
			return nil, err
		}
		for _, x := range vs {
			v.Versions = append(v.Versions, PlanVersionInfo(x))
			ids = append(ids, x.SavedBy)
		}
	}
	switch route, err := r.Meldcode(ctx, mid, c.ID); {
	case err == nil:
		v.SafetyPlan = route.SafetyPlan
	case wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND:
		return nil, err
	}
	if v.Users, err = r.UsersByID(ctx, mid, compact(ids)); err != nil {
		return nil, err
	}
	orgs, err := r.Organisations(ctx, mid)
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		v.Organisations[o.ID] = o.Name
	}
	v.CanChange = c.Open() && policy.DecideCase(actor, policy.ChangePlan, subj, s.Now()) == nil
	if err := s.audit(ctx, actor, caseEvent(c.ID)); err != nil {
		return nil, err
	}
	return v, nil
}

// planVersion reads version n of the case's plan; ENOTFOUND when the
// case has no plan or no such version.
func planVersion(ctx context.Context, q *store.Q, c *wijkregie.Case, n int) (*wijkregie.Plan, error) {
	p, err := latestPlan(ctx, q, c)
	if err != nil {
		return nil, err
	}
	if p == nil || n < 1 {
		return nil, wijkregie.NotFound()
	}
	if n == p.Version {
		return p, nil
	}
	return q.PlanVersion(ctx, c.MunicipalityID, p.ID, n)
}

// PlanVersion returns one saved version of a case's plan; ENOTFOUND for
// a version that does not exist. Audited.
func (s *Service) PlanVersion(ctx context.Context, actor wijkregie.Actor, caseID string, version int) (*wijkregie.Plan, error) {
	subj, err := s.contentSubject(ctx, actor, caseID)
	if err != nil {
		return nil, err
	}
	p, err := planVersion(ctx, s.store.R(), subj.Case, version)
	if err != nil {
		return nil, err
	}
	if err := s.audit(ctx, actor, caseEvent(caseID)); err != nil {
		return nil, err
	}
	return p, nil
}

// ComparePlan returns versions from and to of a case's plan and what
// changed between them (wijkregie.ComparePlans). Audited.
func (s *Service) ComparePlan(ctx context.Context, actor wijkregie.Actor, caseID string, from, to int) (a, b *wijkregie.Plan, changes []wijkregie.PlanChange, err error) {
	subj, err := s.contentSubject(ctx, actor, caseID)
	if err != nil {
		return nil, nil, nil, err
	}
	r := s.store.R()
	if a, err = planVersion(ctx, r, subj.Case, from); err != nil {
		return nil, nil, nil, err
	}
	if b, err = planVersion(ctx, r, subj.Case, to); err != nil {
		return nil, nil, nil, err
	}
	if err := s.audit(ctx, actor, caseEvent(caseID)); err != nil {
		return nil, nil, nil, err
	}
	return a, b, wijkregie.ComparePlans(a, b), nil
}

// CreatePlan makes the first version of a case's one plan (policy
// ChangePlan). A case that has an active plan already is refused with
// the conflict fout.plan.bestaat — by the store's unique index, so two
// requests at once cannot both succeed. Goals and actions without an id
// get one. A set evaluation date makes (or moves) the regisseur's
// evaluation task.
func (s *Service) CreatePlan(ctx context.Context, actor wijkregie.Actor, caseID string, p *wijkregie.Plan) (*wijkregie.Plan, error) {
	return s.savePlan(ctx, actor, caseID, 0, p)
}

// SavePlan saves a new version of a case's plan over version, the version
// the editor read. A plan saved meanwhile is the conflict
// fout.plan.gewijzigd and nothing is written: the caller shows the
// conflict and keeps the user's text. Goals and actions keep their ids;
// new ones get one. The evaluation task follows the evaluation date.
func (s *Service) SavePlan(ctx context.Context, actor wijkregie.Actor, caseID string, version int, p *wijkregie.Plan) (*wijkregie.Plan, error) {
	if version < 1 {
		return nil, wijkregie.Conflict("fout.plan.gewijzigd")
	}
	return s.savePlan(ctx, actor, caseID, version, p)
}

// tidyPlan trims the texts of a plan as typed and keeps only the
// calendar day of its dates.
func tidyPlan(p *wijkregie.Plan) {
	for _, f := range []*string{&p.GoingWell, &p.OwnStrength, &p.SupportNeeded, &p.Participants, &p.Note} {
		*f = strings.TrimSpace(*f)
	}
	p.MeetingDate, p.AgreedOn, p.EvaluationDate = dayOf(p.MeetingDate), dayOf(p.AgreedOn), dayOf(p.EvaluationDate)
	for i := range p.Worries {
		p.Worries[i].Text = strings.TrimSpace(p.Worries[i].Text)
	}
	for i := range p.Goals {
		g := &p.Goals[i]
		g.Description, g.SuccessCriterion = strings.TrimSpace(g.Description), strings.TrimSpace(g.SuccessCriterion)
		g.TargetDate = dayOf(g.TargetDate)
		for j := range g.Actions {
			a := &g.Actions[j]
			a.What, a.Who = strings.TrimSpace(a.What), strings.TrimSpace(a.Who)
			a.Start, a.Due = dayOf(a.Start), dayOf(a.Due)
		}
	}
}

// planIDs gives new goals and actions their id, and names the fields of
// ids the plan's previous version (prev; nil for a new plan) does not
// know: ids are the server's to give, so a goal stays the same goal
// across versions.
func planIDs(p, prev *wijkregie.Plan, now time.Time, v *wijkregie.Invalid) {
	known := map[string]bool{}
	if prev != nil {
		for _, g := range prev.Goals {
			known[g.ID] = true
			for _, a := range g.Actions {
				known["a"+a.ID] = true
			}
		}
	}
	for i := range p.Goals {
		g := &p.Goals[i]
		f := "doelen[" + strconv.Itoa(i) + "]"
		switch {
		case g.ID == "":
			g.ID = wijkregie.NewID(now)
		case !wijkregie.ValidID(g.ID) || prev != nil && !known[g.ID]:
			v.Field(f+".id", "veld.onbekend")
		}
		for j := range g.Actions {
			a := &g.Actions[j]
			switch {
			case a.ID == "":
				a.ID = wijkregie.NewID(now)
			case !wijkregie.ValidID(a.ID) || prev != nil && !known["a"+a.ID]:
				v.Field(f+".acties["+strconv.Itoa(j)+"].id", "veld.onbekend")
			}
		}
	}
}

// goalOrganisations names the goals whose partner organisation is not
// one of the municipality's: the schema would refuse the row, and that
// refusal must reach the user as the goal's field, not as a missing case.
func goalOrganisations(ctx context.Context, q *store.Q, municipalityID string, p *wijkregie.Plan, v *wijkregie.Invalid) error {
	for i, g := range p.Goals[:min(len(p.Goals), wijkregie.MaxPlanItems)] { // Validate names a longer list
		if g.OrganisationID == "" {
			continue
		}
		known := wijkregie.ValidID(g.OrganisationID)
		if known {
			_, err := q.Organisation(ctx, municipalityID, g.OrganisationID)
			if err != nil && wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
				return err
			}
			known = err == nil
		}
		if !known {
			v.Field("doelen["+strconv.Itoa(i)+"].organisatie", "veld.plan.organisatie")
		}
	}
	return nil
}

// savePlan creates the case's plan (version 0) or saves a new version
// over version, with the evaluation task and a case event, in one
// transaction with the audit record.
func (s *Service) savePlan(ctx context.Context, actor wijkregie.Actor, caseID string, version int, p *wijkregie.Plan) (*wijkregie.Plan, error) {
	tidyPlan(p)
	today := wijkregie.Today(s.Now())
	_, err := s.changeCase(ctx, actor, policy.ChangePlan, caseID, 0, func(q *store.Q, c *wijkregie.Case) error {
		var prev *wijkregie.Plan
		if version != 0 {
			var err error
			if prev, err = q.ActivePlan(ctx, c.MunicipalityID, c.ID); err != nil {
				if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
					return wijkregie.Errorf(wijkregie.ENOTFOUND, "fout.plan.geen")
				}
				return err
			}
			if prev.Version != version {
				return wijkregie.Conflict("fout.plan.gewijzigd")
			}
		}
		var v wijkregie.Invalid
		planIDs(p, prev, s.Now(), &v)
		if err := v.Add(p.Validate(today)); err != nil {
			return err
		}
		if err := goalOrganisations(ctx, q, c.MunicipalityID, p, &v); err != nil {
			return err
		}
		// A date that has passed may stand; a new one must lie ahead.
		changed := prev == nil || !p.EvaluationDate.Equal(prev.EvaluationDate)
		switch {
		case p.EvaluationDate.IsZero():
		case changed && p.EvaluationDate.Before(today):
			v.Field("evaluatiedatum", "veld.datum_verleden")
		case !p.MeetingDate.IsZero() && p.EvaluationDate.Before(p.MeetingDate):
			v.Field("evaluatiedatum", "veld.plan.evaluatie_voor_vaststelling")
		}
		if err := v.Err(); err != nil {
			return err
		}
		p.MunicipalityID, p.CaseID, p.SavedBy = c.MunicipalityID, c.ID, actor.UserID
		if prev == nil {
			p.ID = ""
			if err := q.CreatePlan(ctx, p); err != nil {
				return err
			}
		} else {
			p.ID, p.Status = prev.ID, prev.Status
			if err := q.SavePlanVersion(ctx, p, version); err != nil {
				return err
			}
		}
		if changed {
			if err := s.followEvaluation(ctx, q, c, p.EvaluationDate, actor.UserID); err != nil {
				return err
			}
		}
		return q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Kind: wijkregie.EventPlan,
			To: strconv.Itoa(p.Version), By: actor.UserID})
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// followEvaluation makes the regisseur's evaluation task follow a plan's
// new evaluation date: the open task moves to it, or a new one is made —
// unless an evaluation on exactly that date was done already; a cleared
// date completes the open task.
func (s *Service) followEvaluation(ctx context.Context, q *store.Q, c *wijkregie.Case, date time.Time, by string) error {
	t, err := q.OpenCaseTask(ctx, c.MunicipalityID, c.ID, wijkregie.TaskEvaluation)
	switch {
	case err != nil && wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND:
		return err
	case err != nil:
		t = nil
	}
	if date.IsZero() {
		if t == nil {
			return nil
		}
		return q.CompleteTask(ctx, t, by)
	}
	due := wijkregie.EndOfDay(date)
	if t != nil {
		if t.Due.Equal(due) {
			return nil
		}
		t.Due = due
		return q.UpdateTask(ctx, t)
	}
	ts, err := q.CaseTasks(ctx, c.MunicipalityID, c.ID)
	if err != nil {
		return err
	}
	for _, x := range ts {
		if x.Kind == wijkregie.TaskEvaluation && !x.Open() && x.Due.Equal(due) {
			return nil
		}
	}
	return q.CreateTask(ctx, &wijkregie.Task{MunicipalityID: c.MunicipalityID, Kind: wijkregie.TaskEvaluation, CaseID: c.ID,
		TeamID: c.TeamID, UserID: c.CoordinatorID, Due: due})
}
