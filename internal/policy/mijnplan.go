package policy

import (
	"time"

	"wijkregie"
)

// What a family member does in Mijn Plan after logging in
// (docs/mijnplan.md), and what the team reads of it. Whether the person
// may use Mijn Plan for a household at all is ResidentHousehold's
// (resident.go): a current member of 16 or older, while the household's
// case is open or closed less than 90 days ago. On top of that:
//
//   - Reading the plan, the consents and one's own messages: while they
//     may use Mijn Plan.
//   - Changing the plan (an action added or marked done), giving consent
//     and writing to the regisseur: only while the case is open. After
//     closure the plan is read as it closed.
//   - Withdrawing a consent: at any moment they may log in — a withdrawal
//     is as easy as the consent (AVG art. 7(3)).
//   - Rating the help: once, after closure, within those 90 days.
//   - Consents: a member manages their own; a parent also those of the
//     household's children for whom the age rules ask a parent's consent
//     (under 16, wijkregie.ConsentGivers). From 16 a young person manages
//     their own and the parent does not see them.
//   - An action may be marked done when it is the family's: under a goal
//     the family or its network carries, or added in Mijn Plan.
//
// The team reads the family's messages and ratings as it reads the case's
// content (SeesCaseContent and ViewCase), and the regisseur or the team's
// lead marks a message read.
const (
	ViewMijnPlan            Action = "mijnplan.plan-bekijken"
	ViewMijnPlanConsents    Action = "mijnplan.toestemmingen-bekijken"
	GiveMijnPlanConsent     Action = "mijnplan.toestemming-geven"
	WithdrawMijnPlanConsent Action = "mijnplan.toestemming-intrekken"
	AddMijnPlanAction       Action = "mijnplan.actie-toevoegen"
	CompleteMijnPlanAction  Action = "mijnplan.actie-afronden"
	SendMijnPlanMessage     Action = "mijnplan.bericht-sturen"
	RateMijnPlan            Action = "mijnplan.beoordelen"

	ReadMijnPlanMessages    Action = "mijnplan.berichten-lezen"
	MarkMijnPlanMessageRead Action = "mijnplan.bericht-gelezen"
	ReadMijnPlanRatings     Action = "mijnplan.beoordelingen-lezen"
)

func init() {
	resident := roles(wijkregie.RoleResident)
	for _, a := range []Action{ViewMijnPlan, ViewMijnPlanConsents, GiveMijnPlanConsent, WithdrawMijnPlanConsent,
		AddMijnPlanAction, CompleteMijnPlanAction, SendMijnPlanMessage, RateMijnPlan} {
		general[a] = resident
	}
	general[ReadMijnPlanMessages] = teamWork
	general[MarkMijnPlanMessageRead] = teamWork
	general[ReadMijnPlanRatings] = teamWork
}

// DecideMijnPlan returns nil when the actor, a resident, may perform a in
// Mijn Plan for the household of f (see the rules above).
func DecideMijnPlan(actor wijkregie.Actor, a Action, f ResidentFacts) error {
	if !Allows(actor, a) {
		return wijkregie.Forbidden()
	}
	if err := ResidentHousehold(actor, f); err != nil {
		return err
	}
	now := f.Now
	if now.IsZero() {
		now = time.Now()
	}
	switch a {
	case ViewMijnPlan, ViewMijnPlanConsents, WithdrawMijnPlanConsent:
		return nil
	case GiveMijnPlanConsent, AddMijnPlanAction, CompleteMijnPlanAction, SendMijnPlanMessage:
		if f.CaseOpen {
			return nil
		}
	case RateMijnPlan:
		if !f.CaseOpen && wijkregie.RatingOpen(f.ClosedAt, now) {
			return nil
		}
	}
	return wijkregie.Forbidden()
}

// MijnPlanMember is a current member of the household as the consent rule
// weighs them: their relation and age today (-1 unknown).
type MijnPlanMember struct {
	PersonID string
	Relation wijkregie.Relation
	Age      int
}

// ManagesConsents reports whether the member self (the resident) sees and
// manages the consents of member m in Mijn Plan: their own; and, as a
// parent, a child's while the age rules ask a parent's consent for it
// (under 16). A child whose birth date is unknown consents themself
// (docs/consent.md), so the parent does not manage theirs.
func ManagesConsents(self, m MijnPlanMember) bool {
	if m.PersonID == self.PersonID {
		return true
	}
	if self.Relation != wijkregie.RelationParent || m.Relation != wijkregie.RelationChild || m.Age < 0 {
		return false
	}
	for _, g := range wijkregie.ConsentGivers(m.Age) {
		if g == wijkregie.GiverParent {
			return true
		}
	}
	return false
}

// DecideMijnPlanConsent returns nil when the actor may perform a
// (ViewMijnPlanConsents, GiveMijnPlanConsent, WithdrawMijnPlanConsent) on
// the consents of member subject, being member self of the household of
// f.
func DecideMijnPlanConsent(actor wijkregie.Actor, a Action, f ResidentFacts, self, subject MijnPlanMember) error {
	if err := DecideMijnPlan(actor, a, f); err != nil {
		return err
	}
	if self.PersonID != actor.UserID || !ManagesConsents(self, subject) {
		return wijkregie.Forbidden()
	}
	return nil
}

// FamilyAction reports whether an action of goal g is the family's to
// mark done in Mijn Plan: the goal is carried by the family or its
// network, or the family added the action in Mijn Plan. A professional's
// or a partner's action is theirs to report on.
func FamilyAction(g *wijkregie.Goal, addedByFamily bool) bool {
	return addedByFamily || g.Owner == wijkregie.OwnerFamily || g.Owner == wijkregie.OwnerNetwork
}

// DecideMijnPlanStaff returns nil when the actor may perform a
// (ReadMijnPlanMessages, ReadMijnPlanRatings, MarkMijnPlanMessageRead) on
// the case: reading as the case's content is read — the team, not a
// partner —, marking read the regisseur or the lead of the case's team.
func DecideMijnPlanStaff(actor wijkregie.Actor, a Action, s *CaseSubject, now time.Time) error {
	if !Allows(actor, a) || !SeesCaseContent(actor) || s == nil || s.Case == nil {
		return wijkregie.Forbidden()
	}
	if a == MarkMijnPlanMessageRead {
		c := s.Case
		lead := actor.Role == wijkregie.RoleTeamLead && actor.TeamID != "" && c.TeamID == actor.TeamID
		if lead || c.CoordinatorID != "" && c.CoordinatorID == actor.UserID {
			return nil
		}
		return wijkregie.Forbidden()
	}
	return DecideCase(actor, ViewCase, s, now)
}
