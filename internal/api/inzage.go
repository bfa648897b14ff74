package api

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strings"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/locale"
	"wijkregie/internal/request"
)

// The right of access (AVG art. 15): the privacy officer finds the person
// a request is about (POST /inzageverzoeken, the BSN in the body, never in
// a URL) and downloads everything held about them as JSON or as a PDF in
// Dutch (GET /personen/{id}/inzage). Only the privacy officer may
// (policy.DecideInzage).

// InzageverzoekNieuw is the body of a search for the person a request is
// about: the BSN and birth date the request gives.
type InzageverzoekNieuw struct {
	BSN           string `json:"bsn"`
	Geboortedatum string `json:"geboortedatum"`
}

// Inzageverzoek is the answer: the person found, named and no more.
type Inzageverzoek struct {
	Persoon InzageverzoekPersoon `json:"persoon"`
}

// InzageverzoekPersoon names the person found.
type InzageverzoekPersoon struct {
	ID   string `json:"id"`
	Naam string `json:"naam"`
}

func (h *Handler) createInzageRequest(w http.ResponseWriter, r *http.Request) error {
	var in InzageverzoekNieuw
	if err := decode(w, r, &in); err != nil {
		return err
	}
	m, err := h.svc.FindPersonForInzage(r.Context(), request.Actor(r), strings.TrimSpace(in.BSN), strings.TrimSpace(in.Geboortedatum))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, Inzageverzoek{Persoon: InzageverzoekPersoon{ID: m.ID, Naam: m.Name}})
}

// inzageFormat decides between JSON and PDF: the query parameter formaat
// (for links) first, then the Accept header. A client that accepts both,
// or anything, gets JSON, the API's own format.
func inzageFormat(r *http.Request) (string, error) {
	switch f := r.URL.Query().Get("formaat"); f {
	case "json", "pdf":
		return f, nil
	case "":
	default:
		return "", wijkregie.InvalidField("formaat", "veld.keuze")
	}
	pdf, json := false, false
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mt {
		case "application/pdf":
			pdf = true
		case "application/json", "application/*", "*/*":
			json = true
		}
	}
	if pdf && !json {
		return "pdf", nil
	}
	return "json", nil
}

func (h *Handler) getInzage(w http.ResponseWriter, r *http.Request) error {
	format, err := inzageFormat(r)
	if err != nil {
		return err
	}
	z, err := h.svc.Inzage(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	// The file's name holds the record's id and the day, never the
	// person's name or BSN: a download folder is no place for them.
	name := fmt.Sprintf("inzage-%s-%s.%s", z.Person.ID, h.today().Format("2006-01-02"), format)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Add("Vary", "Accept")
	if format == "pdf" {
		b, err := app.InzagePDF(z, h.cat, locale.NL)
		if err != nil {
			return err
		}
		writeBody(w, http.StatusOK, "application/pdf", b)
		return nil
	}
	b, err := json.Marshal(z)
	if err != nil {
		return err
	}
	writeBody(w, http.StatusOK, "application/json", b)
	return nil
}
