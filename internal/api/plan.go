package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/request"
)

// Plan is a case's one plan as it stands in one version: what goes well,
// the worries by priority, the family's own strength, where support is
// needed, then the goals with their goed-genoeg criterion and actions.
// Every save is a new version; veiligheidsplan is the Meldcode route's
// safety plan, shown here as part of the family plan and changed there.
type Plan struct {
	ID                 string      `json:"id"`
	Status             string      `json:"status"`
	Versie             int         `json:"versie"`
	Variant            string      `json:"variant"`
	GaatGoed           string      `json:"gaatGoed"`
	Zorgen             []Zorg      `json:"zorgen"`
	EigenKracht        string      `json:"eigenKracht"`
	OndersteuningNodig string      `json:"ondersteuningNodig"`
	Doelen             []Doel      `json:"doelen"`
	VastgesteldOp      *string     `json:"vastgesteldOp"`
	Deelnemers         string      `json:"deelnemers"`
	Instemming         *Instemming `json:"instemming"`
	Evaluatiedatum     *string     `json:"evaluatiedatum"`
	Toelichting        string      `json:"toelichting"`
	OpgeslagenOp       time.Time   `json:"opgeslagenOp"`
	OpgeslagenDoor     string      `json:"opgeslagenDoor"`
	Veiligheidsplan    *string     `json:"veiligheidsplan"`
}

// Zorg is one of the family's worries; prioriteit 1 matters most.
type Zorg struct {
	Omschrijving string `json:"omschrijving"`
	Prioriteit   int    `json:"prioriteit"`
}

// Doel is a goal on a life domain with its goed-genoeg criterion, owner
// and status; the id stays the same across versions.
type Doel struct {
	ID           string  `json:"id"`
	Domein       string  `json:"domein"`
	Omschrijving string  `json:"omschrijving"`
	GoedGenoeg   string  `json:"goedGenoeg"`
	Streefdatum  *string `json:"streefdatum"`
	Eigenaar     string  `json:"eigenaar"`
	Organisatie  *string `json:"organisatie"`
	Status       string  `json:"status"`
	Acties       []Actie `json:"acties"`
}

// Actie is a step towards a goal: what, who, from and by when, how far.
type Actie struct {
	ID      string  `json:"id"`
	Wat     string  `json:"wat"`
	Wie     string  `json:"wie"`
	Start   *string `json:"start"`
	Wanneer *string `json:"wanneer"`
	Status  string  `json:"status"`
}

// Instemming is the family's agreement with a version of the plan.
type Instemming struct {
	Datum string `json:"datum"`
	Wijze string `json:"wijze"`
}

// planInvoer is the body of a first plan or a new version. The fields
// the server sets may be sent back as they were read and are ignored:
// If-Match names the version replaced.
type planInvoer struct {
	ID                 json.RawMessage `json:"id"`
	Status             json.RawMessage `json:"status"`
	Versie             json.RawMessage `json:"versie"`
	Variant            string          `json:"variant"`
	GaatGoed           string          `json:"gaatGoed"`
	Zorgen             []Zorg          `json:"zorgen"`
	EigenKracht        string          `json:"eigenKracht"`
	OndersteuningNodig string          `json:"ondersteuningNodig"`
	Doelen             []doelInvoer    `json:"doelen"`
	VastgesteldOp      string          `json:"vastgesteldOp"`
	Deelnemers         string          `json:"deelnemers"`
	Instemming         *Instemming     `json:"instemming"`
	Evaluatiedatum     string          `json:"evaluatiedatum"`
	Toelichting        string          `json:"toelichting"`
	OpgeslagenOp       json.RawMessage `json:"opgeslagenOp"`
	OpgeslagenDoor     json.RawMessage `json:"opgeslagenDoor"`
	Veiligheidsplan    json.RawMessage `json:"veiligheidsplan"`
}

// doelInvoer is a goal of the body. Without an id it is a new goal;
// without a status it is open.
type doelInvoer struct {
	ID           string        `json:"id"`
	Domein       string        `json:"domein"`
	Omschrijving string        `json:"omschrijving"`
	GoedGenoeg   string        `json:"goedGenoeg"`
	Streefdatum  string        `json:"streefdatum"`
	Eigenaar     string        `json:"eigenaar"`
	Organisatie  string        `json:"organisatie"`
	Status       string        `json:"status"`
	Acties       []actieInvoer `json:"acties"`
}

// actieInvoer is an action of the body; without a status it is planned.
type actieInvoer struct {
	ID      string `json:"id"`
	Wat     string `json:"wat"`
	Wie     string `json:"wie"`
	Start   string `json:"start"`
	Wanneer string `json:"wanneer"`
	Status  string `json:"status"`
}

// PlanVersie is one line of a plan's history.
type PlanVersie struct {
	Versie         int       `json:"versie"`
	OpgeslagenOp   time.Time `json:"opgeslagenOp"`
	OpgeslagenDoor string    `json:"opgeslagenDoor"`
	Toelichting    string    `json:"toelichting"`
}

// PlanVergelijking is what changed from one version of a plan to another.
type PlanVergelijking struct {
	Van         int             `json:"van"`
	Tot         int             `json:"tot"`
	Wijzigingen []PlanWijziging `json:"wijzigingen"`
}

// PlanWijziging is one changed part: its field path (goals and actions
// named by id, so reordering is no change) and its text before and after.
type PlanWijziging struct {
	Veld  string `json:"veld"`
	Was   string `json:"was"`
	Wordt string `json:"wordt"`
}

// plan shows one version of a plan; safety is the Meldcode route's safety
// plan, "" when there is none.
func plan(p *wijkregie.Plan, safety string) Plan {
	out := Plan{ID: p.ID, Status: string(p.Status), Versie: p.Version, Variant: string(p.Variant), GaatGoed: p.GoingWell,
		Zorgen: make([]Zorg, len(p.Worries)), EigenKracht: p.OwnStrength, OndersteuningNodig: p.SupportNeeded,
		Doelen: make([]Doel, len(p.Goals)), VastgesteldOp: day(p.MeetingDate), Deelnemers: p.Participants,
		Evaluatiedatum: day(p.EvaluationDate), Toelichting: p.Note, OpgeslagenOp: utc(p.SavedAt), OpgeslagenDoor: p.SavedBy,
		Veiligheidsplan: orNil(safety)}
	for i, w := range p.Worries {
		out.Zorgen[i] = Zorg{Omschrijving: w.Text, Prioriteit: w.Priority}
	}
	for i := range p.Goals {
		out.Doelen[i] = doel(&p.Goals[i])
	}
	if p.Agreed() {
		out.Instemming = &Instemming{Datum: dayOf(p.AgreedOn), Wijze: string(p.AgreedHow)}
	}
	return out
}

// plan reads the body into a plan, recording each date it cannot read.
// A goal without a status is open and an action without one planned: a
// new goal starts there, and a client need not say so.
func (in *planInvoer) plan(v *wijkregie.Invalid) *wijkregie.Plan {
	p := &wijkregie.Plan{Variant: wijkregie.PlanVariant(in.Variant), GoingWell: in.GaatGoed, OwnStrength: in.EigenKracht,
		SupportNeeded: in.OndersteuningNodig, Worries: make([]wijkregie.Worry, len(in.Zorgen)), Goals: make([]wijkregie.Goal, len(in.Doelen)),
		MeetingDate: dateIn(v, "vastgesteldOp", in.VastgesteldOp), Participants: in.Deelnemers,
		EvaluationDate: dateIn(v, "evaluatiedatum", in.Evaluatiedatum), Note: in.Toelichting}
	for i, z := range in.Zorgen {
		p.Worries[i] = wijkregie.Worry{Text: z.Omschrijving, Priority: z.Prioriteit}
	}
	for i, d := range in.Doelen {
		f := "doelen[" + strconv.Itoa(i) + "]."
		g := wijkregie.Goal{ID: strings.TrimSpace(d.ID), Domain: d.Domein, Description: d.Omschrijving, SuccessCriterion: d.GoedGenoeg,
			TargetDate: dateIn(v, f+"streefdatum", d.Streefdatum), Owner: wijkregie.GoalOwner(d.Eigenaar),
			OrganisationID: strings.TrimSpace(d.Organisatie), Status: wijkregie.GoalStatus(d.Status), Actions: make([]wijkregie.Action, len(d.Acties))}
		if d.Status == "" {
			g.Status = wijkregie.GoalOpen
		}
		for j, a := range d.Acties {
			af := f + "acties[" + strconv.Itoa(j) + "]."
			g.Actions[j] = wijkregie.Action{ID: strings.TrimSpace(a.ID), What: a.Wat, Who: a.Wie, Start: dateIn(v, af+"start", a.Start),
				Due: dateIn(v, af+"wanneer", a.Wanneer), Status: wijkregie.ActionStatus(a.Status)}
			if a.Status == "" {
				g.Actions[j].Status = wijkregie.ActionPlanned
			}
		}
		p.Goals[i] = g
	}
	if in.Instemming != nil {
		p.AgreedOn = dateIn(v, "instemming.datum", in.Instemming.Datum)
		p.AgreedHow = wijkregie.AgreementHow(in.Instemming.Wijze)
	}
	return p
}

func planView(v *app.PlanView) Plan { return plan(v.Plan, v.SafetyPlan) }

// noPlan is the answer for a case that has no plan yet.
func noPlan() error { return wijkregie.Errorf(wijkregie.ENOTFOUND, "fout.plan.geen") }

// currentPlan reads the request's case's plan as GET …/plan shows it,
// with its version; a case without a plan is not found.
func (h *Handler) currentPlan(r *http.Request) reader[Plan] {
	return func() (Plan, int, error) {
		v, err := h.svc.Plan(r.Context(), request.Actor(r), r.PathValue("id"))
		if err != nil {
			return Plan{}, 0, err
		}
		if v.Plan == nil {
			return Plan{}, 0, noPlan()
		}
		return planView(v), v.Plan.Version, nil
	}
}

func (h *Handler) getPlan(w http.ResponseWriter, r *http.Request) error {
	p, _, err := h.currentPlan(r)()
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, p)
}

// readPlan decodes a plan body and checks what this layer can: dates it
// cannot read are named with the domain's own findings.
func (h *Handler) readPlan(w http.ResponseWriter, r *http.Request) (*wijkregie.Plan, error) {
	var in planInvoer
	if err := decode(w, r, &in); err != nil {
		return nil, err
	}
	var v wijkregie.Invalid
	p := in.plan(&v)
	if err := invalidWith(&v, func() error { return p.Validate(h.today()) }); err != nil {
		return nil, err
	}
	return p, nil
}

// createPlan makes the first version of the case's one plan. A case that
// has an active plan answers 409: one family, one plan.
func (h *Handler) createPlan(w http.ResponseWriter, r *http.Request) error {
	p, err := h.readPlan(w, r)
	if err != nil {
		return err
	}
	ctx, actor, id := r.Context(), request.Actor(r), r.PathValue("id")
	if _, err := h.svc.CreatePlan(ctx, actor, id, p); err != nil {
		return err
	}
	saved, _, err := h.currentPlan(r)()
	if err != nil {
		return err
	}
	return created(w, r, Base+"/casussen/"+id+"/plan", saved)
}

// putPlan saves a new version over the one If-Match names. The tag is
// compared with the current version as read, and that version is passed
// on, so the store refuses the write when another version was saved in
// between: either way the answer is 412 and nothing is lost.
func (h *Handler) putPlan(w http.ResponseWriter, r *http.Request) error {
	ifm, err := ifMatch(r)
	if err != nil {
		return err
	}
	p, err := h.readPlan(w, r)
	if err != nil {
		return err
	}
	read := h.currentPlan(r)
	if err := changeOver(ifm, read, "fout.plan.gewijzigd", func(version int) error {
		_, err := h.svc.SavePlan(r.Context(), request.Actor(r), r.PathValue("id"), version, p)
		return err
	}); err != nil {
		return err
	}
	saved, _, err := read()
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, saved)
}

func (h *Handler) listPlanVersions(w http.ResponseWriter, r *http.Request) error {
	var iv wijkregie.Invalid
	p := parsePage(r, &iv)
	if err := iv.Err(); err != nil {
		return err
	}
	v, err := h.svc.Plan(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	all := make([]PlanVersie, len(v.Versions))
	for i, pv := range v.Versions {
		all[i] = PlanVersie{Versie: pv.Version, OpgeslagenOp: utc(pv.SavedAt), OpgeslagenDoor: pv.SavedBy, Toelichting: pv.Note}
	}
	return writeList(w, r, pageOf(all, p), p, len(all))
}

func (h *Handler) getPlanVersion(w http.ResponseWriter, r *http.Request) error {
	n, err := strconv.Atoi(r.PathValue("versie"))
	if err != nil || n < 1 {
		return wijkregie.NotFound()
	}
	p, err := h.svc.PlanVersion(r.Context(), request.Actor(r), r.PathValue("id"), n)
	if err != nil {
		return err
	}
	// A saved version is history: the safety plan shown with the current
	// plan is the route's now, not then.
	return writeResource(w, r, http.StatusOK, plan(p, ""))
}

func (h *Handler) comparePlan(w http.ResponseWriter, r *http.Request) error {
	var v wijkregie.Invalid
	q := r.URL.Query()
	version := func(name string) int {
		s, ok := query(q, name)
		if !ok || s == "" {
			v.Field(name, "veld.verplicht")
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			v.Field(name, "api.veld.type")
			return 0
		}
		return n
	}
	from, to := version("van"), version("tot")
	if err := v.Err(); err != nil {
		return err
	}
	_, _, changes, err := h.svc.ComparePlan(r.Context(), request.Actor(r), r.PathValue("id"), from, to)
	if err != nil {
		return err
	}
	out := PlanVergelijking{Van: from, Tot: to, Wijzigingen: make([]PlanWijziging, len(changes))}
	for i, c := range changes {
		out.Wijzigingen[i] = PlanWijziging{Veld: c.Field, Was: c.From, Wordt: c.To}
	}
	return writeResource(w, r, http.StatusOK, out)
}
