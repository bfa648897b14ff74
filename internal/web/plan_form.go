package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/request"
)

// The plan form: one form for the first plan and for every next version.
// It carries the version it was made from; saved over a version someone
// else saved meanwhile, it comes back with the conflict at the top, every
// field as the user typed it, and what the other person changed, so that
// nothing is lost. Goals, their actions and the worries repeat; "Doel
// toevoegen" and "Actie toevoegen" post the form back for one more empty
// block. A block left empty is dropped on saving: that is how one is
// removed, and the page says so.

// planInput is the plan form's input as text, exactly as typed, so that
// it can be shown again whatever is wrong with it.
type planInput struct {
	Version                                   string
	Variant, GoingWell, OwnStrength, Support  string
	Worries                                   []worryInput
	Goals                                     []goalInput
	MeetingDate, Participants                 string
	AgreedOn, AgreedHow, EvaluationDate, Note string
}

type worryInput struct{ Text, Priority string }

type goalInput struct {
	ID, Domain, Description, SuccessCriterion, TargetDate, Owner, Organisation, Status string
	Actions                                                                            []actionInput
}

type actionInput struct{ ID, What, Who, Start, Due, Status string }

// The bounds of a posted plan: far above any real one, they keep a
// forged form from making the server loop.
const (
	maxWorries = 50
	maxGoals   = 50
	maxActions = 50
)

func worryName(i int, part string) string { return fmt.Sprintf("zorg-%d-%s", i, part) }
func goalName(i int, part string) string  { return fmt.Sprintf("doel-%d-%s", i, part) }
func actionName(i, j int, part string) string {
	return fmt.Sprintf("doel-%d-actie-%d-%s", i, j, part)
}

// readPlanInput reads the posted plan form. A block is there when its
// first field was posted, whatever it holds.
func readPlanInput(r *http.Request) planInput {
	has := func(name string) bool { _, ok := r.PostForm[name]; return ok }
	in := planInput{Version: formValue(r, "versie"), Variant: formValue(r, "variant"), GoingWell: formValue(r, "gaatGoed"),
		OwnStrength: formValue(r, "eigenKracht"), Support: formValue(r, "ondersteuningNodig"),
		MeetingDate: formValue(r, "vastgesteldOp"), Participants: formValue(r, "deelnemers"),
		AgreedOn: formValue(r, "instemming-datum"), AgreedHow: formValue(r, "instemming-wijze"),
		EvaluationDate: formValue(r, "evaluatiedatum"), Note: formValue(r, "notitie")}
	for i := 0; i < maxWorries && has(worryName(i, "omschrijving")); i++ {
		in.Worries = append(in.Worries, worryInput{Text: formValue(r, worryName(i, "omschrijving")), Priority: formValue(r, worryName(i, "prioriteit"))})
	}
	for i := 0; i < maxGoals && has(goalName(i, "omschrijving")); i++ {
		g := goalInput{ID: formValue(r, goalName(i, "id")), Domain: formValue(r, goalName(i, "domein")),
			Description: formValue(r, goalName(i, "omschrijving")), SuccessCriterion: formValue(r, goalName(i, "goedGenoeg")),
			TargetDate: formValue(r, goalName(i, "streefdatum")), Owner: formValue(r, goalName(i, "eigenaar")),
			Organisation: formValue(r, goalName(i, "organisatie")), Status: formValue(r, goalName(i, "status"))}
		for j := 0; j < maxActions && has(actionName(i, j, "wat")); j++ {
			g.Actions = append(g.Actions, actionInput{ID: formValue(r, actionName(i, j, "id")), What: formValue(r, actionName(i, j, "wat")),
				Who: formValue(r, actionName(i, j, "wie")), Start: formValue(r, actionName(i, j, "start")),
				Due: formValue(r, actionName(i, j, "wanneer")), Status: formValue(r, actionName(i, j, "status"))})
		}
		in.Goals = append(in.Goals, g)
	}
	return in
}

// planInputOf is a saved plan as the form shows it.
func planInputOf(p *wijkregie.Plan) planInput {
	in := planInput{Version: strconv.Itoa(p.Version), Variant: string(p.Variant), GoingWell: p.GoingWell, OwnStrength: p.OwnStrength,
		Support: p.SupportNeeded, MeetingDate: planDate(p.MeetingDate), Participants: p.Participants,
		AgreedOn: planDate(p.AgreedOn), AgreedHow: string(p.AgreedHow), EvaluationDate: planDate(p.EvaluationDate)}
	for _, w := range p.Worries {
		in.Worries = append(in.Worries, worryInput{Text: w.Text, Priority: strconv.Itoa(w.Priority)})
	}
	for _, g := range p.Goals {
		gi := goalInput{ID: g.ID, Domain: g.Domain, Description: g.Description, SuccessCriterion: g.SuccessCriterion, TargetDate: planDate(g.TargetDate),
			Owner: string(g.Owner), Organisation: g.OrganisationID, Status: string(g.Status)}
		for _, a := range g.Actions {
			gi.Actions = append(gi.Actions, actionInput{ID: a.ID, What: a.What, Who: a.Who, Start: planDate(a.Start), Due: planDate(a.Due), Status: string(a.Status)})
		}
		in.Goals = append(in.Goals, gi)
	}
	return in
}

// newPlanInput is the form of a case's first plan: licht als het kan, one
// worry, one goal with one action.
func newPlanInput() planInput {
	in := planInput{Version: "0", Variant: string(wijkregie.PlanLight)}
	in.addWorry()
	in.addGoal()
	return in
}

func (in *planInput) addWorry() {
	in.Worries = append(in.Worries, worryInput{Priority: strconv.Itoa(len(in.Worries) + 1)})
}

func (in *planInput) addGoal() {
	in.Goals = append(in.Goals, goalInput{Status: string(wijkregie.GoalOpen)})
	in.addAction(len(in.Goals) - 1)
}

func (in *planInput) addAction(goal int) {
	in.Goals[goal].Actions = append(in.Goals[goal].Actions, actionInput{Status: string(wijkregie.ActionPlanned)})
}

// compact drops the blocks left empty: a worry without text, an action
// without what, who and dates, a goal without description, criterion,
// date and actions. Its selects do not count: they always hold a choice.
func (in *planInput) compact() {
	in.Worries = slices.DeleteFunc(in.Worries, func(w worryInput) bool { return w.Text == "" })
	for i := range in.Goals {
		in.Goals[i].Actions = slices.DeleteFunc(in.Goals[i].Actions, func(a actionInput) bool {
			return a.What == "" && a.Who == "" && a.Start == "" && a.Due == ""
		})
	}
	in.Goals = slices.DeleteFunc(in.Goals, func(g goalInput) bool {
		return g.Description == "" && g.SuccessCriterion == "" && g.TargetDate == "" && len(g.Actions) == 0
	})
}

// plan makes the plan of the input. Dates that are no dates are returned
// as field errors: read as "no date" they would vanish without a word.
func (in *planInput) plan() (*wijkregie.Plan, []wijkregie.FieldError) {
	var errs []wijkregie.FieldError
	date := func(name, s string) time.Time {
		t, ok := dateInput(s)
		if !ok {
			errs = append(errs, wijkregie.FieldError{Name: name, Message: "veld.datum"})
		}
		return t
	}
	p := &wijkregie.Plan{Variant: wijkregie.PlanVariant(in.Variant), GoingWell: in.GoingWell, OwnStrength: in.OwnStrength,
		SupportNeeded: in.Support, Participants: in.Participants, AgreedHow: wijkregie.AgreementHow(in.AgreedHow), Note: in.Note}
	p.MeetingDate = date("vastgesteldOp", in.MeetingDate)
	p.AgreedOn = date("instemming-datum", in.AgreedOn)
	p.EvaluationDate = date("evaluatiedatum", in.EvaluationDate)
	for _, w := range in.Worries {
		p.Worries = append(p.Worries, wijkregie.Worry{Text: w.Text, Priority: number(w.Priority)})
	}
	for i, g := range in.Goals {
		goal := wijkregie.Goal{ID: g.ID, Domain: g.Domain, Description: g.Description, SuccessCriterion: g.SuccessCriterion,
			TargetDate: date(goalName(i, "streefdatum"), g.TargetDate), Owner: wijkregie.GoalOwner(g.Owner),
			OrganisationID: g.Organisation, Status: wijkregie.GoalStatus(g.Status)}
		for j, a := range g.Actions {
			goal.Actions = append(goal.Actions, wijkregie.Action{ID: a.ID, What: a.What, Who: a.Who,
				Start: date(actionName(i, j, "start"), a.Start), Due: date(actionName(i, j, "wanneer"), a.Due), Status: wijkregie.ActionStatus(a.Status)})
		}
		p.Goals = append(p.Goals, goal)
	}
	return p, errs
}

// planFormView is the plan form.
type planFormView struct {
	Case                                *wijkregie.Case
	Version                             string
	New                                 bool // the case's first plan
	Variant                             input
	GoingWell, OwnStrength, Support     input
	Worries                             []worryForm
	Goals                               []goalForm
	MeetingDate, Participants           input
	AgreedOn, AgreedHow, EvaluationDate input
	Note                                input
	GoalsError                          string // catalogue key: the plan has no goal
	Summary                             []summaryItem
	Message                             string        // catalogue key: the conflict, or a message about the whole form
	Other                               *planConflict // what someone else saved meanwhile
}

// planConflict is the version someone else saved while the user edited:
// the user's input stays in the form, this shows what the other changed.
type planConflict struct {
	Version int
	SavedBy string
	From    int         // the version the user's form was made from; 0 for a new plan
	Table   changeTable // what changed from From to Version
}

type worryForm struct {
	Number         int
	Text, Priority input
}

type goalForm struct {
	Number                                            int
	IDName, ID                                        string // the hidden id that keeps a goal across versions
	Domain, Description, SuccessCriterion, TargetDate input
	Owner, Organisation, Status                       input
	Actions                                           []actionForm
	AddAction                                         string // the value of its "Actie toevoegen" button
}

type actionForm struct {
	Number                        int
	IDName, ID                    string
	What, Who, Start, Due, Status input
}

// The values of the form's buttons that add a block (name "knop"). Any
// other value, or none (Enter in a field), saves.
const (
	buttonAddWorry  = "zorg-toevoegen"
	buttonAddGoal   = "doel-toevoegen"
	buttonAddAction = "actie-toevoegen-" // + the goal's index
)

func (h *Handler) editPlan(w http.ResponseWriter, r *http.Request) error {
	pv, err := h.changeablePlan(r)
	if err != nil {
		return err
	}
	in := newPlanInput()
	if pv.Plan != nil {
		in = planInputOf(pv.Plan)
	}
	return h.planForm(w, r, http.StatusOK, pv, in, newForm("", nil), nil, "")
}

// changeablePlan reads the case's plan for its form: only for those who
// may change it, on an open case.
func (h *Handler) changeablePlan(r *http.Request) (*app.PlanView, error) {
	pv, err := h.svc.Plan(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if !pv.CanChange {
		if !pv.Case.Open() {
			return nil, wijkregie.Conflict("fout.casus.gesloten")
		}
		return nil, wijkregie.Forbidden()
	}
	return pv, nil
}

// planForm renders the form with the input in; f holds its errors and
// message, other what someone else saved meanwhile, and focus names the
// field of a block just added.
func (h *Handler) planForm(w http.ResponseWriter, r *http.Request, status int, pv *app.PlanView, in planInput, f *form, other *planConflict, focus string) error {
	b := newBuilder(h, f)
	set := func(name, value string) string { f.Values.Set(name, value); return name }
	v := planFormView{Case: pv.Case, Version: in.Version, New: pv.Plan == nil, Message: f.Message, Other: other}
	var variants []option
	for _, pvar := range wijkregie.PlanVariants {
		variants = append(variants, option{Value: string(pvar), Text: h.t("plan.keuze.variant." + string(pvar))})
	}
	v.Variant = b.choice(set("variant", in.Variant), "radios", h.t("plan.label.variant"), "", variants)
	v.Variant.Hint = h.t("plan.hint.variant")
	v.GoingWell = b.field(set("gaatGoed", in.GoingWell), "textarea", h.t("plan.label.gaat_goed"), "")
	v.GoingWell.Hint = h.t("plan.hint.gaat_goed")
	for i, wi := range in.Worries {
		ctx := h.t("plan.context.zorg", "nummer", i+1)
		wf := worryForm{Number: i + 1,
			Text:     b.field(set(worryName(i, "omschrijving"), wi.Text), "textarea", h.t("plan.label.zorg"), ctx),
			Priority: b.field(set(worryName(i, "prioriteit"), wi.Priority), "number", h.t("plan.label.prioriteit"), ctx)}
		wf.Priority.Hint = h.t("plan.hint.prioriteit")
		wf.Text.Autofocus = wf.Text.Name == focus
		v.Worries = append(v.Worries, wf)
	}
	v.OwnStrength = b.field(set("eigenKracht", in.OwnStrength), "textarea", h.t("plan.label.eigen_kracht"), "")
	v.OwnStrength.Hint = h.t("plan.hint.eigen_kracht")
	v.Support = b.field(set("ondersteuningNodig", in.Support), "textarea", h.t("plan.label.ondersteuning_nodig"), "")
	v.Support.Hint = h.t("plan.hint.ondersteuning_nodig")
	// "doelen": a plan without goals is pointed at the goals' heading.
	b.names = append(b.names, "doelen")
	b.labels["doelen"] = h.t("plan.doelen.kop")
	domains := h.enumOptions("domein.", "keuze.kies", wijkregie.DomainCodes())
	owners := h.enumOptions("doel.eigenaar.", "keuze.kies", strs(wijkregie.GoalOwners))
	goalStatuses := h.enumOptions("doel.status.", "keuze.kies", strs(wijkregie.GoalStatuses))
	actionStatuses := h.enumOptions("actie.status.", "keuze.kies", strs(wijkregie.ActionStatuses))
	orgs := []option{{Value: "", Text: h.t("plan.keuze.geen_organisatie")}}
	for id, name := range pv.Organisations {
		orgs = append(orgs, option{Value: id, Text: name})
	}
	slices.SortFunc(orgs[1:], func(a, b option) int { return strings.Compare(a.Text, b.Text) })
	for i, gi := range in.Goals {
		ctx := h.t("plan.context.doel", "nummer", i+1)
		gf := goalForm{Number: i + 1, IDName: set(goalName(i, "id"), gi.ID), ID: gi.ID, AddAction: buttonAddAction + strconv.Itoa(i),
			Domain:           b.choice(set(goalName(i, "domein"), gi.Domain), "select", h.t("plan.label.domein"), ctx, domains),
			Description:      b.field(set(goalName(i, "omschrijving"), gi.Description), "textarea", h.t("plan.label.doel_omschrijving"), ctx),
			SuccessCriterion: b.field(set(goalName(i, "goedGenoeg"), gi.SuccessCriterion), "textarea", h.t("plan.label.goed_genoeg"), ctx),
			TargetDate:       b.field(set(goalName(i, "streefdatum"), gi.TargetDate), "date", h.t("plan.label.streefdatum"), ctx),
			Owner:            b.choice(set(goalName(i, "eigenaar"), gi.Owner), "select", h.t("plan.label.eigenaar"), ctx, owners),
			Organisation:     b.choice(set(goalName(i, "organisatie"), gi.Organisation), "select", h.t("plan.label.organisatie"), ctx, orgs),
			Status:           b.choice(set(goalName(i, "status"), gi.Status), "select", h.t("plan.label.doel_status"), ctx, goalStatuses)}
		gf.Description.Hint = h.t("plan.hint.doel_omschrijving")
		gf.SuccessCriterion.Hint, gf.SuccessCriterion.Required = h.t("plan.hint.goed_genoeg"), true
		gf.Organisation.Hint = h.t("plan.hint.organisatie")
		gf.Domain.Autofocus = gf.Domain.Name == focus
		for j, ai := range gi.Actions {
			actx := h.t("plan.context.actie", "doel", i+1, "nummer", j+1)
			af := actionForm{Number: j + 1, IDName: set(actionName(i, j, "id"), ai.ID), ID: ai.ID,
				What:   b.field(set(actionName(i, j, "wat"), ai.What), "text", h.t("plan.label.actie_wat"), actx),
				Who:    b.field(set(actionName(i, j, "wie"), ai.Who), "text", h.t("plan.label.actie_wie"), actx),
				Start:  b.field(set(actionName(i, j, "start"), ai.Start), "date", h.t("plan.label.actie_start"), actx),
				Due:    b.field(set(actionName(i, j, "wanneer"), ai.Due), "date", h.t("plan.label.actie_wanneer"), actx),
				Status: b.choice(set(actionName(i, j, "status"), ai.Status), "select", h.t("plan.label.actie_status"), actx, actionStatuses)}
			af.Who.Hint = h.t("plan.hint.actie_wie")
			af.Start.Hint = h.t("plan.hint.actie_start")
			af.What.Autofocus = af.What.Name == focus
			gf.Actions = append(gf.Actions, af)
		}
		v.Goals = append(v.Goals, gf)
	}
	v.MeetingDate = b.field(set("vastgesteldOp", in.MeetingDate), "date", h.t("plan.label.vastgesteld_op"), "")
	v.MeetingDate.Hint = h.t("plan.hint.vastgesteld_op")
	v.Participants = b.field(set("deelnemers", in.Participants), "text", h.t("plan.label.deelnemers"), "")
	v.Participants.Hint = h.t("plan.hint.deelnemers")
	v.AgreedOn = b.field(set("instemming-datum", in.AgreedOn), "date", h.t("plan.label.instemming_datum"), "")
	v.AgreedOn.Hint = h.t("plan.hint.instemming_datum")
	v.AgreedHow = b.choice(set("instemming-wijze", in.AgreedHow), "select", h.t("plan.label.instemming_wijze"), "",
		h.enumOptions("instemming.wijze.", "plan.keuze.geen_instemming", strs(wijkregie.AgreementHows)))
	v.EvaluationDate = b.field(set("evaluatiedatum", in.EvaluationDate), "date", h.t("plan.label.evaluatiedatum"), "")
	v.EvaluationDate.Hint = h.t("plan.hint.evaluatiedatum")
	v.Note = b.field(set("notitie", in.Note), "textarea", h.t("plan.label.notitie"), "")
	v.Note.Hint = h.t("plan.hint.notitie")
	v.GoalsError = f.Error("doelen")
	v.Summary = b.summary()
	p := newPage(r, "titel.plan.bewerken", "casussen", v)
	if f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "plan-bewerken", p)
}

func (h *Handler) savePlan(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	pv, err := h.changeablePlan(r)
	if err != nil {
		return err
	}
	ctx, actor, id := r.Context(), request.Actor(r), r.PathValue("id")
	in := readPlanInput(r)
	f := newForm("", nil)
	// Adding a block saves nothing: the form comes back with one more,
	// its first field focused, everything typed kept.
	switch button := formValue(r, "knop"); {
	case button == buttonAddWorry:
		if len(in.Worries) < maxWorries {
			in.addWorry()
		}
		return h.planForm(w, r, http.StatusOK, pv, in, f, nil, worryName(len(in.Worries)-1, "omschrijving"))
	case button == buttonAddGoal:
		if len(in.Goals) < maxGoals {
			in.addGoal()
		}
		return h.planForm(w, r, http.StatusOK, pv, in, f, nil, goalName(len(in.Goals)-1, "domein"))
	case strings.HasPrefix(button, buttonAddAction):
		focus := ""
		if i, err := strconv.Atoi(strings.TrimPrefix(button, buttonAddAction)); err == nil && i >= 0 && i < len(in.Goals) && len(in.Goals[i].Actions) < maxActions {
			in.addAction(i)
			focus = actionName(i, len(in.Goals[i].Actions)-1, "wat")
		}
		return h.planForm(w, r, http.StatusOK, pv, in, f, nil, focus)
	}
	in.compact()
	p, errs := in.plan()
	if len(errs) > 0 {
		// Name everything else that is wrong too, as the use case would.
		f.Errors = errs
		err = p.Validate(h.todayDate())
	} else if n, e := strconv.Atoi(in.Version); e == nil && n >= 1 {
		_, err = h.svc.SavePlan(ctx, actor, id, n, p)
	} else {
		// A form without a version is a new plan: if the case has one
		// after all, the store refuses a second.
		_, err = h.svc.CreatePlan(ctx, actor, id, p)
	}
	if len(in.Goals) == 0 {
		in.addGoal() // a place to start again
	}
	switch {
	case err == nil && len(f.Errors) == 0:
		return h.redirect(w, r, "/casussen/"+id+"/plan", "melding.plan.opgeslagen")
	case err == nil:
		return h.planForm(w, r, http.StatusUnprocessableEntity, pv, in, f, nil, "")
	case isConflict(err, "fout.plan.gewijzigd"), isConflict(err, "fout.plan.bestaat"):
		return h.planConflict(w, r, in, f, err)
	}
	fe, msg, ok := fieldErrors(err, formName)
	if !ok {
		return err
	}
	f.Errors, f.Message = append(f.Errors, fe...), msg
	return h.planForm(w, r, http.StatusUnprocessableEntity, pv, in, f, nil, "")
}

// planConflict shows the form again after someone else saved the plan
// (or made the case's plan) meanwhile: the user's input as typed, the
// conflict at the top, and what the other person changed. The form now
// carries the newest version, so saving it again is a deliberate choice
// made with the other's changes in view.
func (h *Handler) planConflict(w http.ResponseWriter, r *http.Request, in planInput, f *form, conflict error) error {
	ctx, actor, id := r.Context(), request.Actor(r), r.PathValue("id")
	pv, err := h.svc.Plan(ctx, actor, id)
	if err != nil {
		return err
	}
	var e *wijkregie.Error
	errors.As(conflict, &e)
	f.Message = e.Message
	var other *planConflict
	if pv.Plan != nil {
		other = &planConflict{Version: pv.Plan.Version, SavedBy: h.assessorName(pv.Users, pv.Plan.SavedBy)}
		if base, err := strconv.Atoi(in.Version); err == nil && base >= 1 && base < pv.Plan.Version {
			a, b, changes, err := h.svc.ComparePlan(ctx, actor, id, base, pv.Plan.Version)
			switch {
			case err == nil:
				other.From = base
				other.Table = changeTable{ID: "conflict-wijzigingen", Caption: h.t("plan.conflict.bijschrift", "naam", other.SavedBy, "van", base, "tot", other.Version),
					Rows: h.planChanges(a, b, changes)}
			case wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND:
				return err
			}
		}
		in.Version = strconv.Itoa(pv.Plan.Version)
	}
	return h.planForm(w, r, http.StatusConflict, pv, in, f, other, "")
}

// planDate is a date as a date field shows it; "" for none.
func planDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}
