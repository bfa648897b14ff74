package progress

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// render returns the terminal line for done of total items after elapsed:
//
//	huishoudens [#########---------------------]  30%  300.000/1.000.000  25.000 per seconde  nog ongeveer 28s
//
// Parts that cannot be known yet (rate, remaining time, or everything that
// needs the total when it is unknown) are left out rather than guessed.
func render(words Words, label string, done, total int64, elapsed time.Duration) string {
	var b strings.Builder
	b.WriteString(label)
	if total > 0 {
		filled := min(done, total) * barCells / total
		fmt.Fprintf(&b, " [%s%s] %3d%%  %s/%s",
			strings.Repeat("#", int(filled)), strings.Repeat("-", barCells-int(filled)),
			percent(done, total), formatCount(done), formatCount(total))
	} else {
		b.WriteString("  " + formatCount(done))
	}
	if rate, ok := ratePerSecond(done, elapsed); ok {
		b.WriteString("  " + formatRate(rate) + " " + words.PerSecond)
	}
	if eta, ok := remaining(done, total, elapsed); ok {
		b.WriteString("  " + words.Remaining + " " + formatDuration(eta))
	}
	return b.String()
}

// plainLine is the line written to a non-terminal at each 10 % step:
//
//	huishoudens: 30% (300.000/1.000.000), 25.000 per seconde, nog ongeveer 28s
func plainLine(words Words, label string, done, total int64, elapsed time.Duration) string {
	line := fmt.Sprintf("%s: %d%% (%s/%s)", label, percent(done, total), formatCount(done), formatCount(total))
	if rate, ok := ratePerSecond(done, elapsed); ok {
		line += ", " + formatRate(rate) + " " + words.PerSecond
	}
	if eta, ok := remaining(done, total, elapsed); ok {
		line += ", " + words.Remaining + " " + formatDuration(eta)
	}
	return line
}

// summaryLine is written once when the job is done:
//
//	huishoudens: klaar, 1.000.000 in 40s (25.000 per seconde)
//
// A job stopped early shows done/total, so a failed run does not read as a
// complete one.
func summaryLine(words Words, label string, done, total int64, elapsed time.Duration) string {
	count := formatCount(done)
	if total > 0 && done != total {
		count += "/" + formatCount(total)
	}
	line := fmt.Sprintf("%s: %s, %s in %s", label, words.Done, count, formatDuration(elapsed))
	if rate, ok := ratePerSecond(done, elapsed); ok {
		line += " (" + formatRate(rate) + " " + words.PerSecond + ")"
	}
	return line
}

// percent is capped at 100: a job that does more than it announced is done,
// not at 104 %.
func percent(done, total int64) int64 {
	return min(done, total) * 100 / total
}

func ratePerSecond(done int64, elapsed time.Duration) (float64, bool) {
	if elapsed <= 0 || done <= 0 {
		return 0, false
	}
	return float64(done) / elapsed.Seconds(), true
}

// remaining extrapolates the rate so far; good enough for jobs of many
// similar items, which is what this package is for.
func remaining(done, total int64, elapsed time.Duration) (time.Duration, bool) {
	if total <= 0 || done <= 0 || done >= total || elapsed <= 0 {
		return 0, false
	}
	return time.Duration(float64(elapsed) * float64(total-done) / float64(done)), true
}

// formatCount groups thousands with a full stop, as Dutch readers expect:
// 1.000.000.
func formatCount(n int64) string {
	s := strconv.FormatInt(n, 10)
	sign := ""
	if n < 0 {
		sign, s = "-", s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return sign + b.String()
}

// formatRate shows whole items for fast jobs and one decimal, with a Dutch
// decimal comma, for slow ones such as reports.
func formatRate(r float64) string {
	if r >= 10 {
		return formatCount(int64(r + 0.5))
	}
	return strings.Replace(strconv.FormatFloat(r, 'f', 1, 64), ".", ",", 1)
}

// formatDuration rounds to whole seconds; only a job shorter than a second
// gets milliseconds, so its summary does not claim it took 0s.
func formatDuration(d time.Duration) string {
	if d < time.Second {
		return d.Round(time.Millisecond).String()
	}
	return d.Round(time.Second).String()
}
