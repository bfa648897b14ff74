package web

import (
	"net/http"
	"slices"
	"strconv"

	"wijkregie"
	"wijkregie/internal/request"
)

// Closing a case: why it ends, the national youth outcome set's three
// questions, each open goal's final status, the final ZRM assessment, and
// the family's own rating and words. The case page shows the outcome
// afterwards.

// closeFields are the closure form's fields in page order; the goals'
// final statuses follow the reason (see closeForm).
var closeFields = []field{
	{"reden", "afsluiten.label.reden"},
	{"kanZonderHulp", "afsluiten.label.kan_zonder_hulp"}, {"problemenVerminderd", "afsluiten.label.problemen_verminderd"},
	{"doelenBereikt", "afsluiten.label.doelen_bereikt"},
	{"eindmeting", "afsluiten.label.eindmeting"}, {"waardering", "afsluiten.label.waardering"},
	{"opmerking", "afsluiten.label.opmerking"}, {"samenvatting", "afsluiten.label.samenvatting"},
}

// outcomeQuestions are the youth outcome set's three questions, in the
// form's order.
var outcomeQuestions = []string{"kanZonderHulp", "problemenVerminderd", "doelenBereikt"}

// closeView is the closure page.
type closeView struct {
	Case          *wijkregie.Case
	Household     *wijkregie.Household
	Form          *form
	MeldcodeOpen  bool // the route still runs: closing will be refused
	Reasons       []option
	Answers       []option
	Assessments   []option
	NewAssessment string // where to make the final assessment; "" for none
	Goals         []goalField
	Reached       []wijkregie.Goal // settled before: shown, not asked again
	HasPlan       bool
}

// goalField is the final status select of a goal still open.
type goalField struct {
	fieldView
	Goal wijkregie.Goal
}

// goalStatusField is the closure form's field name for a goal's final
// status, as the use case names it.
func goalStatusField(id string) string { return "doelen[" + id + "].status" }

func (h *Handler) closeForm(w http.ResponseWriter, r *http.Request) error {
	return h.closePage(w, r, http.StatusOK, r.PathValue("id"), nil)
}

// closePage renders the closure form with the status; f is the form as
// posted (nil: empty).
func (h *Handler) closePage(w http.ResponseWriter, r *http.Request, status int, id string, f *form) error {
	ctx, actor := r.Context(), request.Actor(r)
	cv, err := h.svc.Case(ctx, actor, id)
	if err != nil {
		return err
	}
	if !cv.Case.Open() {
		return wijkregie.Conflict("fout.casus.gesloten")
	}
	if !cv.CanClose {
		return wijkregie.Forbidden()
	}
	pv, err := h.svc.Plan(ctx, actor, id)
	if err != nil {
		return err
	}
	av, err := h.svc.Assessments(ctx, actor, id)
	if err != nil {
		return err
	}
	fields := closeFormFields(pv.Plan)
	if f == nil {
		f = newForm("", fields)
	} else {
		// The posted form learns the goals' fields only now: its summary
		// reads in the page's order, goals included.
		f.fields = fields
		slices.SortStableFunc(f.Errors, func(a, b wijkregie.FieldError) int { return f.index(a.Name) - f.index(b.Name) })
	}
	v := closeView{Case: cv.Case, Household: cv.Household, Form: f, HasPlan: pv.Plan != nil,
		MeldcodeOpen: cv.Meldcode != nil && cv.Meldcode.Open(),
		Reasons:      h.enumOptions("casus.afsluitreden.", "keuze.kies", wijkregie.ClosureReasons),
		Answers:      h.codeOptions("antwoord.", strs(wijkregie.Answers3)),
		Assessments:  []option{{Value: "", Text: h.t("afsluiten.keuze.geen_eindmeting")}}}
	for _, a := range av.Assessments {
		if a.Moment == wijkregie.MomentClosure {
			v.Assessments = append(v.Assessments, option{Value: a.ID,
				Text: h.t("afsluiten.eindmeting_van", "datum", h.formatDate(a.Date), "naam", h.userNamed(av.Users, a.AssessorID))})
		}
	}
	if av.CanAssess {
		v.NewAssessment = "/casussen/" + id + "/zrm/nieuw?moment=" + string(wijkregie.MomentClosure)
	}
	if pv.Plan != nil {
		final := h.codeOptions("doel.status.", []string{string(wijkregie.GoalMet), string(wijkregie.GoalPartlyMet), string(wijkregie.GoalNotMet)})
		final = append([]option{{Value: "", Text: h.t("keuze.kies")}}, final...)
		for _, g := range pv.Plan.Goals {
			if g.Status != wijkregie.GoalOpen {
				v.Reached = append(v.Reached, g)
				continue
			}
			fv := newSelect(f, goalStatusField(g.ID), "afsluiten.label.doel", final, "verplicht")
			v.Goals = append(v.Goals, goalField{fieldView: fv, Goal: g})
		}
	}
	p := newPage(r, "titel.afsluiten", "casussen", v)
	if f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "afsluiten", p)
}

// closeFormFields are the form's fields for a case with the plan: the
// goals still open come after the outcome questions, as the page shows
// them.
func closeFormFields(p *wijkregie.Plan) []field {
	fields := append([]field(nil), closeFields[:4]...)
	if p != nil {
		for _, g := range p.Goals {
			if g.Status == wijkregie.GoalOpen {
				fields = append(fields, field{goalStatusField(g.ID), "afsluiten.label.doel"})
			}
		}
	}
	return append(fields, closeFields[4:]...)
}

func (h *Handler) closeCase(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	ctx, actor, id := r.Context(), request.Actor(r), r.PathValue("id")
	f := readForm(r, "", closeFields)
	c := &wijkregie.Closure{Reason: f.Value("reden"),
		CanContinue: wijkregie.Answer3(f.Value("kanZonderHulp")), ProblemsReduced: wijkregie.Answer3(f.Value("problemenVerminderd")),
		GoalsAchieved: wijkregie.Answer3(f.Value("doelenBereikt")), FinalAssessmentID: f.Value("eindmeting"),
		Remark: f.Value("opmerking"), Summary: f.Value("samenvatting"), GoalStatuses: map[string]wijkregie.GoalStatus{}}
	if s := f.Value("waardering"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			n = -1 // not a whole number: outside 1–10, which the closure names
		}
		c.Rating = n
	}
	// The goals' statuses, by the field names the use case gives them.
	for name, vals := range r.PostForm {
		if gid, ok := goalID(name); ok && len(vals) > 0 && vals[0] != "" {
			f.Values.Set(name, vals[0])
			c.GoalStatuses[gid] = wijkregie.GoalStatus(vals[0])
		}
	}
	if _, err := h.svc.CloseCase(ctx, actor, id, version(r), c); err != nil {
		if status, ok := h.formFailure(f, err); ok {
			return h.closePage(w, r, status, id, f)
		}
		return err
	}
	// Closing ends the regisseur's involvement, and with it, for a
	// professional, the sight of the case: they go on with their tasks.
	if !h.svc.CanViewCase(ctx, actor, id) {
		return h.redirect(w, r, "/taken", "melding.casus.afgesloten_uit_zicht")
	}
	return h.redirect(w, r, "/casussen/"+id, "melding.casus.afgesloten")
}

// goalID reads the goal id of a final status field: doelen[<id>].status.
func goalID(name string) (string, bool) {
	const head, tail = "doelen[", "].status"
	if len(name) <= len(head)+len(tail) || name[:len(head)] != head || name[len(name)-len(tail):] != tail {
		return "", false
	}
	id := name[len(head) : len(name)-len(tail)]
	return id, wijkregie.ValidID(id)
}
