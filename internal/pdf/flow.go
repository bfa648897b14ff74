package pdf

import "math"

// Flow lays out a document from the top of a page down, starting a new
// page where the next piece does not fit. It keeps a heading with what
// follows it, wraps paragraphs and table cells, and repeats a table's
// header on each page the table runs onto.
type Flow struct {
	doc  *Document
	page *Page
	y    float64 // where the next piece starts; it goes down

	// The margins, in points; 2 cm each unless changed before the first
	// piece. The bottom one leaves room for the footer.
	Left, Right, Top, Bottom float64
	// Body is the paragraphs' text; LineHeight is a line's height as a
	// multiple of the size.
	Body       TextStyle
	LineHeight float64
}

// cm is a centimetre in points.
const cm = 72 / 2.54

// NewFlow returns a flow that adds its pages to d.
func NewFlow(d *Document) *Flow {
	return &Flow{doc: d, Left: 2 * cm, Right: 2 * cm, Top: 2 * cm, Bottom: 2 * cm,
		Body: TextStyle{Font: Helvetica, Size: 10, Color: Black}, LineHeight: 1.35}
}

// Width is the width between the margins.
func (f *Flow) Width() float64 { return PageWidth - f.Left - f.Right }

// Page returns the page being filled, starting the first when there is
// none yet.
func (f *Flow) Page() *Page {
	if f.page == nil {
		f.NewPage()
	}
	return f.page
}

// NewPage starts a new page; the next piece goes at its top.
func (f *Flow) NewPage() {
	f.page = f.doc.AddPage()
	f.y = PageHeight - f.Top
}

// Y is where the next piece starts, in page coordinates.
func (f *Flow) Y() float64 {
	f.Page()
	return f.y
}

// left is the room left on the page.
func (f *Flow) left() float64 { return f.y - f.Bottom }

// atTop reports whether nothing is on the page yet.
func (f *Flow) atTop() bool { return f.y >= PageHeight-f.Top }

// Need starts a new page unless h points are left on this one. A piece
// taller than a whole page is started at the top of one.
func (f *Flow) Need(h float64) {
	f.Page()
	if h > f.left() && !f.atTop() {
		f.NewPage()
	}
}

// Space moves down h points, or to the top of a new page when fewer are
// left; at the top of a page it does nothing.
func (f *Flow) Space(h float64) {
	f.Page()
	if f.atTop() {
		return
	}
	if h >= f.left() {
		f.NewPage()
		return
	}
	f.y -= h
}

// Reserve takes a region h points high across the text width, on a new
// page if it does not fit on this one, for the caller to draw in with the
// page's primitives: the region's top-left corner is (x, top), and it
// extends w to the right and h down.
func (f *Flow) Reserve(h float64) (p *Page, x, top, w float64) {
	f.Need(h)
	top = f.y
	f.y -= h
	return f.page, f.Left, top, f.Width()
}

// lineHeight is the height of a line of text set at size.
func (f *Flow) lineHeight(size float64) float64 { return size * f.LineHeight }

// baseline is where the baseline of a line of text at size goes in a line
// box whose top is at top: Helvetica's capitals rise 0.72 of the size.
func (f *Flow) baseline(top, size float64) float64 {
	return top - (f.lineHeight(size)-size)/2 - 0.8*size
}

// Heading styles by level: 1 the document's title, 2 a section, 3 a part
// of one.
var headingSizes = [...]float64{1: 18, 2: 13, 3: 11}

// Heading sets a heading of level 1, 2 or 3, kept on one page with at
// least the first lines of what follows.
func (f *Flow) Heading(level int, text string) {
	level = min(max(level, 1), 3)
	size := headingSizes[level]
	st := TextStyle{Font: HelveticaBold, Size: size, Color: Black}
	lines := Wrap(st.Font, size, f.Width(), text)
	f.Space(size * 0.8)
	f.Need(float64(len(lines))*f.lineHeight(size) + 3*f.lineHeight(f.Body.Size))
	f.lines(st, lines, f.Left)
	f.y -= size * 0.3
}

// Paragraph sets text in the body style, wrapped to the text width, with
// a little space after it. A line break in text starts a new line.
func (f *Flow) Paragraph(text string) { f.Text(f.Body, text) }

// Text sets text in style st, wrapped to the text width, with a little
// space after it.
func (f *Flow) Text(st TextStyle, text string) {
	f.lines(st, Wrap(st.Font, st.Size, f.Width(), text), f.Left)
	f.y -= st.Size * 0.5
}

// lines sets lines one below the other from x, breaking the page between
// lines where needed.
func (f *Flow) lines(st TextStyle, lines []string, x float64) {
	lh := f.lineHeight(st.Size)
	for _, l := range lines {
		f.Need(lh)
		f.page.Text(x, f.baseline(f.y, st.Size), st, l)
		f.y -= lh
	}
}

// Callout sets text in a shaded box with a bar on its left, for what a
// reader must not miss; a long one continues on the next page.
func (f *Flow) Callout(text string) {
	const pad, bar = 6.0, 3.0
	st := f.Body
	st.Font = HelveticaBold
	lines := Wrap(st.Font, st.Size, f.Width()-2*pad-bar, text)
	lh := f.lineHeight(st.Size)
	f.Need(min(float64(len(lines)), 3)*lh + 2*pad)
	shade := Fill(Color{1, 0.95, 0.8})
	edge := Fill(Color{0.75, 0.45, 0})
	// Each line draws its own part of the box, so the box breaks with the
	// page where the text does.
	box := func(y, h float64) {
		f.page.Rect(f.Left, y-h, f.Width(), h, shade)
		f.page.Rect(f.Left, y-h, bar, h, edge)
	}
	box(f.y, pad)
	f.y -= pad
	for _, l := range lines {
		if lh > f.left() {
			f.NewPage()
		}
		box(f.y, lh)
		f.page.Text(f.Left+bar+pad, f.baseline(f.y, st.Size), st, l)
		f.y -= lh
	}
	if pad <= f.left() {
		box(f.y, pad)
		f.y -= pad
	}
	f.y -= st.Size * 0.5
}

// Table is rows of text in columns.
type Table struct {
	// Widths are the columns' relative widths: {1, 2} gives the second
	// column twice the first's width.
	Widths []float64
	// Header names the columns, set in bold on a shaded row and repeated
	// on every page; nil for none.
	Header []string
	Rows   [][]string
	// KeyColumn sets the first column in bold: a table of fields and
	// their values.
	KeyColumn bool
	// Size is the text's size; 9 points when zero.
	Size float64
}

// cellPad is the space around a cell's text.
const cellPad = 3.0

// Table sets a table across the text width. A cell's text wraps within
// its column; a row that does not fit on the page continues on the next,
// below the header again.
func (f *Flow) Table(t Table) {
	if len(t.Widths) == 0 {
		return
	}
	size := t.Size
	if size == 0 {
		size = 9
	}
	total := 0.0
	for _, w := range t.Widths {
		total += w
	}
	cols := make([]float64, len(t.Widths))
	for i, w := range t.Widths {
		cols[i] = f.Width() * w / total
	}
	lh := f.lineHeight(size)
	header := func() {
		if t.Header != nil {
			f.row(t.Header, cols, TextStyle{Font: HelveticaBold, Size: size}, TextStyle{Font: HelveticaBold, Size: size}, lh, nil, true)
		}
	}
	// The header and the first row start on one page.
	f.Need(2*(lh+2*cellPad) + 1)
	header()
	body := TextStyle{Font: Helvetica, Size: size}
	key := body
	if t.KeyColumn {
		key.Font = HelveticaBold
	}
	for _, r := range t.Rows {
		f.row(r, cols, key, body, lh, header, false)
	}
	f.y -= size * 0.8
}

// row sets one row of a table; onBreak draws what a new page starts with.
func (f *Flow) row(cells []string, cols []float64, first, rest TextStyle, lh float64, onBreak func(), shaded bool) {
	wrapped := make([][]string, len(cols))
	n := 1
	for i, w := range cols {
		st := rest
		if i == 0 {
			st = first
		}
		text := ""
		if i < len(cells) {
			text = cells[i]
		}
		wrapped[i] = Wrap(st.Font, st.Size, w-2*cellPad, text)
		n = max(n, len(wrapped[i]))
	}
	for from := 0; from < n; {
		fit := int(math.Floor((f.left() - 2*cellPad) / lh))
		// Fewer than two lines of a longer row on this page: begin it on
		// the next.
		if fit < min(n-from, 2) {
			f.NewPage()
			if onBreak != nil {
				onBreak()
			}
			continue
		}
		to := min(n, from+fit)
		h := float64(to-from)*lh + 2*cellPad
		if shaded {
			f.page.Rect(f.Left, f.y-h, f.Width(), h, Fill(LightGray))
		}
		x := f.Left
		for i, w := range cols {
			st := rest
			if i == 0 {
				st = first
			}
			for k := from; k < to && k < len(wrapped[i]); k++ {
				f.page.Text(x+cellPad, f.baseline(f.y-cellPad-float64(k-from)*lh, st.Size), st, wrapped[i][k])
			}
			x += w
		}
		f.y -= h
		f.page.Line(f.Left, f.y, f.Left+f.Width(), f.y, Outline(Color{0.7, 0.7, 0.7}, 0.5))
		from = to
	}
}
