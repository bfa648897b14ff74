package api

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/locale"
	"wijkregie/internal/request"
)

// TriageRegel is a signal in the team's triage queue: the list row of a
// signal, the address by which the team knows the family, and whether its
// triage deadline has passed.
type TriageRegel struct {
	SignaalSamenvatting
	Adres    *Adres `json:"adres"`
	Verlopen bool   `json:"verlopen"`
}

func (h *Handler) triageQueue(w http.ResponseWriter, r *http.Request) error {
	var v wijkregie.Invalid
	p := parsePage(r, &v)
	if err := v.Err(); err != nil {
		return err
	}
	items, total, err := h.svc.TriageQueue(r.Context(), request.Actor(r), p.store())
	if err != nil {
		return err
	}
	out := make([]TriageRegel, len(items))
	for i := range items {
		out[i] = TriageRegel{SignaalSamenvatting: signaalSamenvatting(&items[i].Signal), Verlopen: items[i].Overdue}
		if a := items[i].Address; a != nil {
			ad := adres(*a)
			out[i].Adres = &ad
		}
	}
	return writeList(w, r, out, p, total)
}

// Triagescherm is what a team member needs to triage a signal: the signal
// with who else works with the family (who, never what), the household's
// members, its earlier signals and cases, the organisations involved, the
// life domains concerned, the suggestion with the rules that gave it,
// services of the sociale kaart for a referral, and the decision once
// taken.
type Triagescherm struct {
	Signaal         Signaal         `json:"signaal"`
	Huishouden      *string         `json:"huishouden"`
	Adres           *Adres          `json:"adres"`
	Leden           []Lid           `json:"leden"`
	EerdereSignalen []EerderSignaal `json:"eerdereSignalen"`
	Casussen        []CasusKort     `json:"casussen"`
	Organisaties    []string        `json:"organisaties"`
	Domeinen        []string        `json:"domeinen"`
	AantalDomeinen  int             `json:"aantalDomeinen"`
	Suggestie       Suggestie       `json:"suggestie"`
	Diensten        []DienstKort    `json:"diensten"`
	Triagebesluit   *Triagebesluit  `json:"triagebesluit"`
	MagBeslissen    bool            `json:"magBeslissen"`
}

// EerderSignaal is another signal on the household: what kind, where it
// stands and when it came in. Its content is behind the signal's own
// resource.
type EerderSignaal struct {
	ID        string    `json:"id"`
	Soort     string    `json:"soort"`
	Status    string    `json:"status"`
	Ontvangen time.Time `json:"ontvangen"`
}

// CasusKort is a case of the household as the triage screen lists it.
type CasusKort struct {
	ID           string     `json:"id"`
	Status       string     `json:"status"`
	Niveau       string     `json:"niveau"`
	GeopendOp    time.Time  `json:"geopendOp"`
	AfgeslotenOp *time.Time `json:"afgeslotenOp"`
}

// DienstKort names a service of the sociale kaart a question may be
// referred to; the entry itself is at /sociale-kaart/{id}.
type DienstKort struct {
	ID   string `json:"id"`
	Naam string `json:"naam"`
}

// Suggestie is the decision the municipality's triage rules suggest, with
// every rule that fired: the team sees why, and may decide otherwise.
type Suggestie struct {
	Besluit string  `json:"besluit"`
	Redenen []Reden `json:"redenen"`
}

// Reden is one rule that fired: its code, the Dutch text with the figures
// filled in, and the figures themselves.
type Reden struct {
	Code    string       `json:"code"`
	Tekst   string       `json:"tekst"`
	Waarden RedenWaarden `json:"waarden"`
}

// RedenWaarden are the figures a rule names, where it names any: how many
// (life domains, professionals, safety signals) against which threshold.
type RedenWaarden struct {
	Aantal  *int `json:"aantal,omitempty"`
	Drempel *int `json:"drempel,omitempty"`
}

// Triagebesluit is the team's decision on a signal, with the suggestion
// the rules gave at that moment kept beside it.
type Triagebesluit struct {
	Signaal      string    `json:"signaal"`
	Besluit      string    `json:"besluit"`
	Reden        string    `json:"reden"`
	Dienst       *string   `json:"dienst"`
	Antwoord     string    `json:"antwoord"`
	Casus        *string   `json:"casus"`
	CasusLink    *string   `json:"casusLink"`
	Suggestie    Suggestie `json:"suggestie"`
	BeslotenDoor string    `json:"beslotenDoor"`
	BeslotenOp   time.Time `json:"beslotenOp"`
}

// TriageNieuw is the body of a triage decision.
type TriageNieuw struct {
	Besluit  string `json:"besluit"`
	Reden    string `json:"reden"`
	Dienst   string `json:"dienst"`
	Antwoord string `json:"antwoord"`
	Niveau   string `json:"niveau"`
}

// triageFields maps the use case's field names onto the body's.
var triageFields = map[string]string{"verwijzing": "dienst"}

const ruleKeyPrefix = "triage.regel."

// reden renders a rule that fired. A rule's first figure is the count, the
// second the threshold, as the catalogue's {aantal} and {drempel}.
func (h *Handler) reden(rs wijkregie.Reason) Reden {
	out := Reden{Code: strings.TrimPrefix(rs.Key, ruleKeyPrefix)}
	var args []any
	if len(rs.Args) > 0 {
		n := rs.Args[0]
		out.Waarden.Aantal = &n
		args = append(args, "aantal", n)
	}
	if len(rs.Args) > 1 {
		n := rs.Args[1]
		out.Waarden.Drempel = &n
		args = append(args, "drempel", n)
	}
	out.Tekst = h.cat.T(locale.NL, rs.Key, args...)
	return out
}

func (h *Handler) suggestie(d wijkregie.TriageDecision, rs []wijkregie.Reason) Suggestie {
	out := Suggestie{Besluit: string(d), Redenen: make([]Reden, len(rs))}
	for i, rs := range rs {
		out.Redenen[i] = h.reden(rs)
	}
	return out
}

func (h *Handler) triagebesluit(t *wijkregie.Triage) *Triagebesluit {
	why := make([]wijkregie.Reason, len(t.SuggestedWhy))
	for i, s := range t.SuggestedWhy {
		why[i] = wijkregie.ParseReason(s)
	}
	out := &Triagebesluit{Signaal: t.SignalID, Besluit: string(t.Decision), Reden: t.Reason, Dienst: orNil(t.ServiceID),
		Antwoord: t.Answer, Casus: orNil(t.CaseID), Suggestie: h.suggestie(t.Suggested, why), BeslotenDoor: t.DecidedBy,
		BeslotenOp: utc(t.DecidedAt)}
	if t.CaseID != "" {
		out.CasusLink = orNil(Base + "/casussen/" + t.CaseID)
	}
	return out
}

func (h *Handler) getTriage(w http.ResponseWriter, r *http.Request) error {
	v, err := h.svc.TriageScreen(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	out := Triagescherm{Signaal: signaal(&v.SignalView), Leden: make([]Lid, len(v.Members)),
		EerdereSignalen: make([]EerderSignaal, len(v.Earlier)), Casussen: make([]CasusKort, len(v.Cases)),
		Organisaties: orEmpty(v.Organisations), Domeinen: orEmpty(v.Domains), AantalDomeinen: len(v.Domains),
		Suggestie: h.suggestie(v.Suggestion, v.Reasons), Diensten: make([]DienstKort, len(v.Services)), MagBeslissen: v.CanDecide}
	if v.Household != nil {
		out.Huishouden = &v.Household.ID
		a := adres(v.Household.Address)
		out.Adres = &a
	}
	for i := range v.Members {
		out.Leden[i] = lid(&v.Members[i], &v.Persons[i])
	}
	for i, s := range v.Earlier {
		out.EerdereSignalen[i] = EerderSignaal{ID: s.ID, Soort: string(s.Kind), Status: string(s.Status), Ontvangen: utc(s.ReceivedAt)}
	}
	for i, c := range v.Cases {
		out.Casussen[i] = CasusKort{ID: c.ID, Status: string(c.Status), Niveau: string(c.Level), GeopendOp: utc(c.OpenedAt), AfgeslotenOp: moment(c.ClosedAt)}
	}
	for i, s := range v.Services {
		out.Diensten[i] = DienstKort{ID: s.ID, Naam: s.Name}
	}
	if v.Decided != nil {
		out.Triagebesluit = h.triagebesluit(v.Decided)
	}
	return writeResource(w, r, http.StatusOK, out)
}

func (h *Handler) createTriage(w http.ResponseWriter, r *http.Request) error {
	var in TriageNieuw
	if err := decode(w, r, &in); err != nil {
		return err
	}
	in.Dienst = strings.TrimSpace(in.Dienst)
	if in.Dienst != "" && !wijkregie.ValidID(in.Dienst) {
		// The use case takes a malformed id for a missing record (404);
		// for a body field the client needs to hear which one.
		// The rest of the body is checked as well, so one 400 names
		// every bad field.
		var v wijkregie.Invalid
		v.Field("dienst", "veld.triage.verwijzing_onbekend")
		t := wijkregie.Triage{Decision: wijkregie.TriageDecision(in.Besluit), Reason: in.Reden, Answer: in.Antwoord}
		var e *wijkregie.Error
		if errors.As(t.Validate(), &e) {
			for _, f := range e.Fields {
				if f.Name != "verwijzing" {
					v.Field(f.Name, f.Message)
				}
			}
		}
		return v.Err()
	}
	id := r.PathValue("id")
	t, err := h.svc.Triage(r.Context(), request.Actor(r), app.TriageInput{SignalID: id, Decision: wijkregie.TriageDecision(in.Besluit),
		Reason: in.Reden, ServiceID: in.Dienst, Answer: in.Antwoord, Level: wijkregie.CaseLevel(in.Niveau)})
	if err != nil {
		return renamed(err, triageFields)
	}
	return created(w, r, Base+"/signalen/"+id+"/triage", h.triagebesluit(t))
}

// renamed returns err with the use case's field names replaced by the
// API's where the two differ, so invalidParams names the body's field.
func renamed(err error, names map[string]string) error {
	var e *wijkregie.Error
	if !errors.As(err, &e) || e.Code != wijkregie.EINVALID {
		return err
	}
	out := *e
	out.Fields = make([]wijkregie.FieldError, 0, len(e.Fields))
	for _, f := range e.Fields {
		if n, ok := names[f.Name]; ok {
			f.Name = n
		}
		if !containsField(out.Fields, f) {
			out.Fields = append(out.Fields, f)
		}
	}
	return &out
}

func containsField(fs []wijkregie.FieldError, f wijkregie.FieldError) bool {
	for _, g := range fs {
		if g == f {
			return true
		}
	}
	return false
}

// moment is a timestamp in UTC, or nil when it is not set (yet).
func moment(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}
