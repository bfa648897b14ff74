package api

import (
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/locale"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
)

// Composed reports (docs/uitkomsten.md, "Rapporten als PDF"): the team's
// month (GET /rapportages/teammaand?maand=&team=) and the council's period
// (GET /rapportages/raad?van=&tot=), as PDF, CSV or JSON by Accept (or
// formaat); any other Accept is 406 before anything is read or audited.

// errReportNotAcceptable refuses a request whose Accept admits none of
// the report's forms.
var errReportNotAcceptable = &httpError{http.StatusNotAcceptable, "api.fout.rapport.accept"}

// SamengesteldRapport is a composed report: what it covers and its parts,
// each a Rapportage.
type SamengesteldRapport struct {
	Soort      string       `json:"soort"` // teammaand, raad
	Gemeente   string       `json:"gemeente"`
	Team       *string      `json:"team"` // null: every team, as rows
	Van        string       `json:"van"`
	Tot        string       `json:"tot"`
	Gemaakt    string       `json:"gemaakt"`
	Onderdrukt bool         `json:"kleineAantallenOnderdrukt"` // in every part
	Onderdelen []Rapportage `json:"onderdelen"`
}

// NewSamengesteldRapport is the JSON of a composed report (also the
// command line's).
func NewSamengesteldRapport(c *app.Composed, cat *locale.Catalogue) SamengesteldRapport {
	out := SamengesteldRapport{Soort: string(c.Kind), Gemeente: c.Municipality.ID, Van: dayOf(c.Period.From), Tot: dayOf(c.Period.To),
		Gemaakt: utc(c.Made).Format(time.RFC3339), Onderdrukt: c.Suppressed(), Onderdelen: []Rapportage{}}
	if c.Team != nil {
		out.Team = &c.Team.ID
	}
	for _, p := range c.Parts {
		out.Onderdelen = append(out.Onderdelen, NewRapportage(p, cat))
	}
	return out
}

// reportFormat picks the form: formaat when given, else the Accept
// header's most wanted of JSON (the default, and for */*), CSV and PDF;
// "" when it admits none.
func reportFormat(r *http.Request, v *wijkregie.Invalid) string {
	if f, ok := query(r.URL.Query(), "formaat"); ok {
		switch f {
		case "json", "csv", "pdf":
			return f
		}
		v.Field("formaat", "veld.keuze")
		return "json"
	}
	accept := r.Header.Get("Accept")
	if strings.TrimSpace(accept) == "" {
		return "json"
	}
	// Each form's quality, and whether the client named it rather than
	// reaching it through a wildcard: "application/pdf, */*" asks for PDF.
	type want struct {
		q     float64
		named bool
	}
	wants := map[string]want{}
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
		f, named := "", true
		switch mt {
		case "application/json":
			f = "json"
		case "application/*", "*/*":
			f, named = "json", false
		case "text/csv":
			f = "csv"
		case "application/pdf":
			f = "pdf"
		default:
			continue
		}
		if old, ok := wants[f]; !ok || q > old.q || (q == old.q && named) {
			wants[f] = want{q, named}
		}
	}
	best := ""
	for _, f := range []string{"json", "pdf", "csv"} {
		w, ok := wants[f]
		if !ok || w.q <= 0 {
			continue
		}
		if b := wants[best]; best == "" || w.q > b.q || (w.q == b.q && w.named && !b.named) {
			best = f
		}
	}
	return best
}

// getTeamMonthReport is the team's calendar month.
func (h *Handler) getTeamMonthReport(w http.ResponseWriter, r *http.Request) error {
	return h.writeComposed(w, r, policy.ReportTeamMonth)
}

// getCouncilReport is the municipality's period, teams as rows.
func (h *Handler) getCouncilReport(w http.ResponseWriter, r *http.Request) error {
	return h.writeComposed(w, r, policy.ReportCouncil)
}

func (h *Handler) writeComposed(w http.ResponseWriter, r *http.Request, kind policy.ReportKind) error {
	w.Header().Add("Vary", "Accept")
	var v wijkregie.Invalid
	format := reportFormat(r, &v)
	if format == "" {
		return errReportNotAcceptable
	}
	q := app.ComposedQuery{Kind: kind}
	vals := r.URL.Query()
	if kind == policy.ReportTeamMonth {
		if s, ok := query(vals, "maand"); ok {
			if q.Month = s; s == "" {
				v.Field("maand", "veld.rapport.maand")
			}
		}
	} else {
		q.Period = h.parsePeriod(r, &v)
	}
	if s, ok := query(vals, "team"); ok {
		if q.TeamID = s; s != app.AllTeams && !wijkregie.ValidID(s) {
			v.Field("team", "api.veld.id")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	c, err := h.svc.ComposeReport(r.Context(), request.Actor(r), q, nil)
	if err != nil {
		return err
	}
	c.Label(h.cat, locale.NL)
	var body []byte
	ctype := "application/json"
	switch format {
	case "pdf":
		body, err = app.ComposedPDF(c, h.cat, locale.NL, nil)
		ctype = "application/pdf"
	case "csv":
		body, err = app.ComposedCSV(c, h.cat, locale.NL)
		ctype = "text/csv; charset=utf-8"
	default:
		return writeJSON(w, http.StatusOK, NewSamengesteldRapport(c, h.cat))
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": app.ComposedFileName(c, format)}))
	writeBody(w, http.StatusOK, ctype, body)
	return nil
}
