package app

import (
	"context"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// The sociale kaart. It holds no personal data, so reading it leaves no
// audit record; changing it does, as every change beheer makes.

// Services lists the catalogue entries the filter asks for. Only beheer
// sees inactive entries: everyone else consults the catalogue to refer
// someone, and an inactive service takes no referrals.
func (s *Service) Services(ctx context.Context, actor wijkregie.Actor, f store.ServiceFilter) ([]wijkregie.Service, int, error) {
	if err := s.allow(actor, policy.ViewCatalogue); err != nil {
		return nil, 0, err
	}
	if !policy.Allows(actor, policy.ManageCatalogue) {
		f.ActiveOnly = true
	}
	return s.store.R().Services(ctx, actor.MunicipalityID, f)
}

// Service returns one catalogue entry; an inactive one is not found but
// by beheer, as in the list.
func (s *Service) Service(ctx context.Context, actor wijkregie.Actor, id string) (*wijkregie.Service, error) {
	if err := s.allow(actor, policy.ViewCatalogue); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(id) {
		return nil, wijkregie.NotFound()
	}
	sv, err := s.store.R().Service(ctx, actor.MunicipalityID, id)
	if err != nil {
		return nil, err
	}
	if !sv.Active && !policy.Allows(actor, policy.ManageCatalogue) {
		return nil, wijkregie.NotFound()
	}
	return sv, nil
}

// SaveService creates the catalogue entry when it has no id, else changes
// it, and records the change in the audit log.
func (s *Service) SaveService(ctx context.Context, actor wijkregie.Actor, sv *wijkregie.Service) error {
	if err := s.allow(actor, policy.ManageCatalogue); err != nil {
		return err
	}
	sv.MunicipalityID = actor.MunicipalityID
	return s.store.Tx(ctx, func(q *store.Q) error {
		action := "sociale-kaart.wijzigen"
		if sv.ID == "" {
			action = "sociale-kaart.aanmaken"
			if err := q.CreateService(ctx, sv); err != nil {
				return err
			}
		} else if !wijkregie.ValidID(sv.ID) {
			return wijkregie.NotFound()
		} else if err := q.UpdateService(ctx, sv); err != nil {
			return err
		}
		return q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: action, SubjectKind: "dienst", SubjectID: sv.ID, Purpose: PurposeAdmin}))
	})
}
