package loadgen

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func TestCheckTarget(t *testing.T) {
	for _, tc := range []struct {
		url string
		ok  bool
	}{
		{"http://127.0.0.1:8080/healthz", true},
		{"http://127.1.2.3/", true},
		{"http://[::1]:8080/", true},
		{"http://localhost:8080/", true},
		{"http://10.0.0.1/", false},
		{"http://192.168.1.1/", false},
		{"https://example.org/", false},
		{"ftp://127.0.0.1/", false},
		{"127.0.0.1:8080", false},
	} {
		if err := CheckTarget(tc.url); (err == nil) != tc.ok {
			t.Errorf("CheckTarget(%q) = %v; want ok %v", tc.url, err, tc.ok)
		}
	}
}

func TestRunCountsRequestsStatusesAndHeaders(t *testing.T) {
	var hits, authed atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := hits.Add(1)
		if r.Header.Get("Authorization") == "Bearer x" {
			authed.Add(1)
		}
		if n%10 == 0 {
			w.WriteHeader(http.StatusTeapot)
		}
	}))
	defer srv.Close()
	res, err := Run(context.Background(), Options{URL: srv.URL, Concurrency: 4, Duration: 30 * time.Second, Requests: 200,
		Header: http.Header{"Authorization": {"Bearer x"}}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 200 || hits.Load() != 200 || authed.Load() != 200 {
		t.Errorf("requests %d, server saw %d (%d with the header); want 200 each", res.Requests, hits.Load(), authed.Load())
	}
	if res.Statuses[200] != 180 || res.Statuses[http.StatusTeapot] != 20 || res.Failures != 20 {
		t.Errorf("statuses %v, failures %d; want 180×200, 20×418, 20 failures", res.Statuses, res.Failures)
	}
	if res.Percentile(50) <= 0 || res.Percentile(99) < res.Percentile(50) || res.PerSecond() <= 0 {
		t.Errorf("p50 %v, p99 %v, %.0f/s; want positive, ordered figures", res.Percentile(50), res.Percentile(99), res.PerSecond())
	}
}

func TestRunRefusesOtherHosts(t *testing.T) {
	if _, err := Run(context.Background(), Options{URL: "http://192.0.2.1/", Concurrency: 1, Duration: time.Second, Requests: 1}); err != ErrNotLoopback {
		t.Errorf("Run against 192.0.2.1: %v; want ErrNotLoopback", err)
	}
}

func TestPercentile(t *testing.T) {
	r := &Result{}
	for i := 1; i <= 100; i++ {
		r.Latencies = append(r.Latencies, time.Duration(i)*time.Millisecond)
	}
	for p, want := range map[float64]time.Duration{50: 50 * time.Millisecond, 99: 99 * time.Millisecond, 100: 100 * time.Millisecond, 1: time.Millisecond} {
		if got := r.Percentile(p); got != want {
			t.Errorf("Percentile(%v) = %v; want %v", p, got, want)
		}
	}
}
