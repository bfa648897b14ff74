// Package loadgen drives HTTP load against a running wijkregie and reports
// throughput and latency percentiles: the project's load tool, for figures
// a unit benchmark cannot give (the whole server under concurrent users).
//
// It only ever targets loopback addresses: load is measured on the machine
// that runs the server, never against someone else's.
package loadgen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options say what to load and for how long. The run stops at Duration or
// after Requests requests, whichever comes first; both bound it.
type Options struct {
	URL         string // full URL on a loopback address
	Method      string // GET when empty
	Body        string // sent with every request (e.g. JSON)
	Header      http.Header
	Concurrency int
	Duration    time.Duration
	Requests    int64
}

// Result is what a run measured.
type Result struct {
	Requests  int64
	Failures  int64 // transport errors and non-2xx/3xx answers
	Statuses  map[int]int64
	Elapsed   time.Duration
	Latencies []time.Duration // sorted
}

// PerSecond is the throughput of successful and failed requests together.
func (r *Result) PerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// Percentile returns the latency at p (0–100), nearest-rank.
func (r *Result) Percentile(p float64) time.Duration {
	if len(r.Latencies) == 0 {
		return 0
	}
	i := int(float64(len(r.Latencies))*p/100+0.999999) - 1
	return r.Latencies[max(0, min(i, len(r.Latencies)-1))]
}

// ErrNotLoopback refuses a target that is not on this machine.
var ErrNotLoopback = errors.New("loadgen: the URL must point at a loopback address (127.0.0.0/8, ::1 or localhost)")

// CheckTarget returns ErrNotLoopback unless u is an http(s) URL on loopback.
func CheckTarget(u string) error {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return fmt.Errorf("loadgen: %q is not an http URL", u)
	}
	host := p.Hostname()
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return ErrNotLoopback
	}
	return nil
}

// Run sends requests from Concurrency workers until the duration or the
// request count is reached, or ctx ends.
func Run(ctx context.Context, o Options) (*Result, error) {
	if err := CheckTarget(o.URL); err != nil {
		return nil, err
	}
	if o.Concurrency < 1 || o.Duration <= 0 || o.Requests < 1 {
		return nil, errors.New("loadgen: concurrency, duration and requests must be positive")
	}
	if o.Method == "" {
		o.Method = http.MethodGet
	}
	ctx, cancel := context.WithTimeout(ctx, o.Duration)
	defer cancel()
	client := &http.Client{
		Transport: &http.Transport{MaxIdleConnsPerHost: o.Concurrency, MaxConnsPerHost: o.Concurrency},
		// Redirects are answers too: count them, do not follow them.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	var sent atomic.Int64
	type workerResult struct {
		lat      []time.Duration
		statuses map[int]int64
		failures int64
	}
	results := make([]workerResult, o.Concurrency)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range o.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := &results[w]
			res.statuses = map[int]int64{}
			for ctx.Err() == nil && sent.Add(1) <= o.Requests {
				req, err := http.NewRequestWithContext(ctx, o.Method, o.URL, strings.NewReader(o.Body))
				if err != nil {
					res.failures++
					continue
				}
				for k, vs := range o.Header {
					req.Header[k] = vs
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					if ctx.Err() != nil {
						return // the run's time is up: not a failure of the server
					}
					res.failures++
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				res.lat = append(res.lat, time.Since(t0))
				res.statuses[resp.StatusCode]++
				if resp.StatusCode >= 400 {
					res.failures++
				}
			}
		}()
	}
	wg.Wait()
	out := &Result{Elapsed: time.Since(start), Statuses: map[int]int64{}}
	for _, r := range results {
		out.Latencies = append(out.Latencies, r.lat...)
		out.Failures += r.failures
		for s, n := range r.statuses {
			out.Statuses[s] += n
		}
	}
	out.Requests = int64(len(out.Latencies))
	slices.Sort(out.Latencies)
	return out, nil
}
