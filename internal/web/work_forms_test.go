package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"wijkregie"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// TestWorkForms posts the work pages' forms without a browser, on both
// stores: bad input comes back beside its field with the input kept and a
// 4xx status, a stale version is a conflict, and good input lands.
func TestWorkForms(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		e := newEnv(t, s)
		wc := e.workCases(t)
		pro := e.as(t, wijkregie.RoleProfessional)

		t.Run("extension without reason", func(t *testing.T) {
			task := e.newTask(t, wijkregie.RoleProfessional, wc.fresh, wijkregie.TaskEvaluation, dueOn(2), true)
			path := "/taken/" + task.ID
			r := pro.post(t, path+"/verlengen", url.Values{"versie": {"1"}, "nieuweDatum": {day(20)}, "reden": {""}})
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("extension without reason = %d; want 422", r.status)
			}
			wantFieldError(t, e, r.body, "verlengen-reden", "veld.taak.reden")
			if got := byID(t, r.body, "verlengen-nieuweDatum").attrs["value"]; got != day(20) {
				t.Errorf("new date after the error = %q; want %q kept", got, day(20))
			}
			if len(elements(r.body, "a", "href", "#verlengen-reden")) != 1 {
				t.Error("the error summary does not link to the reason")
			}
			// Neither is a suspension without one.
			r = pro.post(t, path+"/opschorten", url.Values{"versie": {"1"}, "reden": {" "}})
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("suspension without reason = %d; want 422", r.status)
			}
			wantFieldError(t, e, r.body, "opschorten-reden", "veld.taak.reden")

			// With a reason the term moves, and its history says why.
			const why = "Wachten op het verslag van de GGZ."
			r = pro.post(t, path+"/verlengen", url.Values{"versie": {"1"}, "nieuweDatum": {day(20)}, "reden": {why}})
			if r.status != http.StatusSeeOther || r.header.Get("Location") != path {
				t.Fatalf("extension = %d to %q; want 303 to the task", r.status, r.header.Get("Location"))
			}
			r = pro.get(t, path)
			rows := rowsOf(t, r.body, "termijn-bijschrift")
			if len(rows) != 1 || !strings.Contains(rows[0], e.t("taak.gebeurtenis.verlengd")) || !strings.Contains(rows[0], why) {
				t.Errorf("term history = %q; want the extension with its reason", rows)
			}
			if got := textOf(t, r.body, "taak"); !strings.Contains(got, e.t("taak.wettelijk")) {
				t.Errorf("task details %q do not say it is a legal term", got)
			}
			// The form still holds version 1: someone else's change.
			r = pro.post(t, path+"/verlengen", url.Values{"versie": {"1"}, "nieuweDatum": {day(30)}, "reden": {why}})
			if r.status != http.StatusConflict || !strings.Contains(text(r.body), e.t("fout.taak.gewijzigd")) {
				t.Errorf("a stale extension = %d; want 409 with %q", r.status, e.t("fout.taak.gewijzigd"))
			}
		})

		t.Run("closure without reason", func(t *testing.T) {
			path := "/casussen/" + wc.planned + "/afsluiten"
			form := url.Values{"versie": {e.caseVersion(t, wc.planned)}, "reden": {""}, "kanZonderHulp": {"ja"}, "problemenVerminderd": {"deels"},
				"doelenBereikt": {"nee"}, "waardering": {"8"}, "opmerking": {"Fijn geholpen."}, "samenvatting": {"Het gezin redt het zelf."}}
			pv, err := e.svc.Plan(context.Background(), e.actor(wijkregie.RoleProfessional), wc.planned)
			if err != nil {
				t.Fatal(err)
			}
			var open []string
			for _, g := range pv.Plan.Goals {
				if g.Status == wijkregie.GoalOpen {
					open = append(open, "doelen["+g.ID+"].status")
				}
			}
			form.Set(open[0], string(wijkregie.GoalPartlyMet))
			r := pro.post(t, path, form)
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("closure without reason = %d; want 422", r.status)
			}
			wantFieldError(t, e, r.body, "reden", "veld.afsluiting.reden")
			for i, name := range open {
				sel := byID(t, r.body, name)
				kept := len(elements(inner(r.body, sel), "option", "value", string(wijkregie.GoalPartlyMet), "selected", "")) == 1
				switch {
				case i == 0 && (!kept || fieldError(r.body, name) != ""):
					t.Errorf("goal %s: status kept %v, message %q; want it kept and unmarked", name, kept, fieldError(r.body, name))
				case i > 0:
					wantFieldError(t, e, r.body, name, "veld.afsluiting.doel")
				}
			}
			if !isChecked(t, r.body, "kanZonderHulp") || !isChecked(t, r.body, "problemenVerminderd-deels") || !isChecked(t, r.body, "doelenBereikt-nee") {
				t.Error("the outcome answers were not kept")
			}
			if got := byID(t, r.body, "waardering").attrs["value"]; got != "8" {
				t.Errorf("rating after the error = %q; want 8", got)
			}
			if got := textOf(t, r.body, "samenvatting"); got != "Het gezin redt het zelf." {
				t.Errorf("summary after the error = %q", got)
			}
			// A rating outside 1–10.
			form.Set("reden", wijkregie.ClosureGoalsMet)
			form.Set("waardering", "11")
			r = pro.post(t, path, form)
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("closure with rating 11 = %d; want 422", r.status)
			}
			wantFieldError(t, e, r.body, "waardering", "veld.afsluiting.waardering")
			if fieldError(r.body, "reden") != "" {
				t.Error("the reason given is still marked")
			}
			if c, err := e.svc.Case(context.Background(), e.actor(wijkregie.RoleProfessional), wc.planned); err != nil || !c.Case.Open() {
				t.Errorf("the case after two refused closures: %v, open %v", err, err == nil && c.Case.Open())
			}
			// Complete, it closes; the regisseur, no longer involved, goes
			// on with their tasks, and the lead reads the outcome.
			form.Set("waardering", "")
			for _, name := range open {
				form.Set(name, string(wijkregie.GoalNotMet))
			}
			r = pro.post(t, path, form)
			if r.status != http.StatusSeeOther || r.header.Get("Location") != "/taken" {
				t.Fatalf("closure = %d to %q; want 303 to /taken\n%s", r.status, r.header.Get("Location"), text(r.body))
			}
			r = e.as(t, wijkregie.RoleTeamLead).get(t, "/casussen/"+wc.planned)
			if got := textOf(t, r.body, "uitkomst"); !strings.Contains(got, e.t("casus.afsluitreden.doelen-bereikt")) || !strings.Contains(got, e.t("werk.uitkomst.geen_cijfer")) {
				t.Errorf("the closed case's outcome reads %q", got)
			}
			if r = pro.post(t, path, form); r.status != http.StatusNotFound && r.status != http.StatusConflict {
				t.Errorf("closing it again = %d; want a refusal", r.status)
			}
		})

		t.Run("meldcode step out of order", func(t *testing.T) {
			e.toSafety(t, wc.fresh)
			path := "/casussen/" + wc.fresh + "/meldcode"
			r := pro.post(t, path+"/stap", url.Values{"versie": {e.routeVersion(t, wc.fresh)}, "stap": {"3"}, "datum": {day(0)},
				"toelichting": {"Gesprek met moeder gevoerd."}})
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("step 3 before step 1 = %d; want 422", r.status)
			}
			wantFieldError(t, e, r.body, "stap-stap", "veld.meldcode.volgorde")
			if got := textOf(t, r.body, "stap-toelichting"); got != "Gesprek met moeder gevoerd." {
				t.Errorf("rationale after the error = %q; want it kept", got)
			}
			// The form offers the step that is due.
			if got := elements(r.body, "input", "name", "stap")[0].attrs["value"]; got != "1" {
				t.Errorf("the step form posts step %s; want 1", got)
			}
			// A question before steps 1–3 is not asked, nor answered.
			if len(elements(r.body, "", "id", "vraag-tekst")) != 0 {
				t.Error("the afwegingskader asks a question before step 3")
			}
			r = pro.post(t, path+"/vraag", url.Values{"versie": {e.routeVersion(t, wc.fresh)}, "vraag": {"1"}, "antwoord": {"ja"},
				"datum": {day(0)}, "toelichting": {"Blauwe plekken gezien."}})
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("a question before step 3 = %d; want 422", r.status)
			}
			wantFieldError(t, e, r.body, "vraag-vraag", "veld.meldcode.stappen_eerst")
			// Without a yes or no, a question has no answer.
			r = pro.post(t, path+"/vraag", url.Values{"versie": {e.routeVersion(t, wc.fresh)}, "vraag": {"1"}, "datum": {day(0)}, "toelichting": {"x"}})
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("a question without an answer = %d; want 422", r.status)
			}
			// Step 1 in order lands.
			r = pro.post(t, path+"/stap", url.Values{"versie": {e.routeVersion(t, wc.fresh)}, "stap": {"1"}, "datum": {day(0)},
				"toelichting": {"Signalen van school en politie op een rij gezet."}})
			if r.status != http.StatusSeeOther {
				t.Fatalf("step 1 = %d; want 303", r.status)
			}
			r = pro.get(t, path)
			if got := elements(r.body, "input", "name", "stap")[0].attrs["value"]; got != "2" {
				t.Errorf("after step 1 the form posts step %s; want 2", got)
			}
		})

		t.Run("journal note", func(t *testing.T) {
			path := "/casussen/" + wc.fresh + "/journaal"
			r := pro.post(t, path, url.Values{"soort": {"contact"}, "contactvorm": {""}, "datum": {day(0)}, "tekst": {"Huisbezoek, moeder was er."},
				"zichtbaarheid": {"team"}})
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("a contact without its mode = %d; want 422", r.status)
			}
			wantFieldError(t, e, r.body, "contactvorm", "veld.keuze")
			if got := textOf(t, r.body, "tekst"); got != "Huisbezoek, moeder was er." || !isChecked(t, r.body, "zichtbaarheid-team") {
				t.Errorf("input after the error: text %q, visibility team %v", got, isChecked(t, r.body, "zichtbaarheid-team"))
			}
			// A progress note drops a mode chosen before.
			r = pro.post(t, path, url.Values{"soort": {"voortgang"}, "contactvorm": {"telefoon"}, "datum": {day(0)}, "tekst": {"Schuldhulp is gestart."},
				"zichtbaarheid": {"betrokkenen"}})
			if r.status != http.StatusSeeOther {
				t.Fatalf("a progress note = %d; want 303\n%s", r.status, text(r.body))
			}
			r = pro.get(t, path)
			rows := rowsOf(t, r.body, "journaal-bijschrift")
			if len(rows) == 0 || !strings.Contains(rows[0], "Schuldhulp is gestart.") || !strings.Contains(rows[0], e.t("zichtbaarheid.betrokkenen")) ||
				strings.Contains(rows[0], e.t("contactvorm.telefoon")) {
				t.Errorf("journal rows = %q; want the new progress note first, for everyone involved, without a mode", rows)
			}
		})

		t.Run("settings", func(t *testing.T) {
			admin := e.as(t, wijkregie.RoleAdmin)
			r := admin.get(t, "/instellingen")
			form := url.Values{}
			for _, in := range elements(r.body, "input") {
				form.Set(in.attrs["name"], in.attrs["value"])
			}
			if form.Get("geenContactWeken") != "6" || form.Get("meldcodeStapTermijn") != "5" {
				t.Fatalf("settings form holds %q weeks, %q days; want the defaults 6 and 5", form.Get("geenContactWeken"), form.Get("meldcodeStapTermijn"))
			}
			form.Set("geenContactWeken", "27")
			form.Set("meldcodeStapTermijn", "10")
			r = admin.post(t, "/instellingen", form)
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("27 weeks = %d; want 422", r.status)
			}
			wantFieldError(t, e, r.body, "geenContactWeken", "veld.bereik_1_26")
			if got := byID(t, r.body, "meldcodeStapTermijn").attrs["value"]; got != "10" {
				t.Errorf("Meldcode days after the error = %q; want 10 kept", got)
			}
			form.Set("geenContactWeken", "4")
			if r = admin.post(t, "/instellingen", form); r.status != http.StatusSeeOther {
				t.Fatalf("saving the settings = %d; want 303", r.status)
			}
			set, err := e.svc.Settings(context.Background(), e.actor(wijkregie.RoleAdmin))
			if err != nil || set.NoContactWeeks != 4 || set.MeldcodeStepDays != 10 {
				t.Errorf("settings saved: %d weeks, %d days (%v); want 4 and 10", set.NoContactWeeks, set.MeldcodeStepDays, err)
			}
			r = e.as(t, wijkregie.RoleTeamLead).get(t, "/instellingen")
			if got := textOf(t, r.body, "werk"); !strings.Contains(got, e.t("instellingen.weken", "aantal", 4)) ||
				!strings.Contains(got, e.t("instellingen.meldcode_werkdagen", "aantal", strconv.Itoa(10))) {
				t.Errorf("the team reads the settings as %q", got)
			}
		})
	})
}
