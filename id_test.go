package wijkregie_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"wijkregie"
)

// uuidv7 is RFC 9562's canonical form with version 7 and the variant bits 10.
var uuidv7 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestNewIDIsUUIDv7(t *testing.T) {
	times := []time.Time{
		time.Date(2026, 3, 2, 9, 0, 0, 123_456_789, time.UTC),
		time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2999, 12, 31, 23, 59, 59, 999_000_000, time.FixedZone("CET", 3600)),
	}
	for _, now := range times {
		for range 100 {
			id := wijkregie.NewID(now)
			if !uuidv7.MatchString(id) {
				t.Fatalf("NewID(%s) = %q; want a UUIDv7", now, id)
			}
			if !wijkregie.ValidID(id) {
				t.Fatalf("ValidID(%q) = false for a new id", id)
			}
			// The first 48 bits are the Unix time in milliseconds.
			ms, err := strconv.ParseInt(strings.ReplaceAll(id[:13], "-", ""), 16, 64)
			if err != nil {
				t.Fatal(err)
			}
			if ms != now.UnixMilli() {
				t.Fatalf("NewID(%s) = %q holds %d ms; want %d", now, id, ms, now.UnixMilli())
			}
		}
	}
}

func TestNewIDDiffersWithinOneMillisecond(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	seen := map[string]bool{}
	for i := range 10_000 {
		id := wijkregie.NewID(now)
		if seen[id] {
			t.Fatalf("id %d, %q, was made before in the same millisecond", i, id)
		}
		seen[id] = true
	}
}

func TestNewIDSortsByTime(t *testing.T) {
	// Steps across hex-digit and byte boundaries of the timestamp, where a
	// wrong byte order would show.
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	steps := []time.Duration{0, time.Millisecond, 2 * time.Millisecond, 15 * time.Millisecond, 16 * time.Millisecond,
		255 * time.Millisecond, 256 * time.Millisecond, 4095 * time.Millisecond, 4096 * time.Millisecond,
		time.Minute, time.Hour, 24 * time.Hour, 365 * 24 * time.Hour, 20 * 365 * 24 * time.Hour}
	var prev string
	for i, d := range steps {
		for range 20 { // the random tail must not reorder across milliseconds
			id := wijkregie.NewID(base.Add(d))
			if i > 0 && id <= prev {
				t.Fatalf("NewID(base+%s) = %q sorts before or equal to the id of an earlier millisecond, %q", d, id, prev)
			}
		}
		prev = wijkregie.NewID(base.Add(d))
		// The largest id of this millisecond must still sort before any of the next.
		prev = prev[:24] + "ffffffffffff"
	}
}

func TestValidID(t *testing.T) {
	good := "01950a6e-3c00-7abc-8def-0123456789ab"
	tests := []struct {
		id   string
		want bool
	}{
		{good, true},
		{wijkregie.NewID(time.Now()), true},
		{"", false},
		{strings.ToUpper(good), false},
		{good[:35], false},
		{good + "0", false},
		{strings.ReplaceAll(good, "-", ""), false},
		{"01950a6e03c00-7abc-8def-0123456789ab", false}, // dash replaced
		{"01950a6e-3c007-abc-8def-0123456789ab", false}, // dash moved
		{"01950a6g-3c00-7abc-8def-0123456789ab", false}, // not hex
		{"{1950a6e-3c00-7abc-8def-0123456789a}", false},
		{"../../../../../../../../../etc/passw", false},
		{"01950a6e-3c00-7abc-8def-0123456789a\u00e9"[:36], false},
	}
	for _, tt := range tests {
		if got := wijkregie.ValidID(tt.id); got != tt.want {
			t.Errorf("ValidID(%q) = %v; want %v", tt.id, got, tt.want)
		}
	}
}
