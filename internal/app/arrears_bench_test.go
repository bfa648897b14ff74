package app_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/bsnkey"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// BenchmarkImportArrears imports a creditors' file as the command line
// does (ImportArrearsFile: streamed, 1000 rows a transaction) and reports
// rows per second and the peak heap in use, sampled while it runs
// (docs/vroegsignalering.md, Benchmark). The file is generated anew for
// each iteration, outside the timing: most rows on the addresses of the
// store's households, about 11 % of those households with a second or
// third creditor, one row in ten on an address no household has yet.
//
// By default it imports 2,000 rows into a demo of 2,000 households on
// each engine. WIJKREGIE_BENCH_SCALE=N imports N rows into the fixture of
// N households that the scale benchmarks build (internal/server,
// docs/benchmarks.md): on SQLite a copy of the cached fixture in
// WIJKREGIE_BENCH_DIR (default $TMPDIR/wijkregie-scale-N; the original is
// never written), on PostgreSQL the database WIJKREGIE_BENCH_PG_URL
// (with WIJKREGIE_BENCH_PG_COPY=1 when it was copied from the SQLite
// fixture, whose BSN key it then shares):
//
//	WIJKREGIE_BENCH_SCALE=1000000 go test ./internal/app -run '^$' -bench 'ImportArrears/sqlite' -benchtime 1x -timeout 3h
func BenchmarkImportArrears(b *testing.B) {
	rows, scaled := 2_000, false
	if v := os.Getenv("WIJKREGIE_BENCH_SCALE"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 100 || n > demo.MaxHouseholds {
			b.Fatalf("WIJKREGIE_BENCH_SCALE=%q: want a number from 100 to %d", v, demo.MaxHouseholds)
		}
		rows, scaled = n, true
	}
	// WIJKREGIE_BENCH_ROWS imports fewer rows than the fixture has
	// households, for a quicker look (a profile) at the fixture's size.
	imported := rows
	if v := os.Getenv("WIJKREGIE_BENCH_ROWS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > rows {
			b.Fatalf("WIJKREGIE_BENCH_ROWS=%q: want a number from 1 to %d", v, rows)
		}
		imported = n
	}
	b.Run("sqlite", func(b *testing.B) {
		var s *store.Store
		if scaled {
			s = arrearsFixtureCopy(b, rows)
		} else {
			s = testdb.SQLite(b, testdb.Options{})
			benchDemo(b, s, rows)
		}
		benchImport(b, s, imported)
	})
	b.Run("postgres", func(b *testing.B) {
		var s *store.Store
		if scaled {
			s = arrearsPostgresFixture(b, rows)
		} else {
			s = testdb.Postgres(b, testdb.Options{})
			benchDemo(b, s, rows)
		}
		benchImport(b, s, imported)
	})
}

func benchDemo(b *testing.B, s *store.Store, households int) {
	b.Helper()
	if _, err := demo.Load(context.Background(), s, demo.Options{Households: households, PasswordParams: cheap}); err != nil {
		b.Fatal(err)
	}
}

// benchImport runs the benchmark on a store holding the demo
// municipality.
func benchImport(b *testing.B, s *store.Store, rows int) {
	ctx := context.Background()
	svc := app.New(s, app.Options{PasswordParams: cheap})
	actor := wijkregie.SystemActor(demo.MunicipalityID)
	dir := b.TempDir()
	var took time.Duration
	var imported int
	var peak uint64
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		path := filepath.Join(dir, fmt.Sprintf("levering-%d.csv", i))
		size := writeArrearsFile(b, s, path, rows, i)
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		sampler := sampleHeap()
		stopProfile := startProfile(b)
		b.StartTimer()
		start := time.Now()
		sum, err := svc.ImportArrearsFile(ctx, actor, f, app.ArrearsImport{Source: app.DeliveryFile})
		elapsed := time.Since(start)
		b.StopTimer()
		stopProfile()
		peak = max(peak, sampler())
		f.Close()
		os.Remove(path)
		if err != nil {
			b.Fatal(err)
		}
		if sum.Rejected > 0 {
			b.Fatalf("%d rows rejected: %+v", sum.Rejected, sum.Rejections[:min(5, len(sum.Rejections))])
		}
		took += elapsed
		imported += sum.Read
		b.Logf("%s: %d rows (%.1f MB) in %s: %d new, %d bundled, %d outreaches; peak heap in use %.1f MB",
			s.Dialect(), sum.Read, float64(size)/1e6, elapsed.Round(time.Millisecond), sum.New, sum.Bundled, sum.Outreaches, float64(peak)/1e6)
		b.StartTimer()
	}
	b.ReportMetric(float64(imported)/took.Seconds(), "rows/s")
	b.ReportMetric(float64(peak)/1e6, "peak-heap-MB")
}

// startProfile writes a CPU profile of the import alone, without the
// fixture's setup, to WIJKREGIE_BENCH_CPUPROFILE when it is set.
func startProfile(b *testing.B) (stop func()) {
	path := os.Getenv("WIJKREGIE_BENCH_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		b.Fatal(err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// sampleHeap samples the heap in use every 20 ms until the returned
// function is called, which returns the largest sample.
func sampleHeap() func() uint64 {
	var mu sync.Mutex
	var peak uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	read := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		mu.Lock()
		peak = max(peak, m.HeapInuse)
		mu.Unlock()
	}
	go func() {
		defer close(done)
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				read()
			}
		}
	}()
	return func() uint64 {
		read()
		close(stop)
		<-done
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

// The file's creditors: a handful of each kind, as a region has.
var benchCreditors = []struct {
	name string
	kind wijkregie.CreditorKind
}{
	{"Woonstede Duinhaven", wijkregie.CreditorHousingCorp}, {"Kustwonen", wijkregie.CreditorHousingCorp},
	{"Verhuurbeheer De Duinen", wijkregie.CreditorLandlord}, {"Duinstroom Energie", wijkregie.CreditorEnergy},
	{"Zeewind Energie", wijkregie.CreditorEnergy}, {"Waterbedrijf Duinstreek", wijkregie.CreditorWater},
	{"Zorgverzekeraar Kust", wijkregie.CreditorHealth}, {"Zorgverzekeraar Delta", wijkregie.CreditorHealth},
	{"Hypotheekbank Zuid", wijkregie.CreditorMortgage}, {"DUO", wijkregie.CreditorGovernment},
}

var benchSurnames = []string{"Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "El Amrani", "Yilmaz", "Bos", "Vos"}

// writeArrearsFile writes a file of rows reports for the households of s,
// read in the order of their ids and never held whole, and returns its
// size. Iteration it numbers the references, so each iteration's reports
// are new.
func writeArrearsFile(b *testing.B, s *store.Store, path string, rows, iteration int) int64 {
	b.Helper()
	ctx := context.Background()
	out, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(out, 1<<20)
	w.WriteString("schuldeiser;soortSchuldeiser;referentie;achternaam;voorletters;geboortedatum;straat;huisnummer;huisnummertoevoeging;" +
		"postcode;woonplaats;bsn;bedrag;termijnen;datumAchterstand;soort;datumEinde\n")
	r := rand.New(rand.NewPCG(uint64(iteration)+1, 7))
	today := time.Now().UTC()
	written := 0
	row := func(a wijkregie.Address, surname string) {
		c := benchCreditors[r.IntN(len(benchCreditors))]
		kind, end := "achterstand", ""
		switch n := r.IntN(100); {
		case n < 3:
			kind, end = "ontruiming", today.AddDate(0, 0, 20+r.IntN(40)).Format(time.DateOnly)
		case n < 4:
			kind, end = "einde-levering", today.AddDate(0, 0, 28).Format(time.DateOnly)
		}
		bsn := ""
		if c.kind == wijkregie.CreditorHealth {
			bsn = benchBSN(r)
		}
		born := time.Date(1940+r.IntN(65), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
		fmt.Fprintf(w, "%s;%s;B%d-%d;%s;%c.;%s;%s;%d;%s;%s;%s;%s;%d,%02d;%d;%s;%s;%s\n", c.name, c.kind, iteration, written, surname,
			'A'+rune(r.IntN(26)), born.Format("02-01-2006"), a.Street, a.Number, a.Addition, a.Postcode, a.Town, bsn,
			50+r.IntN(5000), r.IntN(100), 1+r.IntN(12), today.AddDate(0, -1-r.IntN(11), 0).Format(time.DateOnly), kind, end)
		written++
	}
	for written < rows {
		before := written
		hs, err := store.QueryForTest(ctx, s.R(), `SELECT street, number, addition, postcode, town FROM households
WHERE municipality_id = $1 AND street <> '' ORDER BY id`, demo.MunicipalityID)
		if err != nil {
			b.Fatal(err)
		}
		for written < rows && hs.Next() {
			var a wijkregie.Address
			if err := hs.Scan(&a.Street, &a.Number, &a.Addition, &a.Postcode, &a.Town); err != nil {
				b.Fatal(err)
			}
			surname := benchSurnames[r.IntN(len(benchSurnames))]
			// About 11 % of the households get a second creditor, a
			// third of those a third.
			creditors := 1
			if n := r.IntN(100); n < 11 {
				creditors = 2 + n%3/2
			}
			for c := 0; c < creditors && written < rows; c++ {
				row(a, surname)
			}
			// One row in ten on an address no household has yet.
			if written < rows && r.IntN(9) == 0 {
				row(wijkregie.Address{Street: "Nieuwbouwlaan", Number: 1 + written%99999, Postcode: fmt.Sprintf("%04dZZ", 2581+written%12),
					Town: "Duinhaven"}, surname)
			}
		}
		if err := hs.Close(); err != nil {
			b.Fatal(err)
		}
		if written == before {
			b.Fatal("the store has no households to report on")
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	st, err := out.Stat()
	if err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
	return st.Size()
}

// benchBSN draws a number that passes the elfproef.
func benchBSN(r *rand.Rand) string {
	for {
		stem := fmt.Sprintf("%08d", 10_000_000+r.IntN(89_999_999))
		sum := 0
		for i, c := range stem {
			sum += (9 - i) * int(c-'0')
		}
		if d := sum % 11; d <= 9 {
			return stem + strconv.Itoa(d)
		}
	}
}

// benchFixtureDir is the folder of the scale benchmarks' SQLite fixture
// of n households.
func benchFixtureDir(n int) string {
	dir := os.Getenv("WIJKREGIE_BENCH_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), fmt.Sprintf("wijkregie-scale-%d", n))
	}
	return dir
}

// arrearsFixtureCopy opens a copy of the scale benchmarks' SQLite fixture
// of n households, migrated to this code's schema; the fixture itself is
// only read. It skips when there is no fixture: building one takes hours,
// and is the scale benchmark's job (docs/benchmarks.md).
func arrearsFixtureCopy(b *testing.B, n int) *store.Store {
	b.Helper()
	dir := benchFixtureDir(n)
	fixture := filepath.Join(dir, "fixture")
	if _, err := os.Stat(filepath.Join(fixture, "complete")); err != nil {
		b.Skipf("no SQLite fixture of %d households in %s: build it with the scale benchmark of internal/server (docs/benchmarks.md)", n, fixture)
	}
	keys, err := bsnkey.Load(filepath.Join(fixture, store.BSNKeyFile))
	if err != nil {
		b.Fatal(err)
	}
	work := filepath.Join(dir, "arrears-work")
	if err := os.RemoveAll(work); err != nil {
		b.Fatal(err)
	}
	if err := os.MkdirAll(work, 0o700); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(work) })
	start := time.Now()
	for _, name := range []string{store.SQLiteFile, store.SQLiteFile + "-wal"} {
		if err := copyBenchFile(filepath.Join(fixture, name), filepath.Join(work, name)); err != nil && !os.IsNotExist(err) {
			b.Fatal(err)
		}
	}
	// The copy leaves gigabytes of dirty pages; every commit's fsync
	// would wait for their writeback, which is the copy's cost.
	syscall.Sync()
	b.Logf("fixture copied from %s and synced in %s", fixture, time.Since(start).Round(time.Second))
	ctx := context.Background()
	s, err := store.Open(ctx, store.Options{DataDir: work, BSNKeys: keys})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if applied, err := s.Migrate(ctx); err != nil {
		b.Fatal(err)
	} else if applied > 0 {
		b.Logf("the copy migrated (%d migrations)", applied)
	}
	return s
}

// arrearsPostgresFixture opens the kept PostgreSQL fixture
// (WIJKREGIE_BENCH_PG_URL), or skips.
func arrearsPostgresFixture(b *testing.B, n int) *store.Store {
	b.Helper()
	u := os.Getenv("WIJKREGIE_BENCH_PG_URL")
	if u == "" {
		b.Skip("WIJKREGIE_BENCH_PG_URL is not set: the PostgreSQL fixture at scale is a kept database (docs/benchmarks.md)")
	}
	var keys *bsnkey.Keyring
	var err error
	if os.Getenv("WIJKREGIE_BENCH_PG_COPY") == "1" {
		keys, err = bsnkey.Load(filepath.Join(benchFixtureDir(n), "fixture", store.BSNKeyFile))
	} else {
		keys, _, err = bsnkey.LoadOrCreate(filepath.Join(benchFixtureDir(n), "postgres-"+store.BSNKeyFile))
	}
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	s, err := store.Open(ctx, store.Options{DB: u, BSNKeys: keys})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	return s
}

func copyBenchFile(from, to string) error {
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
