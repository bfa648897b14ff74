package app

import (
	"context"

	"wijkregie"
	"wijkregie/internal/auth"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// Users lists the municipality's users.
func (s *Service) Users(ctx context.Context, actor wijkregie.Actor, f store.UserFilter) ([]wijkregie.User, int, error) {
	if err := s.allow(actor, policy.ViewUsers); err != nil {
		return nil, 0, err
	}
	return s.store.R().Users(ctx, actor.MunicipalityID, f)
}

// User returns one user: any user to those who may view users, and oneself
// to everyone.
func (s *Service) User(ctx context.Context, actor wijkregie.Actor, id string) (*wijkregie.User, error) {
	if id != actor.UserID {
		if err := s.allow(actor, policy.ViewUsers); err != nil {
			return nil, err
		}
	} else if err := s.allow(actor, policy.ViewOwnAccount); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(id) {
		return nil, wijkregie.NotFound()
	}
	return s.store.R().User(ctx, actor.MunicipalityID, id)
}

// UserByEmail finds a user by login name, for the command line.
func (s *Service) UserByEmail(ctx context.Context, actor wijkregie.Actor, email string) (*wijkregie.User, error) {
	if err := s.allow(actor, policy.ViewUsers); err != nil {
		return nil, err
	}
	u, _, err := s.store.R().UserByEmail(ctx, actor.MunicipalityID, email)
	return u, err
}

// CreateUser adds a user with a password.
func (s *Service) CreateUser(ctx context.Context, actor wijkregie.Actor, u *wijkregie.User, password string) error {
	if err := s.allow(actor, policy.ManageUsers); err != nil {
		return err
	}
	u.MunicipalityID = actor.MunicipalityID
	// Validate before hashing: hashing is slow on purpose, and all field
	// errors should come back at once.
	var v wijkregie.Invalid
	if err := u.Validate(); err != nil {
		for _, f := range err.(*wijkregie.Error).Fields {
			v.Field(f.Name, f.Message)
		}
	}
	if err := wijkregie.ValidatePassword(password); err != nil {
		v.Field("wachtwoord", err.(*wijkregie.Error).Fields[0].Message)
	}
	if err := v.Err(); err != nil {
		return err
	}
	hash, err := auth.HashPassword(password, s.params)
	if err != nil {
		return err
	}
	return s.store.Tx(ctx, func(q *store.Q) error {
		if err := q.CreateUser(ctx, u, hash); err != nil {
			return err
		}
		return q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: "medewerker.aanmaken", SubjectKind: "medewerker", SubjectID: u.ID, Purpose: PurposeAdmin}))
	})
}

// UpdateUser changes a user; disabling one also ends their sessions.
func (s *Service) UpdateUser(ctx context.Context, actor wijkregie.Actor, u *wijkregie.User) error {
	if err := s.allow(actor, policy.ManageUsers); err != nil {
		return err
	}
	u.MunicipalityID = actor.MunicipalityID
	if !wijkregie.ValidID(u.ID) {
		return wijkregie.NotFound()
	}
	if u.ID == actor.UserID && (!u.Active || u.Role != actor.Role) {
		// An administrator cannot lock themself out by accident.
		return wijkregie.Conflict("fout.eigen_account")
	}
	return s.store.Tx(ctx, func(q *store.Q) error {
		if err := q.UpdateUser(ctx, u); err != nil {
			return err
		}
		if !u.Active {
			if err := q.DeleteUserSessions(ctx, u.MunicipalityID, u.ID); err != nil {
				return err
			}
		}
		return q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: "medewerker.wijzigen", SubjectKind: "medewerker", SubjectID: u.ID, Purpose: PurposeAdmin}))
	})
}

// SetUserActive enables or disables a user.
func (s *Service) SetUserActive(ctx context.Context, actor wijkregie.Actor, id string, active bool) error {
	u, err := s.User(ctx, actor, id)
	if err != nil {
		return err
	}
	u.Active = active
	return s.UpdateUser(ctx, actor, u)
}

// ResetPassword sets a new password for a user and ends their sessions.
func (s *Service) ResetPassword(ctx context.Context, actor wijkregie.Actor, id, password string) error {
	if err := s.allow(actor, policy.ManageUsers); err != nil {
		return err
	}
	if !wijkregie.ValidID(id) {
		return wijkregie.NotFound()
	}
	if err := wijkregie.ValidatePassword(password); err != nil {
		return err
	}
	hash, err := auth.HashPassword(password, s.params)
	if err != nil {
		return err
	}
	return s.store.Tx(ctx, func(q *store.Q) error {
		if err := q.SetPassword(ctx, actor.MunicipalityID, id, hash); err != nil {
			return err
		}
		if err := q.DeleteUserSessions(ctx, actor.MunicipalityID, id); err != nil {
			return err
		}
		return q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: "medewerker.wachtwoord", SubjectKind: "medewerker", SubjectID: id, Purpose: PurposeAdmin}))
	})
}
