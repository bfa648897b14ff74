package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestCapacityPage: the lead opens the team's capacity from the workload
// dashboard, gets one labelled field per professional of the own team,
// and a bad value comes back beside its field with every input kept and
// nothing saved; good values are saved and shown, in the page and in the
// workload's caseload tables (capacity, bezetting, the summary). Nobody
// but a lead opens it.
func TestCapacityPage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		e := newEnv(t, s)
		testdb.ClearCapacities(t, s, e.actor(wijkregie.RoleTeamLead).MunicipalityID, e.actor(wijkregie.RoleTeamLead).TeamID)
		lead := e.as(t, wijkregie.RoleTeamLead)
		leadActor := e.actor(wijkregie.RoleTeamLead)

		// From the workload dashboard, beside the caseloads.
		r := lead.get(t, "/dashboard/werklast")
		block := inner(r.body, byID(t, r.body, "tabel-caseload-per-medewerker-blok"))
		if len(elements(block, "a", "href", "/team/capaciteit")) != 1 {
			t.Error("the caseload per professional has no link to the capacity page")
		}
		if got := textOf(t, r.body, "tabel-caseload-per-medewerker-samenvatting"); !strings.Contains(got, "capaciteit niet vastgelegd") &&
			!strings.Contains(got, e.t("capaciteit.samenvatting.geen_vastgelegd")) {
			t.Errorf("the summary does not say the capacity is not set: %q", got)
		}

		r = lead.get(t, "/team/capaciteit")
		if r.status != http.StatusOK {
			t.Fatalf("GET /team/capaciteit = %d", r.status)
		}
		checkPage(t, e, "/team/capaciteit", r)
		tc, err := e.svc.TeamCapacity(ctx, leadActor, leadActor.TeamID)
		if err != nil {
			t.Fatal(err)
		}
		if len(tc.Members) < 3 {
			t.Fatalf("the demo team has %d members; the test needs 3", len(tc.Members))
		}
		inputs := elements(r.body, "input", "inputmode", "decimal")
		if len(inputs) != len(tc.Members) {
			t.Fatalf("%d fields for %d professionals", len(inputs), len(tc.Members))
		}
		for i, m := range tc.Members {
			id := "uren-" + m.User.ID
			if inputs[i].attrs["id"] != id || inputs[i].attrs["value"] != "" {
				t.Errorf("field %d: %v; want %s, empty", i, inputs[i].attrs, id)
			}
			if got := texts(r.body, "label"); !contains(got, e.t("capaciteit.label", "naam", m.User.Name)) {
				t.Errorf("no label for %s in %q", m.User.Name, got)
			}
			if !strings.Contains(textOf(t, r.body, id+"-hint"), e.t("capaciteit.nu_niet")) {
				t.Errorf("%s's hint %q does not say it is not set", m.User.Name, textOf(t, r.body, id+"-hint"))
			}
		}
		if !strings.Contains(textOf(t, r.body, "capaciteit-norm"), "36 uur") {
			t.Errorf("the norm %q", textOf(t, r.body, "capaciteit-norm"))
		}

		// Bad values: beside their fields, every input kept, nothing saved.
		a, b, c := "uren-"+tc.Members[0].User.ID, "uren-"+tc.Members[1].User.ID, "uren-"+tc.Members[2].User.ID
		form := url.Values{a: {"-4"}, b: {"twaalf"}, c: {"32,5"}}
		r = lead.post(t, "/team/capaciteit", form)
		checkInvalidPage(t, e, "bad hours", r)
		checkFieldError(t, e, r, a, "veld.capaciteit.bereik")
		checkFieldError(t, e, r, b, "veld.capaciteit.getal")
		for name, want := range map[string]string{a: "-4", b: "twaalf", c: "32,5"} {
			if got := value(t, r.body, name); got != want {
				t.Errorf("%s kept %q; want %q", name, got, want)
			}
		}
		if byID(t, r.body, c).has("aria-invalid") {
			t.Error("the good field is marked invalid")
		}
		if got, _ := e.svc.TeamCapacity(ctx, leadActor, leadActor.TeamID); got.Member(tc.Members[2].User.ID).Capacity != nil {
			t.Error("a good value was saved beside bad ones")
		}
		// A quarter hour, and someone of another team.
		other := "uren-" + e.users[wijkregie.RolePolicy].ID
		r = lead.post(t, "/team/capaciteit", url.Values{a: {"20,25"}, other: {"8"}})
		checkInvalidPage(t, e, "a quarter hour", r)
		checkFieldError(t, e, r, a, "veld.capaciteit.halve_uren")
		if !strings.Contains(textOf(t, r.body, "inhoud"), e.t("veld.capaciteit.geen_teamlid")) {
			t.Error("the stranger's refusal is not said")
		}

		// Good values: saved, said, shown.
		r = lead.post(t, "/team/capaciteit", url.Values{a: {"36"}, b: {"18"}, c: {""}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/team/capaciteit" {
			t.Fatalf("saving = %d to %q", r.status, r.header.Get("Location"))
		}
		r = lead.get(t, "/team/capaciteit")
		if !strings.Contains(r.body, e.t("melding.capaciteit.opgeslagen")) || value(t, r.body, a) != "36" || value(t, r.body, b) != "18" || value(t, r.body, c) != "" {
			t.Errorf("after saving: %q %q %q", value(t, r.body, a), value(t, r.body, b), value(t, r.body, c))
		}
		if got := textOf(t, r.body, a+"-hint"); !strings.Contains(got, "Nu 36 uur (1,00 fte), vastgelegd door") {
			t.Errorf("%s's hint %q", a, got)
		}
		if r := lead.post(t, "/team/capaciteit", url.Values{a: {"36,0"}}); r.status != http.StatusSeeOther {
			t.Errorf("saving the same = %d", r.status)
		} else if r := lead.get(t, "/team/capaciteit"); !strings.Contains(r.body, e.t("melding.capaciteit.ongewijzigd")) {
			t.Error("saving the same does not say nothing changed")
		}

		// The workload's caseload tables show the hours and the bezetting.
		r = lead.get(t, "/dashboard/werklast")
		wl, err := e.svc.WorkloadReport(ctx, leadActor, app.ReportQuery{})
		if err != nil {
			t.Fatal(err)
		}
		wl.Label(e.cat, "nl")
		checkDashboardTables(t, r.body, wl)
		per := tableOf(t, wl, "caseload-per-medewerker")
		var row wijkregie.TableRow
		for _, rw := range per.Rows {
			if rw.Key == tc.Members[0].User.ID {
				row = rw
			}
		}
		if len(row.Cells) != 8 || row.Cells[5].Display() != "36,0" || row.Cells[6].Display() != "1,00" || !row.Cells[7].Shown() {
			t.Errorf("%s's row: %v", tc.Members[0].User.Name, row.Cells)
		}
		if got := textOf(t, r.body, "tabel-caseload-per-medewerker-samenvatting"); !strings.Contains(got, "De hoogste bezetting heeft") {
			t.Errorf("the summary does not name the highest bezetting: %q", got)
		}
		if got := textOf(t, r.body, "tabel-caseload-per-team-samenvatting"); !strings.Contains(got, "De capaciteit is niet bekend") && len(tc.Members) > 3 {
			t.Errorf("the team's summary does not say its capacity is unknown: %q", got)
		}

		// Nobody else opens or posts it.
		for _, role := range []wijkregie.Role{wijkregie.RoleProfessional, wijkregie.RoleAdmin, wijkregie.RolePolicy, wijkregie.RoleInspection} {
			c := e.as(t, role)
			if r := c.get(t, "/team/capaciteit"); r.status != http.StatusForbidden {
				t.Errorf("%s opens the page: %d", role, r.status)
			}
			if r := c.post(t, "/team/capaciteit", url.Values{a: {"1"}}); r.status != http.StatusForbidden {
				t.Errorf("%s posts: %d", role, r.status)
			}
		}
		if got, _ := e.svc.TeamCapacity(ctx, leadActor, leadActor.TeamID); got.Member(tc.Members[0].User.ID).Capacity.Minutes != 36*60 {
			t.Error("a refused post changed the hours")
		}
	})
}

// TestCapacitySettings: beheer sets the hours of a full-time week and the
// norm per FTE with the other settings; a value out of range comes back
// beside its field, kept; the team reads them.
func TestCapacitySettings(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		testdb.ClearCapacities(t, s, e.actor(wijkregie.RoleTeamLead).MunicipalityID, e.actor(wijkregie.RoleTeamLead).TeamID)
		admin := e.as(t, wijkregie.RoleAdmin)
		r := admin.get(t, "/instellingen")
		form := url.Values{}
		for _, in := range elements(r.body, "input") {
			form.Set(in.attrs["name"], in.attrs["value"])
		}
		if form.Get("urenPerFte") != "36" || form.Get("normPerFte") != "30" {
			t.Fatalf("the capacity defaults in the form: %q, %q", form.Get("urenPerFte"), form.Get("normPerFte"))
		}
		form.Set("urenPerFte", "41")
		form.Set("normPerFte", "veertig")
		r = admin.post(t, "/instellingen", form)
		checkInvalidPage(t, e, "bad capacity settings", r)
		checkFieldError(t, e, r, "urenPerFte", "veld.capaciteit.uren_per_fte")
		checkFieldError(t, e, r, "normPerFte", "veld.capaciteit.norm_per_fte")
		if value(t, r.body, "urenPerFte") != "41" || value(t, r.body, "normPerFte") != "veertig" {
			t.Error("the settings form lost the input")
		}
		form.Set("urenPerFte", "38")
		form.Set("normPerFte", "40")
		if r = admin.post(t, "/instellingen", form); r.status != http.StatusSeeOther {
			t.Fatalf("saving = %d; want 303", r.status)
		}
		r = e.as(t, wijkregie.RoleTeamLead).get(t, "/instellingen")
		if got := textOf(t, r.body, "capaciteit"); !strings.Contains(got, "38 uur") || !strings.Contains(got, "40 punten") {
			t.Errorf("the lead reads the norm %q", got)
		}
		if r = e.as(t, wijkregie.RoleTeamLead).get(t, "/team/capaciteit"); !strings.Contains(textOf(t, r.body, "capaciteit-norm"), "38 uur") {
			t.Errorf("the capacity page's norm %q", textOf(t, r.body, "capaciteit-norm"))
		}
	})
}
