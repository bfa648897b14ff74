package wijkregie_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
)

func TestParseBSN(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want wijkregie.BSN
		key  string // the field message key; "" when valid
	}{
		// The examples of docs/privacy: elfproef 9·d1 + … + 2·d8 − d9 ≡ 0 (mod 11).
		{"valid", "123456782", "123456782", ""},
		{"valid repeating", "111222333", "111222333", ""},
		{"valid", "249566758", "249566758", ""},
		{"first of the test range", "999900006", "999900006", ""},
		{"eight digits padded", "12345672", "012345672", ""},
		{"spaces removed", " 1234 56 782 ", "123456782", ""},
		{"dots removed", "1234.56.782", "123456782", ""},
		{"dashes removed", "123-456-782", "123456782", ""},
		{"eight digits after dots", "1234.5672", "012345672", ""},

		{"elfproef fails", "123456789", "", "veld.bsn.elfproef"},
		{"last digit off by one", "123456783", "", "veld.bsn.elfproef"},
		{"all zeros pass the sum but are no BSN", "000000000", "", "veld.bsn.elfproef"},
		{"eight zeros padded to all zeros", "00000000", "", "veld.bsn.elfproef"},
		{"letter", "12345678a", "", "veld.bsn.cijfers"},
		{"letter in front", "x23456782", "", "veld.bsn.cijfers"},
		{"sign", "+12345678", "", "veld.bsn.cijfers"},
		{"empty", "", "", "veld.bsn.lengte"},
		{"seven digits", "1234567", "", "veld.bsn.lengte"},
		{"ten digits", "1234567820", "", "veld.bsn.lengte"},
		{"only separators", " . - ", "", "veld.bsn.lengte"},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/"+tt.in, func(t *testing.T) {
			got, err := wijkregie.ParseBSN(tt.in)
			if tt.key == "" {
				if err != nil {
					t.Fatalf("ParseBSN(%q) = %v; want %s", tt.in, err, tt.want.Masked())
				}
				if got.Digits() != tt.want.Digits() {
					t.Errorf("ParseBSN(%q) = %s; want %s", tt.in, got.Digits(), tt.want.Digits())
				}
				return
			}
			if got != "" {
				t.Errorf("ParseBSN(%q) returned %s with an error; want the zero BSN", tt.in, got.Digits())
			}
			if diff := cmp.Diff(invalidFields(t, err), []wijkregie.FieldError{{Name: "bsn", Message: tt.key}}); diff != "" {
				t.Errorf("ParseBSN(%q) field errors (-got +want):\n%s", tt.in, diff)
			}
		})
	}
}

// invalidFields returns the fields of an EINVALID *wijkregie.Error, failing
// the test for any other error.
func invalidFields(t *testing.T, err error) []wijkregie.FieldError {
	t.Helper()
	e, ok := err.(*wijkregie.Error)
	if !ok {
		t.Fatalf("error %v (%T); want a *wijkregie.Error", err, err)
	}
	if e.Code != wijkregie.EINVALID || e.Message != "fout.ongeldig" {
		t.Errorf("error code %q, message %q; want %q, %q", e.Code, e.Message, wijkregie.EINVALID, "fout.ongeldig")
	}
	return e.Fields
}

// leaked returns the runs of four or more consecutive digits of the BSN
// found in out: showing the last three is allowed, more is a leak.
func leaked(b wijkregie.BSN, out string) []string {
	d := b.Digits()
	var found []string
	for i := 0; i+4 <= len(d); i++ {
		if strings.Contains(out, d[i:i+4]) {
			found = append(found, d[i:i+4])
		}
	}
	return found
}

func TestBSNNeverShowsMoreThanLastThree(t *testing.T) {
	b, err := wijkregie.ParseBSN("249566758")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := b.Digits(), "249566758"; got != want {
		t.Fatalf("Digits() = %q; want %q", got, want)
	}

	type holder struct {
		Name string
		BSN  wijkregie.BSN
	}
	person := wijkregie.Person{ID: "p1", BSN: b, FamilyName: "Jansen"}
	var jsonLog bytes.Buffer
	// Without the time, whose digits could match the BSN's by chance.
	noTime := &slog.HandlerOptions{ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
		if len(groups) == 0 && a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}}
	log := slog.New(slog.NewJSONHandler(&jsonLog, noTime))
	log.Info("direct", "bsn", b)
	log.Info("in a struct", "persoon", person)
	log.Info("in a group", slog.Group("g", slog.Any("h", holder{"x", b})))
	var textLog bytes.Buffer
	slog.New(slog.NewTextHandler(&textLog, noTime)).Info("text", "bsn", b, "persoon", &person)
	marshalled, err := json.Marshal(holder{"x", b})
	if err != nil {
		t.Fatal(err)
	}

	outputs := []struct {
		name string
		got  string
		want string // "" when only the absence of a leak is checked
	}{
		{"Masked", b.Masked(), "******758"},
		{"String", b.String(), "******758"},
		{"GoString", b.GoString(), "wijkregie.BSN(******758)"},
		{"LogValue", b.LogValue().String(), "******758"},
		{"%v", fmt.Sprintf("%v", b), "******758"},
		{"%s", fmt.Sprintf("%s", b), "******758"},
		{"%#v", fmt.Sprintf("%#v", b), "wijkregie.BSN(******758)"},
		{"%v of a struct", fmt.Sprintf("%v", holder{"x", b}), "{x ******758}"},
		{"%+v of a struct", fmt.Sprintf("%+v", holder{"x", b}), "{Name:x BSN:******758}"},
		{"%#v of a struct", fmt.Sprintf("%#v", holder{"x", b}), `wijkregie_test.holder{Name:"x", BSN:wijkregie.BSN(******758)}`},
		{"%v of a Person", fmt.Sprintf("%v", person), ""},
		{"%+v of a *Person", fmt.Sprintf("%+v", &person), ""},
		{"%#v of a Person", fmt.Sprintf("%#v", person), ""},
		{"%v of a slice", fmt.Sprintf("%v", []wijkregie.BSN{b}), "[******758]"},
		{"%v of a map", fmt.Sprintf("%v", map[string]wijkregie.BSN{"k": b}), "map[k:******758]"},
		{"slog JSON", jsonLog.String(), ""},
		{"slog text", textLog.String(), ""},
		{"json.Marshal", string(marshalled), `{"Name":"x","BSN":"******758"}`},
	}
	for _, o := range outputs {
		if o.want != "" && o.got != o.want {
			t.Errorf("%s: got %q; want %q", o.name, o.got, o.want)
		}
		if l := leaked(b, o.got); len(l) > 0 {
			t.Errorf("%s shows digits %v of the BSN: %s", o.name, l, o.got)
		}
		if !strings.Contains(o.got, "758") {
			t.Errorf("%s does not show the last three digits: %s", o.name, o.got)
		}
	}
}

func TestBSNMaskedOfMalformed(t *testing.T) {
	// A BSN that did not come through ParseBSN (e.g. a damaged row) is not
	// shown at all rather than partly.
	for _, b := range []wijkregie.BSN{"", "12345", "1234567890"} {
		if got := b.Masked(); got != "" {
			t.Errorf("BSN(%d digits).Masked() = %q; want \"\"", len(b), got)
		}
	}
}
