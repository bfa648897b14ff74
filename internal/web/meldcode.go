package web

import (
	"net/http"
	"strconv"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/request"
)

// The Meldcode route of a safety case (Meldcode huiselijk geweld en
// kindermishandeling): the five steps in order, the afwegingskader that
// asks only the question its logic leads to next, consultations, the
// report to Veilig Thuis with its legal ground, and the safety plan. Each
// form posts the route version it was made from, except a consultation,
// which only adds.

var (
	stepFields     = []field{{"stap", "meldcode.label.stap"}, {"datum", "meldcode.label.datum"}, {"toelichting", "meldcode.label.toelichting"}}
	questionFields = []field{{"vraag", "meldcode.label.vraag"}, {"antwoord", "meldcode.label.antwoord"}, {"datum", "meldcode.label.datum"},
		{"toelichting", "meldcode.label.toelichting"}, {"peildatum", "meldcode.label.peildatum"}}
	consultFields = []field{{"soort", "meldcode.label.consultatie_soort"}, {"met", "meldcode.label.met"}, {"datum", "meldcode.label.datum"},
		{"anoniem", "meldcode.label.anoniem"}, {"samenvatting", "meldcode.label.samenvatting"}}
	reportFields = []field{{"datum", "meldcode.label.datum_melding"}, {"kenmerk", "meldcode.label.kenmerk"},
		{"toestemmingGeweigerd", "meldcode.label.toestemming_geweigerd"}}
	safetyFields = []field{{"veiligheidsplan", "meldcode.label.veiligheidsplan"}}
)

// Form prefixes of the Meldcode page: its forms share field names.
const (
	stepPrefix     = "stap-"
	questionPrefix = "vraag-"
	consultPrefix  = "consultatie-"
	reportPrefix   = "melding-"
	safetyPrefix   = "veiligheidsplan-"
)

// reviewQuestion is the afwegingsvraag whose yes organises help: it sets
// the review date at which question 5 asks whether safety lasts.
const reviewQuestion = 4

// meldcodeView is the Meldcode page.
type meldcodeView struct {
	*app.MeldcodeView
	Steps          []stepRow
	Answers        []answerRow
	Consultations  []consultRow
	ReportBy       string
	ReportGround   string // the legal ground in words, when reported without consent
	SafetyPlanBy   string
	SafetyPlanText []string // its lines, for those who read it without the form
	Outcome        wijkregie.MeldcodeOutcome
	Weighing       bool // steps 1–3 are done: the afwegingskader is open

	// The forms, for those who may work the route; nil otherwise.
	Step, Question, Consult, Report, Safety *form
	StepName                                string // the due step in words
	StepWaits                               string // catalogue key: why step 5 cannot be recorded yet
	QuestionText                            string
	AskReviewDate                           bool // the question is 4: its yes needs the review date
	ConsultKinds, YesNo                     []option
	// A step or question form that came back with errors when the page no
	// longer offers it (a step or question out of turn): its message
	// still shows where the form would be.
	StepRefused, QuestionRefused *form
}

// stepRow is one of the five steps: done, due, or still to come.
type stepRow struct {
	Number int
	Name   string
	Done   *wijkregie.MeldcodeStep
	By     string
	Due    bool
}

type answerRow struct {
	wijkregie.MeldcodeAnswer
	Text string // the question
	By   string
}

type consultRow struct {
	wijkregie.Consultation
	By string
}

func (h *Handler) meldcode(w http.ResponseWriter, r *http.Request) error {
	return h.meldcodePage(w, r, http.StatusOK, r.PathValue("id"), nil)
}

// meldcodePage renders the route with the status; failed is a form that
// came back with errors, shown in place of its empty twin.
func (h *Handler) meldcodePage(w http.ResponseWriter, r *http.Request, status int, id string, failed *form) error {
	mv, err := h.svc.Meldcode(r.Context(), request.Actor(r), id)
	if err != nil {
		return err
	}
	rt := mv.Route
	v := meldcodeView{MeldcodeView: mv, Weighing: rt.Step >= 4, SafetyPlanBy: h.userNamed(mv.Users, rt.SafetyPlanBy),
		SafetyPlanText: paragraphs(rt.SafetyPlan)}
	_, v.Outcome = wijkregie.NextQuestion(rt.Answers)
	for n := 1; n <= 5; n++ {
		row := stepRow{Number: n, Name: h.label("meldcode.stap.", n), Due: rt.Open() && n == rt.Step}
		for i := range rt.Steps {
			if rt.Steps[i].Step == n {
				row.Done, row.By = &rt.Steps[i], h.userNamed(mv.Users, rt.Steps[i].By)
			}
		}
		v.Steps = append(v.Steps, row)
	}
	for _, a := range rt.Answers {
		v.Answers = append(v.Answers, answerRow{MeldcodeAnswer: a, Text: h.label("meldcode.vraag.", a.Question), By: h.userNamed(mv.Users, a.By)})
	}
	for _, c := range rt.Consultations {
		v.Consultations = append(v.Consultations, consultRow{Consultation: c, By: h.userNamed(mv.Users, c.By)})
	}
	if rep := rt.Report; rep != nil {
		v.ReportBy = h.userNamed(mv.Users, rep.By)
		if rep.LegalBasis != "" {
			v.ReportGround = h.caseText(rep.LegalBasis)
		}
	}
	pick := func(prefix string, fields []field) *form {
		if failed != nil && failed.Prefix == prefix {
			return failed
		}
		f := newForm(prefix, fields)
		f.Values.Set("datum", h.today())
		return f
	}
	if mv.CanWork {
		if rt.Step <= 5 {
			v.Step = pick(stepPrefix, stepFields)
			// The step due now, whatever an out-of-date form posted.
			v.Step.Values.Set("stap", strconv.Itoa(rt.Step))
			v.StepName = h.label("meldcode.stap.", rt.Step)
			if rt.Step == 5 {
				switch {
				case v.Outcome == wijkregie.OutcomeOpen:
					v.StepWaits = "veld.meldcode.afweging_eerst"
				case v.Outcome == wijkregie.OutcomeReport && rt.Report == nil:
					v.StepWaits = "veld.meldcode.melding_eerst"
				}
			}
		}
		if mv.NextQuestion > 0 {
			v.Question = pick(questionPrefix, questionFields)
			v.Question.Values.Set("vraag", strconv.Itoa(mv.NextQuestion))
			v.QuestionText = h.label("meldcode.vraag.", mv.NextQuestion)
			v.AskReviewDate = mv.NextQuestion == reviewQuestion
			v.YesNo = h.codeOptions("antwoord.", []string{string(wijkregie.AnswerYes), string(wijkregie.AnswerNo)})
		}
		v.Consult = pick(consultPrefix, consultFields)
		v.ConsultKinds = h.enumOptions("consultatie.soort.", "keuze.kies", strs(wijkregie.ConsultationKinds))
		if rt.Report == nil {
			v.Report = pick(reportPrefix, reportFields)
		}
		v.Safety = pick(safetyPrefix, safetyFields)
		if failed == nil || failed.Prefix != safetyPrefix {
			v.Safety.Values.Set("veiligheidsplan", rt.SafetyPlan)
		}
	}
	if failed != nil {
		switch {
		case failed.Prefix == stepPrefix && v.Step == nil:
			v.StepRefused = failed
		case failed.Prefix == questionPrefix && v.Question == nil:
			v.QuestionRefused = failed
		}
	}
	p := newPage(r, "titel.meldcode", "casussen", v)
	if failed != nil && failed.Invalid() {
		p.Invalid = failed
	}
	return h.render(w, r, status, "meldcode", p)
}

// meldcodeChanged answers a Meldcode form: back to the route with the
// message on success, the page with the form and its errors otherwise.
func (h *Handler) meldcodeChanged(w http.ResponseWriter, r *http.Request, f *form, err error, flash string) error {
	id := r.PathValue("id")
	if err != nil {
		if status, ok := h.formFailure(f, err); ok {
			return h.meldcodePage(w, r, status, id, f)
		}
		return err
	}
	return h.redirect(w, r, "/casussen/"+id+"/meldcode", flash)
}

func (h *Handler) meldcodeStep(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readForm(r, stepPrefix, stepFields)
	n, err := strconv.Atoi(f.Value("stap"))
	if err != nil {
		n = 0 // no step at all: out of order, which the route names
	}
	st := wijkregie.MeldcodeStep{Step: n, Date: parseDay(f.Value("datum")), Rationale: f.Value("toelichting")}
	_, err = h.svc.RecordMeldcodeStep(r.Context(), request.Actor(r), r.PathValue("id"), version(r), st)
	return h.meldcodeChanged(w, r, f, err, "melding.meldcode.stap")
}

func (h *Handler) meldcodeAnswer(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readForm(r, questionPrefix, questionFields)
	q, err := strconv.Atoi(f.Value("vraag"))
	if err != nil {
		q = 0
	}
	a := wijkregie.MeldcodeAnswer{Question: q, Date: parseDay(f.Value("datum")), Rationale: f.Value("toelichting")}
	var review time.Time
	switch wijkregie.Answer3(f.Value("antwoord")) {
	case wijkregie.AnswerYes:
		a.Yes = true
		if q == reviewQuestion {
			review = parseDay(f.Value("peildatum"))
		}
	case wijkregie.AnswerNo:
	default:
		// Yes or no is a deliberate answer: none is not "no".
		f.Errors = []wijkregie.FieldError{{Name: "antwoord", Message: "veld.keuze"}}
		if a.Rationale == "" {
			f.Errors = append(f.Errors, wijkregie.FieldError{Name: "toelichting", Message: "veld.verplicht"})
		}
		return h.meldcodePage(w, r, http.StatusUnprocessableEntity, r.PathValue("id"), f)
	}
	_, err = h.svc.AnswerMeldcode(r.Context(), request.Actor(r), r.PathValue("id"), version(r), a, review)
	return h.meldcodeChanged(w, r, f, err, "melding.meldcode.vraag")
}

func (h *Handler) meldcodeConsultation(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readForm(r, consultPrefix, consultFields)
	f.Values["anoniem"] = boolValue(checked(r, "anoniem"))
	c := wijkregie.Consultation{Kind: wijkregie.ConsultationKind(f.Value("soort")), With: f.Value("met"), Date: parseDay(f.Value("datum")),
		Anonymous: checked(r, "anoniem"), Summary: f.Value("samenvatting")}
	_, err := h.svc.AddConsultation(r.Context(), request.Actor(r), r.PathValue("id"), c)
	return h.meldcodeChanged(w, r, f, err, "melding.meldcode.consultatie")
}

func (h *Handler) meldcodeReport(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readForm(r, reportPrefix, reportFields)
	f.Values["toestemmingGeweigerd"] = boolValue(checked(r, "toestemmingGeweigerd"))
	rep := wijkregie.VeiligThuisReport{Date: parseDay(f.Value("datum")), Reference: f.Value("kenmerk"), ConsentRefused: checked(r, "toestemmingGeweigerd")}
	_, err := h.svc.ReportVeiligThuis(r.Context(), request.Actor(r), r.PathValue("id"), version(r), rep)
	return h.meldcodeChanged(w, r, f, err, "melding.meldcode.melding")
}

func (h *Handler) meldcodeSafetyPlan(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readForm(r, safetyPrefix, safetyFields)
	_, err := h.svc.SaveSafetyPlan(r.Context(), request.Actor(r), r.PathValue("id"), version(r), f.Value("veiligheidsplan"))
	return h.meldcodeChanged(w, r, f, err, "melding.meldcode.veiligheidsplan")
}
