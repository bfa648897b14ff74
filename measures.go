package wijkregie

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// Outcome measures and workload (docs/uitkomsten.md): what the platform
// reports to team leads, policy officers and inspectors — aggregates only,
// never a family. This file holds the pure part: which measures there are,
// how a published figure looks, and the small-cell rule that keeps any
// figure from pointing at a family.

// SmallCell is the smallest count that is published as it is: a count
// below it is shown as "<10" (CBS's and the VNG's usual threshold for
// figures about households in the social domain).
const SmallCell = 10

// MeasureID names a family of measures; each is one query and one or more
// tables of a report.
type MeasureID string

// The measure families: the outcomes of issue 7, then the workload.
const (
	MeasureZRM         MeasureID = "zrm"          // ZRM change per domain, first to last assessment of closed cases
	MeasureGoals       MeasureID = "doelen"       // goals of closed cases: bereikt, deels, niet
	MeasureTimeliness  MeasureID = "tijdigheid"   // signal → triage, arrears → first contact, case → agreed plan
	MeasureOneOneOne   MeasureID = "een-een-een"  // open cases with one regisseur and one plan; organisations per family
	MeasureRelapse     MeasureID = "terugval"     // closed cases followed by a new case within 12 months
	MeasureClosure     MeasureID = "afsluiting"   // closure reasons, youth outcome set, the family's rating
	MeasureLevels      MeasureID = "op-afschalen" // level changes
	MeasureSources     MeasureID = "herkomst"     // signals by source and what became of them
	MeasureWorkload    MeasureID = "werklast"     // caseload, waiting list, backlogs, coming deadlines
	MeasureOutcomesAll MeasureID = ""             // every outcome family (a report's default)
)

// OutcomeMeasures lists the outcome families in the order reports show them.
var OutcomeMeasures = []MeasureID{MeasureZRM, MeasureGoals, MeasureTimeliness, MeasureOneOneOne, MeasureRelapse,
	MeasureClosure, MeasureLevels, MeasureSources}

// Valid reports whether m is a known measure family.
func (m MeasureID) Valid() bool { return m == MeasureWorkload || slices.Contains(OutcomeMeasures, m) }

// Unit is what a figure counts or measures.
type Unit string

// The units. Only UnitCount is subject to the small-cell rule on its own;
// every other unit is derived from counts (DeriveFrom).
const (
	UnitCount   Unit = "aantal"
	UnitPercent Unit = "procent"
	UnitDays    Unit = "dagen"
	UnitPoints  Unit = "punten" // a change of ZRM level
	UnitGrade   Unit = "cijfer" // the family's rating, 1–10
	UnitWeight  Unit = "gewicht"
)

// Figure is one published number: a count, a share, a mean or a median,
// and whether it is withheld. A suppressed figure has no value for anyone
// who reads it (the API sends null); Missing is a figure there is nothing
// for (a mean of no values, a term a measure does not have).
type Figure struct {
	Value      float64
	Unit       Unit
	Suppressed bool
	Missing    bool
}

// Count returns a count's figure before the small-cell rule.
func Count(n int) Figure { return Figure{Value: float64(n), Unit: UnitCount} }

// Int returns a count's value.
func (f Figure) Int() int { return int(math.Round(f.Value)) }

// Shown reports whether the figure is published with its value.
func (f Figure) Shown() bool { return !f.Suppressed && !f.Missing }

// Display is the figure as a report prints it, in Dutch: a suppressed
// count as "<10", another suppressed figure as "x" and a missing one as
// "." (CBS's signs for "geheim" and "gegevens ontbreken"); shares with a
// percent sign, decimals with a comma.
func (f Figure) Display() string {
	switch {
	case f.Suppressed && f.Unit == UnitCount:
		return "<" + strconv.Itoa(SmallCell)
	case f.Suppressed:
		return "x"
	case f.Missing:
		return "."
	}
	switch f.Unit {
	case UnitCount, UnitWeight:
		return strconv.Itoa(f.Int())
	case UnitPercent:
		return decimal(f.Value, 1) + "%"
	case UnitFTE:
		return decimal(f.Rounded(), 2)
	case UnitPoints:
		s := decimal(f.Value, 2)
		if f.Value > 0 {
			s = "+" + s
		}
		return s
	}
	return decimal(f.Value, 1)
}

// Rounded is the value a report publishes: what Display shows, as a
// number (a share to one decimal, a change of level to two), so that the
// JSON and the CSV say no more than the page.
func (f Figure) Rounded() float64 {
	switch f.Unit {
	case UnitCount, UnitWeight:
		return float64(f.Int())
	case UnitPoints, UnitFTE:
		return math.Round(f.Value*100) / 100
	}
	return math.Round(f.Value*10) / 10
}

// decimal formats v with places decimals and a Dutch decimal comma.
func decimal(v float64, places int) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', places, 64), ".", ",", 1)
}

// Missing returns a figure of unit u that has no value.
func Missing(u Unit) Figure { return Figure{Unit: u, Missing: true} }

// DeriveFrom returns the figure of unit u with value v that is computed
// from the counts from: it is withheld when any of them is withheld or
// missing, so that no derived figure reveals a count the table hides
// (docs/uitkomsten.md, "Kleine aantallen").
func DeriveFrom(u Unit, v float64, from ...Figure) Figure {
	f := Figure{Value: v, Unit: u}
	for _, c := range from {
		if c.Suppressed {
			f.Suppressed = true
		} else if c.Missing {
			f.Missing = true
		}
	}
	if f.Suppressed {
		f.Value, f.Missing = 0, false
	}
	return f
}

// Share returns num as a percentage of den, derived from both; missing
// when den is zero.
func Share(num, den Figure) Figure {
	if den.Shown() && den.Value == 0 {
		return Missing(UnitPercent)
	}
	v := 0.0
	if den.Value != 0 {
		v = num.Value * 100 / den.Value
	}
	return DeriveFrom(UnitPercent, v, num, den)
}

// Grid is a set of counts and the sums published beside them: each line
// says that its members add up to its total, as a table's row adds up to
// the row's total. Suppress applies the small-cell rule to all of them at
// once, so that a line that crosses tables (a column, a total row) is
// protected as well as a row.
type Grid struct {
	Values []int
	Lines  []Line
	// Forced marks values withheld whatever their size: the counts of a
	// row whose population (the families behind it) is below SmallCell.
	Forced []bool
}

// Line is a sum in a Grid: Values[Members...] add up to Values[Total].
type Line struct {
	Members []int
	Total   int
}

// Add appends a value and returns its index.
func (g *Grid) Add(v int) int {
	g.Values = append(g.Values, v)
	g.Forced = append(g.Forced, false)
	return len(g.Values) - 1
}

// Suppress returns which values are withheld.
//
// Primary: every value below SmallCell (0 included: that none of a row's
// families improved says something of each of them), and every forced
// value. Secondary: a line with exactly one withheld value among its
// members and its total would give it away by subtraction, so one more is
// withheld — the smallest shown member (the first of equals), or the
// total when no member is shown. This repeats over all lines until none
// gives a value away, so a value withheld for a row is protected in its
// column too.
func (g *Grid) Suppress() []bool {
	hidden := make([]bool, len(g.Values))
	for i, v := range g.Values {
		hidden[i] = v < SmallCell || i < len(g.Forced) && g.Forced[i]
	}
	for changed := true; changed; {
		changed = false
		for _, l := range g.Lines {
			n := 0
			for _, m := range l.Members {
				if hidden[m] {
					n++
				}
			}
			if hidden[l.Total] {
				n++
			}
			if n != 1 {
				continue
			}
			pick := -1
			for _, m := range l.Members {
				if !hidden[m] && (pick < 0 || g.Values[m] < g.Values[pick]) {
					pick = m
				}
			}
			if pick < 0 {
				pick = l.Total
			}
			hidden[pick], changed = true, true
		}
	}
	return hidden
}

// CountTable is a table of counts: rows × columns, each row with its total
// and, when asked, a total row with the columns' totals. NewCountTable
// applies the small-cell rule across rows and columns.
type CountTable struct {
	Cells     [][]Figure // rows × columns
	RowTotals []Figure
	ColTotals []Figure // nil without a total row
	Total     Figure   // the total row's total; zero without a total row
}

// NewCountTable sums counts (rows × columns) and withholds what the
// small-cell rule asks. units, when not nil, holds the number of families
// behind each row (and, after them, behind the total row): a row of fewer
// than SmallCell families is withheld whole, however large its counts of
// goals or scores. With suppress false every figure is shown, for a reader
// the rule does not apply to (a team lead reading the own team's workload).
func NewCountTable(counts [][]int, totalRow bool, units []int, suppress bool) CountTable {
	var g Grid
	cells := make([][]int, len(counts))
	rowTotal := make([]int, len(counts))
	cols := 0
	for _, r := range counts {
		cols = max(cols, len(r))
	}
	colSum := make([]int, cols)
	for i, r := range counts {
		cells[i] = make([]int, cols)
		sum := 0
		for j := range cols {
			v := 0
			if j < len(r) {
				v = r[j]
			}
			cells[i][j] = g.Add(v)
			sum += v
			colSum[j] += v
		}
		rowTotal[i] = g.Add(sum)
		g.Lines = append(g.Lines, Line{Members: cells[i], Total: rowTotal[i]})
	}
	var colTotal []int
	grand := -1
	if totalRow {
		colTotal = make([]int, cols)
		all := 0
		for j := range cols {
			colTotal[j] = g.Add(colSum[j])
			all += colSum[j]
			members := make([]int, len(counts))
			for i := range counts {
				members[i] = cells[i][j]
			}
			g.Lines = append(g.Lines, Line{Members: members, Total: colTotal[j]})
		}
		grand = g.Add(all)
		g.Lines = append(g.Lines, Line{Members: colTotal, Total: grand}, Line{Members: rowTotal, Total: grand})
	}
	for i := range units {
		if units[i] >= SmallCell {
			continue
		}
		switch {
		case i < len(counts):
			for _, c := range cells[i] {
				g.Forced[c] = true
			}
			g.Forced[rowTotal[i]] = true
		case i == len(counts) && totalRow:
			for _, c := range colTotal {
				g.Forced[c] = true
			}
			g.Forced[grand] = true
		}
	}
	hidden := make([]bool, len(g.Values))
	if suppress {
		hidden = g.Suppress()
	}
	fig := func(i int) Figure {
		if hidden[i] {
			return Figure{Unit: UnitCount, Suppressed: true}
		}
		return Count(g.Values[i])
	}
	t := CountTable{Cells: make([][]Figure, len(counts)), RowTotals: make([]Figure, len(counts))}
	for i := range counts {
		t.Cells[i] = make([]Figure, cols)
		for j := range cols {
			t.Cells[i][j] = fig(cells[i][j])
		}
		t.RowTotals[i] = fig(rowTotal[i])
	}
	if totalRow {
		t.ColTotals = make([]Figure, cols)
		for j := range cols {
			t.ColTotals[j] = fig(colTotal[j])
		}
		t.Total = fig(grand)
	}
	return t
}

// NewCountTables builds tables that break one population down in
// different ways (goals by domain and by owner): the same columns, the
// same total row. The total row is published once for all of them, and
// its suppression protects every table's columns at once — two tables
// with totals of their own could each show what the other withholds.
// Each table's Total and ColTotals are the shared ones.
func NewCountTables(tables [][][]int, units [][]int, suppress bool) []CountTable {
	var g Grid
	cols := 0
	for _, t := range tables {
		for _, r := range t {
			cols = max(cols, len(r))
		}
	}
	colSum := make([]int, cols)
	type idx struct {
		cells  [][]int
		totals []int
	}
	ix := make([]idx, len(tables))
	for ti, t := range tables {
		for _, r := range t {
			row := make([]int, cols)
			sum := 0
			for j := range cols {
				v := 0
				if j < len(r) {
					v = r[j]
				}
				row[j] = g.Add(v)
				sum += v
				if ti == 0 {
					colSum[j] += v
				}
			}
			tot := g.Add(sum)
			g.Lines = append(g.Lines, Line{Members: row, Total: tot})
			ix[ti].cells = append(ix[ti].cells, row)
			ix[ti].totals = append(ix[ti].totals, tot)
		}
	}
	colTotal := make([]int, cols)
	all := 0
	for j := range cols {
		colTotal[j] = g.Add(colSum[j])
		all += colSum[j]
	}
	grand := g.Add(all)
	g.Lines = append(g.Lines, Line{Members: colTotal, Total: grand})
	for ti := range tables {
		for j := range cols {
			members := make([]int, len(ix[ti].cells))
			for i := range ix[ti].cells {
				members[i] = ix[ti].cells[i][j]
			}
			g.Lines = append(g.Lines, Line{Members: members, Total: colTotal[j]})
		}
		g.Lines = append(g.Lines, Line{Members: ix[ti].totals, Total: grand})
		for i := range ix[ti].cells {
			if ti < len(units) && i < len(units[ti]) && units[ti][i] < SmallCell {
				for _, c := range ix[ti].cells[i] {
					g.Forced[c] = true
				}
				g.Forced[ix[ti].totals[i]] = true
			}
		}
	}
	hidden := make([]bool, len(g.Values))
	if suppress {
		hidden = g.Suppress()
	}
	fig := func(i int) Figure {
		if hidden[i] {
			return Figure{Unit: UnitCount, Suppressed: true}
		}
		return Count(g.Values[i])
	}
	shared := make([]Figure, cols)
	for j := range cols {
		shared[j] = fig(colTotal[j])
	}
	out := make([]CountTable, len(tables))
	for ti := range tables {
		t := CountTable{ColTotals: shared, Total: fig(grand)}
		for i := range ix[ti].cells {
			row := make([]Figure, cols)
			for j := range cols {
				row[j] = fig(ix[ti].cells[i][j])
			}
			t.Cells = append(t.Cells, row)
			t.RowTotals = append(t.RowTotals, fig(ix[ti].totals[i]))
		}
		out[ti] = t
	}
	return out
}

// NewSharedTotalRows builds rows of counts that each add up to the same
// total (the cases closed in a period, by reason, by each answer of the
// outcome set, by rating): one total, published once, every row a line to
// it.
func NewSharedTotalRows(rows [][]int, total int, suppress bool) ([][]Figure, Figure) {
	var g Grid
	tot := g.Add(total)
	cells := make([][]int, len(rows))
	for i, r := range rows {
		for _, v := range r {
			cells[i] = append(cells[i], g.Add(v))
		}
		g.Lines = append(g.Lines, Line{Members: cells[i], Total: tot})
	}
	hidden := make([]bool, len(g.Values))
	if suppress {
		hidden = g.Suppress()
	}
	out := make([][]Figure, len(rows))
	for i := range cells {
		for _, c := range cells[i] {
			f := Count(g.Values[c])
			if hidden[c] {
				f = Figure{Unit: UnitCount, Suppressed: true}
			}
			out[i] = append(out[i], f)
		}
	}
	t := Count(total)
	if hidden[tot] {
		t = Figure{Unit: UnitCount, Suppressed: true}
	}
	return out, t
}

// Row returns row i's cells and total, or the total row's for i ==
// len(Cells).
func (t CountTable) Row(i int) ([]Figure, Figure) {
	if i == len(t.Cells) {
		return t.ColTotals, t.Total
	}
	return t.Cells[i], t.RowTotals[i]
}

// CountOne returns a single count that is published on its own, with no
// sum beside it: withheld below SmallCell when suppress is set.
func CountOne(n int, suppress bool) Figure {
	if suppress && n < SmallCell {
		return Figure{Unit: UnitCount, Suppressed: true}
	}
	return Count(n)
}

// MeanOf returns the mean (sum over the count n) as a figure of unit u,
// derived from n and from the counts of the distribution published beside
// it, if any: a mean and a total are two equations over a distribution's
// hidden cells, enough to solve two of them, so a mean is withheld when
// any cell of its distribution is.
func MeanOf(u Unit, sum float64, n Figure, distribution ...Figure) Figure {
	if n.Shown() && n.Value == 0 {
		return Missing(u)
	}
	v := 0.0
	if n.Value != 0 {
		v = sum / n.Value
	}
	return DeriveFrom(u, v, append([]Figure{n}, distribution...)...)
}

// MedianOf returns a median of n values as a figure of unit u: published
// when n is. A median says in which value the middle family lies, not how
// many lie where.
func MedianOf(u Unit, v float64, n Figure) Figure {
	if n.Shown() && n.Value == 0 {
		return Missing(u)
	}
	return DeriveFrom(u, v, n)
}

// Table is one table of a report: rows of figures under named columns.
// Reports, their JSON and CSV, and later their charts are drawn from
// tables alone, so each renders every measure the same way.
type Table struct {
	ID      string // e.g. "zrm-verdeling": the catalogue has uitkomst.tabel.<ID>
	Measure MeasureID
	Columns []Column
	Rows    []TableRow
}

// Column is a column of a table: its key (the catalogue has
// uitkomst.kolom.<Key> unless Label is set) and its unit.
type Column struct {
	Key   string
	Label string // a label not in the catalogue (a ZRM change "+2")
	Unit  Unit
}

// TableRow is a row: its key (a domain code, a team id, "totaal") and
// label, and one figure per column.
type TableRow struct {
	Key   string
	Label string
	Cells []Figure
}

func init() {
	for a, k := range map[string]AuditKind{
		"rapportage.uitkomsten": KindRead,
		"rapportage.werklast":   KindRead,
		"rapportage.exporteren": KindExport,
		"rapportage.raad":       KindExport, // the council report: made to be passed on
	} {
		auditKinds[a] = k
	}
}
