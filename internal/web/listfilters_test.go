package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"wijkregie"
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
