package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/locale"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/route"
)

// The page of one outreach (docs/outreach.md): the household's address
// and residents, the arrears its creditors reported, the deadline of the
// first offer of help, the contact attempts, and — for whom may work it —
// the forms to record an attempt, to assign it and to close it with an
// outcome, each saying what the outcome leads to. After closing it shows
// the outcome, what the creditor is told and what followed. Who may see
// and do what is decided in internal/app.

// outreachRoutes are the page and its three forms.
func (h *Handler) outreachRoutes() []route.Route {
	return []route.Route{
		{Pattern: "GET /vroegsignalering/{id}", Action: policy.ViewOutreach, Handle: h.outreachPage},
		{Pattern: "POST /vroegsignalering/{id}/contactpogingen", Action: policy.WorkOutreach, Handle: h.recordOutreachAttempt},
		{Pattern: "POST /vroegsignalering/{id}/toewijzing", Action: policy.WorkOutreach, Handle: h.assignOutreachTo},
		{Pattern: "POST /vroegsignalering/{id}/afronding", Action: policy.WorkOutreach, Handle: h.closeOutreachWith},
	}
}

// The three forms, each with an id prefix of its own: one page holds them
// all, and a form that came back with errors is shown in place of its
// empty twin.
const (
	outreachAttemptPrefix = "poging-"
	outreachAssignPrefix  = "toewijzing-"
	outreachClosePrefix   = "afronding-"
)

var (
	outreachAttemptFields = []field{{"soort", "vroegsignaal.label.soort"}, {"datum", "vroegsignaal.label.datum"},
		{"dagdeel", "vroegsignaal.label.dagdeel"}, {"bereikt", "vroegsignaal.label.bereikt"}, {"toelichting", "vroegsignaal.label.toelichting_poging"}}
	outreachAssignFields = []field{{"medewerker", "vroegsignaal.label.medewerker"}}
	outreachCloseFields  = []field{{"resultaat", "vroegsignaal.label.resultaat"}, {"toelichting", "vroegsignaal.label.toelichting_resultaat"}}
)

// outreachPageView is the page's data, every code in words.
type outreachPageView struct {
	*app.OutreachView
	Members  string // the residents' names, or "" for none
	Assigned string // the name of whom it is assigned to, "" for nobody
	Arrears  []outreachArrearsRow
	Contacts []outreachContactRow

	// The forms, nil when the actor may not work it (or it is closed).
	Attempt, Assign, Close *form
	Kinds, Parts, YesNo    []option
	Candidates, Outcomes   []option
	Mine                   bool   // assigned to the actor already
	NeedContact            string // the outcomes that need a household reached, in words

	// After closing.
	Outcome, Reduced, ClosedBy string
}

// outreachArrearsRow is one report in words.
type outreachArrearsRow struct {
	Creditor, CreditorKind, Kind, Debtor, Amount, Since, End, Status string
	Terms                                                            int
	Threatening, Paid                                                bool
}

// outreachContactRow is one attempt in words.
type outreachContactRow struct {
	Date, Part, Kind, Note, By string
	Reached                    bool
}

// euros writes an amount in cents as the language writes euros: "€ 1.234,56"
// in Dutch, "€1,234.56" in English.
func (h *Handler) euros(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	whole := fmt.Sprint(cents / 100)
	thousands, decimal, space := ".", ",", " "
	if h.lang == locale.EN {
		thousands, decimal, space = ",", ".", ""
	}
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(thousands)
		}
		b.WriteRune(r)
	}
	return fmt.Sprintf("%s€%s%s%s%02d", sign, space, b.String(), decimal, cents%100)
}

// debtor is the debtor as the creditor named them.
func debtor(d wijkregie.Debtor) string {
	return strings.Join(strings.Fields(d.Initials+" "+d.Prefix+" "+d.Surname), " ")
}

// outreachPage renders the page with the status; failed is a form that
// came back with errors, shown with the user's input in place of its
// empty twin.
func (h *Handler) outreachPageWith(w http.ResponseWriter, r *http.Request, status int, failed *form) error {
	actor := request.Actor(r)
	ov, err := h.svc.Outreach(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	o := ov.Outreach
	v := outreachPageView{OutreachView: ov, Assigned: h.userNamed(ov.Users, o.AssignedTo), Mine: o.AssignedTo == actor.UserID}
	var names []string
	for _, p := range ov.Members {
		names = append(names, p.FullName())
	}
	v.Members = strings.Join(names, ", ")
	for _, a := range ov.Arrears {
		row := outreachArrearsRow{Kind: h.label("vroegsignaal.melding.", a.Kind), Debtor: debtor(a.Debtor), Amount: h.euros(a.AmountCents),
			Terms: a.Terms, Since: h.formatDate(a.Since), End: h.formatDate(a.EndDate), Status: h.label("vroegsignaal.achterstand.", a.Status),
			Threatening: a.Kind.Threatening() && a.Status == wijkregie.ArrearsOpen, Paid: a.Status == wijkregie.ArrearsClosed}
		if c := ov.Creditors[a.CreditorID]; c != nil {
			row.Creditor, row.CreditorKind = c.Name, h.label("vroegsignaal.schuldeiser.", c.Kind)
		}
		v.Arrears = append(v.Arrears, row)
	}
	for _, c := range ov.Contacts {
		v.Contacts = append(v.Contacts, outreachContactRow{Date: h.formatDate(c.On), Part: h.label("vroegsignaal.dagdeel.", c.PartOfDay),
			Kind: h.label("vroegsignaal.contactsoort.", c.Kind), Note: c.Note, By: h.userNamed(ov.Users, c.RecordedBy), Reached: c.Reached})
	}
	if o.Status == wijkregie.OutreachClosed {
		v.Outcome = h.label("vroegsignaal.resultaat.", o.Outcome)
		v.Reduced = h.label("vroegsignaal.teruggemeld.", o.Outcome.Reduced())
		v.ClosedBy = h.userNamed(ov.Users, o.ClosedBy)
	}
	if ov.CanWork {
		h.outreachForms(&v, failed)
	}
	p := newPage(r, "titel.vroegsignaal", "vroegsignalering", v)
	if failed != nil && failed.Invalid() {
		p.Invalid = failed
	}
	return h.render(w, r, status, "vroegsignaal", p)
}

// outreachForms fills in the three forms and their choices: the date of
// an attempt defaults to today and its part of the day to the clock's.
func (h *Handler) outreachForms(v *outreachPageView, failed *form) {
	pick := func(prefix string, fields []field) *form {
		if failed != nil && failed.Prefix == prefix {
			return failed
		}
		return newForm(prefix, fields)
	}
	v.Attempt, v.Assign, v.Close = pick(outreachAttemptPrefix, outreachAttemptFields), pick(outreachAssignPrefix, outreachAssignFields), pick(outreachClosePrefix, outreachCloseFields)
	if v.Attempt != failed {
		v.Attempt.Values.Set("datum", h.today())
		v.Attempt.Values.Set("dagdeel", string(wijkregie.PartOfDayAt(h.svc.Now())))
	}
	for _, k := range wijkregie.AttemptKinds {
		v.Kinds = append(v.Kinds, option{Value: string(k), Text: h.label("vroegsignaal.contactsoort.", k)})
	}
	for _, p := range wijkregie.PartsOfDay {
		v.Parts = append(v.Parts, option{Value: string(p), Text: h.label("vroegsignaal.dagdeel.", p)})
	}
	v.YesNo = []option{{Value: "ja", Text: h.t("vroegsignaal.ja")}, {Value: "nee", Text: h.t("vroegsignaal.nee")}}
	v.Candidates = []option{{Value: "", Text: h.t("vroegsignaal.keuze.medewerker")}}
	for _, u := range v.OutreachView.Candidates {
		v.Candidates = append(v.Candidates, option{Value: u.ID, Text: u.Name})
	}
	v.Outcomes = []option{{Value: "", Text: h.t("vroegsignaal.keuze.resultaat")}}
	var need []string
	for _, c := range wijkregie.OutcomeCodes {
		v.Outcomes = append(v.Outcomes, option{Value: string(c), Text: h.label("vroegsignaal.resultaat.", c)})
		if c.NeedsContact() {
			need = append(need, h.label("vroegsignaal.resultaat.", c))
		}
	}
	v.NeedContact = h.t("vroegsignaal.gevolg.contact", "resultaten", strings.Join(need, ", "))
}

func (h *Handler) outreachPage(w http.ResponseWriter, r *http.Request) error {
	return h.outreachPageWith(w, r, http.StatusOK, nil)
}

// outreachDone answers a form: back to the page with a message, or the
// page again with the errors beside their fields (a conflict above the
// form), the input kept.
func (h *Handler) outreachDone(w http.ResponseWriter, r *http.Request, f *form, err error, flash string) error {
	if err != nil {
		if status, ok := h.formFailure(f, err); ok {
			return h.outreachPageWith(w, r, status, f)
		}
		return err
	}
	return h.redirect(w, r, "/vroegsignalering/"+r.PathValue("id"), flash)
}

// recordOutreachAttempt records the attempt the form describes.
func (h *Handler) recordOutreachAttempt(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readForm(r, outreachAttemptPrefix, outreachAttemptFields)
	f.Values.Set("toelichting", r.PostFormValue("toelichting")) // kept as typed
	c := &wijkregie.ContactAttempt{Kind: wijkregie.AttemptKind(f.Value("soort")), PartOfDay: wijkregie.PartOfDay(f.Value("dagdeel")),
		Reached: f.Value("bereikt") == "ja", Note: f.Value("toelichting")}
	var bad []wijkregie.FieldError
	if s := f.Value("datum"); s != "" {
		d, err := wijkregie.ParseDate(s)
		if err != nil {
			bad = append(bad, wijkregie.FieldError{Name: "datum", Message: "veld.datum"})
		}
		c.On = d
	}
	if b := f.Value("bereikt"); b != "ja" && b != "nee" {
		bad = append(bad, wijkregie.FieldError{Name: "bereikt", Message: "veld.keuze"})
	}
	if len(bad) > 0 {
		// What only the form can say, with what the attempt's own rules
		// say, each field once; nothing is recorded. The page drawn again
		// reads the outreach as the use case does, so who may not see it
		// gets no further than without the form's checks.
		f.fail(mergeInvalid(bad, c.Validate(wijkregie.Today(h.svc.Now()))))
		return h.outreachPageWith(w, r, http.StatusUnprocessableEntity, f)
	}
	_, _, err := h.svc.RecordContactAttempt(r.Context(), request.Actor(r), r.PathValue("id"), c)
	return h.outreachDone(w, r, f, err, "melding.vroegsignaal.poging")
}

// mergeInvalid joins the form's own field errors with a validation error
// of the domain (nil: none), each field once.
func mergeInvalid(bad []wijkregie.FieldError, err error) error {
	var v wijkregie.Invalid
	named := map[string]bool{}
	for _, b := range bad {
		v.Field(b.Name, b.Message)
		named[b.Name] = true
	}
	var e *wijkregie.Error
	if errors.As(err, &e) {
		for _, fe := range e.Fields {
			if !named[fe.Name] {
				v.Field(fe.Name, fe.Message)
			}
		}
	}
	return v.Err()
}

// assignOutreachTo assigns the outreach to the professional chosen, or
// (the button "Aan mij toewijzen") to the user.
func (h *Handler) assignOutreachTo(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readForm(r, outreachAssignPrefix, outreachAssignFields)
	actor := request.Actor(r)
	to := f.Value("medewerker")
	if formValue(r, "aanMij") == "ja" {
		to = actor.UserID
	}
	_, err := h.svc.AssignOutreach(r.Context(), actor, r.PathValue("id"), to, version(r))
	return h.outreachDone(w, r, f, err, "melding.vroegsignaal.toegewezen")
}

// closeOutreachWith closes the outreach with the outcome chosen, over the
// version the page showed.
func (h *Handler) closeOutreachWith(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readForm(r, outreachClosePrefix, outreachCloseFields)
	f.Values.Set("toelichting", r.PostFormValue("toelichting"))
	_, err := h.svc.CloseOutreach(r.Context(), request.Actor(r), r.PathValue("id"),
		app.OutreachClosing{Outcome: wijkregie.OutcomeCode(f.Value("resultaat")), Note: f.Value("toelichting"), Version: version(r)})
	return h.outreachDone(w, r, f, err, "melding.vroegsignaal.afgerond")
}
