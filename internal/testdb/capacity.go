package testdb

import (
	"context"
	"testing"

	"wijkregie/internal/store"
)

// ClearCapacities clears the hours per week of every member of the team
// (the demo sets them), for a test that starts from a team whose hours
// nobody set yet.
func ClearCapacities(t testing.TB, s *store.Store, municipalityID, teamID string) {
	t.Helper()
	ctx := context.Background()
	err := s.Tx(ctx, func(q *store.Q) error {
		ms, err := q.TeamCapacities(ctx, municipalityID, teamID)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if err := q.ClearCapacity(ctx, municipalityID, m.User.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
