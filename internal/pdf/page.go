package pdf

import (
	"bytes"
	"fmt"
	"strconv"
)

// A4 is the page size, in points (1/72 inch).
const (
	PageWidth  = 595.28
	PageHeight = 841.89
)

// Color is an RGB colour, each part from 0 to 1.
type Color struct{ R, G, B float64 }

// Some colours documents use.
var (
	Black     = Color{0, 0, 0}
	White     = Color{1, 1, 1}
	Gray      = Color{0.4, 0.4, 0.4}
	LightGray = Color{0.92, 0.92, 0.92}
)

// Style says how a shape is drawn: its outline, its fill, or both.
type Style struct {
	Stroke    Color
	Stroked   bool
	Fill      Color
	Filled    bool
	LineWidth float64 // 0 is 1 point
}

// Outline is a style of a stroked line of colour c, w points wide.
func Outline(c Color, w float64) Style { return Style{Stroke: c, Stroked: true, LineWidth: w} }

// Fill is a style of a shape filled with c.
func Fill(c Color) Style { return Style{Fill: c, Filled: true} }

// TextStyle says how text is set.
type TextStyle struct {
	Font  Font
	Size  float64 // points
	Color Color
}

// Point is a position on a page.
type Point struct{ X, Y float64 }

// Page is one page. Its drawing primitives work in PDF's own coordinates:
// points, from the bottom-left corner of the page, y upwards. Each
// primitive saves and restores the graphics state, so no colour or line
// width leaks from one to the next. Flow lays out text on pages; a chart
// or form draws on Flow.Reserve's region with these.
type Page struct {
	content bytes.Buffer
	fonts   [2]bool // which fonts the page uses
}

// num formats a coordinate: two decimals are a hundredth of a point,
// finer than any printer, without exponents PDF does not read.
func num(f float64) string {
	s := strconv.FormatFloat(f, 'f', 2, 64)
	if s == "-0.00" {
		return "0"
	}
	for len(s) > 1 && s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}

func (p *Page) op(format string, args ...any) { fmt.Fprintf(&p.content, format+"\n", args...) }

func (p *Page) style(s Style) (paint string) {
	w := s.LineWidth
	if w == 0 {
		w = 1
	}
	if s.Stroked {
		p.op("%s %s %s RG %s w", num(s.Stroke.R), num(s.Stroke.G), num(s.Stroke.B), num(w))
	}
	if s.Filled {
		p.op("%s %s %s rg", num(s.Fill.R), num(s.Fill.G), num(s.Fill.B))
	}
	switch {
	case s.Stroked && s.Filled:
		return "B"
	case s.Filled:
		return "f"
	case s.Stroked:
		return "S"
	}
	return "n"
}

// Line draws a line from (x1, y1) to (x2, y2); only the style's outline
// counts.
func (p *Page) Line(x1, y1, x2, y2 float64, s Style) {
	s.Filled = false
	p.op("q")
	paint := p.style(s)
	p.op("%s %s m %s %s l %s", num(x1), num(y1), num(x2), num(y2), paint)
	p.op("Q")
}

// Rect draws a rectangle with its bottom-left corner at (x, y).
func (p *Page) Rect(x, y, w, h float64, s Style) {
	p.op("q")
	paint := p.style(s)
	p.op("%s %s %s %s re %s", num(x), num(y), num(w), num(h), paint)
	p.op("Q")
}

// Polyline draws straight lines through the points, and closes the shape
// when closed: an open line for a chart's series, a closed one (filled)
// for an area beneath it.
func (p *Page) Polyline(pts []Point, closed bool, s Style) {
	if len(pts) < 2 {
		return
	}
	p.op("q")
	paint := p.style(s)
	p.op("%s %s m", num(pts[0].X), num(pts[0].Y))
	for _, pt := range pts[1:] {
		p.op("%s %s l", num(pt.X), num(pt.Y))
	}
	if closed {
		p.op("h")
	}
	p.op("%s", paint)
	p.op("Q")
}

// Text sets one line of text with its baseline starting at (x, y). Runes
// outside WinAnsiEncoding print as '?' (EncodeRune).
func (p *Page) Text(x, y float64, st TextStyle, s string) {
	p.fonts[st.Font] = true
	p.op("q %s %s %s rg BT /%s %s Tf %s %s Td %s Tj ET Q",
		num(st.Color.R), num(st.Color.G), num(st.Color.B), st.Font.resource(), num(st.Size), num(x), num(y), literal(Encode(s)))
}

// TextRight sets a line of text that ends at x: numbers in a column, a
// chart's axis labels.
func (p *Page) TextRight(x, y float64, st TextStyle, s string) {
	p.Text(x-Width(st.Font, st.Size, s), y, st, s)
}

// TextCenter sets a line of text centred on x.
func (p *Page) TextCenter(x, y float64, st TextStyle, s string) {
	p.Text(x-Width(st.Font, st.Size, s)/2, y, st, s)
}

// literal writes b as a PDF literal string: the delimiters and the
// backslash escaped, and every byte outside printable ASCII in octal, so
// the content stream is plain ASCII before it is compressed.
func literal(b []byte) string {
	var sb bytes.Buffer
	sb.WriteByte('(')
	for _, c := range b {
		switch {
		case c == '(' || c == ')' || c == '\\':
			sb.WriteByte('\\')
			sb.WriteByte(c)
		case c < 0x20 || c > 0x7E:
			fmt.Fprintf(&sb, "\\%03o", c)
		default:
			sb.WriteByte(c)
		}
	}
	sb.WriteByte(')')
	return sb.String()
}
