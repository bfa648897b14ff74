package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// Benchmarks of the queries behind every request (session, login), the
// busiest list, the audit write that every change makes, and the chain
// check an auditor runs — each on both engines.

// eachBench is testdb.Each for benchmarks: fn runs once per engine with a
// fresh, migrated store.
func eachBench(b *testing.B, fn func(b *testing.B, s *store.Store)) {
	b.Helper()
	b.Run("sqlite", func(b *testing.B) { fn(b, testdb.SQLite(b, testdb.Options{})) })
	b.Run("postgres", func(b *testing.B) { fn(b, testdb.Postgres(b, testdb.Options{})) })
}

// inBatches runs fn for i in [0, n) in transactions of size each.
func inBatches(b *testing.B, s *store.Store, n, size int, fn func(q *store.Q, i int) error) {
	b.Helper()
	for lo := 0; lo < n; lo += size {
		mustTx(b, s, func(q *store.Q) error {
			for i := lo; i < min(lo+size, n); i++ {
				if err := fn(q, i); err != nil {
					return err
				}
			}
			return nil
		})
	}
}

func BenchmarkAppendAudit(b *testing.B) {
	eachBench(b, func(b *testing.B, s *store.Store) {
		ctx := b.Context()
		newMunicipality(b, s, "GM0001")
		actor := wijkregie.Actor{MunicipalityID: "GM0001", UserID: "u1", Role: wijkregie.RoleProfessional}
		e := wijkregie.Event{Action: "persoon.lezen", SubjectKind: "persoon", SubjectID: "p1", PersonID: "p1", Purpose: "uitvoering-taak"}
		for b.Loop() {
			if err := s.Tx(ctx, func(q *store.Q) error { return q.AppendAudit(ctx, actor.Record(e)) }); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkHouseholdsProfessional lists the first page of a professional's
// households in a municipality of 10,000, each with a regisseur.
func BenchmarkHouseholdsProfessional(b *testing.B) {
	eachBench(b, func(b *testing.B, s *store.Store) {
		ctx := b.Context()
		const m, households, teams, perTeam = "GM0001", 10000, 10, 20
		newMunicipality(b, s, m)
		var pros []*wijkregie.User
		for i := range teams {
			team := newTeam(b, s, m, fmt.Sprintf("Team %d", i))
			for j := range perTeam {
				pros = append(pros, newUser(b, s, m, fmt.Sprintf("pro%d-%d@wijkteam.example", i, j), wijkregie.RoleProfessional, team.ID, ""))
			}
		}
		now := s.R().Now()
		// Household i belongs to team i%teams and has professional
		// i%len(pros) as regisseur, and the one before as a former one.
		inBatches(b, s, households, 1000, func(q *store.Q, i int) error {
			h := &wijkregie.Household{MunicipalityID: m, TeamID: pros[i%len(pros)].TeamID,
				Address: wijkregie.Address{Street: "Dorpsstraat", Number: 1 + i%500, Postcode: fmt.Sprintf("%dAB", 1000+i/500), Town: "Ergens"}}
			if err := q.CreateHousehold(ctx, h); err != nil {
				return err
			}
			if err := q.Involve(ctx, &wijkregie.Involvement{MunicipalityID: m, HouseholdID: h.ID, UserID: pros[(i+1)%len(pros)].ID,
				Kind: wijkregie.InvolvementContributor, From: now.AddDate(-1, 0, 0), Until: now.AddDate(0, -1, 0)}); err != nil {
				return err
			}
			return q.Involve(ctx, &wijkregie.Involvement{MunicipalityID: m, HouseholdID: h.ID, UserID: pros[i%len(pros)].ID,
				Kind: wijkregie.InvolvementCoordinator, From: now.AddDate(0, -1, 0)})
		})
		scope := policy.Scope(wijkregie.ActorOf(pros[7]))
		page := store.Page{Limit: 25}
		if list, total, err := s.R().Households(ctx, m, scope, page); err != nil || total != households/len(pros) || len(list) != 25 {
			b.Fatalf("Households = %d rows of %d, %v; want 25 of %d", len(list), total, err, households/len(pros))
		}
		for b.Loop() {
			if _, _, err := s.R().Households(ctx, m, scope, page); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkUserByEmail(b *testing.B) {
	eachBench(b, func(b *testing.B, s *store.Store) {
		ctx := b.Context()
		newMunicipality(b, s, "GM0001")
		inBatches(b, s, 1000, 500, func(q *store.Q, i int) error {
			return q.CreateUser(ctx, &wijkregie.User{MunicipalityID: "GM0001", Email: fmt.Sprintf("medewerker%d@gemeente.example", i),
				Name: fmt.Sprintf("Medewerker %d", i), Role: wijkregie.RoleAdmin}, "argon2id$hash")
		})
		for b.Loop() {
			if _, _, err := s.R().UserByEmail(ctx, "GM0001", "Medewerker617@gemeente.example"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkSession(b *testing.B) {
	eachBench(b, func(b *testing.B, s *store.Store) {
		ctx := b.Context()
		newMunicipality(b, s, "GM0001")
		u := newUser(b, s, "GM0001", "anna@gemeente.example", wijkregie.RoleAdmin, "", "")
		now := time.Now()
		inBatches(b, s, 1000, 500, func(q *store.Q, i int) error {
			return q.CreateSession(ctx, &store.Session{MunicipalityID: "GM0001", IDHash: fmt.Sprintf("%064d", i), UserID: u.ID,
				CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)})
		})
		hash := fmt.Sprintf("%064d", 617)
		for b.Loop() {
			if _, err := s.R().Session(ctx, "GM0001", hash, now); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkVerifyAudit(b *testing.B) {
	eachBench(b, func(b *testing.B, s *store.Store) {
		ctx := b.Context()
		const records = 10000
		newMunicipality(b, s, "GM0001")
		actor := wijkregie.Actor{MunicipalityID: "GM0001", UserID: "u1", Role: wijkregie.RoleProfessional}
		inBatches(b, s, records, 1000, func(q *store.Q, i int) error {
			p := fmt.Sprintf("p%d", i%300)
			return q.AppendAudit(ctx, actor.Record(wijkregie.Event{Action: "persoon.lezen", SubjectKind: "persoon", SubjectID: p, PersonID: p}))
		})
		verify := func(ctx context.Context) {
			brk, n, err := s.R().VerifyAudit(ctx, "GM0001", nil)
			if err != nil || brk != nil || n != records {
				b.Fatalf("VerifyAudit = %+v, %d, %v; want nil, %d, nil", brk, n, err, records)
			}
		}
		loops := 0
		for b.Loop() {
			verify(ctx)
			loops++
		}
		b.ReportMetric(float64(records*loops)/b.Elapsed().Seconds(), "records/s")
	})
}
