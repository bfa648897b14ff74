package app

import (
	"context"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// Households lists the households in the actor's scope. A list of addresses
// is personal data, so the search itself is audited (NEN 7513 names
// searches).
func (s *Service) Households(ctx context.Context, actor wijkregie.Actor, page store.Page) ([]store.HouseholdSummary, int, error) {
	if err := s.allow(actor, policy.ListHouseholds); err != nil {
		return nil, 0, err
	}
	hs, total, err := s.store.R().Households(ctx, actor.MunicipalityID, policy.Scope(actor), page)
	if err != nil {
		return nil, 0, err
	}
	if err := s.audit(ctx, actor, wijkregie.Event{Action: string(policy.ListHouseholds), SubjectKind: "huishouden", Purpose: PurposeTask,
		Search: wijkregie.SearchAll, Results: total}); err != nil {
		return nil, 0, err
	}
	return hs, total, nil
}

// HouseholdView is a household with its members and the involvements of
// those who work with it (an emergency access is not one).
type HouseholdView struct {
	Household    *wijkregie.Household
	Members      []wijkregie.Member
	Persons      []wijkregie.Person // Persons[i] is Members[i]'s person
	Involvements []wijkregie.Involvement
	// MembersHidden: the actor sees the household's frame only (a
	// partner without informatie-delen), so Members, Persons and
	// Involvements are empty for that reason, not because there are none.
	MembersHidden bool
}

// subject loads what the policy needs to decide on a household for the
// actor: for a partner also the consents and grounds (partnerFacts).
func (s *Service) subject(ctx context.Context, actor wijkregie.Actor, householdID string) (*policy.Subject, error) {
	municipalityID := actor.MunicipalityID
	h, err := s.store.R().Household(ctx, municipalityID, householdID)
	if err != nil {
		return nil, err
	}
	invs, err := s.store.R().Involvements(ctx, municipalityID, householdID)
	if err != nil {
		return nil, err
	}
	facts, err := s.partnerFacts(ctx, actor, householdID, "")
	if err != nil {
		return nil, err
	}
	return &policy.Subject{Household: h, Involvements: invs, Partner: facts}, nil
}

// decide answers not-found both for a missing household and for one the
// actor may not see: whether a family is known is itself information.
// The refusal is audited.
func (s *Service) decide(ctx context.Context, actor wijkregie.Actor, a policy.Action, subj *policy.Subject, e wijkregie.Event) error {
	if err := policy.Decide(actor, a, subj, s.Now()); err != nil {
		e.Result = wijkregie.AuditDenied
		if aerr := s.audit(ctx, actor, e); aerr != nil {
			return aerr
		}
		if policy.Allows(actor, a) {
			return wijkregie.NotFound()
		}
		return err
	}
	return nil
}

// Household returns a household with its members, if the actor's role and
// involvement allow it; the read is audited.
func (s *Service) Household(ctx context.Context, actor wijkregie.Actor, id string) (*HouseholdView, error) {
	v, _, events, err := s.household(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if err := s.audit(ctx, actor, events...); err != nil {
		return nil, err
	}
	return v, nil
}

// household reads a household for Household with the subject decided on
// and the audit records of the read, for the caller to write before the
// data is shown (with what else the page reads: HouseholdWithConsents).
func (s *Service) household(ctx context.Context, actor wijkregie.Actor, id string) (*HouseholdView, *policy.Subject, []wijkregie.Event, error) {
	if err := s.allow(actor, policy.ViewHousehold); err != nil {
		return nil, nil, nil, err
	}
	if !wijkregie.ValidID(id) {
		return nil, nil, nil, wijkregie.NotFound()
	}
	subj, err := s.subject(ctx, actor, id)
	if err != nil {
		return nil, nil, nil, err
	}
	ev := wijkregie.Event{Action: string(policy.ViewHousehold), SubjectKind: "huishouden", SubjectID: id, Purpose: PurposeTask}
	if err := s.decide(ctx, actor, policy.ViewHousehold, subj, ev); err != nil {
		return nil, nil, nil, err
	}
	v := &HouseholdView{Household: subj.Household}
	events := []wijkregie.Event{ev}
	// A partner without informatie-delen sees the household's frame only
	// (policy/partner.go): not who lives there, nor who else works with it.
	if policy.Decide(actor, policy.ViewPerson, subj, s.Now()) != nil {
		v.MembersHidden = true
		return v, subj, events, nil
	}
	ms, ps, err := s.store.R().HouseholdMembers(ctx, actor.MunicipalityID, id)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, p := range ps {
		events = append(events, wijkregie.Event{Action: string(policy.ViewPerson), SubjectKind: "huishouden", SubjectID: id, PersonID: p.ID, Purpose: PurposeTask})
	}
	v.Members, v.Persons, v.Involvements = ms, ps, working(subj.Involvements)
	return v, subj, events, nil
}

// personSubject finds the household through which the actor may see a
// person: a person may be (or have been) a member of several.
func (s *Service) personSubject(ctx context.Context, actor wijkregie.Actor, a policy.Action, personID string) (*policy.Subject, error) {
	ids, err := s.store.R().PersonHouseholds(ctx, actor.MunicipalityID, personID)
	if err != nil {
		return nil, err
	}
	var first *policy.Subject
	for _, hid := range ids {
		subj, err := s.subject(ctx, actor, hid)
		if err != nil {
			return nil, err
		}
		if first == nil {
			first = subj
		}
		if policy.Decide(actor, a, subj, s.Now()) == nil {
			return subj, nil
		}
	}
	return first, nil
}

// visiblePerson loads a person and decides whether the actor may take
// action a on them, through the households of the record they are seen
// through. An id that is none is not found; a refusal is decide's, audited
// as e. It returns the person and the subject decided on.
func (s *Service) visiblePerson(ctx context.Context, actor wijkregie.Actor, a policy.Action, id string, e wijkregie.Event) (*wijkregie.Person, *policy.Subject, error) {
	if !wijkregie.ValidID(id) {
		return nil, nil, wijkregie.NotFound()
	}
	p, err := s.store.R().Person(ctx, actor.MunicipalityID, id)
	if err != nil {
		return nil, nil, err
	}
	// A merged record is seen through the record it was merged into
	// (merge.go); it shows where it went, and no household of its own.
	via, err := s.survivor(ctx, actor.MunicipalityID, p)
	if err != nil {
		return nil, nil, err
	}
	subj, err := s.personSubject(ctx, actor, a, via)
	if err != nil {
		return nil, nil, err
	}
	if err := s.decide(ctx, actor, a, subj, e); err != nil {
		return nil, nil, err
	}
	return p, subj, nil
}

// PersonView is a person with the household through which access was
// given, and their household history.
type PersonView struct {
	Person    *wijkregie.Person
	Household *wijkregie.Household
	History   []store.Membership // every membership, today's first
}

// Person returns a person, if the actor may see one of their households;
// the read is audited.
func (s *Service) Person(ctx context.Context, actor wijkregie.Actor, id string) (*PersonView, error) {
	if err := s.allow(actor, policy.ViewPerson); err != nil {
		return nil, err
	}
	ev := wijkregie.Event{Action: string(policy.ViewPerson), SubjectKind: "persoon", SubjectID: id, PersonID: id, Purpose: PurposeTask}
	p, subj, err := s.visiblePerson(ctx, actor, policy.ViewPerson, id, ev)
	if err != nil {
		return nil, err
	}
	hist, err := s.store.R().PersonMemberships(ctx, actor.MunicipalityID, id)
	if err != nil {
		return nil, err
	}
	if err := s.audit(ctx, actor, ev); err != nil {
		return nil, err
	}
	pv := &PersonView{Person: p, Household: subj.Household, History: hist}
	if p.MergedInto != "" {
		pv.Household = nil
	}
	return pv, nil
}

// AccessLogView is who accessed a person's data.
type AccessLogView struct {
	Person  *wijkregie.Person
	Records []wijkregie.AuditRecord
	Total   int
	Users   map[string]*wijkregie.User // by id, for names and roles
}

// PersonAccessLog returns who read or changed a person's data, for the
// person's involved professionals and for beheer. Looking is itself
// audited.
func (s *Service) PersonAccessLog(ctx context.Context, actor wijkregie.Actor, personID string, page store.Page) (*AccessLogView, error) {
	if err := s.allow(actor, policy.ViewPersonAccessLog); err != nil {
		return nil, err
	}
	purpose := PurposeTask
	if actor.Role == wijkregie.RoleAdmin {
		purpose = PurposeInzage
	}
	ev := wijkregie.Event{Action: string(policy.ViewPersonAccessLog), SubjectKind: "persoon", SubjectID: personID, PersonID: personID, Purpose: purpose}
	p, _, err := s.visiblePerson(ctx, actor, policy.ViewPersonAccessLog, personID, ev)
	if err != nil {
		return nil, err
	}
	recs, total, err := s.store.R().Audit(ctx, actor.MunicipalityID, store.AuditFilter{PersonID: personID, Page: page})
	if err != nil {
		return nil, err
	}
	users, err := s.usersOf(ctx, actor.MunicipalityID, recs)
	if err != nil {
		return nil, err
	}
	if err := s.audit(ctx, actor, ev); err != nil {
		return nil, err
	}
	if actor.Role == wijkregie.RoleAdmin {
		// Beheer keeps the log, not the file: the person by id only, as
		// the API shows it (docs/privacy.md).
		p = &wijkregie.Person{MunicipalityID: p.MunicipalityID, ID: p.ID}
	}
	return &AccessLogView{Person: p, Records: recs, Total: total, Users: users}, nil
}

func (s *Service) usersOf(ctx context.Context, municipalityID string, recs []wijkregie.AuditRecord) (map[string]*wijkregie.User, error) {
	seen := map[string]bool{}
	var ids []string
	for _, r := range recs {
		if !seen[r.UserID] && wijkregie.ValidID(r.UserID) {
			seen[r.UserID] = true
			ids = append(ids, r.UserID)
		}
	}
	return s.store.R().UsersByID(ctx, municipalityID, ids)
}

// AuditLog returns the municipality's whole audit log, for beheer (the log
// manager) and the privacy officer.
//
// The reader shows their second factor first (secondfactor.go): proof is
// the step-up of their session or of the request's code.
func (s *Service) AuditLog(ctx context.Context, actor wijkregie.Actor, proof StepUp, f store.AuditFilter) ([]wijkregie.AuditRecord, int, map[string]*wijkregie.User, error) {
	if err := s.allow(actor, policy.ViewAuditLog); err != nil {
		return nil, 0, nil, err
	}
	if !proof.holds(actor, s.Now()) {
		return nil, 0, nil, errStepUpNeeded
	}
	recs, total, err := s.store.R().Audit(ctx, actor.MunicipalityID, f)
	if err != nil {
		return nil, 0, nil, err
	}
	users, err := s.usersOf(ctx, actor.MunicipalityID, recs)
	if err != nil {
		return nil, 0, nil, err
	}
	if err := s.audit(ctx, actor, wijkregie.Event{Action: string(policy.ViewAuditLog), SubjectKind: "auditlog", Purpose: PurposeAdmin}); err != nil {
		return nil, 0, nil, err
	}
	return recs, total, users, nil
}

// VerifyAudit checks the municipality's audit chain.
func (s *Service) VerifyAudit(ctx context.Context, actor wijkregie.Actor, progress func(int64)) (*store.ChainBreak, int64, error) {
	if err := s.allow(actor, policy.VerifyAuditChain); err != nil {
		return nil, 0, err
	}
	return s.store.R().VerifyAudit(ctx, actor.MunicipalityID, progress)
}
