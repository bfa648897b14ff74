// Package pdf writes simple PDF documents with the standard library only:
// A4 pages, the standard fonts Helvetica and Helvetica-Bold in
// WinAnsiEncoding (so Dutch text — é, ë, ï, €, ‘ ’ “ ” — prints as
// written), compressed content streams, document information and a
// correct cross-reference table.
//
// It has two levels. Page has the drawing primitives — text at a
// position, lines, rectangles, filled shapes — in PDF's coordinates.
// Flow lays out a document on them from the top of each page: headings,
// wrapped paragraphs, tables that wrap their cells and repeat their
// header on a new page, and a footer with page numbers. A chart or a
// printed form asks Flow for a region (Reserve) and draws in it.
//
// What it leaves out is on purpose: no embedded fonts (no licences, small
// files; the price is WinAnsi's character set), no images, no links.
// docs/decisions.md says why there is no dependency for this.
package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"time"
	"unicode/utf16"
)

// Info is the document information a viewer shows in its properties.
type Info struct {
	Title    string
	Subject  string
	Created  time.Time
	Producer string // the program; "wijkregie" when empty
}

// Document is a PDF being built. It is not safe for concurrent use.
type Document struct {
	info   Info
	pages  []*Page
	footer func(page, pages int) string
	// FooterStyle sets the footer's text.
	FooterStyle TextStyle
}

// New returns an empty document.
func New(info Info) *Document {
	if info.Producer == "" {
		info.Producer = "wijkregie"
	}
	return &Document{info: info, FooterStyle: TextStyle{Font: Helvetica, Size: 8, Color: Gray}}
}

// AddPage adds an A4 page at the end and returns it.
func (d *Document) AddPage() *Page {
	p := &Page{}
	d.pages = append(d.pages, p)
	return p
}

// Pages returns the number of pages so far.
func (d *Document) Pages() int { return len(d.pages) }

// Footer sets the text at the bottom of every page, made when the
// document is written and the number of pages is known: text(1, 3) might
// be "pagina 1 van 3". It is centred, 10 mm above the page's edge.
func (d *Document) Footer(text func(page, pages int) string) { d.footer = text }

// writer counts what it writes, for the cross-reference table's offsets.
type writer struct {
	w       io.Writer
	n       int64
	err     error
	offsets []int64 // by object number - 1
}

func (w *writer) printf(format string, args ...any) {
	if w.err != nil {
		return
	}
	n, err := fmt.Fprintf(w.w, format, args...)
	w.n += int64(n)
	w.err = err
}

func (w *writer) write(b []byte) {
	if w.err != nil {
		return
	}
	n, err := w.w.Write(b)
	w.n += int64(n)
	w.err = err
}

// object starts object number num (objects are written in order).
func (w *writer) object(num int) {
	for len(w.offsets) < num {
		w.offsets = append(w.offsets, 0)
	}
	w.offsets[num-1] = w.n
	w.printf("%d 0 obj\n", num)
}

// Fixed object numbers; each page then takes two: the page and its
// content stream.
const (
	objCatalog = 1 + iota
	objPages
	objHelvetica
	objHelveticaBold
	objInfo
	objFirstPage
)

// WriteTo writes the document. A document without pages gets one empty
// page: a PDF must have one.
func (d *Document) WriteTo(out io.Writer) (int64, error) {
	if len(d.pages) == 0 {
		d.AddPage()
	}
	w := &writer{w: out}
	// The header's second line holds bytes above 127, so that a transfer
	// treats the file as binary (ISO 32000-1, 7.5.2).
	w.write([]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"))

	w.object(objCatalog)
	w.printf("<< /Type /Catalog /Pages %d 0 R >>\nendobj\n", objPages)

	w.object(objPages)
	w.printf("<< /Type /Pages /Count %d /Kids [", len(d.pages))
	for i := range d.pages {
		w.printf(" %d 0 R", objFirstPage+2*i)
	}
	w.printf(" ] >>\nendobj\n")

	for _, f := range []Font{Helvetica, HelveticaBold} {
		w.object(objHelvetica + int(f))
		w.printf("<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>\nendobj\n", f.baseFont())
	}

	w.object(objInfo)
	w.printf("<< /Title %s /Producer %s", textString(d.info.Title), textString(d.info.Producer))
	if d.info.Subject != "" {
		w.printf(" /Subject %s", textString(d.info.Subject))
	}
	if !d.info.Created.IsZero() {
		w.printf(" /CreationDate (D:%sZ)", d.info.Created.UTC().Format("20060102150405"))
	}
	w.printf(" >>\nendobj\n")

	for i, p := range d.pages {
		// The footer is drawn on a copy: writing twice gives one footer.
		pg := &Page{fonts: p.fonts}
		pg.content.Write(p.content.Bytes())
		if d.footer != nil {
			pg.TextCenter(PageWidth/2, 28, d.FooterStyle, d.footer(i+1, len(d.pages)))
		}
		obj := objFirstPage + 2*i
		w.object(obj)
		w.printf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %s %s] /Contents %d 0 R /Resources << /Font <<",
			objPages, num(PageWidth), num(PageHeight), obj+1)
		for _, f := range []Font{Helvetica, HelveticaBold} {
			if pg.fonts[f] {
				w.printf(" /%s %d 0 R", f.resource(), objHelvetica+int(f))
			}
		}
		w.printf(" >> >> >>\nendobj\n")

		var z bytes.Buffer
		zw := zlib.NewWriter(&z)
		if _, err := zw.Write(pg.content.Bytes()); err != nil {
			return w.n, err
		}
		if err := zw.Close(); err != nil {
			return w.n, err
		}
		w.object(obj + 1)
		w.printf("<< /Length %d /Filter /FlateDecode >>\nstream\n", z.Len())
		w.write(z.Bytes())
		w.printf("\nendstream\nendobj\n")
	}

	// The cross-reference table: one 20-byte line per object, object 0
	// the head of the free list (ISO 32000-1, 7.5.4).
	xref := w.n
	w.printf("xref\n0 %d\n0000000000 65535 f\r\n", len(w.offsets)+1)
	for _, off := range w.offsets {
		w.printf("%010d 00000 n\r\n", off)
	}
	w.printf("trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(w.offsets)+1, objCatalog, objInfo, xref)
	return w.n, w.err
}

// Bytes returns the written document.
func (d *Document) Bytes() ([]byte, error) {
	var b bytes.Buffer
	if _, err := d.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// textString encodes a string of the document information as UTF-16BE
// with a byte-order mark, in hex: any character a title may hold, without
// escaping.
func textString(s string) string {
	var b bytes.Buffer
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}
