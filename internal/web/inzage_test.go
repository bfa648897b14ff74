package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/pdf/pdftest"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// inzageResident registers, as the demo professional, a resident with a
// BSN from the test range (999900006–999999990) and a birth date, in a
// household of their own. It returns the person and the BSN.
func (e *env) inzageResident(t *testing.T) (*wijkregie.Person, string) {
	t.Helper()
	ctx := context.Background()
	pro := e.actor(wijkregie.RoleProfessional)
	for n := 999999990; n > 999990000; n-- {
		bsn := fmt.Sprint(n)
		if _, err := wijkregie.ParseBSN(bsn); err != nil {
			continue
		}
		p, err := e.svc.RegisterPerson(ctx, pro, wijkregie.PersonInput{BSN: bsn, GivenName: "Zoë", FamilyName: "Inzage", BirthDate: "1984-05-17"}, true)
		if wijkregie.ErrorCode(err) == wijkregie.ECONFLICT {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		hh := &wijkregie.Household{Address: wijkregie.Address{Street: "Inzageweg", Number: 15, Postcode: "2582AB", Town: "Duinhaven"}}
		members := []wijkregie.Member{{PersonID: p.ID, Relation: wijkregie.RelationParent, From: wijkregie.Today(time.Now().AddDate(-1, 0, 0))}}
		if err := e.svc.RegisterHousehold(ctx, pro, hh, members); err != nil {
			t.Fatal(err)
		}
		return p, bsn
	}
	t.Fatal("no free test BSN")
	return nil, ""
}

// TestInzagePage: the privacy officer's page Inzageverzoek — in the menu
// for them only — keeps the input beside its error, says so when BSN and
// birth date do not meet, and after a match shows the person with the
// BSN masked, what the export holds and the two downloads; the PDF and
// the JSON download as attachments named without name or BSN. Other roles
// get 403.
func TestInzagePage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		p, bsn := e.inzageResident(t)
		c := e.as(t, wijkregie.RolePrivacy)

		r := c.get(t, "/inzageverzoek")
		if r.status != http.StatusOK {
			t.Fatalf("GET /inzageverzoek: %d", r.status)
		}
		if links := elements(r.body, "a", "href", "/inzageverzoek", "aria-current", "page"); len(links) != 1 {
			t.Error("the menu does not link to the page as the current one")
		}

		// A BSN that fails the elfproef: the message beside the field,
		// the input kept.
		r = c.post(t, "/inzageverzoek", url.Values{"bsn": {"123456789"}, "geboortedatum": {"1984-05-17"}})
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("bad BSN: %d", r.status)
		}
		if el := byID(t, r.body, "bsn"); el.attrs["value"] != "123456789" || el.attrs["aria-invalid"] != "true" || !strings.Contains(el.attrs["aria-describedby"], "bsn-fout") {
			t.Errorf("the BSN field after the error: %v", el.attrs)
		}
		if got := textOf(t, r.body, "bsn-fout"); !strings.Contains(got, e.t("veld.bsn.elfproef")) {
			t.Errorf("the BSN's error says %q", got)
		}
		if byID(t, r.body, "geboortedatum").attrs["value"] != "1984-05-17" {
			t.Error("the birth date was not kept")
		}

		// BSN and birth date of no one person.
		r = c.post(t, "/inzageverzoek", url.Values{"bsn": {bsn}, "geboortedatum": {"1984-05-18"}})
		if r.status != http.StatusNotFound || !strings.Contains(text(r.body), e.t("fout.inzage.niet_gevonden")) {
			t.Fatalf("no match: %d", r.status)
		}
		if byID(t, r.body, "bsn").attrs["value"] != bsn || byID(t, r.body, "geboortedatum").attrs["value"] != "1984-05-18" {
			t.Error("the input was not kept after no match")
		}

		// A match.
		r = c.post(t, "/inzageverzoek", url.Values{"bsn": {bsn}, "geboortedatum": {"1984-05-17"}})
		if r.status != http.StatusOK {
			t.Fatalf("match: %d", r.status)
		}
		page := text(r.body)
		for _, want := range []string{"Zoë Inzage", "17 mei 1984", wijkregie.BSN(bsn).Masked(), e.t("inzage.controle")} {
			if !strings.Contains(page, want) {
				t.Errorf("the page does not show %q", want)
			}
		}
		if strings.Contains(r.body, bsn) {
			t.Error("the page shows the full BSN")
		}
		if rows := texts(inner(r.body, byID(t, r.body, "inzage-inhoud")), "tr"); len(rows) != 17 || !strings.Contains(strings.Join(rows, "|"), e.t("inzage.telling.huishoudens")+" 1") {
			t.Errorf("summary rows %q", rows)
		}
		pdfLink, jsonLink := byID(t, r.body, "download-pdf").attrs["href"], byID(t, r.body, "download-json").attrs["href"]
		if pdfLink != "/personen/"+p.ID+"/inzage?formaat=pdf" || jsonLink != "/personen/"+p.ID+"/inzage?formaat=json" {
			t.Errorf("downloads %q, %q", pdfLink, jsonLink)
		}

		r = c.get(t, pdfLink)
		if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("PDF: %d %s", r.status, r.header.Get("Content-Type"))
		}
		checkDownload(t, r, p.ID, "pdf", bsn)
		doc := pdftest.Read(t, []byte(r.body))
		if all := doc.AllText(); !strings.Contains(all, "Zoë Inzage") || !strings.Contains(all, "Inzageweg 15") {
			t.Errorf("the PDF does not show the person and the address:\n%s", all)
		}
		r = c.get(t, jsonLink)
		if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/json" {
			t.Fatalf("JSON: %d %s", r.status, r.header.Get("Content-Type"))
		}
		checkDownload(t, r, p.ID, "json", bsn)
		var z struct {
			Persoon struct {
				BSN string `json:"bsn"`
			} `json:"persoon"`
		}
		if err := json.Unmarshal([]byte(r.body), &z); err != nil || z.Persoon.BSN != bsn {
			t.Errorf("JSON: %v, bsn %q", err, z.Persoon.BSN)
		}

		for _, role := range []wijkregie.Role{wijkregie.RoleProfessional, wijkregie.RoleTeamLead, wijkregie.RoleAdmin} {
			o := e.as(t, role)
			if r := o.get(t, "/inzageverzoek"); r.status != http.StatusForbidden {
				t.Errorf("%s: GET /inzageverzoek %d", role, r.status)
			}
			if r := o.get(t, pdfLink); r.status != http.StatusForbidden {
				t.Errorf("%s: download %d", role, r.status)
			}
			if r := o.get(t, "/"); len(elements(r.body, "a", "href", "/inzageverzoek")) != 0 {
				t.Errorf("%s: the menu links to Inzageverzoek", role)
			}
		}
	})
}

// checkDownload checks that a download is an attachment named after the
// record and the day, without the BSN or the name.
func checkDownload(t *testing.T, r *response, id, ext, bsn string) {
	t.Helper()
	disp, params, err := mime.ParseMediaType(r.header.Get("Content-Disposition"))
	name := params["filename"]
	if err != nil || disp != "attachment" || !strings.HasPrefix(name, "inzage-"+id+"-") || !strings.HasSuffix(name, "."+ext) ||
		strings.Contains(name, bsn) || strings.Contains(name, "Inzage") {
		t.Errorf("Content-Disposition %q", r.header.Get("Content-Disposition"))
	}
	if cc := r.header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
}
