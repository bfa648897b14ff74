package web

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strconv"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/route"
)

// The right of access (AVG art. 15), for the privacy officer: the page
// Inzageverzoek finds the person a request is about by BSN and birth date
// (a POST: the BSN never lands in a URL or the browser's history), shows
// whom it found and what the export holds, and offers it as a PDF to send
// and as JSON. Only the privacy officer may (policy.DecideInzage).

func (h *Handler) inzageRoutes() []route.Route {
	return []route.Route{
		{Pattern: "GET /inzageverzoek", Action: policy.ExportInzage, Handle: h.inzageForm},
		{Pattern: "POST /inzageverzoek", Action: policy.ExportInzage, Handle: h.inzageSearch},
		{Pattern: "GET /personen/{id}/inzage", Action: policy.ExportInzage, Handle: h.inzageDownload},
	}
}

var inzageFields = []field{{"bsn", "inzage.label.bsn"}, {"geboortedatum", "inzage.label.geboortedatum"}}

// inzageView is the page: the form and, after a search that found the
// person, the person and what their export holds.
type inzageView struct {
	Form    *form
	Found   *app.InzageMatch
	Summary []app.InzageSectionSize
}

func (h *Handler) inzagePage(w http.ResponseWriter, r *http.Request, status int, v *inzageView) error {
	p := newPage(r, "titel.inzage", "inzage", v)
	if v.Form.Invalid() {
		p.Invalid = v.Form
	}
	return h.render(w, r, status, "inzageverzoek", p)
}

func (h *Handler) inzageForm(w http.ResponseWriter, r *http.Request) error {
	return h.inzagePage(w, r, http.StatusOK, &inzageView{Form: newForm("", inzageFields)})
}

// inzageSearch finds the person. The page that answers shows the masked
// BSN only; the form keeps what was typed when the search fails, so the
// privacy officer can correct it.
func (h *Handler) inzageSearch(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	v := &inzageView{Form: newForm("", inzageFields)}
	actor := request.Actor(r)
	m, status, err := h.findRequester(r, v.Form)
	if err != nil {
		return err
	}
	if m == nil {
		return h.inzagePage(w, r, status, v)
	}
	// The summary comes from the export itself, so it counts exactly
	// what the downloads hold; compiling it is audited as an export.
	z, err := h.svc.Inzage(r.Context(), actor, m.ID)
	if err != nil {
		return err
	}
	v.Found, v.Summary = m, z.Summary
	v.Form.Values = nil // the BSN typed is not shown again: the masked one is
	return h.inzagePage(w, r, http.StatusOK, v)
}

// inzageDownload sends the export as an attachment: the PDF, or the JSON
// with ?formaat=json. The file is named after the record and the day,
// never the person's name or BSN.
func (h *Handler) inzageDownload(w http.ResponseWriter, r *http.Request) error {
	format := r.URL.Query().Get("formaat")
	switch format {
	case "":
		format = "pdf"
	case "pdf", "json":
	default:
		return wijkregie.NotFound()
	}
	z, err := h.svc.Inzage(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	var body []byte
	ctype := "application/pdf"
	if format == "pdf" {
		body, err = app.InzagePDF(z, h.cat, h.lang)
	} else {
		ctype = "application/json"
		body, err = json.MarshalIndent(z, "", "  ")
	}
	if err != nil {
		return err
	}
	name := fmt.Sprintf("inzage-%s-%s.%s", z.Person.ID, h.svc.Now().Format("2006-01-02"), format)
	hd := w.Header()
	hd.Set("Content-Type", ctype)
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	hd.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(body)
	return err
}

// findRequester finds the person a request is about by the BSN and birth
// date posted (the Inzageverzoek page and Verzoeken van betrokkenen), and
// keeps both in f for a second try. Without a match it returns nil and the
// status of the form shown again: 404 for nobody found, 422 for input the
// search refused, each message in f.
func (h *Handler) findRequester(r *http.Request, f *form) (*app.InzageMatch, int, error) {
	bsn, born := formValue(r, "bsn"), formValue(r, "geboortedatum")
	f.Values.Set("bsn", bsn)
	f.Values.Set("geboortedatum", born)
	m, err := h.svc.FindPersonForInzage(r.Context(), request.Actor(r), bsn, born)
	switch {
	case wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND:
		f.Message = "fout.inzage.niet_gevonden"
		return nil, http.StatusNotFound, nil
	case err != nil && f.fail(err):
		return nil, http.StatusUnprocessableEntity, nil
	case err != nil:
		return nil, 0, err
	}
	return m, http.StatusOK, nil
}
