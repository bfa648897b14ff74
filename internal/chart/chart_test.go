package chart

import (
	"encoding/xml"
	"errors"
	"io"
	"math"
	"slices"
	"strings"
	"testing"

	"wijkregie"
)

func count(n int) wijkregie.Figure { return wijkregie.Count(n) }

func withheld() wijkregie.Figure {
	return wijkregie.Figure{Unit: wijkregie.UnitCount, Suppressed: true}
}

func table() wijkregie.Table {
	return wijkregie.Table{ID: "herkomst", Columns: []wijkregie.Column{
		{Key: "signalen", Label: "Signalen", Unit: wijkregie.UnitCount},
		{Key: "aandeel", Label: "Aandeel", Unit: wijkregie.UnitPercent},
	}, Rows: []wijkregie.TableRow{
		{Key: "huisarts", Label: "Huisarts", Cells: []wijkregie.Figure{count(37), {Value: 62.04, Unit: wijkregie.UnitPercent}}},
		{Key: "school", Label: "School & <buurt>", Cells: []wijkregie.Figure{withheld(), {Unit: wijkregie.UnitPercent, Suppressed: true}}},
		{Key: "zelf", Label: "Zelf", Cells: []wijkregie.Figure{count(12), wijkregie.Missing(wijkregie.UnitPercent)}},
		{Key: "totaal", Label: "Totaal", Cells: []wijkregie.Figure{count(55), {Value: 100, Unit: wijkregie.UnitPercent}}},
	}}
}

func TestFromTableScale(t *testing.T) {
	b, err := FromTable(table(), "signalen")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Bars) != 4 || b.Bars[0].Value != 37 || b.Bars[0].Display != "37" || !b.Bars[3].Total {
		t.Fatalf("bars: %+v", b.Bars)
	}
	// 55 with steps of a quarter of it (13.75 → 20): 0–60.
	if b.Min != 0 || b.Max != 60 || !slices.Equal(b.Ticks, []float64{0, 20, 40, 60}) {
		t.Errorf("scale %v–%v ticks %v, want 0–60 by 20", b.Min, b.Max, b.Ticks)
	}
	if f := b.Fraction(30); f != 0.5 {
		t.Errorf("Fraction(30) = %v, want 0.5", f)
	}
	parts := b.WithoutTotal()
	if len(parts.Bars) != 3 || parts.Max != 40 || len(b.Bars) != 4 {
		t.Errorf("without total: %d bars, max %v (the original keeps %d)", len(parts.Bars), parts.Max, len(b.Bars))
	}
	p, err := FromTable(table(), "aandeel")
	if err != nil {
		t.Fatal(err)
	}
	if p.Max != 100 || p.Bars[0].Value != 62 || p.Bars[0].Display != "62,0%" || p.Tick(50) != "50%" {
		t.Errorf("percent: max %v, bar %+v, tick %q", p.Max, p.Bars[0], p.Tick(50))
	}
	if _, err := FromTable(table(), "nee"); !errors.Is(err, ErrNoColumn) {
		t.Errorf("unknown column: %v", err)
	}
}

func TestNegativeScale(t *testing.T) {
	tb := wijkregie.Table{ID: "zrm", Columns: []wijkregie.Column{{Key: "gemiddeld", Unit: wijkregie.UnitPoints}},
		Rows: []wijkregie.TableRow{
			{Key: "fi", Label: "Financiën", Cells: []wijkregie.Figure{{Value: 1.2, Unit: wijkregie.UnitPoints}}},
			{Key: "hu", Label: "Huisvesting", Cells: []wijkregie.Figure{{Value: -0.4, Unit: wijkregie.UnitPoints}}},
		}}
	b, err := FromTable(tb, "gemiddeld")
	if err != nil {
		t.Fatal(err)
	}
	if b.Min > -0.4 || b.Max < 1.2 || b.Min >= 0 {
		t.Errorf("scale %v–%v does not hold −0.4 … 1.2", b.Min, b.Max)
	}
	for _, tk := range b.Ticks {
		if txt := b.Tick(tk); len(txt) > 5 {
			t.Errorf("tick %v prints as %q", tk, txt)
		}
	}
	if z := b.Fraction(0); z <= 0 || z >= 1 {
		t.Errorf("zero at %v, want inside the plot", z)
	}
	if svg := string(b.SVG("ZRM", "Verandering")); !strings.Contains(svg, ">-0,40</text>") || !strings.Contains(svg, ">+1,20</text>") {
		t.Errorf("the values are not printed:\n%s", svg)
	}
}

func TestSuppressedBarsHaveNoLength(t *testing.T) {
	b, err := FromTable(table(), "signalen")
	if err != nil {
		t.Fatal(err)
	}
	s := b.Bars[1]
	if !s.Suppressed || s.HasLength() || s.Value != 0 || s.Display != "<10" {
		t.Errorf("withheld bar: %+v", s)
	}
	m, _ := FromTable(table(), "aandeel")
	if m.Bars[1].Display != "x" || m.Bars[2].Display != "." || m.Bars[2].HasLength() {
		t.Errorf("withheld share %+v, missing %+v", m.Bars[1], m.Bars[2])
	}
	// The scale ignores a withheld value: a table whose largest value is
	// withheld must not give it away by its axis.
	tb := table()
	tb.Rows[3].Cells[0] = withheld()
	b, _ = FromTable(tb, "signalen")
	if b.Max != 40 {
		t.Errorf("max %v with the total withheld, want 40 (from 37)", b.Max)
	}
	svg := string(b.SVG("Herkomst", "Signalen per bron"))
	if strings.Count(svg, `stroke-dasharray`) != 2 || !strings.Contains(svg, ">&lt;10</text>") {
		t.Errorf("withheld bars not drawn as outlines with <10:\n%s", svg)
	}
}

func TestEmptyTable(t *testing.T) {
	b, err := FromTable(wijkregie.Table{ID: "leeg", Columns: []wijkregie.Column{{Key: "n", Unit: wijkregie.UnitCount}}}, "n")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Bars) != 0 || b.Shown() || b.Max <= b.Min {
		t.Errorf("empty: %+v", b)
	}
	wellFormed(t, string(b.SVG("Leeg", "Geen rijen")))
}

func TestSVGIsAccessibleXML(t *testing.T) {
	b, _ := FromTable(table(), "signalen")
	svg := string(b.SVG("Signalen per bron & meer", "Huisarts 37, school minder dan 10"))
	root := wellFormed(t, svg)
	if root.role != "img" || root.labelledBy != "grafiek-herkomst-signalen-titel grafiek-herkomst-signalen-uitleg" {
		t.Errorf("svg role %q, aria-labelledby %q", root.role, root.labelledBy)
	}
	if root.title != "Signalen per bron & meer" || root.desc != "Huisarts 37, school minder dan 10" {
		t.Errorf("title %q desc %q", root.title, root.desc)
	}
	for _, want := range []string{"Huisarts", "School & <buurt>", "37", "<10", "Totaal"} {
		if !slices.Contains(root.texts, want) {
			t.Errorf("no text %q in %q", want, root.texts)
		}
	}
}

type svgRoot struct {
	role, labelledBy, title, desc string
	texts                         []string
}

// wellFormed parses s as XML and returns what a screen reader is given.
func wellFormed(t *testing.T, s string) svgRoot {
	t.Helper()
	var r svgRoot
	d := xml.NewDecoder(strings.NewReader(s))
	var stack []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, s)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			stack = append(stack, tok.Name.Local)
			if tok.Name.Local == "svg" {
				for _, a := range tok.Attr {
					switch a.Name.Local {
					case "role":
						r.role = a.Value
					case "aria-labelledby":
						r.labelledBy = a.Value
					}
				}
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			switch stack[len(stack)-1] {
			case "title":
				r.title += string(tok)
			case "desc":
				r.desc += string(tok)
			case "text":
				r.texts = append(r.texts, string(tok))
			}
		}
	}
	if len(stack) != 0 {
		t.Fatalf("unclosed elements %v", stack)
	}
	return r
}

func TestFromRow(t *testing.T) {
	tb := wijkregie.Table{ID: "afsluitredenen", Columns: []wijkregie.Column{
		{Key: "doelen-bereikt", Label: "Doelen bereikt", Unit: wijkregie.UnitCount},
		{Key: "verhuisd", Label: "Verhuisd", Unit: wijkregie.UnitCount},
		{Key: "aandeel", Label: "Aandeel", Unit: wijkregie.UnitPercent},
	}, Rows: []wijkregie.TableRow{{Key: "afgesloten", Label: "Afgesloten casussen",
		Cells: []wijkregie.Figure{count(23), withheld(), {Value: 50, Unit: wijkregie.UnitPercent}}}}}
	b, err := FromRow(tb, "afgesloten", "doelen-bereikt", "verhuisd")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Bars) != 2 || b.Bars[0].Label != "Doelen bereikt" || b.Bars[0].Value != 23 || b.Bars[1].HasLength() || b.Bars[1].Display != "<10" || b.Max != 30 {
		t.Errorf("bars %+v max %v", b.Bars, b.Max)
	}
	if _, err := FromRow(tb, "afgesloten", "verhuisd", "aandeel"); err == nil {
		t.Error("a count and a share on one scale")
	}
	if _, err := FromRow(tb, "nee", "verhuisd"); !errors.Is(err, ErrNoColumn) {
		t.Errorf("unknown row: %v", err)
	}
}

func TestCountAxisHasNoFractions(t *testing.T) {
	for _, top := range []int{1, 3, 5, 10, 11, 37, 99, 101, 2500} {
		tb := wijkregie.Table{ID: "n", Columns: []wijkregie.Column{{Key: "n", Unit: wijkregie.UnitCount}},
			Rows: []wijkregie.TableRow{{Key: "a", Cells: []wijkregie.Figure{count(top)}}}}
		b, err := FromTable(tb, "n")
		if err != nil {
			t.Fatal(err)
		}
		if b.Max < float64(top) || b.Max > 2.5*float64(top)+2 || len(b.Ticks) < 2 {
			t.Errorf("%d: scale 0–%v, ticks %v", top, b.Max, b.Ticks)
		}
		for _, tk := range b.Ticks {
			if tk != math.Trunc(tk) {
				t.Errorf("%d: tick %v is a fraction", top, tk)
			}
		}
	}
}
