package app

import (
	"context"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// Teams lists the municipality's teams.
func (s *Service) Teams(ctx context.Context, actor wijkregie.Actor) ([]wijkregie.Team, error) {
	if err := s.allow(actor, policy.ViewDirectory); err != nil {
		return nil, err
	}
	return s.store.R().Teams(ctx, actor.MunicipalityID)
}

// Team returns one team.
func (s *Service) Team(ctx context.Context, actor wijkregie.Actor, id string) (*wijkregie.Team, error) {
	if err := s.allow(actor, policy.ViewDirectory); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(id) {
		return nil, wijkregie.NotFound()
	}
	return s.store.R().Team(ctx, actor.MunicipalityID, id)
}

// SaveTeam creates the team when it has no id, else changes it.
func (s *Service) SaveTeam(ctx context.Context, actor wijkregie.Actor, t *wijkregie.Team) error {
	if err := s.allow(actor, policy.ManageDirectory); err != nil {
		return err
	}
	t.MunicipalityID = actor.MunicipalityID
	return s.store.Tx(ctx, func(q *store.Q) error {
		action := "team.wijzigen"
		if t.ID == "" {
			action = "team.aanmaken"
			if err := q.CreateTeam(ctx, t); err != nil {
				return err
			}
		} else if !wijkregie.ValidID(t.ID) {
			return wijkregie.NotFound()
		} else if err := q.UpdateTeam(ctx, t); err != nil {
			return err
		}
		return q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: action, SubjectKind: "team", SubjectID: t.ID, Purpose: PurposeAdmin}))
	})
}

// Organisations lists the municipality's organisations.
func (s *Service) Organisations(ctx context.Context, actor wijkregie.Actor) ([]wijkregie.Organisation, error) {
	if err := s.allow(actor, policy.ViewDirectory); err != nil {
		return nil, err
	}
	return s.store.R().Organisations(ctx, actor.MunicipalityID)
}

// Organisation returns one organisation.
func (s *Service) Organisation(ctx context.Context, actor wijkregie.Actor, id string) (*wijkregie.Organisation, error) {
	if err := s.allow(actor, policy.ViewDirectory); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(id) {
		return nil, wijkregie.NotFound()
	}
	return s.store.R().Organisation(ctx, actor.MunicipalityID, id)
}

// SaveOrganisation creates the organisation when it has no id, else changes
// it.
func (s *Service) SaveOrganisation(ctx context.Context, actor wijkregie.Actor, o *wijkregie.Organisation) error {
	if err := s.allow(actor, policy.ManageDirectory); err != nil {
		return err
	}
	o.MunicipalityID = actor.MunicipalityID
	return s.store.Tx(ctx, func(q *store.Q) error {
		action := "organisatie.wijzigen"
		if o.ID == "" {
			action = "organisatie.aanmaken"
			if err := q.CreateOrganisation(ctx, o); err != nil {
				return err
			}
		} else if !wijkregie.ValidID(o.ID) {
			return wijkregie.NotFound()
		} else if err := q.UpdateOrganisation(ctx, o); err != nil {
			return err
		}
		return q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: action, SubjectKind: "organisatie", SubjectID: o.ID, Purpose: PurposeAdmin}))
	})
}

// Counts returns the home page's figures; household figures only as far as
// the actor's scope reaches.
func (s *Service) Counts(ctx context.Context, actor wijkregie.Actor) (store.Counts, error) {
	if err := s.allow(actor, policy.ViewHome); err != nil {
		return store.Counts{}, err
	}
	return s.store.R().Counts(ctx, actor.MunicipalityID, policy.Scope(actor))
}
