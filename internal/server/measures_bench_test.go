package server_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/locale"
	"wijkregie/internal/metrics"
	"wijkregie/internal/policy"
	"wijkregie/internal/server"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// BenchmarkMeasures measures the dashboards and the reports of issue 7 as
// history grows (docs/benchmarks.md, docs/uitkomsten.md): the scale
// fixture of WIJKREGIE_BENCH_SCALE households with WIJKREGIE_BENCH_HISTORY
// years of history (default 5; history_bench_test.go), on both engines.
// The targets: a team dashboard renders in under 100 ms, the municipal
// report for a year completes in under 10 s, on 2 cores.
//
//	WIJKREGIE_BENCH_SCALE=1000000 go test ./internal/server -run '^$' -bench 'Measures/sqlite' -benchtime 20x -timeout 3h
//
// PostgreSQL copies the history fixture into WIJKREGIE_BENCH_PG_URL (kept
// between runs; filled when empty) or into the throwaway test server.
func BenchmarkMeasures(b *testing.B) {
	households := scaleFromEnv(b, "WIJKREGIE_BENCH_SCALE")
	years := 5
	if v := os.Getenv("WIJKREGIE_BENCH_HISTORY"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 2 || n > 9 {
			b.Fatalf("WIJKREGIE_BENCH_HISTORY=%q: want a number of years from 2 to 9", v)
		}
		years = n
	}
	history := func(b *testing.B) string {
		return historyFixture(b, households, years, func() string { return sqliteFixture(b, households) })
	}
	b.Run("sqlite", func(b *testing.B) {
		runMeasures(b, openSQLiteHistory(b, history(b)))
	})
	b.Run("postgres", func(b *testing.B) {
		runMeasures(b, openPostgresHistory(b, households, history(b)))
	})
}

// openSQLiteHistory opens the SQLite history fixture itself, not a copy:
// at 1,000,000 households it is some 17 GB, and the measures only read.
// Each run adds its sessions and audit records to it (kilobytes), which no
// measure counts.
func openSQLiteHistory(b *testing.B, fixture string) *store.Store {
	b.Helper()
	s, err := store.Open(context.Background(), store.Options{DataDir: fixture, Observe: storeOps.observe, BSNKeys: fixtureKeys(b, fixture)})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	return s
}

// openPostgresHistory opens the PostgreSQL database of the history
// fixture: WIJKREGIE_BENCH_PG_URL as it is when it holds that fixture,
// else (empty, or the throwaway server) filled by copying the SQLite one.
func openPostgresHistory(b *testing.B, n int, fixture string) *store.Store {
	b.Helper()
	ctx := context.Background()
	u := os.Getenv("WIJKREGIE_BENCH_PG_URL")
	if u == "" {
		var err error
		if u, err = testdb.PostgresURL(b); err != nil {
			if testdb.RequireAll() {
				b.Fatal(err)
			}
			b.Skipf("SKIPPING PostgreSQL: %v", err)
		}
	}
	s, err := store.Open(ctx, store.Options{DB: u, Observe: storeOps.observe, BSNKeys: fixtureKeys(b, fixture)})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	empty, err := demo.Empty(ctx, s)
	if err != nil {
		b.Fatal(err)
	}
	db, err := sql.Open("pgx", u)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if !empty {
		var households, copies int
		if err := db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM households), (SELECT COUNT(*) FROM cases WHERE id LIKE 'e%')`).Scan(&households, &copies); err != nil {
			b.Fatal(err)
		}
		if households != n || copies == 0 {
			b.Fatalf("the database of WIJKREGIE_BENCH_PG_URL holds %d households and %d historical cases, not the history fixture of %d households: "+
				"drop and create it, and it is filled anew", households, copies, n)
		}
		b.Logf("postgres: using the history fixture kept in WIJKREGIE_BENCH_PG_URL as it is")
		return s
	}
	copyToPostgres(b, filepath.Join(fixture, store.SQLiteFile), u)
	if _, err := db.ExecContext(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	return s
}

// measuresBench is what the measures' benchmarks use: the server over
// the fixture and the sessions of a team lead and a policy officer.
type measuresBench struct {
	*scaleBench
	lead, policy             wijkregie.Actor
	leadCookie, policyCookie string
}

func newMeasuresBench(b *testing.B, s *store.Store) *measuresBench {
	b.Helper()
	ctx := context.Background()
	cat, err := locale.Load()
	if err != nil {
		b.Fatal(err)
	}
	f := &scaleBench{s: s, svc: app.New(s, app.Options{PasswordParams: cheap}), client: &http.Client{}}
	h, err := server.New(server.Config{App: f.svc, Catalogue: cat, Metrics: metrics.NewRegistry()})
	if err != nil {
		b.Fatal(err)
	}
	f.srv = httptest.NewServer(h)
	b.Cleanup(f.srv.Close)
	m := &measuresBench{scaleBench: f}
	login := func(email string) (wijkregie.Actor, string) {
		secret, u, err := f.svc.Login(ctx, demo.MunicipalityID, email, demo.Password, "192.0.2.1")
		if err != nil {
			b.Fatalf("login %s: %v", email, err)
		}
		return wijkregie.ActorOf(u), secret
	}
	m.lead, m.leadCookie = login("teamleider@duinhaven.example")
	m.policy, m.policyCookie = login("beleid@duinhaven.example")
	return m
}

// runMeasures runs the sub-benchmarks on one engine's history fixture.
func runMeasures(b *testing.B, s *store.Store) {
	m := newMeasuresBench(b, s)
	ctx := context.Background()
	// The last whole calendar year: what a council asks for in spring.
	year := time.Now().Year() - 1
	lastYear := app.Period{From: time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)}
	rep, err := m.svc.OutcomeReport(ctx, m.policy, app.ReportQuery{Period: lastYear})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: the municipal outcome report of %d holds %d tables; %s", s.Dialect(), year, len(rep.Tables), closedIn(rep))
	// The team lead's dashboard as it opens (this quarter, the own team),
	// and the workload page beside it; then the same dashboard for a
	// whole year, the longest period the page offers by default.
	b.Run("TeamDashboard/http", func(b *testing.B) {
		measure(b, func(int) error { return m.get(m.leadCookie, "/dashboard") })
	})
	b.Run("TeamWorkload/http", func(b *testing.B) {
		measure(b, func(int) error { return m.get(m.leadCookie, "/dashboard/werklast") })
	})
	b.Run("TeamDashboardYear/http", func(b *testing.B) {
		path := fmt.Sprintf("/dashboard?van=%s&tot=%s", lastYear.From.Format(time.DateOnly), lastYear.To.Format(time.DateOnly))
		measure(b, func(int) error { return m.get(m.leadCookie, path) })
	})
	// The policy officer's dashboard of the whole municipality.
	b.Run("MunicipalDashboard/http", func(b *testing.B) {
		measure(b, func(int) error { return m.get(m.policyCookie, "/dashboard") })
	})
	// The council report of a year for the whole municipality, composed
	// and written as the command line writes it (PDF, with its charts).
	cat, err := locale.Load()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("MunicipalReportYear", func(b *testing.B) {
		measure(b, func(int) error {
			c, err := m.svc.ComposeReport(ctx, m.policy, app.ComposedQuery{Kind: policy.ReportCouncil, Period: lastYear}, func() {})
			if err != nil {
				return err
			}
			pdf, err := app.ComposedPDF(c, cat, locale.NL, func() {})
			if err == nil && len(pdf) == 0 {
				err = fmt.Errorf("an empty PDF")
			}
			return err
		})
	})
}

// closedIn says how many cases the report's ZRM and closure tables count,
// to show the year is not empty (the figures as the policy officer sees
// them: suppressed below 10).
func closedIn(r *app.Report) string {
	for _, t := range r.Tables {
		if t.ID == "afsluitredenen" {
			if n := len(t.Rows); n > 0 {
				last := t.Rows[n-1]
				if len(last.Cells) > 0 {
					return fmt.Sprintf("table %s, last row %q: %s", t.ID, last.Key, last.Cells[len(last.Cells)-1].Display())
				}
			}
		}
	}
	return "no closure table"
}
