package web

import (
	"context"
	"net/http"
	"net/url"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/request"
)

// Mijn taken: what is due, overdue first, arising from the work itself
// (triage terms, evaluation dates, Meldcode steps); the team's tasks
// nobody holds yet; and the user's own cases with the signs that they
// stagnate. A task's page shows its term's history and the forms that
// suspend, resume, extend and complete it, each with a reason where the
// law asks for one.

// The query values of the task list's filter.
const (
	taskKindParam    = "soort"
	taskOverdueParam = "te-laat"
	yes              = "ja"
)

var (
	taskFilterFields = []field{{taskKindParam, "taken.label.soort"}, {taskOverdueParam, "taken.label.te_laat"},
		{dueFromParam, "taken.label.termijn_van"}, {dueToParam, "taken.label.termijn_tot"}}
	suspendFields = []field{{"reden", "taak.label.reden_opschorten"}}
	resumeFields  = []field{{"reden", "taak.label.toelichting_hervatten"}}
	extendFields  = []field{{"nieuweDatum", "taak.label.nieuwe_datum"}, {"reden", "taak.label.reden_verlengen"}}
)

// Form prefixes of the task page: its forms share the field reden.
const (
	suspendPrefix  = "opschorten-"
	resumePrefix   = "hervatten-"
	extendPrefix   = "verlengen-"
	completePrefix = "afronden-"
)

// tasksView is Mijn taken.
type tasksView struct {
	Filter     *form
	Kinds      []option
	Filtered   bool      // a filter narrows the lists
	Due        string    // the deadline filter in words; "" for none
	Invalid    bool      // a filter is wrong: no list is shown
	Mine       []taskRow // the user's own tasks on this page
	Team       []taskRow // the team's tasks on this page: unheld, or for a lead held by others
	Pager      pager
	Cases      []app.WorkItem // the cases the user is regisseur of, stagnating first
	CasesTotal int            // all open cases of the regisseur; Cases holds the first workListShown
}

// taskTable is one of the task tables of Mijn taken.
type taskTable struct {
	ID      string // the table's id
	Caption string // catalogue key, with {aantal}
	Rows    []taskRow
	Holder  bool // show who holds each task
}

// MineTable is the table of the user's own tasks.
func (v tasksView) MineTable() taskTable {
	return taskTable{ID: "mijn-taken", Caption: "taken.mijn.bijschrift", Rows: v.Mine}
}

// TeamTable is the table of the team's tasks.
func (v tasksView) TeamTable() taskTable {
	return taskTable{ID: "team-taken", Caption: "taken.team.bijschrift", Rows: v.Team, Holder: true}
}

// taskRow is a task on a list, named by its family's address.
type taskRow struct {
	app.TaskItem
	Kind   string // what it is for, in words
	Link   string // the case, or the signal's triage screen
	Holder string // who holds it; "" while the team does
}

func (h *Handler) tasks(w http.ResponseWriter, r *http.Request) error {
	ctx, actor := r.Context(), request.Actor(r)
	pg, n := pageParam(r)
	q := r.URL.Query()
	v := tasksView{Filter: newForm("filter-", taskFilterFields),
		Kinds: h.enumOptions("taak.soort.", "taken.filter.alle_soorten", strs(wijkregie.TaskKinds))}
	// The Meldcode kind's text names a step; in the filter it stands for
	// every step.
	for i := range v.Kinds {
		if v.Kinds[i].Value == string(wijkregie.TaskMeldcode) {
			v.Kinds[i].Text = h.t("taken.filter.meldcode")
		}
	}
	f := app.TaskFilter{Page: pg}
	if k := wijkregie.TaskKind(q.Get(taskKindParam)); k.Valid() {
		f.Kind = k
		v.Filter.Values.Set(taskKindParam, string(k))
	}
	if q.Get(taskOverdueParam) == yes {
		f.OverdueOnly = true
		v.Filter.Values.Set(taskOverdueParam, yes)
	}
	// The deadline filter: the workload's termijnen per week link here
	// (docs/uitkomsten.md, "Doorklikken").
	due, err := dueRange(q, v.Filter)
	if err != nil {
		if !v.Filter.fail(err) {
			return err
		}
		v.Invalid, v.Filtered = true, true
		p := newPage(r, "titel.taken", "taken", v)
		p.Invalid = v.Filter
		return h.render(w, r, http.StatusBadRequest, "taken", p)
	}
	f.Due = due
	v.Due = h.dueInWords(due)
	v.Filtered = f.Kind != "" || f.OverdueOnly || !f.Due.IsZero()
	// The work list belongs to the full page; a page of the task list
	// swapped in by htmx does not need it.
	work := workListShown
	if htmxTarget(r) == "lijst" {
		work = 0
	}
	mw, err := h.svc.MyWork(ctx, actor, f, work)
	if err != nil {
		return err
	}
	v.Cases, v.CasesTotal = mw.Cases, mw.CasesTotal
	v.Pager = newPager(r, n, mw.TasksTotal)
	names := map[string]string{}
	for _, it := range mw.Tasks {
		row := h.taskRow(ctx, actor, it, names)
		if it.UserID == actor.UserID {
			v.Mine = append(v.Mine, row)
		} else {
			v.Team = append(v.Team, row)
		}
	}
	return h.render(w, r, http.StatusOK, "taken", newPage(r, "titel.taken", "taken", v))
}

// workListShown is how many of the regisseur's cases Mijn taken shows,
// stagnating first; the case list has them all.
const workListShown = 25

// taskRow names a task for a list. names caches the holders' names.
func (h *Handler) taskRow(ctx context.Context, actor wijkregie.Actor, it app.TaskItem, names map[string]string) taskRow {
	row := taskRow{TaskItem: it, Kind: h.taskKind(&it.Task), Link: taskLink(&it.Task)}
	if it.UserID != "" {
		name, ok := names[it.UserID]
		if !ok {
			name = h.t("leeg.onbekend")
			if u, err := h.svc.User(ctx, actor, it.UserID); err == nil {
				name = u.Name
			}
			names[it.UserID] = name
		}
		row.Holder = name
	}
	return row
}

// taskLink is where a task's work is done: the case, or for a triage
// task the signal's triage screen.
func taskLink(t *wijkregie.Task) string {
	switch {
	case t.CaseID != "" && t.Kind == wijkregie.TaskMeldcode:
		return "/casussen/" + t.CaseID + "/meldcode"
	case t.CaseID != "":
		return "/casussen/" + t.CaseID
	case t.SignalID != "":
		return "/signalen/" + t.SignalID + "/triage"
	}
	return ""
}

// taskView is one task with its term's history and the forms that change
// the term.
type taskView struct {
	*app.TaskView
	Kind    string
	Link    string
	Holder  string // "" while the team holds it
	Overdue bool
	Events  []taskEventRow

	// The forms, while the task is open; nil otherwise.
	Suspend, Resume, Extend, Complete *form
	ViaTriage                         bool // done by triaging its signal, not here
}

type taskEventRow struct {
	wijkregie.TaskEvent
	Term string // the due day, or how it moved
	By   string
}

func (h *Handler) task(w http.ResponseWriter, r *http.Request) error {
	return h.taskPage(w, r, http.StatusOK, r.PathValue("id"), nil)
}

// taskPage renders a task with the status; failed is a form that came
// back with errors, shown in place of its empty twin.
func (h *Handler) taskPage(w http.ResponseWriter, r *http.Request, status int, id string, failed *form) error {
	ctx, actor := r.Context(), request.Actor(r)
	tv, err := h.svc.Task(ctx, actor, id)
	if err != nil {
		return err
	}
	t := tv.Task
	v := taskView{TaskView: tv, Kind: h.taskKind(t), Link: taskLink(t), Holder: h.userNamed(tv.Users, t.UserID),
		Overdue: t.Overdue(h.svc.Now())}
	for _, e := range tv.Events {
		row := taskEventRow{TaskEvent: e, Term: h.formatDate(e.ToDue), By: h.userNamed(tv.Users, e.By)}
		if !e.FromDue.IsZero() && !e.FromDue.Equal(e.ToDue) {
			row.Term = h.t("taak.termijn_van_naar", "van", h.formatDate(e.FromDue), "naar", h.formatDate(e.ToDue))
		}
		v.Events = append(v.Events, row)
	}
	pick := func(prefix string, fields []field) *form {
		if failed != nil && failed.Prefix == prefix {
			return failed
		}
		return newForm(prefix, fields)
	}
	if t.Open() {
		if t.Suspended() {
			v.Resume = pick(resumePrefix, resumeFields)
		} else {
			v.Suspend = pick(suspendPrefix, suspendFields)
			v.Extend = pick(extendPrefix, extendFields)
		}
		v.ViaTriage = t.Kind == wijkregie.TaskTriage
		if !v.ViaTriage {
			v.Complete = pick(completePrefix, nil)
		}
	}
	p := newPage(r, "titel.taak", "taken", v)
	if failed != nil && failed.Invalid() {
		p.Invalid = failed
	}
	return h.render(w, r, status, "taak", p)
}

// taskChanged answers a task form: to where the user goes on with the
// message on success, the task page with the form and its errors
// otherwise.
func (h *Handler) taskChanged(w http.ResponseWriter, r *http.Request, f *form, err error, to, flash string) error {
	if err != nil {
		if status, ok := h.formFailure(f, err); ok {
			return h.taskPage(w, r, status, r.PathValue("id"), f)
		}
		return err
	}
	return h.redirect(w, r, to, flash)
}

func (h *Handler) suspendTask(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id := r.PathValue("id")
	f := readForm(r, suspendPrefix, suspendFields)
	_, err := h.svc.SuspendTask(r.Context(), request.Actor(r), id, version(r), f.Value("reden"))
	return h.taskChanged(w, r, f, err, "/taken/"+id, "melding.taak.opgeschort")
}

func (h *Handler) resumeTask(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id := r.PathValue("id")
	f := readForm(r, resumePrefix, resumeFields)
	_, err := h.svc.ResumeTask(r.Context(), request.Actor(r), id, version(r), f.Value("reden"))
	return h.taskChanged(w, r, f, err, "/taken/"+id, "melding.taak.hervat")
}

func (h *Handler) extendTask(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id := r.PathValue("id")
	f := readForm(r, extendPrefix, extendFields)
	// Both are required; the use case names only the first it meets, the
	// form names each one that is missing.
	var missing []wijkregie.FieldError
	to, err := wijkregie.ParseDate(f.Value("nieuweDatum"))
	switch {
	case f.Value("nieuweDatum") == "":
		missing = append(missing, wijkregie.FieldError{Name: "nieuweDatum", Message: "veld.verplicht"})
	case err != nil:
		missing = append(missing, wijkregie.FieldError{Name: "nieuweDatum", Message: "veld.datum"})
	}
	if f.Value("reden") == "" {
		missing = append(missing, wijkregie.FieldError{Name: "reden", Message: "veld.taak.reden"})
	}
	if len(missing) > 0 {
		f.Errors = missing
		return h.taskPage(w, r, http.StatusUnprocessableEntity, id, f)
	}
	_, err = h.svc.ExtendTask(r.Context(), request.Actor(r), id, version(r), to, f.Value("reden"))
	return h.taskChanged(w, r, f, err, "/taken/"+id, "melding.taak.verlengd")
}

func (h *Handler) completeTask(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm(completePrefix, nil)
	_, err := h.svc.CompleteTask(r.Context(), request.Actor(r), r.PathValue("id"), version(r))
	return h.taskChanged(w, r, f, err, "/taken", "melding.taak.afgerond")
}

// tasksURL is the task list with a filter, as the overview links to it.
func tasksURL(kind wijkregie.TaskKind, overdue bool) string {
	q := url.Values{}
	if kind != "" {
		q.Set(taskKindParam, string(kind))
	}
	if overdue {
		q.Set(taskOverdueParam, yes)
	}
	return "/taken?" + q.Encode()
}
