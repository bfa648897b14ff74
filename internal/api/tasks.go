package api

import (
	"net/http"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/locale"
	"wijkregie/internal/request"
)

// Taak is a task with its due moment. Tasks are not registered by hand:
// they arise from the work (a triage term, a plan's evaluation date, a
// Meldcode step). A legal term can be suspended (opgeschortOp set) and
// extended; teLaat says whether it is overdue now.
type Taak struct {
	ID           string     `json:"id"`
	Soort        string     `json:"soort"`
	Omschrijving string     `json:"omschrijving"`
	Casus        *string    `json:"casus"`
	Signaal      *string    `json:"signaal"`
	Huishouden   *string    `json:"huishouden"`
	Adres        *Adres     `json:"adres"`
	Team         string     `json:"team"`
	Medewerker   *string    `json:"medewerker"`
	Stap         *int       `json:"stap"`
	Uiterlijk    time.Time  `json:"uiterlijk"`
	Wettelijk    bool       `json:"wettelijk"`
	OpgeschortOp *time.Time `json:"opgeschortOp"`
	AfgerondOp   *time.Time `json:"afgerondOp"`
	AfgerondDoor *string    `json:"afgerondDoor"`
	TeLaat       bool       `json:"teLaat"`
	AangemaaktOp time.Time  `json:"aangemaaktOp"`
	Versie       int        `json:"versie"`
}

// TaakDetail is one task with the history of its term.
type TaakDetail struct {
	Taak
	Geschiedenis []TaakGebeurtenis `json:"geschiedenis"`
}

// TaakGebeurtenis is one change of a task's term: from which due moment
// to which, why, when and by whom.
type TaakGebeurtenis struct {
	Soort          string    `json:"soort"`
	UiterlijkWas   time.Time `json:"uiterlijkWas"`
	UiterlijkWordt time.Time `json:"uiterlijkWordt"`
	Reden          string    `json:"reden"`
	Op             time.Time `json:"op"`
	Door           string    `json:"door"`
}

// TaakReden is the body of opschorten and hervatten.
type TaakReden struct {
	Reden string `json:"reden"`
}

// TaakAfronding is the body of afronden, which asks for nothing; a client
// may send {} or no body at all.
type TaakAfronding struct{}

// TaakVerlenging is the body of verlengen: the new last day and why.
type TaakVerlenging struct {
	NieuweDatum string `json:"nieuweDatum"`
	Reden       string `json:"reden"`
}

func (h *Handler) taak(it *app.TaskItem) Taak {
	t := &it.Task
	out := Taak{ID: t.ID, Soort: string(t.Kind), Omschrijving: h.taskText(t), Casus: orNil(t.CaseID), Signaal: orNil(t.SignalID),
		Huishouden: orNil(it.HouseholdID), Team: t.TeamID, Medewerker: orNil(t.UserID), Uiterlijk: utc(t.Due), Wettelijk: t.Legal,
		OpgeschortOp: moment(t.SuspendedAt), AfgerondOp: moment(t.DoneAt), AfgerondDoor: orNil(t.DoneBy), TeLaat: it.Overdue,
		AangemaaktOp: utc(t.CreatedAt), Versie: t.Version}
	if it.HouseholdID != "" {
		a := adres(it.Address)
		out.Adres = &a
	}
	if t.Kind == wijkregie.TaskMeldcode && t.Step > 0 {
		out.Stap = &t.Step
	}
	return out
}

// taskText is what a task asks, in Dutch (taak.soort.*).
func (h *Handler) taskText(t *wijkregie.Task) string {
	return h.cat.T(locale.NL, "taak.soort."+string(t.Kind), "stap", t.Step)
}

func (h *Handler) taakDetail(v *app.TaskView) TaakDetail {
	out := TaakDetail{Taak: h.taak(&v.Item), Geschiedenis: make([]TaakGebeurtenis, len(v.Events))}
	for i, e := range v.Events {
		out.Geschiedenis[i] = TaakGebeurtenis{Soort: string(e.Kind), UiterlijkWas: utc(e.FromDue), UiterlijkWordt: utc(e.ToDue),
			Reden: e.Reason, Op: utc(e.At), Door: e.By}
	}
	return out
}

// listTasks is Mijn taken: the tasks the actor may see (their own, their
// team's unheld ones, for a team lead all of the team's), overdue first.
func (h *Handler) listTasks(w http.ResponseWriter, r *http.Request) error {
	var v wijkregie.Invalid
	p := parsePage(r, &v)
	q := r.URL.Query()
	f := app.TaskFilter{OverdueOnly: boolQuery(q, "teLaat", &v), Done: boolQuery(q, "afgerond", &v), Page: p.store()}
	if s, ok := query(q, "soort"); ok {
		if f.Kind = wijkregie.TaskKind(s); !f.Kind.Valid() {
			v.Field("soort", "veld.keuze")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	items, total, err := h.svc.Tasks(r.Context(), request.Actor(r), f)
	if err != nil {
		return err
	}
	out := make([]Taak, len(items))
	for i := range items {
		out[i] = h.taak(&items[i])
	}
	return writeList(w, r, out, p, total)
}

// currentTask reads the request's task as GET /taken/{id} shows it, with
// its version.
func (h *Handler) currentTask(r *http.Request) reader[TaakDetail] {
	return func() (TaakDetail, int, error) {
		v, err := h.svc.Task(r.Context(), request.Actor(r), r.PathValue("id"))
		if err != nil {
			return TaakDetail{}, 0, err
		}
		return h.taakDetail(v), v.Task.Version, nil
	}
}

func (h *Handler) getTask(w http.ResponseWriter, r *http.Request) error {
	t, _, err := h.currentTask(r)()
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, t)
}

// changeTask runs a change of a task's term that needs the task's ETag in
// If-Match: the task is read, the tag compared, and the version read
// passed on, so the store refuses the write when the task changed in
// between. An empty body is read as {}: every field of hervatten and
// afronden is optional, and opschorten and verlengen name what is missing.
func (h *Handler) changeTask(w http.ResponseWriter, r *http.Request, body any, change func(version int) error) error {
	ifm, err := ifMatch(r)
	if err != nil {
		return err
	}
	if r.ContentLength != 0 {
		if err := decode(w, r, body); err != nil {
			return err
		}
	}
	read := h.currentTask(r)
	if err := changeOver(ifm, read, "fout.taak.gewijzigd", change); err != nil {
		return err
	}
	t, _, err := read()
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, t)
}

func (h *Handler) suspendTask(w http.ResponseWriter, r *http.Request) error {
	var in TaakReden
	return h.changeTask(w, r, &in, func(version int) error {
		_, err := h.svc.SuspendTask(r.Context(), request.Actor(r), r.PathValue("id"), version, in.Reden)
		return err
	})
}

func (h *Handler) resumeTask(w http.ResponseWriter, r *http.Request) error {
	var in TaakReden
	return h.changeTask(w, r, &in, func(version int) error {
		_, err := h.svc.ResumeTask(r.Context(), request.Actor(r), r.PathValue("id"), version, in.Reden)
		return err
	})
}

func (h *Handler) extendTask(w http.ResponseWriter, r *http.Request) error {
	var in TaakVerlenging
	return h.changeTask(w, r, &in, func(version int) error {
		var v wijkregie.Invalid
		to := dateIn(&v, "nieuweDatum", in.NieuweDatum)
		if v.Err() != nil {
			// The term's own check names a missing reason; a date this
			// layer cannot read must not hide it.
			if strings.TrimSpace(in.Reden) == "" {
				v.Field("reden", "veld.taak.reden")
			}
			return v.Err()
		}
		_, err := h.svc.ExtendTask(r.Context(), request.Actor(r), r.PathValue("id"), version, to, in.Reden)
		return err
	})
}

func (h *Handler) completeTask(w http.ResponseWriter, r *http.Request) error {
	var in TaakAfronding
	return h.changeTask(w, r, &in, func(version int) error {
		_, err := h.svc.CompleteTask(r.Context(), request.Actor(r), r.PathValue("id"), version)
		return err
	})
}
