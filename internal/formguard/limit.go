package formguard

import (
	"net"
	"slices"
	"sync"
	"time"
)

// Limit is at most Max events per key within any window of length Per.
type Limit struct {
	Max int
	Per time.Duration
}

// Limiter counts events per key (a client address) against several
// limits at once — five an hour and twenty a day, say — and says how long
// a refused key must wait. It is safe for concurrent use.
//
// internal/auth's Throttle counts failed logins in one window and does
// not say when the next attempt is allowed; a form answering 429 must say
// that (Retry-After), and a day's limit beside an hour's needs two
// windows over the same events, so this is a Limiter of its own.
type Limiter struct {
	limits  []Limit
	longest time.Duration
	keep    int // the most events any limit looks at
	maxKeys int

	mu   sync.Mutex
	hits map[string][]time.Time // key → its events, oldest first, within the longest window
}

// NewLimiter returns a limiter holding every limit, remembering at most
// maxKeys keys: beyond that, after forgetting the keys without recent
// events, it refuses new keys rather than grow.
func NewLimiter(maxKeys int, limits ...Limit) *Limiter {
	l := &Limiter{limits: slices.Clone(limits), maxKeys: maxKeys, hits: make(map[string][]time.Time)}
	for _, lim := range limits {
		l.longest = max(l.longest, lim.Per)
		l.keep = max(l.keep, lim.Max)
	}
	return l
}

// Wait returns how long key must wait before its next event is within
// every limit: 0 when it may go now.
func (l *Limiter) Wait(key string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.wait(l.recent(key, now), now)
}

// Reserve counts an event for key at now when it is within every limit,
// and reports true; otherwise it counts nothing and returns how long key
// must wait. Checking and counting are one step, so a burst of parallel
// submissions cannot all pass the check first.
func (l *Limiter) Reserve(key string, now time.Time) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	hs := l.recent(key, now)
	if w := l.wait(hs, now); w > 0 {
		return w, false
	}
	if len(hs) == 0 && len(l.hits) >= l.maxKeys {
		l.sweep(now)
		if len(l.hits) >= l.maxKeys {
			// Every key this limiter may hold is busy: an attack from
			// very many addresses. Refuse until the shortest window
			// has passed rather than grow without bound.
			return l.shortest(), false
		}
	}
	hs = append(hs, now)
	if len(hs) > l.keep {
		hs = hs[len(hs)-l.keep:]
	}
	l.hits[key] = hs
	return 0, true
}

// Release takes back the event Reserve counted for key at at, for a
// submission that was refused after all: it was no submission.
func (l *Limiter) Release(key string, at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	hs := l.hits[key]
	for i := len(hs) - 1; i >= 0; i-- {
		if hs[i].Equal(at) {
			hs = slices.Delete(hs, i, i+1)
			break
		}
	}
	if len(hs) == 0 {
		delete(l.hits, key)
	} else {
		l.hits[key] = hs
	}
}

// recent returns key's events within the longest window, forgetting older
// ones.
func (l *Limiter) recent(key string, now time.Time) []time.Time {
	hs := l.hits[key]
	i := 0
	for i < len(hs) && now.Sub(hs[i]) >= l.longest {
		i++
	}
	if i == len(hs) {
		delete(l.hits, key)
		return nil
	}
	if i > 0 {
		hs = hs[i:]
		l.hits[key] = hs
	}
	return hs
}

// wait is the longest wait any limit asks of events hs at now: for a
// limit that is full, until the oldest event it counts leaves its window.
func (l *Limiter) wait(hs []time.Time, now time.Time) time.Duration {
	var w time.Duration
	for _, lim := range l.limits {
		if lim.Max < 1 {
			continue // no limit at all; NewLimiter's callers give at least one
		}
		in := hs
		for len(in) > 0 && now.Sub(in[0]) >= lim.Per {
			in = in[1:]
		}
		if len(in) >= lim.Max {
			w = max(w, in[len(in)-lim.Max].Add(lim.Per).Sub(now))
		}
	}
	return w
}

func (l *Limiter) shortest() time.Duration {
	s := l.longest
	for _, lim := range l.limits {
		s = min(s, lim.Per)
	}
	return s
}

// sweep forgets the keys without events in the longest window.
func (l *Limiter) sweep(now time.Time) {
	for k := range l.hits {
		l.recent(k, now)
	}
}

// ClientKey is the key a client address is counted under: an IPv4
// address as it is, an IPv6 address by its /64 network, since one
// connection to the internet is given a whole /64 and could otherwise
// take a new address for every submission. Anything that is no IP
// address is counted as it is.
func ClientKey(addr string) string {
	ip := net.ParseIP(addr)
	if ip == nil {
		return addr
	}
	if v4 := ip.To4(); v4 != nil {
		return v4.String()
	}
	return (&net.IPNet{IP: ip.Mask(net.CIDRMask(64, 128)), Mask: net.CIDRMask(64, 128)}).String()
}
