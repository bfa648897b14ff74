package app

import (
	"context"
	"slices"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// Cases lists the cases the actor may see (policy.Scope applied to cases),
// the most recently opened first. Each case shown is audited.
func (s *Service) Cases(ctx context.Context, actor wijkregie.Actor, f store.CaseFilter) ([]store.CaseSummary, int, error) {
	if err := s.allow(actor, policy.ListCases); err != nil {
		return nil, 0, err
	}
	for _, id := range []string{f.TeamID, f.CoordinatorID} {
		if id != "" && !wijkregie.ValidID(id) {
			return nil, 0, nil
		}
	}
	cs, total, err := s.store.R().Cases(ctx, actor.MunicipalityID, policy.Scope(actor), f)
	if err != nil {
		return nil, 0, err
	}
	events := []wijkregie.Event{{Action: string(policy.ListCases), SubjectKind: "casus", Purpose: PurposeTask, Search: caseSearch(f), Results: total}}
	for _, c := range cs {
		events = append(events, caseEvent(c.ID))
	}
	if err := s.audit(ctx, actor, events...); err != nil {
		return nil, 0, err
	}
	return cs, total, nil
}

// caseSubject loads a case with what the policy needs to decide on it.
func caseSubject(ctx context.Context, q *store.Q, municipalityID, id string) (*policy.CaseSubject, error) {
	c, err := q.Case(ctx, municipalityID, id)
	if err != nil {
		return nil, err
	}
	invs, err := q.Involvements(ctx, municipalityID, c.HouseholdID)
	if err != nil {
		return nil, err
	}
	return &policy.CaseSubject{Case: c, Involvements: invs}, nil
}

// decideCase answers not-found for a case the actor may not see at all,
// and forbidden for one they see but may not change this way. The
// refusal is audited.
func (s *Service) decideCase(ctx context.Context, actor wijkregie.Actor, a policy.Action, subj *policy.CaseSubject) error {
	if err := policy.DecideCase(actor, a, subj, s.Now()); err != nil {
		ev := wijkregie.Event{Action: string(a), SubjectKind: "casus", SubjectID: subj.Case.ID, Purpose: PurposeTask, Result: wijkregie.AuditDenied}
		if aerr := s.audit(ctx, actor, ev); aerr != nil {
			return aerr
		}
		if a != policy.ViewCase && policy.DecideCase(actor, policy.ViewCase, subj, s.Now()) == nil {
			return err
		}
		return wijkregie.NotFound()
	}
	return nil
}

// caseEvent is the audit record of reading a case.
func caseEvent(caseID string) wijkregie.Event {
	return wijkregie.Event{Action: string(policy.ViewCase), SubjectKind: "casus", SubjectID: caseID, Purpose: PurposeTask}
}

// decidedCase reads the case id with what decides access to it, for an
// actor who may perform a on it (decideCase: not found for a case they may
// not see at all; the refusal audited).
func (s *Service) decidedCase(ctx context.Context, actor wijkregie.Actor, a policy.Action, id string) (*policy.CaseSubject, error) {
	if err := s.allow(actor, a); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(id) {
		return nil, wijkregie.NotFound()
	}
	subj, err := s.actorCaseSubject(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if err := s.decideCase(ctx, actor, a, subj); err != nil {
		return nil, err
	}
	return subj, nil
}

// CaseView is a case with everything its page shows.
type CaseView struct {
	Case         *wijkregie.Case
	Household    *wijkregie.Household
	Members      []wijkregie.Member
	Persons      []wijkregie.Person
	Signals      []wijkregie.Signal
	Events       []wijkregie.CaseEvent
	Assignments  []wijkregie.Assignment // the current one last
	Parties      []wijkregie.Party
	Escalations  []wijkregie.Escalation
	Enforcements []wijkregie.Enforcement
	Meldcode     *wijkregie.MeldcodeRoute
	// Users and Organisations name every id above.
	Users         map[string]*wijkregie.User
	Organisations map[string]string
	// What the actor may do here.
	CanChange, CanAssign, CanUseMandate bool

	// Working the case, for the case page (Case, not CaseRecords); empty
	// for an actor who does not see the case's content, except Notes,
	// which holds the notes they may read.
	Latest     *wijkregie.Assessment // the latest ZRM assessment
	Previous   []wijkregie.ScoreChange
	Plan       *wijkregie.Plan  // the current version; nil while none
	Notes      []wijkregie.Note // the latest notes the actor may read
	Tasks      []wijkregie.Task // the case's open tasks
	Stagnation Stagnation
	Closure    *wijkregie.Closure // set once closed

	CanAssess, CanChangePlan, CanWorkMeldcode, CanClose, CanWriteNote bool

	// The grounds partners take part on without consent (all for the
	// team; a partner its own), and whether the actor may record them
	// and the case's own ground.
	Grounds         []wijkregie.SharingGround
	CanRecordGround bool
	// For a partner: what it may see and do (policy.PartnerAccessOf), the
	// goals assigned to its organisation it may work on, and the plan
	// version they are from (for the update's If-Match).
	Partner            policy.PartnerAccess
	PartnerGoals       []wijkregie.Goal
	PartnerPlanVersion int
}

// Current returns the current regisseur's assignment, or nil.
func (v *CaseView) Current() *wijkregie.Assignment {
	if n := len(v.Assignments); n > 0 && v.Assignments[n-1].Until.IsZero() {
		return &v.Assignments[n-1]
	}
	return nil
}

// Case returns a case with its history, regisseurs, betrokkenen and the
// regisseur's recorded use of powers, if the actor may see it; the read
// is audited (the case, its household and each member).
func (s *Service) Case(ctx context.Context, actor wijkregie.Actor, id string) (*CaseView, error) {
	return s.caseView(ctx, actor, id, true)
}

// CaseRecords returns a case with its history, regisseurs, betrokkenen and
// the regisseur's use of powers, without the family: for the API's
// sub-resources, which show no household or member, so that the access
// log records only what was read (the case itself).
func (s *Service) CaseRecords(ctx context.Context, actor wijkregie.Actor, id string) (*CaseView, error) {
	return s.caseView(ctx, actor, id, false)
}

// caseView reads a case for Case and CaseRecords; family adds the
// household, its members and the case's signals, each audited.
func (s *Service) caseView(ctx context.Context, actor wijkregie.Actor, id string, family bool) (*CaseView, error) {
	subj, err := s.decidedCase(ctx, actor, policy.ViewCase, id)
	if err != nil {
		return nil, err
	}
	r, c := s.store.R(), subj.Case
	v := &CaseView{Case: c, Organisations: map[string]string{}}
	mid := actor.MunicipalityID
	if family {
		if v.Household, err = r.Household(ctx, mid, c.HouseholdID); err != nil {
			return nil, err
		}
		if v.Members, v.Persons, err = r.HouseholdMembers(ctx, mid, c.HouseholdID); err != nil {
			return nil, err
		}
		if v.Signals, err = r.CaseSignals(ctx, mid, id); err != nil {
			return nil, err
		}
	}
	if v.Events, err = r.CaseEvents(ctx, mid, id); err != nil {
		return nil, err
	}
	if v.Assignments, err = r.Assignments(ctx, mid, id); err != nil {
		return nil, err
	}
	if v.Parties, err = r.Parties(ctx, mid, id); err != nil {
		return nil, err
	}
	if v.Escalations, err = r.Escalations(ctx, mid, id); err != nil {
		return nil, err
	}
	if v.Enforcements, err = r.Enforcements(ctx, mid, id); err != nil {
		return nil, err
	}
	if v.Grounds, err = r.SharingGrounds(ctx, mid, id); err != nil {
		return nil, err
	}
	switch v.Meldcode, err = r.Meldcode(ctx, mid, id); {
	case err != nil && wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND:
		return nil, err
	case err != nil:
		v.Meldcode = nil
	}
	if family {
		if err := s.caseWork(ctx, actor, subj, v); err != nil {
			return nil, err
		}
	}
	ids := []string{c.OpenedBy, c.CoordinatorID}
	for _, n := range v.Notes {
		ids = append(ids, n.AuthorID)
	}
	if v.Latest != nil {
		ids = append(ids, v.Latest.AssessorID)
	}
	if v.Plan != nil {
		ids = append(ids, v.Plan.SavedBy)
	}
	if v.Closure != nil {
		ids = append(ids, v.Closure.ClosedBy)
	}
	for _, t := range v.Tasks {
		ids = append(ids, t.UserID)
	}
	for _, e := range v.Events {
		ids = append(ids, e.By)
		if e.Kind == wijkregie.EventCoordinator {
			ids = append(ids, e.From, e.To)
		}
	}
	for _, a := range v.Assignments {
		ids = append(ids, a.UserID, a.AssignedBy)
	}
	for _, p := range v.Parties {
		ids = append(ids, p.UserID, p.AddedBy)
	}
	for _, sg := range v.Signals {
		ids = append(ids, sg.CreatedBy)
	}
	if v.Users, err = r.UsersByID(ctx, mid, compact(ids)); err != nil {
		return nil, err
	}
	if !policy.SeesCaseContent(actor) {
		v.partnerView(actor)
		var plan *wijkregie.Plan
		switch plan, err = r.ActivePlan(ctx, mid, id); {
		case wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND:
			plan = nil
		case err != nil:
			return nil, err
		}
		v.narrowForPartner(actor, subj, plan, s.Now())
	}
	orgs, err := r.Organisations(ctx, mid)
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		v.Organisations[o.ID] = o.Name
	}
	now := s.Now()
	may := func(a policy.Action) bool { return c.Open() && policy.DecideCase(actor, a, subj, now) == nil }
	v.CanChange, v.CanAssign, v.CanUseMandate = may(policy.ChangeCase), may(policy.AssignCoordinator), may(policy.UseMandate)
	v.CanAssess, v.CanChangePlan, v.CanWorkMeldcode = may(policy.AssessCase), may(policy.ChangePlan), may(policy.WorkMeldcode)
	v.CanClose, v.CanWriteNote, v.CanRecordGround = may(policy.CloseCase), may(policy.WriteNote), may(policy.RecordGround)
	events := []wijkregie.Event{caseEvent(id)}
	if family {
		for _, n := range v.Notes {
			events = append(events, wijkregie.Event{Action: actionReadNote, SubjectKind: "notitie", SubjectID: n.ID, Purpose: PurposeTask})
		}
	}
	if family {
		events = append(events, wijkregie.Event{Action: string(policy.ViewHousehold), SubjectKind: "huishouden", SubjectID: c.HouseholdID, Purpose: PurposeTask})
	}
	for _, p := range v.Persons {
		events = append(events, wijkregie.Event{Action: string(policy.ViewPerson), SubjectKind: "huishouden", SubjectID: c.HouseholdID, PersonID: p.ID, Purpose: PurposeTask})
	}
	for _, sg := range v.Signals {
		events = append(events, wijkregie.Event{Action: string(policy.ViewSignal), SubjectKind: "signaal", SubjectID: sg.ID, PersonID: sg.PersonID, Purpose: PurposeTask})
	}
	if err := s.audit(ctx, actor, events...); err != nil {
		return nil, err
	}
	return v, nil
}

// caseNotesShown is how many of the latest notes the case page shows; the
// journal page has the rest.
const caseNotesShown = 5

// caseWork adds the case page's view of the work on the case: the latest
// ZRM assessment and its changes, the plan, the open tasks, stagnation and
// the closure — for those who see the case's content — and the latest
// notes the actor may read (policy.NoteScope). The caller audits.
func (s *Service) caseWork(ctx context.Context, actor wijkregie.Actor, subj *policy.CaseSubject, v *CaseView) error {
	r, c, mid := s.store.R(), v.Case, actor.MunicipalityID
	var err error
	if v.Notes, _, err = r.CaseNotesByAuthors(ctx, mid, c.ID, actor.UserID, policy.NoteScope(actor, subj, s.Now()),
		policy.NoteAuthorsOf(actor, subj, s.Now()), store.Page{Limit: caseNotesShown}); err != nil {
		return err
	}
	if !policy.SeesCaseContent(actor) {
		return nil
	}
	as, err := r.CaseAssessments(ctx, mid, c.ID)
	if err != nil {
		return err
	}
	if n := len(as); n > 0 {
		v.Latest, v.Previous = &as[n-1], wijkregie.Changes(as)
	}
	switch v.Plan, err = r.LatestPlan(ctx, mid, c.ID); {
	case wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND:
		v.Plan = nil
	case err != nil:
		return err
	}
	tasks, err := r.CaseTasks(ctx, mid, c.ID)
	if err != nil {
		return err
	}
	for _, t := range tasks {
		if t.Open() {
			v.Tasks = append(v.Tasks, t)
		}
	}
	if c.Open() {
		if v.Stagnation, err = s.CaseStagnation(ctx, c); err != nil {
			return err
		}
		return nil
	}
	switch v.Closure, err = r.Closure(ctx, mid, c.ID); {
	case wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND:
		v.Closure = nil // closed before closures were recorded
	case err != nil:
		return err
	}
	return nil
}

// partnerView narrows the view to what a network partner involved in the
// case may see (policy.SeesCaseContent): the case's frame and their own
// organisation's signals and notes; not what other organisations
// registered, nor the opschalingen and binding decisions about them, nor
// the reasons in the history, which may name them.
func (v *CaseView) partnerView(actor wijkregie.Actor) {
	own := func(userID string) bool {
		u := v.Users[userID]
		return u != nil && u.OrganisationID != "" && u.OrganisationID == actor.OrganisationID
	}
	var sigs []wijkregie.Signal
	for _, sg := range v.Signals {
		if own(sg.CreatedBy) {
			sigs = append(sigs, sg)
		}
	}
	// The Meldcode route is for those who need it (meldcode.md): not even
	// its steps are a partner's business.
	v.Signals, v.Escalations, v.Enforcements, v.Meldcode = sigs, nil, nil, nil
	var events []wijkregie.CaseEvent
	for _, e := range v.Events {
		switch e.Kind {
		case wijkregie.EventEscalation, wijkregie.EventEnforcement, wijkregie.EventSignalJoined, wijkregie.EventMeldcode, wijkregie.EventOutreach:
			continue
		}
		e.Reason = ""
		events = append(events, e)
	}
	v.Events = events
	for i := range v.Parties {
		p := &v.Parties[i]
		if p.OrganisationID != actor.OrganisationID && !own(p.UserID) {
			p.Note = ""
		}
	}
	for i := range v.Assignments {
		v.Assignments[i].Reason = ""
	}
}

// CanViewCase reports whether the actor may open the case, for a page
// that decides whether to link to it. It discloses nothing the actor
// does not know already (they hold the id), so it is not audited.
func (s *Service) CanViewCase(ctx context.Context, actor wijkregie.Actor, id string) bool {
	if !policy.Allows(actor, policy.ViewCase) || !wijkregie.ValidID(id) {
		return false
	}
	subj, err := s.actorCaseSubject(ctx, actor, id)
	return err == nil && policy.DecideCase(actor, policy.ViewCase, subj, s.Now()) == nil
}

// compact returns the distinct non-empty strings of xs.
func compact(xs []string) []string {
	var out []string
	for _, x := range xs {
		if x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// changeCase runs fn on a case the actor may change with action a, in one
// transaction with its audit record. version is the version the actor
// read; a case changed meanwhile is a conflict, so no change is made over
// one not seen.
func (s *Service) changeCase(ctx context.Context, actor wijkregie.Actor, a policy.Action, id string, version int, fn func(q *store.Q, c *wijkregie.Case) error) (*wijkregie.Case, error) {
	subj, err := s.decidedCase(ctx, actor, a, id)
	if err != nil {
		return nil, err
	}
	var out *wijkregie.Case
	var refused error
	err = s.store.Tx(ctx, func(q *store.Q) error {
		c, err := q.Case(ctx, actor.MunicipalityID, id)
		if err != nil {
			return err
		}
		if version != 0 && c.Version != version {
			return wijkregie.Conflict("fout.casus.gewijzigd")
		}
		// Decided again on the case as it stands now: a regisseur replaced
		// since the first read holds the mandate no more.
		if refused = policy.DecideCase(actor, a, &policy.CaseSubject{Case: c, Involvements: subj.Involvements, Partner: subj.Partner}, s.Now()); refused != nil {
			return refused
		}
		if !c.Open() {
			return wijkregie.Conflict("fout.casus.gesloten")
		}
		if err := fn(q, c); err != nil {
			return err
		}
		out = c
		return q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: string(a), SubjectKind: "casus", SubjectID: id, Purpose: PurposeTask}))
	})
	if refused != nil {
		// The refusal is recorded after the transaction, which it rolled back.
		ev := wijkregie.Event{Action: string(a), SubjectKind: "casus", SubjectID: id, Purpose: PurposeTask, Result: wijkregie.AuditDenied}
		if aerr := s.audit(ctx, actor, ev); aerr != nil {
			return nil, aerr
		}
	}
	return out, err
}

// MoveCase changes a case's status along the method's course
// (wijkregie.CaseStatus.CanMoveTo). Closing is not a status change here:
// it records the outcome (CloseCase). Past registration a case needs its
// regisseur.
func (s *Service) MoveCase(ctx context.Context, actor wijkregie.Actor, id string, version int, to wijkregie.CaseStatus, reason string) (*wijkregie.Case, error) {
	reason = strings.TrimSpace(reason)
	var v wijkregie.Invalid
	if !to.Valid() {
		v.Field("status", "veld.keuze")
	}
	if to == wijkregie.CaseClosed {
		// Closing records the outcome: CloseCase, not a status change.
		v.Field("status", "veld.casus.afsluiten_via_afsluiting")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s.changeCase(ctx, actor, policy.ChangeCase, id, version, func(q *store.Q, c *wijkregie.Case) error {
		from := c.Status
		if !from.CanMoveTo(to) {
			return wijkregie.InvalidField("status", "veld.casus.status_overgang")
		}
		if to.NeedsCoordinator() && c.CoordinatorID == "" {
			return wijkregie.InvalidField("status", "veld.casus.regisseur_nodig")
		}
		c.Status = to
		if err := q.UpdateCase(ctx, c); err != nil {
			return err
		}
		return q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Kind: wijkregie.EventStatus,
			From: string(from), To: string(to), Reason: reason, By: actor.UserID})
	})
}

// endCaseWork ends what a closing case held open: the regisseur's current
// assignment and involvement, the betrokkenen, and the signals' part in
// matching.
func (s *Service) endCaseWork(ctx context.Context, q *store.Q, c *wijkregie.Case, by string) error {
	ps, err := q.Parties(ctx, c.MunicipalityID, c.ID)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if p.Until.IsZero() {
			if err := q.EndParty(ctx, c, p.ID, by); err != nil {
				return err
			}
		}
	}
	if c.CoordinatorID != "" {
		if err := q.EndAssignment(ctx, c); err != nil {
			return err
		}
	}
	return q.CloseCaseSignals(ctx, c.MunicipalityID, c.ID)
}

// ScaleCase moves a case to another level: an opschaling or afschaling,
// with its reason, recorded as an event. Safety level is reached through
// triage veiligheid or here; scaling down from it needs a reason like
// every change.
func (s *Service) ScaleCase(ctx context.Context, actor wijkregie.Actor, id string, version int, to wijkregie.CaseLevel, reason string) (*wijkregie.Case, error) {
	reason = strings.TrimSpace(reason)
	var v wijkregie.Invalid
	if !to.Valid() {
		v.Field("niveau", "veld.keuze")
	}
	if reason == "" {
		v.Field("reden", "veld.verplicht")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s.changeCase(ctx, actor, policy.ChangeCase, id, version, func(q *store.Q, c *wijkregie.Case) error {
		from := c.Level
		if from == to {
			return wijkregie.InvalidField("niveau", "veld.casus.zelfde_niveau")
		}
		c.Level = to
		if err := q.UpdateCase(ctx, c); err != nil {
			return err
		}
		if to == wijkregie.LevelSafety {
			if _, err := q.Meldcode(ctx, c.MunicipalityID, c.ID); wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
				if err := q.StartMeldcode(ctx, &wijkregie.MeldcodeRoute{MunicipalityID: c.MunicipalityID, CaseID: c.ID, StartedBy: actor.UserID}); err != nil {
					return err
				}
				if err := q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Kind: wijkregie.EventMeldcode,
					To: "1", By: actor.UserID}); err != nil {
					return err
				}
			} else if err != nil {
				return err
			}
		}
		return q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Kind: wijkregie.EventLevel,
			From: string(from), To: string(to), Reason: reason, By: actor.UserID})
	})
}

// AssignInput is a team lead's choice of regisseur with the mandate.
type AssignInput struct {
	UserID     string
	Reason     string
	Decide     string    // the mandate's powers; wijkregie.DefaultMandate when empty
	EscalateTo string    // required
	From       time.Time // the mandate's start; now when zero
}

// AssignCoordinator makes a member of the case's team its regisseur, with
// an explicit mandate; a regisseur already there hands over (the history
// keeps both). A case just registered moves to intake: it has its
// regisseur. Only the lead of the case's team assigns.
func (s *Service) AssignCoordinator(ctx context.Context, actor wijkregie.Actor, id string, version int, in AssignInput) (*wijkregie.Case, error) {
	if in.UserID != "" && !wijkregie.ValidID(in.UserID) {
		return nil, wijkregie.InvalidField("regisseur", "veld.casus.regisseur_onbekend")
	}
	m := wijkregie.Mandate{From: in.From, Decide: strings.TrimSpace(in.Decide), EscalateTo: strings.TrimSpace(in.EscalateTo)}
	if m.Decide == "" {
		m.Decide = wijkregie.DefaultMandate
	}
	if m.From.IsZero() {
		m.From = s.Now()
	}
	var v wijkregie.Invalid
	if in.UserID == "" {
		v.Field("regisseur", "veld.verplicht")
	}
	v.Add(m.Validate())
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s.changeCase(ctx, actor, policy.AssignCoordinator, id, version, func(q *store.Q, c *wijkregie.Case) error {
		u, err := q.User(ctx, actor.MunicipalityID, in.UserID)
		if err != nil {
			if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
				return wijkregie.InvalidField("regisseur", "veld.casus.regisseur_onbekend")
			}
			return err
		}
		if !u.Active || u.TeamID != c.TeamID || (u.Role != wijkregie.RoleProfessional && u.Role != wijkregie.RoleTeamLead) {
			return wijkregie.InvalidField("regisseur", "veld.casus.regisseur_team")
		}
		if u.ID == c.CoordinatorID {
			return wijkregie.InvalidField("regisseur", "veld.casus.regisseur_zelfde")
		}
		if err := q.Assign(ctx, c, &wijkregie.Assignment{UserID: u.ID, Mandate: m, Reason: strings.TrimSpace(in.Reason), AssignedBy: actor.UserID}); err != nil {
			return err
		}
		// The case's open tasks (evaluation, Meldcode) are the regisseur's.
		if err := q.HandCaseTasksTo(ctx, c.MunicipalityID, c.ID, u.ID); err != nil {
			return err
		}
		if c.Status == wijkregie.CaseRegistered {
			c.Status = wijkregie.CaseIntake
			if err := q.UpdateCase(ctx, c); err != nil {
				return err
			}
			return q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Kind: wijkregie.EventStatus,
				From: string(wijkregie.CaseRegistered), To: string(wijkregie.CaseIntake), By: actor.UserID})
		}
		return nil
	})
}

// Candidate is a team member ranked for the regisseur role of a case, with
// the numbers behind the rank.
type Candidate struct {
	User    wijkregie.User
	Matched []string // expertise tags that cover the case (its domains, or the family's ages)
	Cases   map[wijkregie.CaseLevel]int
	Load    int // weighted caseload: Σ cases × level weight
	Rank    int // 1 is the suggestion
}

// Candidates ranks the case team's professionals and team leads for the
// regisseur role: first by how many of their expertise tags cover the
// case (a tag covers a case when one of its domains is among the case's,
// jeugd when the family has a child under 18, ouderen when a member is
// 65 or older), then by the lowest weighted caseload, then by name. The
// numbers are returned with the rank: the team lead decides, the system
// shows its arithmetic.
func (s *Service) Candidates(ctx context.Context, actor wijkregie.Actor, caseID string) ([]Candidate, error) {
	subj, err := s.decidedCase(ctx, actor, policy.AssignCoordinator, caseID)
	if err != nil {
		return nil, err
	}
	r, c := s.store.R(), subj.Case
	set, err := r.Settings(ctx, actor.MunicipalityID)
	if err != nil {
		return nil, err
	}
	_, persons, err := r.HouseholdMembers(ctx, actor.MunicipalityID, c.HouseholdID)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	child, elderly := false, false
	for _, p := range persons {
		if p.BirthDate.IsZero() {
			continue
		}
		age := wijkregie.Age(p.BirthDate, now)
		child = child || age < 18
		elderly = elderly || age >= 65
	}
	users, _, err := r.Users(ctx, actor.MunicipalityID, store.UserFilter{TeamID: c.TeamID, Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		return nil, err
	}
	loads, err := r.Caseloads(ctx, actor.MunicipalityID, c.TeamID)
	if err != nil {
		return nil, err
	}
	var out []Candidate
	for _, u := range users {
		if !u.Active || (u.Role != wijkregie.RoleProfessional && u.Role != wijkregie.RoleTeamLead) {
			continue
		}
		cd := Candidate{User: u, Cases: map[wijkregie.CaseLevel]int{}}
		for _, tag := range u.Expertise {
			covers := tag == "jeugd" && child || tag == "ouderen" && elderly
			for _, d := range wijkregie.ExpertiseDomains[tag] {
				covers = covers || slices.Contains(c.Domains, d)
			}
			if covers {
				cd.Matched = append(cd.Matched, tag)
			}
		}
		if cl, ok := loads[u.ID]; ok {
			for l, n := range cl.ByLevel {
				cd.Cases[l] = n
				cd.Load += n * set.Weight(l)
			}
		}
		out = append(out, cd)
	}
	slices.SortStableFunc(out, func(a, b Candidate) int {
		if d := len(b.Matched) - len(a.Matched); d != 0 {
			return d
		}
		if d := a.Load - b.Load; d != 0 {
			return d
		}
		return strings.Compare(a.User.Name, b.User.Name)
	})
	for i := range out {
		out[i].Rank = i + 1
	}
	return out, nil
}

// AddParty records a betrokkene of a case: a user (who then has access as
// an involved professional) or an organisation.
func (s *Service) AddParty(ctx context.Context, actor wijkregie.Actor, caseID string, p *wijkregie.Party) (*wijkregie.Case, error) {
	p.Note = strings.TrimSpace(p.Note)
	if err := p.Validate(); err != nil {
		return nil, err
	}
	for _, f := range []struct{ name, id string }{{"medewerker", p.UserID}, {"organisatie", p.OrganisationID}} {
		if f.id != "" && !wijkregie.ValidID(f.id) {
			return nil, wijkregie.InvalidField(f.name, "veld.onbekend")
		}
	}
	p.AddedBy = actor.UserID
	return s.changeCase(ctx, actor, policy.ChangeCase, caseID, 0, func(q *store.Q, c *wijkregie.Case) error {
		if p.UserID != "" {
			u, err := q.User(ctx, actor.MunicipalityID, p.UserID)
			if err != nil && wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
				return err
			}
			if err != nil || !u.Active {
				return wijkregie.InvalidField("medewerker", "veld.onbekend")
			}
			// One current entry per professional: ending it ends their access.
			ps, err := q.Parties(ctx, c.MunicipalityID, c.ID)
			if err != nil {
				return err
			}
			for _, o := range ps {
				if o.UserID == p.UserID && o.Until.IsZero() {
					return wijkregie.InvalidField("medewerker", "veld.casus.al_betrokken")
				}
			}
		}
		if p.OrganisationID != "" {
			if _, err := q.Organisation(ctx, actor.MunicipalityID, p.OrganisationID); err != nil {
				if wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
					return err
				}
				return wijkregie.InvalidField("organisatie", "veld.onbekend")
			}
		}
		return q.AddParty(ctx, c, p)
	})
}

// EndParty ends a betrokkene's part in a case.
func (s *Service) EndParty(ctx context.Context, actor wijkregie.Actor, caseID, partyID string) (*wijkregie.Case, error) {
	if !wijkregie.ValidID(partyID) {
		return nil, wijkregie.NotFound()
	}
	return s.changeCase(ctx, actor, policy.ChangeCase, caseID, 0, func(q *store.Q, c *wijkregie.Case) error {
		return q.EndParty(ctx, c, partyID, actor.UserID)
	})
}

// Escalate records an opschaling by the case's regisseur to the
// management of a partner organisation.
func (s *Service) Escalate(ctx context.Context, actor wijkregie.Actor, caseID string, e *wijkregie.Escalation) (*wijkregie.Case, error) {
	e.ToWhom, e.About = strings.TrimSpace(e.ToWhom), strings.TrimSpace(e.About)
	e.Status = wijkregie.EscalationOpen
	if err := e.Validate(); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(e.OrganisationID) {
		return nil, wijkregie.InvalidField("organisatie", "veld.onbekend")
	}
	return s.changeCase(ctx, actor, policy.UseMandate, caseID, 0, func(q *store.Q, c *wijkregie.Case) error {
		if _, err := q.Organisation(ctx, actor.MunicipalityID, e.OrganisationID); err != nil {
			if wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
				return err
			}
			return wijkregie.InvalidField("organisatie", "veld.onbekend")
		}
		e.MunicipalityID, e.CaseID, e.RaisedBy = c.MunicipalityID, c.ID, actor.UserID
		return q.CreateEscalation(ctx, e)
	})
}

// AnswerEscalation records the partner's answer to an opschaling and, when
// settled, its outcome. version is the opschaling's version as read.
func (s *Service) AnswerEscalation(ctx context.Context, actor wijkregie.Actor, caseID, id string, version int, answer, outcome string, status wijkregie.EscalationStatus) (*wijkregie.Escalation, error) {
	if !wijkregie.ValidID(id) {
		return nil, wijkregie.NotFound()
	}
	if status != wijkregie.EscalationAnswered && status != wijkregie.EscalationSettled {
		return nil, wijkregie.InvalidField("status", "veld.keuze")
	}
	var out *wijkregie.Escalation
	_, err := s.changeCase(ctx, actor, policy.UseMandate, caseID, 0, func(q *store.Q, c *wijkregie.Case) error {
		e, err := q.Escalation(ctx, c.MunicipalityID, c.ID, id)
		if err != nil {
			return err
		}
		if version != 0 && e.Version != version {
			return wijkregie.Conflict("fout.opschaling.gewijzigd")
		}
		if e.Status == wijkregie.EscalationSettled {
			return wijkregie.Conflict("fout.opschaling.afgerond")
		}
		e.Answer, e.Outcome, e.Status = strings.TrimSpace(answer), strings.TrimSpace(outcome), status
		if err := q.UpdateEscalation(ctx, e); err != nil {
			return err
		}
		out = e
		return nil
	})
	return out, err
}

// Enforce records a doorzettingsmacht decision of the case's regisseur,
// binding on the partners named.
func (s *Service) Enforce(ctx context.Context, actor wijkregie.Actor, caseID string, e *wijkregie.Enforcement) (*wijkregie.Case, error) {
	e.Decision, e.Reason = strings.TrimSpace(e.Decision), strings.TrimSpace(e.Reason)
	e.OrganisationIDs = compact(e.OrganisationIDs)
	if err := e.Validate(); err != nil {
		return nil, err
	}
	for _, id := range e.OrganisationIDs {
		if !wijkregie.ValidID(id) {
			return nil, wijkregie.InvalidField("organisaties", "veld.onbekend")
		}
	}
	return s.changeCase(ctx, actor, policy.UseMandate, caseID, 0, func(q *store.Q, c *wijkregie.Case) error {
		e.MunicipalityID, e.CaseID, e.DecidedBy = c.MunicipalityID, c.ID, actor.UserID
		err := q.CreateEnforcement(ctx, e)
		if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
			return wijkregie.InvalidField("organisaties", "veld.onbekend")
		}
		return err
	})
}
