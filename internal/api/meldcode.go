package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/locale"
	"wijkregie/internal/request"
)

// Meldcoderoute is the Meldcode huiselijk geweld en kindermishandeling's
// route on a safety case: the five steps in order, the afwegingskader's
// questions along their decision logic, consultations, the report to
// Veilig Thuis, the safety plan and the review date of lasting safety.
// Only those who see the case's content read it.
type Meldcoderoute struct {
	Stap            int                 `json:"stap"`
	GestartOp       time.Time           `json:"gestartOp"`
	GestartDoor     string              `json:"gestartDoor"`
	Signaal         *string             `json:"signaal"`
	Stappen         []MeldcodeStap      `json:"stappen"`
	Afwegingsvragen []Afwegingsvraag    `json:"afwegingsvragen"`
	VolgendeVraag   *VolgendeVraag      `json:"volgendeVraag"`
	Consultaties    []Consultatie       `json:"consultaties"`
	Melding         *VeiligThuisMelding `json:"melding"`
	Veiligheidsplan *Veiligheidsplan    `json:"veiligheidsplan"`
	Peildatum       *string             `json:"peildatum"`
	Uitkomst        *string             `json:"uitkomst"`
	UitkomstTekst   *string             `json:"uitkomstTekst"`
	AfgeslotenOp    *time.Time          `json:"afgeslotenOp"`
	Versie          int                 `json:"versie"`
}

// MeldcodeStap is a step done, with its name, date, who and why.
type MeldcodeStap struct {
	Stap        int    `json:"stap"`
	Naam        string `json:"naam"`
	Datum       string `json:"datum"`
	Door        string `json:"door"`
	Toelichting string `json:"toelichting"`
}

// Afwegingsvraag is a question of the afwegingskader, answered.
type Afwegingsvraag struct {
	Vraag       int    `json:"vraag"`
	Tekst       string `json:"tekst"`
	Antwoord    bool   `json:"antwoord"`
	Datum       string `json:"datum"`
	Door        string `json:"door"`
	Toelichting string `json:"toelichting"`
}

// VolgendeVraag is the question the decision logic asks next.
type VolgendeVraag struct {
	Vraag int    `json:"vraag"`
	Tekst string `json:"tekst"`
}

// Consultatie is advice asked on the route: from whom, when, what came of
// it; advice from Veilig Thuis may be asked without naming the family.
type Consultatie struct {
	ID           string `json:"id"`
	Soort        string `json:"soort"`
	Met          string `json:"met"`
	Datum        string `json:"datum"`
	Anoniem      bool   `json:"anoniem"`
	Samenvatting string `json:"samenvatting"`
	Door         string `json:"door"`
}

// VeiligThuisMelding is the report to Veilig Thuis. When the family refused
// consent, grondslag gives the legal basis it was made on: safety goes
// first.
type VeiligThuisMelding struct {
	Datum                string  `json:"datum"`
	Kenmerk              string  `json:"kenmerk"`
	ToestemmingGeweigerd bool    `json:"toestemmingGeweigerd"`
	Grondslag            *string `json:"grondslag"`
	Door                 string  `json:"door"`
}

// Veiligheidsplan is the route's safety plan (Veilig Verder Plan), part
// of the family plan.
type Veiligheidsplan struct {
	Tekst          string     `json:"tekst"`
	OpgeslagenOp   *time.Time `json:"opgeslagenOp"`
	OpgeslagenDoor *string    `json:"opgeslagenDoor"`
}

// MeldcodeStapNieuw records the step due.
type MeldcodeStapNieuw struct {
	Stap        int    `json:"stap"`
	Datum       string `json:"datum"`
	Toelichting string `json:"toelichting"`
}

// AfwegingsvraagNieuw answers the question due. peildatum, the day lasting
// safety is reviewed, goes with a yes to question 4.
type AfwegingsvraagNieuw struct {
	Vraag       int    `json:"vraag"`
	Antwoord    *bool  `json:"antwoord"`
	Datum       string `json:"datum"`
	Toelichting string `json:"toelichting"`
	Peildatum   string `json:"peildatum"`
}

// ConsultatieNieuw is the body of a consultation.
type ConsultatieNieuw struct {
	Soort        string `json:"soort"`
	Met          string `json:"met"`
	Datum        string `json:"datum"`
	Anoniem      bool   `json:"anoniem"`
	Samenvatting string `json:"samenvatting"`
}

// meldingInvoer is the body of the report; the fields the server sets may
// be sent back as read.
type meldingInvoer struct {
	Datum                string          `json:"datum"`
	Kenmerk              string          `json:"kenmerk"`
	ToestemmingGeweigerd *bool           `json:"toestemmingGeweigerd"`
	Grondslag            json.RawMessage `json:"grondslag"`
	Door                 json.RawMessage `json:"door"`
}

// veiligheidsplanInvoer is the body of the safety plan.
type veiligheidsplanInvoer struct {
	Tekst          string          `json:"tekst"`
	OpgeslagenOp   json.RawMessage `json:"opgeslagenOp"`
	OpgeslagenDoor json.RawMessage `json:"opgeslagenDoor"`
}

func (h *Handler) meldcoderoute(v *app.MeldcodeView) Meldcoderoute {
	m := v.Route
	out := Meldcoderoute{Stap: m.Step, GestartOp: utc(m.StartedAt), GestartDoor: m.StartedBy, Signaal: orNil(m.SignalID),
		Stappen: make([]MeldcodeStap, len(m.Steps)), Afwegingsvragen: make([]Afwegingsvraag, len(m.Answers)),
		Consultaties: make([]Consultatie, len(m.Consultations)), Peildatum: day(m.ReviewDate), Uitkomst: orNil(string(m.Outcome)),
		AfgeslotenOp: moment(m.ClosedAt), Versie: m.Version}
	for i, s := range m.Steps {
		out.Stappen[i] = MeldcodeStap{Stap: s.Step, Naam: h.cat.T(locale.NL, "meldcode.stap."+strconv.Itoa(s.Step)), Datum: dayOf(s.Date),
			Door: s.By, Toelichting: s.Rationale}
	}
	for i, a := range m.Answers {
		out.Afwegingsvragen[i] = Afwegingsvraag{Vraag: a.Question, Tekst: h.question(a.Question), Antwoord: a.Yes, Datum: dayOf(a.Date),
			Door: a.By, Toelichting: a.Rationale}
	}
	if v.NextQuestion > 0 && m.Open() {
		out.VolgendeVraag = &VolgendeVraag{Vraag: v.NextQuestion, Tekst: h.question(v.NextQuestion)}
	}
	for i, c := range m.Consultations {
		out.Consultaties[i] = Consultatie{ID: c.ID, Soort: string(c.Kind), Met: c.With, Datum: dayOf(c.Date), Anoniem: c.Anonymous,
			Samenvatting: c.Summary, Door: c.By}
	}
	if rep := m.Report; rep != nil {
		out.Melding = &VeiligThuisMelding{Datum: dayOf(rep.Date), Kenmerk: rep.Reference, ToestemmingGeweigerd: rep.ConsentRefused, Door: rep.By}
		if rep.LegalBasis != "" {
			g := h.cat.T(locale.NL, rep.LegalBasis)
			out.Melding.Grondslag = &g
		}
	}
	if m.SafetyPlan != "" {
		out.Veiligheidsplan = &Veiligheidsplan{Tekst: m.SafetyPlan, OpgeslagenOp: moment(m.SafetyPlanAt), OpgeslagenDoor: orNil(m.SafetyPlanBy)}
	}
	if m.Outcome != wijkregie.OutcomeOpen {
		t := h.cat.T(locale.NL, "meldcode.uitkomst."+string(m.Outcome))
		out.UitkomstTekst = &t
	}
	return out
}

// question is the text of an afwegingsvraag (meldcode.vraag.N).
func (h *Handler) question(n int) string {
	return h.cat.T(locale.NL, "meldcode.vraag."+strconv.Itoa(n))
}

// noRoute is the answer for a case without a Meldcode route.
func noRoute() error { return wijkregie.Errorf(wijkregie.ENOTFOUND, "fout.meldcode.geen") }

// currentRoute reads the request's case's Meldcode route as GET
// …/meldcode shows it, with its version; a case without one is not found.
func (h *Handler) currentRoute(r *http.Request) reader[Meldcoderoute] {
	return func() (Meldcoderoute, int, error) {
		v, err := h.svc.Meldcode(r.Context(), request.Actor(r), r.PathValue("id"))
		if err != nil {
			return Meldcoderoute{}, 0, err
		}
		if v.Route == nil {
			return Meldcoderoute{}, 0, noRoute()
		}
		return h.meldcoderoute(v), v.Route.Version, nil
	}
}

func (h *Handler) getMeldcode(w http.ResponseWriter, r *http.Request) error {
	m, _, err := h.currentRoute(r)()
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, m)
}

// changeRoute runs a change of the route that needs the route's ETag in
// If-Match (GET /casussen/{id}/meldcode): the route is read, the tag
// compared and the version read passed on, so the store refuses the write
// when the route changed in between. The answer is the route as it is
// now: status 201 for what adds to it, 200 for what replaces a part.
func (h *Handler) changeRoute(w http.ResponseWriter, r *http.Request, status int, body any, change func(version int) error) error {
	ifm, err := ifMatch(r)
	if err != nil {
		return err
	}
	if err := decode(w, r, body); err != nil {
		return err
	}
	if err := changeOver(ifm, h.currentRoute(r), "fout.meldcode.gewijzigd", change); err != nil {
		return err
	}
	return h.writeRoute(w, r, status)
}

// writeRoute answers with the route as it is now.
func (h *Handler) writeRoute(w http.ResponseWriter, r *http.Request, status int) error {
	m, _, err := h.currentRoute(r)()
	if err != nil {
		return err
	}
	if status == http.StatusCreated {
		return created(w, r, Base+"/casussen/"+r.PathValue("id")+"/meldcode", m)
	}
	return writeResource(w, r, status, m)
}

func (h *Handler) createMeldcodeStep(w http.ResponseWriter, r *http.Request) error {
	var in MeldcodeStapNieuw
	return h.changeRoute(w, r, http.StatusCreated, &in, func(version int) error {
		var v wijkregie.Invalid
		st := wijkregie.MeldcodeStep{Step: in.Stap, Date: dateIn(&v, "datum", in.Datum), Rationale: in.Toelichting}
		if err := v.Err(); err != nil {
			if strings.TrimSpace(in.Toelichting) == "" {
				v.Field("toelichting", "veld.verplicht")
			}
			return v.Err()
		}
		_, err := h.svc.RecordMeldcodeStep(r.Context(), request.Actor(r), r.PathValue("id"), version, st)
		return err
	})
}

func (h *Handler) createMeldcodeAnswer(w http.ResponseWriter, r *http.Request) error {
	var in AfwegingsvraagNieuw
	return h.changeRoute(w, r, http.StatusCreated, &in, func(version int) error {
		var v wijkregie.Invalid
		a := wijkregie.MeldcodeAnswer{Question: in.Vraag, Date: dateIn(&v, "datum", in.Datum), Rationale: in.Toelichting}
		review := dateIn(&v, "peildatum", in.Peildatum)
		// Yes and no both mean something; an absent answer is neither.
		requiredBool(&v, "antwoord", in.Antwoord)
		if in.Antwoord != nil {
			a.Yes = *in.Antwoord
		}
		if err := v.Err(); err != nil {
			if strings.TrimSpace(in.Toelichting) == "" {
				v.Field("toelichting", "veld.verplicht")
			}
			return v.Err()
		}
		_, err := h.svc.AnswerMeldcode(r.Context(), request.Actor(r), r.PathValue("id"), version, a, review)
		return err
	})
}

// createConsultation records a consultation. It needs no If-Match: it
// adds to the route and overwrites nothing another may have written.
func (h *Handler) createConsultation(w http.ResponseWriter, r *http.Request) error {
	var in ConsultatieNieuw
	if err := decode(w, r, &in); err != nil {
		return err
	}
	var v wijkregie.Invalid
	c := wijkregie.Consultation{Kind: wijkregie.ConsultationKind(in.Soort), With: in.Met, Date: dateIn(&v, "datum", in.Datum),
		Anonymous: in.Anoniem, Summary: in.Samenvatting}
	if err := invalidWith(&v, c.Validate); err != nil {
		return err
	}
	if _, err := h.svc.AddConsultation(r.Context(), request.Actor(r), r.PathValue("id"), c); err != nil {
		return err
	}
	return h.writeRoute(w, r, http.StatusCreated)
}

func (h *Handler) putReport(w http.ResponseWriter, r *http.Request) error {
	var in meldingInvoer
	return h.changeRoute(w, r, http.StatusOK, &in, func(version int) error {
		var v wijkregie.Invalid
		rep := wijkregie.VeiligThuisReport{Date: dateIn(&v, "datum", in.Datum), Reference: in.Kenmerk}
		requiredBool(&v, "toestemmingGeweigerd", in.ToestemmingGeweigerd)
		if in.ToestemmingGeweigerd != nil {
			rep.ConsentRefused = *in.ToestemmingGeweigerd
		}
		if err := invalidWith(&v, rep.Validate); err != nil {
			return err
		}
		_, err := h.svc.ReportVeiligThuis(r.Context(), request.Actor(r), r.PathValue("id"), version, rep)
		return err
	})
}

// safetyPlanFields maps the route's field name onto the body's.
var safetyPlanFields = map[string]string{"veiligheidsplan": "tekst"}

func (h *Handler) putSafetyPlan(w http.ResponseWriter, r *http.Request) error {
	var in veiligheidsplanInvoer
	return h.changeRoute(w, r, http.StatusOK, &in, func(version int) error {
		if strings.TrimSpace(in.Tekst) == "" {
			return wijkregie.InvalidField("tekst", "veld.verplicht")
		}
		_, err := h.svc.SaveSafetyPlan(r.Context(), request.Actor(r), r.PathValue("id"), version, in.Tekst)
		return renamed(err, safetyPlanFields)
	})
}
