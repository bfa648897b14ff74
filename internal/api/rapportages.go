package api

import (
	"context"
	"mime"
	"net/http"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/locale"
	"wijkregie/internal/request"
)

// Reports of outcomes and workload (docs/uitkomsten.md): aggregates only,
// as tables of cells. A withheld cell is {"waarde": null, "onderdrukt":
// true, "weergave": "<10"}; the same report as CSV by Accept: text/csv
// (or ?formaat=csv).

// Rapportage is a report: what it covers and its tables.
type Rapportage struct {
	Soort      string  `json:"soort"` // uitkomsten, werklast
	Van        string  `json:"van"`
	Tot        string  `json:"tot"`
	Team       *string `json:"team"` // null: the whole municipality
	Wijk       *string `json:"wijk"` // a postcode area, or null
	Onderdrukt bool    `json:"kleineAantallenOnderdrukt"`
	Peilmoment string  `json:"peilmoment"` // the moment of the snapshot figures
	Tabellen   []Tabel `json:"tabellen"`
}

// Tabel is one table of a report.
type Tabel struct {
	ID       string  `json:"id"`
	Maat     string  `json:"maat"`
	Titel    string  `json:"titel"`
	Kolommen []Kolom `json:"kolommen"`
	Rijen    []Rij   `json:"rijen"`
}

// Kolom is a column: its key, Dutch label and unit.
type Kolom struct {
	Sleutel string `json:"sleutel"`
	Naam    string `json:"naam"`
	Eenheid string `json:"eenheid"`
}

// Rij is a row: its key, Dutch label and one cell per column.
type Rij struct {
	Sleutel string `json:"sleutel"`
	Naam    string `json:"naam"`
	Cellen  []Cel  `json:"cellen"`
}

// Cel is one figure: its value (null when withheld or missing), whether it
// is withheld, and what the report shows.
type Cel struct {
	Waarde     *float64 `json:"waarde"`
	Onderdrukt bool     `json:"onderdrukt"`
	Weergave   string   `json:"weergave"`
}

// NewRapportage is the JSON of a report (also the command line's).
func NewRapportage(r *app.Report, cat *locale.Catalogue) Rapportage {
	kind := "uitkomsten"
	if r.Kind == wijkregie.MeasureWorkload {
		kind = "werklast"
	}
	out := Rapportage{Soort: kind, Van: dayOf(r.Period.From), Tot: dayOf(r.Period.To), Onderdrukt: r.Suppressed,
		Peilmoment: utc(r.At).Format("2006-01-02T15:04:05Z07:00"), Tabellen: []Tabel{}}
	if r.Team != nil {
		out.Team = &r.Team.ID
	}
	if r.Postcode != "" {
		out.Wijk = &r.Postcode
	}
	for _, t := range r.Tables {
		tb := Tabel{ID: t.ID, Maat: string(t.Measure), Titel: cat.T(locale.NL, "uitkomst.tabel."+t.ID), Kolommen: []Kolom{}, Rijen: []Rij{}}
		for _, c := range t.Columns {
			tb.Kolommen = append(tb.Kolommen, Kolom{Sleutel: c.Key, Naam: c.Label, Eenheid: string(c.Unit)})
		}
		for _, row := range t.Rows {
			rij := Rij{Sleutel: row.Key, Naam: row.Label, Cellen: make([]Cel, len(row.Cells))}
			for i, f := range row.Cells {
				c := Cel{Onderdrukt: f.Suppressed, Weergave: f.Display()}
				if f.Shown() {
					v := f.Rounded()
					c.Waarde = &v
				}
				rij.Cellen[i] = c
			}
			tb.Rijen = append(tb.Rijen, rij)
		}
		out.Tabellen = append(out.Tabellen, tb)
	}
	return out
}

// reportQuery reads van, tot, team and wijk.
func (h *Handler) reportQuery(r *http.Request, v *wijkregie.Invalid) app.ReportQuery {
	rq := app.ReportQuery{Period: h.parsePeriod(r, v)}
	q := r.URL.Query()
	if s, ok := query(q, "team"); ok {
		if rq.TeamID = s; s != app.AllTeams && !wijkregie.ValidID(s) {
			v.Field("team", "api.veld.id")
		}
	}
	if s, ok := query(q, "wijk"); ok {
		rq.Postcode = s
	}
	return rq
}

// getOutcomeReport is the outcome report of a period.
func (h *Handler) getOutcomeReport(w http.ResponseWriter, r *http.Request) error {
	return h.writeReport(w, r, h.svc.OutcomeReport)
}

// getWorkloadReport is the workload now, with the deadlines of the period.
func (h *Handler) getWorkloadReport(w http.ResponseWriter, r *http.Request) error {
	return h.writeReport(w, r, h.svc.WorkloadReport)
}

// writeReport runs a report's use case and writes it as JSON or CSV.
func (h *Handler) writeReport(w http.ResponseWriter, r *http.Request, run func(ctx context.Context, actor wijkregie.Actor, rq app.ReportQuery) (*app.Report, error)) error {
	var v wijkregie.Invalid
	format, err := feedbackFormat(r)
	if err != nil {
		v.Add(err)
	}
	rq := h.reportQuery(r, &v)
	if err := v.Err(); err != nil {
		return err
	}
	rq.Export = format == "csv"
	rep, err := run(r.Context(), request.Actor(r), rq)
	if err != nil {
		return err
	}
	rep.Label(h.cat, locale.NL)
	w.Header().Add("Vary", "Accept")
	if format == "csv" {
		b, err := app.ReportCSV(rep, h.cat, locale.NL)
		if err != nil {
			return err
		}
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": app.ReportFileName(rep)}))
		writeBody(w, http.StatusOK, "text/csv; charset=utf-8", b)
		return nil
	}
	return writeJSON(w, http.StatusOK, NewRapportage(rep, h.cat))
}
