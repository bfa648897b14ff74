package wijkregie

import (
	"fmt"
	"slices"
	"time"
	_ "time/tzdata" // Europe/Amsterdam must load on hosts without system tzdata
)

// The Dutch working-day calendar behind triage deadlines and legal terms
// ("binnen 5 werkdagen"). It follows the Algemene termijnenwet (Atw): a
// working day is a day that is not a Saturday, a Sunday or an algemeen erkende
// feestdag (Atw art. 1). Days are Dutch calendar days, so moments are read
// in Europe/Amsterdam (see AddWorkingDays).
//
// What it does not know: days the Crown equates with holidays by royal decree
// under Atw art. 3 lid 3 (in recent decrees, among others, the Friday after
// Hemelvaartsdag). They are published in the Staatscourant, not computable,
// and would have to be added as data.

// amsterdam is the zone of Dutch calendar days. It is set once at start and
// never changed: a *time.Location is safe for concurrent use. The embedded
// tzdata guarantees it loads.
var amsterdam = mustLoadLocation("Europe/Amsterdam")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(fmt.Sprintf("wijkregie: load time zone %s: %v", name, err))
	}
	return loc
}

// Holiday is a public holiday: a day that does not count as a working day.
type Holiday struct {
	Date time.Time // the calendar day, at midnight UTC
	Name string    // the day's Dutch name, e.g. "Tweede Paasdag"
}

// PublicHolidays returns the holidays of year, sorted by date, as the
// Algemene termijnenwet counts them:
//
//   - art. 3 lid 1 names Nieuwjaarsdag, the Christian Tweede Paasdag and
//     Tweede Pinksterdag, both Kerstdagen, Hemelvaartsdag, the day on which
//     the King's birthday is celebrated, and 5 May (Bevrijdingsdag, every
//     year, not only the lustrum years on which many employers give a day
//     off);
//   - art. 3 lid 2 equates Goede Vrijdag with those days. (It is no day off
//     in most collective agreements, but a legal term treats it as a holiday.)
//   - Eerste Paasdag and Eerste Pinksterdag are Sundays, which art. 1 already
//     excludes; they are listed so that a calendar shows them.
//
// The King's birthday is celebrated on 27 April, or on Saturday 26 April when
// the 27th is a Sunday (Koningsdag, from 2014). Before 2014 it was
// Koninginnedag on 30 April, or Saturday 29 April when the 30th was a Sunday.
//
// Two holidays can share a date (Hemelvaartsdag fell on 5 May in 2016); both
// are listed. The list applies today's text of the wet to every year of the
// Gregorian calendar: it is no historical record for years before the 1980s,
// when art. 3 did not yet name 5 May and a Sunday 30 April moved
// Koninginnedag to 1 May.
func PublicHolidays(year int) []Holiday {
	day := func(month time.Month, d int) time.Time {
		return time.Date(year, month, d, 0, 0, 0, 0, time.UTC)
	}
	easter := easterSunday(year)
	fromEaster := func(days int) time.Time { return easter.AddDate(0, 0, days) }

	king := Holiday{day(time.April, 27), "Koningsdag"}
	if year < 2014 {
		king = Holiday{day(time.April, 30), "Koninginnedag"}
	}
	if king.Date.Weekday() == time.Sunday {
		king.Date = king.Date.AddDate(0, 0, -1)
	}

	hs := []Holiday{
		{day(time.January, 1), "Nieuwjaarsdag"},
		{fromEaster(-2), "Goede Vrijdag"},
		{easter, "Eerste Paasdag"},
		{fromEaster(1), "Tweede Paasdag"},
		king,
		{day(time.May, 5), "Bevrijdingsdag"},
		{fromEaster(39), "Hemelvaartsdag"},
		{fromEaster(49), "Eerste Pinksterdag"},
		{fromEaster(50), "Tweede Pinksterdag"},
		{day(time.December, 25), "Eerste Kerstdag"},
		{day(time.December, 26), "Tweede Kerstdag"},
	}
	slices.SortStableFunc(hs, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return hs
}

// easterSunday returns Easter Sunday of a Gregorian year at midnight UTC, by
// the anonymous Gregorian algorithm (Meeus/Jones/Butcher; Meeus, Astronomical
// Algorithms, ch. 8). It is exact for every year from 1583 on.
func easterSunday(year int) time.Time {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

// IsWorkingDay reports whether the calendar date of d, read in d's own
// location, is a working day: not a Saturday, a Sunday or a public holiday.
// A date stored as midnight UTC is thus taken as that date. For a moment
// (a signal's arrival) read it in Dutch time first: d.In(loc) with
// Europe/Amsterdam.
func IsWorkingDay(d time.Time) bool {
	var hs holidaySet
	return hs.isWorkingDay(civilDate(d))
}

// AddWorkingDays returns the deadline of a term of n working days that
// starts at from: the end of the n-th working day after the day of from, i.e.
// 23:59:59.999 Europe/Amsterdam on that day, returned in UTC.
//
// The day of from is its calendar date in Europe/Amsterdam, because a term
// runs in Dutch days: a signal received on Friday at 23:30 UTC arrived on
// Saturday. (A date stored as midnight UTC keeps its date there.) The day of
// from itself is never counted, even if it is a working day, so a signal that
// comes in on Monday with a term of 1 working day is due at the end of
// Tuesday. With n = 0 the deadline is the end of the day of from if that is a
// working day, else the end of the next working day.
//
// AddWorkingDays panics if n is negative: a term never runs backwards, and a
// negative term is a programming error.
func AddWorkingDays(from time.Time, n int) time.Time {
	if n < 0 {
		panic(fmt.Sprintf("wijkregie: AddWorkingDays with negative n %d", n))
	}
	var hs holidaySet
	d := civilDate(from.In(amsterdam))
	if n == 0 {
		for !hs.isWorkingDay(d) {
			d = d.AddDate(0, 0, 1)
		}
	}
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if hs.isWorkingDay(d) {
			n--
		}
	}
	return endOfDay(d)
}

// WorkingDaysBetween returns the number of working days after the day of from
// up to and including the day of to, both days read in Europe/Amsterdam as in
// AddWorkingDays; 0 if the day of to is not after the day of from. For n ≥ 1,
// WorkingDaysBetween(from, AddWorkingDays(from, n)) == n, so the days a term
// has used are WorkingDaysBetween(start, now).
func WorkingDaysBetween(from, to time.Time) int {
	a := civilDate(from.In(amsterdam))
	b := civilDate(to.In(amsterdam))
	if !b.After(a) {
		return 0
	}
	// Count Monday to Friday in (a, b] arithmetically, then take off the
	// holidays on those weekdays, each date once: this is O(years), not
	// O(days), and independent of the day-by-day walk in AddWorkingDays.
	n := weekdaysThrough(b) - weekdaysThrough(a)
	for year := a.Year(); year <= b.Year(); year++ {
		var last time.Time
		for _, h := range PublicHolidays(year) {
			if h.Date.Equal(last) || !h.Date.After(a) || h.Date.After(b) || isWeekend(h.Date) {
				continue
			}
			last = h.Date
			n--
		}
	}
	return n
}

// holidaySet answers whether a date is a working day, computing the holidays
// of one year at a time and keeping them while a walk stays in that year.
type holidaySet struct {
	year  int
	valid bool
	days  []time.Time
}

func (s *holidaySet) isWorkingDay(d time.Time) bool {
	if isWeekend(d) {
		return false
	}
	if !s.valid || s.year != d.Year() {
		s.year, s.valid, s.days = d.Year(), true, s.days[:0]
		for _, h := range PublicHolidays(s.year) {
			s.days = append(s.days, h.Date)
		}
	}
	return !slices.ContainsFunc(s.days, d.Equal)
}

// civilDate returns the calendar date of t in t's location, at midnight UTC.
func civilDate(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// endOfDay returns the last millisecond of the civil date d (midnight UTC) in
// Europe/Amsterdam, in UTC. Daylight saving time changes at 02:00 or 03:00,
// so 23:59:59.999 always exists exactly once.
func endOfDay(d time.Time) time.Time {
	y, m, day := d.Date()
	return time.Date(y, m, day, 23, 59, 59, int(999*time.Millisecond), amsterdam).UTC()
}

func isWeekend(d time.Time) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// weekdaysThrough returns the number of Mondays to Fridays from a fixed
// Monday up to and including the civil date d (midnight UTC); only
// differences of it mean anything.
func weekdaysThrough(d time.Time) int {
	const mondayEpoch = 4 // 1970-01-05, a Monday, in days since the Unix epoch
	t := d.Unix()/(24*60*60) - mondayEpoch
	weeks, rest := t/7, t%7
	if rest < 0 { // floor division for dates before the epoch Monday
		weeks, rest = weeks-1, rest+7
	}
	return int(5*weeks + min(rest+1, 5))
}

// Today returns the Dutch calendar day of now, at midnight UTC as the
// store keeps dates: "today" for a date field, a term or a check is today
// in the Netherlands, whatever the server's zone.
func Today(now time.Time) time.Time { return civilDate(now.In(amsterdam)) }
