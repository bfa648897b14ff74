package pdf_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"wijkregie/internal/pdf"
	"wijkregie/internal/pdf/pdftest"
)

func write(t *testing.T, d *pdf.Document) *pdftest.Doc {
	t.Helper()
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return pdftest.Read(t, b)
}

func TestEncodeRune(t *testing.T) {
	for _, tc := range []struct {
		r    rune
		want byte
	}{
		{'a', 'a'}, {'é', 0xE9}, {'ë', 0xEB}, {'ï', 0xEF}, {'ö', 0xF6}, {'ü', 0xFC}, {'Ë', 0xCB},
		{'€', 0x80}, {'‘', 0x91}, {'’', 0x92}, {'“', 0x93}, {'”', 0x94}, {'–', 0x96}, {'—', 0x97}, {'•', 0x95},
		{'\n', ' '}, {'\t', ' '}, {'中', '?'}, {'😀', '?'}, {'ő', '?'}, {0x7F, '?'}, {0x81, '?'},
	} {
		if got := pdf.EncodeRune(tc.r); got != tc.want {
			t.Errorf("EncodeRune(%q) = %#x, want %#x", tc.r, got, tc.want)
		}
		if tc.want != '?' && tc.want != ' ' {
			if got := pdf.DecodeByte(tc.want); got != tc.r {
				t.Errorf("DecodeByte(%#x) = %q, want %q", tc.want, got, tc.r)
			}
		}
	}
}

func TestWidth(t *testing.T) {
	// Helvetica's AFM: "i" is 222 units, "W" 944; bold "i" 278.
	if got := pdf.Width(pdf.Helvetica, 10, "iW"); got != 11.66 {
		t.Errorf("Width(iW, 10) = %v, want 11.66", got)
	}
	if got := pdf.Width(pdf.HelveticaBold, 1000, "i"); got != 278 {
		t.Errorf("bold i = %v, want 278", got)
	}
	if pdf.Width(pdf.Helvetica, 10, "é") != pdf.Width(pdf.Helvetica, 10, "e") {
		t.Error("é is not as wide as e")
	}
}

func TestWrap(t *testing.T) {
	text := "De regisseur bespreekt het plan met het gezin en legt de afspraken vast. " +
		"Eénmaal per kwartaal volgt een evaluatie. https://www.duinhaven.example/een-heel-lang-adres-zonder-spaties-dat-niet-past"
	const width = 120
	lines := pdf.Wrap(pdf.Helvetica, 10, width, text)
	if len(lines) < 4 {
		t.Fatalf("%d lines: %q", len(lines), lines)
	}
	for _, l := range lines {
		if w := pdf.Width(pdf.Helvetica, 10, l); w > width {
			t.Errorf("line %q is %.1f wide, more than %d", l, w, width)
		}
	}
	if got := strings.Join(strings.Fields(strings.Join(lines, " ")), " "); strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(text, " ", "") {
		t.Errorf("the lines lose text: %q", got)
	}
	if got := pdf.Wrap(pdf.Helvetica, 10, width, "een\n\ntwee"); len(got) != 3 || got[1] != "" {
		t.Errorf("line breaks: %q", got)
	}
}

// TestDutchText writes Dutch text with every kind of character the brief
// names and reads it back through the xref table.
func TestDutchText(t *testing.T) {
	d := pdf.New(pdf.Info{Title: "Inzage in uw gegevens — Zoë", Created: time.Date(2025, 3, 4, 10, 11, 12, 0, time.UTC)})
	f := pdf.NewFlow(d)
	f.Heading(1, "Inzage in uw gegevens")
	f.Paragraph("Één café aan de Ruïneweg: coöperatie, reünie, Zoë en Daniël betalen € 12,50 voor ‘enkel’ en “dubbel” — samen.")
	f.Paragraph("Wat niet kan: 中文 (tekens buiten WinAnsi).")
	doc := write(t, d)

	if len(doc.Pages) != 1 {
		t.Fatalf("%d pages, want 1", len(doc.Pages))
	}
	all := doc.AllText()
	for _, want := range []string{"Inzage in uw gegevens", "Één café aan de Ruïneweg: coöperatie, reünie, Zoë en", "€ 12,50", "‘enkel’", "“dubbel” —", "Wat niet kan: ?? (tekens buiten WinAnsi)."} {
		if !strings.Contains(all, want) {
			t.Errorf("the page does not show %q; it shows:\n%s", want, all)
		}
	}
	if got := doc.Info["Title"]; got != "Inzage in uw gegevens — Zoë" {
		t.Errorf("Title %q", got)
	}
	if got := doc.Info["Producer"]; got != "wijkregie" {
		t.Errorf("Producer %q", got)
	}
	if got := doc.Info["CreationDate"]; got != "D:20250304101112Z" {
		t.Errorf("CreationDate %q", got)
	}
}

// TestPagesAndFooter fills several pages with paragraphs and a long table
// and checks the page count, the footer on each page and the table's
// header repeated on every page it runs onto.
func TestPagesAndFooter(t *testing.T) {
	d := pdf.New(pdf.Info{Title: "Test"})
	d.Footer(func(n, total int) string { return fmt.Sprintf("pagina %d van %d", n, total) })
	f := pdf.NewFlow(d)
	f.Heading(1, "Titel")
	for i := range 30 {
		f.Paragraph(fmt.Sprintf("Alinea %d. %s", i, strings.Repeat("Een zin over het gezin en de hulp die het krijgt. ", 6)))
	}
	f.Heading(2, "Wie heeft uw gegevens ingezien")
	var rows [][]string
	for i := range 120 {
		rows = append(rows, []string{fmt.Sprintf("rij %03d", i), "Anna de Vries (wijkteammedewerker, Wijkteam Noord)", "huishouden gelezen voor de uitvoering van de taak"})
	}
	f.Table(pdf.Table{Widths: []float64{1, 2, 2}, Header: []string{"Wanneer", "Wie", "Wat"}, Rows: rows})
	doc := write(t, d)

	n := len(doc.Pages)
	if n < 4 || d.Pages() != n {
		t.Fatalf("%d pages read, %d written; want the same, at least 4", n, d.Pages())
	}
	tableFrom := -1
	for i := range n {
		want := fmt.Sprintf("pagina %d van %d", i+1, n)
		if got := doc.Pages[i][len(doc.Pages[i])-1]; got != want {
			t.Errorf("page %d ends with %q, want the footer %q", i+1, got, want)
		}
		if tableFrom < 0 && strings.Contains(doc.Text(i), "rij 000") {
			tableFrom = i
		}
	}
	if tableFrom < 0 {
		t.Fatal("the table's first row is on no page")
	}
	for i := tableFrom; i < n; i++ {
		if !strings.Contains(doc.Text(i), "Wanneer\nWie\nWat") {
			t.Errorf("page %d does not repeat the table's header", i+1)
		}
	}
	all := doc.AllText()
	for i := range 120 {
		if c := strings.Count(all, fmt.Sprintf("rij %03d\n", i)); c != 1 {
			t.Errorf("rij %03d is shown %d times, want once", i, c)
		}
	}
	// Writing again gives the same bytes: the footer is not drawn twice.
	a, _ := d.Bytes()
	b, _ := d.Bytes()
	if string(a) != string(b) {
		t.Error("writing the document twice gives two different files")
	}
}

// TestLongCell breaks a row taller than a page across pages.
func TestLongCell(t *testing.T) {
	d := pdf.New(pdf.Info{Title: "Lang"})
	f := pdf.NewFlow(d)
	var long []string
	for i := range 150 {
		long = append(long, fmt.Sprintf("regel%03d", i))
	}
	f.Table(pdf.Table{Widths: []float64{1, 3}, Header: []string{"Veld", "Waarde"}, Rows: [][]string{{"Notitie", strings.Join(long, "\n")}}, KeyColumn: true})
	doc := write(t, d)
	if len(doc.Pages) < 2 {
		t.Fatalf("%d pages; a 150-line cell does not fit on one", len(doc.Pages))
	}
	all := doc.AllText()
	for _, l := range long {
		if strings.Count(all, l) != 1 {
			t.Errorf("%s shown %d times", l, strings.Count(all, l))
		}
	}
}

// TestPrimitives draws the shapes a chart needs and finds their
// operators in the content stream.
func TestPrimitives(t *testing.T) {
	d := pdf.New(pdf.Info{Title: "Grafiek"})
	f := pdf.NewFlow(d)
	f.Paragraph("Boven de grafiek")
	p, x, top, w := f.Reserve(200)
	if top > pdf.PageHeight || w <= 0 || x <= 0 {
		t.Fatalf("Reserve gave x %v, top %v, width %v", x, top, w)
	}
	p.Rect(x, top-200, w, 200, pdf.Outline(pdf.Black, 0.5))
	p.Line(x, top-100, x+w, top-100, pdf.Outline(pdf.Gray, 1))
	p.Polyline([]pdf.Point{{X: x, Y: top - 200}, {X: x + 50, Y: top - 150}, {X: x + 100, Y: top - 180}, {X: x + 100, Y: top - 200}}, true, pdf.Fill(pdf.Color{R: 0.2, G: 0.4, B: 0.8}))
	p.TextRight(x+w, top-10, pdf.TextStyle{Font: pdf.HelveticaBold, Size: 8}, "100 %")
	f.Paragraph("Onder de grafiek")
	doc := write(t, d)
	c := doc.Content[0]
	for _, op := range []string{" re S", " l S", "\nh\nf\n", "0.2 0.4 0.8 rg", "/F2 8 Tf"} {
		if !strings.Contains(c, op) {
			t.Errorf("content has no %q:\n%s", op, c)
		}
	}
	if got := strings.Join(doc.Pages[0], "|"); got != "Boven de grafiek|100 %|Onder de grafiek" {
		t.Errorf("text %q", got)
	}
}

func TestEmptyDocument(t *testing.T) {
	doc := write(t, pdf.New(pdf.Info{}))
	if len(doc.Pages) != 1 {
		t.Errorf("%d pages, want the one a PDF must have", len(doc.Pages))
	}
}

func TestCallout(t *testing.T) {
	d := pdf.New(pdf.Info{Title: "Let op"})
	f := pdf.NewFlow(d)
	f.Callout("Beoordeel vóór verstrekking of verstrekking de veiligheid schaadt (art. 41 UAVG).")
	doc := write(t, d)
	if !doc.Contains("Beoordeel vóór verstrekking") || !strings.Contains(doc.Content[0], " re f") {
		t.Errorf("no boxed text: %q", doc.AllText())
	}
}
