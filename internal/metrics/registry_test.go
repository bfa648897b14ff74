package metrics_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie/internal/metrics"
)

// buckets lists the "le" label values in exposition order.
var buckets = []string{"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"}

// wantHistogram returns the expected series of one histogram, given the
// cumulative count for every bucket in buckets order.
func wantHistogram(name string, labelPairs []string, cumulative []int, sum float64) map[string]float64 {
	if len(cumulative) != len(buckets) {
		panic("wantHistogram: need one count per bucket")
	}
	want := map[string]float64{
		series(name+"_sum", labelPairs...):   sum,
		series(name+"_count", labelPairs...): float64(cumulative[len(cumulative)-1]),
	}
	for i, le := range buckets {
		want[series(name+"_bucket", append(slices.Clip(labelPairs), "le", le)...)] = float64(cumulative[i])
	}
	return want
}

// only returns the samples of the named families.
func (e exposition) only(names ...string) map[string]float64 {
	got := make(map[string]float64)
	for key, v := range e.samples {
		name, _, _ := strings.Cut(key, "{")
		if slices.Contains(names, e.familyOf(name)) {
			got[key] = v
		}
	}
	return got
}

func TestObserveRequest(t *testing.T) {
	reg := metrics.NewRegistry()
	const route = "GET /huishoudens/{id}"
	reg.ObserveRequest(route, "GET", 200, 3*time.Millisecond)
	reg.ObserveRequest(route, "GET", 200, 10*time.Millisecond) // exactly on a bound: le is inclusive
	reg.ObserveRequest(route, "GET", 404, 2*time.Second)
	reg.ObserveRequest(route, "GET", 500, 20*time.Second) // beyond the last bound: only +Inf
	reg.ObserveRequest("POST /meldingen", "POST", 303, 300*time.Millisecond)
	reg.ObserveRequest("POST /meldingen", "BREW", 405, 0) // unknown methods share one label value

	e := scrape(t, reg)

	want := map[string]float64{
		series("wijkregie_http_requests_total", "route", route, "method", "GET", "status", "200"):               2,
		series("wijkregie_http_requests_total", "route", route, "method", "GET", "status", "404"):               1,
		series("wijkregie_http_requests_total", "route", route, "method", "GET", "status", "500"):               1,
		series("wijkregie_http_requests_total", "route", "POST /meldingen", "method", "POST", "status", "303"):  1,
		series("wijkregie_http_requests_total", "route", "POST /meldingen", "method", "OTHER", "status", "405"): 1,
	}
	for k, v := range wantHistogram("wijkregie_http_request_duration_seconds",
		[]string{"route", route, "method", "GET"},
		[]int{1, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 4}, 22.013) {
		want[k] = v
	}
	for k, v := range wantHistogram("wijkregie_http_request_duration_seconds",
		[]string{"route", "POST /meldingen", "method", "POST"},
		[]int{0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1}, 0.3) {
		want[k] = v
	}
	for k, v := range wantHistogram("wijkregie_http_request_duration_seconds",
		[]string{"route", "POST /meldingen", "method", "OTHER"},
		[]int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 0) {
		want[k] = v
	}
	got := e.only("wijkregie_http_requests_total", "wijkregie_http_request_duration_seconds")
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("request samples (-got +want):\n%s", diff)
	}
	if got, want := e.types["wijkregie_http_requests_total"], "counter"; got != want {
		t.Errorf("TYPE of requests_total = %q, want %q", got, want)
	}
	if got, want := e.types["wijkregie_http_request_duration_seconds"], "histogram"; got != want {
		t.Errorf("TYPE of request_duration_seconds = %q, want %q", got, want)
	}
}

func TestObserveStore(t *testing.T) {
	reg := metrics.NewRegistry()
	reg.ObserveStore("household.get", 2*time.Millisecond, nil)
	reg.ObserveStore("household.get", 40*time.Millisecond, errors.New("connection reset"))
	reg.ObserveStore("case.list", 7*time.Millisecond, nil)
	reg.ObserveStore("case.list", -time.Second, nil) // clock stepped back: counted as 0

	e := scrape(t, reg)

	want := map[string]float64{
		series("wijkregie_store_errors_total", "op", "household.get"): 1,
		// Exported before its first error, so rate() has a starting point.
		series("wijkregie_store_errors_total", "op", "case.list"): 0,
	}
	for k, v := range wantHistogram("wijkregie_store_operation_duration_seconds",
		[]string{"op", "household.get"}, []int{1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2}, 0.042) {
		want[k] = v
	}
	for k, v := range wantHistogram("wijkregie_store_operation_duration_seconds",
		[]string{"op", "case.list"}, []int{1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, 0.007) {
		want[k] = v
	}
	got := e.only("wijkregie_store_errors_total", "wijkregie_store_operation_duration_seconds")
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("store samples (-got +want):\n%s", diff)
	}
}

func TestGaugeFuncAndProcessMetrics(t *testing.T) {
	reg := metrics.NewRegistry()
	open := 3.0
	reg.GaugeFunc("wijkregie_db_open_connections", "Open database connections.", func() float64 { return open })

	e := scrape(t, reg)
	if got, want := e.samples["wijkregie_db_open_connections"], 3.0; got != want {
		t.Errorf("wijkregie_db_open_connections = %v, want %v", got, want)
	}
	if got, want := e.types["wijkregie_db_open_connections"], "gauge"; got != want {
		t.Errorf("TYPE = %q, want %q", got, want)
	}
	if got, want := e.help["wijkregie_db_open_connections"], "Open database connections."; got != want {
		t.Errorf("HELP = %q, want %q", got, want)
	}

	// The callback is read at every scrape, not once at registration.
	open = 5
	if got, want := scrape(t, reg).samples["wijkregie_db_open_connections"], 5.0; got != want {
		t.Errorf("after change, wijkregie_db_open_connections = %v, want %v", got, want)
	}

	if got := e.samples["go_goroutines"]; got < 1 {
		t.Errorf("go_goroutines = %v, want at least 1", got)
	}
	start := e.samples["process_start_time_seconds"]
	now := float64(time.Now().UnixNano()) / 1e9
	if start <= 0 || start > now || now-start > 24*3600 {
		t.Errorf("process_start_time_seconds = %v, want a time shortly before now (%v)", start, now)
	}
}

func TestGaugeFuncPanicsOnMisuse(t *testing.T) {
	for _, name := range []string{
		"",
		"9starts_with_digit",
		"has-dash",
		"go_goroutines", // built in
		"wijkregie_http_requests_total",
		"wijkregie_twice", // registered below before the test
	} {
		t.Run(name, func(t *testing.T) {
			reg := metrics.NewRegistry()
			reg.GaugeFunc("wijkregie_twice", "First.", func() float64 { return 0 })
			defer func() {
				if recover() == nil {
					t.Errorf("GaugeFunc(%q) did not panic", name)
				}
			}()
			reg.GaugeFunc(name, "Second.", func() float64 { return 0 })
		})
	}
}

func TestLabelAndHelpEscaping(t *testing.T) {
	reg := metrics.NewRegistry()
	route := "a\"b\\c\nd"
	reg.ObserveRequest(route, "GET", 200, time.Millisecond)
	reg.GaugeFunc("wijkregie_escaped_help", "Back\\slash and\nnewline.", func() float64 { return 1 })

	e := scrape(t, reg)

	// The raw form is what the format prescribes; the parsed form proves
	// nothing else in the line was disturbed.
	wantRaw := `wijkregie_http_requests_total{route="a\"b\\c\nd",method="GET",status="200"} 1` + "\n"
	if !strings.Contains(e.raw, wantRaw) {
		t.Errorf("exposition lacks %q:\n%s", wantRaw, e.raw)
	}
	key := series("wijkregie_http_requests_total", "route", route, "method", "GET", "status", "200")
	if got, want := e.samples[key], 1.0; got != want {
		t.Errorf("%s = %v, want %v", key, got, want)
	}
	if got, want := e.help["wijkregie_escaped_help"], `Back\\slash and\nnewline.`; got != want {
		t.Errorf("HELP = %q, want %q", got, want)
	}
}

func TestExpositionIsSortedAndStable(t *testing.T) {
	reg := metrics.NewRegistry()
	reg.GaugeFunc("aaa_first", "Sorts before the built-in families.", func() float64 { return 1 })
	reg.GaugeFunc("zzz_last", "Sorts after them.", func() float64 { return 1 })
	// Observed out of order on purpose.
	for _, route := range []string{"GET /z", "GET /a", "GET /m"} {
		for _, status := range []int{500, 200, 404} {
			reg.ObserveRequest(route, "GET", status, time.Millisecond)
		}
	}
	reg.ObserveStore("z.op", time.Millisecond, nil)
	reg.ObserveStore("a.op", time.Millisecond, nil)

	first := scrape(t, reg)
	// go_goroutines may differ between scrapes; scrape with it dropped.
	stable := func(raw string) string {
		var keep []string
		for line := range strings.SplitSeq(raw, "\n") {
			if !strings.HasPrefix(line, "go_goroutines ") {
				keep = append(keep, line)
			}
		}
		return strings.Join(keep, "\n")
	}
	if diff := cmp.Diff(stable(scrape(t, reg).raw), stable(first.raw)); diff != "" {
		t.Errorf("second scrape differs (-got +want):\n%s", diff)
	}

	wantFamilies := []string{
		"aaa_first",
		"go_goroutines",
		"process_start_time_seconds",
		"wijkregie_http_request_duration_seconds",
		"wijkregie_http_requests_total",
		"wijkregie_store_errors_total",
		"wijkregie_store_operation_duration_seconds",
		"zzz_last",
	}
	if diff := cmp.Diff(first.families, wantFamilies); diff != "" {
		t.Errorf("family order (-got +want):\n%s", diff)
	}

	var gotOrder []string
	for line := range strings.SplitSeq(first.raw, "\n") {
		if rest, ok := strings.CutPrefix(line, "wijkregie_http_requests_total{"); ok {
			gotOrder = append(gotOrder, rest[:strings.Index(rest, "}")])
		}
	}
	var wantOrder []string
	for _, route := range []string{"GET /a", "GET /m", "GET /z"} {
		for _, status := range []string{"200", "404", "500"} {
			wantOrder = append(wantOrder, fmt.Sprintf(`route=%q,method="GET",status=%q`, route, status))
		}
	}
	if diff := cmp.Diff(gotOrder, wantOrder); diff != "" {
		t.Errorf("series order (-got +want):\n%s", diff)
	}
}

func TestConcurrentObservations(t *testing.T) {
	reg := metrics.NewRegistry()
	const workers, each = 8, 1000
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				// Half the workers share series, half create their own,
				// so both the fast path and creation race.
				route := "GET /shared"
				if w%2 == 1 {
					route = fmt.Sprintf("GET /own/%d", w)
				}
				reg.ObserveRequest(route, "GET", 200, time.Duration(i)*time.Millisecond)
				reg.ObserveStore("op", time.Millisecond, nil)
			}
		})
	}
	wg.Wait()

	e := scrape(t, reg)
	if got, want := e.samples[series("wijkregie_http_requests_total", "route", "GET /shared", "method", "GET", "status", "200")], float64(workers/2*each); got != want {
		t.Errorf("shared requests_total = %v, want %v", got, want)
	}
	if got, want := e.samples[series("wijkregie_http_request_duration_seconds_count", "route", "GET /own/1", "method", "GET")], float64(each); got != want {
		t.Errorf("own request count = %v, want %v", got, want)
	}
	if got, want := e.samples[series("wijkregie_store_operation_duration_seconds_count", "op", "op")], float64(workers*each); got != want {
		t.Errorf("store count = %v, want %v", got, want)
	}
}

func BenchmarkObserveRequest(b *testing.B) {
	reg := metrics.NewRegistry()
	for b.Loop() {
		reg.ObserveRequest("GET /huishoudens/{id}", "GET", 200, 12*time.Millisecond)
	}
}

func BenchmarkObserveRequestParallel(b *testing.B) {
	reg := metrics.NewRegistry()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			reg.ObserveRequest("GET /huishoudens/{id}", "GET", 200, 12*time.Millisecond)
		}
	})
}
