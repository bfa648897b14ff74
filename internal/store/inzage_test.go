package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"wijkregie/internal/store"
)

// TestReadTx: a read transaction sees one moment — a change committed
// while it runs is not in it on either engine — and refuses to write.
func TestReadTx(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := context.Background()
		const m = "GM0001"
		newMunicipality(t, s, m)
		p := newPerson(t, s, m, "Voor", "")
		err := s.ReadTx(ctx, func(q *store.Q) error {
			got, err := q.Person(ctx, m, p.ID)
			if err != nil || got.FamilyName != "Voor" {
				t.Fatalf("first read: %v %+v", err, got)
			}
			// Another connection registers a second person meanwhile.
			newPerson(t, s, m, "Tijdens", "")
			merged, err := q.MergedPersons(ctx, m, p.ID)
			if err != nil || len(merged) != 0 {
				t.Errorf("merged: %v %v", merged, err)
			}
			var n int
			rows, err := store.QueryForTest(ctx, q, `SELECT COUNT(*) FROM persons WHERE municipality_id = $1`, m)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				if err := rows.Scan(&n); err != nil {
					t.Fatal(err)
				}
			}
			rows.Close()
			if n != 1 {
				t.Errorf("the read transaction counts %d persons; want 1, as when it began", n)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		err = s.ReadTx(ctx, func(q *store.Q) error {
			return store.ExecForTest(ctx, q, `UPDATE persons SET family_name = 'Na' WHERE municipality_id = $1`, m)
		})
		if err == nil {
			t.Error("a read transaction wrote")
		}
		if got, err := s.R().Person(ctx, m, p.ID); err != nil || got.FamilyName != "Voor" {
			t.Errorf("after the refused write: %v %+v", err, got)
		}
		c.Advance(time.Second)
	})
}

// TestPersonDataTables lists the same tables of personal data on both
// engines, among them the ones every export must cover.
func TestPersonDataTables(t *testing.T) {
	var first []string
	eachAt(t, func(t *testing.T, s *store.Store, _ *clock) {
		got, err := s.PersonDataTables(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"persons", "households", "members", "signals", "cases", "notes", "assessment_scores", "consents", "audit_log", "plan_versions", "task_events"} {
			if !slices.Contains(got, want) {
				t.Errorf("%s is not listed: %v", want, got)
			}
		}
		for _, no := range []string{"teams", "users", "services", "municipalities"} {
			if slices.Contains(got, no) {
				t.Errorf("%s holds no person's data, yet is listed", no)
			}
		}
		if first == nil {
			first = got
		} else if !slices.Equal(first, got) {
			t.Errorf("the engines list different tables:\n%v\n%v", first, got)
		}
	})
}
