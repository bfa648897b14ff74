package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/store"
)

// Working the case at scale (issue 4, docs/benchmarks.md): the case page,
// saving a plan, Mijn taken and the team overview, over the fixture of
// BenchmarkScale with the demo's case work. The targets: the case page,
// Mijn taken and the team overview under 50 ms at p99 on 2 cores.

// caseworkCases is how many of the professional's cases the case page and
// the plan save cycle through: enough that no single case's rows stay the
// only ones in the cache, few enough to find quickly.
const caseworkCases = 50

// casework is what the case-work benchmarks draw from, found once per
// fixture.
type casework struct {
	pro, lead             wijkregie.Actor // the documented professional and team lead
	proCookie, leadCookie string
	cases                 []string          // the professional's cases with plan, notes, ZRM and tasks
	plans                 []*wijkregie.Plan // their current plans, as the next save starts from
}

// runCasework runs the case-work sub-benchmarks on f's fixture.
func runCasework(b *testing.B, f *scaleBench) {
	b.Run("CasePage", func(b *testing.B) {
		cw := f.withCases(b)
		measure(b, func(i int) error {
			return f.get(cw.proCookie, "/casussen/"+cw.cases[i%len(cw.cases)])
		})
	})
	b.Run("PlanSave", func(b *testing.B) {
		cw := f.withCases(b)
		ctx := context.Background()
		measure(b, func(i int) error {
			k := i % len(cw.cases)
			p := cw.plans[k]
			// A new version that says what changed, as the form sends it:
			// the whole plan, goals and actions with their ids.
			p.Note = fmt.Sprintf("Voortgang besproken (benchmark %d).", i)
			saved, err := f.svc.SavePlan(ctx, cw.pro, cw.cases[k], p.Version, p)
			if err != nil {
				return fmt.Errorf("save plan of case %d: %w", k, err)
			}
			cw.plans[k] = saved
			return nil
		})
	})
	b.Run("MijnTaken/app", func(b *testing.B) {
		cw := f.casework(b)
		ctx := context.Background()
		measure(b, func(int) error {
			items, _, err := f.svc.Tasks(ctx, cw.pro, app.TaskFilter{Page: store.Page{Limit: tasksPage}})
			if err == nil && len(items) == 0 {
				err = fmt.Errorf("Mijn taken is empty")
			}
			return err
		})
	})
	b.Run("MijnTaken/http", func(b *testing.B) {
		cw := f.casework(b)
		measure(b, func(int) error { return f.get(cw.proCookie, "/taken") })
	})
	b.Run("TeamOverview/app", func(b *testing.B) {
		cw := f.casework(b)
		ctx := context.Background()
		measure(b, func(int) error {
			_, err := f.svc.TeamOverview(ctx, cw.lead, cw.lead.TeamID)
			return err
		})
	})
	b.Run("TeamOverview/http", func(b *testing.B) {
		cw := f.casework(b)
		measure(b, func(int) error { return f.get(cw.leadCookie, "/overzicht") })
	})
}

// tasksPage is the first page of Mijn taken as the web page asks for it
// (web.perPage).
const tasksPage = 25

// casework finds, once, what the case-work benchmarks need, and logs what
// the fixture holds.
func (f *scaleBench) casework(b *testing.B) *casework {
	b.Helper()
	if f.cw != nil {
		return f.cw
	}
	ctx := context.Background()
	start := time.Now()
	f.logRowCounts(b)
	cw := &casework{}
	login := func(email string) (wijkregie.Actor, string) {
		secret, u, err := f.svc.Login(ctx, demo.MunicipalityID, email, demo.Password, "192.0.2.1")
		if err != nil {
			b.Fatalf("login %s: %v", email, err)
		}
		return wijkregie.ActorOf(u), secret
	}
	cw.pro, cw.proCookie = login("professional@duinhaven.example")
	cw.lead, cw.leadCookie = login("teamleider@duinhaven.example")
	if cw.lead.TeamID != cw.pro.TeamID {
		b.Fatalf("the documented team lead leads another team than the professional's")
	}

	_, tasks, err := f.s.R().Tasks(ctx, demo.MunicipalityID, policy.TaskScope(cw.pro), store.TaskFilter{Page: store.Page{Limit: 1}})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: Mijn taken of the professional holds %d open tasks (own and the team's unheld); set up in %s",
		f.s.Dialect(), tasks, time.Since(start).Round(time.Millisecond))
	f.cw = cw
	return cw
}

// logRowCounts logs the fixture's rows per table and the history's total.
func (f *scaleBench) logRowCounts(b *testing.B) {
	b.Helper()
	ctx := context.Background()
	start := time.Now()
	pop, err := f.s.R().CountRows(ctx, demo.MunicipalityID, store.PopulationTables)
	if err != nil {
		b.Fatal(err)
	}
	hist, err := f.s.R().CountRows(ctx, demo.MunicipalityID, store.HistoryTables)
	if err != nil {
		b.Fatal(err)
	}
	var sb strings.Builder
	var sum int64
	for _, c := range pop {
		fmt.Fprintf(&sb, " %s=%d", c.Table, c.Rows)
	}
	sb.WriteString(" |")
	for _, c := range hist {
		fmt.Fprintf(&sb, " %s=%d", c.Table, c.Rows)
		sum += c.Rows
	}
	b.Logf("%s fixture rows:%s | history total=%d (counted in %s)", f.s.Dialect(), sb.String(), sum, time.Since(start).Round(time.Millisecond))
}

// get fetches path as the user of the session cookie and reads the whole
// answer, which must be 200.
func (f *scaleBench) get(cookie, path string) error {
	req, err := http.NewRequest("GET", f.srv.URL+path, nil)
	if err != nil {
		return err
	}
	req.AddCookie(&http.Cookie{Name: request.SessionCookie, Value: cookie})
	resp, err := f.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s = %d: %.300s", path, resp.StatusCode, body)
	}
	return nil
}

// logLoad logs the machine's load average: the figures are taken on a
// machine shared with other work.
func logLoad(b *testing.B) {
	if l, err := os.ReadFile("/proc/loadavg"); err == nil {
		b.Logf("load average: %s", strings.Join(strings.Fields(string(l))[:3], " "))
	}
}

// withCases finds, once, the professional's open cases as regisseur that
// have every part of the case's work: a plan, notes, a ZRM assessment and
// open tasks, so the page shows all of it and the plan has a version to
// follow.
func (f *scaleBench) withCases(b *testing.B) *casework {
	b.Helper()
	cw := f.casework(b)
	if len(cw.cases) > 0 {
		return cw
	}
	ctx := context.Background()
	start := time.Now()
	// The latest opened cases are mostly new (no plan yet): page on
	// until enough cases hold all of the work.
	var partial, total, seen int
	for offset := 0; len(cw.cases) < caseworkCases; offset += store.MaxLimit {
		open, n, err := f.s.R().Cases(ctx, demo.MunicipalityID, policy.Scope(cw.pro),
			store.CaseFilter{CoordinatorID: cw.pro.UserID, Open: true, Page: store.Page{Offset: offset, Limit: store.MaxLimit}})
		if err != nil {
			b.Fatal(err)
		}
		total = n
		if len(open) == 0 {
			break
		}
		for _, c := range open {
			seen++
			cv, err := f.svc.Case(ctx, cw.pro, c.ID)
			if err != nil {
				b.Fatal(err)
			}
			if cv.Plan == nil || len(cv.Notes) == 0 || cv.Latest == nil || len(cv.Tasks) == 0 {
				partial++
				continue
			}
			cw.cases = append(cw.cases, c.ID)
			p := *cv.Plan
			cw.plans = append(cw.plans, &p)
			if len(cw.cases) == caseworkCases {
				break
			}
		}
	}
	if len(cw.cases) == 0 {
		b.Fatalf("none of the professional's %d open cases has a plan, notes, a ZRM assessment and open tasks", seen)
	}
	b.Logf("%s: the professional is regisseur of %d open cases; %d with plan, notes, ZRM and tasks drawn (%d skipped without) in %s",
		f.s.Dialect(), total, len(cw.cases), partial, time.Since(start).Round(time.Millisecond))
	return cw
}

// storeOps times the store's statements by the method that ran them
// (store.Options.Observe), as the server's metrics do, so a slow
// benchmark names its slow query.
var storeOps opTimes

type opTimes struct {
	mu sync.Mutex
	m  map[string]*opTime
}

type opTime struct {
	n          int
	total, max time.Duration
}

func (o *opTimes) observe(op string, d time.Duration, _ error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.m == nil {
		o.m = map[string]*opTime{}
	}
	t := o.m[op]
	if t == nil {
		t = &opTime{}
		o.m[op] = t
	}
	t.n++
	t.total += d
	t.max = max(t.max, d)
}

func (o *opTimes) reset() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.m = nil
}

// log logs the store methods that took the most time since the last
// reset, per operation of the benchmark (ops of them).
func (o *opTimes) log(b *testing.B, ops int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	names := make([]string, 0, len(o.m))
	for name := range o.m {
		names = append(names, name)
	}
	slices.SortFunc(names, func(x, y string) int { return int(o.m[y].total - o.m[x].total) })
	var sb strings.Builder
	for _, name := range names[:min(8, len(names))] {
		t := o.m[name]
		fmt.Fprintf(&sb, " %s %.1f×%.2fms (max %.1fms);", name, float64(t.n)/float64(max(ops, 1)),
			float64(t.total)/float64(t.n)/float64(time.Millisecond), float64(t.max)/float64(time.Millisecond))
	}
	b.Logf("store time per op, by method (calls × mean):%s", sb.String())
}

// measure runs op as latencies does, and logs the load and where the
// store's time went.
func measure(b *testing.B, op func(i int) error) {
	logLoad(b)
	storeOps.reset()
	n := 0
	latencies(b, func(i int) error { n++; return op(i) })
	storeOps.log(b, n)
}
