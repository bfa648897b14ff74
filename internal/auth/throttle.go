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

// Reserve counts an attempt for key at now, before its outcome is known,
// and reports whether it is within the limit. Counting first makes the
// check and the count one step, so a burst of parallel attempts cannot all
// pass the check before any failure is recorded. A successful attempt calls
// Reset; a failed one leaves its count standing.
func (t *Throttle) Reserve(key string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	fs := t.recent(key, now)
	if len(fs) >= t.max {
		return false
	}
	t.fails[key] = append(fs, now)
	if len(t.fails) > 100_000 {
		t.sweep(now)
	}
	return true
}

// Release takes back one attempt reserved for key, for an attempt that
// succeeded: a shared address (an office behind one NAT) must not run out
// of logins that went well.
func (t *Throttle) Release(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if fs := t.fails[key]; len(fs) > 0 {
		t.fails[key] = fs[:len(fs)-1]
	}
}

// Reset forgets key's attempts, after a successful login.
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
