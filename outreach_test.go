package wijkregie_test

import (
	"testing"
	"time"

	"wijkregie"
)

// endOfDutchDay is the last millisecond of a Dutch calendar day, in UTC:
// what a term of days ends at.
func endOfDutchDay(t *testing.T, y int, m time.Month, d int) time.Time {
	t.Helper()
	return time.Date(y, m, d, 23, 59, 59, int(999*time.Millisecond), amsterdam(t)).UTC()
}

// TestOutreachDeadline: the first offer of help is due four weeks after a
// plain report (calendar days, a day off moving it to the next working
// day), three working days after a threatening one and ten after an
// end-of-delivery report (Algemene termijnenwet: weekends and the public
// holidays do not count), and never after the last working day before an
// announced end.
func TestOutreachDeadline(t *testing.T) {
	s := wijkregie.DefaultSettings("GM9901")
	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, amsterdam(t)) }
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		name     string
		received time.Time
		kind     wijkregie.ArrearsKind
		end      time.Time
		want     time.Time
	}{
		{"plain: four weeks", at(2026, 3, 2, 10), wijkregie.ArrearsPlain, time.Time{}, endOfDutchDay(t, 2026, 3, 30)},
		{"plain: four weeks on King's Day moves to the Tuesday", at(2026, 3, 30, 10), wijkregie.ArrearsPlain, time.Time{}, endOfDutchDay(t, 2026, 4, 28)},
		{"plain: four weeks on Christmas moves past the weekend", at(2026, 11, 27, 10), wijkregie.ArrearsPlain, time.Time{}, endOfDutchDay(t, 2026, 12, 28)},
		{"plain: received on Saturday", at(2026, 3, 7, 10), wijkregie.ArrearsPlain, time.Time{}, endOfDutchDay(t, 2026, 4, 7)}, // 4 April Sat → Easter Monday 6 → 7
		{"eviction: three working days", at(2026, 3, 2, 10), wijkregie.ArrearsEviction, time.Time{}, endOfDutchDay(t, 2026, 3, 5)},
		{"cut-off over King's Day", at(2026, 4, 24, 10), wijkregie.ArrearsCutOff, time.Time{}, endOfDutchDay(t, 2026, 4, 30)},
		{"cancellation over Good Friday and Easter Monday", at(2026, 4, 2, 10), wijkregie.ArrearsCancellation, time.Time{}, endOfDutchDay(t, 2026, 4, 9)},
		{"eviction over Christmas", at(2026, 12, 23, 10), wijkregie.ArrearsEviction, time.Time{}, endOfDutchDay(t, 2026, 12, 29)},
		{"eviction late on Friday evening counts from Friday", at(2026, 3, 6, 23), wijkregie.ArrearsEviction, time.Time{}, endOfDutchDay(t, 2026, 3, 11)},
		{"end of delivery: ten working days", at(2026, 3, 2, 10), wijkregie.ArrearsEndOfDelivery, time.Time{}, endOfDutchDay(t, 2026, 3, 16)},
		{"end of delivery over Good Friday and Easter Monday", at(2026, 3, 30, 10), wijkregie.ArrearsEndOfDelivery, time.Time{}, endOfDutchDay(t, 2026, 4, 15)},
		{"end of delivery with a later datumEinde", at(2026, 3, 2, 10), wijkregie.ArrearsEndOfDelivery, day(2026, 6, 1), endOfDutchDay(t, 2026, 3, 16)},
		{"end of delivery with an earlier datumEinde", at(2026, 3, 2, 10), wijkregie.ArrearsEndOfDelivery, day(2026, 3, 10), endOfDutchDay(t, 2026, 3, 9)},
		{"datumEinde after Easter Monday: the Thursday before Good Friday", at(2026, 3, 20, 10), wijkregie.ArrearsPlain, day(2026, 4, 7), endOfDutchDay(t, 2026, 4, 2)},
		{"datumEinde on Monday: the Friday before", at(2026, 3, 2, 10), wijkregie.ArrearsCutOff, day(2026, 3, 9), endOfDutchDay(t, 2026, 3, 5)},
		{"datumEinde tomorrow: today", at(2026, 3, 2, 10), wijkregie.ArrearsEviction, day(2026, 3, 3), endOfDutchDay(t, 2026, 3, 2)},
		{"datumEinde passed: today at the latest", at(2026, 3, 2, 10), wijkregie.ArrearsEviction, day(2026, 2, 20), endOfDutchDay(t, 2026, 3, 2)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := s.OutreachDeadline(tc.received.UTC(), tc.kind, tc.end); !got.Equal(tc.want) {
				t.Errorf("OutreachDeadline(%s, %s, %s) = %s; want %s", tc.received, tc.kind, tc.end.Format(time.DateOnly), got.In(amsterdam(t)), tc.want.In(amsterdam(t)))
			}
		})
	}
}

// TestOutreachDeadlineFollowsTheSettings: the terms are the municipality's.
func TestOutreachDeadlineFollowsTheSettings(t *testing.T) {
	s := wijkregie.DefaultSettings("GM9901")
	s.OutreachDaysNormal, s.OutreachDaysThreat, s.OutreachDaysEndOfDelivery = 14, 1, 19
	received := time.Date(2026, 3, 2, 10, 0, 0, 0, amsterdam(t)).UTC()
	for kind, want := range map[wijkregie.ArrearsKind]time.Time{
		wijkregie.ArrearsPlain:         endOfDutchDay(t, 2026, 3, 16),
		wijkregie.ArrearsEviction:      endOfDutchDay(t, 2026, 3, 3),
		wijkregie.ArrearsEndOfDelivery: endOfDutchDay(t, 2026, 3, 27),
	} {
		if got := s.OutreachDeadline(received, kind, time.Time{}); !got.Equal(want) {
			t.Errorf("%s: %s; want %s", kind, got, want)
		}
	}
}
