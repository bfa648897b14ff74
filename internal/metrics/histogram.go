package metrics

import (
	"sort"
	"sync/atomic"
	"time"
)

// bucketBounds are the histogram's upper bounds, the Prometheus client's
// defaults (.005 … 10 seconds). They are durations rather than float seconds
// so that an observation exactly on a bound, such as 10ms, is compared
// exactly and lands in that bound's bucket as "le" requires.
var bucketBounds = [...]time.Duration{
	5 * time.Millisecond,
	10 * time.Millisecond,
	25 * time.Millisecond,
	50 * time.Millisecond,
	100 * time.Millisecond,
	250 * time.Millisecond,
	500 * time.Millisecond,
	1 * time.Second,
	2500 * time.Millisecond,
	5 * time.Second,
	10 * time.Second,
}

// histogram counts observations per bucket without a lock.
//
// Counts are kept per bucket, not cumulative, and the total count is derived
// from them when scraping. That way a scrape racing with observations still
// shows a +Inf bucket equal to _count, which Prometheus requires; only _sum
// can be one observation ahead or behind, which no query notices.
type histogram struct {
	counts   [len(bucketBounds) + 1]atomic.Uint64 // the last one is +Inf
	sumNanos atomic.Int64                         // integer, so additions are exact
}

func newHistogram() *histogram { return new(histogram) }

func (h *histogram) observe(d time.Duration) {
	// A clock stepping backwards can yield a negative duration; counting it
	// as zero keeps _sum from decreasing, which would look like a reset.
	d = max(d, 0)
	i := sort.Search(len(bucketBounds), func(i int) bool { return d <= bucketBounds[i] })
	h.counts[i].Add(1)
	h.sumNanos.Add(int64(d))
}

// snapshot returns the cumulative bucket counts (the last is +Inf, which is
// also the total count) and the sum in seconds.
func (h *histogram) snapshot() (cumulative [len(bucketBounds) + 1]uint64, sumSeconds float64) {
	var n uint64
	for i := range h.counts {
		n += h.counts[i].Load()
		cumulative[i] = n
	}
	return cumulative, time.Duration(h.sumNanos.Load()).Seconds()
}
