package metrics

import (
	"net/http"
	"time"
)

// Middleware returns a handler that serves next and records each request's
// status and duration in reg under route, which must be the route pattern the
// handler is registered at (see Registry.ObserveRequest for why).
//
// A request whose handler panics before writing a header is recorded as 500,
// the server-side view of a request that failed; the panic itself continues
// to net/http unchanged.
func Middleware(reg *Registry, route string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		returned := false
		// Deciding in a deferred call without recover() records panicking
		// requests too, while leaving the panic and its stack untouched.
		defer func() {
			status := rec.status
			switch {
			case status != 0:
			case returned:
				status = http.StatusOK // net/http's implicit status
			default:
				status = http.StatusInternalServerError
			}
			reg.ObserveRequest(route, r.Method, status, time.Since(start))
		}()
		next.ServeHTTP(rec, r)
		returned = true
	})
}

// statusRecorder remembers the final status written through it.
type statusRecorder struct {
	http.ResponseWriter
	status int // 0 until a final (non-1xx) status is written
}

// WriteHeader records the first final status and passes every call on.
// Informational 1xx statuses (103 Early Hints) are followed by the real
// status, so they are not recorded.
func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 && code >= 200 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

// Write records the implicit 200 that net/http sends before the first body
// bytes when the handler did not call WriteHeader.
func (s *statusRecorder) Write(p []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(p)
}

// Flush keeps handlers that type-assert http.Flusher (server-sent events,
// streamed exports) working behind the middleware. Flushing also commits the
// implicit 200.
func (s *statusRecorder) Flush() {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	// A writer that cannot flush has nothing to report to a caller of the
	// error-less http.Flusher interface, so the error is dropped.
	_ = http.NewResponseController(s.ResponseWriter).Flush()
}

// Unwrap returns the wrapped ResponseWriter so that http.ResponseController
// reaches its other optional methods (deadlines, hijacking, full duplex).
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
