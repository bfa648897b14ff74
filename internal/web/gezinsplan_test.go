package web_test

import (
	"context"
	"mime"
	"net/http"
	"strings"
	"testing"

	"wijkregie"
	"wijkregie/internal/demo"
	"wijkregie/internal/pdf/pdftest"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestPrintPlanPage: the plan page links to the gezinsplan; the link
// downloads the current version as a PDF attachment whose name holds the
// case and the version, never the family; the PDF holds the plan as the
// regisseur saved it with the signature lines. A partner involved with
// the family is refused, a professional outside the case does not find
// it, a case without a plan answers the Dutch 404 page saying so; every
// print is in the audit log as an export.
func TestPrintPlanPage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		ctx := context.Background()
		c := newWorkedCase(t, e, 904)
		pro := e.as(t, wijkregie.RoleProfessional)
		page, pdfPath := "/casussen/"+c.id+"/plan", "/casussen/"+c.id+"/plan/gezinsplan.pdf"

		// Before there is a plan: no link, and the address says so.
		if r := pro.get(t, page); len(elements(r.body, "a", "href", pdfPath)) != 0 {
			t.Error("the plan page links to a gezinsplan before there is a plan")
		}
		r := pro.get(t, pdfPath)
		if r.status != http.StatusNotFound || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") ||
			!strings.Contains(text(r.body), e.t("fout.gezinsplan.geen_plan")) {
			t.Errorf("GET %s without a plan = %d %s: %.200s; want the 404 page saying there is no plan", pdfPath, r.status,
				r.header.Get("Content-Type"), text(r.body))
		}

		if r := pro.post(t, page, planForm("0")); r.status != http.StatusSeeOther {
			t.Fatalf("saving the plan: %d", r.status)
		}
		r = pro.get(t, page)
		checkPage(t, e, page, r)
		links := elements(r.body, "a", "href", pdfPath)
		if len(links) != 1 || !strings.Contains(text(inner(r.body, links[0])), e.t("gezinsplan.link")) || !links[0].has("download") {
			t.Fatalf("the plan page has %d links to the gezinsplan; want one, named %q, downloading", len(links), e.t("gezinsplan.link"))
		}

		r = pro.get(t, pdfPath)
		if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/pdf" || r.header.Get("Cache-Control") != "no-store" {
			t.Fatalf("GET %s = %d, %s, %s", pdfPath, r.status, r.header.Get("Content-Type"), r.header.Get("Cache-Control"))
		}
		disp, params, err := mime.ParseMediaType(r.header.Get("Content-Disposition"))
		if err != nil || disp != "attachment" || params["filename"] != "gezinsplan-"+c.id+"-v1.pdf" {
			t.Errorf("Content-Disposition %q; want an attachment gezinsplan-%s-v1.pdf", r.header.Get("Content-Disposition"), c.id)
		}
		doc := pdftest.Read(t, []byte(r.body))
		all := strings.Join(strings.Fields(doc.AllText()), " ")
		for _, want := range []string{"Gezinsplan", "Sanne Proef", "Noor Proef", "Proefstraat 904", "De huur wordt elke maand betaald.",
			"Drie maanden op rij op tijd betaald.", "Betalingsregeling afspreken", "Sanne met de regisseur", "Volgende evaluatie:",
			"Ondertekening", "Sanne Proef (ouder)", e.users[wijkregie.RoleProfessional].Name + " (regisseur)", "Handtekening"} {
			if !strings.Contains(all, want) {
				t.Errorf("the gezinsplan does not show %q", want)
			}
		}

		// Every print is an export on the case in the audit log.
		recs, _, err := s.R().Audit(ctx, demo.MunicipalityID, store.AuditFilter{UserID: e.users[wijkregie.RoleProfessional].ID,
			Kind: wijkregie.KindExport, Page: store.Page{Limit: 50}})
		if err != nil {
			t.Fatal(err)
		}
		prints := 0
		for _, rec := range recs {
			if rec.Action == "gezinsplan.afdrukken" && rec.SubjectID == c.id && rec.Result == wijkregie.AuditAllowed {
				prints++
			}
		}
		if prints != 3 { // the case, the parent and the child
			t.Errorf("%d export records of the print; want 3 (the case and each member)", prints)
		}

		// A partner involved with the family: refused, as the plan page is.
		if _, err := e.svc.AddParty(ctx, e.actor(wijkregie.RoleProfessional), c.id,
			&wijkregie.Party{UserID: e.users[wijkregie.RolePartner].ID, Role: wijkregie.PartyCaseWorker}); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			who  string
			c    *client
			want int
		}{
			{"the partner involved", e.as(t, wijkregie.RolePartner), http.StatusForbidden},
			{"another team's professional", e.asUser(t, "y.tahiri@duinhaven.example"), http.StatusNotFound},
			{"beheer", e.as(t, wijkregie.RoleAdmin), http.StatusForbidden},
			{"the team lead", e.as(t, wijkregie.RoleTeamLead), http.StatusOK},
		} {
			r := tt.c.get(t, pdfPath)
			if r.status != tt.want {
				t.Errorf("%s: GET %s = %d; want %d", tt.who, pdfPath, r.status, tt.want)
			}
			if tt.want != http.StatusOK && (strings.Contains(r.body, "Drie maanden") || r.header.Get("Content-Type") == "application/pdf") {
				t.Errorf("%s: the refusal shows the plan", tt.who)
			}
		}
	})
}
