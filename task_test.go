package wijkregie_test

import (
	"testing"
	"time"

	"wijkregie"
)

// TestResumeKeepsTheEndOfTheDay: a term suspended across the change to
// summer time moves on by whole Dutch days and is still due at the end of
// a day, not an hour into the next one.
func TestResumeKeepsTheEndOfTheDay(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name               string
		due                time.Time
		suspended, resumed time.Time
		want               time.Time
	}{
		{"within winter time", day(time.March, 20), time.Date(2026, 3, 10, 9, 0, 0, 0, ams), time.Date(2026, 3, 13, 16, 0, 0, 0, ams), day(time.March, 23)},
		// Summer time starts on Sunday 29 March 2026.
		{"into summer time", day(time.March, 27), time.Date(2026, 3, 26, 9, 0, 0, 0, ams), time.Date(2026, 3, 30, 9, 0, 0, 0, ams), day(time.March, 31)},
		// And ends on Sunday 25 October 2026.
		{"into winter time", day(time.October, 23), time.Date(2026, 10, 22, 9, 0, 0, 0, ams), time.Date(2026, 10, 26, 9, 0, 0, 0, ams), day(time.October, 27)},
		{"resumed the same day", day(time.March, 27), time.Date(2026, 3, 26, 9, 0, 0, 0, ams), time.Date(2026, 3, 26, 17, 0, 0, 0, ams), day(time.March, 27)},
	}
	for _, tt := range tests {
		tk := &wijkregie.Task{Kind: wijkregie.TaskTriage, Due: wijkregie.EndOfDay(tt.due), Legal: true}
		if err := tk.Suspend(tt.suspended, "wachten op gegevens"); err != nil {
			t.Fatalf("%s: suspend: %v", tt.name, err)
		}
		if err := tk.Resume(tt.resumed); err != nil {
			t.Fatalf("%s: resume: %v", tt.name, err)
		}
		if want := wijkregie.EndOfDay(tt.want); !tk.Due.Equal(want) || tk.Suspended() {
			t.Errorf("%s: due %v (suspended %t); want %v, running", tt.name, tk.Due.In(ams), tk.Suspended(), want.In(ams))
		}
	}
}
