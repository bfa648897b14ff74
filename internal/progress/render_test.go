package progress

import (
	"testing"
	"time"
)

func TestRender(t *testing.T) {
	tests := []struct {
		name    string
		done    int64
		total   int64
		elapsed time.Duration
		want    string
	}{
		{"start", 0, 1_000_000, 0,
			"huishoudens [------------------------------]   0%  0/1.000.000"},
		{"under way", 300_000, 1_000_000, 12 * time.Second,
			"huishoudens [#########---------------------]  30%  300.000/1.000.000  25.000 per seconde  nog ongeveer 28s"},
		{"partial cell rounds down", 1, 3, time.Second,
			"huishoudens [##########--------------------]  33%  1/3  1,0 per seconde  nog ongeveer 2s"},
		{"slow job shows a decimal comma", 5, 100, 2 * time.Second,
			"huishoudens [#-----------------------------]   5%  5/100  2,5 per seconde  nog ongeveer 38s"},
		{"complete has no remaining time", 1_000_000, 1_000_000, 40 * time.Second,
			"huishoudens [##############################] 100%  1.000.000/1.000.000  25.000 per seconde"},
		{"more than announced is capped", 1_200, 1_000, time.Minute,
			"huishoudens [##############################] 100%  1.200/1.000  20 per seconde"},
		{"unknown total", 300_000, 0, 12 * time.Second,
			"huishoudens  300.000  25.000 per seconde"},
		{"remaining time under a second", 990, 1_000, 9900 * time.Millisecond,
			"huishoudens [#############################-]  99%  990/1.000  100 per seconde  nog ongeveer 100ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := render(nl, "huishoudens", tt.done, tt.total, tt.elapsed); got != tt.want {
				t.Errorf("render(%d, %d, %v) =\n%q, want\n%q", tt.done, tt.total, tt.elapsed, got, tt.want)
			}
		})
	}
}

func TestFormatCount(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, "0"},
		{999, "999"},
		{1_000, "1.000"},
		{12_345, "12.345"},
		{1_234_567, "1.234.567"},
		{-1_234, "-1.234"},
	}
	for _, tt := range tests {
		if got := formatCount(tt.n); got != tt.want {
			t.Errorf("formatCount(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{250 * time.Millisecond, "250ms"},
		{1499 * time.Millisecond, "1s"},
		{61500 * time.Millisecond, "1m2s"},
		{time.Hour + 2*time.Second, "1h0m2s"},
	}
	for _, tt := range tests {
		if got := formatDuration(tt.d); got != tt.want {
			t.Errorf("formatDuration(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
