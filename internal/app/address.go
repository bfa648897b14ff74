package app

import (
	"context"
	"time"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// The household's address change, and the move it may mean for its case
// (docs/overdracht.md, "Verhuizing"). A household's address is its frame:
// who may change the household (policy ChangeHousehold: its regisseur,
// those involved with it, the lead of its team) records a move. The
// address it leaves is kept as history. When the new address lies outside
// the area of the team of the household's open case — in another team's
// area (wijkregie.ServingTeam), or in none: outside the municipality —
// the case's regisseur gets a notice and the task "Verhuizing: overdracht
// voorstellen", and the case page proposes the handover.

// handoverTaskTerm is how long the regisseur has to propose the handover
// after a move: the overlap's default, so the family is not left between
// two teams for longer than a warme overdracht takes.
const handoverTaskTerm = wijkregie.DefaultOverlapDays * 24 * time.Hour

func init() {
	InzageTables["handovers"] = "casussen.gebeurtenissen (elke stap van een overdracht is een gebeurtenis van de casus, met de reden)"
	InzageTables["household_addresses"] = "huishoudens.vorigeAdressen"
}

// ChangeAddress moves the household to the new address. In one
// transaction: the old address kept as history, the household at the new
// one (its team the one whose area holds it, unless an open case keeps
// it with the case's team until a handover), the move's notice and task
// for the regisseur when it proposes a handover, and the audit record.
// It returns the change, whose CaseID says whether a handover is
// proposed.
func (s *Service) ChangeAddress(ctx context.Context, actor wijkregie.Actor, householdID string, a wijkregie.Address) (*wijkregie.AddressChange, error) {
	if err := s.allow(actor, policy.ChangeAddress); err != nil {
		return nil, err
	}
	if err := s.allow(actor, policy.ChangeHousehold); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(householdID) {
		return nil, wijkregie.NotFound()
	}
	subj, err := s.subject(ctx, actor, householdID)
	if err != nil {
		return nil, err
	}
	ev := wijkregie.Event{Action: string(policy.ChangeAddress), SubjectKind: "huishouden", SubjectID: householdID, Purpose: PurposeTask}
	if err := s.decide(ctx, actor, policy.ChangeHousehold, subj, ev); err != nil {
		return nil, err
	}
	a.Postcode = wijkregie.NormalizePostcode(a.Postcode)
	if err := a.Validate(); err != nil {
		return nil, err
	}
	if a == subj.Household.Address {
		return nil, wijkregie.InvalidField("straat", "veld.adres.ongewijzigd")
	}
	var ch *wijkregie.AddressChange
	err = s.store.Tx(ctx, func(q *store.Q) error {
		hh, err := q.Household(ctx, actor.MunicipalityID, householdID)
		if err != nil {
			return err
		}
		teams, err := q.Teams(ctx, actor.MunicipalityID)
		if err != nil {
			return err
		}
		serving := wijkregie.ServingTeam(teams, a.Postcode)
		ch = &wijkregie.AddressChange{MunicipalityID: actor.MunicipalityID, HouseholdID: hh.ID, Old: hh.Address, New: a, ChangedBy: actor.UserID}
		team := serving
		c, err := q.OpenCase(ctx, actor.MunicipalityID, hh.ID)
		switch {
		case err == nil:
			// The case's team keeps the family until a handover moves it.
			team = c.TeamID
			if serving != c.TeamID {
				ch.CaseID, ch.ProposedTeamID = c.ID, serving
			}
		case wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND:
			return err
		}
		if err := q.ChangeAddress(ctx, ch, team); err != nil {
			return err
		}
		if ch.Proposes() {
			if err := proposeHandover(ctx, q, c, ch); err != nil {
				return err
			}
		}
		return q.AppendAudit(ctx, actor.Record(ev))
	})
	if err != nil {
		return nil, err
	}
	return ch, nil
}

// proposeHandover gives the case's regisseur (while there is none, the
// team) the task "Verhuizing: overdracht voorstellen" — one at a time —
// and the regisseur a notice in their inbox.
func proposeHandover(ctx context.Context, q *store.Q, c *wijkregie.Case, ch *wijkregie.AddressChange) error {
	switch _, err := q.OpenCaseTask(ctx, c.MunicipalityID, c.ID, wijkregie.TaskHandover); {
	case wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND:
		if err := q.CreateTask(ctx, &wijkregie.Task{MunicipalityID: c.MunicipalityID, Kind: wijkregie.TaskHandover, CaseID: c.ID,
			TeamID: c.TeamID, UserID: c.CoordinatorID, Due: q.Now().Add(handoverTaskTerm)}); err != nil {
			return err
		}
	case err != nil:
		return err
	}
	if c.CoordinatorID == "" {
		return nil
	}
	return q.CreateNotification(ctx, &wijkregie.Notification{MunicipalityID: c.MunicipalityID, RecipientID: c.CoordinatorID,
		Kind: wijkregie.NotificationHandover, HouseholdID: ch.HouseholdID, SubjectID: c.ID})
}

// AddressHistory returns the addresses the household left, the latest
// first, for those who may read the household (ViewHousehold); audited
// as a read of the household.
func (s *Service) AddressHistory(ctx context.Context, actor wijkregie.Actor, householdID string) ([]wijkregie.AddressChange, error) {
	if err := s.allow(actor, policy.ViewHousehold); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(householdID) {
		return nil, wijkregie.NotFound()
	}
	subj, err := s.subject(ctx, actor, householdID)
	if err != nil {
		return nil, err
	}
	ev := wijkregie.Event{Action: string(policy.ViewHousehold), SubjectKind: "huishouden", SubjectID: householdID, Purpose: PurposeTask}
	if err := s.decide(ctx, actor, policy.ViewHousehold, subj, ev); err != nil {
		return nil, err
	}
	hist, err := s.store.R().AddressHistory(ctx, actor.MunicipalityID, householdID)
	if err != nil {
		return nil, err
	}
	if err := s.audit(ctx, actor, ev); err != nil {
		return nil, err
	}
	return hist, nil
}

// InzagePreviousAddress is an address the household left, in a person's
// inzage: where it lived, and when the move was recorded.
type InzagePreviousAddress struct {
	Address InzageAddress `json:"adres"`
	Until   string        `json:"tot"`
}

// previousAddresses reads the household's former addresses for the
// inzage, the latest first.
func previousAddresses(ctx context.Context, q *store.Q, mid, householdID string) ([]InzagePreviousAddress, error) {
	hist, err := q.AddressHistory(ctx, mid, householdID)
	if err != nil {
		return nil, err
	}
	var out []InzagePreviousAddress
	for _, ch := range hist {
		a := ch.Old
		out = append(out, InzagePreviousAddress{Address: InzageAddress{Street: a.Street, Number: a.Number, Addition: a.Addition,
			Postcode: a.Postcode, Town: a.Town}, Until: ts(ch.ChangedAt)})
	}
	return out, nil
}
