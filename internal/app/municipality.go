package app

import (
	"context"

	"wijkregie"
	"wijkregie/internal/store"
)

// CreateMunicipality adds a tenant and starts its audit chain, whose first
// record is the creation itself. Only the system actor may: a tenant is set
// up by whoever runs the binary against the store, never through the web
// UI or the API, where every user already belongs to one municipality and
// an administrator's reach must end at its border. That is why no policy
// action exists for it.
func (s *Service) CreateMunicipality(ctx context.Context, actor wijkregie.Actor, m *wijkregie.Municipality) error {
	system := wijkregie.SystemActor(m.ID)
	if actor.UserID != system.UserID || actor.Role != wijkregie.RoleAdmin {
		return wijkregie.Forbidden()
	}
	return s.store.Tx(ctx, func(q *store.Q) error {
		if err := q.CreateMunicipality(ctx, m); err != nil {
			return err
		}
		return q.AppendAudit(ctx, system.Record(wijkregie.Event{Action: "gemeente.aanmaken", SubjectKind: "gemeente", SubjectID: m.ID, Purpose: PurposeAdmin}))
	})
}
