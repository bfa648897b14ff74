package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/demo"
	"wijkregie/internal/pdf/pdftest"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestRightsPages: the privacy officer's page Verzoeken van betrokkenen —
// in the menu for them only — finds the person by BSN and birth date,
// keeps the input beside an error when recording, records a restriction
// request and decides it (a missing reason beside its field, the choice
// kept); the household page then shows the team the restriction notice,
// and the information notice with its letter and the form recording it
// sent. Other roles get 403 on the privacy officer's pages.
func TestRightsPages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		p, bsn := e.inzageResident(t)
		c := e.as(t, wijkregie.RolePrivacy)

		r := c.get(t, "/rechtenverzoeken")
		if r.status != http.StatusOK || len(elements(r.body, "a", "href", "/rechtenverzoeken", "aria-current", "page")) != 1 {
			t.Fatalf("GET /rechtenverzoeken: %d, or no current menu link", r.status)
		}
		r = c.post(t, "/rechtenverzoeken/zoeken", url.Values{"bsn": {bsn}, "geboortedatum": {"1984-05-17"}})
		if r.status != http.StatusOK || !strings.Contains(text(r.body), "Zoë Inzage") || strings.Contains(r.body, bsn) {
			t.Fatalf("search: %d; want the person, never the full BSN", r.status)
		}
		r = c.post(t, "/rechtenverzoeken", url.Values{"persoon": {p.ID}, "soort": {"beperking"}, "ontvangenOp": {"morgen"}, "verzoek": {"Mijn adres klopt niet"}})
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("bad date: %d", r.status)
		}
		if el := byID(t, r.body, "ontvangenOp"); el.attrs["value"] != "morgen" || el.attrs["aria-invalid"] != "true" {
			t.Errorf("the date after the error: %v", el.attrs)
		}
		if !strings.Contains(r.body, "Mijn adres klopt niet") {
			t.Error("the request's text was not kept")
		}
		r = c.post(t, "/rechtenverzoeken", url.Values{"persoon": {p.ID}, "soort": {"beperking"}, "ontvangenOp": {wijkregie.Today(time.Now()).Format(time.DateOnly)},
			"verzoek": {"Mijn adres klopt niet"}})
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/rechtenverzoeken/") {
			t.Fatalf("record: %d %s", r.status, r.header.Get("Location"))
		}
		if r = c.get(t, r.header.Get("Location")); r.status != http.StatusOK || !strings.Contains(text(r.body), e.t("melding.rechten.vastgelegd")) {
			t.Fatalf("the request's page: %d", r.status)
		}
		list, _, err := s.R().RightsRequests(context.Background(), demo.MunicipalityID, true, store.Page{Limit: 5})
		if err != nil || len(list) != 1 {
			t.Fatalf("requests %v, %v", list, err)
		}
		id := list[0].ID
		r = c.post(t, "/rechtenverzoeken/"+id+"/besluit", url.Values{"versie": {"1"}, "besluit": {"toegewezen"}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(textOf(t, r.body, "reden-fout"), e.t("veld.verplicht")) {
			t.Fatalf("decision without reason: %d", r.status)
		}
		if byID(t, r.body, "besluit").attrs["checked"] == "" && !strings.Contains(r.body, `value="toegewezen" checked`) {
			t.Error("the choice was not kept")
		}
		r = c.post(t, "/rechtenverzoeken/"+id+"/besluit", url.Values{"versie": {"1"}, "besluit": {"toegewezen"}, "reden": {"We kijken het adres na"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("decision: %d", r.status)
		}
		if r = c.get(t, "/rechtenverzoeken/"+id); !strings.Contains(text(r.body), e.t("rechten.knop.opheffen")) {
			t.Error("the decided restriction offers no lifting")
		}

		// The team sees the restriction and the notice due: the resident
		// was registered by the professional, so add a neighbour's signal.
		pro := e.as(t, wijkregie.RoleProfessional)
		hs, err := s.R().PersonHouseholds(context.Background(), demo.MunicipalityID, p.ID)
		if err != nil || len(hs) != 1 {
			t.Fatalf("households %v, %v", hs, err)
		}
		sg := &wijkregie.Signal{MunicipalityID: demo.MunicipalityID, Kind: wijkregie.SignalCareReport, HouseholdID: hs[0], SourceKind: wijkregie.SourceNeighbour,
			ReporterName: "Bep Geheimhouder", AnonymousToFamily: true, Domains: []string{"financien"}, Description: "Zorgen", Urgency: wijkregie.UrgencyNormal,
			ReceivedAt: time.Now(), TriageDeadline: time.Now().AddDate(0, 0, 7), Status: wijkregie.SignalNew, CreatedBy: e.actor(wijkregie.RoleProfessional).UserID}
		if err := s.Tx(context.Background(), func(q *store.Q) error { return q.CreateSignal(context.Background(), sg) }); err != nil {
			t.Fatal(err)
		}
		r = pro.get(t, "/huishoudens/"+hs[0])
		if r.status != http.StatusOK || !strings.Contains(text(r.body), e.t("rechten.beperkt.kop")) || !strings.Contains(text(r.body), e.t("rechten.brief.nodig.kop")) {
			t.Fatalf("household page: %d; want the restriction and the notice", r.status)
		}
		r = pro.get(t, "/personen/"+p.ID+"/informatieverstrekking")
		if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("letter: %d", r.status)
		}
		if doc := pdftest.Read(t, []byte(r.body)); doc.Contains("Geheimhouder") || !doc.Contains("iemand uit de buurt") {
			t.Errorf("the letter:\n%s", doc.AllText())
		}
		form := "/huishoudens/" + hs[0] + "/informatieverstrekking/" + p.ID
		r = pro.post(t, form, url.Values{"verzondenOp": {"2026-01-05"}, "wijze": {""}})
		if r.status != http.StatusUnprocessableEntity || byID(t, r.body, "brief-"+p.ID+"-verzondenOp").attrs["value"] != "2026-01-05" {
			t.Fatalf("notice without a way: %d, or the date not kept", r.status)
		}
		r = pro.post(t, form, url.Values{"verzondenOp": {wijkregie.Today(time.Now()).Format(time.DateOnly)}, "wijze": {"post"}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("after sending: %d", r.status)
		}
		if r = pro.get(t, "/huishoudens/"+hs[0]); strings.Contains(text(r.body), e.t("rechten.brief.nodig.kop")) {
			t.Error("the notice is still due after it was sent")
		}

		for _, role := range []wijkregie.Role{wijkregie.RoleProfessional, wijkregie.RoleTeamLead, wijkregie.RoleAdmin} {
			if r := e.as(t, role).get(t, "/rechtenverzoeken"); r.status != http.StatusForbidden {
				t.Errorf("%s: GET /rechtenverzoeken %d", role, r.status)
			}
		}
	})
}
