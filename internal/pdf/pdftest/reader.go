// Package pdftest reads back the PDFs that package pdf writes, for tests:
// through startxref and the cross-reference table as a viewer finds them,
// with every object's offset, every stream's length and the page tree
// checked, the content streams inflated and the strings they show decoded
// from WinAnsiEncoding. It is a test helper (standard library only), not
// a general PDF reader: it knows only what package pdf writes.
package pdftest

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"wijkregie/internal/pdf"
)

// Doc is a document as read back.
type Doc struct {
	objects map[int]object
	trailer string
	// Pages holds each page's text-show strings, decoded, in page order.
	Pages [][]string
	// Content holds each page's inflated content stream.
	Content []string
	// Info is the document information, decoded.
	Info map[string]string
}

type object struct {
	dict   string
	stream []byte // inflated; nil for an object without one
}

var (
	refPattern  = regexp.MustCompile(`/(\w+) (\d+) 0 R`)
	kidsPattern = regexp.MustCompile(`/Kids \[([^\]]*)\]`)
)

// Read reads b, failing t on anything a viewer would stumble over.
func Read(t testing.TB, b []byte) *Doc {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-1.")) {
		t.Fatalf("no PDF header: %q", b[:min(len(b), 10)])
	}
	tail := b[max(0, len(b)-64):]
	i := bytes.LastIndex(tail, []byte("startxref\n"))
	if i < 0 || !bytes.HasSuffix(b, []byte("%%EOF\n")) {
		t.Fatalf("no startxref / %%%%EOF at the end: %q", tail)
	}
	offText := strings.TrimSpace(strings.TrimSuffix(string(tail[i+len("startxref\n"):]), "%%EOF\n"))
	xref, err := strconv.Atoi(offText)
	if err != nil || xref <= 0 || xref >= len(b) {
		t.Fatalf("startxref %q is not an offset in the file", offText)
	}
	if !bytes.HasPrefix(b[xref:], []byte("xref\n0 ")) {
		t.Fatalf("startxref %d does not point at the xref table: %q", xref, b[xref:min(len(b), xref+20)])
	}
	rest := b[xref+len("xref\n"):]
	nl := bytes.IndexByte(rest, '\n')
	var first, count int
	if _, err := fmt.Sscanf(string(rest[:nl]), "%d %d", &first, &count); err != nil || first != 0 {
		t.Fatalf("xref subsection %q", rest[:nl])
	}
	entries := rest[nl+1:]
	if len(entries) < 20*count {
		t.Fatalf("xref table cut short")
	}
	p := &Doc{objects: map[int]object{}, Info: map[string]string{}}
	for n := 0; n < count; n++ {
		e := string(entries[20*n : 20*n+20])
		if !strings.HasSuffix(e, "\r\n") && !strings.HasSuffix(e, " \n") {
			t.Fatalf("xref entry %d is not 20 bytes: %q", n, e)
		}
		if n == 0 {
			if e != "0000000000 65535 f\r\n" {
				t.Fatalf("xref entry 0 %q", e)
			}
			continue
		}
		off, err := strconv.Atoi(e[:10])
		if err != nil || e[17] != 'n' {
			t.Fatalf("xref entry %d %q", n, e)
		}
		head := fmt.Sprintf("%d 0 obj\n", n)
		if off >= len(b) || !bytes.HasPrefix(b[off:], []byte(head)) {
			t.Fatalf("xref entry %d: offset %d holds %q, want %q", n, off, b[off:min(len(b), off+12)], head)
		}
		p.objects[n] = readObject(t, n, b[off+len(head):])
	}
	trailer := string(entries[20*count:])
	if !strings.HasPrefix(trailer, "trailer\n") {
		t.Fatalf("no trailer after the xref table: %q", trailer[:min(len(trailer), 20)])
	}
	p.trailer = trailer
	if !strings.Contains(trailer, fmt.Sprintf("/Size %d ", count)) {
		t.Errorf("trailer %q: want /Size %d", trailer, count)
	}
	refs := map[string]int{}
	for _, m := range refPattern.FindAllStringSubmatch(trailer, -1) {
		refs[m[1]], _ = strconv.Atoi(m[2])
	}
	catalog, ok := p.objects[refs["Root"]]
	if !ok || !strings.Contains(catalog.dict, "/Type /Catalog") {
		t.Fatalf("trailer's /Root is not a catalog: %q", catalog.dict)
	}
	pagesRef := 0
	for _, m := range refPattern.FindAllStringSubmatch(catalog.dict, -1) {
		if m[1] == "Pages" {
			pagesRef, _ = strconv.Atoi(m[2])
		}
	}
	pages := p.objects[pagesRef]
	km := kidsPattern.FindStringSubmatch(pages.dict)
	if km == nil {
		t.Fatalf("pages object without /Kids: %q", pages.dict)
	}
	kids := strings.Fields(strings.ReplaceAll(km[1], "0 R", ""))
	if !strings.Contains(pages.dict, fmt.Sprintf("/Count %d ", len(kids))) {
		t.Errorf("pages %q: /Count does not match its %d kids", pages.dict, len(kids))
	}
	for _, k := range kids {
		n, _ := strconv.Atoi(k)
		page := p.objects[n]
		if !strings.Contains(page.dict, "/Type /Page ") || !strings.Contains(page.dict, fmt.Sprintf("/Parent %d 0 R", pagesRef)) {
			t.Fatalf("kid %d is not a page of the tree: %q", n, page.dict)
		}
		var contents int
		for _, m := range refPattern.FindAllStringSubmatch(page.dict, -1) {
			if m[1] == "Contents" {
				contents, _ = strconv.Atoi(m[2])
			}
		}
		c := p.objects[contents]
		if c.stream == nil {
			t.Fatalf("page %d has no content stream", n)
		}
		strs, fonts := showStrings(t, string(c.stream))
		for f := range fonts {
			if !strings.Contains(page.dict, "/"+f+" ") {
				t.Errorf("page %d uses font %s its resources do not name: %q", n, f, page.dict)
			}
		}
		p.Pages = append(p.Pages, strs)
		p.Content = append(p.Content, string(c.stream))
	}
	info := p.objects[refs["Info"]].dict
	for _, m := range regexp.MustCompile(`/(\w+) (<[0-9A-F]*>|\([^)]*\))`).FindAllStringSubmatch(info, -1) {
		p.Info[m[1]] = decodeInfo(t, m[2])
	}
	return p
}

// readObject reads an object's dictionary and, when it has one, its
// stream, inflated; the stream's /Length must end it exactly.
func readObject(t testing.TB, n int, b []byte) object {
	t.Helper()
	end := bytes.Index(b, []byte("endobj"))
	si := bytes.Index(b, []byte(">>\nstream\n"))
	if si < 0 || (end >= 0 && si > end) {
		if end < 0 {
			t.Fatalf("object %d has no endobj", n)
		}
		return object{dict: string(b[:end])}
	}
	dict := string(b[:si+2])
	m := regexp.MustCompile(`/Length (\d+)`).FindStringSubmatch(dict)
	if m == nil {
		t.Fatalf("stream object %d without /Length: %q", n, dict)
	}
	length, _ := strconv.Atoi(m[1])
	data := b[si+len(">>\nstream\n"):]
	if len(data) < length || !bytes.HasPrefix(data[length:], []byte("\nendstream\nendobj")) {
		t.Fatalf("object %d: /Length %d does not end the stream", n, length)
	}
	data = data[:length]
	if strings.Contains(dict, "/FlateDecode") {
		zr, err := zlib.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("object %d: %v", n, err)
		}
		if data, err = io.ReadAll(zr); err != nil {
			t.Fatalf("object %d: inflate: %v", n, err)
		}
	} else {
		t.Errorf("object %d: stream not compressed: %q", n, dict)
	}
	return object{dict: dict, stream: data}
}

// showStrings returns the strings a content stream shows with Tj, decoded
// from WinAnsiEncoding, and the fonts it selects.
func showStrings(t testing.TB, s string) ([]string, map[string]bool) {
	t.Helper()
	var out []string
	fonts := map[string]bool{}
	for _, m := range regexp.MustCompile(`/(F\d) [\d.]+ Tf`).FindAllStringSubmatch(s, -1) {
		fonts[m[1]] = true
	}
	for i := 0; i < len(s); i++ {
		if s[i] != '(' {
			continue
		}
		var raw []byte
		depth := 0
		j := i + 1
		for ; j < len(s); j++ {
			c := s[j]
			if c == '\\' {
				j++
				if j < len(s) && s[j] >= '0' && s[j] <= '7' {
					v, err := strconv.ParseUint(s[j:j+3], 8, 8)
					if err != nil {
						t.Fatalf("bad octal escape %q", s[j:j+3])
					}
					raw = append(raw, byte(v))
					j += 2
				} else if j < len(s) {
					raw = append(raw, s[j])
				}
				continue
			}
			if c == '(' {
				depth++
			}
			if c == ')' {
				if depth == 0 {
					break
				}
				depth--
			}
			raw = append(raw, c)
		}
		if !strings.HasPrefix(strings.TrimLeft(s[j+1:], " "), "Tj") {
			t.Fatalf("a string not shown with Tj: %q", s[i:min(len(s), j+5)])
		}
		var sb strings.Builder
		for _, c := range raw {
			sb.WriteRune(pdf.DecodeByte(c))
		}
		out = append(out, sb.String())
		i = j
	}
	return out, fonts
}

// decodeInfo decodes a text string of the document information.
func decodeInfo(t testing.TB, s string) string {
	t.Helper()
	if strings.HasPrefix(s, "(") {
		return s[1 : len(s)-1]
	}
	h := s[1 : len(s)-1]
	if !strings.HasPrefix(h, "FEFF") || len(h)%4 != 0 {
		t.Fatalf("info string %q is not UTF-16BE with a byte-order mark", s)
	}
	var u []uint16
	for i := 4; i < len(h); i += 4 {
		v, err := strconv.ParseUint(h[i:i+4], 16, 16)
		if err != nil {
			t.Fatal(err)
		}
		u = append(u, uint16(v))
	}
	return string(utf16.Decode(u))
}

// Text returns a page's strings (from 0), one a line.
func (p *Doc) Text(page int) string { return strings.Join(p.Pages[page], "\n") }

// AllText returns every page's text.
func (p *Doc) AllText() string {
	var parts []string
	for i := range p.Pages {
		parts = append(parts, p.Text(i))
	}
	return strings.Join(parts, "\n")
}

// Contains reports whether some string shown on some page contains s.
// A wrapped paragraph is shown a line at a time: look for words that
// stay on one line, or join with AllText.
func (p *Doc) Contains(s string) bool { return strings.Contains(p.AllText(), s) }
