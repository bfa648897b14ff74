package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestListFilters: the filters a dashboard figure links to, set by hand on
// each list: a good value narrows the list and says so; a bad one comes
// back as 400 with the message beside its field, the input kept and no
// list shown.
func TestListFilters(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		lead := e.as(t, wijkregie.RoleTeamLead)
		team := e.users[wijkregie.RoleTeamLead].TeamID

		// Good values: the rows are what the filter says.
		r := lead.get(t, "/casussen?"+url.Values{"team": {team}, "niveau": {"licht"}}.Encode())
		if r.status != http.StatusOK || !strings.Contains(textOf(t, r.body, "actieve-filters"), "niveau Licht") {
			t.Fatalf("niveau licht: %d", r.status)
		}
		rows := texts(inner(r.body, byID(t, r.body, "lijst")), "td")
		if len(rows) == 0 {
			t.Fatal("the lead's team has no light cases")
		}
		for i := 1; i < len(rows); i += 5 { // status, niveau, regisseur, team, geopend
			if rows[i] != "Licht" {
				t.Errorf("a case at level %q on the list of licht", rows[i])
			}
		}
		if byID(t, r.body, "filter-niveau").name != "select" || len(elements(r.body, "option", "value", "licht", "selected", "")) != 1 {
			t.Error("the level is not kept in the form")
		}
		now := e.svc.Now()
		for _, c := range []struct{ path, active string }{
			{"/casussen?plan=ja", e.t("casussen.label.plan")},
			{"/casussen?organisaties=5", e.t("casussen.actief.organisaties_of_meer", "aantal", 5)},
			{"/casussen?wijk=2581", e.t("casussen.actief.wijk", "wijk", "2581")},
			{"/casussen?afgesloten-van=2020-01-01&reden=verhuisd", e.t("casussen.actief.reden", "reden", e.t("casus.afsluitreden.verhuisd"))},
			{"/vroegsignalering?termijn-van=" + now.Format(time.DateOnly), ""},
			{"/taken?termijn-tot=" + now.AddDate(0, 0, 7).Format(time.DateOnly), ""},
			{"/triage?te-laat=ja", ""},
			{"/signalen?bron=huisarts", e.t("signalen.actief.bron", "bron", e.t("bron.huisarts"))},
			{"/signalen?besluit=niet-getrieerd", e.t("signalen.besluit.niet-getrieerd")},
			{"/signalen?team=" + team + "&wijk=2581", e.t("casussen.actief.wijk", "wijk", "2581")},
			{"/signalen?ontvangen-van=2020-01-01", e.t("signalen.actief.ontvangen_vanaf", "van", "1 jan. 2020")},
		} {
			r := lead.get(t, c.path)
			if r.status != http.StatusOK {
				t.Errorf("%s: %d", c.path, r.status)
				continue
			}
			checkPage(t, e, c.path, r)
			if c.active != "" && !strings.Contains(textOf(t, r.body, "actieve-filters"), c.active) {
				t.Errorf("%s: the active filters say %q; want %q", c.path, textOf(t, r.body, "actieve-filters"), c.active)
			}
		}
		// The signal list's filters select what the measure of sources
		// counts (TestDrillDownCounts); here, that they narrow: every
		// signal listed for a source is from it. Two signals on a family of
		// the lead's team, from its GP and its school, waiting for triage.
		lt := e.actor(wijkregie.RoleTeamLead)
		hs, _, err := s.R().Households(t.Context(), demo.MunicipalityID, wijkregie.HouseholdScope{TeamID: lt.TeamID}, store.Page{Limit: 1})
		if err != nil || len(hs) == 0 {
			t.Fatalf("a household of the lead's team: %v", err)
		}
		_, persons, err := s.R().HouseholdMembers(t.Context(), demo.MunicipalityID, hs[0].ID)
		if err != nil || len(persons) == 0 {
			t.Fatalf("its members: %v", err)
		}
		for _, src := range []wijkregie.SourceKind{wijkregie.SourceGP, wijkregie.SourceSchool} {
			sig := &wijkregie.Signal{Kind: wijkregie.SignalCareReport, PersonID: persons[0].ID, SourceKind: src,
				Domains: []string{"financien"}, Description: "Zorgen over de post die blijft liggen.", Urgency: wijkregie.UrgencyNormal}
			if err := e.svc.CreateSignal(t.Context(), lt, sig, nil); err != nil {
				t.Fatal(err)
			}
		}
		all, waiting := listRows(t, e, lead, "/signalen"), listRows(t, e, lead, "/signalen?bron=huisarts&besluit=niet-getrieerd")
		if waiting == 0 || waiting >= all {
			t.Errorf("the GP's signals waiting for triage: %d of %d", waiting, all)
		}
		gp := lead.get(t, "/signalen?bron=huisarts&besluit=niet-getrieerd")
		for _, a := range elements(inner(gp.body, byID(t, gp.body, "lijst")), "a") {
			if id, ok := strings.CutPrefix(a.attrs["href"], "/signalen/"); ok {
				sg, err := s.R().Signal(t.Context(), demo.MunicipalityID, id)
				if err != nil || sg.SourceKind != wijkregie.SourceGP {
					t.Errorf("signal %s on the GP's list: %v, %v", id, sg, err)
				}
			}
		}

		// A closure filter lists closed cases: the status says so.
		r = lead.get(t, "/casussen?afgesloten-van=2020-01-01")
		if len(elements(r.body, "option", "value", "alle", "selected", "")) != 1 {
			t.Error("a closure filter leaves the status at open")
		}

		// Bad values: beside the field, kept, no list.
		for _, c := range []struct {
			path, field, kept string
		}{
			{"/casussen?niveau=zwaar", "filter-niveau", ""},
			{"/casussen?wijk=25", "filter-wijk", "25"},
			{"/casussen?organisaties=9", "filter-organisaties", ""},
			{"/casussen?organisaties=twee", "filter-organisaties", ""},
			{"/casussen?plan=misschien", "filter-plan", ""},
			{"/casussen?afgesloten-van=2026-13-01", "filter-afgesloten-van", "2026-13-01"},
			{"/casussen?afgesloten-van=2026-03-31&afgesloten-tot=2026-03-01", "filter-afgesloten-tot", "2026-03-01"},
			{"/casussen?reden=onbekend", "filter-reden", ""},
			{"/triage?te-laat=misschien", "filter-te-laat", ""},
			{"/vroegsignalering?termijn-van=gisteren", "filter-termijn-van", "gisteren"},
			{"/vroegsignalering?status=te-laat&termijn-van=2026-03-31&termijn-tot=2026-03-01", "filter-termijn-tot", "2026-03-01"},
			{"/taken?termijn-tot=31-02-2026", "filter-termijn-tot", "31-02-2026"},
			{"/taken?termijn-van=2026-03-31&termijn-tot=2026-03-01", "filter-termijn-tot", "2026-03-01"},
			{"/signalen?bron=buren", "filter-bron", ""},
			{"/signalen?besluit=misschien", "filter-besluit", ""},
			{"/signalen?team=geen-team", "filter-team", ""},
			{"/signalen?wijk=25", "filter-wijk", "25"},
			{"/signalen?ontvangen-van=gisteren", "filter-ontvangen-van", "gisteren"},
			{"/signalen?ontvangen-van=2026-03-31&ontvangen-tot=2026-03-01", "filter-ontvangen-tot", "2026-03-01"},
		} {
			r := lead.get(t, c.path)
			if r.status != http.StatusBadRequest {
				t.Errorf("%s: %d; want 400", c.path, r.status)
				continue
			}
			checkPage(t, e, c.path, r)
			if textOf(t, r.body, c.field+"-fout") == "" || len(elements(r.body, "div", "role", "alert")) != 1 {
				t.Errorf("%s: no error beside %s", c.path, c.field)
			}
			if el := byID(t, r.body, c.field); el.attrs["aria-invalid"] != "true" && el.attrs["type"] != "checkbox" {
				t.Errorf("%s: %s is not marked invalid", c.path, c.field)
			}
			if c.kept != "" && byID(t, r.body, c.field).attrs["value"] != c.kept {
				t.Errorf("%s: the input %q is not kept: %q", c.path, c.kept, byID(t, r.body, c.field).attrs["value"])
			}
			if n := len(elements(inner(r.body, byID(t, r.body, "lijst")), "table")); n != 0 {
				t.Errorf("%s: a list is shown beside the error", c.path)
			}
		}
		// The status of the outreach list is kept with a bad day.
		r = lead.get(t, "/vroegsignalering?status=te-laat&termijn-van=gisteren")
		if len(elements(r.body, "input", "type", "hidden", "name", "status", "value", "te-laat")) != 1 {
			t.Error("the outreach tab is not kept with a bad day")
		}
		// An htmx request for the list alone loads the whole page, where
		// the error stands beside its field.
		r = lead.get(t, "/casussen?wijk=25", "HX-Request", "true", "HX-Target", "lijst")
		if r.status != http.StatusBadRequest || r.header.Get("HX-Redirect") != "/casussen?wijk=25" {
			t.Errorf("htmx with a bad wijk: %d, HX-Redirect %q", r.status, r.header.Get("HX-Redirect"))
		}
	})
}
