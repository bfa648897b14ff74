package wijkregie_test

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"wijkregie"
)

// amsterdam is the zone of Dutch calendar days; the package embeds tzdata.
func amsterdam(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// date is a civil date as PublicHolidays returns it: midnight UTC.
func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// holiday returns the date of the holiday called name in year.
func holiday(t *testing.T, year int, name string) time.Time {
	t.Helper()
	for _, h := range wijkregie.PublicHolidays(year) {
		if h.Name == name {
			return h.Date
		}
	}
	t.Fatalf("PublicHolidays(%d) has no %q", year, name)
	return time.Time{}
}

func TestEaster(t *testing.T) {
	tests := []struct {
		year int
		want time.Time
	}{
		{1818, date(1818, time.March, 22)}, // the earliest possible date
		{2000, date(2000, time.April, 23)},
		{2008, date(2008, time.March, 23)},
		{2016, date(2016, time.March, 27)},
		{2024, date(2024, time.March, 31)},
		{2025, date(2025, time.April, 20)},
		{2026, date(2026, time.April, 5)},
		{2027, date(2027, time.March, 28)},
		{2038, date(2038, time.April, 25)}, // the latest possible date
		{2285, date(2285, time.March, 22)},
	}
	for _, tt := range tests {
		if got := holiday(t, tt.year, "Eerste Paasdag"); !got.Equal(tt.want) {
			t.Errorf("Eerste Paasdag %d = %s; want %s", tt.year, got.Format(time.DateOnly), tt.want.Format(time.DateOnly))
		}
	}
}

func TestPublicHolidays2026(t *testing.T) {
	want := []wijkregie.Holiday{
		{date(2026, time.January, 1), "Nieuwjaarsdag"},
		{date(2026, time.April, 3), "Goede Vrijdag"}, // Atw art. 3 lid 2
		{date(2026, time.April, 5), "Eerste Paasdag"},
		{date(2026, time.April, 6), "Tweede Paasdag"},
		{date(2026, time.April, 27), "Koningsdag"},
		{date(2026, time.May, 5), "Bevrijdingsdag"},
		{date(2026, time.May, 14), "Hemelvaartsdag"},
		{date(2026, time.May, 24), "Eerste Pinksterdag"},
		{date(2026, time.May, 25), "Tweede Pinksterdag"},
		{date(2026, time.December, 25), "Eerste Kerstdag"},
		{date(2026, time.December, 26), "Tweede Kerstdag"},
	}
	got := wijkregie.PublicHolidays(2026)
	if !slices.EqualFunc(got, want, func(a, b wijkregie.Holiday) bool {
		return a.Name == b.Name && a.Date.Equal(b.Date) && a.Date.Location() == time.UTC
	}) {
		t.Errorf("PublicHolidays(2026):\n got  %v\n want %v", got, want)
	}
}

func TestHolidayKingsDay(t *testing.T) {
	tests := []struct {
		year int
		name string
		want time.Time
	}{
		{2012, "Koninginnedag", date(2012, time.April, 30)},
		{2006, "Koninginnedag", date(2006, time.April, 29)}, // 30 April a Sunday
		{2013, "Koninginnedag", date(2013, time.April, 30)},
		{2014, "Koningsdag", date(2014, time.April, 26)}, // 27 April a Sunday
		{2025, "Koningsdag", date(2025, time.April, 26)}, // 27 April a Sunday
		{2026, "Koningsdag", date(2026, time.April, 27)},
		{2031, "Koningsdag", date(2031, time.April, 26)}, // 27 April a Sunday
	}
	for _, tt := range tests {
		if got := holiday(t, tt.year, tt.name); !got.Equal(tt.want) {
			t.Errorf("%s %d = %s; want %s", tt.name, tt.year, got.Format(time.DateOnly), tt.want.Format(time.DateOnly))
		}
	}
}

func TestPublicHolidaysShape(t *testing.T) {
	for year := 1990; year <= 2100; year++ {
		hs := wijkregie.PublicHolidays(year)
		if len(hs) != 11 {
			t.Errorf("PublicHolidays(%d) has %d days; want 11", year, len(hs))
		}
		if !slices.IsSortedFunc(hs, func(a, b wijkregie.Holiday) int { return a.Date.Compare(b.Date) }) {
			t.Errorf("PublicHolidays(%d) is not sorted: %v", year, hs)
		}
		for _, h := range hs {
			if h.Date.Year() != year || h.Date.Location() != time.UTC || !h.Date.Equal(date(year, h.Date.Month(), h.Date.Day())) {
				t.Errorf("PublicHolidays(%d): %s on %v; want midnight UTC in %d", year, h.Name, h.Date, year)
			}
			if wijkregie.IsWorkingDay(h.Date) {
				t.Errorf("IsWorkingDay(%s %s) = true; want false", h.Name, h.Date.Format(time.DateOnly))
			}
		}
	}
	// Hemelvaartsdag fell on Bevrijdingsdag in 2016: both are listed.
	var may5 []string
	for _, h := range wijkregie.PublicHolidays(2016) {
		if h.Date.Equal(date(2016, time.May, 5)) {
			may5 = append(may5, h.Name)
		}
	}
	if want := []string{"Bevrijdingsdag", "Hemelvaartsdag"}; !slices.Equal(may5, want) {
		t.Errorf("holidays on 5 May 2016 = %v; want %v", may5, want)
	}
}

func TestIsWorkingDay(t *testing.T) {
	ams := amsterdam(t)
	tests := []struct {
		name string
		d    time.Time
		want bool
	}{
		{"Thursday", date(2026, time.January, 15), true},
		{"Saturday", date(2026, time.January, 17), false},
		{"Sunday", date(2026, time.January, 18), false},
		{"Goede Vrijdag (Atw art. 3 lid 2)", date(2026, time.April, 3), false},
		{"Tweede Paasdag", date(2026, time.April, 6), false},
		{"Bevrijdingsdag outside a lustrum year", date(2026, time.May, 5), false},
		{"Friday after Hemelvaartsdag (royal decree, not modelled)", date(2026, time.May, 15), true},
		{"Oudejaarsdag", date(2026, time.December, 31), true},
		// The date is read in d's own location: 00:30 on Tuesday in
		// Amsterdam is still Monday, Tweede Paasdag, in UTC.
		{"Tuesday 00:30 in Amsterdam", time.Date(2026, time.April, 7, 0, 30, 0, 0, ams), true},
		{"the same moment in UTC", time.Date(2026, time.April, 7, 0, 30, 0, 0, ams).UTC(), false},
	}
	for _, tt := range tests {
		if got := wijkregie.IsWorkingDay(tt.d); got != tt.want {
			t.Errorf("IsWorkingDay(%s: %v) = %t; want %t", tt.name, tt.d, got, tt.want)
		}
	}
}

func TestAddWorkingDays(t *testing.T) {
	ams := amsterdam(t)
	at := func(y int, m time.Month, d, hour, min int) time.Time {
		return time.Date(y, m, d, hour, min, 0, 0, ams)
	}
	tests := []struct {
		name string
		from time.Time
		n    int
		want time.Time // the Amsterdam date of the deadline
	}{
		{"Monday plus 5", at(2026, time.March, 2, 9, 0), 5, date(2026, time.March, 9)},
		{"Thursday plus 2 crosses the weekend", at(2026, time.January, 15, 14, 0), 2, date(2026, time.January, 19)},
		{"Friday plus 1", at(2026, time.January, 16, 16, 45), 1, date(2026, time.January, 19)},
		{"Sunday plus 1", at(2026, time.January, 18, 12, 0), 1, date(2026, time.January, 19)},
		{"Goede Vrijdag plus 1 skips Tweede Paasdag", at(2026, time.April, 3, 10, 0), 1, date(2026, time.April, 7)},
		{"Thursday before Easter plus 1", at(2026, time.April, 2, 10, 0), 1, date(2026, time.April, 7)},
		{"Thursday before Easter plus 5", at(2026, time.April, 2, 10, 0), 5, date(2026, time.April, 13)},
		{"Kerstavond plus 1", at(2025, time.December, 24, 11, 0), 1, date(2025, time.December, 29)},
		{"Kerstavond plus 5 crosses Nieuwjaarsdag", at(2025, time.December, 24, 11, 0), 5, date(2026, time.January, 5)},
		{"Oudejaarsdag plus 1", at(2026, time.December, 31, 23, 0), 1, date(2027, time.January, 4)},
		{"0 on a working day is the same day", at(2026, time.January, 15, 8, 0), 0, date(2026, time.January, 15)},
		{"0 on a Saturday is Monday", at(2026, time.January, 17, 13, 0), 0, date(2026, time.January, 19)},
		{"0 on Eerste Paasdag is Tuesday", at(2026, time.April, 5, 13, 0), 0, date(2026, time.April, 7)},
		{"Monday on Koningsdag plus 1", at(2026, time.April, 27, 9, 0), 1, date(2026, time.April, 28)},
		{"Hemelvaartsdag on Bevrijdingsdag 2016", at(2016, time.May, 4, 9, 0), 2, date(2016, time.May, 9)},
		// The day of from is its date in Amsterdam, not in its own zone.
		{"Thursday 23:30 UTC is Friday in Amsterdam", time.Date(2026, time.January, 15, 23, 30, 0, 0, time.UTC), 1, date(2026, time.January, 19)},
		{"a midnight-UTC date keeps its date", date(2026, time.January, 15), 1, date(2026, time.January, 16)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wijkregie.AddWorkingDays(tt.from, tt.n)
			want := time.Date(tt.want.Year(), tt.want.Month(), tt.want.Day(), 23, 59, 59, 999_000_000, ams)
			if !got.Equal(want) {
				t.Errorf("AddWorkingDays(%v, %d) = %v; want %v", tt.from, tt.n, got.In(ams), want)
			}
			if got.Location() != time.UTC {
				t.Errorf("AddWorkingDays(%v, %d) is in %v; want UTC", tt.from, tt.n, got.Location())
			}
		})
	}
}

func TestAddWorkingDaysEndOfDay(t *testing.T) {
	ams := amsterdam(t)
	tests := []struct {
		name string
		from time.Time
		want time.Time // in UTC
	}{
		{"CET, UTC+1", time.Date(2026, time.January, 15, 9, 0, 0, 0, ams), time.Date(2026, time.January, 16, 22, 59, 59, 999_000_000, time.UTC)},
		{"CEST, UTC+2", time.Date(2026, time.July, 15, 9, 0, 0, 0, ams), time.Date(2026, time.July, 16, 21, 59, 59, 999_000_000, time.UTC)},
		// Summer time starts on Sunday 29 March 2026 and ends on Sunday 25
		// October: the term crosses the change.
		{"Friday in CET to Monday in CEST", time.Date(2026, time.March, 27, 9, 0, 0, 0, ams), time.Date(2026, time.March, 30, 21, 59, 59, 999_000_000, time.UTC)},
		{"Friday in CEST to Monday in CET", time.Date(2026, time.October, 23, 9, 0, 0, 0, ams), time.Date(2026, time.October, 26, 22, 59, 59, 999_000_000, time.UTC)},
	}
	for _, tt := range tests {
		got := wijkregie.AddWorkingDays(tt.from, 1)
		if !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("%s: AddWorkingDays(%v, 1) = %v; want %v", tt.name, tt.from, got, tt.want)
		}
		local := got.In(ams)
		if h, m, s := local.Clock(); h != 23 || m != 59 || s != 59 || local.Nanosecond() != 999_000_000 {
			t.Errorf("%s: deadline in Amsterdam = %v; want 23:59:59.999", tt.name, local)
		}
		if next := got.Add(time.Millisecond).In(ams); next.Day() == local.Day() || next.Hour() != 0 {
			t.Errorf("%s: a millisecond after the deadline is %v; want the next day's midnight", tt.name, next)
		}
	}
}

func TestAddWorkingDaysNegativePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("AddWorkingDays(_, -1) did not panic")
		}
	}()
	wijkregie.AddWorkingDays(date(2026, time.January, 15), -1)
}

func TestWorkingDaysBetween(t *testing.T) {
	ams := amsterdam(t)
	tests := []struct {
		name     string
		from, to time.Time
		want     int
	}{
		{"to before from", date(2026, time.January, 20), date(2026, time.January, 15), 0},
		{"same day, later hour", time.Date(2026, time.January, 15, 8, 0, 0, 0, ams), time.Date(2026, time.January, 15, 17, 0, 0, 0, ams), 0},
		{"Thursday to Friday", date(2026, time.January, 15), date(2026, time.January, 16), 1},
		{"Friday to Monday", date(2026, time.January, 16), date(2026, time.January, 19), 1},
		{"Friday to Sunday", date(2026, time.January, 16), date(2026, time.January, 18), 0},
		{"across Easter 2026", date(2026, time.April, 2), date(2026, time.April, 7), 1},
		{"5 May 2016 counted once", date(2016, time.May, 4), date(2016, time.May, 6), 1},
		// 2026: 261 weekdays, of which 8 holidays (Tweede Kerstdag is a Saturday).
		{"the whole of 2026", date(2025, time.December, 31), date(2026, time.December, 31), 253},
		{"across Christmas 2025", date(2025, time.December, 24), date(2026, time.January, 5), 5},
		// Read in Amsterdam: 23:30 UTC on Thursday is Friday there.
		{"from late Thursday UTC", time.Date(2026, time.January, 15, 23, 30, 0, 0, time.UTC), date(2026, time.January, 19), 1},
	}
	for _, tt := range tests {
		if got := wijkregie.WorkingDaysBetween(tt.from, tt.to); got != tt.want {
			t.Errorf("%s: WorkingDaysBetween(%v, %v) = %d; want %d", tt.name, tt.from, tt.to, got, tt.want)
		}
	}
}

// TestWorkingDaysBetweenMatchesAddWorkingDays checks the two functions
// against each other and against a day-by-day count with IsWorkingDay, on
// random moments between 1995 and 2045 (seeded, so a failure repeats).
func TestWorkingDaysBetweenMatchesAddWorkingDays(t *testing.T) {
	ams := amsterdam(t)
	r := rand.New(rand.NewPCG(2026, 4))
	lo := time.Date(1995, time.January, 1, 0, 0, 0, 0, time.UTC).Unix()
	hi := time.Date(2045, time.January, 1, 0, 0, 0, 0, time.UTC).Unix()
	moment := func() time.Time { return time.Unix(lo+r.Int64N(hi-lo), 0).UTC() }
	dayOf := func(t time.Time) time.Time {
		y, m, d := t.In(ams).Date()
		return date(y, m, d)
	}
	// count walks the Amsterdam days after from up to and including to.
	count := func(from, to time.Time) int {
		n := 0
		for d, end := dayOf(from).AddDate(0, 0, 1), dayOf(to); !d.After(end); d = d.AddDate(0, 0, 1) {
			if wijkregie.IsWorkingDay(d) {
				n++
			}
		}
		return n
	}

	for range 2000 {
		from, n := moment(), r.IntN(80)
		due := wijkregie.AddWorkingDays(from, n)
		if !wijkregie.IsWorkingDay(due.In(ams)) {
			t.Errorf("AddWorkingDays(%v, %d) = %v, no working day", from, n, due.In(ams))
		}
		if n > 0 {
			if got := wijkregie.WorkingDaysBetween(from, due); got != n {
				t.Errorf("WorkingDaysBetween(%v, AddWorkingDays(_, %d) = %v) = %d; want %d", from, n, due, got, n)
			}
			// Each further day moves the deadline, except that n = 0 on a
			// day off already gives the first working day after it.
			prev := wijkregie.AddWorkingDays(from, n-1)
			if same := n == 1 && !wijkregie.IsWorkingDay(from.In(ams)); prev.Equal(due) != same || prev.After(due) {
				t.Errorf("AddWorkingDays(%v, %d) = %v, AddWorkingDays(_, %d) = %v; want them equal: %t", from, n-1, prev, n, due, same)
			}
		}

		// A random pair: k working days have passed by to, so the deadline of
		// k falls on or before to's day and that of k+1 after it.
		to := from.Add(time.Duration(r.Int64N(int64(400*24*time.Hour))) - 30*24*time.Hour)
		k := wijkregie.WorkingDaysBetween(from, to)
		if want := count(from, to); k != want {
			t.Errorf("WorkingDaysBetween(%v, %v) = %d; day-by-day count %d", from, to, k, want)
		}
		if k > 0 && dayOf(wijkregie.AddWorkingDays(from, k)).After(dayOf(to)) {
			t.Errorf("WorkingDaysBetween(%v, %v) = %d, but AddWorkingDays(_, %d) is after to", from, to, k, k)
		}
		if next := dayOf(wijkregie.AddWorkingDays(from, k+1)); !next.After(dayOf(to)) {
			t.Errorf("WorkingDaysBetween(%v, %v) = %d, but AddWorkingDays(_, %d) = %s is not after to", from, to, k, k+1, next.Format(time.DateOnly))
		}
	}
}
