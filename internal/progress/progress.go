// Package progress shows the progress of long command-line jobs, such as
// generating a demo municipality of a million households or writing a report.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// Words are the bar's few texts, in the reader's language: the command line
// takes them from the message catalogue.
type Words struct {
	Done      string // "klaar"
	PerSecond string // "per seconde"
	Remaining string // "nog ongeveer"
}

const (
	// barCells is the width of the bar itself; with the numbers beside it the
	// line fits an 80-column terminal for labels of modest length.
	barCells = 30
	// redrawInterval limits a terminal to about ten redraws a second: more
	// is not readable, and writing on every Add would slow the job itself.
	redrawInterval = 100 * time.Millisecond
	// plainSteps is the number of lines written to a non-terminal (every
	// 10 %), so CI logs of a million-item job stay a dozen lines long.
	plainSteps = 10
)

// Bar reports the progress of a job of a known number of items. On a
// terminal it redraws one line in place; elsewhere (a log file, CI output) it
// writes a plain line at every 10 % and a summary when done.
//
// Add may be called from many goroutines at once. Write errors are ignored:
// progress output is a courtesy and must never fail the job it reports on.
type Bar struct {
	w        io.Writer
	label    string
	words    Words
	total    int64
	terminal bool
	now      func() time.Time // the clock; replaced by tests
	start    time.Time

	done        atomic.Int64
	nextDraw    atomic.Int64 // unix nanoseconds before which a terminal is not redrawn
	printedStep atomic.Int64 // the last 10 % step written to a non-terminal

	mu       sync.Mutex // serialises writes to w and guards the fields below
	lastLen  int        // runes in the last terminal line, to blank what a shorter line leaves
	finished bool
}

// New returns a Bar that writes to w for a job of total items, named by
// label. A total of zero or less means the size is unknown: the bar then
// shows only the count and rate, and a non-terminal gets only the summary.
func New(w io.Writer, label string, total int64, words Words) *Bar {
	return newBar(w, label, total, words, time.Now, isTerminal(w))
}

func newBar(w io.Writer, label string, total int64, words Words, now func() time.Time, terminal bool) *Bar {
	b := &Bar{w: w, label: label, words: words, total: total, terminal: terminal, now: now, start: now()}
	if terminal {
		// Draw at once, so a slow first item does not look like a hang.
		b.mu.Lock()
		b.draw(0, 0, b.start)
		b.mu.Unlock()
	}
	return b
}

// isTerminal reports whether w is a character device, which for a CLI's
// output means an interactive terminal that understands a carriage return.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// Add records n more items as done and updates the output when due.
func (b *Bar) Add(n int64) {
	done := b.done.Add(n)
	if b.terminal {
		b.addTerminal()
		return
	}
	if b.total <= 0 || b.step(done) <= b.printedStep.Load() {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	// Re-read under the lock: another goroutine may have printed this step,
	// or a later one, while this one waited.
	done = b.done.Load()
	step := b.step(done)
	if b.finished || step <= b.printedStep.Load() {
		return
	}
	b.printedStep.Store(step)
	now := b.now()
	fmt.Fprintln(b.w, plainLine(b.words, b.label, done, b.total, now.Sub(b.start)))
}

func (b *Bar) addTerminal() {
	now := b.now()
	// The unlocked check keeps the common case, no redraw due, free of
	// contention between the job's goroutines.
	if now.UnixNano() < b.nextDraw.Load() {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.finished || now.UnixNano() < b.nextDraw.Load() {
		return
	}
	b.draw(b.done.Load(), now.Sub(b.start), now)
}

// Done writes the final state and a summary line with the elapsed time.
// Calls after the first, and Adds after Done, write nothing.
func (b *Bar) Done() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.finished {
		return
	}
	b.finished = true
	now := b.now()
	done, elapsed := b.done.Load(), now.Sub(b.start)
	if b.terminal {
		b.draw(done, elapsed, now)
		fmt.Fprintln(b.w)
	}
	fmt.Fprintln(b.w, summaryLine(b.words, b.label, done, b.total, elapsed))
}

// draw rewrites the terminal line. The caller holds b.mu.
func (b *Bar) draw(done int64, elapsed time.Duration, now time.Time) {
	b.nextDraw.Store(now.Add(redrawInterval).UnixNano())
	line := render(b.words, b.label, done, b.total, elapsed)
	n := utf8.RuneCountInString(line)
	// Spaces rather than an ANSI erase sequence, so any terminal works.
	pad := strings.Repeat(" ", max(b.lastLen-n, 0))
	b.lastLen = n
	fmt.Fprint(b.w, "\r"+line+pad)
}

func (b *Bar) step(done int64) int64 {
	return min(done, b.total) * plainSteps / b.total
}
