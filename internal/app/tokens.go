package app

import (
	"context"
	"strings"

	"wijkregie"
	"wijkregie/internal/auth"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// CreateToken makes an API token for the actor themself; only the command
// line (the system actor) makes tokens for others. An administrator who
// could take a token for a professional could read that professional's
// families under their name. It returns the secret, which is shown once and
// never stored.
func (s *Service) CreateToken(ctx context.Context, actor wijkregie.Actor, userID, name string) (string, *store.Token, error) {
	if userID != actor.UserID && !actor.System() {
		return "", nil, wijkregie.Forbidden()
	}
	if err := s.tokenOwnerAllowed(actor, userID); err != nil {
		return "", nil, err
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return "", nil, wijkregie.InvalidField("naam", "veld.verplicht")
	}
	if len(name) > 100 {
		return "", nil, wijkregie.InvalidField("naam", "veld.te_lang")
	}
	if _, err := s.store.R().User(ctx, actor.MunicipalityID, userID); err != nil {
		return "", nil, err
	}
	secret := auth.NewToken(actor.MunicipalityID)
	t := &store.Token{MunicipalityID: actor.MunicipalityID, UserID: userID, Name: name, Hash: auth.HashSecret(secret)}
	err := s.store.Tx(ctx, func(q *store.Q) error {
		if err := q.CreateToken(ctx, t); err != nil {
			return err
		}
		return q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: "token.aanmaken", SubjectKind: "token", SubjectID: t.ID, Purpose: PurposeAdmin}))
	})
	if err != nil {
		return "", nil, err
	}
	return secret, t, nil
}

// Tokens lists a user's tokens.
func (s *Service) Tokens(ctx context.Context, actor wijkregie.Actor, userID string) ([]store.Token, error) {
	if err := s.tokenOwnerAllowed(actor, userID); err != nil {
		return nil, err
	}
	return s.store.R().Tokens(ctx, actor.MunicipalityID, userID)
}

// RevokeToken revokes a token at once.
func (s *Service) RevokeToken(ctx context.Context, actor wijkregie.Actor, userID, tokenID string) error {
	if err := s.tokenOwnerAllowed(actor, userID); err != nil {
		return err
	}
	if !wijkregie.ValidID(tokenID) {
		return wijkregie.NotFound()
	}
	return s.store.Tx(ctx, func(q *store.Q) error {
		if err := q.RevokeToken(ctx, actor.MunicipalityID, userID, tokenID); err != nil {
			return err
		}
		return q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: "token.intrekken", SubjectKind: "token", SubjectID: tokenID, Purpose: PurposeAdmin}))
	})
}

func (s *Service) tokenOwnerAllowed(actor wijkregie.Actor, userID string) error {
	if userID == actor.UserID {
		return s.allow(actor, policy.ManageOwnTokens)
	}
	return s.allow(actor, policy.ManageUsers)
}
