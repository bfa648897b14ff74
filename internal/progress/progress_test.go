package progress

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fakeClock is a clock that moves only when told, safe for concurrent use.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func lines(s string) []string {
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

func TestPlainOutputAtEveryTenPercent(t *testing.T) {
	var buf bytes.Buffer
	clock := newFakeClock()
	bar := newBar(&buf, "huishoudens", 200, nl, clock.Now, false)

	clock.Advance(time.Second)
	bar.Add(10) // 5 %: below the first step
	if got := buf.String(); got != "" {
		t.Fatalf("output at 5%% = %q, want none", got)
	}
	clock.Advance(time.Second)
	bar.Add(10) // 10 %
	clock.Advance(2 * time.Second)
	bar.Add(50) // 35 %: one line, with the true figure, for the step passed
	clock.Advance(6 * time.Second)
	bar.Add(130) // 100 %
	bar.Done()
	bar.Done()  // a second Done writes nothing
	bar.Add(10) // nor does an Add after Done

	want := []string{
		"huishoudens: 10% (20/200), 10 per seconde, nog ongeveer 18s",
		"huishoudens: 35% (70/200), 18 per seconde, nog ongeveer 7s",
		"huishoudens: 100% (200/200), 20 per seconde",
		"huishoudens: klaar, 200 in 10s (20 per seconde)",
	}
	if diff := cmp.Diff(lines(buf.String()), want); diff != "" {
		t.Errorf("output (-got +want):\n%s", diff)
	}
}

func TestPlainOutputForAMillionItems(t *testing.T) {
	var buf bytes.Buffer
	clock := newFakeClock()
	const total = 1_000_000
	bar := newBar(&buf, "huishoudens", total, nl, clock.Now, false)
	for i := range total {
		if i%1000 == 0 {
			clock.Advance(40 * time.Millisecond)
		}
		bar.Add(1)
	}
	bar.Done()

	var want []string
	for step := 1; step <= 10; step++ {
		line := fmt.Sprintf("huishoudens: %d%% (%s/1.000.000), 25.000 per seconde", step*10, formatCount(int64(step)*100_000))
		if step < 10 {
			line += fmt.Sprintf(", nog ongeveer %ds", 40-4*step)
		}
		want = append(want, line)
	}
	want = append(want, "huishoudens: klaar, 1.000.000 in 40s (25.000 per seconde)")
	if diff := cmp.Diff(lines(buf.String()), want); diff != "" {
		t.Errorf("output (-got +want):\n%s", diff)
	}
}

func TestPlainOutputWithUnknownTotal(t *testing.T) {
	var buf bytes.Buffer
	clock := newFakeClock()
	bar := newBar(&buf, "rapportage", 0, nl, clock.Now, false)
	bar.Add(3)
	clock.Advance(1500 * time.Millisecond)
	bar.Done()

	want := []string{"rapportage: klaar, 3 in 2s (2,0 per seconde)"}
	if diff := cmp.Diff(lines(buf.String()), want); diff != "" {
		t.Errorf("output (-got +want):\n%s", diff)
	}
}

func TestSummaryOfAJobStoppedEarly(t *testing.T) {
	var buf bytes.Buffer
	clock := newFakeClock()
	bar := newBar(&buf, "huishoudens", 1000, nl, clock.Now, false)
	bar.Add(50)
	clock.Advance(300 * time.Millisecond)
	bar.Done()

	want := []string{"huishoudens: klaar, 50/1.000 in 300ms (167 per seconde)"}
	if diff := cmp.Diff(lines(buf.String()), want); diff != "" {
		t.Errorf("output (-got +want):\n%s", diff)
	}
}

func TestConcurrentAdd(t *testing.T) {
	var buf bytes.Buffer
	clock := newFakeClock()
	const workers, each = 8, 10_000
	bar := newBar(&buf, "huishoudens", workers*each, nl, clock.Now, false)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range each {
				bar.Add(1)
			}
		})
	}
	wg.Wait()
	clock.Advance(time.Second)
	bar.Done()

	got := lines(buf.String())
	if n := len(got); n < 2 || n > 11 {
		t.Fatalf("got %d lines, want 2 to 11:\n%s", n, buf.String())
	}
	// Under contention a step may be skipped, never repeated or reordered.
	last := 0
	for _, line := range got[:len(got)-1] {
		var pct int
		if _, err := fmt.Sscanf(line, "huishoudens: %d%%", &pct); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		if pct <= last {
			t.Errorf("percentage %d after %d, want increasing", pct, last)
		}
		last = pct
	}
	if last != 100 {
		t.Errorf("last step = %d%%, want 100%%", last)
	}
	if got, want := got[len(got)-1], "huishoudens: klaar, 80.000 in 1s (80.000 per seconde)"; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
}

func TestTerminalRedrawsAtMostTenTimesASecond(t *testing.T) {
	var buf bytes.Buffer
	clock := newFakeClock()
	bar := newBar(&buf, "huishoudens", 1000, nl, clock.Now, true) // draws 0 %

	bar.Add(100) // same instant as the first draw: too soon
	clock.Advance(50 * time.Millisecond)
	bar.Add(100) // 50ms: too soon
	clock.Advance(50 * time.Millisecond)
	bar.Add(100) // 100ms: redraw
	clock.Advance(10 * time.Millisecond)
	bar.Add(700) // 110ms: too soon
	clock.Advance(890 * time.Millisecond)
	bar.Done() // always drawn, then the summary

	first := render(nl, "huishoudens", 0, 1000, 0)
	second := render(nl, "huishoudens", 300, 1000, 100*time.Millisecond)
	final := render(nl, "huishoudens", 1000, 1000, time.Second)
	// The final line has no remaining time, so it is shorter than the one
	// before it and must blank that line's tail.
	if len(final) >= len(second) {
		t.Fatalf("test needs a final line shorter than the one before it: %q, %q", second, final)
	}
	want := "\r" + first +
		"\r" + second +
		"\r" + final + strings.Repeat(" ", len(second)-len(final)) + "\n" +
		"huishoudens: klaar, 1.000 in 1s (1.000 per seconde)\n"
	if diff := cmp.Diff(buf.String(), want); diff != "" {
		t.Errorf("output (-got +want):\n%s", diff)
	}
}

func TestIsTerminal(t *testing.T) {
	if isTerminal(&bytes.Buffer{}) {
		t.Errorf("isTerminal(bytes.Buffer) = true, want false")
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Errorf("isTerminal(regular file) = true, want false")
	}
}

// nl are the Dutch words the command line passes from its catalogue.
var nl = Words{Done: "klaar", PerSecond: "per seconde", Remaining: "nog ongeveer"}
