package app

import (
	"context"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// Settings returns the municipality's triage terms, suggestion thresholds
// and caseload weights (the defaults until beheer sets its own).
func (s *Service) Settings(ctx context.Context, actor wijkregie.Actor) (wijkregie.Settings, error) {
	if err := s.allow(actor, policy.ViewSettings); err != nil {
		return wijkregie.Settings{}, err
	}
	return s.store.R().Settings(ctx, actor.MunicipalityID)
}

// SaveSettings stores the municipality's settings when set.Version is
// still the current one; the change is audited. New signals get their
// triage deadline from the new terms; signals already registered keep
// theirs.
func (s *Service) SaveSettings(ctx context.Context, actor wijkregie.Actor, set *wijkregie.Settings) error {
	if err := s.allow(actor, policy.ManageSettings); err != nil {
		return err
	}
	set.MunicipalityID, set.UpdatedBy = actor.MunicipalityID, actor.UserID
	if err := set.Validate(); err != nil {
		return err
	}
	return s.store.Tx(ctx, func(q *store.Q) error {
		if err := q.SaveSettings(ctx, set); err != nil {
			return err
		}
		return q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: string(policy.ManageSettings), SubjectKind: "instellingen",
			SubjectID: actor.MunicipalityID, Purpose: PurposeAdmin}))
	})
}
