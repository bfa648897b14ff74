package api_test

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"testing"

	"wijkregie"
	"wijkregie/internal/api"
	"wijkregie/internal/demo"
	"wijkregie/internal/pdf/pdftest"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// inzagePerson registers, through the API, a person with a BSN from the
// test range and a birth date, in a household of their own; gives the
// household a case with a note; and returns the person's id and BSN.
func (f *fixture) inzagePerson(t *testing.T, note string) (id, bsn string) {
	t.Helper()
	var p api.Persoon
	for n := 999999990; ; n-- {
		if _, err := wijkregie.ParseBSN(fmt.Sprint(n)); err != nil {
			continue
		}
		r := f.do(pro, "POST", "/api/v1/personen", map[string]any{"bsn": fmt.Sprint(n), "voornaam": "Zoë", "achternaam": "Inzage", "geboortedatum": "1984-05-17"})
		if r.status == http.StatusCreated {
			r.decode(t, &p)
			bsn = fmt.Sprint(n)
			break
		}
		if n < 999990000 {
			t.Fatalf("no free test BSN: %d %s", r.status, r.body)
		}
	}
	var hh api.Huishouden
	f.do(pro, "POST", "/api/v1/huishoudens", map[string]any{
		"adres": map[string]any{"straat": "Inzageweg", "huisnummer": 15, "postcode": "2582AB", "woonplaats": "Duinhaven"},
		"leden": []map[string]any{{"persoon": p.ID, "relatie": "ouder", "vanaf": "2012-01-01"}}}).want(t, http.StatusCreated).decode(t, &hh)
	u := f.users[pro]
	ctx := context.Background()
	err := f.s.Tx(ctx, func(q *store.Q) error {
		c := &wijkregie.Case{MunicipalityID: demo.MunicipalityID, HouseholdID: hh.ID, TeamID: u.TeamID, Status: wijkregie.CaseIntake,
			Level: wijkregie.LevelLight, Domains: []string{"financien"}, OpenedBy: u.ID, CoordinatorID: u.ID}
		if err := q.CreateCase(ctx, c); err != nil {
			return err
		}
		return q.CreateNote(ctx, &wijkregie.Note{MunicipalityID: demo.MunicipalityID, CaseID: c.ID, Kind: wijkregie.NoteProgress,
			Date: c.OpenedAt, Text: note, Visibility: wijkregie.VisibleToMe, AuthorID: u.ID})
	})
	if err != nil {
		t.Fatal(err)
	}
	return p.ID, bsn
}

// TestInzageAPI: the privacy officer finds the person of a request by BSN
// and birth date, and downloads the export as JSON and as a PDF that
// reads back with the person's name and a note; the file name holds
// neither name nor BSN; every bad input is a 400 naming its field; other
// roles get 403.
func TestInzageAPI(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		const note = "Eigen werkaantekening: gesprek over de huur"
		id, bsn := f.inzagePerson(t, note)
		const privacy = wijkregie.RolePrivacy

		var found api.Inzageverzoek
		f.do(privacy, "POST", "/api/v1/inzageverzoeken", map[string]any{"bsn": bsn, "geboortedatum": "1984-05-17"}).
			want(t, http.StatusOK).decode(t, &found)
		if found.Persoon.ID != id || found.Persoon.Naam != "Zoë Inzage" {
			t.Errorf("found %+v", found.Persoon)
		}
		if p := f.do(privacy, "POST", "/api/v1/inzageverzoeken", map[string]any{"bsn": bsn, "geboortedatum": "1984-05-18"}).
			want(t, http.StatusNotFound).problem(t); !strings.Contains(p.Detail, "geboortedatum") {
			t.Errorf("not found: detail %q", p.Detail)
		}
		for _, tc := range []struct {
			body  map[string]any
			field string
		}{
			{map[string]any{"bsn": "123456789", "geboortedatum": "1984-05-17"}, "bsn"},
			{map[string]any{"geboortedatum": "1984-05-17"}, "bsn"},
			{map[string]any{"bsn": bsn, "geboortedatum": "17 mei 1984"}, "geboortedatum"},
		} {
			p := f.do(privacy, "POST", "/api/v1/inzageverzoeken", tc.body).want(t, http.StatusBadRequest).problem(t)
			if len(p.InvalidParams) != 1 || p.InvalidParams[0].Name != tc.field {
				t.Errorf("%v: invalidParams %+v, want %s", tc.body, p.InvalidParams, tc.field)
			}
		}

		path := "/api/v1/personen/" + id + "/inzage"
		r := f.do(privacy, "GET", path, nil, "Accept", "application/json").want(t, http.StatusOK)
		var z struct {
			Persoon struct {
				BSN  string `json:"bsn"`
				Naam string `json:"naam"`
			} `json:"persoon"`
			Casussen []struct {
				Journaal []struct {
					Tekst string `json:"tekst"`
				} `json:"journaal"`
			} `json:"casussen"`
			Toegangslog []struct {
				Actie string `json:"actie"`
			} `json:"toegangslog"`
		}
		r.decode(t, &z)
		if z.Persoon.BSN != bsn || z.Persoon.Naam != "Zoë Inzage" || len(z.Casussen) != 1 || len(z.Casussen[0].Journaal) != 1 || z.Casussen[0].Journaal[0].Tekst != note {
			t.Errorf("JSON export: %s", r.body)
		}
		if len(z.Toegangslog) == 0 {
			t.Error("the JSON export has no access log")
		}
		checkAttachment(t, r, id, "json", bsn)

		for _, h := range [][]string{{"Accept", "application/pdf"}, {"Accept", ""}} {
			p := path
			if h[1] == "" {
				p += "?formaat=pdf"
			}
			r := f.do(privacy, "GET", p, nil, h...).want(t, http.StatusOK)
			if ct := r.header.Get("Content-Type"); ct != "application/pdf" {
				t.Fatalf("%s: Content-Type %q", p, ct)
			}
			checkAttachment(t, r, id, "pdf", bsn)
			doc := pdftest.Read(t, r.body)
			text := strings.Join(strings.Fields(doc.AllText()), " ")
			for _, want := range []string{"Inzage in uw gegevens", "Zoë Inzage", note, bsn} {
				if !strings.Contains(text, want) {
					t.Errorf("%s: the PDF does not show %q", p, want)
				}
			}
		}

		if p := f.do(privacy, "GET", path+"?formaat=xml", nil).want(t, http.StatusBadRequest).problem(t); len(p.InvalidParams) != 1 || p.InvalidParams[0].Name != "formaat" {
			t.Errorf("formaat=xml: %+v", p.InvalidParams)
		}
		f.do(privacy, "GET", "/api/v1/personen/"+wijkregie.NewID(f.svc.Now())+"/inzage", nil).want(t, http.StatusNotFound)
		for _, role := range []wijkregie.Role{pro, lead, partner, wijkregie.RoleAdmin, wijkregie.RolePolicy, wijkregie.RoleInspection} {
			f.do(role, "GET", path, nil).want(t, http.StatusForbidden)
			f.do(role, "POST", "/api/v1/inzageverzoeken", map[string]any{"bsn": bsn, "geboortedatum": "1984-05-17"}).want(t, http.StatusForbidden)
		}
	})
}

// checkAttachment checks that the response is a download named after the
// record and the day, without the person's name or BSN.
func checkAttachment(t *testing.T, r *response, id, ext, bsn string) {
	t.Helper()
	disp, params, err := mime.ParseMediaType(r.header.Get("Content-Disposition"))
	if err != nil || disp != "attachment" {
		t.Fatalf("Content-Disposition %q: %v", r.header.Get("Content-Disposition"), err)
	}
	name := params["filename"]
	if !strings.HasPrefix(name, "inzage-"+id+"-") || !strings.HasSuffix(name, "."+ext) || strings.Contains(name, bsn) || strings.Contains(strings.ToLower(name), "zo") && strings.Contains(name, "Inzage") {
		t.Errorf("file name %q", name)
	}
}
