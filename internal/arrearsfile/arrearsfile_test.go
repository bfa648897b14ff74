package arrearsfile_test

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/arrearsfile"
)

const header = "schuldeiser;soortSchuldeiser;referentie;achternaam;voorletters;tussenvoegsel;geboortedatum;straat;huisnummer;" +
	"huisnummertoevoeging;postcode;woonplaats;bsn;bedrag;termijnen;datumAchterstand;soort;datumEinde\n"

// fields returns an invalid error's fields as "name=message".
func fields(err error) []string {
	var e *wijkregie.Error
	if !errors.As(err, &e) {
		return nil
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Name+"="+f.Message)
	}
	return out
}

func TestReadsAWholeRow(t *testing.T) {
	in := "\uFEFF" + header + "Woonstede;woningcorporatie;HUUR-1;Berg;J.;van den;01-05-1980;Duinweg;12;a;2581 AB;Duinhaven;111222333;1.234,56;3;2026-01-15;ontruiming;2026-04-01\n"
	rd, err := arrearsfile.NewReader(strings.NewReader(in))
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	r, line, err := rd.Read()
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	want := &wijkregie.ArrearsReport{CreditorName: "Woonstede", CreditorKind: wijkregie.CreditorHousingCorp, Reference: "HUUR-1",
		Kind: wijkregie.ArrearsEviction,
		Debtor: wijkregie.Debtor{Surname: "Berg", Initials: "J.", Prefix: "van den", BirthDate: time.Date(1980, 5, 1, 0, 0, 0, 0, time.UTC),
			BSN: "111222333", Address: wijkregie.Address{Street: "Duinweg", Number: 12, Addition: "a", Postcode: "2581 AB", Town: "Duinhaven"}},
		AmountCents: 123456, Terms: 3, Since: time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC), EndDate: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}
	if diff := cmp.Diff(r, want); diff != "" {
		t.Errorf("report (-got +want):\n%s", diff)
	}
	if line != 2 {
		t.Errorf("line %d; want 2", line)
	}
	if _, _, err := rd.Read(); err != io.EOF {
		t.Errorf("after the last row: %v; want io.EOF", err)
	}
}

func TestColumnsInAnyOrderAndCaseOptionalOnesLeftOut(t *testing.T) {
	in := "BEDRAG;Termijnen;DatumAchterstand;Schuldeiser;SoortSchuldeiser;Referentie;Achternaam;Geboortedatum;Straat;Huisnummer;Postcode;Woonplaats\n" +
		"12.50;1;1-2-2026;Duinwater;water;W-1;Smit;1990-12-31;Kade;3;2582CD;Duinhaven\n"
	rd, err := arrearsfile.NewReader(strings.NewReader(in))
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	r, _, err := rd.Read()
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if r.AmountCents != 1250 || r.Kind != wijkregie.ArrearsPlain || r.Debtor.BSN != "" || !r.EndDate.IsZero() ||
		!r.Since.Equal(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("report %+v; want 12,50, achterstand, no BSN, no end, since 1 February", r)
	}
}

func TestFileLevelErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", []string{"bestand=veld.inlezen.leeg"}},
		{"comma", strings.ReplaceAll(header, ";", ","), []string{"bestand=veld.inlezen.scheidingsteken"}},
		{"tab", strings.ReplaceAll(header, ";", "\t"), []string{"bestand=veld.inlezen.scheidingsteken"}},
		{"utf-16", "\xff\xfes\x00c\x00", []string{"bestand=veld.inlezen.geen_utf8"}},
		{"latin-1 header", strings.Replace(header, "achternaam", "achternaam\xe9", 1), []string{"bestand=veld.inlezen.geen_utf8"}},
		{"missing", strings.Replace(header, "achternaam;", "", 1), []string{"achternaam=veld.inlezen.kolom_ontbreekt"}},
		{"unknown", strings.Replace(header, "bsn", "burgerservicenummer", 1), []string{"burgerservicenummer=veld.inlezen.kolom_onbekend"}},
		{"twice", strings.Replace(header, "bsn", "postcode", 1), []string{"postcode=veld.inlezen.kolom_dubbel"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := arrearsfile.NewReader(strings.NewReader(tc.in))
			if diff := cmp.Diff(fields(err), tc.want); diff != "" {
				t.Errorf("NewReader: %v (-got +want):\n%s", err, diff)
			}
			if arrearsfile.IsRowError(err) && wijkregie.ErrorCode(err) != wijkregie.EINVALID {
				t.Errorf("code %s; want invalid", wijkregie.ErrorCode(err))
			}
		})
	}
}

func TestBadRowsNameTheirLineAndFieldsAndTheFileReadsOn(t *testing.T) {
	in := header +
		"Woonstede;woningcorporatie;A;Berg;;;1980-05-01;Duinweg;12;;2581AB;Duinhaven;;100;1;2026-01-01;;\n" + // 2: good
		"Woonstede;woningcorporatie;B;Berg;;;31-02-1980;Duinweg;12;;2581AB;Duinhaven;123456789;veel;1;2026-01-01;;\n" + // 3
		"Woonstede;woningcorporatie;C;Berg\n" + // 4: too few fields
		"Woonstede;woningcorporatie;D;B\xe9rg;;;1980-05-01;Duinweg;12;;2581AB;Duinhaven;;100;1;2026-01-01;;\n" + // 5: latin-1
		"\n" + // 6: blank
		"Woonstede;woningcorporatie;E;Berg;;;1980-05-01;Duinweg;twaalf;;2581AB;Duinhaven;;100;een;2026-01-01;;2026-13-01\n" // 7
	rd, err := arrearsfile.NewReader(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Line   int
		Fields []string
	}
	var got []row
	for {
		_, line, err := rd.Read()
		if err == io.EOF {
			break
		}
		if err != nil && !arrearsfile.IsRowError(err) {
			t.Fatalf("line %d: %v", line, err)
		}
		got = append(got, row{line, fields(err)})
	}
	want := []row{
		{2, nil},
		{3, []string{"geboortedatum=veld.datum", "bsn=veld.bsn.elfproef", "bedrag=veld.vroeg.bedrag"}},
		{4, []string{"=veld.inlezen.velden"}},
		{5, []string{"achternaam=veld.inlezen.geen_utf8"}},
		{7, []string{"huisnummer=veld.huisnummer", "termijnen=veld.vroeg.termijnen", "datumEinde=veld.datum"}},
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("rows (-got +want):\n%s", diff)
	}
}

func TestParseAmount(t *testing.T) {
	for in, want := range map[string]int64{
		"1234,56": 123456, "1234.56": 123456, "1.234,56": 123456, "1,234.56": 123456, "1.234.567,8": 123456780,
		"€ 12": 1200, "12,5": 1250, "1.234": 123400, "-45,00": -4500, "0": 0, "": 0,
	} {
		if got, ok := arrearsfile.ParseAmount(in); !ok || got != want {
			t.Errorf("ParseAmount(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"veel", "12,", ",50", "1,2,3", "1.23.4,00", "1.234,56,7", "12,345,67", "1234,5678", "1.2345", "--3", "+3", "1e5", "1.234.56"} {
		if got, ok := arrearsfile.ParseAmount(in); ok {
			t.Errorf("ParseAmount(%q) = %d; want refused", in, got)
		}
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]time.Time{
		"2026-04-27": time.Date(2026, 4, 27, 0, 0, 0, 0, time.UTC),
		"27-04-2026": time.Date(2026, 4, 27, 0, 0, 0, 0, time.UTC),
		"7-4-2026":   time.Date(2026, 4, 7, 0, 0, 0, 0, time.UTC),
	} {
		if got, ok := arrearsfile.ParseDate(in); !ok || !got.Equal(want) {
			t.Errorf("ParseDate(%q) = %s, %v; want %s", in, got, ok, want)
		}
	}
	for _, in := range []string{"2026-02-30", "27/04/2026", "04-27-2026", "gisteren", "2026-4"} {
		if got, ok := arrearsfile.ParseDate(in); ok {
			t.Errorf("ParseDate(%q) = %s; want refused", in, got)
		}
	}
}
