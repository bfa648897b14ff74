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
	"wijkregie/internal/request"
	"wijkregie/internal/store"
)

// The team's list of outreaches, the monitoring figures and what the
// creditors are told (docs/outreach.md). One outreach and its work are
// outreach.go's.

// VroegsignaalRegel is an outreach on the team's list: the household's
// address, how many reports from how many creditors, whether one is
// threatening, the deadline and where it stands, who works it and the
// first contact. Nothing a creditor reported about the debtor.
type VroegsignaalRegel struct {
	ID                  string     `json:"id"`
	Huishouden          string     `json:"huishouden"`
	Adres               Adres      `json:"adres"`
	Status              string     `json:"status"`
	Dreigend            bool       `json:"dreigend"`
	AantalAchterstanden int        `json:"aantalAchterstanden"`
	AantalSchuldeisers  int        `json:"aantalSchuldeisers"`
	Uiterlijk           time.Time  `json:"uiterlijk"`
	TeLaat              bool       `json:"teLaat"`
	DagenTotUiterlijk   int        `json:"dagenTotUiterlijk"`
	Medewerker          *string    `json:"medewerker"`
	MedewerkerNaam      *string    `json:"medewerkerNaam"`
	GeopendOp           time.Time  `json:"geopendOp"`
	EersteContactOp     *string    `json:"eersteContactOp"`
	BereiktOp           *string    `json:"bereiktOp"`
	AfgerondOp          *time.Time `json:"afgerondOp"`
}

// VroegsignaalAantallen are the counts of the team's tabs.
type VroegsignaalAantallen struct {
	TeDoen   int `json:"teDoen"`
	TeLaat   int `json:"teLaat"`
	Bereikt  int `json:"bereikt"`
	Afgerond int `json:"afgerond"`
}

// VroegsignaalLijst is a page of one tab with the counts of all.
type VroegsignaalLijst struct {
	Resultaten []VroegsignaalRegel   `json:"resultaten"`
	Paginering Paginering            `json:"paginering"`
	Aantallen  VroegsignaalAantallen `json:"aantallen"`
}

func vroegsignaalRegel(it *app.OutreachItem) VroegsignaalRegel {
	o := &it.Outreach
	return VroegsignaalRegel{ID: o.ID, Huishouden: o.HouseholdID, Adres: adres(it.Address), Status: string(o.Status), Dreigend: o.Threatening,
		AantalAchterstanden: it.Arrears, AantalSchuldeisers: it.Creditors, Uiterlijk: utc(o.Deadline), TeLaat: it.Late,
		DagenTotUiterlijk: it.DaysLeft, Medewerker: orNil(o.AssignedTo), MedewerkerNaam: orNil(it.AssignedName), GeopendOp: utc(o.OpenedAt),
		EersteContactOp: day(o.FirstContactAt), BereiktOp: day(o.ReachedAt), AfgerondOp: moment(o.ClosedAt)}
}

// listOutreaches is the team's outreach screen: one tab (status) of the
// actor's own team, the nearest deadline first.
func (h *Handler) listOutreaches(w http.ResponseWriter, r *http.Request) error {
	var v wijkregie.Invalid
	p := parsePage(r, &v)
	q := r.URL.Query()
	f := app.OutreachListFilter{Page: p.store()}
	if s, ok := query(q, "status"); ok {
		if f.Tab = store.OutreachTab(s); !f.Tab.Valid() {
			v.Field("status", "veld.keuze")
		}
	}
	if s, ok := query(q, "team"); ok {
		if f.TeamID = s; !wijkregie.ValidID(s) {
			v.Field("team", "api.veld.id")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	l, err := h.svc.OutreachList(r.Context(), request.Actor(r), f)
	if err != nil {
		return err
	}
	out := VroegsignaalLijst{Resultaten: make([]VroegsignaalRegel, len(l.Items)), Paginering: paginate(w, r, p, l.Total),
		Aantallen: VroegsignaalAantallen{TeDoen: l.Counts[store.OutreachDue], TeLaat: l.Counts[store.OutreachLate],
			Bereikt: l.Counts[store.OutreachReached], Afgerond: l.Counts[store.OutreachDone]}}
	for i := range l.Items {
		out.Resultaten[i] = vroegsignaalRegel(&l.Items[i])
	}
	return writeJSON(w, http.StatusOK, out)
}

// parsePeriod reads van and tot (YYYY-MM-DD), recording a bad value in v.
// Neither given is the zero period, which the use case reads as the
// current quarter; one alone is the period from or to that day within
// the quarter of the other end's default.
func (h *Handler) parsePeriod(r *http.Request, v *wijkregie.Invalid) app.Period {
	q := r.URL.Query()
	van, hasVan := query(q, "van")
	tot, hasTot := query(q, "tot")
	if !hasVan && !hasTot {
		return app.Period{}
	}
	p := app.Quarter(h.svc.Now())
	if hasVan {
		if p.From = dateIn(v, "van", van); van == "" {
			v.Field("van", "veld.datum")
		}
	}
	if hasTot {
		if p.To = dateIn(v, "tot", tot); tot == "" {
			v.Field("tot", "veld.datum")
		}
	}
	return p
}

// MeldingenPerSoort is the number of reports from one kind of creditor.
type MeldingenPerSoort struct {
	SoortSchuldeiser string `json:"soortSchuldeiser"`
	Aantal           int    `json:"aantal"`
}

// ResultaatAantal is the number of outreaches closed with one outcome.
type ResultaatAantal struct {
	Resultaat string `json:"resultaat"`
	Aantal    int    `json:"aantal"`
}

// EersteContact is the time to first contact of the outreaches opened in
// the period.
type EersteContact struct {
	Aantal                  int      `json:"aantal"`
	MediaanDagen            *float64 `json:"mediaanDagen"`
	GemiddeldDagen          *float64 `json:"gemiddeldDagen"`
	TermijnVerstreken       int      `json:"termijnVerstreken"`
	BinnenTermijn           int      `json:"binnenTermijn"`
	PercentageBinnenTermijn *float64 `json:"percentageBinnenTermijn"`
}

// VroegsignaleringMonitor is the monitor of a period: aggregates only.
type VroegsignaleringMonitor struct {
	Van                          string              `json:"van"`
	Tot                          string              `json:"tot"`
	Team                         *string             `json:"team"`
	TeamNaam                     *string             `json:"teamNaam"`
	Meldingen                    int                 `json:"meldingen"`
	MeldingenPerSoortSchuldeiser []MeldingenPerSoort `json:"meldingenPerSoortSchuldeiser"`
	DreigendeMeldingen           int                 `json:"dreigendeMeldingen"`
	Huishoudens                  int                 `json:"huishoudens"`
	HuishoudensBereikt           int                 `json:"huishoudensBereikt"`
	HulpGeaccepteerd             int                 `json:"hulpGeaccepteerd"`
	AlBekendSchuldhulpverlening  int                 `json:"alBekendSchuldhulpverlening"`
	AnderLopendTraject           int                 `json:"anderLopendTraject"`
	Afgerond                     int                 `json:"afgerond"`
	Resultaten                   []ResultaatAantal   `json:"resultaten"`
	EersteContact                EersteContact       `json:"eersteContact"`
}

// rounded is x to one decimal, for figures a person reads.
func rounded(x float64) *float64 {
	r := float64(int64(x*10+0.5)) / 10
	return &r
}

func vroegsignaleringMonitor(m *app.OutreachMonitor) VroegsignaleringMonitor {
	out := VroegsignaleringMonitor{Van: dayOf(m.Period.From), Tot: dayOf(m.Period.To), Meldingen: m.ReportsTotal,
		DreigendeMeldingen: m.ThreateningReports, Huishoudens: m.Households, HuishoudensBereikt: m.Reached,
		HulpGeaccepteerd: m.HelpAccepted, AlBekendSchuldhulpverlening: m.KnownDebtHelp, AnderLopendTraject: m.OtherTrajectory,
		Afgerond: m.Closed, EersteContact: EersteContact{Aantal: m.Contacted, TermijnVerstreken: m.TermOver, BinnenTermijn: m.WithinDeadline}}
	if m.Team != nil {
		out.Team, out.TeamNaam = &m.Team.ID, &m.Team.Name
	}
	for _, k := range m.Reports {
		out.MeldingenPerSoortSchuldeiser = append(out.MeldingenPerSoortSchuldeiser, MeldingenPerSoort{SoortSchuldeiser: string(k.Kind), Aantal: k.Count})
	}
	for _, c := range m.Outcomes {
		out.Resultaten = append(out.Resultaten, ResultaatAantal{Resultaat: string(c.Code), Aantal: c.Count})
	}
	if m.Contacted > 0 {
		out.EersteContact.MediaanDagen, out.EersteContact.GemiddeldDagen = rounded(m.MedianDays), rounded(m.MeanDays)
	}
	if m.TermOver > 0 {
		out.EersteContact.PercentageBinnenTermijn = rounded(m.WithinShare())
	}
	return out
}

// getOutreachMonitor is the monitor of a period (van, tot; the current
// quarter without them) and a team (team: an id or "alle"; without it a
// team lead's own team, everyone else's whole municipality).
func (h *Handler) getOutreachMonitor(w http.ResponseWriter, r *http.Request) error {
	var v wijkregie.Invalid
	mq := app.MonitorQuery{Period: h.parsePeriod(r, &v)}
	if s, ok := query(r.URL.Query(), "team"); ok {
		if mq.TeamID = s; s != app.AllTeams && !wijkregie.ValidID(s) {
			v.Field("team", "api.veld.id")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	m, err := h.svc.OutreachMonitor(r.Context(), request.Actor(r), mq)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, vroegsignaleringMonitor(m))
}

// Schuldeiser is a creditor that reports arrears.
type Schuldeiser struct {
	ID           string    `json:"id"`
	Naam         string    `json:"naam"`
	Soort        string    `json:"soort"`
	AangemaaktOp time.Time `json:"aangemaaktOp"`
}

func schuldeiser(c *wijkregie.Creditor) Schuldeiser {
	return Schuldeiser{ID: c.ID, Naam: c.Name, Soort: string(c.Kind), AangemaaktOp: utc(c.CreatedAt)}
}

// listCreditors lists the municipality's creditors, by name.
func (h *Handler) listCreditors(w http.ResponseWriter, r *http.Request) error {
	var v wijkregie.Invalid
	p := parsePage(r, &v)
	if err := v.Err(); err != nil {
		return err
	}
	cs, err := h.svc.Creditors(r.Context(), request.Actor(r))
	if err != nil {
		return err
	}
	out := make([]Schuldeiser, len(cs))
	for i := range cs {
		out[i] = schuldeiser(&cs[i])
	}
	return writeList(w, r, pageOf(out, p), p, len(out))
}

// Terugmelding is what a creditor is told about one of its reports.
type Terugmelding struct {
	Referentie            string `json:"referentie"`
	DatumMelding          string `json:"datumMelding"`
	Resultaat             string `json:"resultaat"`
	ResultaatOmschrijving string `json:"resultaatOmschrijving"`
	DatumAfgerond         string `json:"datumAfgerond"`
}

// Terugmeldingen is a page of a creditor's feedback of a period.
type Terugmeldingen struct {
	Schuldeiser Schuldeiser    `json:"schuldeiser"`
	Van         string         `json:"van"`
	Tot         string         `json:"tot"`
	Resultaten  []Terugmelding `json:"resultaten"`
	Paginering  Paginering     `json:"paginering"`
}

// feedbackFormat decides between JSON and CSV: formaat (for links) first,
// then the Accept header by its quality values (RFC 9110 §12.5.1); a tie,
// or no preference, is JSON, the API's own format.
func feedbackFormat(r *http.Request) (string, error) {
	switch f := r.URL.Query().Get("formaat"); f {
	case "json", "csv":
		return f, nil
	case "":
	default:
		return "", wijkregie.InvalidField("formaat", "veld.keuze")
	}
	csvQ, jsonQ := -1.0, -1.0
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if q, err = strconv.ParseFloat(v, 64); err != nil {
				continue
			}
		}
		switch mt {
		case "text/csv":
			csvQ = max(csvQ, q)
		case "application/json", "application/*", "*/*":
			jsonQ = max(jsonQ, q)
		}
	}
	if csvQ > 0 && csvQ > jsonQ {
		return "csv", nil
	}
	return "json", nil
}

// getCreditorFeedback is a creditor's feedback of a period: JSON, a page
// at a time, or the whole period as CSV.
func (h *Handler) getCreditorFeedback(w http.ResponseWriter, r *http.Request) error {
	var v wijkregie.Invalid
	format, err := feedbackFormat(r)
	if err != nil {
		v.Add(err)
	}
	p := parsePage(r, &v)
	period := h.parsePeriod(r, &v)
	if err := v.Err(); err != nil {
		return err
	}
	var page *store.Page
	if format == "json" {
		sp := p.store()
		page = &sp
	}
	fv, err := h.svc.CreditorFeedback(r.Context(), request.Actor(r), r.PathValue("id"), period, page)
	if err != nil {
		return err
	}
	w.Header().Add("Vary", "Accept")
	if format == "csv" {
		b, err := app.FeedbackCSV(fv.Rows, h.cat, locale.NL)
		if err != nil {
			return err
		}
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": app.FeedbackFileName(fv.Creditor.ID, fv.Period)}))
		writeBody(w, http.StatusOK, "text/csv; charset=utf-8", b)
		return nil
	}
	out := Terugmeldingen{Schuldeiser: schuldeiser(fv.Creditor), Van: dayOf(fv.Period.From), Tot: dayOf(fv.Period.To),
		Resultaten: make([]Terugmelding, len(fv.Rows)), Paginering: paginate(w, r, p, fv.Total)}
	for i, f := range fv.Rows {
		out.Resultaten[i] = Terugmelding{Referentie: f.Reference, DatumMelding: dayOf(f.ReportedOn), Resultaat: string(f.Result),
			ResultaatOmschrijving: h.cat.T(locale.NL, "vroegsignaal.teruggemeld."+string(f.Result)), DatumAfgerond: dayOf(f.ClosedOn)}
	}
	return writeJSON(w, http.StatusOK, out)
}
