package api

import (
	"net/http"
	"time"

	"wijkregie"
	"wijkregie/internal/request"
)

// The team's side of Mijn Plan (docs/mijnplan.md, "Berichten" and
// "Beoordeling"): the family's messages to the regisseur and its ratings
// of the help, per case. Residents use the web pages only.

// MijnPlanBericht is a family member's message to the regisseur.
type MijnPlanBericht struct {
	ID          string     `json:"id"`
	Persoon     string     `json:"persoon"`
	Naam        string     `json:"naam"`
	Tekst       string     `json:"tekst"`
	VerstuurdOp time.Time  `json:"verstuurdOp"`
	GelezenOp   *time.Time `json:"gelezenOp"`
	GelezenDoor *string    `json:"gelezenDoor"`
}

// Beoordeling is a family member's rating of the help at closure; the
// client-experience answers by question key (wijkregie.RatingQuestions).
type Beoordeling struct {
	Casus               string         `json:"casus"`
	Persoon             string         `json:"persoon"`
	Naam                string         `json:"naam"`
	Cijfer              int            `json:"cijfer"`
	DoelenBereikt       string         `json:"doelenBereikt,omitempty"`
	ProblemenMinder     string         `json:"problemenMinder,omitempty"`
	KanVerderZonderHulp string         `json:"kanVerderZonderHulp,omitempty"`
	Antwoorden          map[string]int `json:"antwoorden"`
	Opmerking           string         `json:"opmerking,omitempty"`
	GegevenOp           time.Time      `json:"gegevenOp"`
}

// listMijnPlanMessages lists the family's messages on the case, newest
// first, for the team that sees the case's content.
func (h *Handler) listMijnPlanMessages(w http.ResponseWriter, r *http.Request) error {
	var v wijkregie.Invalid
	p := parsePage(r, &v)
	if err := v.Err(); err != nil {
		return err
	}
	cv, err := h.svc.CaseMijnPlanMessages(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	all := make([]MijnPlanBericht, len(cv.Messages))
	for i, m := range cv.Messages {
		b := MijnPlanBericht{ID: m.ID, Persoon: m.PersonID, Naam: cv.Names[m.PersonID], Tekst: m.Text, VerstuurdOp: utc(m.SentAt),
			GelezenDoor: orNil(m.ReadBy)}
		if !m.ReadAt.IsZero() {
			t := utc(m.ReadAt)
			b.GelezenOp = &t
		}
		all[i] = b
	}
	return writeList(w, r, pageOf(all, p), p, len(all))
}

// listMijnPlanRatings lists the family's ratings of the help on the case.
func (h *Handler) listMijnPlanRatings(w http.ResponseWriter, r *http.Request) error {
	var v wijkregie.Invalid
	p := parsePage(r, &v)
	if err := v.Err(); err != nil {
		return err
	}
	cv, err := h.svc.CaseMijnPlanRatings(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	all := make([]Beoordeling, len(cv.Ratings))
	for i, rt := range cv.Ratings {
		b := Beoordeling{Casus: rt.CaseID, Persoon: rt.PersonID, Naam: cv.Names[rt.PersonID], Cijfer: rt.Score, DoelenBereikt: string(rt.GoalsAchieved),
			ProblemenMinder: string(rt.ProblemsReduced), KanVerderZonderHulp: string(rt.CanContinue), Antwoorden: map[string]int{},
			Opmerking: rt.Remark, GegevenOp: utc(rt.RatedAt)}
		for k, a := range rt.Answers {
			b.Antwoorden[k] = int(a)
		}
		all[i] = b
	}
	return writeList(w, r, pageOf(all, p), p, len(all))
}
