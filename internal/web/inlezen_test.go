package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// sampleFile is the documented sample delivery: six good rows (three
// creditors on one household, a threatening one, an end of delivery) and
// six bad ones.
func sampleFile(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../docs/voorbeelden/betalingsachterstanden.csv")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// upload posts the upload form: the dry-run box (when dry) before the
// file, as a browser sends them.
func (c *client) upload(t *testing.T, filename, content string, dry bool) *response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if dry {
		mw.WriteField("proefrun", "ja")
	}
	fw, err := mw.CreateFormFile("bestand", filename)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte(content))
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, c.e.srv.URL+"/vroegsignalering/inlezen", &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(t, req)
}

// TestImportPage: a lead uploads the sample file, first as a dry run
// (nothing kept), then for real: the page shows the counts and the
// rejected rows by line, column and reason, never a row's content; the
// same file again is recognised; no file, a spreadsheet, a comma file and
// a file without a column are refused beside the field with the dry-run
// box kept; beheer may upload, a professional may not; the menu shows the
// page to those who may use it.
func TestImportPage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		lead := e.as(t, wijkregie.RoleTeamLead)

		r := lead.get(t, "/vroegsignalering/inlezen")
		if r.status != http.StatusOK || len(elements(r.body, "form", "enctype", "multipart/form-data", "action", "/vroegsignalering/inlezen")) != 1 ||
			len(elements(r.body, "input", "type", "file", "id", "bestand", "name", "bestand")) != 1 ||
			len(elements(r.body, "input", "type", "checkbox", "id", "proefrun")) != 1 {
			t.Fatalf("the form: status %d", r.status)
		}
		if len(elements(r.body, "a", "href", "/vroegsignalering/inlezen", "aria-current", "page")) != 1 {
			t.Error("the menu does not lead to the page")
		}
		if els := elements(r.body, "input", "id", "proefrun"); els[0].start > byID(t, r.body, "bestand").start {
			t.Error("the dry-run box comes after the file: a browser would send it too late")
		}

		dry := lead.upload(t, "levering.csv", sampleFile(t), true)
		if dry.status != http.StatusOK || textOf(t, dry.body, "resultaat-kop") != e.t("inlezen.resultaat.proefrun") {
			t.Fatalf("dry run: status %d, %s", dry.status, dry.body)
		}
		counts := texts(inner(dry.body, byID(t, dry.body, "aantallen")), "td")
		if strings.Join(counts, " ") != "12 6 0 0 2 6 4" {
			t.Errorf("dry run counts %v; want 12 read, 6 new, 2 bundled, 6 rejected, 4 outreaches", counts)
		}
		if len(elements(dry.body, "input", "id", "proefrun", "checked", "")) != 1 {
			t.Error("the dry-run box is not kept ticked")
		}
		if ids, _ := s.R().HouseholdsAtAddress(context.Background(), e.actor(wijkregie.RoleTeamLead).MunicipalityID,
			wijkregie.Address{Number: 14, Postcode: "2581BC"}); len(ids) != 0 {
			t.Error("the dry run registered a household")
		}

		real := lead.upload(t, "levering.csv", sampleFile(t), false)
		if real.status != http.StatusOK || textOf(t, real.body, "resultaat-kop") != e.t("inlezen.resultaat.kop") {
			t.Fatalf("import: status %d", real.status)
		}
		rows := texts(inner(real.body, byID(t, real.body, "afgewezen")), "tr")
		want := []string{
			"Regel Kolom Reden",
			"8 achternaam " + e.t("veld.verplicht"),
			"9 geboortedatum " + e.t("veld.datum"),
			"10 bedrag " + e.t("veld.vroeg.bedrag"),
			"11 bsn " + e.t("veld.bsn.elfproef"),
			"12 soortSchuldeiser " + e.t("veld.keuze"),
			"13 referentie " + e.t("veld.inlezen.dubbel", "regel", 2),
		}
		if strings.Join(rows, "\n") != strings.Join(want, "\n") {
			t.Errorf("rejected rows:\n%s\nwant:\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
		}
		for _, content := range []string{"Bakker", "Zeereep", "Mulder", "123456789", "Incassobureau"} {
			if strings.Contains(real.body, content) {
				t.Errorf("the page repeats the file's %q", content)
			}
		}
		if len(elements(real.body, "a", "href", "/vroegsignalering")) == 0 {
			t.Error("no link to the team's outreaches")
		}

		again := lead.upload(t, "levering.csv", sampleFile(t), false)
		if again.status != http.StatusOK || !strings.Contains(textOf(t, again.body, "eerder"), "al eerder aangeleverd") {
			t.Errorf("the same file again: status %d; want it recognised", again.status)
		}
		if counts := texts(inner(again.body, byID(t, again.body, "aantallen")), "td"); strings.Join(counts, " ") != "12 0 0 6 0 6 0" {
			t.Errorf("again: counts %v; want 6 unchanged", counts)
		}

		for _, tc := range []struct {
			name, file, content string
			want                string
		}{
			{"no file", "", "", e.t("veld.inlezen.geen_bestand")},
			{"a spreadsheet", "levering.xlsx", "PK\x03\x04", e.t("veld.inlezen.type")},
			{"commas", "komma.csv", strings.ReplaceAll(sampleFile(t), ";", ","), e.t("veld.inlezen.scheidingsteken")},
			{"an unknown column", "kolom.csv", strings.Replace(sampleFile(t), "postcode;", "pc;", 1), e.t("inlezen.fout.kolom", "kolom", "pc", "melding", e.t("veld.inlezen.kolom_onbekend"))},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := lead.upload(t, tc.file, tc.content, true)
				if r.status != http.StatusUnprocessableEntity {
					t.Fatalf("status %d; want 422", r.status)
				}
				if got := textOf(t, r.body, "bestand-fout"); !strings.Contains(got, tc.want) {
					t.Errorf("beside the field: %q; want %q", got, tc.want)
				}
				if el := byID(t, r.body, "bestand"); el.attrs["aria-invalid"] != "true" || !strings.Contains(el.attrs["aria-describedby"], "bestand-fout") {
					t.Errorf("the field is not marked invalid: %v", el.attrs)
				}
				if len(elements(r.body, "input", "id", "proefrun", "checked", "")) != 1 {
					t.Error("the dry-run box is not kept")
				}
				if len(elements(r.body, "a", "href", "#bestand")) == 0 {
					t.Error("the error summary does not lead to the field")
				}
			})
		}

		if r := e.as(t, wijkregie.RoleAdmin).upload(t, "levering.csv", sampleFile(t), true); r.status != http.StatusOK {
			t.Errorf("beheer's upload: %d; want 200", r.status)
		}
		pro := e.as(t, wijkregie.RoleProfessional)
		if r := pro.get(t, "/vroegsignalering/inlezen"); r.status != http.StatusForbidden {
			t.Errorf("a professional's form: %d; want 403", r.status)
		}
		if r := pro.upload(t, "levering.csv", sampleFile(t), false); r.status != http.StatusForbidden {
			t.Errorf("a professional's upload: %d; want 403", r.status)
		}
		if r := pro.get(t, "/"); len(elements(r.body, "a", "href", "/vroegsignalering/inlezen")) != 0 {
			t.Error("the professional's menu offers the upload")
		}
	})
}

// TestOutreachNotificationInTheInbox: a report on the household of the
// regisseur's open case tells the regisseur in the inbox, in the words of
// the notification kind, with a link to the outreach and nothing of the
// report.
func TestOutreachNotificationInTheInbox(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		ctx := context.Background()
		pro := e.actor(wijkregie.RoleProfessional)
		cs, _, err := e.svc.Cases(ctx, pro, store.CaseFilter{CoordinatorID: pro.UserID, Open: true})
		if err != nil || len(cs) == 0 {
			t.Fatalf("the professional's open cases: %v", err)
		}
		row := app.ArrearsRow{Line: 2, Report: wijkregie.ArrearsReport{CreditorName: "Woonstede Duinhaven", CreditorKind: wijkregie.CreditorHousingCorp,
			Reference: "INBOX-1", Kind: wijkregie.ArrearsPlain, AmountCents: 50000, Terms: 2, Since: time.Now().AddDate(0, -2, 0),
			Debtor: wijkregie.Debtor{Surname: "Inboxproef", BirthDate: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC), Address: cs[0].Address}}}
		if _, err := e.svc.ImportArrears(ctx, e.actor(wijkregie.RoleTeamLead), []app.ArrearsRow{row}, app.ArrearsImport{}); err != nil {
			t.Fatal(err)
		}
		r := e.as(t, wijkregie.RoleProfessional).get(t, "/inbox")
		if r.status != http.StatusOK || !strings.Contains(text(r.body), e.t("inlezen.inbox")) {
			t.Fatalf("inbox: status %d, no outreach notice", r.status)
		}
		links := elements(r.body, "a")
		found := false
		for _, l := range links {
			if strings.HasPrefix(l.attrs["href"], "/vroegsignalering/") && text(inner(r.body, l)) == e.t("inlezen.inbox.bekijken") {
				found = true
			}
		}
		if !found {
			t.Error("the notice does not link to the outreach")
		}
		if strings.Contains(r.body, "Inboxproef") || strings.Contains(r.body, "Woonstede") || strings.Contains(r.body, `href="mailto:"`) {
			t.Error("the notice names the report, or an empty contact")
		}
	})
}
