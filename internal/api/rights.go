package api

import (
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/locale"
	"wijkregie/internal/request"
)

// The person's other rights (AVG art. 16-18, 21; docs/privacy.md,
// "Rechten van betrokkenen"): the privacy officer records requests
// (/rechtenverzoeken, the person found first by POST /inzageverzoeken)
// and decides them once (…/besluit); the team produces the information
// notice of art. 13/14 as a PDF and records that it was sent.

// Rechtenverzoek is a request to exercise a right, with its decision.
type Rechtenverzoek struct {
	ID                       string     `json:"id"`
	Persoon                  string     `json:"persoon"`
	Naam                     *string    `json:"naam"` // null when the person is gone (erased)
	Soort                    string     `json:"soort"`
	OntvangenOp              string     `json:"ontvangenOp"`
	Verzoek                  string     `json:"verzoek"`
	VroegtijdigeVernietiging bool       `json:"vroegtijdigeVernietiging"`
	Termijn                  string     `json:"termijn"`
	VerlengdTot              *string    `json:"verlengdTot"`
	VerlengingReden          string     `json:"verlengingReden"`
	Status                   string     `json:"status"`
	TeLaat                   bool       `json:"teLaat"`
	Reden                    string     `json:"reden"`
	BeslotenDoor             *string    `json:"beslotenDoor"`
	BeslotenOp               *time.Time `json:"beslotenOp"`
	// WissingRedenen are, for an open erasure request, why the law
	// refuses it now (empty: it allows it).
	WissingRedenen []string `json:"wissingRedenen,omitempty"`
	Versie         int      `json:"versie"`
}

// RechtenverzoekNieuw is the body of a new request.
type RechtenverzoekNieuw struct {
	Persoon                  string `json:"persoon"`
	Soort                    string `json:"soort"`
	OntvangenOp              string `json:"ontvangenOp"`
	Verzoek                  string `json:"verzoek"`
	VroegtijdigeVernietiging bool   `json:"vroegtijdigeVernietiging"`
}

// RechtenverzoekBesluit is the body of a decision.
type RechtenverzoekBesluit struct {
	Besluit           string             `json:"besluit"`
	Reden             string             `json:"reden"`
	Afweging          string             `json:"afweging"`
	ZwaarwegendBelang bool               `json:"zwaarwegendBelang"`
	Correctie         *PersoonsCorrectie `json:"correctie"`
	Versie            int                `json:"versie"`
}

// PersoonsCorrectie is the person's data as corrected (rectification).
type PersoonsCorrectie struct {
	Voornaam      string `json:"voornaam"`
	Tussenvoegsel string `json:"tussenvoegsel"`
	Achternaam    string `json:"achternaam"`
	Geboortedatum string `json:"geboortedatum"`
	Telefoon      string `json:"telefoon"`
	Email         string `json:"email"`
}

// RechtenverzoekVerlenging is the body of an extension of the term
// (art. 12(3)): the reason the person is told, and optionally the
// version read, so that an extension over a changed request is refused.
type RechtenverzoekVerlenging struct {
	Reden  string `json:"reden"`
	Versie int    `json:"versie"`
}

// extensionFields are the use case's field names the body calls
// otherwise.
var extensionFields = map[string]string{"verlengingReden": "reden"}

// Verzending is the body of the record that the notice was sent.
type Verzending struct {
	VerzondenOp string `json:"verzondenOp"`
	Wijze       string `json:"wijze"`
}

func rechtenverzoek(v *app.RightsRequestView) Rechtenverzoek {
	r := v.Request
	out := Rechtenverzoek{ID: r.ID, Persoon: r.PersonID, Soort: string(r.Kind), OntvangenOp: r.ReceivedOn.Format(time.DateOnly), Verzoek: r.Request,
		VroegtijdigeVernietiging: r.EarlyDestruction, Termijn: r.Deadline.Format(time.DateOnly), Status: string(r.Status), TeLaat: v.Overdue,
		VerlengingReden: r.ExtensionReason, Reden: r.Reason, Versie: r.Version}
	if v.Person != nil {
		n := v.Person.FullName()
		out.Naam = &n
	}
	if !r.ExtendedTo.IsZero() {
		d := r.ExtendedTo.Format(time.DateOnly)
		out.VerlengdTot = &d
	}
	if r.DecidedBy != "" {
		by, at := r.DecidedBy, r.DecidedAt.UTC()
		out.BeslotenDoor, out.BeslotenOp = &by, &at
	}
	if v.Erasure != nil {
		out.WissingRedenen = append([]string{}, v.Erasure.Reasons...)
	}
	return out
}

func (h *Handler) listRightsRequests(w http.ResponseWriter, r *http.Request) error {
	var v wijkregie.Invalid
	p := parsePage(r, &v)
	open := false
	if _, ok := query(r.URL.Query(), "open"); ok {
		open = boolQuery(r.URL.Query(), "open", &v)
	}
	if err := v.Err(); err != nil {
		return err
	}
	list, total, err := h.svc.RightsRequests(r.Context(), request.Actor(r), open, p.store())
	if err != nil {
		return err
	}
	out := make([]Rechtenverzoek, len(list))
	for i := range list {
		out[i] = rechtenverzoek(&list[i])
	}
	return writeList(w, r, out, p, total)
}

func (h *Handler) createRightsRequest(w http.ResponseWriter, r *http.Request) error {
	var in RechtenverzoekNieuw
	if err := decode(w, r, &in); err != nil {
		return err
	}
	req := &wijkregie.RightsRequest{PersonID: strings.TrimSpace(in.Persoon), Kind: wijkregie.RightKind(in.Soort), Request: strings.TrimSpace(in.Verzoek),
		EarlyDestruction: in.VroegtijdigeVernietiging}
	if in.OntvangenOp != "" {
		// An unreadable date stays zero, which Validate names beside
		// the other fields.
		req.ReceivedOn, _ = wijkregie.ParseDate(in.OntvangenOp)
	}
	if err := h.svc.RecordRightsRequest(r.Context(), request.Actor(r), req); err != nil {
		return err
	}
	v, err := h.svc.RightsRequest(r.Context(), request.Actor(r), req.ID)
	if err != nil {
		return err
	}
	return created(w, r, Base+"/rechtenverzoeken/"+req.ID, rechtenverzoek(v))
}

func (h *Handler) getRightsRequest(w http.ResponseWriter, r *http.Request) error {
	v, err := h.svc.RightsRequest(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, rechtenverzoek(v))
}

func (h *Handler) decideRightsRequest(w http.ResponseWriter, r *http.Request) error {
	var in RechtenverzoekBesluit
	if err := decode(w, r, &in); err != nil {
		return err
	}
	d := app.RightsDecision{Version: in.Versie, Status: wijkregie.RightsStatus(in.Besluit), Reason: in.Reden, Weighing: in.Afweging, Opposed: in.ZwaarwegendBelang}
	if c := in.Correctie; c != nil {
		d.Correction = &wijkregie.PersonInput{GivenName: c.Voornaam, Prefix: c.Tussenvoegsel, FamilyName: c.Achternaam, BirthDate: c.Geboortedatum,
			Phone: c.Telefoon, Email: c.Email}
	}
	req, err := h.svc.DecideRightsRequest(r.Context(), request.Actor(r), r.PathValue("id"), d)
	if err != nil {
		return err
	}
	v, err := h.svc.RightsRequest(r.Context(), request.Actor(r), req.ID)
	if err != nil {
		return err
	}
	return created(w, r, Base+"/rechtenverzoeken/"+req.ID, rechtenverzoek(v))
}

// extendRightsRequest extends the request's term once by two months and
// returns the request as it is now: a conflict when it was extended or
// decided already.
func (h *Handler) extendRightsRequest(w http.ResponseWriter, r *http.Request) error {
	var in RechtenverzoekVerlenging
	if err := decode(w, r, &in); err != nil {
		return err
	}
	req, err := h.svc.ExtendRightsRequest(r.Context(), request.Actor(r), r.PathValue("id"), in.Versie, in.Reden)
	if err != nil {
		return renamed(err, extensionFields)
	}
	v, err := h.svc.RightsRequest(r.Context(), request.Actor(r), req.ID)
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, rechtenverzoek(v))
}

// getInformationNotice returns the notice of art. 13/14 as a PDF, named
// by the person's record id and the day, never by name.
func (h *Handler) getInformationNotice(w http.ResponseWriter, r *http.Request) error {
	n, err := h.svc.InformationNotice(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	b, err := app.NoticePDF(n, h.cat, locale.NL)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("informatiebrief-%s-%s.pdf", r.PathValue("id"), h.today().Format("2006-01-02"))
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	writeBody(w, http.StatusOK, "application/pdf", b)
	return nil
}

func (h *Handler) recordNoticeSent(w http.ResponseWriter, r *http.Request) error {
	var in Verzending
	if err := decode(w, r, &in); err != nil {
		return err
	}
	n := &wijkregie.NoticeSent{Method: wijkregie.NoticeMethod(in.Wijze)}
	if in.VerzondenOp != "" {
		n.SentOn, _ = wijkregie.ParseDate(in.VerzondenOp) // zero: Validate names it
	}
	id := r.PathValue("id")
	if err := h.svc.RecordNoticeSent(r.Context(), request.Actor(r), id, n); err != nil {
		return err
	}
	return created(w, r, Base+"/personen/"+id+"/informatieverstrekking", Verzending{VerzondenOp: n.SentOn.Format(time.DateOnly), Wijze: string(n.Method)})
}
