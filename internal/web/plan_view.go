package web

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/request"
)

// The plan of a case as the family and the professionals read it: in the
// method's order (what goes well, the worries by priority, eigen kracht,
// where support is needed, then the goals per domain with their goed-genoeg
// criterion and actions), its adoption, the family's agreement, the
// evaluation date, the safety plan in a safety case, and its history:
// every version can be read and any two compared.

// planShow is one version of a plan as the pages show it.
type planShow struct {
	Plan    *wijkregie.Plan
	SavedBy string
	Worries []wijkregie.Worry // by priority
	Goals   []goalShow        // by domain, in the instrument's order
}

type goalShow struct {
	wijkregie.Goal
	Number       int    // its place in the plan, from 1
	Organisation string // for a partner's goal
}

// newPlanShow prepares a plan version for its template.
func (h *Handler) newPlanShow(p *wijkregie.Plan, users map[string]*wijkregie.User, orgs map[string]string) *planShow {
	s := &planShow{Plan: p, SavedBy: h.assessorName(users, p.SavedBy), Worries: slices.Clone(p.Worries)}
	slices.SortStableFunc(s.Worries, func(a, b wijkregie.Worry) int { return a.Priority - b.Priority })
	for i, g := range p.Goals {
		gs := goalShow{Goal: g, Number: i + 1}
		if g.OrganisationID != "" {
			gs.Organisation = orgs[g.OrganisationID]
			if gs.Organisation == "" {
				gs.Organisation = h.t("leeg.onbekend")
			}
		}
		s.Goals = append(s.Goals, gs)
	}
	slices.SortStableFunc(s.Goals, func(a, b goalShow) int { return domainIndex(a.Domain) - domainIndex(b.Domain) })
	return s
}

// domainIndex is a domain's place in the instrument; unknown codes last.
func domainIndex(code string) int {
	if i := slices.IndexFunc(wijkregie.Domains, func(d wijkregie.Domain) bool { return d.Code == code }); i >= 0 {
		return i
	}
	return len(wijkregie.Domains)
}

// planView is the plan page.
type planView struct {
	Case       *wijkregie.Case
	Show       *planShow // nil while the case has no plan
	SafetyPlan string
	Versions   []planVersionRow
	Compare    *compareForm // nil with fewer than two versions
	CanChange  bool
}

type planVersionRow struct {
	app.PlanVersionInfo
	By      string
	Current bool
}

// compareForm is the choice of two versions to compare.
type compareForm struct {
	From, To input
}

func (h *Handler) plan(w http.ResponseWriter, r *http.Request) error {
	pv, err := h.svc.Plan(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	v := planView{Case: pv.Case, SafetyPlan: pv.SafetyPlan, CanChange: pv.CanChange}
	if pv.Plan != nil {
		v.Show = h.newPlanShow(pv.Plan, pv.Users, pv.Organisations)
	}
	v.Versions = h.versionRows(pv)
	if len(pv.Versions) > 1 {
		v.Compare, _ = h.compareForm(pv, newForm("", nil))
	}
	return h.render(w, r, http.StatusOK, "plan", newPage(r, "titel.plan", "casussen", v))
}

func (h *Handler) versionRows(pv *app.PlanView) []planVersionRow {
	var rows []planVersionRow
	for _, vi := range pv.Versions {
		rows = append(rows, planVersionRow{PlanVersionInfo: vi, By: h.assessorName(pv.Users, vi.SavedBy),
			Current: pv.Plan != nil && vi.Version == pv.Plan.Version})
	}
	return rows
}

// compareForm offers the versions of the plan to compare: by default the
// one before the current against the current.
func (h *Handler) compareForm(pv *app.PlanView, f *form) (*compareForm, *builder) {
	var opts []option
	for _, vi := range pv.Versions {
		opts = append(opts, option{Value: strconv.Itoa(vi.Version),
			Text: h.t("plan.versie.keuze", "versie", vi.Version, "datum", h.formatTime(vi.SavedAt))})
	}
	if f.Value("van") == "" && f.Value("tot") == "" && len(pv.Versions) > 1 {
		f.Values.Set("tot", strconv.Itoa(pv.Versions[0].Version))
		f.Values.Set("van", strconv.Itoa(pv.Versions[1].Version))
	}
	b := newBuilder(h, f)
	return &compareForm{From: b.choice("van", "select", h.t("plan.label.van"), "", opts),
		To: b.choice("tot", "select", h.t("plan.label.tot"), "", opts)}, b
}

// planVersionView is one earlier (or the current) version of a plan.
type planVersionView struct {
	Case    *wijkregie.Case
	Show    *planShow
	Current int // the current version's number
}

func (h *Handler) planVersion(w http.ResponseWriter, r *http.Request) error {
	ctx, actor, id := r.Context(), request.Actor(r), r.PathValue("id")
	n, err := strconv.Atoi(r.PathValue("versie"))
	if err != nil || n < 1 {
		return wijkregie.NotFound()
	}
	pv, err := h.svc.Plan(ctx, actor, id)
	if err != nil {
		return err
	}
	p, err := h.svc.PlanVersion(ctx, actor, id, n)
	if err != nil {
		return err
	}
	v := planVersionView{Case: pv.Case, Show: h.newPlanShow(p, pv.Users, pv.Organisations)}
	if pv.Plan != nil {
		v.Current = pv.Plan.Version
	}
	return h.render(w, r, http.StatusOK, "plan-versie", newPage(r, "titel.plan.versie", "casussen", v))
}

// planCompareView is the comparison of two versions.
type planCompareView struct {
	Case     *wijkregie.Case
	Form     *compareForm
	Summary  []summaryItem
	Message  string // for the error summary; always ""
	Compared bool
	Table    changeTable
}

// changeTable is a table of changes with its caption.
type changeTable struct {
	ID, Caption string
	Rows        []planChangeRow
}

// planChangeRow is one change in words: which part, and what it was and
// became.
type planChangeRow struct {
	Part, From, To string
}

func (h *Handler) comparePlan(w http.ResponseWriter, r *http.Request) error {
	ctx, actor, id := r.Context(), request.Actor(r), r.PathValue("id")
	pv, err := h.svc.Plan(ctx, actor, id)
	if err != nil {
		return err
	}
	if pv.Plan == nil {
		return wijkregie.Conflict("fout.plan.geen")
	}
	q := r.URL.Query()
	f := newForm("", nil)
	f.Values.Set("van", q.Get("van"))
	f.Values.Set("tot", q.Get("tot"))
	from, errFrom := strconv.Atoi(f.Value("van"))
	to, errTo := strconv.Atoi(f.Value("tot"))
	known := func(n int) bool {
		return slices.ContainsFunc(pv.Versions, func(vi app.PlanVersionInfo) bool { return vi.Version == n })
	}
	if errFrom != nil || !known(from) {
		f.Errors = append(f.Errors, wijkregie.FieldError{Name: "van", Message: "veld.keuze"})
	}
	if errTo != nil || !known(to) {
		f.Errors = append(f.Errors, wijkregie.FieldError{Name: "tot", Message: "veld.keuze"})
	}
	v := planCompareView{Case: pv.Case}
	status := http.StatusOK
	if !f.Invalid() {
		a, b, changes, err := h.svc.ComparePlan(ctx, actor, id, from, to)
		if err != nil {
			return err
		}
		v.Compared = true
		v.Table = changeTable{ID: "wijzigingen", Caption: h.t("plan.vergelijken.bijschrift", "van", from, "tot", to), Rows: h.planChanges(a, b, changes)}
	} else {
		status = http.StatusUnprocessableEntity
	}
	var b *builder
	v.Form, b = h.compareForm(pv, f)
	v.Summary = b.summary()
	p := newPage(r, "titel.plan.vergelijken", "casussen", v)
	if f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "plan-vergelijken", p)
}

// changePath splits a change's field path: doelen[<goal>] with an
// optional .acties[<action>] or .<part>.
var changePath = regexp.MustCompile(`^doelen\[([^\]]*)\](?:\.acties\[([^\]]*)\]|\.([A-Za-z]+))?$`)

// planFieldLabels are the labels of the plan's own parts in a comparison,
// by their field names in the form (the API's with dashes for dots).
var planFieldLabels = map[string]string{
	"variant":            "plan.label.variant",
	"gaatGoed":           "plan.label.gaat_goed",
	"zorgen":             "plan.label.zorgen",
	"eigenKracht":        "plan.label.eigen_kracht",
	"ondersteuningNodig": "plan.label.ondersteuning_nodig",
	"vastgesteldOp":      "plan.label.vastgesteld_op",
	"deelnemers":         "plan.label.deelnemers",
	"instemming-datum":   "plan.label.instemming_datum",
	"instemming-wijze":   "plan.label.instemming_wijze",
	"evaluatiedatum":     "plan.label.evaluatiedatum",
}

// goalPartLabels are the labels of a goal's parts in a comparison.
var goalPartLabels = map[string]string{
	"omschrijving": "plan.label.doel_omschrijving",
	"goedGenoeg":   "plan.label.goed_genoeg",
	"domein":       "plan.label.domein",
	"streefdatum":  "plan.label.streefdatum",
	"eigenaar":     "plan.label.eigenaar",
	"status":       "plan.label.doel_status",
}

// planChanges puts what changed between two versions in words: the goals
// and actions by their text (the comparison names them by id), codes by
// their label, dates as dates.
func (h *Handler) planChanges(a, b *wijkregie.Plan, changes []wijkregie.PlanChange) []planChangeRow {
	goal := func(id string) (old, cur *wijkregie.Goal) {
		for i := range a.Goals {
			if a.Goals[i].ID == id {
				old = &a.Goals[i]
			}
		}
		for i := range b.Goals {
			if b.Goals[i].ID == id {
				cur = &b.Goals[i]
			}
		}
		return old, cur
	}
	var rows []planChangeRow
	for _, c := range changes {
		row := planChangeRow{Part: c.Field, From: c.From, To: c.To}
		if key, ok := planFieldLabels[formName(c.Field)]; ok {
			row.Part = h.t(key)
			switch formName(c.Field) {
			case "variant":
				row.From, row.To = h.codeText("plan.variant.", c.From), h.codeText("plan.variant.", c.To)
			case "instemming-wijze":
				row.From, row.To = h.codeText("instemming.wijze.", c.From), h.codeText("instemming.wijze.", c.To)
			case "vastgesteldOp", "instemming-datum", "evaluatiedatum":
				row.From, row.To = h.dateText(c.From), h.dateText(c.To)
			}
		} else if m := changePath.FindStringSubmatch(c.Field); m != nil {
			old, cur := goal(m[1])
			name := ""
			switch {
			case cur != nil:
				name = cur.Description
			case old != nil:
				name = old.Description
			}
			switch {
			case m[2] != "":
				row.Part = h.t("plan.wijziging.doel_actie", "doel", name)
				row.From, row.To = h.actionText(old, m[2]), h.actionText(cur, m[2])
			case m[3] != "":
				row.Part = h.t("plan.wijziging.doel_onderdeel", "doel", name, "onderdeel", h.partLabel(m[3]))
				switch m[3] {
				case "domein":
					row.From, row.To = h.codeText("domein.", c.From), h.codeText("domein.", c.To)
				case "streefdatum":
					row.From, row.To = h.dateText(c.From), h.dateText(c.To)
				case "eigenaar":
					row.From, row.To = h.codeText("doel.eigenaar.", c.From), h.codeText("doel.eigenaar.", c.To)
				case "status":
					row.From, row.To = h.codeText("doel.status.", c.From), h.codeText("doel.status.", c.To)
				}
			default:
				row.Part = h.t("plan.wijziging.doel", "doel", name)
				row.From, row.To = h.goalText(old), h.goalText(cur)
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// partLabel names a part of a goal.
func (h *Handler) partLabel(part string) string {
	if key, ok := goalPartLabels[part]; ok {
		return h.t(key)
	}
	return part
}

// codeText is a code's label, or "" for no code.
func (h *Handler) codeText(prefix, code string) string {
	if code == "" {
		return ""
	}
	return h.label(prefix, code)
}

// dateText shows a date of a comparison (2026-11-23) as a date.
func (h *Handler) dateText(s string) string {
	if d, err := wijkregie.ParseDate(s); err == nil {
		return h.formatDate(d)
	}
	return s
}

func (h *Handler) goalText(g *wijkregie.Goal) string {
	if g == nil {
		return ""
	}
	return h.t("plan.wijziging.doel_tekst", "omschrijving", g.Description, "goed_genoeg", g.SuccessCriterion,
		"domein", h.codeText("domein.", g.Domain), "datum", h.formatDate(g.TargetDate), "status", h.codeText("doel.status.", string(g.Status)))
}

func (h *Handler) actionText(g *wijkregie.Goal, id string) string {
	if g == nil {
		return ""
	}
	for _, a := range g.Actions {
		if a.ID == id {
			return h.t("plan.wijziging.actie_tekst", "wat", a.What, "wie", a.Who, "datum", h.formatDate(a.Due),
				"status", h.codeText("actie.status.", string(a.Status)))
		}
	}
	return ""
}
