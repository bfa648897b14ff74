// Package metrics collects the application's Prometheus metrics and serves
// them in the text exposition format 0.0.4.
//
// It deliberately avoids the Prometheus client library: the application needs
// a handful of fixed counters and histograms, which the standard library
// covers in a few hundred lines, and every dependency is one more thing to
// audit in a system that holds data about vulnerable households.
package metrics

import (
	"fmt"
	"net/http"
	"regexp"
	"sync"
	"sync/atomic"
	"time"
)

// Metric names. They are part of the operational contract (dashboards and
// alerts use them), so they change only together with those.
const (
	nameRequestsTotal   = "wijkregie_http_requests_total"
	nameRequestDuration = "wijkregie_http_request_duration_seconds"
	nameStoreDuration   = "wijkregie_store_operation_duration_seconds"
	nameStoreErrors     = "wijkregie_store_errors_total"
	nameGoroutines      = "go_goroutines"
	nameProcessStart    = "process_start_time_seconds"
)

// processStart approximates the process start time. It is taken at package
// initialisation rather than read from the operating system, which keeps the
// package portable; the difference is the few milliseconds before main runs.
var processStart = time.Now()

// Registry holds the application's metrics. The zero value is not usable;
// create one with NewRegistry. A Registry is safe for concurrent use: the
// observe methods take no lock once a label combination has been seen, so
// they are cheap enough to call on every request and every query.
type Registry struct {
	requests      sync.Map // requestKey -> *atomic.Uint64
	requestTiming sync.Map // routeKey -> *histogram
	storeTiming   sync.Map // op string -> *histogram
	storeErrors   sync.Map // op string -> *atomic.Uint64

	mu     sync.Mutex
	gauges map[string]gaugeFunc
}

type requestKey struct {
	route, method string
	status        int
}

type routeKey struct {
	route, method string
}

type gaugeFunc struct {
	help string
	f    func() float64
}

// NewRegistry returns an empty Registry. The process gauges go_goroutines and
// process_start_time_seconds are always exported.
func NewRegistry() *Registry {
	return &Registry{gauges: make(map[string]gaugeFunc)}
}

// ObserveRequest records one handled HTTP request. The route must be the
// route pattern (for example "GET /huishoudens/{id}"), never the request
// path: a path holds record ids, and each distinct label value is a new time
// series kept forever by Prometheus. Methods outside the standard set are
// recorded as "OTHER" for the same reason.
func (r *Registry) ObserveRequest(route, method string, status int, d time.Duration) {
	method = normaliseMethod(method)
	loadOrCreate(&r.requests, requestKey{route, method, status}, newCounter).Add(1)
	loadOrCreate(&r.requestTiming, routeKey{route, method}, newHistogram).observe(d)
}

// ObserveStore records the duration of one storage operation, named by op
// (for example "household.get"), and counts it as failed when err is not nil.
// Callers decide what a failure is: a "not found" that is an expected answer
// should be passed as nil so the error rate stays meaningful for alerts.
func (r *Registry) ObserveStore(op string, d time.Duration, err error) {
	loadOrCreate(&r.storeTiming, op, newHistogram).observe(d)
	// The error counter is created on first use of op, even without an error,
	// so it is exported as 0 and rate() works from the first failure on.
	errs := loadOrCreate(&r.storeErrors, op, newCounter)
	if err != nil {
		errs.Add(1)
	}
}

var metricName = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)

// GaugeFunc exports a gauge whose value is read from f at every scrape, such
// as the number of open database connections. f is called without any lock of
// the Registry held and must be safe for concurrent use.
//
// GaugeFunc panics if name is not a valid Prometheus metric name or is
// already in use: both are programming errors found at start-up.
func (r *Registry) GaugeFunc(name, help string, f func() float64) {
	if !metricName.MatchString(name) {
		panic(fmt.Sprintf("metrics: invalid metric name %q", name))
	}
	switch name {
	case nameRequestsTotal, nameRequestDuration, nameStoreDuration, nameStoreErrors,
		nameGoroutines, nameProcessStart:
		panic(fmt.Sprintf("metrics: metric name %q is reserved", name))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.gauges[name]; ok {
		panic(fmt.Sprintf("metrics: gauge %q registered twice", name))
	}
	r.gauges[name] = gaugeFunc{help: help, f: f}
}

// loadOrCreate returns the metric stored under key, creating it on first use.
// The plain Load first avoids allocating a new metric on every call, which
// LoadOrStore alone would do.
func loadOrCreate[K comparable, V any](m *sync.Map, key K, create func() *V) *V {
	if v, ok := m.Load(key); ok {
		return v.(*V)
	}
	v, _ := m.LoadOrStore(key, create())
	return v.(*V)
}

func newCounter() *atomic.Uint64 { return new(atomic.Uint64) }

func normaliseMethod(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	}
	return "OTHER"
}
