package server_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
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

// BenchmarkScale measures the platform at the size of the country's
// caseload (docs/benchmarks.md): signal intake with matching, the triage
// queue and person search, over the demo municipality with
// WIJKREGIE_BENCH_SCALE households and five times as many signals, on both
// engines. It skips unless that variable is set, so `go test ./...` never
// builds the fixture:
//
//	WIJKREGIE_BENCH_SCALE=1000000 go test ./internal/server -run '^$' -bench Scale -benchtime 5s -timeout 3h
//
// One fixture per engine serves every sub-benchmark, which is also what
// lets IntakeHTTP quote its ratio to IntakeStore from the same run.
// WIJKREGIE_BENCH_PG_SCALE sets a smaller scale for PostgreSQL, whose
// fixture is built anew in the throwaway server each run; the SQLite
// fixture is built once and kept in WIJKREGIE_BENCH_DIR (default
// $TMPDIR/wijkregie-scale-N), and each run works on a copy of it.
func BenchmarkScale(b *testing.B) {
	households := scaleFromEnv(b, "WIJKREGIE_BENCH_SCALE")
	b.Run("sqlite", func(b *testing.B) {
		runScale(b, openSQLiteScale(b, households), func(b *testing.B, n int) *store.Store {
			s := testdb.SQLite(b, testdb.Options{})
			loadScale(b, s, n)
			return s
		})
	})
	b.Run("postgres", func(b *testing.B) {
		n := households
		if os.Getenv("WIJKREGIE_BENCH_PG_SCALE") != "" {
			n = scaleFromEnv(b, "WIJKREGIE_BENCH_PG_SCALE")
		}
		kept, copied := os.Getenv("WIJKREGIE_BENCH_PG_URL"), os.Getenv("WIJKREGIE_BENCH_PG_COPY") == "1"
		runScale(b, openPostgresScale(b, n, kept, copied), func(b *testing.B, n int) *store.Store {
			return openPostgresScale(b, n, "", false)
		})
	})
}

// Shape of the measurements.
const (
	// clientsPerCPU × GOMAXPROCS clients send signals at once, on both
	// paths: 8 on the 2-core reference machine.
	clientsPerCPU = 4
	// smallScale is the household count of the store of 10,000 signals
	// IntakeFlat compares with: the same five signals per household.
	smallScale = 2_000
	samples    = 10_000 // residents the intake and search draw from
	queuePage  = 50     // a page of the triage queue, as the team sees it
)

// scaleFromEnv reads a household count, or skips.
func scaleFromEnv(b *testing.B, name string) int {
	v := os.Getenv(name)
	if v == "" {
		b.Skipf("%s is not set: the scale benchmarks build a large demo (docs/benchmarks.md)", name)
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 100 || n > demo.MaxHouseholds {
		b.Fatalf("%s=%q: want a number of households from 100 to %d", name, v, demo.MaxHouseholds)
	}
	return n
}

// loadScale fills s with the demo at n households and 5n signals.
func loadScale(b *testing.B, s *store.Store, n int) {
	b.Helper()
	start := time.Now()
	if _, err := demo.Load(context.Background(), s, demo.Options{Households: n, Signals: 5 * n, PasswordParams: cheap}); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s fixture: %d households, %d signals built in %s", s.Dialect(), n, 5*n, time.Since(start).Round(time.Second))
}

// fixtureVersion names what the demo puts in a fixture; a cached SQLite
// fixture whose marker names another is built anew. Change it when the
// demo's data changes in a way the benchmarks would see.
const fixtureVersion = "organisation-1"

// sqliteFixture returns the folder of the cached SQLite fixture of n
// households, building it first when there is none, and migrated to the
// schema of this code (the work copies and the PostgreSQL copy then start
// from the same schema).
func sqliteFixture(b *testing.B, n int) string {
	b.Helper()
	dir := os.Getenv("WIJKREGIE_BENCH_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), fmt.Sprintf("wijkregie-scale-%d", n))
	}
	fixture, marker := filepath.Join(dir, "fixture"), filepath.Join(dir, "fixture", "complete")
	want := fmt.Sprintf("households=%d signals=%d fixture=%s\n", n, 5*n, fixtureVersion)
	if got, err := os.ReadFile(marker); err != nil || string(got) != want {
		if err == nil {
			b.Logf("sqlite fixture in %s is of another kind (%q): building it anew", fixture, strings.TrimSpace(string(got)))
		}
		building := filepath.Join(dir, "building")
		if err := os.RemoveAll(building); err != nil {
			b.Fatal(err)
		}
		s, err := store.Open(context.Background(), store.Options{DataDir: building})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Migrate(context.Background()); err != nil {
			b.Fatal(err)
		}
		loadScale(b, s, n)
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		os.RemoveAll(fixture)
		if err := os.Rename(building, fixture); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(marker, []byte(want), 0o600); err != nil {
			b.Fatal(err)
		}
	}
	start := time.Now()
	s, err := store.Open(context.Background(), store.Options{DataDir: fixture})
	if err != nil {
		b.Fatal(err)
	}
	applied, err := s.Migrate(context.Background())
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		b.Fatal(err)
	}
	if applied > 0 {
		b.Logf("sqlite fixture migrated (%d migrations) in %s", applied, time.Since(start).Round(time.Millisecond))
	}
	return fixture
}

// openSQLiteScale returns a working copy of the cached SQLite fixture,
// building the cache first when there is none.
func openSQLiteScale(b *testing.B, n int) *store.Store {
	b.Helper()
	return openSQLiteCopy(b, sqliteFixture(b, n))
}

// openSQLiteCopy opens a working copy of the SQLite fixture in the folder
// fixture, made beside it and removed after the benchmark.
func openSQLiteCopy(b *testing.B, fixture string) *store.Store {
	b.Helper()
	dir := filepath.Dir(fixture)
	// The benchmarks add signals and audit records: they work on a copy,
	// so every run starts from the same fixture.
	work := filepath.Join(dir, "work")
	if err := os.RemoveAll(work); err != nil {
		b.Fatal(err)
	}
	if err := os.MkdirAll(work, 0o700); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	for _, name := range []string{store.SQLiteFile, store.SQLiteFile + "-wal"} {
		if err := copyFile(filepath.Join(fixture, name), filepath.Join(work, name)); err != nil && !os.IsNotExist(err) {
			b.Fatal(err)
		}
	}
	// The copy leaves gigabytes of dirty pages for the kernel to write
	// back; measured before they are, every fsync of a commit waits for
	// that writeback (audit writes of 0.5–0.9 s at 1,000,000 households),
	// which is the copy's cost, not the store's.
	syscall.Sync()
	b.Logf("sqlite fixture copied from %s and synced in %s", fixture, time.Since(start).Round(time.Millisecond))
	s, err := store.Open(context.Background(), store.Options{DataDir: work, Observe: storeOps.observe, BSNKeys: fixtureKeys(b, fixture)})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close(); os.RemoveAll(work) })
	if _, err := s.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	return s
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// openPostgresScale builds the fixture in a fresh database of the test
// server and gathers the planner's statistics, as autovacuum would soon
// after a load this size. With copied, the rows come from the SQLite
// fixture (pgcopy_bench_test.go) instead of the demo. With kept, the URL
// of a database, it works in that database instead, filling it only when
// it is empty and keeping it afterwards: a build at full scale takes
// hours, too long to repeat for every change measured. Runs on a kept
// database do not start from the same data (each adds signals, plan
// versions and audit records), and one kept is for one scale.
func openPostgresScale(b *testing.B, n int, kept string, copied bool) *store.Store {
	b.Helper()
	u := kept
	if u == "" {
		var err error
		if u, err = testdb.PostgresURL(b); err != nil {
			if testdb.RequireAll() {
				b.Fatal(err)
			}
			b.Skipf("SKIPPING PostgreSQL: %v", err)
		}
	}
	ctx := context.Background()
	s, err := store.Open(ctx, store.Options{DB: u, Observe: storeOps.observe, BSNKeys: postgresKeys(b, n, kept, copied)})
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
	if !empty {
		// A load that was cut off leaves a store that is not empty but not
		// the fixture either.
		hs, err := s.R().CountRows(ctx, demo.MunicipalityID, []string{"households"})
		if err != nil {
			b.Fatal(err)
		}
		sigs, err := s.R().CountRows(ctx, demo.MunicipalityID, []string{"signals"})
		if err != nil {
			b.Fatal(err)
		}
		if hs[0].Rows != int64(n) || sigs[0].Rows < int64(5*n) {
			b.Fatalf("the database of WIJKREGIE_BENCH_PG_URL holds %d households and %d signals, not the fixture of %d and %d: "+
				"drop and create it, and it is built anew", hs[0].Rows, sigs[0].Rows, n, 5*n)
		}
		b.Logf("postgres: using the fixture kept in WIJKREGIE_BENCH_PG_URL as it is")
		return s
	}
	if copied {
		copyToPostgres(b, filepath.Join(sqliteFixture(b, n), store.SQLiteFile), u)
	} else {
		loadScale(b, s, n)
	}
	db, err := sql.Open("pgx", u)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	return s
}

// scaleBench is one engine's fixture with the server over it and what the
// benchmarks draw from.
type scaleBench struct {
	s      *store.Store
	svc    *app.Service
	srv    *httptest.Server
	client *http.Client
	actor  wijkregie.Actor // an ordinary professional, not an admin
	token  string
	res    []store.Resident // persons with their household, drawn at random
	small  *scaleBench      // the store of 10,000 signals, once built
	cw     *casework        // what the case-work benchmarks draw from, once found
}

func newScaleBench(b *testing.B, s *store.Store) *scaleBench {
	b.Helper()
	ctx := context.Background()
	cat, err := locale.Load()
	if err != nil {
		b.Fatal(err)
	}
	f := &scaleBench{s: s, svc: app.New(s, app.Options{PasswordParams: cheap})}
	h, err := server.New(server.Config{App: f.svc, Catalogue: cat, Metrics: metrics.NewRegistry()})
	if err != nil {
		b.Fatal(err)
	}
	f.srv = httptest.NewServer(h)
	b.Cleanup(f.srv.Close)
	// Keep a connection per client: the default two idle connections
	// would make most requests dial anew.
	clients := clientsPerCPU * runtime.GOMAXPROCS(0)
	f.client = &http.Client{Transport: &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients}}
	b.Cleanup(f.client.CloseIdleConnections)
	u, _, err := s.R().UserByEmail(ctx, demo.MunicipalityID, "professional@duinhaven.example")
	if err != nil {
		b.Fatal(err)
	}
	f.actor = wijkregie.ActorOf(u)
	if f.token, _, err = f.svc.CreateToken(ctx, f.actor, u.ID, "benchmark"); err != nil {
		b.Fatal(err)
	}
	// Reservoir sampling: every membership equally likely.
	r := rand.New(rand.NewPCG(1, 2))
	seen := 0
	err = s.R().Residents(ctx, demo.MunicipalityID, func(res store.Resident) error {
		seen++
		if len(f.res) < samples {
			f.res = append(f.res, res)
		} else if j := r.IntN(seen); j < samples {
			f.res[j] = res
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	r.Shuffle(len(f.res), func(i, j int) { f.res[i], f.res[j] = f.res[j], f.res[i] })
	return f
}

// runScale runs the sub-benchmarks on one engine's fixture; small builds
// the store of 10,000 signals IntakeFlat compares with.
func runScale(b *testing.B, s *store.Store, small func(b *testing.B, n int) *store.Store) {
	f := newScaleBench(b, s)
	var storeRate float64
	b.Run("IntakeStore", func(b *testing.B) {
		storeRate = f.intake(b, f.intakeStore)
	})
	b.Run("IntakeHTTP", func(b *testing.B) {
		rate := f.intake(b, f.intakeHTTP)
		if storeRate > 0 {
			b.ReportMetric(rate/storeRate, "x-store")
		} else {
			b.Log("no IntakeStore figure in this run: run both (-bench 'Scale/.*/Intake') for the ratio")
		}
	})
	var smallMean, smallP99 time.Duration
	b.Run("IntakeFlat/10k", func(b *testing.B) {
		// Built once, though the benchmark function runs several times.
		if f.small == nil {
			f.small = newScaleBench(b, small(b, smallScale))
		}
		smallMean, smallP99 = f.small.intakeLatency(b)
	})
	b.Run("IntakeFlat/full", func(b *testing.B) {
		mean, p99 := f.intakeLatency(b)
		if smallMean > 0 {
			b.ReportMetric(float64(mean)/float64(smallMean), "x-10k")
			b.ReportMetric(float64(p99)/float64(smallP99), "p99-x-10k")
		}
	})
	// The queue as the team's page shows it (app.TriageQueue): the
	// policy's scope, the households' addresses, and an audit record per
	// signal shown.
	b.Run("TriageQueue", func(b *testing.B) {
		ctx := context.Background()
		page := store.Page{Limit: queuePage}
		list, total, err := f.svc.TriageQueue(ctx, f.actor, page)
		if err != nil || len(list) == 0 {
			b.Fatalf("TriageQueue = %d rows of %d, %v; want a queue", len(list), total, err)
		}
		latencies(b, func(int) error {
			_, _, err := f.svc.TriageQueue(ctx, f.actor, page)
			return err
		})
	})
	people, addrs := f.searchInputs(b, 1000)
	b.Run("PersonSearch/name", func(b *testing.B) {
		latencies(b, func(i int) error {
			ms, err := f.svc.SearchPersons(context.Background(), f.actor, people[i%len(people)])
			if err == nil && len(ms) == 0 {
				err = fmt.Errorf("search %+v found nobody", people[i%len(people)])
			}
			return err
		})
	})
	b.Run("PersonSearch/address", func(b *testing.B) {
		latencies(b, func(i int) error {
			ms, err := f.svc.SearchPersons(context.Background(), f.actor, addrs[i%len(addrs)])
			if err == nil && len(ms) == 0 {
				err = fmt.Errorf("search %+v found nobody", addrs[i%len(addrs)])
			}
			return err
		})
	})
	runCasework(b, f)
}

// newSignal is the signal every intake registers, on a resident: a
// school's worry about the person, in their household.
func (f *scaleBench) newSignal(res store.Resident) *wijkregie.Signal {
	now := f.svc.Now()
	return &wijkregie.Signal{MunicipalityID: f.actor.MunicipalityID, Kind: wijkregie.SignalCareReport, PersonID: res.PersonID,
		HouseholdID: res.HouseholdID, SourceKind: wijkregie.SourceSchool, ReporterName: "Intern begeleider",
		Domains: []string{"financien", "huiselijke-relaties"}, Description: "Kind komt vaak te laat en zonder ontbijt.",
		Urgency: wijkregie.UrgencyNormal, ReceivedAt: now, TriageDeadline: wijkregie.TriageDeadline(now, wijkregie.UrgencyNormal),
		Status: wijkregie.SignalNew, TeamID: res.TeamID, CreatedBy: f.actor.UserID}
}

// intakeStore is the bare store's part of a signal's intake, as
// app.CreateSignal runs it in one transaction: the signal, its audit
// record, the matching with its inbox notifications, and an audit record
// per party told. No authentication, validation or lookups.
func (f *scaleBench) intakeStore(res store.Resident) error {
	ctx := context.Background()
	sig := f.newSignal(res)
	return f.s.Tx(ctx, func(q *store.Q) error {
		if err := q.CreateSignal(ctx, sig); err != nil {
			return err
		}
		ev := wijkregie.Event{Action: string(policy.CreateSignal), SubjectKind: "signaal", SubjectID: sig.ID, PersonID: sig.PersonID, Purpose: app.PurposeTask}
		if err := q.AppendAudit(ctx, f.actor.Record(ev)); err != nil {
			return err
		}
		n, err := q.MatchSignal(ctx, sig)
		if err != nil {
			return err
		}
		for range n {
			ev := wijkregie.Event{Action: "signaal.matchen", SubjectKind: "huishouden", SubjectID: sig.HouseholdID, PersonID: sig.PersonID, Purpose: app.PurposeTask}
			if err := q.AppendAudit(ctx, f.actor.Record(ev)); err != nil {
				return err
			}
		}
		return nil
	})
}

// intakeHTTP registers the same signal through the API: bearer token,
// JSON, validation, the lookups of app.CreateSignal, the transaction of
// intakeStore, and the answer (the signal as read back, audited).
func (f *scaleBench) intakeHTTP(res store.Resident) error {
	sig := f.newSignal(res)
	body, err := json.Marshal(map[string]any{"soort": sig.Kind, "persoon": sig.PersonID, "huishouden": sig.HouseholdID,
		"bron": sig.SourceKind, "melderNaam": sig.ReporterName, "domeinen": sig.Domains, "omschrijving": sig.Description,
		"urgentie": sig.Urgency})
	if err != nil {
		return err
	}
	req, err := http.NewRequest("POST", f.srv.URL+"/api/v1/signalen", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+f.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := f.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("POST /api/v1/signalen = %d: %s", resp.StatusCode, out)
	}
	return nil
}

// intake registers signals with clientsPerCPU clients per CPU at once and
// reports the rate and the latency each client saw; it returns the rate.
func (f *scaleBench) intake(b *testing.B, op func(store.Resident) error) float64 {
	b.SetParallelism(clientsPerCPU)
	var (
		mu   sync.Mutex
		all  []time.Duration
		next atomic.Int64
	)
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var lat []time.Duration
		for pb.Next() {
			res := f.res[int(next.Add(1))%len(f.res)]
			t := time.Now()
			if err := op(res); err != nil {
				b.Error(err)
				return
			}
			lat = append(lat, time.Since(t))
		}
		mu.Lock()
		all = append(all, lat...)
		mu.Unlock()
	})
	rate := float64(b.N) / time.Since(start).Seconds()
	b.ReportMetric(rate, "signals/s")
	reportPercentiles(b, all)
	return rate
}

// intakeLatency registers signals one at a time through the store and
// returns their mean and 99th percentile latency.
func (f *scaleBench) intakeLatency(b *testing.B) (mean, p99 time.Duration) {
	return latencies(b, func(i int) error { return f.intakeStore(f.res[i%len(f.res)]) })
}

// latencies runs op in a b.Loop, reports the 50th and 99th percentile of
// its durations, and returns their mean and 99th percentile.
func latencies(b *testing.B, op func(i int) error) (mean, p99 time.Duration) {
	var lat []time.Duration
	var sum time.Duration
	for i := 0; b.Loop(); i++ {
		t := time.Now()
		if err := op(i); err != nil {
			b.Fatal(err)
		}
		d := time.Since(t)
		lat = append(lat, d)
		sum += d
	}
	_, p99 = reportPercentiles(b, lat)
	return sum / time.Duration(max(1, len(lat))), p99
}

// reportPercentiles reports the 50th and 99th percentile in milliseconds.
func reportPercentiles(b *testing.B, lat []time.Duration) (p50, p99 time.Duration) {
	if len(lat) == 0 {
		return 0, 0
	}
	slices.Sort(lat)
	p50, p99 = lat[len(lat)*50/100], lat[min(len(lat)-1, len(lat)*99/100)]
	b.ReportMetric(float64(p50)/float64(time.Millisecond), "p50-ms")
	b.ReportMetric(float64(p99)/float64(time.Millisecond), "p99-ms")
	return p50, p99
}

// searchInputs returns n person searches by family name and birth date,
// and n by address, each of a resident of the fixture.
func (f *scaleBench) searchInputs(b *testing.B, n int) (byName, byAddress []wijkregie.PersonQueryInput) {
	ctx := context.Background()
	for _, res := range f.res[:min(n, len(f.res))] {
		p, err := f.s.R().Person(ctx, demo.MunicipalityID, res.PersonID)
		if err != nil {
			b.Fatal(err)
		}
		h, err := f.s.R().Household(ctx, demo.MunicipalityID, res.HouseholdID)
		if err != nil {
			b.Fatal(err)
		}
		byName = append(byName, wijkregie.PersonQueryInput{FamilyName: p.FamilyName, BirthDate: p.BirthDate.Format("2006-01-02")})
		byAddress = append(byAddress, wijkregie.PersonQueryInput{Postcode: h.Address.Postcode, Number: strconv.Itoa(h.Address.Number), Addition: h.Address.Addition})
	}
	return byName, byAddress
}
