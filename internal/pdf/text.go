package pdf

import (
	"strings"
	"unicode/utf8"
)

// Font is one of the two standard fonts every PDF viewer has: no font file
// is embedded, so a document stays small and needs no font licence.
type Font int

// The fonts.
const (
	Helvetica Font = iota
	HelveticaBold
)

// baseFont is the font's PostScript name, as the font dictionary names it.
func (f Font) baseFont() string {
	if f == HelveticaBold {
		return "Helvetica-Bold"
	}
	return "Helvetica"
}

// resource is the font's name in a page's resources.
func (f Font) resource() string {
	if f == HelveticaBold {
		return "F2"
	}
	return "F1"
}

// winAnsiHigh maps the runes that WinAnsiEncoding (Windows-1252) places
// at 0x80–0x9F; 0xA0–0xFF are Latin-1's, and need no table.
var winAnsiHigh = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87,
	'ˆ': 0x88, '‰': 0x89, 'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E,
	'‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
	'˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B, 'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}

// EncodeRune returns the WinAnsiEncoding code of r. A rune the encoding
// lacks becomes '?', so what cannot be printed shows as missing instead of
// as another letter; a tab or line break becomes a space.
func EncodeRune(r rune) byte {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return ' '
	case r >= 0x20 && r <= 0x7E, r >= 0xA0 && r <= 0xFF:
		return byte(r)
	case r == 0x2212: // minus sign: the hyphen is the nearest
		return '-'
	case r == 0x00A0, r == 0x202F:
		return ' '
	}
	if b, ok := winAnsiHigh[r]; ok {
		return b
	}
	return '?'
}

// Encode returns s in WinAnsiEncoding (EncodeRune for each rune).
func Encode(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		out = append(out, EncodeRune(r))
	}
	return out
}

// DecodeByte returns the rune WinAnsiEncoding places at b; the reverse of
// EncodeRune for every rune it encodes as itself.
func DecodeByte(b byte) rune {
	if b < 0x80 || b >= 0xA0 {
		return rune(b)
	}
	for r, c := range winAnsiHigh {
		if c == b {
			return r
		}
	}
	return '?'
}

// Width returns the width of s set in font f at size points.
func Width(f Font, size float64, s string) float64 {
	w := 0
	for _, r := range s {
		w += widths[f][EncodeRune(r)]
	}
	return float64(w) * size / 1000
}

// Wrap breaks s into lines no wider than width when set in font f at size:
// at spaces where it can, inside a word only when the word alone is wider
// than a line. A line break in s always starts a new line; an empty s is
// one empty line.
func Wrap(f Font, size, width float64, s string) []string {
	var lines []string
	for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		lines = append(lines, wrapLine(f, size, width, para)...)
	}
	return lines
}

func wrapLine(f Font, size, width float64, s string) []string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return []string{""}
	}
	var lines []string
	line := ""
	for _, w := range words {
		cand := w
		if line != "" {
			cand = line + " " + w
		}
		if Width(f, size, cand) <= width {
			line = cand
			continue
		}
		if line != "" {
			lines = append(lines, line)
			line = ""
		}
		// A word wider than a line (a long address, a URL) is broken
		// where it must be.
		for Width(f, size, w) > width {
			n := fitRunes(f, size, width, w)
			lines = append(lines, w[:n])
			w = w[n:]
		}
		line = w
	}
	return append(lines, line)
}

// fitRunes returns how many bytes of s, whole runes and at least one,
// fit in width.
func fitRunes(f Font, size, width float64, s string) int {
	n, w := 0, 0.0
	for n < len(s) {
		r, k := utf8.DecodeRuneInString(s[n:])
		rw := float64(widths[f][EncodeRune(r)]) * size / 1000
		if w+rw > width && n > 0 {
			break
		}
		w += rw
		n += k
	}
	return n
}
