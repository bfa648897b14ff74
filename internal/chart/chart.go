// Package chart draws a measure's table (wijkregie.Table) as bars: a pure
// model — one bar per row of one column, with its scale — and an
// accessible SVG of it. The web dashboards render the SVG; the PDF report
// draws the same model itself, so both show the same bars, the same texts
// and the same withheld cells (docs/uitkomsten.md, "Dashboards").
package chart

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"wijkregie"
)

// Bar is one row of the table as a bar.
type Bar struct {
	Key   string // the row's key (a domain code, a team id, "totaal")
	Label string // the row's label, as the table has it
	// Value is the published value (Figure.Rounded); zero when the cell is
	// withheld or missing, so that no one draws a length from it.
	Value float64
	// Display is the figure as the report prints it: "12", "62,5%", and
	// "<10" for a withheld count, "x" for another withheld figure, "." for
	// a missing one.
	Display    string
	Suppressed bool // withheld by the small-cell rule: a bar without length
	Missing    bool // nothing to show: a bar without length
	Total      bool // the table's total row
}

// HasLength reports whether the bar is drawn with a length.
func (b Bar) HasLength() bool { return !b.Suppressed && !b.Missing }

// Bars is a chart of one column of a table.
type Bars struct {
	TableID     string
	Column      string // the column's key
	ColumnLabel string // the column's label (the table's, when set)
	Unit        wijkregie.Unit
	Bars        []Bar
	// The scale: Min ≤ 0 ≤ Max, round numbers that hold every shown value
	// (a share's scale is 0–100, unless one is above 100), and the ticks
	// from Min to Max.
	Min, Max float64
	Ticks    []float64
}

// ErrNoColumn is returned when the table has no column of the key asked.
var ErrNoColumn = errors.New("chart: no such column")

// FromTable returns the bars of column (a column's key) of t: one bar per
// row, in the table's order. A withheld cell is a bar without length whose
// Display is "<10" (or "x"); the scale is computed from the shown values
// only, so a withheld value cannot be read off the axis either.
func FromTable(t wijkregie.Table, column string) (*Bars, error) {
	ci := slices.IndexFunc(t.Columns, func(c wijkregie.Column) bool { return c.Key == column })
	if ci < 0 {
		return nil, fmt.Errorf("%w: %q in table %q", ErrNoColumn, column, t.ID)
	}
	col := t.Columns[ci]
	b := &Bars{TableID: t.ID, Column: col.Key, ColumnLabel: col.Label, Unit: col.Unit}
	for _, row := range t.Rows {
		bar := Bar{Key: row.Key, Label: row.Label, Total: row.Key == "totaal"}
		if ci >= len(row.Cells) {
			bar.Missing, bar.Display = true, wijkregie.Missing(col.Unit).Display()
			b.Bars = append(b.Bars, bar)
			continue
		}
		f := row.Cells[ci]
		bar.Display, bar.Suppressed, bar.Missing = f.Display(), f.Suppressed, f.Missing
		if f.Shown() {
			bar.Value = f.Rounded()
		}
		b.Bars = append(b.Bars, bar)
	}
	b.scale()
	return b, nil
}

// FromRow returns the bars of one row of t: one bar per column of
// columns (their keys), in that order — for a table of one row, such as the
// closure reasons or the 1-1-1 score, whose columns are its parts. The
// columns must share a unit: one scale holds them. Column is the row's key.
func FromRow(t wijkregie.Table, row string, columns ...string) (*Bars, error) {
	ri := slices.IndexFunc(t.Rows, func(r wijkregie.TableRow) bool { return r.Key == row })
	if ri < 0 {
		return nil, fmt.Errorf("%w: row %q in table %q", ErrNoColumn, row, t.ID)
	}
	r := t.Rows[ri]
	b := &Bars{TableID: t.ID, Column: r.Key, ColumnLabel: r.Label}
	for i, key := range columns {
		ci := slices.IndexFunc(t.Columns, func(c wijkregie.Column) bool { return c.Key == key })
		if ci < 0 {
			return nil, fmt.Errorf("%w: %q in table %q", ErrNoColumn, key, t.ID)
		}
		col := t.Columns[ci]
		if i == 0 {
			b.Unit = col.Unit
		} else if col.Unit != b.Unit {
			return nil, fmt.Errorf("chart: columns %q of table %q differ in unit", columns, t.ID)
		}
		bar := Bar{Key: col.Key, Label: col.Label}
		f := wijkregie.Missing(col.Unit)
		if ci < len(r.Cells) {
			f = r.Cells[ci]
		}
		bar.Display, bar.Suppressed, bar.Missing = f.Display(), f.Suppressed, f.Missing
		if f.Shown() {
			bar.Value = f.Rounded()
		}
		b.Bars = append(b.Bars, bar)
	}
	b.scale()
	return b, nil
}

// WithoutTotal returns the bars without the total row, rescaled: a total
// beside its parts makes every part a sliver.
func (b *Bars) WithoutTotal() *Bars {
	out := *b
	out.Bars = slices.DeleteFunc(slices.Clone(b.Bars), func(x Bar) bool { return x.Total })
	out.scale()
	return &out
}

// Shown reports whether any bar has a length: a chart of only withheld or
// missing cells says nothing a table does not.
func (b *Bars) Shown() bool {
	return slices.ContainsFunc(b.Bars, func(x Bar) bool { return x.HasLength() })
}

// scale sets Min, Max and Ticks from the shown values.
func (b *Bars) scale() {
	lo, hi := 0.0, 0.0
	for _, x := range b.Bars {
		if x.HasLength() {
			lo, hi = min(lo, x.Value), max(hi, x.Value)
		}
	}
	// A share runs 0–100 %; a bezetting above 100 % (more caseload than
	// capacity) gets a scale that holds it, so its bar is not cut off.
	if b.Unit == wijkregie.UnitPercent && lo >= 0 && hi <= 100 {
		b.Min, b.Max = 0, 100
		b.Ticks = []float64{0, 25, 50, 75, 100}
		return
	}
	if hi == 0 && lo == 0 {
		hi = 1
	}
	step := niceStep(max(hi, -lo)/4, b.Unit == wijkregie.UnitCount)
	b.Min = math.Floor(lo/step) * step
	b.Max = math.Ceil(hi/step) * step
	b.Ticks = b.Ticks[:0:0]
	for v := b.Min; v <= b.Max+step/2; v += step {
		// Rounded to a millionth: 3 × 0.1 is 0.30000000000000004.
		b.Ticks = append(b.Ticks, math.Round(math.Round(v/step)*step*1e6)/1e6)
	}
}

// niceStep returns the smallest of 1, 2, 2.5 or 5 times a power of ten that
// is at least x; a count's step is a whole 1, 2 or 5 times one, so that
// its axis has no fractions.
func niceStep(x float64, whole bool) float64 {
	if x <= 0 || whole && x <= 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if whole && m == 2.5 {
			continue
		}
		if m*p >= x*(1-1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// Fraction returns where v lies on the scale: 0 at Min, 1 at Max.
func (b *Bars) Fraction(v float64) float64 {
	if b.Max == b.Min {
		return 0
	}
	return min(1, max(0, (v-b.Min)/(b.Max-b.Min)))
}

// Tick formats a tick's value as the axis prints it, in Dutch.
func (b *Bars) Tick(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	s = strings.Replace(s, ".", ",", 1)
	if b.Unit == wijkregie.UnitPercent {
		s += "%"
	}
	return s
}
