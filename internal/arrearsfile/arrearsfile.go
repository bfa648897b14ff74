// Package arrearsfile reads a creditor's delivery of payment arrears: a
// CSV file, ";"-separated and UTF-8, with a header row naming the columns
// (docs/vroegsignalering.md). It streams: one row at a time, whatever the
// file's size.
//
// The columns are ArrearsReport.Validate's field names, so a row's problem
// is reported with the same name whether it came from a file, the API or
// a form. A row that cannot be read is an error naming its line and
// fields, never its content; a file that cannot be read at all (wrong
// delimiter, a missing column, not UTF-8) is an error of its own, before
// any row.
package arrearsfile

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"wijkregie"
)

// The columns, in the order the documentation and the sample file list
// them. The names are case-insensitive and may come in any order.
const (
	ColCreditor     = "schuldeiser"
	ColCreditorKind = "soortSchuldeiser"
	ColReference    = "referentie"
	ColSurname      = "achternaam"
	ColInitials     = "voorletters"
	ColPrefix       = "tussenvoegsel"
	ColBirthDate    = "geboortedatum"
	ColStreet       = "straat"
	ColNumber       = "huisnummer"
	ColAddition     = "huisnummertoevoeging"
	ColPostcode     = "postcode"
	ColTown         = "woonplaats"
	ColBSN          = "bsn"
	ColAmount       = "bedrag"
	ColTerms        = "termijnen"
	ColSince        = "datumAchterstand"
	ColKind         = "soort"
	ColEndDate      = "datumEinde"
)

// Columns lists every column; Optional says which a file may leave out.
var Columns = []string{ColCreditor, ColCreditorKind, ColReference, ColSurname, ColInitials, ColPrefix, ColBirthDate, ColStreet,
	ColNumber, ColAddition, ColPostcode, ColTown, ColBSN, ColAmount, ColTerms, ColSince, ColKind, ColEndDate}

// Optional holds the columns a file may leave out: a report without them
// is whole (no initials, prefix, addition or BSN; kind achterstand; no
// end date).
var Optional = map[string]bool{ColInitials: true, ColPrefix: true, ColAddition: true, ColBSN: true, ColKind: true, ColEndDate: true}

// FileField is the field name a file-level error names when it is about
// the file as a whole rather than a column.
const FileField = "bestand"

// maxColumnName bounds an unknown column's name in an error: it is the
// file's text, shown back.
const maxColumnName = 40

// Reader reads reports from a file, one row at a time.
type Reader struct {
	cr   *csv.Reader
	col  [numColumns]int // the record's field of each column; -1 when absent
	line int
}

// numColumns is len(Columns).
const numColumns = 18

// colIndex numbers the columns for Reader.col.
var colIndex = func() map[string]int {
	m := make(map[string]int, numColumns)
	for i, c := range Columns {
		m[c] = i
	}
	return m
}()

// fileError is a file that cannot be read: invalid, naming the field.
func fileError(field, message string) error {
	return &wijkregie.Error{Code: wijkregie.EINVALID, Message: "fout.inlezen.bestand",
		Fields: []wijkregie.FieldError{{Name: field, Message: message}}}
}

// NewReader reads the header row. A file that is empty, not UTF-8, not
// separated by ";", or whose header lacks a required column, names an
// unknown one or one twice, is invalid (wijkregie.EINVALID): its field is
// FileField, or the column.
func NewReader(r io.Reader) (*Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(4)
	switch {
	case len(head) == 0:
		return nil, fileError(FileField, "veld.inlezen.leeg")
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		// UTF-16, as a spreadsheet's "Unicode text" saves it.
		return nil, fileError(FileField, "veld.inlezen.geen_utf8")
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.Comma = ';'
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fileError(FileField, "veld.inlezen.leeg")
	}
	if err != nil {
		return nil, fileError(FileField, "veld.inlezen.kopregel")
	}
	for _, h := range header {
		if !utf8.ValidString(h) {
			return nil, fileError(FileField, "veld.inlezen.geen_utf8")
		}
	}
	if len(header) == 1 && strings.ContainsAny(header[0], ",\t") {
		return nil, fileError(FileField, "veld.inlezen.scheidingsteken")
	}
	rd := &Reader{cr: cr}
	for i := range rd.col {
		rd.col[i] = -1
	}
	for i, h := range header {
		name := strings.TrimSpace(h)
		c, ok := lookup(name)
		switch {
		case !ok:
			if len(name) > maxColumnName {
				name = name[:maxColumnName]
			}
			if name == "" {
				return nil, fileError(FileField, "veld.inlezen.kolom_leeg")
			}
			return nil, fileError(strings.ToValidUTF8(name, ""), "veld.inlezen.kolom_onbekend")
		case rd.col[c] >= 0:
			return nil, fileError(Columns[c], "veld.inlezen.kolom_dubbel")
		}
		rd.col[c] = i
	}
	var v wijkregie.Invalid
	for i, c := range Columns {
		if rd.col[i] < 0 && !Optional[c] {
			v.Field(c, "veld.inlezen.kolom_ontbreekt")
		}
	}
	if err := v.Err(); err != nil {
		var e *wijkregie.Error
		errors.As(err, &e)
		e.Message = "fout.inlezen.bestand"
		return nil, e
	}
	return rd, nil
}

// lookup finds a column by its name in any case.
func lookup(name string) (int, bool) {
	for i, c := range Columns {
		if strings.EqualFold(c, name) {
			return i, true
		}
	}
	return 0, false
}

// IsRowError reports whether err is Read's refusal of one row: the file
// reads on.
func IsRowError(err error) bool {
	var e *wijkregie.Error
	return errors.As(err, &e) && e.Code == wijkregie.EINVALID
}

// Read returns the next row's report and its line (the line it starts
// on), io.EOF after the last. A row that cannot be read is a row error
// (IsRowError) naming its fields; when only some fields failed, the report
// holds the others, so the caller can check those too. A row with the
// wrong number of fields, or a quote out of place, is a row error without
// a report, its field "". Another error is the reader's.
func (rd *Reader) Read() (*wijkregie.ArrearsReport, int, error) {
	for {
		rec, err := rd.cr.Read()
		var pe *csv.ParseError
		switch {
		case err == io.EOF:
			return nil, 0, io.EOF
		case errors.As(err, &pe):
			// A record of the wrong length is still read whole; a quote
			// error leaves the reader at the next line.
			msg := "veld.inlezen.aanhalingstekens"
			if errors.Is(pe.Err, csv.ErrFieldCount) {
				msg = "veld.inlezen.velden"
			}
			return nil, pe.StartLine, wijkregie.InvalidField("", msg)
		case err != nil:
			return nil, 0, err
		}
		line, _ := rd.cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line, as spreadsheets leave at the end
		}
		rep, err := rd.report(rec)
		return rep, line, err
	}
}

// field returns a column's value, trimmed; "" when the file lacks it.
func (rd *Reader) field(rec []string, col string) string {
	i := rd.col[colIndex[col]]
	if i < 0 {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

func (rd *Reader) report(rec []string) (*wijkregie.ArrearsReport, error) {
	var v wijkregie.Invalid
	for i, c := range Columns {
		if j := rd.col[i]; j >= 0 && !utf8.ValidString(rec[j]) {
			v.Field(c, "veld.inlezen.geen_utf8")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	f := func(c string) string { return rd.field(rec, c) }
	r := &wijkregie.ArrearsReport{
		CreditorName: f(ColCreditor),
		CreditorKind: wijkregie.CreditorKind(strings.ToLower(f(ColCreditorKind))),
		Reference:    f(ColReference),
		Kind:         wijkregie.ArrearsKind(strings.ToLower(f(ColKind))),
		Debtor: wijkregie.Debtor{Surname: f(ColSurname), Initials: f(ColInitials), Prefix: f(ColPrefix),
			Address: wijkregie.Address{Street: f(ColStreet), Addition: f(ColAddition), Postcode: f(ColPostcode), Town: f(ColTown)}},
	}
	if r.Kind == "" {
		r.Kind = wijkregie.ArrearsPlain
	}
	var ok bool
	if r.Debtor.BirthDate, ok = ParseDate(f(ColBirthDate)); !ok {
		v.Field(ColBirthDate, "veld.datum")
	}
	if s := f(ColNumber); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			v.Field(ColNumber, "veld.huisnummer")
		}
		r.Debtor.Address.Number = n
	}
	if s := f(ColBSN); s != "" {
		b, err := wijkregie.ParseBSN(s)
		v.Add(err)
		r.Debtor.BSN = b
	}
	if r.AmountCents, ok = ParseAmount(f(ColAmount)); !ok {
		v.Field(ColAmount, "veld.vroeg.bedrag")
	}
	if s := f(ColTerms); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			v.Field(ColTerms, "veld.vroeg.termijnen")
		}
		r.Terms = n
	}
	if r.Since, ok = ParseDate(f(ColSince)); !ok {
		v.Field(ColSince, "veld.datum")
	}
	if s := f(ColEndDate); s != "" {
		if r.EndDate, ok = ParseDate(s); !ok {
			v.Field(ColEndDate, "veld.datum")
		}
	}
	return r, v.Err()
}

// ParseDate reads a date as YYYY-MM-DD or DD-MM-YYYY (the day and month
// may have one digit), at midnight UTC. An empty text is the zero date and
// ok: whether a date is required is Validate's to say.
func ParseDate(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, true
	}
	for _, layout := range []string{"2006-1-2", "2-1-2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// ParseAmount reads an amount in euros into cents: 1234,56, 1234.56,
// 1.234,56 or 1,234.56, with an optional € and minus sign. The separator
// that comes last, followed by one or two digits, is the decimal one; a
// separator followed by three digits groups thousands. An empty text is 0
// and ok: Validate says a report needs an amount.
func ParseAmount(s string) (int64, bool) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "€"))
	if s == "" {
		return 0, true
	}
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = strings.TrimSpace(s[1:])
	}
	whole, frac := s, ""
	if i := strings.LastIndexAny(s, ".,"); i >= 0 && len(s)-i-1 <= 2 {
		whole, frac = s[:i], s[i+1:]
		if frac == "" {
			return 0, false
		}
		// The other separator may group thousands; the decimal one may
		// not appear twice.
		if strings.ContainsRune(whole, rune(s[i])) {
			return 0, false
		}
	}
	groups := strings.FieldsFunc(whole, func(r rune) bool { return r == '.' || r == ',' })
	if len(groups) > 1 {
		if strings.Contains(whole, ".") && strings.Contains(whole, ",") {
			return 0, false
		}
		for i, g := range groups {
			if i > 0 && len(g) != 3 || len(g) == 0 || len(g) > 3 {
				return 0, false
			}
		}
	}
	if strings.HasPrefix(whole, ".") || strings.HasPrefix(whole, ",") || strings.HasSuffix(whole, ".") || strings.HasSuffix(whole, ",") {
		return 0, false
	}
	digits := strings.Join(groups, "")
	if digits == "" || len(digits) > 12 {
		return 0, false
	}
	euros, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || strings.ContainsAny(digits, "+-") {
		return 0, false
	}
	var cents int64
	if frac != "" {
		c, err := strconv.Atoi(frac)
		if err != nil || strings.ContainsAny(frac, "+-") {
			return 0, false
		}
		if len(frac) == 1 {
			c *= 10
		}
		cents = int64(c)
	}
	v := euros*100 + cents
	if neg {
		v = -v
	}
	return v, true
}
