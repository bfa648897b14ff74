package api

import (
	"net/http"
	"time"

	"wijkregie"
	"wijkregie/internal/request"
	"wijkregie/internal/store"
)

// Emergency access: /casussen/{id}/nood-toegangen and /nood-toegangen. A
// professional or team lead outside a case takes emergency access to it
// with a reason (201; 409 for one who has access already); the privacy
// officer lists the accesses, reads one with its audit trail and judges
// it once (policy.DecideReview).

// NoodToegang is an emergency access: who took it to which case, why, for
// which window, and the privacy officer's review (null until judged).
type NoodToegang struct {
	ID          string                  `json:"id"`
	Casus       string                  `json:"casus"`
	Huishouden  string                  `json:"huishouden"`
	Medewerker  string                  `json:"medewerker"`
	Reden       string                  `json:"reden"`
	Vanaf       time.Time               `json:"vanaf"`
	Tot         time.Time               `json:"tot"`
	Actief      bool                    `json:"actief"` // the access holds at the moment of the request
	Beoordeling *NoodToegangBeoordeling `json:"beoordeling"`
	Versie      int                     `json:"versie"`
}

// NoodToegangBeoordeling is the privacy officer's verdict on an emergency
// access: terecht or onterecht, with why.
type NoodToegangBeoordeling struct {
	Oordeel        string    `json:"oordeel"`
	Toelichting    string    `json:"toelichting"`
	BeoordeeldOp   time.Time `json:"beoordeeldOp"`
	BeoordeeldDoor string    `json:"beoordeeldDoor"`
}

// NoodToegangDetail is one emergency access with what its holder did in
// the case, its household and its members during the window, oldest
// first (at most MaxPageSize records; auditspoorTotaal says how many
// there are).
type NoodToegangDetail struct {
	NoodToegang
	Auditspoor       []AuditRegel `json:"auditspoor"`
	AuditspoorTotaal int          `json:"auditspoorTotaal"`
}

// NoodToegangNieuw is the body of a new emergency access.
type NoodToegangNieuw struct {
	Reden string `json:"reden"`
}

// NoodToegangOordeel is the body of a review.
type NoodToegangOordeel struct {
	Oordeel     string `json:"oordeel"`
	Toelichting string `json:"toelichting"`
}

// noodToegang is the representation of an emergency access at now.
func noodToegang(e *wijkregie.EmergencyAccess, now time.Time) NoodToegang {
	out := NoodToegang{ID: e.ID, Casus: e.CaseID, Huishouden: e.HouseholdID, Medewerker: e.UserID, Reden: e.Reason,
		Vanaf: utc(e.Start), Tot: utc(e.End), Actief: e.CurrentAt(now), Versie: e.Version}
	if e.Reviewed() {
		out.Beoordeling = &NoodToegangBeoordeling{Oordeel: string(e.Verdict), Toelichting: e.ReviewNote,
			BeoordeeldOp: utc(e.ReviewedAt), BeoordeeldDoor: e.ReviewedBy}
	}
	return out
}

// createEmergencyAccess takes emergency access to the case.
func (h *Handler) createEmergencyAccess(w http.ResponseWriter, r *http.Request) error {
	var in NoodToegangNieuw
	if err := decode(w, r, &in); err != nil {
		return err
	}
	e, err := h.svc.RequestEmergencyAccess(r.Context(), request.Actor(r), r.PathValue("id"), in.Reden)
	if err != nil {
		return err
	}
	return created(w, r, Base+"/nood-toegangen/"+e.ID, noodToegang(e, h.svc.Now()))
}

// listEmergencyAccesses lists the accesses, those still to review first;
// ?beoordeeld=true|false keeps one group.
func (h *Handler) listEmergencyAccesses(w http.ResponseWriter, r *http.Request) error {
	var v wijkregie.Invalid
	p := parsePage(r, &v)
	f := store.EmergencyFilter{Page: p.store()}
	if _, ok := query(r.URL.Query(), "beoordeeld"); ok {
		reviewed := boolQuery(r.URL.Query(), "beoordeeld", &v)
		f.Reviewed = &reviewed
	}
	if err := v.Err(); err != nil {
		return err
	}
	list, err := h.svc.ListEmergencyAccesses(r.Context(), request.Actor(r), f)
	if err != nil {
		return err
	}
	now := h.svc.Now()
	out := make([]NoodToegang, len(list.Accesses))
	for i := range list.Accesses {
		out[i] = noodToegang(&list.Accesses[i], now)
	}
	return writeList(w, r, out, p, list.Total)
}

// getEmergencyAccess returns one access with its audit trail.
func (h *Handler) getEmergencyAccess(w http.ResponseWriter, r *http.Request) error {
	ev, err := h.svc.EmergencyAccess(r.Context(), request.Actor(r), r.PathValue("id"), store.Page{Limit: MaxPageSize})
	if err != nil {
		return err
	}
	out := NoodToegangDetail{NoodToegang: noodToegang(ev.Access, h.svc.Now()), Auditspoor: make([]AuditRegel, len(ev.Trail)),
		AuditspoorTotaal: ev.TrailTotal}
	for i, rec := range ev.Trail {
		out.Auditspoor[i] = AuditRegel{Volgnummer: rec.Seq, Tijdstip: utc(rec.At), Medewerker: rec.UserID, Rol: string(rec.Role),
			Organisatie: orNil(rec.OrganisationID), Actie: rec.Action, OnderwerpSoort: orNil(rec.SubjectKind), Onderwerp: orNil(rec.SubjectID),
			Persoon: orNil(rec.PersonID), Doel: orNil(rec.Purpose), Resultaat: rec.Result, VorigeHash: rec.PrevHash, Hash: rec.Hash}
	}
	return writeResource(w, r, http.StatusOK, out)
}

// reviewEmergencyAccess records the privacy officer's verdict: the
// access's beoordeling is created (201), and the access with it returned.
// An access is judged once, so no If-Match is needed: a second review is
// 409.
func (h *Handler) reviewEmergencyAccess(w http.ResponseWriter, r *http.Request) error {
	var in NoodToegangOordeel
	if err := decode(w, r, &in); err != nil {
		return err
	}
	e, err := h.svc.ReviewEmergencyAccess(r.Context(), request.Actor(r), r.PathValue("id"), wijkregie.EmergencyVerdict(in.Oordeel), in.Toelichting, 0)
	if err != nil {
		return err
	}
	return created(w, r, Base+"/nood-toegangen/"+e.ID, noodToegang(e, h.svc.Now()))
}
