package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/locale"
	"wijkregie/internal/request"
)

// ZRMMeting is one Zelfredzaamheid-Matrix assessment of a case's
// household: per person, the domains scored. A domain without a score is
// niet beoordeeld — niet relevant voor de hulpvraag, the default; an
// assessment is never changed, a new one is made.
type ZRMMeting struct {
	ID           string     `json:"id"`
	Moment       string     `json:"moment"`
	Datum        string     `json:"datum"`
	Beoordelaar  string     `json:"beoordelaar"`
	Instrument   string     `json:"instrument"`
	Scores       []ZRMScore `json:"scores"`
	AangemaaktOp time.Time  `json:"aangemaaktOp"`
}

// ZRMScore is one person's level on one domain, with the level's official
// name so a reader never has to rely on a number or a colour alone.
type ZRMScore struct {
	Persoon     string `json:"persoon"`
	Domein      string `json:"domein"`
	Niveau      int    `json:"niveau"`
	NiveauNaam  string `json:"niveauNaam"`
	Toelichting string `json:"toelichting"`
	Doelniveau  *int   `json:"doelniveau"`
}

// ZRMMetingNieuw is the body of a new assessment. instrument defaults to
// the current ZRM.
type ZRMMetingNieuw struct {
	Moment     string          `json:"moment"`
	Datum      string          `json:"datum"`
	Instrument string          `json:"instrument"`
	Scores     []ZRMScoreNieuw `json:"scores"`
}

// ZRMScoreNieuw is one score of a new assessment.
type ZRMScoreNieuw struct {
	Persoon     string `json:"persoon"`
	Domein      string `json:"domein"`
	Niveau      int    `json:"niveau"`
	Toelichting string `json:"toelichting"`
	Doelniveau  *int   `json:"doelniveau"`
}

// ZRMMetingLijst is a page of a case's assessments, oldest first, with the
// change of every score of the latest assessment since the previous one
// that scored the same person and domain.
type ZRMMetingLijst struct {
	Resultaten  []ZRMMeting      `json:"resultaten"`
	Paginering  Paginering       `json:"paginering"`
	Verandering []ZRMVerandering `json:"verandering"`
}

// ZRMVerandering is the change of one person's level on one domain: van
// is null when the domain is scored for the first time now; verschil is
// positive when the person grew more self-sufficient.
type ZRMVerandering struct {
	Persoon  string `json:"persoon"`
	Domein   string `json:"domein"`
	Van      *int   `json:"van"`
	Naar     int    `json:"naar"`
	Verschil *int   `json:"verschil"`
}

func (h *Handler) zrmMeting(a *wijkregie.Assessment) ZRMMeting {
	out := ZRMMeting{ID: a.ID, Moment: string(a.Moment), Datum: dayOf(a.Date), Beoordelaar: a.AssessorID, Instrument: a.Instrument,
		Scores: make([]ZRMScore, len(a.Scores)), AangemaaktOp: utc(a.CreatedAt)}
	for i, s := range a.Scores {
		out.Scores[i] = ZRMScore{Persoon: s.PersonID, Domein: s.Domain, Niveau: s.Level, NiveauNaam: h.levelName(s.Level),
			Toelichting: s.Rationale, Doelniveau: nonZero(s.Target)}
	}
	return out
}

// levelName is the official name of a ZRM level (zrm.niveau.N).
func (h *Handler) levelName(n int) string {
	return h.cat.T(locale.NL, "zrm.niveau."+strconv.Itoa(n))
}

// nonZero returns nil for 0, which means "not set" for a level.
func nonZero(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}

func zrmVerandering(cs []wijkregie.ScoreChange) []ZRMVerandering {
	out := make([]ZRMVerandering, len(cs))
	for i, c := range cs {
		out[i] = ZRMVerandering{Persoon: c.PersonID, Domein: c.Domain, Van: nonZero(c.From), Naar: c.To}
		if c.From != 0 {
			d := c.Delta()
			out[i].Verschil = &d
		}
	}
	return out
}

func (h *Handler) listAssessments(w http.ResponseWriter, r *http.Request) error {
	var iv wijkregie.Invalid
	p := parsePage(r, &iv)
	if err := iv.Err(); err != nil {
		return err
	}
	v, err := h.svc.Assessments(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	page := pageOf(v.Assessments, p)
	out := make([]ZRMMeting, len(page))
	for i := range page {
		out[i] = h.zrmMeting(&page[i])
	}
	return writeJSON(w, http.StatusOK, ZRMMetingLijst{Resultaten: out, Paginering: paginate(w, r, p, len(v.Assessments)),
		Verandering: zrmVerandering(v.Changes)})
}

func (h *Handler) getAssessment(w http.ResponseWriter, r *http.Request) error {
	a, err := h.svc.Assessment(r.Context(), request.Actor(r), r.PathValue("id"), r.PathValue("meting"))
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, h.zrmMeting(a))
}

func (h *Handler) createAssessment(w http.ResponseWriter, r *http.Request) error {
	var in ZRMMetingNieuw
	if err := decode(w, r, &in); err != nil {
		return err
	}
	var v wijkregie.Invalid
	a := &wijkregie.Assessment{Moment: wijkregie.AssessmentMoment(in.Moment), Date: dateIn(&v, "datum", in.Datum),
		Instrument: strings.TrimSpace(in.Instrument), Scores: make([]wijkregie.Score, len(in.Scores))}
	if a.Instrument == "" {
		a.Instrument = wijkregie.DomainsVersion
	}
	persons := make([]string, len(in.Scores))
	for i, s := range in.Scores {
		a.Scores[i] = wijkregie.Score{PersonID: strings.TrimSpace(s.Persoon), Domain: s.Domein, Level: s.Niveau, Rationale: s.Toelichting}
		if s.Doelniveau != nil {
			a.Scores[i].Target = *s.Doelniveau
			if *s.Doelniveau == 0 {
				// 0 is the domain's "no target"; a client that sends it
				// means a level, and there is none.
				v.Field("scores["+strconv.Itoa(i)+"].doelniveau", "veld.zrm.niveau")
			}
		}
		persons[i] = a.Scores[i].PersonID
	}
	// Membership of the household is the use case's check; here only the
	// shape is, so every person named counts as a member.
	if err := invalidWith(&v, func() error { return a.Validate(persons, h.today()) }); err != nil {
		return err
	}
	id := r.PathValue("id")
	saved, err := h.svc.Assess(r.Context(), request.Actor(r), id, a)
	if err != nil {
		return err
	}
	return created(w, r, Base+"/casussen/"+id+"/zrm-metingen/"+saved.ID, h.zrmMeting(saved))
}
