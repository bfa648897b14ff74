package app

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/chart"
	"wijkregie/internal/locale"
	"wijkregie/internal/pdf"
	"wijkregie/internal/policy"
)

// ComposedPDF sets a composed report as a PDF, in Dutch (or the
// catalogue's lang): a title page with what the report covers and the
// small-cell rule, then each part's tables, each as a bar chart drawn from
// chart.Bars and as a table of the Display texts — so the page shows
// exactly what the JSON and the CSV publish, "<10" included. The labels
// must be set (Composed.Label). table, when not nil, is called after each
// table is set, for a progress bar.
func ComposedPDF(c *Composed, cat *locale.Catalogue, lang string, table func()) ([]byte, error) {
	zone, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return nil, err
	}
	w := &composedWriter{cat: cat, lang: lang, zone: zone}
	title := w.t("rapport.titel." + string(c.Kind))
	d := pdf.New(pdf.Info{Title: title, Subject: w.t("rapport.onderwerp"), Created: c.Made})
	d.Footer(func(n, total int) string {
		return w.t("rapport.voettekst", "titel", title, "pagina", n, "paginas", total)
	})
	w.f = pdf.NewFlow(d)
	w.titlePage(c, title)
	for i, p := range c.Parts {
		w.f.NewPage()
		part := "uitkomsten"
		if p.Kind == wijkregie.MeasureWorkload {
			part = "werklast"
		}
		w.f.Heading(1, w.t("rapport.deel."+part))
		if i > 0 || p.Kind == wijkregie.MeasureWorkload {
			w.f.Paragraph(w.t("rapport.peilmoment", "moment", w.moment(p.At)))
		}
		for _, t := range p.Tables {
			if err := w.table(t); err != nil {
				return nil, err
			}
			if table != nil {
				table()
			}
		}
	}
	return d.Bytes()
}

type composedWriter struct {
	cat  *locale.Catalogue
	lang string
	zone *time.Location
	f    *pdf.Flow
}

func (w *composedWriter) t(key string, args ...any) string { return w.cat.T(w.lang, key, args...) }

// day shows a day in Dutch: "1 oktober 2026".
func (w *composedWriter) day(d time.Time) string {
	return fmt.Sprintf("%d %s %d", d.Day(), w.t(fmt.Sprintf("rapport.maand.%d", d.Month())), d.Year())
}

// moment shows a moment in Dutch civil time.
func (w *composedWriter) moment(t time.Time) string {
	l := t.In(w.zone)
	return fmt.Sprintf("%s %02d:%02d", w.day(l), l.Hour(), l.Minute())
}

func (w *composedWriter) titlePage(c *Composed, title string) {
	f := w.f
	f.Heading(1, title)
	team := w.t("rapport.alleTeams")
	if c.Team != nil {
		team = c.Team.Name
	}
	period := w.t("rapport.periode", "van", w.day(c.Period.From), "tot", w.day(c.Period.To))
	if c.Kind == policy.ReportTeamMonth {
		period = w.t(fmt.Sprintf("rapport.maand.%d", c.Period.From.Month())) + " " + fmt.Sprint(c.Period.From.Year())
	}
	f.Table(pdf.Table{Widths: []float64{1, 2.4}, KeyColumn: true, Rows: [][]string{
		{w.t("rapport.veld.gemeente"), c.Municipality.Name},
		{w.t("rapport.veld.team"), team},
		{w.t("rapport.veld.periode"), period},
		{w.t("rapport.veld.gemaakt"), w.moment(c.Made)},
	}})
	f.Paragraph(w.t("rapport.uitleg." + string(c.Kind)))
	f.Callout(w.t("rapport.kleineAantallen"))
	if !c.Suppressed() {
		// Only a lead's own workload is shown as it is (DecideMeasures).
		f.Paragraph(w.t("rapport.werklastOnverkort"))
	}
	f.Paragraph(w.t("rapport.tekens"))
}

// table sets one table: its title, its chart, and its figures.
func (w *composedWriter) table(t wijkregie.Table) error {
	f := w.f
	bars, err := ReportChart(t)
	if err != nil {
		return err
	}
	// The title starts a page with its chart: a title alone at the foot
	// of a page reads as a table without figures.
	if bars != nil && bars.Shown() {
		f.Need(chartHeight(bars) + 50)
	}
	f.Heading(2, w.t("uitkomst.tabel."+t.ID))
	if bars != nil && bars.Shown() {
		w.chart(bars)
	} else if bars != nil {
		f.Text(pdf.TextStyle{Font: pdf.Helvetica, Size: 9, Color: pdf.Gray}, w.t("rapport.geenGrafiek"))
	}
	// A wide table is set in pieces of ReportPDFColumns columns, each
	// with the rows' labels: sixteen columns across A4 would break every
	// heading mid-word.
	for from := 0; from < len(t.Columns); from += ReportPDFColumns {
		to := min(from+ReportPDFColumns, len(t.Columns))
		widths := []float64{labelWidth}
		header := []string{""}
		for _, c := range t.Columns[from:to] {
			widths = append(widths, 1)
			header = append(header, c.Label)
		}
		// Short pieces keep the width of a full one, so the columns of a
		// table's pieces line up.
		for range ReportPDFColumns - (to - from) {
			widths = append(widths, 1)
		}
		var rows [][]string
		for _, r := range t.Rows {
			row := []string{r.Label}
			for _, c := range r.Cells[from:to] {
				row = append(row, c.Display())
			}
			rows = append(rows, row)
		}
		f.Table(pdf.Table{Widths: widths, Header: header, Rows: rows, Size: fitSize(f.Width()/(labelWidth+ReportPDFColumns), header[1:])})
	}
	return nil
}

// labelWidth is a table's first column (the rows' labels) in columns of
// figures.
const labelWidth = 2.4

// fitSize is the text size, 8 points or down to 6, at which every word of
// the headings fits a column col points wide: a heading broken mid-word
// ("Afgeslote / n") reads badly.
func fitSize(col float64, headings []string) float64 {
	size := 8.0
	for _, h := range headings {
		for _, word := range strings.Fields(h) {
			for size > 6 && pdf.Width(pdf.HelveticaBold, size, word) > col-2*3 {
				size -= 0.5
			}
		}
	}
	return size
}

// ReportPDFColumns is the most columns of figures a table's piece has on
// the page.
const ReportPDFColumns = 7

// chartColumns are the columns a table's chart may show, the first with a
// bar shown winning: the share or the days a reader compares, then a count
// (a share is withheld more often than the count beside it).
var chartColumns = map[string][]string{
	"zrm-verandering":             {"aandeelVerbeterd", "metingen"},
	"doelen-per-domein":           {"aandeelBereikt", "doelen"},
	"doelen-per-eigenaar":         {"aandeelBereikt", "doelen"},
	"tijdigheid":                  {"mediaanDagen", "gemeten"},
	"jeugd-uitkomsten":            {"aandeelJa", "ja"},
	"jeugd-uitkomsten-inwoners":   {"aandeelJa", "ja"},
	"clientervaring":              {"aandeelEens", "eens"},
	"caseload-per-team":           {"gewogen", "casussen"},
	"wachtlijst-en-achterstanden": {"wachtlijst", "triageOpen"},
}

// totalColumns are the count columns that add up a row (or count its
// families): a one-row table's chart leaves them out of its bars.
var totalColumns = []string{"doelen", "openCasussen", "afgesloten", "wijzigingen", "signalen", "casussen", "termijnen",
	"metingen", "gezinnen", "waarderingen", "beantwoord"}

// ReportChart returns the bars a table is charted with, or nil for a table
// without a count to chart. A table of one row is a distribution over its
// columns (reasons, ratings, organisations per family): its count columns
// but the totals become the bars (chart.FromRow). Otherwise each row is a
// bar of one column — chartColumns', or the row's total — without the
// total row, which would make every other bar a sliver.
func ReportChart(t wijkregie.Table) (*chart.Bars, error) {
	var parts, totals []string
	for _, c := range t.Columns {
		switch {
		case c.Unit != wijkregie.UnitCount:
		case slices.Contains(totalColumns, c.Key):
			totals = append(totals, c.Key)
		default:
			parts = append(parts, c.Key)
		}
	}
	if len(parts)+len(totals) == 0 || len(t.Rows) == 0 {
		return nil, nil
	}
	if len(t.Rows) == 1 && len(parts) > 1 {
		return chart.FromRow(t, t.Rows[0].Key, parts...)
	}
	cols := append(slices.Clone(chartColumns[t.ID]), totals...)
	cols = append(cols, parts...)
	var first *chart.Bars
	for _, col := range cols {
		b, err := chart.FromTable(t, col)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(b.Bars, func(x chart.Bar) bool { return !x.Total }) {
			b = b.WithoutTotal()
		}
		if b.Shown() {
			return b, nil
		}
		if first == nil {
			first = b
		}
	}
	return first, nil
}

// The chart's measures, in points.
const (
	barHeight = 10.0
	barRow    = 15.0
	axisRoom  = 16.0
)

// chartHeight is the height a chart of b takes: its caption, a row per
// bar, the axis and a little space.
func chartHeight(b *chart.Bars) float64 { return 14 + float64(len(b.Bars))*barRow + axisRoom + 6 }

// chart draws horizontal bars: the row's label on the left, the bar, and
// its value as text beside it — so no bar means anything by its colour or
// length alone; a withheld value is "<10" where the bar would start, with
// no bar. Ticks and light lines below give the scale.
func (w *composedWriter) chart(b *chart.Bars) {
	small := pdf.TextStyle{Font: pdf.Helvetica, Size: 8, Color: pdf.Black}
	gray := pdf.TextStyle{Font: pdf.Helvetica, Size: 7, Color: pdf.Gray}
	caption := w.t("rapport.grafiek", "kolom", b.ColumnLabel)
	p, x, top, width := w.f.Reserve(chartHeight(b))
	p.Text(x, top-10, pdf.TextStyle{Font: pdf.HelveticaBold, Size: 8, Color: pdf.Black}, caption)
	labelW := width * 0.34
	valueW := 40.0
	x0 := x + labelW + 4
	plotW := width - labelW - 4 - valueW
	y0 := top - 14 // the bars' top
	bottom := y0 - float64(len(b.Bars))*barRow
	at := func(v float64) float64 { return x0 + b.Fraction(v)*plotW }
	grid := pdf.Outline(pdf.Color{R: 0.8, G: 0.8, B: 0.8}, 0.4)
	for _, tick := range b.Ticks {
		tx := at(tick)
		p.Line(tx, y0, tx, bottom, grid)
		p.TextCenter(tx, bottom-9, gray, b.Tick(tick))
	}
	zero := at(0)
	fill := pdf.Fill(pdf.Color{R: 0.13, G: 0.35, B: 0.6})
	for i, bar := range b.Bars {
		rowTop := y0 - float64(i)*barRow
		base := rowTop - (barRow+8)/2
		label := bar.Label
		if lines := pdf.Wrap(small.Font, small.Size, labelW, label); len(lines) > 1 {
			label = lines[0] + "…"
		}
		p.TextRight(x+labelW, base, small, label)
		if !bar.HasLength() {
			p.Text(zero+3, base, small, bar.Display)
			continue
		}
		end := at(bar.Value)
		bx, bw := min(zero, end), max(end-zero, zero-end)
		p.Rect(bx, rowTop-(barRow-barHeight)/2-barHeight, max(bw, 0.5), barHeight, fill)
		p.Text(max(zero, end)+3, base, small, bar.Display)
	}
	p.Line(zero, y0, zero, bottom, pdf.Outline(pdf.Black, 0.6))
}
