package policy

import (
	"slices"
	"time"

	"wijkregie"
)

// Need-to-know for network partners (issue 5). Involvement lets a partner
// in; what it then sees depends on what the family agreed to or the law
// allows. A partner involved with a family:
//
//   - always sees that the family is known to the team, the team and who
//     the regisseur is (to reach them), its own signals and its own notes,
//     and may write a note for the regisseur;
//   - sees the case's frame, the family's members, the betrokkenen and
//     the notes for all involved only with informatie-delen: a consent of
//     a current member of the household naming its organisation (or its
//     kind), or a sharing ground of the case naming its organisation;
//   - sees and updates the plan's goals assigned to its organisation, in
//     the life domains a consent for uitvoeren-plan covers — or in every
//     domain, on a sharing ground for that purpose.
//
// A withdrawn consent or an ended ground counts from the moment it is
// recorded: the next request is decided without it.

// PartnerFacts are what decides a partner's access to one household or
// case beyond its involvement; the app reads them for partner actors.
type PartnerFacts struct {
	// Kind is the kind of the actor's organisation (a consent may name
	// every organisation of a kind).
	Kind wijkregie.OrganisationKind
	// Members are the persons currently member of the household: only
	// their consents count.
	Members []string
	// Consents are consents of the household's persons naming the
	// actor's organisation or its kind, in any state.
	Consents []wijkregie.Consent
	// Grounds are the sharing grounds of the household's open case (or
	// of the case decided on), in any state.
	Grounds []wijkregie.SharingGround
}

// PartnerAccess is what a partner may see and do on one family, worked
// out from PartnerFacts at a moment.
type PartnerAccess struct {
	Share   bool // informatie-delen: the frame, the family, the betrokkenen, notes for all involved
	Consult bool // overleg-team: the family may be discussed with the partner at the table
	// PlanDomains are the life domains in which the partner works on its
	// goals; AllPlanDomains when a sharing ground covers uitvoeren-plan.
	PlanDomains    []string
	AllPlanDomains bool
	// ByGround reports that some access rests on a legal ground rather
	// than consent, which the case page says.
	ByGround bool
}

// PlanCovers reports whether the partner may work on goals in domain.
func (a PartnerAccess) PlanCovers(domain string) bool {
	return a.AllPlanDomains || slices.Contains(a.PlanDomains, domain)
}

// Known reports that the partner has no access beyond knowing the family
// is known to the team and who its regisseur is.
func (a PartnerAccess) Known() bool {
	return !a.Share && !a.Consult && !a.AllPlanDomains && len(a.PlanDomains) == 0
}

// PartnerAccessOf works out a partner's access from the facts at now.
// Anyone not a partner of an organisation gets nothing from it: the
// team's own access rests on its statutory task, not on these facts.
func PartnerAccessOf(actor wijkregie.Actor, f *PartnerFacts, now time.Time) PartnerAccess {
	var a PartnerAccess
	if actor.Role != wijkregie.RolePartner || actor.OrganisationID == "" || f == nil {
		return a
	}
	for i := range f.Consents {
		c := &f.Consents[i]
		if !slices.Contains(f.Members, c.PersonID) {
			continue
		}
		switch {
		case c.Covers(actor.OrganisationID, f.Kind, wijkregie.ConsentShareInformation, "", now):
			a.Share = true
		case c.Covers(actor.OrganisationID, f.Kind, wijkregie.ConsentTeamConsultation, "", now):
			a.Consult = true
		case c.Covers(actor.OrganisationID, f.Kind, wijkregie.ConsentCarryOutPlan, "", now):
			for _, d := range c.Domains {
				if !slices.Contains(a.PlanDomains, d) {
					a.PlanDomains = append(a.PlanDomains, d)
				}
			}
		}
	}
	for i := range f.Grounds {
		g := &f.Grounds[i]
		for _, p := range g.Purposes {
			if !g.Covers(actor.OrganisationID, p, now) {
				continue
			}
			a.ByGround = true
			switch p {
			case wijkregie.ConsentShareInformation:
				a.Share = true
			case wijkregie.ConsentTeamConsultation:
				a.Consult = true
			case wijkregie.ConsentCarryOutPlan:
				a.AllPlanDomains = true
			}
		}
	}
	slices.Sort(a.PlanDomains)
	return a
}

// partnerShares reports whether a partner actor may see a household's
// data beyond its frame: informatie-delen by consent or ground. Other
// roles are not decided here.
func partnerShares(actor wijkregie.Actor, f *PartnerFacts, now time.Time) bool {
	return PartnerAccessOf(actor, f, now).Share
}

// DecidePartnerGoal returns nil when the actor may see and update the
// plan goal g of the case: a partner whose scope holds the case, the goal
// assigned to its organisation, in a domain its access covers, while the
// case is open.
func DecidePartnerGoal(actor wijkregie.Actor, s *CaseSubject, g *wijkregie.Goal, now time.Time) error {
	if !Allows(actor, WorkPartnerGoal) || s == nil || s.Case == nil || g == nil || !s.Case.Open() {
		return wijkregie.Forbidden()
	}
	if !InCaseScope(Scope(actor), s, now) {
		return wijkregie.Forbidden()
	}
	if g.Owner != wijkregie.OwnerPartner || g.OrganisationID == "" || g.OrganisationID != actor.OrganisationID {
		return wijkregie.Forbidden()
	}
	if !PartnerAccessOf(actor, s.Partner, now).PlanCovers(g.Domain) {
		return wijkregie.Forbidden()
	}
	return nil
}
