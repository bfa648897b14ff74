package web

import (
	"cmp"
	"net/http"
	"strconv"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/route"
)

// Mijn Plan's pages after login (docs/mijnplan.md): the family's plan, its
// consents, its own actions, its messages to the regisseur and its rating
// of the help. Plain Dutch at B1 level, one column for a phone, forms
// without JavaScript. Who may do what is decided in internal/app; these
// pages only show it.

// mijnPlanRoutes are the pages of Mijn Plan itself; the login and logout
// are in mijnplan_routes.go.
func (h *Handler) mijnPlanRoutes() []route.Route {
	return []route.Route{
		{Pattern: "GET /mijnplan", Action: policy.ViewMijnPlan, Handle: h.mijnPlan},
		{Pattern: "GET /mijnplan/acties/nieuw", Action: policy.AddMijnPlanAction, Handle: h.mijnPlanActionForm},
		{Pattern: "POST /mijnplan/acties", Action: policy.AddMijnPlanAction, Handle: h.mijnPlanAddAction},
		{Pattern: "POST /mijnplan/acties/{id}/klaar", Action: policy.CompleteMijnPlanAction, Handle: h.mijnPlanCompleteAction},
		{Pattern: "GET /mijnplan/toestemmingen", Action: policy.ViewMijnPlanConsents, Handle: h.mijnPlanConsents},
		{Pattern: "GET /mijnplan/toestemmingen/nieuw", Action: policy.GiveMijnPlanConsent, Handle: h.mijnPlanConsentForm},
		{Pattern: "POST /mijnplan/toestemmingen", Action: policy.GiveMijnPlanConsent, Handle: h.mijnPlanGiveConsent},
		{Pattern: "GET /mijnplan/toestemmingen/{id}/intrekken", Action: policy.WithdrawMijnPlanConsent, Handle: h.mijnPlanWithdrawForm},
		{Pattern: "POST /mijnplan/toestemmingen/{id}/intrekken", Action: policy.WithdrawMijnPlanConsent, Handle: h.mijnPlanWithdraw},
		{Pattern: "GET /mijnplan/bericht", Action: policy.ViewMijnPlan, Handle: h.mijnPlanMessageForm},
		{Pattern: "POST /mijnplan/bericht", Action: policy.SendMijnPlanMessage, Handle: h.mijnPlanSendMessage},
		{Pattern: "GET /mijnplan/beoordeling", Action: policy.RateMijnPlan, Handle: h.mijnPlanRatingForm},
		{Pattern: "POST /mijnplan/beoordeling", Action: policy.RateMijnPlan, Handle: h.mijnPlanRate},
	}
}

// mijnPlanGoal is a goal as the family reads it, every part in words.
type mijnPlanGoal struct {
	ID          string
	Description string
	Domain      string // in the residents' own words (Mijn ZRM)
	GoodEnough  string
	Target      string
	Owner       string
	Status      string
	Reached     bool
	Actions     []mijnPlanAction
}

// mijnPlanAction is an action as the family reads it.
type mijnPlanAction struct {
	ID      string
	What    string
	Who     string
	Due     string
	Status  string
	Done    bool
	AddedBy string // the member who added it in Mijn Plan
	CanDone bool   // the family may mark it done here
}

// mijnPlanParty is a betrokkene in words.
type mijnPlanParty struct {
	Name  string
	Role  string
	Basis string
	Note  string
}

// mijnPlanPage is the plan page's data.
type mijnPlanPage struct {
	*app.MijnPlanView
	Goals       []mijnPlanGoal
	Parties     []mijnPlanParty
	Evaluation  string // the next evaluation, as a day; "" when none
	ClosedOn    string // the day the case closed; "" while open
	ReadUntil   string // the last day the family can log in after closure
	Phone       string // the regisseur's organisation's phone
	Unread      int    // messages the regisseur has not read yet
	PlanVersion int
}

// domainName is a life domain in the residents' own words.
func (h *Handler) domainName(code string) string {
	if d, ok := wijkregie.DomainByCode(code); ok && d.ClientName != "" {
		return d.ClientName
	}
	return h.label("domein.", code)
}

// mijnPlan is the family's plan page.
func (h *Handler) mijnPlan(w http.ResponseWriter, r *http.Request) error {
	v, err := h.svc.MijnPlan(r.Context(), request.Actor(r))
	if err != nil {
		return err
	}
	p := &mijnPlanPage{MijnPlanView: v}
	if v.Plan != nil {
		p.PlanVersion = v.Plan.Version
		p.Evaluation = h.formatDate(v.Plan.EvaluationDate)
		for _, g := range v.Plan.Goals {
			mg := mijnPlanGoal{ID: g.ID, Description: g.Description, Domain: h.domainName(g.Domain), GoodEnough: g.SuccessCriterion,
				Target: h.formatDate(g.TargetDate), Status: h.label("mijnplan.doel.status.", g.Status), Reached: g.Status == wijkregie.GoalMet}
			switch {
			case g.Owner == wijkregie.OwnerPartner && v.Organisations[g.OrganisationID] != "":
				mg.Owner = v.Organisations[g.OrganisationID]
			default:
				mg.Owner = h.label("mijnplan.eigenaar.", g.Owner)
			}
			for _, a := range g.Actions {
				mg.Actions = append(mg.Actions, mijnPlanAction{ID: a.ID, What: a.What, Who: a.Who, Due: h.formatDate(a.Due),
					Status: h.label("mijnplan.actie.status.", a.Status), Done: a.Status == wijkregie.ActionDone, AddedBy: v.AddedBy[a.ID],
					CanDone: v.CanChange && v.FamilyActions[a.ID] && a.Status != wijkregie.ActionDone})
			}
			p.Goals = append(p.Goals, mg)
		}
	}
	if !v.Case.Open() {
		p.ClosedOn = h.formatDate(v.Case.ClosedAt)
		p.ReadUntil = h.formatDate(v.Case.ClosedAt.Add(wijkregie.ResidentAfterClosure - time.Minute))
	}
	if o := v.CoordinatorOrganisation; o != nil {
		p.Phone = o.Phone
	}
	for _, pt := range v.Parties {
		x := mijnPlanParty{Name: pt.Name, Role: h.label("mijnplan.rol.", pt.Role), Note: pt.Note,
			Basis: h.t("mijnplan.betrokkene.basis." + cmp.Or(pt.Basis, "geen"))}
		if pt.Organisation != "" {
			x.Name = h.t("mijnplan.betrokkene.naam_organisatie", "naam", pt.Name, "organisatie", pt.Organisation)
		}
		p.Parties = append(p.Parties, x)
	}
	for _, m := range v.Messages {
		if m.ReadAt.IsZero() {
			p.Unread++
		}
	}
	return h.renderResident(w, r, http.StatusOK, "mijnplan", residentPage(r, "mijnplan.titel.plan", p))
}

// The form that adds the family's own action.
var mijnPlanActionFields = []field{{"doel", "mijnplan.label.doel"}, {"wat", "mijnplan.label.wat"}, {"wie", "mijnplan.label.wie"},
	{"netwerk", "mijnplan.label.netwerk"}, {"wanneer", "mijnplan.label.wanneer"}}

// mijnPlanActionView is the add-an-action page's data.
type mijnPlanActionView struct {
	Form    *form
	Goals   []option
	Who     []option
	Version int
}

func (h *Handler) mijnPlanActionPage(w http.ResponseWriter, r *http.Request, status int, f *form, version int) error {
	v, err := h.svc.MijnPlan(r.Context(), request.Actor(r))
	if err != nil {
		return err
	}
	if v.Plan == nil || !v.CanChange {
		return wijkregie.Errorf(wijkregie.ENOTFOUND, "fout.plan.geen")
	}
	if version == 0 {
		version = v.Plan.Version
	}
	av := mijnPlanActionView{Form: f, Version: version, Goals: []option{{Value: "", Text: h.t("keuze.kies")}}}
	for _, g := range v.Plan.Goals {
		av.Goals = append(av.Goals, option{Value: g.ID, Text: g.Description})
	}
	av.Who = append(av.Who, option{Value: wijkregie.WhoSelf, Text: h.t("mijnplan.wie.ikzelf")})
	for _, m := range v.Members {
		if m.ID != v.Self.ID {
			av.Who = append(av.Who, option{Value: m.ID, Text: m.FullName()})
		}
	}
	av.Who = append(av.Who, option{Value: wijkregie.WhoNetwork, Text: h.t("mijnplan.wie.netwerk")})
	p := residentPage(r, "mijnplan.titel.actie", av)
	if f.Invalid() {
		p.Invalid = f
	}
	return h.renderResident(w, r, status, "mijnplan-actie", p)
}

func (h *Handler) mijnPlanActionForm(w http.ResponseWriter, r *http.Request) error {
	f := newForm("", mijnPlanActionFields)
	f.Values.Set("doel", r.URL.Query().Get("doel"))
	f.Values.Set("wie", wijkregie.WhoSelf)
	return h.mijnPlanActionPage(w, r, http.StatusOK, f, 0)
}

// mijnPlanAddAction adds the action as a new plan version; a plan changed
// meanwhile shows the message above the form, which keeps the input.
func (h *Handler) mijnPlanAddAction(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readForm(r, "", mijnPlanActionFields)
	in := app.MijnPlanActionInput{GoalID: f.Value("doel"), What: f.Value("wat"), Who: f.Value("wie"), Network: f.Value("netwerk")}
	var bad []wijkregie.FieldError
	if s := f.Value("wanneer"); s != "" {
		d, err := wijkregie.ParseDate(s)
		if err != nil {
			bad = append(bad, wijkregie.FieldError{Name: "wanneer", Message: "veld.datum"})
		}
		in.Due = d
	}
	if len(bad) > 0 {
		f.Errors = bad
		return h.mijnPlanActionPage(w, r, http.StatusUnprocessableEntity, f, version(r))
	}
	if _, err := h.svc.AddMijnPlanAction(r.Context(), request.Actor(r), version(r), in); err != nil {
		if status, ok := h.formFailure(f, err); ok {
			// On a conflict the form goes over the version that is there
			// now: the family sends its action again, over what it saw.
			v := version(r)
			if status == http.StatusConflict {
				v, f.Message = 0, "mijnplan.fout.plan_gewijzigd"
			}
			return h.mijnPlanActionPage(w, r, status, f, v)
		}
		return err
	}
	return h.redirectResident(w, r, "/mijnplan#doelen", "mijnplan.melding.actie_toegevoegd")
}

// mijnPlanCompleteAction marks an action done. A plan changed meanwhile
// is a conflict: the page says so and shows the plan as it is now.
func (h *Handler) mijnPlanCompleteAction(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	if _, err := h.svc.CompleteMijnPlanAction(r.Context(), request.Actor(r), version(r), r.PathValue("id")); err != nil {
		if wijkregie.ErrorCode(err) == wijkregie.ECONFLICT {
			return h.redirectResident(w, r, "/mijnplan#doelen", "mijnplan.melding.plan_gewijzigd")
		}
		return err
	}
	return h.redirectResident(w, r, "/mijnplan#doelen", "mijnplan.melding.actie_klaar")
}

// mijnPlanConsentRow is a consent in words.
type mijnPlanConsentRow struct {
	ID        string
	Recipient string
	Purpose   string
	Domains   string
	Given     string
	Until     string
	Ended     string
	Version   int
}

// mijnPlanConsentPerson is one member's consents on the page.
type mijnPlanConsentPerson struct {
	ID      string
	Heading string
	Rule    string
	Active  []mijnPlanConsentRow
	Ended   []mijnPlanConsentRow
	CanGive bool
}

// mijnPlanConsentsPage is the consents page's data.
type mijnPlanConsentsPage struct {
	Persons []mijnPlanConsentPerson
	NoOrgs  bool // the case has no partner organisation to give one to
}

// consentRule says whose consent counts for a member, in plain Dutch.
func (h *Handler) mijnPlanConsentRule(cp app.MijnPlanConsentPerson) string {
	switch {
	case cp.Self:
		return h.t("mijnplan.toestemming.regel.zelf")
	case cp.Age < 12:
		return h.t("mijnplan.toestemming.regel.onder_12", "naam", cp.Person.GivenName)
	default:
		return h.t("mijnplan.toestemming.regel.12_tot_16", "naam", cp.Person.GivenName)
	}
}

func (h *Handler) mijnPlanConsentRow(c *wijkregie.Consent, orgs map[string]*wijkregie.Organisation, now time.Time) mijnPlanConsentRow {
	row := mijnPlanConsentRow{ID: c.ID, Recipient: h.recipient(c, orgs), Purpose: h.label("mijnplan.toestemming.doel.", c.Purpose),
		Given: h.formatDate(c.GivenOn), Until: h.formatDate(c.Until), Version: c.Version}
	var ds []string
	for _, d := range c.Domains {
		ds = append(ds, h.domainName(d))
	}
	row.Domains = strings.Join(ds, ", ")
	switch c.StatusAt(now) {
	case wijkregie.ConsentWithdrawn:
		row.Ended = h.t("mijnplan.toestemming.ingetrokken_op", "datum", h.formatDate(c.WithdrawnAt))
	case wijkregie.ConsentExpired:
		row.Ended = h.t("mijnplan.toestemming.verlopen_op", "datum", h.formatDate(c.Until))
	}
	return row
}

func (h *Handler) mijnPlanConsents(w http.ResponseWriter, r *http.Request) error {
	v, err := h.svc.MijnPlanConsents(r.Context(), request.Actor(r))
	if err != nil {
		return err
	}
	now := h.svc.Now()
	pg := mijnPlanConsentsPage{NoOrgs: len(v.Recipients) == 0}
	for _, cp := range v.Persons {
		x := mijnPlanConsentPerson{ID: cp.Person.ID, Rule: h.mijnPlanConsentRule(cp), CanGive: v.CanGive && len(v.Recipients) > 0}
		if cp.Self {
			x.Heading = h.t("mijnplan.toestemming.kop.zelf")
		} else {
			x.Heading = h.t("mijnplan.toestemming.kop.kind", "naam", cp.Person.FullName(), "leeftijd", cp.Age)
		}
		for i := range cp.Active {
			x.Active = append(x.Active, h.mijnPlanConsentRow(&cp.Active[i], v.Organisations, now))
		}
		for i := range cp.Ended {
			x.Ended = append(x.Ended, h.mijnPlanConsentRow(&cp.Ended[i], v.Organisations, now))
		}
		pg.Persons = append(pg.Persons, x)
	}
	return h.renderResident(w, r, http.StatusOK, "mijnplan-toestemmingen", residentPage(r, "mijnplan.titel.toestemmingen", pg))
}

// The form that gives a consent.
var mijnPlanConsentFields = []field{{"persoon", "mijnplan.label.persoon"}, {"organisatie", "mijnplan.label.organisatie"},
	{"doel", "mijnplan.label.doel_toestemming"}, {"domeinen", "mijnplan.label.domeinen"}, {"kindAkkoord", "mijnplan.label.kind_akkoord"}}

// mijnPlanConsentFormView is the give-a-consent page's data.
type mijnPlanConsentFormView struct {
	Form          *form
	PersonID      string
	Heading       string
	Rule          string
	ChildAgrees   bool // ask the parent to confirm the child agrees
	ChildName     string
	Organisations []option
	Purposes      []option
	Domains       []option
}

func (h *Handler) mijnPlanConsentPage(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	v, err := h.svc.MijnPlanConsents(r.Context(), request.Actor(r))
	if err != nil {
		return err
	}
	if !v.CanGive || len(v.Recipients) == 0 {
		return wijkregie.Forbidden()
	}
	var cp *app.MijnPlanConsentPerson
	for i := range v.Persons {
		if v.Persons[i].Person.ID == f.Value("persoon") {
			cp = &v.Persons[i]
		}
	}
	if cp == nil {
		return wijkregie.NotFound()
	}
	fv := mijnPlanConsentFormView{Form: f, PersonID: cp.Person.ID, Rule: h.mijnPlanConsentRule(*cp), ChildAgrees: cp.ChildAgrees, ChildName: cp.Person.GivenName,
		Organisations: []option{{Value: "", Text: h.t("keuze.kies")}}}
	if cp.Self {
		fv.Heading = h.t("mijnplan.toestemming.nieuw.kop.zelf")
	} else {
		fv.Heading = h.t("mijnplan.toestemming.nieuw.kop.kind", "naam", cp.Person.FullName())
	}
	for _, o := range v.Recipients {
		fv.Organisations = append(fv.Organisations, option{Value: o.ID, Text: o.Name})
	}
	for _, pp := range wijkregie.ConsentPurposes {
		fv.Purposes = append(fv.Purposes, option{Value: string(pp), Text: h.label("mijnplan.toestemming.doel_uitleg.", pp)})
	}
	for _, d := range wijkregie.Domains {
		fv.Domains = append(fv.Domains, option{Value: d.Code, Text: h.domainName(d.Code)})
	}
	p := residentPage(r, "mijnplan.titel.toestemming_nieuw", fv)
	if f.Invalid() {
		p.Invalid = f
	}
	return h.renderResident(w, r, status, "mijnplan-toestemming-nieuw", p)
}

func (h *Handler) mijnPlanConsentForm(w http.ResponseWriter, r *http.Request) error {
	f := newForm("", mijnPlanConsentFields)
	f.Values.Set("persoon", r.URL.Query().Get("persoon"))
	return h.mijnPlanConsentPage(w, r, http.StatusOK, f)
}

// mijnPlanGiveConsent gives the consent and goes back to the list; errors
// come back beside their fields, with the input kept.
func (h *Handler) mijnPlanGiveConsent(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm("", mijnPlanConsentFields)
	for _, name := range []string{"persoon", "organisatie", "doel", "kindAkkoord"} {
		f.Values.Set(name, formValue(r, name))
	}
	f.Values["domeinen"] = r.PostForm["domeinen"]
	in := app.MijnPlanConsentInput{PersonID: f.Value("persoon"), OrganisationID: f.Value("organisatie"), Purpose: wijkregie.ConsentPurpose(f.Value("doel")),
		Domains: f.Values["domeinen"], ChildAgrees: checked(r, "kindAkkoord")}
	if _, err := h.svc.GiveMijnPlanConsent(r.Context(), request.Actor(r), in); err != nil {
		if status, ok := h.formFailure(f, err); ok {
			return h.mijnPlanConsentPage(w, r, status, f)
		}
		return err
	}
	return h.redirectResident(w, r, "/mijnplan/toestemmingen", "mijnplan.melding.toestemming_gegeven")
}

// mijnPlanWithdrawView is the page that confirms a withdrawal.
type mijnPlanWithdrawView struct {
	Form   *form
	Person string
	Row    mijnPlanConsentRow
}

var mijnPlanWithdrawFields = []field{{"reden", "mijnplan.label.reden"}}

func (h *Handler) mijnPlanWithdrawPage(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	c, p, orgs, err := h.svc.MijnPlanConsent(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	v := mijnPlanWithdrawView{Form: f, Person: p.FullName(), Row: h.mijnPlanConsentRow(c, orgs, h.svc.Now())}
	if v.Row.Ended != "" && status == http.StatusOK {
		return wijkregie.Conflict("fout.toestemming.al_ingetrokken")
	}
	pg := residentPage(r, "mijnplan.titel.intrekken", v)
	if f.Invalid() {
		pg.Invalid = f
	}
	return h.renderResident(w, r, status, "mijnplan-toestemming-intrekken", pg)
}

func (h *Handler) mijnPlanWithdrawForm(w http.ResponseWriter, r *http.Request) error {
	return h.mijnPlanWithdrawPage(w, r, http.StatusOK, newForm("", mijnPlanWithdrawFields))
}

// mijnPlanWithdraw withdraws the consent at once, over the version the
// confirmation page showed; a consent changed meanwhile comes back with
// the message and the reason kept.
func (h *Handler) mijnPlanWithdraw(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readForm(r, "", mijnPlanWithdrawFields)
	if _, err := h.svc.WithdrawMijnPlanConsent(r.Context(), request.Actor(r), r.PathValue("id"), f.Value("reden"), version(r)); err != nil {
		if status, ok := h.formFailure(f, err); ok {
			return h.mijnPlanWithdrawPage(w, r, status, f)
		}
		return err
	}
	return h.redirectResident(w, r, "/mijnplan/toestemmingen", "mijnplan.melding.toestemming_ingetrokken")
}

// mijnPlanMessageView is the message page's data: the form and the
// messages the resident sent.
type mijnPlanMessageView struct {
	Form        *form
	CanMessage  bool
	Coordinator string
	Sent        []mijnPlanSent
}

type mijnPlanSent struct {
	Text string
	Sent string
	Read string // "" while unread
}

var mijnPlanMessageFields = []field{{"bericht", "mijnplan.label.bericht"}}

func (h *Handler) mijnPlanMessagePage(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	v, err := h.svc.MijnPlan(r.Context(), request.Actor(r))
	if err != nil {
		return err
	}
	mv := mijnPlanMessageView{Form: f, CanMessage: v.CanMessage}
	if v.Coordinator != nil {
		mv.Coordinator = v.Coordinator.Name
	}
	for _, m := range v.Messages {
		s := mijnPlanSent{Text: m.Text, Sent: h.formatTime(m.SentAt)}
		if !m.ReadAt.IsZero() {
			s.Read = h.formatTime(m.ReadAt)
		}
		mv.Sent = append(mv.Sent, s)
	}
	p := residentPage(r, "mijnplan.titel.bericht", mv)
	if f.Invalid() {
		p.Invalid = f
	}
	return h.renderResident(w, r, status, "mijnplan-bericht", p)
}

func (h *Handler) mijnPlanMessageForm(w http.ResponseWriter, r *http.Request) error {
	return h.mijnPlanMessagePage(w, r, http.StatusOK, newForm("", mijnPlanMessageFields))
}

func (h *Handler) mijnPlanSendMessage(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm("", mijnPlanMessageFields)
	f.Values.Set("bericht", r.PostFormValue("bericht")) // kept as typed
	if _, err := h.svc.SendMijnPlanMessage(r.Context(), request.Actor(r), f.Value("bericht")); err != nil {
		if status, ok := h.formFailure(f, err); ok {
			return h.mijnPlanMessagePage(w, r, status, f)
		}
		return err
	}
	return h.redirectResident(w, r, "/mijnplan/bericht", "mijnplan.melding.bericht_verstuurd")
}

// mijnPlanRatingView is the rating page's data.
type mijnPlanRatingView struct {
	Form      *form
	Scores    []option
	Outcomes  []ratingQuestion
	Questions []ratingQuestion
}

// ratingQuestion is one question with its choices.
type ratingQuestion struct {
	Name    string
	Label   string
	Options []option
}

// mijnPlanRatingFields lists the rating form's fields in the page's order.
var mijnPlanRatingFields = func() []field {
	fs := []field{{"cijfer", "mijnplan.label.cijfer"}, {"doelenBereikt", "mijnplan.vraag.doelenBereikt"},
		{"problemenMinder", "mijnplan.vraag.problemenMinder"}, {"kanVerderZonderHulp", "mijnplan.vraag.kanVerderZonderHulp"}}
	for _, q := range wijkregie.RatingQuestions {
		fs = append(fs, field{q.Key, "mijnplan.vraag." + q.Key})
	}
	return append(fs, field{"opmerking", "mijnplan.label.opmerking"})
}()

func (h *Handler) mijnPlanRatingPage(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	v, err := h.svc.MijnPlan(r.Context(), request.Actor(r))
	if err != nil {
		return err
	}
	switch {
	case v.Rating != nil:
		return wijkregie.Conflict("fout.mijnplan.al_beoordeeld")
	case !v.CanRate:
		// Nothing rated yet: the case is still open (after the 90 days
		// the resident cannot log in at all).
		return wijkregie.Errorf(wijkregie.EFORBIDDEN, "fout.mijnplan.nog_niet_beoordelen")
	}
	rv := mijnPlanRatingView{Form: f, Scores: []option{{Value: "", Text: h.t("keuze.kies")}}}
	for i := 1; i <= 10; i++ {
		rv.Scores = append(rv.Scores, option{Value: strconv.Itoa(i), Text: strconv.Itoa(i)})
	}
	three := []option{{Value: "ja", Text: h.t("antwoord.ja")}, {Value: "deels", Text: h.t("antwoord.deels")},
		{Value: "nee", Text: h.t("antwoord.nee")}, {Value: "", Text: h.t("mijnplan.antwoord.geen")}}
	for _, name := range []string{"doelenBereikt", "problemenMinder", "kanVerderZonderHulp"} {
		rv.Outcomes = append(rv.Outcomes, ratingQuestion{Name: name, Label: "mijnplan.vraag." + name, Options: three})
	}
	var five []option
	for i := 5; i >= 1; i-- {
		five = append(five, option{Value: strconv.Itoa(i), Text: h.t("mijnplan.schaal." + strconv.Itoa(i))})
	}
	five = append(five, option{Value: "", Text: h.t("mijnplan.antwoord.geen")})
	for _, q := range wijkregie.RatingQuestions {
		rv.Questions = append(rv.Questions, ratingQuestion{Name: q.Key, Label: "mijnplan.vraag." + q.Key, Options: five})
	}
	p := residentPage(r, "mijnplan.titel.beoordeling", rv)
	if f.Invalid() {
		p.Invalid = f
	}
	return h.renderResident(w, r, status, "mijnplan-beoordeling", p)
}

func (h *Handler) mijnPlanRatingForm(w http.ResponseWriter, r *http.Request) error {
	return h.mijnPlanRatingPage(w, r, http.StatusOK, newForm("", mijnPlanRatingFields))
}

// mijnPlanRate stores the rating; errors come back beside their fields.
func (h *Handler) mijnPlanRate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readForm(r, "", mijnPlanRatingFields)
	rt := &wijkregie.Rating{GoalsAchieved: wijkregie.Answer3(f.Value("doelenBereikt")), ProblemsReduced: wijkregie.Answer3(f.Value("problemenMinder")),
		CanContinue: wijkregie.Answer3(f.Value("kanVerderZonderHulp")), Answers: map[string]wijkregie.Agreement{}, Remark: f.Value("opmerking")}
	var bad []wijkregie.FieldError
	if n, err := strconv.Atoi(f.Value("cijfer")); err == nil {
		rt.Score = n
	}
	for _, q := range wijkregie.RatingQuestions {
		if s := f.Value(q.Key); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				bad = append(bad, wijkregie.FieldError{Name: q.Key, Message: "veld.keuze"})
				continue
			}
			rt.Answers[q.Key] = wijkregie.Agreement(n)
		}
	}
	if len(bad) > 0 {
		f.Errors = bad
		return h.mijnPlanRatingPage(w, r, http.StatusUnprocessableEntity, f)
	}
	if err := h.svc.RateMijnPlan(r.Context(), request.Actor(r), rt); err != nil {
		if status, ok := h.formFailure(f, err); ok {
			return h.mijnPlanRatingPage(w, r, status, f)
		}
		return err
	}
	return h.redirectResident(w, r, "/mijnplan", "mijnplan.melding.beoordeeld")
}
