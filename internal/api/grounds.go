package api

import (
	"net/http"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/request"
)

// The legal grounds of a case (ground.go): the ground its own processing
// rests on, PUT …/grondslag over the case's ETag, and the grounds on which
// a partner organisation takes part without the family's consent,
// …/deelgrondslagen. The regisseur and the team lead record them
// (policy.RecordGround); a partner sees only the grounds naming its own
// organisation.

// GrondslagInvoer is the body of PUT /casussen/{id}/grondslag.
type GrondslagInvoer struct {
	Grondslag   string `json:"grondslag"`
	Toelichting string `json:"toelichting"`
}

// Deelgrondslag is a partner organisation's legal ground to take part in
// a case: for which purposes, why, recorded by whom and when, and its end.
type Deelgrondslag struct {
	ID              string     `json:"id"`
	Organisatie     string     `json:"organisatie"`
	Grondslag       string     `json:"grondslag"`
	Doelen          []string   `json:"doelen"`
	Toelichting     string     `json:"toelichting"`
	VastgelegdDoor  string     `json:"vastgelegdDoor"`
	VastgelegdOp    time.Time  `json:"vastgelegdOp"`
	BeeindigdOp     *time.Time `json:"beeindigdOp"`
	BeeindigdDoor   *string    `json:"beeindigdDoor"`
	RedenBeeindigen *string    `json:"redenBeeindigen"`
	Actueel         bool       `json:"actueel"`
}

// DeelgrondslagNieuw is the body of a new sharing ground.
type DeelgrondslagNieuw struct {
	Organisatie string   `json:"organisatie"`
	Grondslag   string   `json:"grondslag"`
	Doelen      []string `json:"doelen"`
	Toelichting string   `json:"toelichting"`
}

// DeelgrondslagBeeindiging is the body that ends a sharing ground.
type DeelgrondslagBeeindiging struct {
	Reden string `json:"reden"`
}

// deelgrondslag is the representation of a sharing ground at now.
func deelgrondslag(g *wijkregie.SharingGround, now time.Time) Deelgrondslag {
	out := Deelgrondslag{ID: g.ID, Organisatie: g.OrganisationID, Grondslag: string(g.Ground), Doelen: make([]string, len(g.Purposes)),
		Toelichting: g.Justification, VastgelegdDoor: g.RecordedBy, VastgelegdOp: utc(g.RecordedAt), BeeindigdOp: moment(g.EndedAt),
		BeeindigdDoor: orNil(g.EndedBy), Actueel: g.CurrentAt(now)}
	for i, p := range g.Purposes {
		out.Doelen[i] = string(p)
	}
	if !g.EndedAt.IsZero() {
		reason := g.EndReason
		out.RedenBeeindigen = &reason
	}
	return out
}

// putCaseGround records the case's ground over the case's ETag.
func (h *Handler) putCaseGround(w http.ResponseWriter, r *http.Request) error {
	var in GrondslagInvoer
	return h.changeCase(w, r, &in, func(version int) error {
		_, err := h.svc.RecordCaseGround(r.Context(), request.Actor(r), r.PathValue("id"), version, wijkregie.LegalGround(in.Grondslag), in.Toelichting)
		return err
	})
}

// listSharingGrounds lists the case's sharing grounds, ended ones too, as
// the case page shows them to the actor.
func (h *Handler) listSharingGrounds(w http.ResponseWriter, r *http.Request) error {
	var v wijkregie.Invalid
	p := parsePage(r, &v)
	if err := v.Err(); err != nil {
		return err
	}
	cv, err := h.svc.Case(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	now := h.svc.Now()
	all := make([]Deelgrondslag, len(cv.Grounds))
	for i := range cv.Grounds {
		all[i] = deelgrondslag(&cv.Grounds[i], now)
	}
	return writeList(w, r, pageOf(all, p), p, len(all))
}

// createSharingGround records a partner's ground on the case.
func (h *Handler) createSharingGround(w http.ResponseWriter, r *http.Request) error {
	var in DeelgrondslagNieuw
	if err := decode(w, r, &in); err != nil {
		return err
	}
	g := &wijkregie.SharingGround{OrganisationID: strings.TrimSpace(in.Organisatie), Ground: wijkregie.LegalGround(in.Grondslag),
		Justification: in.Toelichting}
	for _, d := range in.Doelen {
		g.Purposes = append(g.Purposes, wijkregie.ConsentPurpose(d))
	}
	id := r.PathValue("id")
	saved, err := h.svc.RecordSharingGround(r.Context(), request.Actor(r), id, g)
	if err != nil {
		return err
	}
	return created(w, r, Base+"/casussen/"+id+"/deelgrondslagen/"+saved.ID, deelgrondslag(saved, h.svc.Now()))
}

// endSharingGround ends a partner's ground at once: its next request is
// decided without it. An ended ground answers 409.
func (h *Handler) endSharingGround(w http.ResponseWriter, r *http.Request) error {
	var in DeelgrondslagBeeindiging
	if err := decode(w, r, &in); err != nil {
		return err
	}
	g, err := h.svc.EndSharingGround(r.Context(), request.Actor(r), r.PathValue("id"), r.PathValue("grondslag"), in.Reden)
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, deelgrondslag(g, h.svc.Now()))
}
