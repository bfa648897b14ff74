package api

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/locale"
	"wijkregie/internal/request"
)

// The overdrachtspakket (docs/overdrachtspakket.md). GET
// /casussen/{id}/overdrachtspakket answers the case's package as JSON or,
// for the receiving team to read, as PDF — by Accept, one resource in two
// representations; any other Accept is 406 before anything is read or
// audited. The response carries the package's SHA-256 in Repr-Digest
// (RFC 9530) for the bytes sent, beside the sha256 field inside, which
// holds over the package's content. POST /overdrachtspakketten reads a
// package in as a new case of the receiving team (?team=, default the
// team lead's own): 201 with the case's Location, 422 naming the field of
// an invalid package, 409 for a package read in before.

// MaxPackageBody is the largest package the API reads: every plan
// version travels whole, so it is larger than MaxBody.
const MaxPackageBody = 16 << 20

var errPackageNotAcceptable = &httpError{http.StatusNotAcceptable, "api.fout.pakket.accept"}

// packageFormat is the representation Accept asks for: "json", "pdf",
// or "" when it admits neither. Each gets the highest quality of the
// ranges that cover it; JSON wins a tie (*/*, or no header).
func packageFormat(accept string) string {
	if strings.TrimSpace(accept) == "" {
		return "json"
	}
	var qJSON, qPDF float64
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if s := params["q"]; s != "" {
			if q, err = strconv.ParseFloat(s, 64); err != nil {
				continue
			}
		}
		if mt == "application/json" || mt == "application/*" || mt == "*/*" {
			qJSON = max(qJSON, q)
		}
		if mt == "application/pdf" || mt == "application/*" || mt == "*/*" {
			qPDF = max(qPDF, q)
		}
	}
	switch {
	case qJSON <= 0 && qPDF <= 0:
		return ""
	case qPDF > qJSON:
		return "pdf"
	}
	return "json"
}

// reprDigest is the Repr-Digest field (RFC 9530) of a body: its SHA-256.
func reprDigest(body []byte) string {
	sum := sha256.Sum256(body)
	return "sha-256=:" + base64.StdEncoding.EncodeToString(sum[:]) + ":"
}

func (h *Handler) getHandoverPackage(w http.ResponseWriter, r *http.Request) error {
	w.Header().Add("Vary", "Accept")
	format := packageFormat(r.Header.Get("Accept"))
	if format == "" {
		return errPackageNotAcceptable
	}
	p, err := h.svc.ExportHandoverPackage(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	body, ctype, name, err := PackageBody(p, format, h.cat)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("Repr-Digest", reprDigest(body))
	writeBody(w, http.StatusOK, ctype, body)
	return nil
}

// PackageBody writes a package as a download: its bytes, media type and
// file name ("json" or "pdf"). The name holds the package's id, never
// the family's name; the web downloads use it too.
func PackageBody(p *wijkregie.HandoverPackage, format string, cat *locale.Catalogue) (body []byte, ctype, name string, err error) {
	if format == "pdf" {
		body, err = app.HandoverPackagePDF(p, cat, locale.NL)
		return body, "application/pdf", "overdrachtspakket-" + p.ID + ".pdf", err
	}
	body, err = json.MarshalIndent(p, "", "  ")
	return append(body, '\n'), "application/json", "overdrachtspakket-" + p.ID + ".json", err
}

// ReadPackage reads a package from r (at most MaxPackageBody bytes): a
// body that is not one JSON object of the package's fields is invalid,
// with the field named where encoding/json names one.
func ReadPackage(r io.Reader) (*wijkregie.HandoverPackage, error) {
	dec := json.NewDecoder(io.LimitReader(r, MaxPackageBody+1))
	dec.DisallowUnknownFields()
	var p wijkregie.HandoverPackage
	if err := dec.Decode(&p); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, wijkregie.InvalidField("body", "veld.pakket.json")
		}
		return nil, decodeError(err)
	}
	var extra json.RawMessage
	if err := dec.Decode(&extra); err != io.EOF {
		return nil, wijkregie.InvalidField("body", "veld.pakket.json")
	}
	return &p, nil
}

// importedPackage is the answer to a package read in.
type importedPackage struct {
	Casus           string `json:"casus"`
	PersonenNieuw   int    `json:"personenNieuw"`
	PersonenBekend  int    `json:"personenBekend"`
	Planversies     int    `json:"planversies"`
	ZrmMetingen     int    `json:"zrmMetingen"`
	Betrokkenen     int    `json:"betrokkenen"`
	BetrokkenenText int    `json:"betrokkenenAlleenGeschiedenis"`
	Geschiedenis    int    `json:"geschiedenisregels"`
}

func (h *Handler) importHandoverPackage(w http.ResponseWriter, r *http.Request) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return errMediaType
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxPackageBody)
	p, err := ReadPackage(r.Body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return errTooLarge
		}
		return err
	}
	team := r.URL.Query().Get("team")
	sum, err := h.svc.ImportHandoverPackage(r.Context(), request.Actor(r), p, app.HandoverImport{TeamID: team})
	if wijkregie.ErrorCode(err) == wijkregie.EINVALID {
		// Well-formed JSON whose content is not a valid package: 422,
		// each field named, as the arrears import answers a delivery.
		pr := h.problem(r, err)
		pr.Status, pr.Title = http.StatusUnprocessableEntity, h.cat.T(locale.NL, "api.status.422")
		return writeProblemJSON(w, pr)
	}
	if err != nil {
		return err
	}
	return created(w, r, Base+"/casussen/"+sum.CaseID, importedPackage{Casus: sum.CaseID, PersonenNieuw: sum.PersonsCreated,
		PersonenBekend: sum.PersonsReused, Planversies: sum.PlanVersions, ZrmMetingen: sum.Assessments, Betrokkenen: sum.Parties,
		BetrokkenenText: sum.PartiesAsText, Geschiedenis: sum.HistoryLines})
}

// writeProblemJSON writes a problem made here, as the adapter writes one.
func writeProblemJSON(w http.ResponseWriter, p Problem) error {
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Language", locale.NL)
	writeBody(w, p.Status, "application/problem+json", body)
	return nil
}
