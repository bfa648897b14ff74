package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// The overdrachtspakket (docs/overdrachtspakket.md): buildHandoverPackage
// writes a case as a wijkregie.HandoverPackage, importHandoverPackage
// reads one into the receiving municipality as a new case. Neither
// decides nor audits: the export and import use cases
// (handover_package_use.go) and the handover to another municipality on
// the platform (docs/overdracht.md) do, and call both in one transaction.

// buildHandoverPackage writes the case of the municipality as a sealed
// package, as it stands at now. It names the current members of the
// household only (who left does not move with the case), every plan
// version, every ZRM assessment (the scores of the members named), the
// current parties whose organisation the family's consent to share
// information or a sharing ground covers (policy.SharedWithReceiver), the
// consents of the members as information, and the case's history as
// short generated lines — never a journal note or a hand-written reason.
// SentBy is the regisseur (or the team while there is none); a caller
// that sends in another's name sets it and seals again.
func (s *Service) buildHandoverPackage(ctx context.Context, q *store.Q, municipalityID, caseID string, now time.Time) (*wijkregie.HandoverPackage, error) {
	p, _, err := buildPackage(ctx, q, municipalityID, caseID, now)
	return p, err
}

// buildPackage is buildHandoverPackage, also returning the ids of the
// persons the package names, for the export's audit records.
func buildPackage(ctx context.Context, q *store.Q, municipalityID, caseID string, now time.Time) (p *wijkregie.HandoverPackage, memberIDs []string, err error) {
	c, err := q.Case(ctx, municipalityID, caseID)
	if err != nil {
		return nil, nil, err
	}
	if !c.Open() {
		return nil, nil, wijkregie.Conflict("fout.pakket.casus_gesloten")
	}
	m, err := q.Municipality(ctx, municipalityID)
	if err != nil {
		return nil, nil, err
	}
	p = &wijkregie.HandoverPackage{Format: wijkregie.HandoverPackageFormat, ID: wijkregie.NewID(now), CreatedAt: wijkregie.HandoverMoment(now),
		Persons: []wijkregie.HandoverPerson{}, PlanVersions: []wijkregie.HandoverPlanVersion{}, Assessments: []wijkregie.HandoverAssessment{},
		Parties: []wijkregie.HandoverParty{}, Consents: []wijkregie.HandoverConsent{}, History: []wijkregie.HandoverEvent{}}
	p.Sender.MunicipalityCode, p.Sender.MunicipalityName = m.ID, m.Name
	if c.TeamID != "" {
		t, err := q.Team(ctx, municipalityID, c.TeamID)
		if err != nil {
			return nil, nil, err
		}
		p.Sender.Team = t.Name
	}
	orgList, err := q.Organisations(ctx, municipalityID)
	if err != nil {
		return nil, nil, err
	}
	orgs := map[string]*wijkregie.Organisation{}
	for i := range orgList {
		orgs[orgList[i].ID] = &orgList[i]
	}
	parties, err := q.Parties(ctx, municipalityID, c.ID)
	if err != nil {
		return nil, nil, err
	}
	events, err := q.CaseEvents(ctx, municipalityID, c.ID)
	if err != nil {
		return nil, nil, err
	}
	assessments, err := q.CaseAssessments(ctx, municipalityID, c.ID)
	if err != nil {
		return nil, nil, err
	}
	var plan *wijkregie.Plan
	var versions []store.PlanVersionInfo
	if plan, err = latestPlan(ctx, q, c); err != nil {
		return nil, nil, err
	}
	if plan != nil {
		if versions, err = q.PlanVersions(ctx, municipalityID, plan.ID); err != nil {
			return nil, nil, err
		}
	}
	ids := []string{c.CoordinatorID}
	for _, pt := range parties {
		ids = append(ids, pt.UserID)
	}
	for _, e := range events {
		if e.Kind == wijkregie.EventCoordinator {
			ids = append(ids, e.To)
		}
	}
	for _, a := range assessments {
		ids = append(ids, a.AssessorID)
	}
	for _, v := range versions {
		ids = append(ids, v.SavedBy)
	}
	users, err := q.UsersByID(ctx, municipalityID, compact(ids))
	if err != nil {
		return nil, nil, err
	}
	userName := func(id string) string {
		if u := users[id]; u != nil {
			return u.Name
		}
		return "onbekend"
	}
	if u := users[c.CoordinatorID]; u != nil {
		ct := &wijkregie.HandoverContact{Name: u.Name, Email: u.Email}
		if o := orgs[u.OrganisationID]; o != nil {
			ct.Phone = o.Phone
			p.Sender.Organisation = orgEntry(o)
		}
		p.Sender.Coordinator = ct
		p.Sender.SentBy = *ct
	} else {
		p.Sender.SentBy = wijkregie.HandoverContact{Name: p.Sender.Team}
	}

	// The household and its members of today.
	h, err := q.Household(ctx, municipalityID, c.HouseholdID)
	if err != nil {
		return nil, nil, err
	}
	a := h.Address
	p.Household.Address = wijkregie.HandoverAddress{Street: a.Street, Number: a.Number, Addition: a.Addition, Postcode: a.Postcode, Town: a.Town}
	p.Household.Members = []wijkregie.HandoverMember{}
	today := wijkregie.Today(now)
	ms, ps, err := q.HouseholdMembers(ctx, municipalityID, c.HouseholdID)
	if err != nil {
		return nil, nil, err
	}
	refs := map[string]string{} // person id → package ref
	// As a family introduces itself (and the printed plan lists it): the
	// parents and partners first, then the children and the others, the
	// eldest first; the order of the package is the same on both sides.
	order := make([]int, 0, len(ms))
	for i, mb := range ms {
		if mb.From.After(today) || !mb.Until.IsZero() && mb.Until.Before(today) {
			continue
		}
		order = append(order, i)
	}
	slices.SortStableFunc(order, func(i, j int) int {
		return cmp.Or(cmp.Compare(slices.Index(wijkregie.Relations, ms[i].Relation), slices.Index(wijkregie.Relations, ms[j].Relation)),
			cmpBirth(ps[i].BirthDate, ps[j].BirthDate), cmp.Compare(ps[i].FullName(), ps[j].FullName()))
	})
	for _, i := range order {
		mb, x := ms[i], ps[i]
		ref := fmt.Sprintf("p%d", len(p.Persons)+1)
		refs[x.ID] = ref
		memberIDs = append(memberIDs, x.ID)
		p.Persons = append(p.Persons, wijkregie.HandoverPerson{Ref: ref, BSN: x.BSN.Digits(), GivenName: x.GivenName, Prefix: x.Prefix,
			FamilyName: x.FamilyName, BirthDate: wijkregie.HandoverDate(x.BirthDate), Phone: x.Phone, Email: x.Email})
		p.Household.Members = append(p.Household.Members, wijkregie.HandoverMember{Person: ref, Relation: string(mb.Relation),
			From: wijkregie.HandoverDate(mb.From), Until: wijkregie.HandoverDate(mb.Until)})
	}

	// The case, with the signals that led to it.
	p.Case = wijkregie.HandoverCase{Status: string(c.Status), Level: string(c.Level), Domains: nonNil(c.Domains), OpenedAt: wijkregie.HandoverMoment(c.OpenedAt),
		LegalGround: string(c.LegalGround), LegalGroundNote: c.LegalGroundNote, Signals: []wijkregie.HandoverSignal{}}
	sigs, err := q.CaseSignals(ctx, municipalityID, c.ID)
	if err != nil {
		return nil, nil, err
	}
	for _, sg := range sigs {
		p.Case.Signals = append(p.Case.Signals, wijkregie.HandoverSignal{ReceivedAt: wijkregie.HandoverMoment(sg.ReceivedAt), Kind: string(sg.Kind),
			Domains: nonNil(sg.Domains), Description: sg.Description})
	}

	// Every plan version, oldest first.
	if plan != nil {
		p.Case.PlanStatus = string(plan.Status)
		slices.SortFunc(versions, func(a, b store.PlanVersionInfo) int { return cmp.Compare(a.Version, b.Version) })
		for _, vi := range versions {
			pv, err := q.PlanVersion(ctx, municipalityID, plan.ID, vi.Version)
			if err != nil {
				return nil, nil, err
			}
			p.PlanVersions = append(p.PlanVersions, packagePlanVersion(pv, userName(pv.SavedBy), orgs))
		}
	}

	// The assessments, with the scores of the members named.
	for _, as := range assessments {
		x := wijkregie.HandoverAssessment{Moment: string(as.Moment), Date: wijkregie.HandoverDate(as.Date), Instrument: as.Instrument,
			Assessor: userName(as.AssessorID), Scores: []wijkregie.HandoverScore{}}
		for _, sc := range as.Scores {
			if ref, ok := refs[sc.PersonID]; ok {
				x.Scores = append(x.Scores, wijkregie.HandoverScore{Person: ref, Domain: sc.Domain, Level: sc.Level, Rationale: sc.Rationale, Target: sc.Target})
			}
		}
		slices.SortFunc(x.Scores, func(a, b wijkregie.HandoverScore) int {
			return cmp.Or(cmp.Compare(len(a.Person), len(b.Person)), cmp.Compare(a.Person, b.Person), cmp.Compare(a.Domain, b.Domain))
		})
		if len(x.Scores) > 0 {
			p.Assessments = append(p.Assessments, x)
		}
	}

	// The parties the receiver may learn of, and the consents as
	// information.
	consents, err := q.HouseholdConsents(ctx, municipalityID, c.HouseholdID, wijkregie.ConsentScope{All: true})
	if err != nil {
		return nil, nil, err
	}
	grounds, err := q.SharingGrounds(ctx, municipalityID, c.ID)
	if err != nil {
		return nil, nil, err
	}
	facts := policy.PartnerFacts{Members: memberIDs, Consents: consents, Grounds: grounds}
	shared := map[string]bool{} // party ids named in the package
	for _, pt := range parties {
		if !pt.Until.IsZero() && !pt.Until.After(now) {
			continue
		}
		x := wijkregie.HandoverParty{Role: string(pt.Role), Note: pt.Note, From: wijkregie.HandoverDate(pt.From)}
		orgID := pt.OrganisationID
		if u := users[pt.UserID]; pt.UserID != "" {
			if u == nil {
				continue
			}
			x.Professional, orgID = u.Name, u.OrganisationID
		}
		o := orgs[orgID]
		if o == nil || !policy.SharedWithReceiver(o.ID, o.Kind, &facts, now) {
			continue
		}
		x.Organisation = *orgEntry(o)
		p.Parties = append(p.Parties, x)
		shared[pt.ID] = true
	}
	slices.SortStableFunc(consents, func(a, b wijkregie.Consent) int {
		return cmp.Compare(slices.Index(memberIDs, a.PersonID), slices.Index(memberIDs, b.PersonID))
	})
	for _, cs := range consents {
		ref, ok := refs[cs.PersonID]
		if !ok {
			continue
		}
		x := wijkregie.HandoverConsent{Person: ref, Purpose: string(cs.Purpose), Domains: nonNil(cs.Domains), GivenOn: wijkregie.HandoverDate(cs.GivenOn),
			Until: wijkregie.HandoverDate(cs.Until), Status: string(cs.StatusAt(now))}
		if o := orgs[cs.OrganisationID]; cs.OrganisationID != "" && o != nil {
			x.Recipient, x.Kind = o.Name, string(o.Kind)
		} else {
			x.Recipient, x.Kind = "alle organisaties van de soort "+string(cs.OrganisationKind), string(cs.OrganisationKind)
		}
		p.Consents = append(p.Consents, x)
	}

	// The history summary: what happened, in generated words.
	for _, e := range events {
		p.History = append(p.History, wijkregie.HandoverEvent{At: wijkregie.HandoverMoment(e.At), Kind: string(e.Kind),
			Text: historyText(e, userName, parties, shared, orgs)})
	}
	p.Seal()
	return p, memberIDs, nil
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

func orgEntry(o *wijkregie.Organisation) *wijkregie.HandoverOrgEntry {
	return &wijkregie.HandoverOrgEntry{Name: o.Name, Kind: string(o.Kind), Phone: o.Phone, Email: o.Email}
}

// packagePlanVersion writes a plan version for the package; a partner's
// goal names its organisation.
func packagePlanVersion(pv *wijkregie.Plan, savedBy string, orgs map[string]*wijkregie.Organisation) wijkregie.HandoverPlanVersion {
	x := wijkregie.HandoverPlanVersion{Version: pv.Version, SavedAt: wijkregie.HandoverMoment(pv.SavedAt), SavedBy: savedBy, Note: pv.Note,
		Variant: string(pv.Variant), GoingWell: pv.GoingWell, OwnStrength: pv.OwnStrength, SupportNeeded: pv.SupportNeeded,
		Worries: []wijkregie.HandoverWorry{}, Goals: []wijkregie.HandoverGoal{}, MeetingDate: wijkregie.HandoverDate(pv.MeetingDate),
		Participants: pv.Participants, EvaluationDate: wijkregie.HandoverDate(pv.EvaluationDate)}
	if pv.Agreed() {
		x.Agreement = &wijkregie.HandoverAgreement{Date: wijkregie.HandoverDate(pv.AgreedOn), How: string(pv.AgreedHow)}
	}
	for _, w := range pv.Worries {
		x.Worries = append(x.Worries, wijkregie.HandoverWorry{Text: w.Text, Priority: w.Priority})
	}
	for _, g := range pv.Goals {
		hg := wijkregie.HandoverGoal{ID: g.ID, Domain: g.Domain, Description: g.Description, SuccessCriterion: g.SuccessCriterion,
			TargetDate: wijkregie.HandoverDate(g.TargetDate), Owner: string(g.Owner), Status: string(g.Status), Actions: []wijkregie.HandoverAction{}}
		if o := orgs[g.OrganisationID]; g.OrganisationID != "" {
			hg.Organisation = "onbekende organisatie"
			if o != nil {
				hg.Organisation = o.Name
			}
		}
		for _, a := range g.Actions {
			hg.Actions = append(hg.Actions, wijkregie.HandoverAction{ID: a.ID, What: a.What, Who: a.Who, Start: wijkregie.HandoverDate(a.Start),
				Due: wijkregie.HandoverDate(a.Due), Status: string(a.Status)})
		}
		x.Goals = append(x.Goals, hg)
	}
	return x
}

// historyWords are the package's words for the events of a case, in
// Dutch as the receiving team reads them.
var historyWords = map[wijkregie.CaseEventKind]string{
	wijkregie.EventOpened:       "Casus geopend",
	wijkregie.EventStatus:       "Status gewijzigd",
	wijkregie.EventLevel:        "Niveau gewijzigd",
	wijkregie.EventCoordinator:  "Regisseur toegewezen",
	wijkregie.EventSignalJoined: "Signaal bij de casus gevoegd",
	wijkregie.EventPartyAdded:   "Betrokkene toegevoegd",
	wijkregie.EventPartyEnded:   "Betrokkene beëindigd",
	wijkregie.EventMeldcode:     "Meldcode-route: stap vastgelegd",
	wijkregie.EventEscalation:   "Opschaling naar een partner",
	wijkregie.EventEnforcement:  "Besluit met doorzettingsmacht",
	wijkregie.EventPlan:         "Plan opgeslagen",
	wijkregie.EventAssessment:   "ZRM-meting vastgelegd",
	wijkregie.EventClosed:       "Casus afgesloten",
	wijkregie.EventImported:     "Overgenomen uit een andere gemeente",
}

// historyText is an event's line in the package: generated from its kind
// and its codes, never its hand-written reason (which may hold anything
// about the family). A party is named only when the package names it.
func historyText(e wijkregie.CaseEvent, userName func(string) string, parties []wijkregie.Party, shared map[string]bool,
	orgs map[string]*wijkregie.Organisation) string {
	w, ok := historyWords[e.Kind]
	if !ok {
		w = "Gebeurtenis: " + string(e.Kind)
	}
	switch e.Kind {
	case wijkregie.EventOpened:
		return w + " (niveau " + e.To + ")"
	case wijkregie.EventStatus, wijkregie.EventLevel:
		return w + ": van " + e.From + " naar " + e.To
	case wijkregie.EventCoordinator:
		return w + ": " + userName(e.To)
	case wijkregie.EventPlan:
		return w + " (versie " + e.To + ")"
	case wijkregie.EventPartyAdded:
		for _, pt := range parties {
			if shared[pt.ID] && e.To == pt.UserID+pt.OrganisationID {
				if pt.UserID != "" {
					return w + ": " + userName(pt.UserID)
				}
				return w + ": " + orgs[pt.OrganisationID].Name
			}
		}
	case wijkregie.EventImported:
		return w + ": " + e.From
	}
	return w
}

// importAuthor is in whose name an import writes: plan versions, the
// assessments and the history name a user of the receiving municipality,
// the one who read the package in (the original authors travel by name,
// as text).
type importAuthor struct {
	ID string
}

// importHandoverPackage reads a package into the actor's municipality as
// a new case of the team, in the caller's transaction q: the persons
// matched by BSN (hash) and birth date in the municipality and reused, or
// created; a new
// household at the package's address; the case, waiting for the team
// lead to assign a regisseur (status aangemeld: no re-intake, the
// regisseur continues the plan); every plan version in order with its
// original moment, its saver's name in its note; the assessments; the
// parties whose organisation the directory knows by name (others as a
// line of history); the history as events marked overgenomen uit the
// sending municipality. A package read before (its id or its hash) is
// the conflict fout.pakket.al_ingelezen. It validates the package, and
// neither decides nor audits: the caller does, also the memberships of
// other households it ended (the summary's EndedMemberships, endedEvents).
func (s *Service) importHandoverPackage(ctx context.Context, q *store.Q, actor wijkregie.Actor, teamID string, p *wijkregie.HandoverPackage) (*HandoverImportSummary, error) {
	return importPackage(ctx, q, actor.MunicipalityID, importAuthor{ID: actor.UserID}, teamID, p)
}

// HandoverImportSummary says what a package became: the case, the persons
// it names here (reused by BSN or created), and how much of it was
// written.
type HandoverImportSummary struct {
	CaseID         string
	PersonIDs      []string // in the package's order
	PersonsReused  int
	PersonsCreated int
	PlanVersions   int
	Assessments    int
	Parties        int // joined the case: their organisation is known here
	PartiesAsText  int // a line of history: not in the directory here
	HistoryLines   int
	EarlierCaseID  string // a repeat: the case the package became before
	// EndedMemberships are the memberships of other households here that
	// the import ended (a person reused by BSN moved from there): each
	// is a change of that household, which the caller audits.
	EndedMemberships []wijkregie.Member
	DryRun           bool
	SenderName       string
	SenderTeam       string
	SenderContact    string // the regisseur there, by name
}

func importPackage(ctx context.Context, q *store.Q, municipalityID string, by importAuthor, teamID string, p *wijkregie.HandoverPackage) (*HandoverImportSummary, error) {
	sum := &HandoverImportSummary{SenderName: p.Sender.MunicipalityName, SenderTeam: p.Sender.Team}
	if p.Sender.Coordinator != nil {
		sum.SenderContact = p.Sender.Coordinator.Name
	}
	caseID, err := importPackageInto(ctx, q, municipalityID, by, teamID, p, sum)
	if err != nil {
		return sum, err
	}
	sum.CaseID = caseID
	return sum, nil
}

func importPackageInto(ctx context.Context, q *store.Q, municipalityID string, by importAuthor, teamID string, p *wijkregie.HandoverPackage,
	sum *HandoverImportSummary) (string, error) {
	if err := p.Validate(); err != nil {
		return "", err
	}
	switch prev, err := q.HandoverImportOf(ctx, municipalityID, p.ID, p.Hash); {
	case err == nil:
		sum.EarlierCaseID = prev.CaseID
		return "", wijkregie.Conflict("fout.pakket.al_ingelezen")
	case wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND:
		return "", err
	}
	if p.Sender.MunicipalityCode == municipalityID {
		return "", wijkregie.InvalidField("afzender.gemeentecode", "veld.pakket.eigen_gemeente")
	}
	if !wijkregie.ValidID(teamID) {
		return "", wijkregie.InvalidField("team", "veld.team.onbekend")
	}
	team, err := q.Team(ctx, municipalityID, teamID)
	if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND || err == nil && !team.Active {
		return "", wijkregie.InvalidField("team", "veld.team.onbekend")
	}
	if err != nil {
		return "", err
	}
	now := q.Now()
	today := wijkregie.Today(now)
	from := p.Sender.MunicipalityName
	mark := func(at, text string) string {
		return "Overgenomen uit " + from + " (" + dutchDay(wijkregie.ParseHandoverMoment(at)) + "): " + text
	}

	// The household at the package's address, and its people.
	h := &wijkregie.Household{MunicipalityID: municipalityID, TeamID: teamID, Address: wijkregie.Address{Street: p.Household.Address.Street,
		Number: p.Household.Address.Number, Addition: p.Household.Address.Addition, Postcode: p.Household.Address.Postcode, Town: p.Household.Address.Town}}
	if err := q.CreateHousehold(ctx, h); err != nil {
		return "", prefixFields(err, "huishouden.adres.")
	}
	persons := map[string]string{} // ref → person id
	for i, x := range p.Persons {
		id, reused, err := importPerson(ctx, q, municipalityID, x)
		if err != nil {
			return "", prefixFields(err, fmt.Sprintf("personen[%d].", i))
		}
		persons[x.Ref] = id
		sum.PersonIDs = append(sum.PersonIDs, id)
		if reused {
			sum.PersonsReused++
		} else {
			sum.PersonsCreated++
		}
	}
	for i, mb := range p.Household.Members {
		pid := persons[mb.Person]
		// A person reused may still be a member of a household here (an
		// old address): that membership ends, as a move ends it.
		if hs, err := q.PersonHouseholds(ctx, municipalityID, pid); err != nil {
			return "", err
		} else {
			for _, other := range hs {
				old, err := q.Member(ctx, municipalityID, other, pid)
				if err != nil {
					return "", err
				}
				until := today.AddDate(0, 0, -1)
				if until.Before(old.From) {
					until = old.From
				}
				if err := old.End(until); err != nil {
					return "", err
				}
				if err := q.UpdateMember(ctx, old); err != nil {
					return "", err
				}
				sum.EndedMemberships = append(sum.EndedMemberships, *old)
			}
		}
		m := &wijkregie.Member{MunicipalityID: municipalityID, HouseholdID: h.ID, PersonID: pid, Relation: wijkregie.Relation(mb.Relation),
			From: wijkregie.ParseHandoverDate(mb.From), Until: wijkregie.ParseHandoverDate(mb.Until)}
		if err := q.AddMember(ctx, m); err != nil {
			return "", prefixFields(err, fmt.Sprintf("huishouden.leden[%d].", i))
		}
	}

	// The case, waiting for its regisseur.
	c := &wijkregie.Case{MunicipalityID: municipalityID, HouseholdID: h.ID, TeamID: teamID, Status: wijkregie.CaseRegistered,
		Level: wijkregie.CaseLevel(p.Case.Level), Domains: p.Case.Domains, OpenedBy: by.ID}
	if p.Case.LegalGround != "" {
		c.LegalGround = wijkregie.LegalGround(p.Case.LegalGround)
		c.LegalGroundNote = "Grondslag in " + from + ": " + p.Case.LegalGroundNote
	}
	if err := q.CreateCase(ctx, c); err != nil {
		return "", err
	}
	event := func(at time.Time, kind, text string) error {
		return q.At(func() time.Time { return at }).AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: municipalityID, CaseID: c.ID,
			Kind: wijkregie.EventImported, From: from, To: kind, Reason: text, By: by.ID})
	}

	// The history first, at its own moments, so the case's history reads
	// in order: what happened there, then what happens here.
	for _, e := range p.History {
		if err := event(wijkregie.ParseHandoverMoment(e.At), e.Kind, mark(e.At, e.Text)); err != nil {
			return "", err
		}
		sum.HistoryLines++
	}
	for _, sg := range p.Case.Signals {
		text := "signaal (" + sg.Kind + ", " + strings.Join(sg.Domains, ", ") + "): " + sg.Description
		if err := event(wijkregie.ParseHandoverMoment(sg.ReceivedAt), string(wijkregie.EventSignalJoined), mark(sg.ReceivedAt, text)); err != nil {
			return "", err
		}
	}

	// Partner organisations by name in the receiving directory.
	orgList, err := q.Organisations(ctx, municipalityID)
	if err != nil {
		return "", err
	}
	orgByName := func(name string) *wijkregie.Organisation {
		for i := range orgList {
			if orgList[i].Active && strings.EqualFold(strings.TrimSpace(orgList[i].Name), strings.TrimSpace(name)) {
				return &orgList[i]
			}
		}
		return nil
	}

	// The plan versions in order, at their original moments.
	var plan *wijkregie.Plan
	for i, pv := range p.PlanVersions {
		x := planFromPackage(pv, municipalityID, c.ID, by.ID, orgByName)
		at := wijkregie.ParseHandoverMoment(pv.SavedAt)
		note := mark(pv.SavedAt, "opgeslagen door "+pv.SavedBy)
		if pv.Note != "" {
			note += ". " + pv.Note
		}
		x.Note = note
		qa := q.At(func() time.Time { return at })
		if i == 0 {
			if err := qa.CreatePlan(ctx, x); err != nil {
				return "", err
			}
		} else {
			x.ID = plan.ID
			if err := qa.SavePlanVersion(ctx, x, plan.Version); err != nil {
				return "", err
			}
		}
		plan = x
		sum.PlanVersions++
	}
	if plan != nil {
		// The partner goals whose organisation is not known here are the
		// regisseur's now; the history says whose they were.
		for _, g := range p.PlanVersions[len(p.PlanVersions)-1].Goals {
			if g.Organisation != "" && orgByName(g.Organisation) == nil {
				if err := event(now, string(wijkregie.EventPlan), mark(p.CreatedAt, "doel ‘"+g.Description+"’ was van "+g.Organisation+
					", die hier niet in de organisatielijst staat; het doel staat nu op naam van de professional")); err != nil {
					return "", err
				}
			}
		}
	}

	// The assessments, as made there.
	for _, as := range p.Assessments {
		a := &wijkregie.Assessment{MunicipalityID: municipalityID, CaseID: c.ID, Moment: wijkregie.AssessmentMoment(as.Moment),
			Date: wijkregie.ParseHandoverDate(as.Date), AssessorID: by.ID, Instrument: as.Instrument}
		for _, sc := range as.Scores {
			a.Scores = append(a.Scores, wijkregie.Score{PersonID: persons[sc.Person], Domain: sc.Domain, Level: sc.Level, Rationale: sc.Rationale, Target: sc.Target})
		}
		if err := q.CreateAssessment(ctx, a); err != nil {
			return "", err
		}
		sum.Assessments++
		if err := event(now, string(wijkregie.EventAssessment), mark(p.CreatedAt, "ZRM-meting ("+as.Moment+") van "+
			dutchDay(wijkregie.ParseHandoverDate(as.Date))+" door "+as.Assessor)); err != nil {
			return "", err
		}
	}

	// The parties: an organisation known here joins the case; one that is
	// not is a line of history with its contact details.
	for _, pt := range p.Parties {
		note := pt.Note
		if pt.Professional != "" {
			note = strings.TrimSpace("contactpersoon " + pt.Professional + ". " + note)
		}
		if o := orgByName(pt.Organisation.Name); o != nil {
			if err := q.AddParty(ctx, c, &wijkregie.Party{OrganisationID: o.ID, Role: wijkregie.PartyRole(pt.Role), Note: note, AddedBy: by.ID}); err != nil {
				return "", err
			}
			sum.Parties++
			continue
		}
		sum.PartiesAsText++
		text := "betrokkene " + pt.Organisation.Name + " (" + pt.Organisation.Kind + ", " + pt.Role + ")"
		if pt.Organisation.Phone != "" {
			text += ", telefoon " + pt.Organisation.Phone
		}
		if note != "" {
			text += ": " + note
		}
		if err := event(now, string(wijkregie.EventPartyAdded), mark(p.CreatedAt, text+"; staat hier niet in de organisatielijst")); err != nil {
			return "", err
		}
	}
	if n := len(p.Consents); n > 0 {
		if err := event(now, "toestemming", mark(p.CreatedAt, fmt.Sprintf("%d toestemming(en) stonden daar geregistreerd; die gaan niet over "+
			"en worden hier zo nodig opnieuw gevraagd (zie het pakket)", n))); err != nil {
			return "", err
		}
	}
	if err := q.RecordHandoverImport(ctx, &store.HandoverImport{MunicipalityID: municipalityID, PackageID: p.ID, PackageHash: p.Hash,
		CaseID: c.ID, SenderCode: p.Sender.MunicipalityCode, SenderName: p.Sender.MunicipalityName, ImportedBy: by.ID}); err != nil {
		if _, ok := err.(*store.ErrPackageImported); ok {
			return "", wijkregie.Conflict("fout.pakket.al_ingelezen")
		}
		return "", err
	}
	return c.ID, nil
}

// importPerson returns the id of the package's person in the
// municipality: the person registered with the BSN, or a new record. A
// person without a BSN is always new: matching by name and birth date
// could join two different people, and a duplicate is merged by hand. A
// BSN registered here with another birth date is refused (bsn): one of
// the two records is wrong, and joining them would hand one person's
// case to another; a person is checked by hand first.
func importPerson(ctx context.Context, q *store.Q, municipalityID string, x wijkregie.HandoverPerson) (id string, reused bool, err error) {
	if x.BSN != "" {
		bsn, err := wijkregie.ParseBSN(x.BSN)
		if err != nil {
			return "", false, err
		}
		ms, err := q.SearchPersons(ctx, municipalityID, &wijkregie.PersonQuery{BSN: bsn})
		if err != nil {
			return "", false, err
		}
		if len(ms) > 0 {
			if got := ms[0].Person.BirthDate; !got.IsZero() && x.BirthDate != "" && !got.Equal(wijkregie.ParseHandoverDate(x.BirthDate)) {
				return "", false, wijkregie.InvalidField("bsn", "veld.pakket.bsn_geboortedatum")
			}
			return ms[0].Person.ID, true, nil
		}
	}
	per := &wijkregie.Person{MunicipalityID: municipalityID, BSN: wijkregie.BSN(x.BSN), GivenName: x.GivenName, Prefix: x.Prefix,
		FamilyName: x.FamilyName, BirthDate: wijkregie.ParseHandoverDate(x.BirthDate), Phone: x.Phone, Email: x.Email}
	if err := q.CreatePerson(ctx, per); err != nil {
		return "", false, err
	}
	return per.ID, false, nil
}

// planFromPackage is a package's plan version as the receiving store
// keeps it: a partner's goal names the organisation of the directory
// here, or, when there is none of that name, becomes the professional's.
func planFromPackage(pv wijkregie.HandoverPlanVersion, municipalityID, caseID, by string, orgByName func(string) *wijkregie.Organisation) *wijkregie.Plan {
	x := &wijkregie.Plan{MunicipalityID: municipalityID, CaseID: caseID, Variant: wijkregie.PlanVariant(pv.Variant), GoingWell: pv.GoingWell,
		OwnStrength: pv.OwnStrength, SupportNeeded: pv.SupportNeeded, MeetingDate: wijkregie.ParseHandoverDate(pv.MeetingDate),
		Participants: pv.Participants, EvaluationDate: wijkregie.ParseHandoverDate(pv.EvaluationDate), SavedBy: by}
	if pv.Agreement != nil {
		x.AgreedOn, x.AgreedHow = wijkregie.ParseHandoverDate(pv.Agreement.Date), wijkregie.AgreementHow(pv.Agreement.How)
	}
	for _, w := range pv.Worries {
		x.Worries = append(x.Worries, wijkregie.Worry{Text: w.Text, Priority: w.Priority})
	}
	for _, g := range pv.Goals {
		goal := wijkregie.Goal{ID: g.ID, Domain: g.Domain, Description: g.Description, SuccessCriterion: g.SuccessCriterion,
			TargetDate: wijkregie.ParseHandoverDate(g.TargetDate), Owner: wijkregie.GoalOwner(g.Owner), Status: wijkregie.GoalStatus(g.Status)}
		if goal.Owner == wijkregie.OwnerPartner {
			if o := orgByName(g.Organisation); o != nil {
				goal.OrganisationID = o.ID
			} else {
				goal.Owner = wijkregie.OwnerProfessional
			}
		}
		for _, a := range g.Actions {
			goal.Actions = append(goal.Actions, wijkregie.Action{ID: a.ID, What: a.What, Who: a.Who, Start: wijkregie.ParseHandoverDate(a.Start),
				Due: wijkregie.ParseHandoverDate(a.Due), Status: wijkregie.ActionStatus(a.Status)})
		}
		x.Goals = append(x.Goals, goal)
	}
	return x
}

// prefixFields names the fields of a validation error by their place in
// the package.
func prefixFields(err error, prefix string) error {
	e, ok := err.(*wijkregie.Error)
	if !ok || e.Code != wijkregie.EINVALID {
		return err
	}
	c := *e
	c.Fields = make([]wijkregie.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		c.Fields[i] = wijkregie.FieldError{Name: prefix + f.Name, Message: f.Message}
	}
	return &c
}

var dutchMonths = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

// dutchDay writes a day as the history's texts do: 12 maart 2026.
func dutchDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d %s %d", t.Day(), dutchMonths[t.Month()-1], t.Year())
}

// exportEvent is the audit record of a package's export, of kind export:
// on the case and, for each person the package names, on that person.
func exportEvent(caseID, personID string) wijkregie.Event {
	return wijkregie.Event{Action: string(policy.ExportHandoverPackage), SubjectKind: "casus", SubjectID: caseID, PersonID: personID, Purpose: PurposeTask}
}

// ExportHandoverPackage returns the case's overdrachtspakket for an actor
// who may export it (policy.DecideHandoverExport: the regisseur or the
// lead of the case's team): not found for a case they may not see,
// forbidden for one they see but may not export, the conflict
// fout.pakket.casus_gesloten for a closed case. The package is sent in
// the actor's name, sealed, and audited as an export on the case and on
// every person it names before it is returned.
func (s *Service) ExportHandoverPackage(ctx context.Context, actor wijkregie.Actor, caseID string) (*wijkregie.HandoverPackage, error) {
	_, now, err := s.caseTakeOut(ctx, actor, policy.ExportHandoverPackage, caseID, policy.DecideHandoverExport, exportEvent(caseID, ""))
	if err != nil {
		return nil, err
	}
	r := s.store.R()
	p, persons, err := buildPackage(ctx, r, actor.MunicipalityID, caseID, now)
	if err != nil {
		return nil, err
	}
	if u, err := r.User(ctx, actor.MunicipalityID, actor.UserID); err == nil {
		p.Sender.SentBy = wijkregie.HandoverContact{Name: u.Name, Email: u.Email}
		if p.Sender.Coordinator != nil && p.Sender.Coordinator.Email == u.Email {
			p.Sender.SentBy.Phone = p.Sender.Coordinator.Phone
		}
		p.Seal()
	} else if wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
		return nil, err
	}
	events := []wijkregie.Event{exportEvent(caseID, "")}
	for _, id := range persons {
		events = append(events, exportEvent(caseID, id))
	}
	if err := s.audit(ctx, actor, events...); err != nil {
		return nil, err
	}
	return p, nil
}

// endedEvents are the audit events of the memberships an import ended:
// each a change of that household, naming the person.
func endedEvents(sum *HandoverImportSummary) []wijkregie.Event {
	var out []wijkregie.Event
	for _, m := range sum.EndedMemberships {
		out = append(out, wijkregie.Event{Action: string(policy.ChangeHousehold), SubjectKind: "huishouden", SubjectID: m.HouseholdID,
			PersonID: m.PersonID, Purpose: PurposeTask})
	}
	return out
}

// HandoverImport says how to read a package in: for which team (""
// means the team lead's own, policy.ImportTeam), in whose name the
// records are written when the actor is the command line's system actor
// (AuthorID: a team lead or beheer of the municipality), and whether to
// write nothing (DryRun: everything is checked and rolled back).
type HandoverImport struct {
	TeamID   string
	AuthorID string
	DryRun   bool
}

// importEvent is the audit record of a package read in, of kind
// transfer: on the new case and on each person it names here.
func importEvent(caseID, personID string) wijkregie.Event {
	return wijkregie.Event{Action: string(policy.ImportHandoverPackage), SubjectKind: "casus", SubjectID: caseID, PersonID: personID, Purpose: PurposeTask}
}

// ImportHandoverPackage reads a package into the actor's municipality as
// a new case of the team (importHandoverPackage), for a team lead of
// that team or beheer (policy.DecideHandoverImport), in one transaction
// with its audit records: of kind transfer on the case and on every
// person. An invalid package is answered with its fields named (and
// nothing written), a package read before with the conflict
// fout.pakket.al_ingelezen (the summary's EarlierCaseID names its case).
// A dry run checks all of it and writes nothing, its summary counting
// what would have been written.
func (s *Service) ImportHandoverPackage(ctx context.Context, actor wijkregie.Actor, p *wijkregie.HandoverPackage, o HandoverImport) (*HandoverImportSummary, error) {
	if err := s.allow(actor, policy.ImportHandoverPackage); err != nil {
		return nil, err
	}
	if o.TeamID == "" {
		o.TeamID = policy.ImportTeam(actor)
	}
	if o.TeamID == "" {
		return nil, wijkregie.InvalidField("team", "veld.verplicht")
	}
	if err := policy.DecideHandoverImport(actor, actor.MunicipalityID, o.TeamID); err != nil {
		ev := importEvent("", "")
		ev.Result = wijkregie.AuditDenied
		if aerr := s.audit(ctx, actor, ev); aerr != nil {
			return nil, aerr
		}
		return nil, err
	}
	by := importAuthor{ID: actor.UserID}
	if actor.System() {
		u, err := s.store.R().User(ctx, actor.MunicipalityID, o.AuthorID)
		if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND || err == nil && (!u.Active || u.Role != wijkregie.RoleTeamLead && u.Role != wijkregie.RoleAdmin) {
			return nil, wijkregie.InvalidField("email", "veld.pakket.namens")
		}
		if err != nil {
			return nil, err
		}
		by.ID = u.ID
	}
	var sum *HandoverImportSummary
	err := s.store.Tx(ctx, func(q *store.Q) error {
		var err error
		if sum, err = importPackage(ctx, q, actor.MunicipalityID, by, o.TeamID, p); err != nil {
			return err
		}
		if o.DryRun {
			return errDryRun
		}
		recs := []wijkregie.AuditRecord{actor.Record(importEvent(sum.CaseID, ""))}
		for _, id := range sum.PersonIDs {
			recs = append(recs, actor.Record(importEvent(sum.CaseID, id)))
		}
		for _, e := range endedEvents(sum) {
			recs = append(recs, actor.Record(e))
		}
		return q.AppendAudit(ctx, recs...)
	})
	switch {
	case errors.Is(err, errDryRun):
		sum.DryRun, sum.CaseID, sum.PersonIDs, sum.EndedMemberships = true, "", nil, nil
		return sum, nil
	case err != nil:
		return sum, err
	}
	return sum, nil
}
