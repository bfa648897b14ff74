package policy

import (
	"time"

	"wijkregie"
)

// Handover (overdracht, docs/overdracht.md). A handover is seen by two
// sides and nobody else:
//
//   - the sender: the case's regisseur and the lead of the case's team
//     offer it, withdraw it and complete it; the regisseur and lead as
//     they were at the offer keep that right after the case moved (a
//     team handover moves the case to the receiver's team);
//   - the receiver: the lead of the receiving team — of this or another
//     municipality on the platform — reads the offer and accepts it
//     (choosing the new regisseur from their team) or declines it with a
//     reason.
//
// What the offer holds of the family (the plan, the assessments, the
// parties as far as consent allows, the history) the receiving lead
// reads only while the offer is open (aangeboden): that is the one
// reading of a case across a team's, or a municipality's, border this
// policy allows. Partners, beleid, toezicht, beheer and the privacy
// officer see no handover. Moving the household (the address) is the
// household's change (ChangeHousehold).
const (
	ListHandovers    Action = "overdrachten.bekijken"
	ViewHandover     Action = "overdracht.lezen"
	OfferHandover    Action = "overdracht.aanbieden"
	AcceptHandover   Action = "overdracht.accepteren"
	DeclineHandover  Action = "overdracht.afwijzen"
	WithdrawHandover Action = "overdracht.intrekken"
	CompleteHandover Action = "overdracht.afronden"
	ChangeAddress    Action = "adres.wijzigen"
)

func init() {
	general[ListHandovers] = teamWork
	general[ViewHandover] = teamWork
	general[OfferHandover] = teamWork
	// Only a lead answers an offer (HandoverReceiver); the role table
	// lets the team's professionals as far as DecideHandover, so that one
	// of them, as anyone the offer is not for, finds no offer at all.
	general[AcceptHandover] = teamWork
	general[DeclineHandover] = teamWork
	general[WithdrawHandover] = teamWork
	general[CompleteHandover] = teamWork
	general[ChangeAddress] = teamWork
}

// HandoverSubject is a handover with its case as it stands in the
// sending municipality (nil when the reader is on the receiving side of
// another municipality, who never reads the case itself).
type HandoverSubject struct {
	Handover *wijkregie.Handover
	Case     *wijkregie.Case
}

// HandoverSender reports whether the actor acts for the sending side:
// the regisseur or the team lead as they were at the offer, or — while
// the case is still with the sending team — its current regisseur.
func HandoverSender(actor wijkregie.Actor, s HandoverSubject) bool {
	h := s.Handover
	if h == nil || actor.UserID == "" || actor.MunicipalityID != h.MunicipalityID || !teamWork[actor.Role] {
		return false
	}
	switch {
	case actor.UserID == h.FromCoordinatorID:
		return true
	case actor.Role == wijkregie.RoleTeamLead && actor.TeamID != "" && actor.TeamID == h.FromTeamID:
		return true
	case s.Case != nil && s.Case.TeamID == h.FromTeamID && s.Case.CoordinatorID == actor.UserID:
		return true
	}
	return false
}

// HandoverReceiver reports whether the actor is the lead of the
// receiving team on the platform.
func HandoverReceiver(actor wijkregie.Actor, h *wijkregie.Handover) bool {
	return h != nil && h.Kind != wijkregie.HandoverExternal && actor.UserID != "" && actor.Role == wijkregie.RoleTeamLead &&
		actor.MunicipalityID != "" && actor.MunicipalityID == h.ToMunicipalityID && actor.TeamID != "" && actor.TeamID == h.ToTeamID
}

// DecideHandover returns nil when the actor may take action a on the
// handover s:
//
//   - ViewHandover: the sender or the receiver (the record: who, when,
//     why, its status);
//   - WithdrawHandover, CompleteHandover: the sender;
//   - AcceptHandover, DeclineHandover: the receiver.
//
// Whether the step fits the handover's status is the domain's
// (wijkregie.Handover's methods): a conflict, not a refusal.
func DecideHandover(actor wijkregie.Actor, a Action, s HandoverSubject) error {
	if !Allows(actor, a) || s.Handover == nil {
		return wijkregie.Forbidden()
	}
	ok := false
	switch a {
	case ViewHandover:
		ok = HandoverSender(actor, s) || HandoverReceiver(actor, s.Handover)
	case WithdrawHandover, CompleteHandover:
		ok = HandoverSender(actor, s)
	case AcceptHandover, DeclineHandover:
		ok = HandoverReceiver(actor, s.Handover)
	}
	if !ok {
		return wijkregie.Forbidden()
	}
	return nil
}

// SeesOffer reports whether the actor reads, with the handover, what it
// offers of the family (the package: plan, assessments, parties as far as
// consent allows, history): the receiver while the offer is open. The
// sender reads the case itself, through DecideCase.
func SeesOffer(actor wijkregie.Actor, h *wijkregie.Handover) bool {
	return HandoverReceiver(actor, h) && h.Status == wijkregie.HandoverOffered && Allows(actor, ViewHandover)
}

// DecideOffer returns nil when the actor may offer the case s for
// handover: its regisseur or the lead of its team, as for any change of
// the case's course (DecideCase ChangeCase).
func DecideOffer(actor wijkregie.Actor, s *CaseSubject, now time.Time) error {
	if !Allows(actor, OfferHandover) {
		return wijkregie.Forbidden()
	}
	return DecideCase(actor, ChangeCase, s, now)
}
