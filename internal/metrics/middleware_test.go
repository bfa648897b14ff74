package metrics_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie/internal/metrics"
)

func TestMiddlewareRecordsStatus(t *testing.T) {
	tests := []struct {
		name    string
		handler http.HandlerFunc
		want    string
	}{
		{"explicit status", func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusNotFound)
		}, "404"},
		{"body without WriteHeader", func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte("hallo"))
		}, "200"},
		{"handler writes nothing", func(http.ResponseWriter, *http.Request) {}, "200"},
		{"second WriteHeader ignored", func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusCreated)
			w.WriteHeader(http.StatusInternalServerError)
		}, "201"},
		{"early hints then final", func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusEarlyHints)
			w.WriteHeader(http.StatusSeeOther)
		}, "303"},
		{"flush without WriteHeader", func(w http.ResponseWriter, _ *http.Request) {
			w.(http.Flusher).Flush()
			w.WriteHeader(http.StatusTeapot) // too late: 200 is already sent
		}, "200"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := metrics.NewRegistry()
			const route = "GET /huishoudens/{id}"
			h := metrics.Middleware(reg, route, tt.handler)
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/huishoudens/4711", nil))

			e := scrape(t, reg)
			key := series("wijkregie_http_requests_total", "route", route, "method", "GET", "status", tt.want)
			if got, want := e.samples[key], 1.0; got != want {
				t.Errorf("%s = %v, want %v; all samples: %v", key, got, want, e.only("wijkregie_http_requests_total"))
			}
			countKey := series("wijkregie_http_request_duration_seconds_count", "route", route, "method", "GET")
			if got, want := e.samples[countKey], 1.0; got != want {
				t.Errorf("%s = %v, want %v", countKey, got, want)
			}
		})
	}
}

func TestMiddlewareRecordsPanicAs500(t *testing.T) {
	reg := metrics.NewRegistry()
	h := metrics.Middleware(reg, "POST /meldingen", http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("boom")
	}))
	func() {
		defer func() {
			if got, want := recover(), "boom"; got != want {
				t.Errorf("recovered %v, want the handler's panic %q to pass through", got, want)
			}
		}()
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/meldingen", nil))
	}()

	key := series("wijkregie_http_requests_total", "route", "POST /meldingen", "method", "POST", "status", "500")
	if got, want := scrape(t, reg).samples[key], 1.0; got != want {
		t.Errorf("%s = %v, want %v", key, got, want)
	}
}

func TestMiddlewareUsesPatternNotPath(t *testing.T) {
	reg := metrics.NewRegistry()
	mux := http.NewServeMux()
	const pattern = "GET /huishoudens/{id}"
	mux.Handle(pattern, metrics.Middleware(reg, pattern, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})))
	for _, path := range []string{"/huishoudens/1", "/huishoudens/2", "/huishoudens/3"} {
		mux.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, path, nil))
	}

	want := map[string]float64{
		series("wijkregie_http_requests_total", "route", pattern, "method", "GET", "status", "200"): 3,
	}
	if diff := cmp.Diff(scrape(t, reg).only("wijkregie_http_requests_total"), want); diff != "" {
		t.Errorf("requests_total (-got +want):\n%s", diff)
	}
}

func TestMiddlewareKeepsResponseControllerWorking(t *testing.T) {
	reg := metrics.NewRegistry()
	var flushErr error
	h := metrics.Middleware(reg, "GET /export", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("regel 1\n"))
		flushErr = http.NewResponseController(w).Flush()
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/export", nil))

	if flushErr != nil {
		t.Errorf("ResponseController.Flush() = %v, want nil", flushErr)
	}
	if !rec.Flushed {
		t.Errorf("underlying recorder Flushed = false, want true")
	}
}

// deadlineWriter supports a write deadline, which the middleware's wrapper
// does not implement itself: only Unwrap lets ResponseController reach it.
type deadlineWriter struct {
	*httptest.ResponseRecorder
	deadline time.Time
}

func (d *deadlineWriter) SetWriteDeadline(t time.Time) error {
	d.deadline = t
	return nil
}

func TestMiddlewareUnwrapReachesUnderlyingWriter(t *testing.T) {
	reg := metrics.NewRegistry()
	deadline := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var setErr error
	h := metrics.Middleware(reg, "GET /export", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		setErr = http.NewResponseController(w).SetWriteDeadline(deadline)
	}))
	dw := &deadlineWriter{ResponseRecorder: httptest.NewRecorder()}
	h.ServeHTTP(dw, httptest.NewRequest(http.MethodGet, "/export", nil))

	if setErr != nil {
		t.Errorf("SetWriteDeadline() = %v, want nil", setErr)
	}
	if got, want := dw.deadline, deadline; !got.Equal(want) {
		t.Errorf("underlying deadline = %v, want %v", got, want)
	}
}
