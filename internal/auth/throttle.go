package auth

import (
	"sync"
	"time"
)

// Throttle limits failed logins per key (an account, an address) within a
// sliding window. It lives in the process: with several instances behind a
// load balancer each keeps its own count, which multiplies the allowance by
// the number of instances but never lets it grow without bound
// (docs/decisions.md).
type Throttle struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	fails  map[string][]time.Time
}

// NewThrottle allows max failures per key per window.
func NewThrottle(max int, window time.Duration) *Throttle {
	return &Throttle{max: max, window: window, fails: make(map[string][]time.Time)}
}

// Allowed reports whether key may try again at now.
func (t *Throttle) Allowed(key string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.recent(key, now)) < t.max
}

// Fail records a failed attempt for key.
func (t *Throttle) Fail(key string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.fails[key] = append(t.recent(key, now), now)
	if len(t.fails) > 100_000 {
		t.sweep(now)
	}
}

// Reset forgets key's failures, after a successful login.
func (t *Throttle) Reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, key)
}

func (t *Throttle) recent(key string, now time.Time) []time.Time {
	fs := t.fails[key]
	i := 0
	for i < len(fs) && now.Sub(fs[i]) >= t.window {
		i++
	}
	if i == len(fs) {
		delete(t.fails, key)
		return nil
	}
	fs = fs[i:]
	t.fails[key] = fs
	return fs
}

// sweep drops keys with no recent failures, so a flood of distinct keys
// cannot grow the map without bound.
func (t *Throttle) sweep(now time.Time) {
	for k := range t.fails {
		t.recent(k, now)
	}
}
