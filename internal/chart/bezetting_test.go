package chart

import (
	"slices"
	"testing"

	"wijkregie"
)

// TestOccupancyAboveAHundred: a bezetting above 100 % (more caseload than
// capacity) stretches the share's scale so its bar is not cut off at the
// edge; at or below 100 % the scale stays 0–100.
func TestOccupancyAboveAHundred(t *testing.T) {
	pct := func(v float64) wijkregie.Figure { return wijkregie.Figure{Value: v, Unit: wijkregie.UnitPercent} }
	tb := wijkregie.Table{ID: "caseload-per-medewerker", Columns: []wijkregie.Column{{Key: "bezetting", Label: "Bezetting", Unit: wijkregie.UnitPercent}},
		Rows: []wijkregie.TableRow{{Key: "a", Label: "Anna", Cells: []wijkregie.Figure{pct(130)}}, {Key: "b", Label: "Bram", Cells: []wijkregie.Figure{pct(40)}}}}
	b, err := FromTable(tb, "bezetting")
	if err != nil {
		t.Fatal(err)
	}
	if b.Max != 150 || !slices.Equal(b.Ticks, []float64{0, 50, 100, 150}) || b.Tick(150) != "150%" || b.Fraction(130) >= 1 {
		t.Errorf("130 %%: scale %v–%v ticks %v, fraction %v", b.Min, b.Max, b.Ticks, b.Fraction(130))
	}
	tb.Rows[0].Cells[0] = pct(100)
	if b, _ = FromTable(tb, "bezetting"); b.Max != 100 || !slices.Equal(b.Ticks, []float64{0, 25, 50, 75, 100}) {
		t.Errorf("100 %%: scale %v–%v ticks %v", b.Min, b.Max, b.Ticks)
	}
}
