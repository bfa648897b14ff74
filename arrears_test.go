package wijkregie_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"wijkregie"
)

// arrearsFields returns the names of an invalid report's fields with
// their messages, "name=message".
func arrearsFields(err error) []string {
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

func validReport() wijkregie.ArrearsReport {
	return wijkregie.ArrearsReport{CreditorName: "Woonstede", CreditorKind: wijkregie.CreditorHousingCorp, Reference: "HUUR-1",
		Kind: wijkregie.ArrearsPlain,
		Debtor: wijkregie.Debtor{Surname: "Berg", BirthDate: time.Date(1980, 5, 1, 0, 0, 0, 0, time.UTC),
			Address: wijkregie.Address{Street: "Duinweg", Number: 12, Postcode: "2581AB", Town: "Duinhaven"}},
		AmountCents: 45_000, Terms: 2, Since: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
}

func TestArrearsReportValidate(t *testing.T) {
	today := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		change func(r *wijkregie.ArrearsReport)
		want   []string
	}{
		{"valid", func(r *wijkregie.ArrearsReport) {}, nil},
		{"missing creditor", func(r *wijkregie.ArrearsReport) { r.CreditorName = "  " }, []string{"schuldeiser=veld.verplicht"}},
		{"unknown creditor type", func(r *wijkregie.ArrearsReport) { r.CreditorKind = "bank" }, []string{"soortSchuldeiser=veld.keuze"}},
		{"missing reference", func(r *wijkregie.ArrearsReport) { r.Reference = "" }, []string{"referentie=veld.verplicht"}},
		{"reference too long", func(r *wijkregie.ArrearsReport) { r.Reference = string(make([]byte, 65)) + "x" }, []string{"referentie=veld.vroeg.te_lang"}},
		{"unknown kind", func(r *wijkregie.ArrearsReport) { r.Kind = "beslag" }, []string{"soort=veld.keuze"}},
		{"missing name", func(r *wijkregie.ArrearsReport) { r.Debtor.Surname = "" }, []string{"achternaam=veld.verplicht"}},
		{"no birth date", func(r *wijkregie.ArrearsReport) { r.Debtor.BirthDate = time.Time{} }, []string{"geboortedatum=veld.datum"}},
		{"born tomorrow", func(r *wijkregie.ArrearsReport) { r.Debtor.BirthDate = today.AddDate(0, 0, 1) }, []string{"geboortedatum=veld.datum"}},
		{"born before 1900", func(r *wijkregie.ArrearsReport) { r.Debtor.BirthDate = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC) }, []string{"geboortedatum=veld.datum"}},
		{"bad address", func(r *wijkregie.ArrearsReport) { r.Debtor.Address = wijkregie.Address{Postcode: "25810"} },
			[]string{"postcode=veld.postcode", "huisnummer=veld.huisnummer", "straat=veld.verplicht", "woonplaats=veld.verplicht"}},
		{"negative amount", func(r *wijkregie.ArrearsReport) { r.AmountCents = -4500 }, []string{"bedrag=veld.vroeg.bedrag"}},
		{"no amount", func(r *wijkregie.ArrearsReport) { r.AmountCents = 0 }, []string{"bedrag=veld.vroeg.bedrag"}},
		{"absurd amount", func(r *wijkregie.ArrearsReport) { r.AmountCents = 100_000_000_01 }, []string{"bedrag=veld.vroeg.bedrag"}},
		{"no terms", func(r *wijkregie.ArrearsReport) { r.Terms = 0 }, []string{"termijnen=veld.vroeg.termijnen"}},
		{"negative terms", func(r *wijkregie.ArrearsReport) { r.Terms = -1 }, []string{"termijnen=veld.vroeg.termijnen"}},
		{"paid without amount or terms", func(r *wijkregie.ArrearsReport) { r.Kind, r.AmountCents, r.Terms = wijkregie.ArrearsPaid, 0, 0 }, nil},
		{"since in the future", func(r *wijkregie.ArrearsReport) { r.Since = today.AddDate(0, 0, 1) }, []string{"datumAchterstand=veld.datum"}},
		{"no since", func(r *wijkregie.ArrearsReport) { r.Since = time.Time{} }, []string{"datumAchterstand=veld.datum"}},
		{"end before since", func(r *wijkregie.ArrearsReport) { r.EndDate = r.Since.AddDate(0, 0, -1) }, []string{"datumEinde=veld.datum"}},
		{"end in the future", func(r *wijkregie.ArrearsReport) {
			r.Kind, r.EndDate = wijkregie.ArrearsEviction, today.AddDate(0, 1, 0)
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := validReport()
			tc.change(&r)
			if got := arrearsFields(r.Validate(today)); !slices.Equal(got, tc.want) {
				t.Errorf("Validate: %v; want %v", got, tc.want)
			}
		})
	}
}

func TestCreditorKeyIgnoresCaseAndSpaces(t *testing.T) {
	if a, b := wijkregie.CreditorKey("  Woonstede   Duinhaven "), wijkregie.CreditorKey("WOONSTEDE duinhaven"); a != b || a != "woonstede duinhaven" {
		t.Errorf("CreditorKey: %q and %q; want both %q", a, b, "woonstede duinhaven")
	}
}

func TestThreateningKinds(t *testing.T) {
	for _, k := range wijkregie.ArrearsKinds {
		want := k == wijkregie.ArrearsEviction || k == wijkregie.ArrearsCutOff || k == wijkregie.ArrearsCancellation
		if k.Threatening() != want {
			t.Errorf("%s threatening: %v; want %v", k, k.Threatening(), want)
		}
	}
}
