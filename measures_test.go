package wijkregie_test

import (
	"testing"

	"wijkregie"
)

// shown returns the displays of figures, for comparing at a glance.
func shown(fs ...wijkregie.Figure) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Display()
	}
	return out
}

func eq(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s = %v, want %v", what, got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s = %v, want %v", what, got, want)
		}
	}
}

func TestPrimarySuppression(t *testing.T) {
	// 0 to 9 are withheld, 10 shown; withholding nothing shows all.
	ct := wijkregie.NewCountTable([][]int{{0, 9, 10, 25}}, false, nil, true)
	cells, total := ct.Row(0)
	// 0 and 9 are two withheld cells in the row: neither can be derived.
	eq(t, "row", shown(append(cells, total)...), []string{"<10", "<10", "10", "25", "44"})
	ct = wijkregie.NewCountTable([][]int{{0, 9, 10, 25}}, false, nil, false)
	cells, total = ct.Row(0)
	eq(t, "unsuppressed", shown(append(cells, total)...), []string{"0", "9", "10", "25", "44"})
}

func TestSecondarySuppressionInARow(t *testing.T) {
	// One small cell and a shown total would give it away (30 − 12 − 15
	// = 3): the smallest other cell is withheld too.
	ct := wijkregie.NewCountTable([][]int{{3, 12, 15}}, false, nil, true)
	cells, total := ct.Row(0)
	eq(t, "row", shown(append(cells, total)...), []string{"<10", "<10", "15", "30"})
	// A row whose only cell is small has a small total: both withheld.
	ct = wijkregie.NewCountTable([][]int{{4}}, false, nil, true)
	cells, total = ct.Row(0)
	eq(t, "single", shown(append(cells, total)...), []string{"<10", "<10"})
	// Every cell shown but the total small: impossible (cells ≥ 10), but a
	// forced row withholds the total as well.
	ct = wijkregie.NewCountTable([][]int{{12, 14}}, false, []int{3}, true)
	cells, total = ct.Row(0)
	eq(t, "forced", shown(append(cells, total)...), []string{"<10", "<10", "<10"})
}

func TestSecondarySuppressionAcrossRowsAndColumns(t *testing.T) {
	// Row 1 withholds its 5 and, to protect it, its 20 (smaller than 30);
	// each column with one withheld cell then withholds another, and so
	// on, until no line gives a value away.
	counts := [][]int{{5, 20, 30}, {15, 40, 11}, {12, 13, 14}}
	ct := wijkregie.NewCountTable(counts, true, nil, true)
	var g [][]bool
	for i := range 4 {
		cells, total := ct.Row(i)
		var r []bool
		for _, c := range append(cells, total) {
			r = append(r, c.Suppressed)
		}
		g = append(g, r)
	}
	// No line (row with its total, column with its total) holds exactly
	// one withheld value.
	for i := range 4 {
		n := 0
		for _, h := range g[i] {
			if h {
				n++
			}
		}
		if n == 1 {
			t.Errorf("row %d gives a value away: %v", i, g[i])
		}
	}
	for j := range 4 {
		n := 0
		for i := range 4 {
			if g[i][j] {
				n++
			}
		}
		if n == 1 {
			t.Errorf("column %d gives a value away", j)
		}
	}
	if !g[0][0] {
		t.Error("the 5 is shown")
	}
}

func TestDerivedFiguresFollowTheirCounts(t *testing.T) {
	small := wijkregie.CountOne(7, true)
	big := wijkregie.CountOne(40, true)
	if got := wijkregie.Share(small, big); !got.Suppressed || got.Display() != "x" {
		t.Errorf("share of a small numerator = %+v (%s), want withheld", got, got.Display())
	}
	if got := wijkregie.Share(big, small); !got.Suppressed {
		t.Errorf("share of a small denominator = %+v, want withheld", got)
	}
	if got := wijkregie.Share(wijkregie.Count(12), wijkregie.Count(40)); got.Display() != "30,0%" {
		t.Errorf("share = %s, want 30,0%%", got.Display())
	}
	// A mean beside a distribution with a withheld cell is withheld: the
	// mean and the total together would solve two hidden cells.
	if got := wijkregie.MeanOf(wijkregie.UnitGrade, 300, big, wijkregie.Count(30), small); !got.Suppressed {
		t.Errorf("mean over a distribution with a withheld cell = %+v, want withheld", got)
	}
	if got := wijkregie.MeanOf(wijkregie.UnitGrade, 300, big, wijkregie.Count(30), wijkregie.Count(10)); got.Display() != "7,5" {
		t.Errorf("mean = %s, want 7,5", got.Display())
	}
	if got := wijkregie.MeanOf(wijkregie.UnitDays, 0, wijkregie.CountOne(0, false)); !got.Missing || got.Display() != "." {
		t.Errorf("mean of none = %+v, want missing", got)
	}
	if got := wijkregie.MedianOf(wijkregie.UnitDays, 3, small); !got.Suppressed {
		t.Errorf("median of 7 values = %+v, want withheld", got)
	}
	if got := wijkregie.DeriveFrom(wijkregie.UnitPoints, 0.456, big).Display(); got != "+0,46" {
		t.Errorf("points = %s, want +0,46", got)
	}
}

func TestSharedTotalsProtectEveryRow(t *testing.T) {
	// Two breakdowns of the same 30 closed cases: the first row would
	// give its 4 away by subtraction, so its 12 goes too; the second
	// row's small cells are two already.
	rows, total := wijkregie.NewSharedTotalRows([][]int{{4, 12, 14}, {2, 3, 25}}, 30, true)
	eq(t, "first", shown(rows[0]...), []string{"<10", "<10", "14"})
	eq(t, "second", shown(rows[1]...), []string{"<10", "<10", "25"})
	eq(t, "total", shown(total), []string{"30"})
	// Linked tables with one total row: a column withheld in one table is
	// protected in the other.
	ts := wijkregie.NewCountTables([][][]int{{{20, 3}, {20, 30}}, {{25, 15}, {15, 18}}}, nil, true)
	for ti, tb := range ts {
		for j := range 2 {
			n := 0
			for i := range 2 {
				if tb.Cells[i][j].Suppressed {
					n++
				}
			}
			if tb.ColTotals[j].Suppressed {
				n++
			}
			if n == 1 {
				t.Errorf("table %d column %d gives a value away", ti, j)
			}
		}
	}
}
