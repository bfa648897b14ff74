package app

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// Mijn Plan, what the family does after logging in (docs/mijnplan.md):
// the plan as the family reads it, its consents, its own actions, its
// messages to the regisseur and its rating of the help. The resident is
// the actor (wijkregie.RoleResident, UserID the person's id); A's
// ResidentHouseholds says for which households they may use Mijn Plan,
// policy.DecideMijnPlan what they may do there. What the family changes
// in the team's records — a plan version, a consent — names the
// municipality's Mijn Plan user (wijkregie.MijnPlanUserID), and a
// ResidentAct beside it says which member it was. Every read is audited
// before the data is shown, every change in its own transaction.

// Notes a plan version saved from Mijn Plan carries in the history: data,
// in the family's language, as the regisseur's own notes are.
const (
	noteActionAdded = "Toegevoegd door het gezin in Mijn Plan"
	noteActionDone  = "Afgerond door het gezin in Mijn Plan"
)

// mijnPlanHome is what every Mijn Plan use case starts from: the household
// the resident uses Mijn Plan for, its case (the open one, or the last
// closed), its current members, and the resident among them.
type mijnPlanHome struct {
	Facts     policy.ResidentFacts
	Case      *wijkregie.Case
	Household *wijkregie.Household
	Members   []wijkregie.Member // current, in the household's order
	Persons   []wijkregie.Person // beside Members
	Self      policy.MijnPlanMember
	SelfIndex int
}

// member returns the current member with the person id, or -1.
func (h *mijnPlanHome) member(personID string) int {
	return slices.IndexFunc(h.Members, func(m wijkregie.Member) bool { return m.PersonID == personID })
}

// memberFacts returns a current member as the consent rule weighs them.
func (h *mijnPlanHome) memberFacts(i int, today time.Time) policy.MijnPlanMember {
	m := policy.MijnPlanMember{PersonID: h.Members[i].PersonID, Relation: h.Members[i].Relation, Age: -1}
	if b := h.Persons[i].BirthDate; !b.IsZero() {
		m.Age = wijkregie.AgeOn(b, today)
	}
	return m
}

// mijnPlanEvent is the audit record of a resident's act in Mijn Plan.
func mijnPlanEvent(a policy.Action, kind, subjectID, personID string) wijkregie.Event {
	return wijkregie.Event{Action: string(a), SubjectKind: kind, SubjectID: subjectID, PersonID: personID, Purpose: PurposeMijnPlan}
}

// home finds the household the resident uses Mijn Plan for — the one with
// an open case first — and decides a on it (policy.DecideMijnPlan); a
// refusal is audited. A resident without such a household is forbidden.
func (s *Service) home(ctx context.Context, actor wijkregie.Actor, a policy.Action) (*mijnPlanHome, error) {
	if err := s.allow(actor, a); err != nil {
		return nil, err
	}
	fs, err := s.ResidentHouseholds(ctx, actor)
	if err != nil {
		return nil, err
	}
	if len(fs) == 0 {
		if aerr := s.denied(ctx, actor, mijnPlanEvent(a, "persoon", actor.UserID, actor.UserID)); aerr != nil {
			return nil, aerr
		}
		return nil, wijkregie.Forbidden()
	}
	slices.SortStableFunc(fs, func(x, y policy.ResidentFacts) int {
		return cmp.Compare(boolRank(x.CaseOpen), boolRank(y.CaseOpen)) * -1
	})
	f := fs[0]
	r, mid := s.store.R(), actor.MunicipalityID
	h := &mijnPlanHome{Facts: f}
	cases, err := r.HouseholdCases(ctx, mid, f.HouseholdID)
	if err != nil {
		return nil, err
	}
	for i := range cases {
		c := &cases[i]
		switch {
		case c.Open():
			h.Case = c
		case h.Case == nil || !h.Case.Open() && c.ClosedAt.After(h.Case.ClosedAt):
			h.Case = c
		}
	}
	if h.Case == nil {
		return nil, wijkregie.Forbidden() // ResidentEligible wants a case
	}
	if err := policy.DecideMijnPlan(actor, a, f); err != nil {
		if aerr := s.denied(ctx, actor, mijnPlanEvent(a, "casus", h.Case.ID, actor.UserID)); aerr != nil {
			return nil, aerr
		}
		return nil, err
	}
	if h.Household, err = r.Household(ctx, mid, f.HouseholdID); err != nil {
		return nil, err
	}
	ms, ps, err := r.HouseholdMembers(ctx, mid, f.HouseholdID)
	if err != nil {
		return nil, err
	}
	today := wijkregie.Today(s.Now())
	for i, m := range ms {
		if m.From.After(today) || !m.Until.IsZero() && m.Until.Before(today) || slices.ContainsFunc(h.Members, func(x wijkregie.Member) bool { return x.PersonID == m.PersonID }) {
			continue
		}
		h.Members, h.Persons = append(h.Members, m), append(h.Persons, ps[i])
	}
	// As a family introduces itself: the parents and partners first,
	// then the children and the others, the eldest first.
	idx := make([]int, len(h.Members))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		return cmp.Or(cmp.Compare(slices.Index(wijkregie.Relations, h.Members[a].Relation), slices.Index(wijkregie.Relations, h.Members[b].Relation)),
			cmpBirth(h.Persons[a].BirthDate, h.Persons[b].BirthDate))
	})
	members, persons := make([]wijkregie.Member, len(idx)), make([]wijkregie.Person, len(idx))
	for i, j := range idx {
		members[i], persons[i] = h.Members[j], h.Persons[j]
	}
	h.Members, h.Persons = members, persons
	h.SelfIndex = h.member(actor.UserID)
	if h.SelfIndex < 0 {
		return nil, wijkregie.Forbidden()
	}
	h.Self = h.memberFacts(h.SelfIndex, today)
	return h, nil
}

// MijnPlanParty is a betrokkene as the family reads it: who, of which
// organisation, in what role, and on what the organisation may receive
// the family's data (Basis: "toestemming", "wet", or "" for neither).
type MijnPlanParty struct {
	Name         string
	Organisation string
	Role         wijkregie.PartyRole
	Note         string
	Basis        string
}

// MijnPlanView is the family's plan page: the current plan version with
// its progress, what the resident may do with it, who is involved and
// how to reach the regisseur.
type MijnPlanView struct {
	Self      *wijkregie.Person
	Household *wijkregie.Household
	Members   []wijkregie.Person // current, for the "who" of a new action
	Case      *wijkregie.Case
	Plan      *wijkregie.Plan // nil while the case has none
	// Progress: goals reached of all goals, actions done of all actions.
	GoalsMet, Goals, ActionsDone, Actions int
	// FamilyActions are the ids of the actions the family may mark done;
	// AddedBy names the member who added an action in Mijn Plan.
	FamilyActions map[string]bool
	AddedBy       map[string]string
	Organisations map[string]string // partner goals' organisations
	Team          *wijkregie.Team
	Coordinator   *wijkregie.User
	// CoordinatorOrganisation is the regisseur's employer, whose phone
	// the family can call.
	CoordinatorOrganisation *wijkregie.Organisation
	Parties                 []MijnPlanParty
	Messages                []wijkregie.ResidentMessage // the resident's own, newest first
	Rating                  *wijkregie.Rating           // the resident's, once given
	CanChange, CanMessage   bool
	CanRate                 bool
}

// MijnPlan returns the family's plan as Mijn Plan shows it (policy
// ViewMijnPlan). The read is audited on the case and on each member it
// names, before it is returned.
func (s *Service) MijnPlan(ctx context.Context, actor wijkregie.Actor) (*MijnPlanView, error) {
	h, err := s.home(ctx, actor, policy.ViewMijnPlan)
	if err != nil {
		return nil, err
	}
	r, mid, c, now := s.store.R(), actor.MunicipalityID, h.Case, s.Now()
	v := &MijnPlanView{Self: &h.Persons[h.SelfIndex], Household: h.Household, Members: h.Persons, Case: c,
		FamilyActions: map[string]bool{}, AddedBy: map[string]string{}, Organisations: map[string]string{}}
	if v.Plan, err = latestPlan(ctx, r, c); err != nil {
		return nil, err
	}
	acts, err := r.CaseResidentActs(ctx, mid, c.ID)
	if err != nil {
		return nil, err
	}
	added := addedActions(acts)
	names := map[string]string{}
	for _, p := range h.Persons {
		names[p.ID] = p.FullName()
	}
	if v.Plan != nil {
		for i := range v.Plan.Goals {
			g := &v.Plan.Goals[i]
			v.Goals++
			if g.Status == wijkregie.GoalMet {
				v.GoalsMet++
			}
			for _, a := range g.Actions {
				v.Actions++
				if a.Status == wijkregie.ActionDone {
					v.ActionsDone++
				}
				if policy.FamilyAction(g, added[a.ID] != "") {
					v.FamilyActions[a.ID] = true
				}
				if p := added[a.ID]; p != "" {
					v.AddedBy[a.ID] = cmp.Or(names[p], "")
				}
			}
		}
	}
	if c.TeamID != "" {
		switch v.Team, err = r.Team(ctx, mid, c.TeamID); {
		case wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND:
			v.Team = nil
		case err != nil:
			return nil, err
		}
	}
	parties, err := r.Parties(ctx, mid, c.ID)
	if err != nil {
		return nil, err
	}
	ids := []string{c.CoordinatorID}
	for _, pt := range parties {
		ids = append(ids, pt.UserID)
	}
	users, err := r.UsersByID(ctx, mid, compact(ids))
	if err != nil {
		return nil, err
	}
	all, err := r.Organisations(ctx, mid)
	if err != nil {
		return nil, err
	}
	orgs := map[string]*wijkregie.Organisation{}
	for i := range all {
		orgs[all[i].ID] = &all[i]
		v.Organisations[all[i].ID] = all[i].Name
	}
	if u := users[c.CoordinatorID]; u != nil {
		v.Coordinator, v.CoordinatorOrganisation = u, orgs[u.OrganisationID]
	}
	if v.Parties, err = s.mijnPlanParties(ctx, h, parties, users, orgs, now); err != nil {
		return nil, err
	}
	if v.Messages, err = r.PersonResidentMessages(ctx, mid, actor.UserID, c.ID); err != nil {
		return nil, err
	}
	switch v.Rating, err = r.Rating(ctx, mid, c.ID, actor.UserID); {
	case wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND:
		v.Rating = nil
	case err != nil:
		return nil, err
	}
	v.CanChange = v.Plan != nil && v.Plan.Status == wijkregie.PlanActive && policy.DecideMijnPlan(actor, policy.AddMijnPlanAction, h.Facts) == nil
	v.CanMessage = policy.DecideMijnPlan(actor, policy.SendMijnPlanMessage, h.Facts) == nil
	v.CanRate = v.Rating == nil && policy.DecideMijnPlan(actor, policy.RateMijnPlan, h.Facts) == nil
	events := []wijkregie.Event{mijnPlanEvent(policy.ViewMijnPlan, "casus", c.ID, actor.UserID)}
	for _, p := range h.Persons {
		if p.ID != actor.UserID {
			events = append(events, mijnPlanEvent(policy.ViewMijnPlan, "casus", c.ID, p.ID))
		}
	}
	if err := s.audit(ctx, actor, events...); err != nil {
		return nil, err
	}
	return v, nil
}

// addedActions maps the actions the family added in Mijn Plan to the
// member who added them.
func addedActions(acts []wijkregie.ResidentAct) map[string]string {
	out := map[string]string{}
	for _, a := range acts {
		if a.Kind == wijkregie.ActActionAdded {
			out[a.SubjectID] = a.PersonID
		}
	}
	return out
}

// mijnPlanParties are the case's betrokkenen of today as the family reads
// them, each with what its organisation may receive. The family is told
// who works with it — that is its data (AVG art. 15: the recipients) —
// with one exception: whoever reported the family (role melder) is left
// out, as the Meldcode protects a reporter. Whether an organisation may
// receive data rests on a sharing ground of the case naming it, or on a
// consent in force naming it or its kind of a member whose consents the
// resident manages (policy.ManagesConsents): a parent must not learn from
// this list what their child of 16 or older consented to, which the
// consents page does not show them either.
func (s *Service) mijnPlanParties(ctx context.Context, h *mijnPlanHome, parties []wijkregie.Party, users map[string]*wijkregie.User,
	orgs map[string]*wijkregie.Organisation, now time.Time) ([]MijnPlanParty, error) {
	r, mid, today := s.store.R(), h.Case.MunicipalityID, wijkregie.Today(now)
	consents, err := r.HouseholdConsents(ctx, mid, h.Household.ID, wijkregie.ConsentScope{All: true})
	if err != nil {
		return nil, err
	}
	managed := map[string]bool{}
	for i := range h.Members {
		if policy.ManagesConsents(h.Self, h.memberFacts(i, today)) {
			managed[h.Members[i].PersonID] = true
		}
	}
	grounds, err := r.SharingGrounds(ctx, mid, h.Case.ID)
	if err != nil {
		return nil, err
	}
	basis := func(o *wijkregie.Organisation) string {
		if o == nil {
			return ""
		}
		for _, g := range grounds {
			if g.OrganisationID == o.ID && g.EndedAt.IsZero() {
				return "wet"
			}
		}
		for i := range consents {
			k := &consents[i]
			if managed[k.PersonID] && k.StatusAt(now) == wijkregie.ConsentActive &&
				(k.OrganisationID == o.ID || k.OrganisationID == "" && k.OrganisationKind == o.Kind) {
				return "toestemming"
			}
		}
		return ""
	}
	var out []MijnPlanParty
	for _, pt := range parties {
		if !pt.Until.IsZero() && !pt.Until.After(now) || pt.Role == wijkregie.PartyReporter {
			continue
		}
		x := MijnPlanParty{Role: pt.Role, Note: pt.Note}
		var o *wijkregie.Organisation
		switch {
		case pt.UserID != "" && users[pt.UserID] != nil:
			u := users[pt.UserID]
			x.Name, o = u.Name, orgs[u.OrganisationID]
			if o != nil {
				x.Organisation = o.Name
			}
		case orgs[pt.OrganisationID] != nil:
			o = orgs[pt.OrganisationID]
			x.Name = o.Name
		default:
			continue
		}
		if o != nil && o.Kind != wijkregie.OrgGemeente {
			x.Basis = basis(o)
		} else {
			x.Basis = "team"
		}
		out = append(out, x)
	}
	return out, nil
}

// MijnPlanConsentPerson is a member whose consents the resident manages,
// with their consents in force and those that ended.
type MijnPlanConsentPerson struct {
	Person wijkregie.Person
	Age    int // -1 unknown
	Self   bool
	Active []wijkregie.Consent
	Ended  []wijkregie.Consent
	// ChildAgrees: the age rules ask the child's own consent besides the
	// parent's (12 to 15), which the parent confirms on the form.
	ChildAgrees bool
}

// MijnPlanConsentsView is the family's consents page: per member the
// resident manages (policy.ManagesConsents), the consents, and the
// organisations of the case a consent can be given to.
type MijnPlanConsentsView struct {
	Persons       []MijnPlanConsentPerson
	Organisations map[string]*wijkregie.Organisation
	Recipients    []wijkregie.Organisation // the case's partner organisations
	CanGive       bool
}

// MijnPlanConsents returns the consents the resident manages (policy
// ViewMijnPlanConsents, ManagesConsents). The list and each consent shown
// are audited.
func (s *Service) MijnPlanConsents(ctx context.Context, actor wijkregie.Actor) (*MijnPlanConsentsView, error) {
	h, err := s.home(ctx, actor, policy.ViewMijnPlanConsents)
	if err != nil {
		return nil, err
	}
	r, mid, now := s.store.R(), actor.MunicipalityID, s.Now()
	today := wijkregie.Today(now)
	cs, err := r.HouseholdConsents(ctx, mid, h.Household.ID, wijkregie.ConsentScope{All: true})
	if err != nil {
		return nil, err
	}
	v := &MijnPlanConsentsView{Organisations: map[string]*wijkregie.Organisation{},
		CanGive: policy.DecideMijnPlan(actor, policy.GiveMijnPlanConsent, h.Facts) == nil}
	events := []wijkregie.Event{mijnPlanEvent(policy.ViewMijnPlanConsents, "huishouden", h.Household.ID, actor.UserID)}
	order := append([]int{h.SelfIndex}, func() []int {
		var rest []int
		for i := range h.Members {
			if i != h.SelfIndex {
				rest = append(rest, i)
			}
		}
		return rest
	}()...)
	for _, i := range order {
		m := h.memberFacts(i, today)
		if policy.DecideMijnPlanConsent(actor, policy.ViewMijnPlanConsents, h.Facts, h.Self, m) != nil {
			continue
		}
		cp := MijnPlanConsentPerson{Person: h.Persons[i], Age: m.Age, Self: i == h.SelfIndex,
			ChildAgrees: i != h.SelfIndex && m.Age >= 12 && m.Age < 16}
		for _, c := range cs {
			if c.PersonID != m.PersonID {
				continue
			}
			switch c.StatusAt(now) {
			case wijkregie.ConsentActive, wijkregie.ConsentPending:
				cp.Active = append(cp.Active, c)
			default:
				cp.Ended = append(cp.Ended, c)
			}
			events = append(events, mijnPlanEvent(policy.ViewMijnPlanConsents, "toestemming", c.ID, c.PersonID))
		}
		v.Persons = append(v.Persons, cp)
	}
	all, err := r.Organisations(ctx, mid)
	if err != nil {
		return nil, err
	}
	for i := range all {
		v.Organisations[all[i].ID] = &all[i]
	}
	if v.Recipients, err = s.consentRecipients(ctx, h.Case, v.Organisations); err != nil {
		return nil, err
	}
	if err := s.audit(ctx, actor, events...); err != nil {
		return nil, err
	}
	return v, nil
}

// consentRecipients are the organisations a family can give a consent to
// in Mijn Plan: the partner organisations among the case's betrokkenen of
// today — an organisation taking part, or the employer of a professional
// taking part —, by name. The municipality's own is none: the team's work
// rests on the law, not on consent.
func (s *Service) consentRecipients(ctx context.Context, c *wijkregie.Case, orgs map[string]*wijkregie.Organisation) ([]wijkregie.Organisation, error) {
	r, now := s.store.R(), s.Now()
	parties, err := r.Parties(ctx, c.MunicipalityID, c.ID)
	if err != nil {
		return nil, err
	}
	var uids []string
	for _, p := range parties {
		uids = append(uids, p.UserID)
	}
	users, err := r.UsersByID(ctx, c.MunicipalityID, compact(uids))
	if err != nil {
		return nil, err
	}
	var out []wijkregie.Organisation
	for _, p := range parties {
		if !p.Until.IsZero() && !p.Until.After(now) {
			continue
		}
		oid := p.OrganisationID
		if u := users[p.UserID]; p.UserID != "" && u != nil {
			oid = u.OrganisationID
		}
		o := orgs[oid]
		if o == nil || !o.Active || o.Kind == wijkregie.OrgGemeente || slices.ContainsFunc(out, func(x wijkregie.Organisation) bool { return x.ID == o.ID }) {
			continue
		}
		out = append(out, *o)
	}
	slices.SortFunc(out, func(a, b wijkregie.Organisation) int { return cmp.Compare(a.Name, b.Name) })
	return out, nil
}

// MijnPlanConsentInput is a consent given in Mijn Plan: for which member,
// to which organisation of the case, for what, in which life domains;
// ChildAgrees is the parent's confirmation that a child of 12 to 15
// agrees, whose own consent the age rules ask too.
type MijnPlanConsentInput struct {
	PersonID       string
	OrganisationID string
	Purpose        wijkregie.ConsentPurpose
	Domains        []string
	ChildAgrees    bool
}

// notifyCoordinator tells the case's regisseur — or, while it has none,
// the leads of its team — in their inbox that the family did something in
// Mijn Plan. The notice names the case and the household, never what.
func (s *Service) notifyCoordinator(ctx context.Context, q *store.Q, c *wijkregie.Case, kind string) error {
	to := []string{c.CoordinatorID}
	if c.CoordinatorID == "" && c.TeamID != "" {
		leads, _, err := q.Users(ctx, c.MunicipalityID, store.UserFilter{Role: wijkregie.RoleTeamLead, TeamID: c.TeamID, Page: store.Page{Limit: store.MaxLimit}})
		if err != nil {
			return err
		}
		to = to[:0]
		for _, u := range leads {
			if u.Active {
				to = append(to, u.ID)
			}
		}
	}
	for _, id := range compact(to) {
		if err := q.CreateNotification(ctx, &wijkregie.Notification{MunicipalityID: c.MunicipalityID, RecipientID: id, Kind: kind,
			HouseholdID: c.HouseholdID, SubjectID: c.ID}); err != nil {
			return err
		}
	}
	return nil
}

// GiveMijnPlanConsent records a consent the resident gives in Mijn Plan
// (policy GiveMijnPlanConsent, ManagesConsents): digitally, today, to an
// organisation among the case's betrokkenen, by the givers the age rules
// ask — the member themself from 16 (or with no birth date), the
// resident as parent under 12, and from 12 to 15 the child and the parent,
// the child's yes confirmed by the parent (ChildAgrees). It is written
// with the act, the regisseur's notice and the audit record in one
// transaction.
func (s *Service) GiveMijnPlanConsent(ctx context.Context, actor wijkregie.Actor, in MijnPlanConsentInput) (*wijkregie.Consent, error) {
	h, err := s.home(ctx, actor, policy.GiveMijnPlanConsent)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	today := wijkregie.Today(now)
	i := h.member(in.PersonID)
	if i < 0 || policy.DecideMijnPlanConsent(actor, policy.GiveMijnPlanConsent, h.Facts, h.Self, h.memberFacts(i, today)) != nil {
		ev := mijnPlanEvent(policy.GiveMijnPlanConsent, "persoon", in.PersonID, "")
		if i >= 0 {
			ev.PersonID = in.PersonID
		}
		if aerr := s.denied(ctx, actor, ev); aerr != nil {
			return nil, aerr
		}
		return nil, wijkregie.InvalidField("persoon", "veld.keuze")
	}
	subject := h.memberFacts(i, today)
	c := &wijkregie.Consent{MunicipalityID: actor.MunicipalityID, PersonID: in.PersonID, OrganisationID: in.OrganisationID,
		Purpose: in.Purpose, Domains: in.Domains, GivenOn: today, Method: wijkregie.ConsentDigital, RecordedBy: wijkregie.MijnPlanUserID}
	var v wijkregie.Invalid
	orgs := map[string]*wijkregie.Organisation{}
	all, err := s.store.R().Organisations(ctx, actor.MunicipalityID)
	if err != nil {
		return nil, err
	}
	for j := range all {
		orgs[all[j].ID] = &all[j]
	}
	recipients, err := s.consentRecipients(ctx, h.Case, orgs)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(recipients, func(o wijkregie.Organisation) bool { return o.ID == in.OrganisationID }) {
		v.Field("organisatie", "veld.keuze")
		c.OrganisationID = "-" // checked here; Validate's own check would name it twice
	}
	switch {
	case subject.PersonID == h.Self.PersonID:
		c.GivenBy = []wijkregie.ConsentGiver{{PersonID: subject.PersonID, Capacity: wijkregie.GiverSelf}}
	case subject.Age < 12:
		c.GivenBy = []wijkregie.ConsentGiver{{PersonID: h.Self.PersonID, Capacity: wijkregie.GiverParent}}
	default:
		if !in.ChildAgrees {
			v.Field("kindAkkoord", "veld.mijnplan.kind_akkoord")
		}
		c.GivenBy = []wijkregie.ConsentGiver{{PersonID: subject.PersonID, Capacity: wijkregie.GiverSelf},
			{PersonID: h.Self.PersonID, Capacity: wijkregie.GiverParent}}
	}
	parents, _, err := s.parents(ctx, s.store.R(), actor.MunicipalityID, h.Household.ID, subject.PersonID, today)
	if err != nil {
		return nil, err
	}
	if err := v.Add(c.Validate(h.Persons[i].BirthDate, parents, today)); err != nil {
		return nil, err
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	err = s.store.Tx(ctx, func(q *store.Q) error {
		if err := q.EnsureMijnPlanUser(ctx, actor.MunicipalityID); err != nil {
			return err
		}
		if err := q.CreateConsent(ctx, c); err != nil {
			return err
		}
		if err := q.CreateResidentAct(ctx, &wijkregie.ResidentAct{MunicipalityID: actor.MunicipalityID, CaseID: h.Case.ID, PersonID: actor.UserID,
			Kind: wijkregie.ActConsentGiven, SubjectID: c.ID}); err != nil {
			return err
		}
		if err := s.notifyCoordinator(ctx, q, h.Case, wijkregie.NotificationMijnPlanConsent); err != nil {
			return err
		}
		return q.AppendAudit(ctx, actor.Record(mijnPlanEvent(policy.GiveMijnPlanConsent, "toestemming", c.ID, c.PersonID)))
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// WithdrawMijnPlanConsent withdraws, at once, a consent of a member the
// resident manages (policy WithdrawMijnPlanConsent, ManagesConsents), over
// the version the resident read: a consent changed meanwhile is the
// conflict fout.toestemming.gewijzigd, one withdrawn already
// fout.toestemming.al_ingetrokken. A consent they do not manage is not
// found, and the refusal audited. From that moment app.ConsentCovers
// answers no: the partner's next request is decided without it.
func (s *Service) WithdrawMijnPlanConsent(ctx context.Context, actor wijkregie.Actor, id, reason string, version int) (*wijkregie.Consent, error) {
	h, err := s.home(ctx, actor, policy.WithdrawMijnPlanConsent)
	if err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(id) {
		return nil, wijkregie.NotFound()
	}
	c, err := s.store.R().Consent(ctx, actor.MunicipalityID, id)
	if err != nil {
		return nil, err
	}
	today := wijkregie.Today(s.Now())
	i := h.member(c.PersonID)
	if i < 0 || policy.DecideMijnPlanConsent(actor, policy.WithdrawMijnPlanConsent, h.Facts, h.Self, h.memberFacts(i, today)) != nil {
		if aerr := s.denied(ctx, actor, mijnPlanEvent(policy.WithdrawMijnPlanConsent, "toestemming", c.ID, c.PersonID)); aerr != nil {
			return nil, aerr
		}
		return nil, wijkregie.NotFound()
	}
	var out *wijkregie.Consent
	err = s.store.Tx(ctx, func(q *store.Q) error {
		cur, err := q.Consent(ctx, actor.MunicipalityID, c.ID)
		if err != nil {
			return err
		}
		if cur.Version != version {
			if !cur.WithdrawnAt.IsZero() {
				return wijkregie.Conflict("fout.toestemming.al_ingetrokken")
			}
			return wijkregie.Conflict("fout.toestemming.gewijzigd")
		}
		if err := q.EnsureMijnPlanUser(ctx, actor.MunicipalityID); err != nil {
			return err
		}
		if err := cur.Withdraw(wijkregie.MijnPlanUserID, strings.TrimSpace(reason), q.Now()); err != nil {
			return err
		}
		if err := q.WithdrawConsent(ctx, cur); err != nil {
			return err
		}
		if err := q.CreateResidentAct(ctx, &wijkregie.ResidentAct{MunicipalityID: actor.MunicipalityID, CaseID: h.Case.ID, PersonID: actor.UserID,
			Kind: wijkregie.ActConsentWithdrawn, SubjectID: cur.ID}); err != nil {
			return err
		}
		if err := s.notifyCoordinator(ctx, q, h.Case, wijkregie.NotificationMijnPlanConsent); err != nil {
			return err
		}
		out = cur
		return q.AppendAudit(ctx, actor.Record(mijnPlanEvent(policy.WithdrawMijnPlanConsent, "toestemming", cur.ID, cur.PersonID)))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// MijnPlanConsent returns one consent the resident manages, for the page
// that confirms its withdrawal; one they do not is not found. Audited.
func (s *Service) MijnPlanConsent(ctx context.Context, actor wijkregie.Actor, id string) (*wijkregie.Consent, *wijkregie.Person, map[string]*wijkregie.Organisation, error) {
	h, err := s.home(ctx, actor, policy.ViewMijnPlanConsents)
	if err != nil {
		return nil, nil, nil, err
	}
	if !wijkregie.ValidID(id) {
		return nil, nil, nil, wijkregie.NotFound()
	}
	c, err := s.store.R().Consent(ctx, actor.MunicipalityID, id)
	if err != nil {
		return nil, nil, nil, err
	}
	i := h.member(c.PersonID)
	if i < 0 || policy.DecideMijnPlanConsent(actor, policy.ViewMijnPlanConsents, h.Facts, h.Self, h.memberFacts(i, wijkregie.Today(s.Now()))) != nil {
		if aerr := s.denied(ctx, actor, mijnPlanEvent(policy.ViewMijnPlanConsents, "toestemming", c.ID, c.PersonID)); aerr != nil {
			return nil, nil, nil, aerr
		}
		return nil, nil, nil, wijkregie.NotFound()
	}
	all, err := s.store.R().Organisations(ctx, actor.MunicipalityID)
	if err != nil {
		return nil, nil, nil, err
	}
	orgs := map[string]*wijkregie.Organisation{}
	for j := range all {
		orgs[all[j].ID] = &all[j]
	}
	if err := s.audit(ctx, actor, mijnPlanEvent(policy.ViewMijnPlanConsents, "toestemming", c.ID, c.PersonID)); err != nil {
		return nil, nil, nil, err
	}
	return c, &h.Persons[i], orgs, nil
}

// MijnPlanActionInput is an action the family adds under a goal: what,
// who — wijkregie.WhoSelf, a current member's person id, or
// wijkregie.WhoNetwork with the name of someone of their network —, and
// by when.
type MijnPlanActionInput struct {
	GoalID  string
	What    string
	Who     string
	Network string // the name, when Who is WhoNetwork
	Due     time.Time
}

// AddMijnPlanAction adds the family's own action under a goal of the
// plan as a new version saved over version, the version the resident
// read (a plan saved meanwhile is the conflict fout.plan.gewijzigd and
// nothing is written). The version names the Mijn Plan user and notes
// "Toegevoegd door het gezin in Mijn Plan"; the case's history shows it,
// the act says which member, and the regisseur is told in their inbox.
func (s *Service) AddMijnPlanAction(ctx context.Context, actor wijkregie.Actor, version int, in MijnPlanActionInput) (*wijkregie.Plan, error) {
	h, err := s.home(ctx, actor, policy.AddMijnPlanAction)
	if err != nil {
		return nil, err
	}
	today := wijkregie.Today(s.Now())
	a := wijkregie.Action{What: strings.TrimSpace(in.What), Due: dayOf(in.Due), Status: wijkregie.ActionPlanned}
	var v wijkregie.Invalid
	switch in.Who {
	case wijkregie.WhoSelf:
		a.Who = h.Persons[h.SelfIndex].FullName()
	case wijkregie.WhoNetwork:
		a.Who = strings.TrimSpace(in.Network)
		if a.Who == "" {
			v.Field("netwerk", "veld.verplicht")
			a.Who = "-"
		}
	default:
		if i := h.member(in.Who); i >= 0 {
			a.Who = h.Persons[i].FullName()
		} else {
			v.Field("wie", "veld.keuze")
			a.Who = "-"
		}
	}
	if err := v.Add(wijkregie.ValidateResidentAction(&a, today)); err != nil {
		return nil, err
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s.changeMijnPlan(ctx, actor, h, policy.AddMijnPlanAction, version, func(p *wijkregie.Plan, _ map[string]string) (string, error) {
		i := goalIndex(p, in.GoalID)
		if i < 0 {
			return "", wijkregie.InvalidField("doel", "veld.keuze")
		}
		if len(p.Goals[i].Actions) >= wijkregie.MaxPlanItems {
			return "", wijkregie.InvalidField("doel", "veld.plan.te_veel")
		}
		a.ID = wijkregie.NewID(s.Now())
		p.Goals[i].Actions = append(p.Goals[i].Actions, a)
		p.Note = noteActionAdded
		return a.ID, nil
	}, wijkregie.ActActionAdded)
}

// CompleteMijnPlanAction marks an action of the family done (policy
// FamilyAction: under a goal of the family or its network, or one it
// added) as a new version saved over version, as AddMijnPlanAction. An
// action that is not the family's is forbidden and the refusal audited.
func (s *Service) CompleteMijnPlanAction(ctx context.Context, actor wijkregie.Actor, version int, actionID string) (*wijkregie.Plan, error) {
	h, err := s.home(ctx, actor, policy.CompleteMijnPlanAction)
	if err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(actionID) {
		return nil, wijkregie.NotFound()
	}
	return s.changeMijnPlan(ctx, actor, h, policy.CompleteMijnPlanAction, version, func(p *wijkregie.Plan, added map[string]string) (string, error) {
		for i := range p.Goals {
			g := &p.Goals[i]
			if j := actionIndex(g, actionID); j >= 0 {
				if !policy.FamilyAction(g, added[actionID] != "") {
					return "", wijkregie.Forbidden()
				}
				if g.Actions[j].Status == wijkregie.ActionDone {
					return "", wijkregie.Conflict("fout.mijnplan.al_gereed")
				}
				g.Actions[j].Status = wijkregie.ActionDone
				p.Note = noteActionDone
				return actionID, nil
			}
		}
		return "", wijkregie.NotFound()
	}, wijkregie.ActActionDone)
}

// changeMijnPlan saves a change the family makes to the active plan as a
// new version over version, in one transaction with the case event, the
// act, the regisseur's notice and the audit record. fn changes the plan
// (given the actions added in Mijn Plan, by member) and returns the id of
// the action it changed. A refusal by fn is audited after the rollback.
func (s *Service) changeMijnPlan(ctx context.Context, actor wijkregie.Actor, h *mijnPlanHome, a policy.Action, version int,
	fn func(p *wijkregie.Plan, added map[string]string) (string, error), kind wijkregie.ResidentActKind) (*wijkregie.Plan, error) {
	var plan *wijkregie.Plan
	var refused error
	err := s.store.Tx(ctx, func(q *store.Q) error {
		c, err := q.Case(ctx, actor.MunicipalityID, h.Case.ID)
		if err != nil {
			return err
		}
		if !c.Open() {
			return wijkregie.Conflict("fout.casus.gesloten")
		}
		p, err := q.ActivePlan(ctx, c.MunicipalityID, c.ID)
		if err != nil {
			if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
				return wijkregie.Errorf(wijkregie.ENOTFOUND, "fout.plan.geen")
			}
			return err
		}
		if p.Version != version {
			return wijkregie.Conflict("fout.plan.gewijzigd")
		}
		acts, err := q.CaseResidentActs(ctx, c.MunicipalityID, c.ID)
		if err != nil {
			return err
		}
		subject, err := fn(p, addedActions(acts))
		if wijkregie.ErrorCode(err) == wijkregie.EFORBIDDEN {
			refused = err
		}
		if err != nil {
			return err
		}
		if err := q.EnsureMijnPlanUser(ctx, c.MunicipalityID); err != nil {
			return err
		}
		p.SavedBy = wijkregie.MijnPlanUserID
		if err := q.SavePlanVersion(ctx, p, version); err != nil {
			return err
		}
		if err := q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Kind: wijkregie.EventPlan,
			To: strconv.Itoa(p.Version), By: wijkregie.MijnPlanUserID}); err != nil {
			return err
		}
		if err := q.CreateResidentAct(ctx, &wijkregie.ResidentAct{MunicipalityID: c.MunicipalityID, CaseID: c.ID, PersonID: actor.UserID,
			Kind: kind, SubjectID: subject, PlanVersion: p.Version}); err != nil {
			return err
		}
		if err := s.notifyCoordinator(ctx, q, c, wijkregie.NotificationMijnPlanPlan); err != nil {
			return err
		}
		plan = p
		return q.AppendAudit(ctx, actor.Record(mijnPlanEvent(a, "casus", c.ID, actor.UserID)))
	})
	if refused != nil {
		if aerr := s.denied(ctx, actor, mijnPlanEvent(a, "casus", h.Case.ID, actor.UserID)); aerr != nil {
			return nil, aerr
		}
	}
	if err != nil {
		return nil, err
	}
	return plan, nil
}

// SendMijnPlanMessage stores the resident's message to the regisseur
// (policy SendMijnPlanMessage: while the case is open) and tells the
// regisseur in their inbox — the notice names the case, not the text.
func (s *Service) SendMijnPlanMessage(ctx context.Context, actor wijkregie.Actor, text string) (*wijkregie.ResidentMessage, error) {
	h, err := s.home(ctx, actor, policy.SendMijnPlanMessage)
	if err != nil {
		return nil, err
	}
	m := &wijkregie.ResidentMessage{MunicipalityID: actor.MunicipalityID, CaseID: h.Case.ID, PersonID: actor.UserID, Text: strings.TrimSpace(text)}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	err = s.store.Tx(ctx, func(q *store.Q) error {
		if err := q.CreateResidentMessage(ctx, m); err != nil {
			return err
		}
		if err := s.notifyCoordinator(ctx, q, h.Case, wijkregie.NotificationMijnPlanMessage); err != nil {
			return err
		}
		return q.AppendAudit(ctx, actor.Record(mijnPlanEvent(policy.SendMijnPlanMessage, "mijnplan-bericht", m.ID, actor.UserID)))
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// RateMijnPlan stores the resident's rating of the help on the closed case
// (policy RateMijnPlan: once, within 90 days of the closure); a second is
// the conflict fout.mijnplan.al_beoordeeld.
func (s *Service) RateMijnPlan(ctx context.Context, actor wijkregie.Actor, rt *wijkregie.Rating) error {
	h, err := s.home(ctx, actor, policy.RateMijnPlan)
	if err != nil {
		return err
	}
	rt.MunicipalityID, rt.CaseID, rt.PersonID = actor.MunicipalityID, h.Case.ID, actor.UserID
	rt.Remark = strings.TrimSpace(rt.Remark)
	for k, a := range rt.Answers {
		if a == 0 {
			delete(rt.Answers, k)
		}
	}
	if err := rt.Validate(); err != nil {
		return err
	}
	return s.store.Tx(ctx, func(q *store.Q) error {
		if err := q.CreateRating(ctx, rt); err != nil {
			return err
		}
		if err := s.notifyCoordinator(ctx, q, h.Case, wijkregie.NotificationMijnPlanRating); err != nil {
			return err
		}
		return q.AppendAudit(ctx, actor.Record(mijnPlanEvent(policy.RateMijnPlan, "mijnplan-beoordeling", h.Case.ID, actor.UserID)))
	})
}

// CaseMijnPlan is what the team reads of the family's use of Mijn Plan on
// a case: the messages, newest first, the ratings and the names of their
// writers, and whether the actor may mark a message read.
type CaseMijnPlan struct {
	Case     *wijkregie.Case
	Messages []wijkregie.ResidentMessage
	Ratings  []wijkregie.Rating
	Names    map[string]string // persons and the users who read
	CanMark  bool
}

// CaseMijnPlanRead returns the family's messages and ratings on a case for
// an actor who may read them (policy DecideMijnPlanStaff): the team, not
// a partner. A case they may not see is not found, one whose content
// they do not see forbidden. Each message and rating shown is audited.
func (s *Service) CaseMijnPlanRead(ctx context.Context, actor wijkregie.Actor, caseID string) (*CaseMijnPlan, error) {
	return s.caseMijnPlan(ctx, actor, caseID, true, true)
}

// CaseMijnPlanMessages is CaseMijnPlanRead without the ratings: only what
// it returns is audited as read.
func (s *Service) CaseMijnPlanMessages(ctx context.Context, actor wijkregie.Actor, caseID string) (*CaseMijnPlan, error) {
	return s.caseMijnPlan(ctx, actor, caseID, true, false)
}

// CaseMijnPlanRatings is CaseMijnPlanRead without the messages.
func (s *Service) CaseMijnPlanRatings(ctx context.Context, actor wijkregie.Actor, caseID string) (*CaseMijnPlan, error) {
	return s.caseMijnPlan(ctx, actor, caseID, false, true)
}

func (s *Service) caseMijnPlan(ctx context.Context, actor wijkregie.Actor, caseID string, messages, ratings bool) (*CaseMijnPlan, error) {
	a := policy.ReadMijnPlanMessages
	if !messages {
		a = policy.ReadMijnPlanRatings
	}
	if err := s.allow(actor, a); err != nil {
		return nil, err
	}
	subj, err := s.decidedCase(ctx, actor, policy.ViewCase, caseID)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	if err := policy.DecideMijnPlanStaff(actor, a, subj, now); err != nil {
		if aerr := s.denied(ctx, actor, wijkregie.Event{Action: string(a), SubjectKind: "casus", SubjectID: caseID, Purpose: PurposeTask}); aerr != nil {
			return nil, aerr
		}
		return nil, err
	}
	r, mid := s.store.R(), actor.MunicipalityID
	v := &CaseMijnPlan{Case: subj.Case, Names: map[string]string{},
		CanMark: subj.Case.Open() && policy.DecideMijnPlanStaff(actor, policy.MarkMijnPlanMessageRead, subj, now) == nil}
	if messages {
		if v.Messages, err = r.CaseResidentMessages(ctx, mid, caseID); err != nil {
			return nil, err
		}
	}
	if ratings && policy.DecideMijnPlanStaff(actor, policy.ReadMijnPlanRatings, subj, now) == nil {
		if v.Ratings, err = r.CaseRatings(ctx, mid, caseID); err != nil {
			return nil, err
		}
	}
	var pids, uids []string
	events := []wijkregie.Event{{Action: string(a), SubjectKind: "casus", SubjectID: caseID, Purpose: PurposeTask}}
	for _, m := range v.Messages {
		pids, uids = append(pids, m.PersonID), append(uids, m.ReadBy)
		events = append(events, wijkregie.Event{Action: string(policy.ReadMijnPlanMessages), SubjectKind: "mijnplan-bericht", SubjectID: m.ID,
			PersonID: m.PersonID, Purpose: PurposeTask})
	}
	for _, rt := range v.Ratings {
		pids = append(pids, rt.PersonID)
		events = append(events, wijkregie.Event{Action: string(policy.ReadMijnPlanRatings), SubjectKind: "mijnplan-beoordeling", SubjectID: caseID,
			PersonID: rt.PersonID, Purpose: PurposeTask})
	}
	for _, id := range compact(pids) {
		switch p, err := r.Person(ctx, mid, id); {
		case err == nil:
			v.Names[id] = p.FullName()
		case wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND:
			return nil, err
		}
	}
	users, err := r.UsersByID(ctx, mid, compact(uids))
	if err != nil {
		return nil, err
	}
	for id, u := range users {
		v.Names[id] = u.Name
	}
	if err := s.audit(ctx, actor, events...); err != nil {
		return nil, err
	}
	return v, nil
}

// MarkMijnPlanMessageRead marks a family's message on the case read, for
// the regisseur or the team's lead (policy MarkMijnPlanMessageRead), while
// the case is open: a closed case is no longer changed (the case page
// offers the mark only then, CaseMijnPlan.CanMark), and the API must not
// do what the page does not. One read already keeps its first reader.
func (s *Service) MarkMijnPlanMessageRead(ctx context.Context, actor wijkregie.Actor, caseID, id string) (*wijkregie.ResidentMessage, error) {
	if err := s.allow(actor, policy.MarkMijnPlanMessageRead); err != nil {
		return nil, err
	}
	subj, err := s.decidedCase(ctx, actor, policy.ViewCase, caseID)
	if err != nil {
		return nil, err
	}
	ev := wijkregie.Event{Action: string(policy.MarkMijnPlanMessageRead), SubjectKind: "mijnplan-bericht", SubjectID: id, Purpose: PurposeTask}
	if err := policy.DecideMijnPlanStaff(actor, policy.MarkMijnPlanMessageRead, subj, s.Now()); err != nil {
		if aerr := s.denied(ctx, actor, ev); aerr != nil {
			return nil, aerr
		}
		return nil, err
	}
	if !subj.Case.Open() {
		return nil, wijkregie.Conflict("fout.casus.gesloten")
	}
	if !wijkregie.ValidID(id) {
		return nil, wijkregie.InvalidField("bericht", "veld.keuze")
	}
	var out *wijkregie.ResidentMessage
	err = s.store.Tx(ctx, func(q *store.Q) error {
		m, err := q.ResidentMessage(ctx, actor.MunicipalityID, caseID, id)
		if err != nil {
			return err
		}
		if err := q.MarkResidentMessageRead(ctx, m, actor.UserID); err != nil {
			return err
		}
		out = m
		ev.PersonID = m.PersonID
		return q.AppendAudit(ctx, actor.Record(ev))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
