package api_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/api"
)

// tasks reads a whole task list (one page of 200) through get.
func tasks(t *testing.T, r *response) []api.Taak {
	t.Helper()
	var l api.List[api.Taak]
	r.want(t, http.StatusOK).decode(t, &l)
	if l.Paginering.Totaal != len(l.Resultaten) {
		t.Fatalf("%d tasks on one page of %d", l.Paginering.Totaal, len(l.Resultaten))
	}
	return l.Resultaten
}

// endOf is the end of the day of a body's date, when a term on it runs
// out.
func endOf(t *testing.T, date string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		t.Fatal(err)
	}
	return wijkregie.EndOfDay(d).UTC()
}

// evaluationTask finds the plan's evaluation task in the regisseur's
// Mijn taken, due at the end of the evaluation date, and works its term:
// an extension needs a reason and If-Match, a suspension stops the clock
// and resuming starts it again, each change in the task's history. Only
// those the task is for (and the team lead) see it, in the list or alone.
func (w *work) evaluationTask() {
	t := w.t
	r := w.do(pro, "GET", "/api/v1/taken?soort=evaluatie&paginaGrootte=200", nil)
	w.conforms(t, r, "TaakLijst")
	var task *api.Taak
	for _, tk := range tasks(t, r) {
		if tk.Soort != "evaluatie" {
			t.Errorf("?soort=evaluatie lists a %s task", tk.Soort)
		}
		if tk.Casus != nil && *tk.Casus == w.fam.kase {
			task = &tk
		}
	}
	if task == nil {
		t.Fatal("the plan's evaluation date made no task in the regisseur's Mijn taken")
	}
	w.evalTask, w.evalDate = task.ID, day(42)
	if task.Medewerker == nil || *task.Medewerker != w.users[pro].ID || !task.Uiterlijk.Equal(endOf(t, w.evalDate)) || task.TeLaat ||
		task.Huishouden == nil || *task.Huishouden != w.fam.household || task.Adres == nil || task.Adres.Straat != "Planstraat" ||
		task.Omschrijving != "Evaluatie van het plan" {
		t.Errorf("evaluation task %+v; want the regisseur's, due at the end of %s, at the family's address", task, w.evalDate)
	}
	// The lead sees the team's tasks; overdue first, then by due moment.
	all := tasks(t, w.do(lead, "GET", "/api/v1/taken?paginaGrootte=200", nil))
	if !slices.ContainsFunc(all, func(tk api.Taak) bool { return tk.ID == task.ID }) {
		t.Error("the team lead's Mijn taken lacks the team's evaluation task")
	}
	for i := 1; i < len(all); i++ {
		a, b := all[i-1], all[i]
		if !a.TeLaat && b.TeLaat || a.TeLaat == b.TeLaat && b.Uiterlijk.Before(a.Uiterlijk) {
			t.Errorf("tasks out of order at %d: %s (te laat %v) before %s (te laat %v)", i, a.Uiterlijk, a.TeLaat, b.Uiterlijk, b.TeLaat)
		}
	}
	for _, tk := range tasks(t, w.do(lead, "GET", "/api/v1/taken?teLaat=true&paginaGrootte=200", nil)) {
		if !tk.TeLaat {
			t.Errorf("?teLaat=true lists task %s that is not overdue", tk.ID)
		}
	}
	for _, q := range []string{"soort=brief", "teLaat=ja", "afgerond=1", "pagina=0"} {
		r := w.do(pro, "GET", "/api/v1/taken?"+q, nil).want(t, http.StatusBadRequest).problem(t)
		if len(r.InvalidParams) != 1 {
			t.Errorf("?%s: invalidParams %+v", q, r.InvalidParams)
		}
	}

	// Nobody else sees it: not in their list, not alone.
	path := "/api/v1/taken/" + task.ID
	for _, o := range []other{w.noord, w.noordLead, w.colleague} {
		for _, tk := range tasks(t, w.as(o, "GET", "/api/v1/taken?paginaGrootte=200", nil)) {
			if tk.ID == task.ID || tk.Casus != nil && *tk.Casus == w.fam.kase {
				t.Errorf("%s's Mijn taken shows task %s of the family's case", o.user.Name, tk.ID)
			}
			if tk.Medewerker != nil && *tk.Medewerker != o.user.ID && o.user.Role != wijkregie.RoleTeamLead {
				t.Errorf("%s's Mijn taken shows a task for %s", o.user.Name, *tk.Medewerker)
			}
			if tk.Team != o.user.TeamID {
				t.Errorf("%s's Mijn taken shows a task of team %s", o.user.Name, tk.Team)
			}
			w.as(o, "GET", "/api/v1/taken/"+tk.ID, nil).want(t, http.StatusOK)
		}
		w.as(o, "GET", path, nil).want(t, http.StatusNotFound).problem(t)
	}
	w.do(partner, "GET", "/api/v1/taken", nil).want(t, http.StatusForbidden)
	w.do(admin, "GET", "/api/v1/taken", nil).want(t, http.StatusForbidden)

	// One task, with its (empty) history.
	r = w.do(pro, "GET", path, nil).want(t, http.StatusOK)
	w.conforms(t, r, "TaakDetail")
	tag := r.header.Get("ETag")
	w.as(w.noord, "POST", path+"/verlengen", map[string]any{"nieuweDatum": day(49), "reden": "x"}, "If-Match", tag).want(t, http.StatusNotFound)

	// Verlengen: a reason and If-Match, a later day.
	later := day(49)
	w.do(pro, "POST", path+"/verlengen", map[string]any{"nieuweDatum": later, "reden": "Gezin op vakantie."}).want(t, http.StatusPreconditionRequired).problem(t)
	wantParams(t, w.do(pro, "POST", path+"/verlengen", map[string]any{"nieuweDatum": later}, "If-Match", tag), "reden")
	wantParams(t, w.do(pro, "POST", path+"/verlengen", map[string]any{"nieuweDatum": later, "reden": "  "}, "If-Match", tag), "reden")
	wantParams(t, w.do(pro, "POST", path+"/verlengen", map[string]any{"nieuweDatum": "over een week"}, "If-Match", tag), "nieuweDatum", "reden")
	wantParams(t, w.do(pro, "POST", path+"/verlengen", map[string]any{"nieuweDatum": day(10), "reden": "Eerder."}, "If-Match", tag), "nieuweDatum")
	r = w.do(pro, "POST", path+"/verlengen", map[string]any{"nieuweDatum": later, "reden": "Gezin op vakantie."}, "If-Match", tag).
		want(t, http.StatusOK)
	w.conforms(t, r, "TaakDetail")
	var d api.TaakDetail
	r.decode(t, &d)
	if !d.Uiterlijk.Equal(endOf(t, later)) || len(d.Geschiedenis) != 1 || d.Geschiedenis[0].Soort != "verlengd" ||
		d.Geschiedenis[0].Reden != "Gezin op vakantie." || !d.Geschiedenis[0].UiterlijkWas.Equal(endOf(t, w.evalDate)) ||
		d.Geschiedenis[0].Door != w.users[pro].ID {
		t.Errorf("extended task %+v", d)
	}
	// The tag read before the extension is stale now.
	w.do(pro, "POST", path+"/opschorten", map[string]any{"reden": "Moeder opgenomen."}, "If-Match", tag).want(t, http.StatusPreconditionFailed).problem(t)
	tag = r.header.Get("ETag")

	// Opschorten needs a reason; hervatten may go without one (and without
	// a body).
	wantParams(t, w.do(pro, "POST", path+"/opschorten", map[string]any{}, "If-Match", tag), "reden")
	wantParams(t, w.do(pro, "POST", path+"/opschorten", "", "If-Match", tag), "reden")
	r = w.do(pro, "POST", path+"/opschorten", map[string]any{"reden": "Moeder twee weken opgenomen."}, "If-Match", tag).want(t, http.StatusOK)
	r.decode(t, &d)
	if d.OpgeschortOp == nil || d.TeLaat {
		t.Errorf("suspended task %+v", d)
	}
	w.do(pro, "POST", path+"/opschorten", map[string]any{"reden": "Nog eens."}, "If-Match", r.header.Get("ETag")).want(t, http.StatusConflict).problem(t)
	r = w.do(lead, "POST", path+"/hervatten", nil, "If-Match", r.header.Get("ETag")).want(t, http.StatusOK)
	r.decode(t, &d)
	if d.OpgeschortOp != nil || len(d.Geschiedenis) != 3 || d.Geschiedenis[2].Soort != "hervat" || d.Geschiedenis[2].Door != w.users[lead].ID ||
		!d.Uiterlijk.Equal(endOf(t, later)) {
		t.Errorf("resumed task %+v; want the term where it stood (suspended for less than a day)", d)
	}
	w.do(pro, "POST", path+"/hervatten", map[string]any{"reden": "x"}, "If-Match", r.header.Get("ETag")).want(t, http.StatusConflict)
	w.do(pro, "POST", path+"/hervatten", `{"reden":`, "If-Match", r.header.Get("ETag")).want(t, http.StatusBadRequest)
	w.do(pro, "POST", path+"/afronden", map[string]any{"klaar": true}, "If-Match", r.header.Get("ETag")).want(t, http.StatusBadRequest)
	w.do(partner, "POST", path+"/afronden", nil, "If-Match", r.header.Get("ETag")).want(t, http.StatusForbidden)
}
