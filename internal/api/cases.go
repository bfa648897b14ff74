package api

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/locale"
	"wijkregie/internal/request"
	"wijkregie/internal/store"
)

// Casus is a case: one household, its status and level, its one
// regisseur with the mandate, its signals, betrokkenen and the Meldcode
// route when it runs. herhalingVan names the household's earlier case when
// this one opened within twelve months of its closing (a relapse, as the
// youth outcome set counts it). versie is the case's version; the ETag
// covers the whole representation.
type Casus struct {
	ID             string            `json:"id"`
	Status         string            `json:"status"`
	Niveau         string            `json:"niveau"`
	Domeinen       []string          `json:"domeinen"`
	Huishouden     string            `json:"huishouden"`
	Adres          Adres             `json:"adres"`
	Team           string            `json:"team"`
	Regisseur      *Regisseur        `json:"regisseur"`
	GeopendOp      time.Time         `json:"geopendOp"`
	GeopendDoor    string            `json:"geopendDoor"`
	AfgeslotenOp   *time.Time        `json:"afgeslotenOp"`
	Afsluitreden   *string           `json:"afsluitreden"`
	Signalen       []string          `json:"signalen"`
	Betrokkenen    []CasusBetrokkene `json:"betrokkenen"`
	Meldcode       *Meldcode         `json:"meldcode"`
	HerhalingVan   *string           `json:"herhalingVan"`
	LaatsteContact *string           `json:"laatsteContact"`
	// Grondslag is the legal ground the team's processing rests on, with
	// why; null until the regisseur records it.
	Grondslag            *string `json:"grondslag"`
	GrondslagToelichting *string `json:"grondslagToelichting"`
	Versie               int     `json:"versie"`
}

// Regisseur is a case's regisseur with the mandate the team lead gave.
type Regisseur struct {
	ID      string  `json:"id"`
	Naam    string  `json:"naam"`
	Mandaat Mandaat `json:"mandaat"`
}

// Mandaat is what the regisseur may decide and arrange, from when, and to
// whom they escalate.
type Mandaat struct {
	Vanaf        time.Time `json:"vanaf"`
	Bevoegdheden string    `json:"bevoegdheden"`
	Escalatie    string    `json:"escalatie"`
}

// Meldcode is where the Meldcode route of a safety case stands.
type Meldcode struct {
	Stap      int       `json:"stap"`
	GestartOp time.Time `json:"gestartOp"`
}

// CasusSamenvatting is a row of the case list.
type CasusSamenvatting struct {
	ID            string     `json:"id"`
	Status        string     `json:"status"`
	Niveau        string     `json:"niveau"`
	Domeinen      []string   `json:"domeinen"`
	Huishouden    string     `json:"huishouden"`
	Adres         Adres      `json:"adres"`
	Team          string     `json:"team"`
	Regisseur     *string    `json:"regisseur"`
	RegisseurNaam *string    `json:"regisseurNaam"`
	GeopendOp     time.Time  `json:"geopendOp"`
	AfgeslotenOp  *time.Time `json:"afgeslotenOp"`
	HerhalingVan  *string    `json:"herhalingVan"`
}

// Gebeurtenis is a line of a case's history. van and naar are statuses,
// levels, user ids or signal ids, as soort says.
type Gebeurtenis struct {
	ID    string    `json:"id"`
	Soort string    `json:"soort"`
	Van   *string   `json:"van"`
	Naar  *string   `json:"naar"`
	Reden string    `json:"reden"`
	Op    time.Time `json:"op"`
	Door  string    `json:"door"`
}

// StatusWijziging moves a case to another status. Closing is not a
// status change: it records the outcome (POST /casussen/{id}/afsluiting).
type StatusWijziging struct {
	Status string `json:"status"`
	Reden  string `json:"reden"`
}

// NiveauWijziging scales a case up or down.
type NiveauWijziging struct {
	Niveau string `json:"niveau"`
	Reden  string `json:"reden"`
}

// Regie is a case's regisseur now and all before, with their mandates.
type Regie struct {
	Regisseur    *Regisseur   `json:"regisseur"`
	Geschiedenis []Toewijzing `json:"geschiedenis"`
}

// Toewijzing is one period in which a user was the case's regisseur.
type Toewijzing struct {
	Medewerker     string     `json:"medewerker"`
	Naam           string     `json:"naam"`
	Mandaat        Mandaat    `json:"mandaat"`
	Reden          string     `json:"reden"`
	ToegewezenDoor string     `json:"toegewezenDoor"`
	Vanaf          time.Time  `json:"vanaf"`
	Tot            *time.Time `json:"tot"`
}

// RegisseurToewijzing is a team lead's choice of regisseur with the
// mandate.
type RegisseurToewijzing struct {
	Medewerker string         `json:"medewerker"`
	Reden      string         `json:"reden"`
	Mandaat    *MandaatInvoer `json:"mandaat"`
}

// MandaatInvoer is the mandate of an assignment. bevoegdheden defaults to
// the standard mandate, vanaf to now.
type MandaatInvoer struct {
	Vanaf        string `json:"vanaf"`
	Bevoegdheden string `json:"bevoegdheden"`
	Escalatie    string `json:"escalatie"`
}

// Kandidaat is a team member ranked for the regisseur role, with the
// numbers behind the rank.
type Kandidaat struct {
	Medewerker        string            `json:"medewerker"`
	Naam              string            `json:"naam"`
	Rol               string            `json:"rol"`
	Expertise         []string          `json:"expertise"`
	PassendeExpertise []string          `json:"passendeExpertise"`
	Casussen          CasussenPerNiveau `json:"casussen"`
	GewogenCaseload   int               `json:"gewogenCaseload"`
	Rang              int               `json:"rang"`
}

// CasussenPerNiveau counts a regisseur's open cases per level.
type CasussenPerNiveau struct {
	Licht      int `json:"licht"`
	Intensief  int `json:"intensief"`
	Veiligheid int `json:"veiligheid"`
}

// CasusBetrokkene is a professional or organisation involved in a case,
// with their role; tot is set once their part has ended.
type CasusBetrokkene struct {
	ID             string     `json:"id"`
	Medewerker     *string    `json:"medewerker"`
	Organisatie    *string    `json:"organisatie"`
	Rol            string     `json:"rol"`
	Notitie        string     `json:"notitie"`
	Vanaf          time.Time  `json:"vanaf"`
	Tot            *time.Time `json:"tot"`
	ToegevoegdDoor string     `json:"toegevoegdDoor"`
}

// BetrokkeneNieuw adds a betrokkene: a user or an organisation.
type BetrokkeneNieuw struct {
	Medewerker  string `json:"medewerker"`
	Organisatie string `json:"organisatie"`
	Rol         string `json:"rol"`
	Notitie     string `json:"notitie"`
}

// Opschaling is the regisseur escalating to the management of a partner:
// to whom, about what, the answer and the outcome.
type Opschaling struct {
	ID              string     `json:"id"`
	Organisatie     string     `json:"organisatie"`
	Aan             string     `json:"aan"`
	Onderwerp       string     `json:"onderwerp"`
	OpgeschaaldOp   time.Time  `json:"opgeschaaldOp"`
	OpgeschaaldDoor string     `json:"opgeschaaldDoor"`
	Antwoord        string     `json:"antwoord"`
	BeantwoordOp    *time.Time `json:"beantwoordOp"`
	Uitkomst        string     `json:"uitkomst"`
	Status          string     `json:"status"`
	Versie          int        `json:"versie"`
}

// OpschalingNieuw is the body of an opschaling.
type OpschalingNieuw struct {
	Organisatie string `json:"organisatie"`
	Aan         string `json:"aan"`
	Onderwerp   string `json:"onderwerp"`
}

// OpschalingAntwoord records the partner's answer and, when settled, the
// outcome.
type OpschalingAntwoord struct {
	Antwoord string `json:"antwoord"`
	Uitkomst string `json:"uitkomst"`
	Status   string `json:"status"`
}

// Doorzettingsbesluit is a decision of the regisseur, binding on the
// partners it names.
type Doorzettingsbesluit struct {
	ID           string    `json:"id"`
	Soort        string    `json:"soort"`
	Besluit      string    `json:"besluit"`
	Motivering   string    `json:"motivering"`
	Organisaties []string  `json:"organisaties"`
	BeslotenOp   time.Time `json:"beslotenOp"`
	BeslotenDoor string    `json:"beslotenDoor"`
}

// DoorzettingsbesluitNieuw is the body of a doorzettingsmacht decision.
type DoorzettingsbesluitNieuw struct {
	Soort        string   `json:"soort"`
	Besluit      string   `json:"besluit"`
	Motivering   string   `json:"motivering"`
	Organisaties []string `json:"organisaties"`
}

// caseFields maps the use cases' field names onto the bodies'.
var caseFields = map[string]string{"regisseur": "medewerker", "betrokkene": "medewerker"}

func casus(v *app.CaseView) Casus {
	c := v.Case
	out := Casus{ID: c.ID, Status: string(c.Status), Niveau: string(c.Level), Domeinen: orEmpty(c.Domains), Huishouden: c.HouseholdID,
		Team: c.TeamID, Regisseur: regisseur(v), GeopendOp: utc(c.OpenedAt), GeopendDoor: c.OpenedBy, AfgeslotenOp: moment(c.ClosedAt),
		Afsluitreden: orNil(c.ClosureReason), Signalen: make([]string, len(v.Signals)), Betrokkenen: make([]CasusBetrokkene, len(v.Parties)),
		HerhalingVan: orNil(c.RelapseOf), LaatsteContact: day(c.LastContact), Grondslag: orNil(string(c.LegalGround)),
		GrondslagToelichting: orNil(c.LegalGroundNote), Versie: c.Version}
	if v.Household != nil {
		out.Adres = adres(v.Household.Address)
	}
	for i, s := range v.Signals {
		out.Signalen[i] = s.ID
	}
	for i := range v.Parties {
		out.Betrokkenen[i] = casusBetrokkene(&v.Parties[i])
	}
	if m := v.Meldcode; m != nil {
		out.Meldcode = &Meldcode{Stap: m.Step, GestartOp: utc(m.StartedAt)}
	}
	return out
}

// regisseur is the case's regisseur: the current assignment, or on a
// closed case the last one, which the case keeps naming.
func regisseur(v *app.CaseView) *Regisseur {
	a := v.Current()
	if a == nil && v.Case.CoordinatorID != "" {
		for i := len(v.Assignments) - 1; i >= 0; i-- {
			if v.Assignments[i].UserID == v.Case.CoordinatorID {
				a = &v.Assignments[i]
				break
			}
		}
	}
	if a == nil {
		return nil
	}
	return &Regisseur{ID: a.UserID, Naam: userName(v, a.UserID), Mandaat: mandaat(a.Mandate)}
}

func mandaat(m wijkregie.Mandate) Mandaat {
	return Mandaat{Vanaf: utc(m.From), Bevoegdheden: m.Decide, Escalatie: m.EscalateTo}
}

func userName(v *app.CaseView, id string) string {
	if u, ok := v.Users[id]; ok && u != nil {
		return u.Name
	}
	return ""
}

func casusBetrokkene(p *wijkregie.Party) CasusBetrokkene {
	return CasusBetrokkene{ID: p.ID, Medewerker: orNil(p.UserID), Organisatie: orNil(p.OrganisationID), Rol: string(p.Role),
		Notitie: p.Note, Vanaf: utc(p.From), Tot: moment(p.Until), ToegevoegdDoor: p.AddedBy}
}

func opschaling(e *wijkregie.Escalation) Opschaling {
	return Opschaling{ID: e.ID, Organisatie: e.OrganisationID, Aan: e.ToWhom, Onderwerp: e.About, OpgeschaaldOp: utc(e.RaisedAt),
		OpgeschaaldDoor: e.RaisedBy, Antwoord: e.Answer, BeantwoordOp: moment(e.AnsweredAt), Uitkomst: e.Outcome,
		Status: string(e.Status), Versie: e.Version}
}

func doorzettingsbesluit(e *wijkregie.Enforcement) Doorzettingsbesluit {
	return Doorzettingsbesluit{ID: e.ID, Soort: string(e.Kind), Besluit: e.Decision, Motivering: e.Reason,
		Organisaties: orEmpty(e.OrganisationIDs), BeslotenOp: utc(e.DecidedAt), BeslotenDoor: e.DecidedBy}
}

func regie(v *app.CaseView) Regie {
	out := Regie{Regisseur: regisseur(v), Geschiedenis: make([]Toewijzing, len(v.Assignments))}
	for i, a := range v.Assignments {
		out.Geschiedenis[i] = Toewijzing{Medewerker: a.UserID, Naam: userName(v, a.UserID), Mandaat: mandaat(a.Mandate),
			Reden: a.Reason, ToegewezenDoor: a.AssignedBy, Vanaf: utc(a.From), Tot: moment(a.Until)}
	}
	return out
}

// staleAsPrecondition turns the use case's "changed meanwhile" conflict
// into 412: the client sent If-Match, and the version it names was
// overtaken between this request's read and its write.
func staleAsPrecondition(err error, message string) error {
	var e *wijkregie.Error
	if errors.As(err, &e) && e.Code == wijkregie.ECONFLICT && e.Message == message {
		return errStaleIfMatch
	}
	return err
}

func (h *Handler) listCases(w http.ResponseWriter, r *http.Request) error {
	var v wijkregie.Invalid
	p := parsePage(r, &v)
	f := store.CaseFilter{Page: p.store()}
	q := r.URL.Query()
	for _, prm := range []struct {
		name string
		dst  *string
	}{{"team", &f.TeamID}, {"regisseur", &f.CoordinatorID}} {
		if s, ok := query(q, prm.name); ok {
			if *prm.dst = s; !wijkregie.ValidID(s) {
				v.Field(prm.name, "api.veld.id")
			}
		}
	}
	if s, ok := query(q, "open"); ok {
		switch s {
		case "true":
			f.Open = true
		case "false":
			f.Closed = true
		default:
			v.Field("open", "veld.keuze")
		}
	}
	// The overview's lists: each true narrows to what its number counts;
	// false is no filter.
	f.WithoutCoordinator = boolQuery(q, "zonderRegisseur", &v)
	f.WithoutPlan = boolQuery(q, "zonderPlan", &v)
	f.Stagnating = boolQuery(q, "stagnatie", &v)
	f.Relapse = boolQuery(q, "herhaling", &v)
	if err := v.Err(); err != nil {
		return err
	}
	cs, total, err := h.svc.Cases(r.Context(), request.Actor(r), f)
	if err != nil {
		return err
	}
	out := make([]CasusSamenvatting, len(cs))
	for i, c := range cs {
		out[i] = CasusSamenvatting{ID: c.ID, Status: string(c.Status), Niveau: string(c.Level), Domeinen: orEmpty(c.Domains),
			Huishouden: c.HouseholdID, Adres: adres(c.Address), Team: c.TeamID, Regisseur: orNil(c.CoordinatorID),
			RegisseurNaam: orNil(c.CoordinatorName), GeopendOp: utc(c.OpenedAt), AfgeslotenOp: moment(c.ClosedAt),
			HerhalingVan: orNil(c.RelapseOf)}
	}
	return writeList(w, r, out, p, total)
}

func (h *Handler) getCase(w http.ResponseWriter, r *http.Request) error {
	v, err := h.svc.Case(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, casus(v))
}

func (h *Handler) caseEvents(w http.ResponseWriter, r *http.Request) error {
	return caseList(h, w, r, h.events)
}

func (h *Handler) events(v *app.CaseView) []Gebeurtenis {
	out := make([]Gebeurtenis, len(v.Events))
	for i, e := range v.Events {
		out[i] = Gebeurtenis{ID: e.ID, Soort: string(e.Kind), Van: orNil(e.From), Naar: orNil(e.To), Reden: h.eventReason(e.Reason),
			Op: utc(e.At), Door: e.By}
	}
	return out
}

// eventReason is an event's reason as written, or the Dutch text when the
// system wrote a catalogue key (an opschaling by a triage decision).
func (h *Handler) eventReason(s string) string {
	if strings.HasPrefix(s, "triage.") && h.cat.Has(locale.NL, s) {
		return h.cat.T(locale.NL, s)
	}
	return s
}

// currentCase reads the request's case as GET /casussen/{id} shows it,
// with its version, for changeOver.
func (h *Handler) currentCase(r *http.Request) reader[Casus] {
	return func() (Casus, int, error) {
		v, err := h.svc.Case(r.Context(), request.Actor(r), r.PathValue("id"))
		if err != nil {
			return Casus{}, 0, err
		}
		return casus(v), v.Case.Version, nil
	}
}

// changeCase runs a change that needs the case's ETag in If-Match: the
// case is read, the tag compared, and the version read passed on, so the
// store refuses the write when someone changed the case in between.
func (h *Handler) changeCase(w http.ResponseWriter, r *http.Request, body any, change func(version int) error) error {
	ifm, err := ifMatch(r)
	if err != nil {
		return err
	}
	if err := decode(w, r, body); err != nil {
		return err
	}
	read := h.currentCase(r)
	if err := changeOver(ifm, read, "fout.casus.gewijzigd", change); err != nil {
		return renamed(err, caseFields)
	}
	v, _, err := read()
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, v)
}

func (h *Handler) putCaseStatus(w http.ResponseWriter, r *http.Request) error {
	var in StatusWijziging
	return h.changeCase(w, r, &in, func(version int) error {
		_, err := h.svc.MoveCase(r.Context(), request.Actor(r), r.PathValue("id"), version, wijkregie.CaseStatus(in.Status), in.Reden)
		return err
	})
}

func (h *Handler) putCaseLevel(w http.ResponseWriter, r *http.Request) error {
	var in NiveauWijziging
	return h.changeCase(w, r, &in, func(version int) error {
		_, err := h.svc.ScaleCase(r.Context(), request.Actor(r), r.PathValue("id"), version, wijkregie.CaseLevel(in.Niveau), in.Reden)
		return err
	})
}

func (h *Handler) getCoordinator(w http.ResponseWriter, r *http.Request) error {
	v, err := h.svc.CaseRecords(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, regie(v))
}

// putCoordinator assigns the regisseur. If-Match carries the ETag of the
// regisseur resource (GET /casussen/{id}/regisseur) as read.
func (h *Handler) putCoordinator(w http.ResponseWriter, r *http.Request) error {
	ifm, err := ifMatch(r)
	if err != nil {
		return err
	}
	var in RegisseurToewijzing
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ai := app.AssignInput{UserID: strings.TrimSpace(in.Medewerker), Reason: in.Reden}
	if in.Mandaat != nil {
		ai.Decide, ai.EscalateTo = in.Mandaat.Bevoegdheden, in.Mandaat.Escalatie
		if s := strings.TrimSpace(in.Mandaat.Vanaf); s != "" {
			// Parsed here rather than by encoding/json, so a bad date is
			// named as the field it is in.
			t, err := time.Parse(time.RFC3339, s)
			if err != nil {
				var v wijkregie.Invalid
				v.Field("mandaat.vanaf", "veld.datum")
				return invalidWith(&v, func() error {
					m := wijkregie.Mandate{From: time.Unix(1, 0), Decide: wijkregie.DefaultMandate, EscalateTo: strings.TrimSpace(ai.EscalateTo)}
					return m.Validate()
				})
			}
			ai.From = t
		}
	}
	ctx, actor, id := r.Context(), request.Actor(r), r.PathValue("id")
	var read reader[Regie] = func() (Regie, int, error) {
		cur, err := h.svc.CaseRecords(ctx, actor, id)
		if err != nil {
			return Regie{}, 0, err
		}
		return regie(cur), cur.Case.Version, nil
	}
	if err := changeOver(ifm, read, "fout.casus.gewijzigd", func(version int) error {
		_, err := h.svc.AssignCoordinator(ctx, actor, id, version, ai)
		return err
	}); err != nil {
		return renamed(err, caseFields)
	}
	saved, _, err := read()
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, saved)
}

func (h *Handler) listCandidates(w http.ResponseWriter, r *http.Request) error {
	var v wijkregie.Invalid
	p := parsePage(r, &v)
	if err := v.Err(); err != nil {
		return err
	}
	cs, err := h.svc.Candidates(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	out := make([]Kandidaat, len(cs))
	for i, c := range cs {
		out[i] = Kandidaat{Medewerker: c.User.ID, Naam: c.User.Name, Rol: string(c.User.Role), Expertise: orEmpty(c.User.Expertise),
			PassendeExpertise: orEmpty(c.Matched), GewogenCaseload: c.Load, Rang: c.Rank,
			Casussen: CasussenPerNiveau{Licht: c.Cases[wijkregie.LevelLight], Intensief: c.Cases[wijkregie.LevelIntensive],
				Veiligheid: c.Cases[wijkregie.LevelSafety]}}
	}
	return writeList(w, r, pageOf(out, p), p, len(out))
}

// caseList writes one page of a list the case view holds whole.
func caseList[T any](h *Handler, w http.ResponseWriter, r *http.Request, list func(v *app.CaseView) []T) error {
	var iv wijkregie.Invalid
	p := parsePage(r, &iv)
	if err := iv.Err(); err != nil {
		return err
	}
	v, err := h.svc.CaseRecords(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	all := list(v)
	return writeList(w, r, pageOf(all, p), p, len(all))
}

// caseItem writes one item of a list the case view holds, by the path's
// second id; an item of another case is not found.
func caseItem[T any](h *Handler, w http.ResponseWriter, r *http.Request, param string, find func(v *app.CaseView, id string) (T, bool)) error {
	v, err := h.svc.CaseRecords(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	item, ok := find(v, r.PathValue(param))
	if !ok {
		return wijkregie.NotFound()
	}
	return writeResource(w, r, http.StatusOK, item)
}

// caseItems is one of the lists a case view holds whole (betrokkenen,
// opschalingen, doorzettingsbesluiten): where it is in the view, an
// item's id, and the item as the API shows it.
type caseItems[S, T any] struct {
	list func(v *app.CaseView) []S
	id   func(s *S) string
	show func(s *S) T
}

// all is the whole list as the API shows it.
func (c caseItems[S, T]) all(v *app.CaseView) []T {
	l := c.list(v)
	out := make([]T, len(l))
	for i := range l {
		out[i] = c.show(&l[i])
	}
	return out
}

// find is the item with the id as the API shows it; false when the case
// has none.
func (c caseItems[S, T]) find(v *app.CaseView, id string) (T, bool) {
	l := c.list(v)
	for i := range l {
		if c.id(&l[i]) == id {
			return c.show(&l[i]), true
		}
	}
	var none T
	return none, false
}

var (
	partyItems = caseItems[wijkregie.Party, CasusBetrokkene]{
		list: func(v *app.CaseView) []wijkregie.Party { return v.Parties },
		id:   func(p *wijkregie.Party) string { return p.ID },
		show: casusBetrokkene,
	}
	escalationItems = caseItems[wijkregie.Escalation, Opschaling]{
		list: func(v *app.CaseView) []wijkregie.Escalation { return v.Escalations },
		id:   func(e *wijkregie.Escalation) string { return e.ID },
		show: opschaling,
	}
	enforcementItems = caseItems[wijkregie.Enforcement, Doorzettingsbesluit]{
		list: func(v *app.CaseView) []wijkregie.Enforcement { return v.Enforcements },
		id:   func(e *wijkregie.Enforcement) string { return e.ID },
		show: doorzettingsbesluit,
	}
)

func (h *Handler) listParties(w http.ResponseWriter, r *http.Request) error {
	return caseList(h, w, r, partyItems.all)
}

func (h *Handler) getParty(w http.ResponseWriter, r *http.Request) error {
	return caseItem(h, w, r, "betrokkene", partyItems.find)
}

func (h *Handler) createParty(w http.ResponseWriter, r *http.Request) error {
	var in BetrokkeneNieuw
	if err := decode(w, r, &in); err != nil {
		return err
	}
	p := &wijkregie.Party{UserID: strings.TrimSpace(in.Medewerker), OrganisationID: strings.TrimSpace(in.Organisatie),
		Role: wijkregie.PartyRole(in.Rol), Note: in.Notitie}
	id := r.PathValue("id")
	if _, err := h.svc.AddParty(r.Context(), request.Actor(r), id, p); err != nil {
		return renamed(err, caseFields)
	}
	return created(w, r, Base+"/casussen/"+id+"/betrokkenen/"+p.ID, casusBetrokkene(p))
}

// deleteParty ends a betrokkene's part in the case. The record stays in
// the case's history with its end date; the user's access through it ends.
func (h *Handler) deleteParty(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.svc.EndParty(r.Context(), request.Actor(r), r.PathValue("id"), r.PathValue("betrokkene")); err != nil {
		return err
	}
	setHeaders(w.Header())
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Handler) listEscalations(w http.ResponseWriter, r *http.Request) error {
	return caseList(h, w, r, escalationItems.all)
}

func (h *Handler) getEscalation(w http.ResponseWriter, r *http.Request) error {
	return caseItem(h, w, r, "opschaling", escalationItems.find)
}

func (h *Handler) createEscalation(w http.ResponseWriter, r *http.Request) error {
	var in OpschalingNieuw
	if err := decode(w, r, &in); err != nil {
		return err
	}
	e := &wijkregie.Escalation{OrganisationID: strings.TrimSpace(in.Organisatie), ToWhom: in.Aan, About: in.Onderwerp}
	id := r.PathValue("id")
	if _, err := h.svc.Escalate(r.Context(), request.Actor(r), id, e); err != nil {
		return err
	}
	return created(w, r, Base+"/casussen/"+id+"/opschalingen/"+e.ID, opschaling(e))
}

// updateEscalation records the answer and outcome of an opschaling.
// If-Match carries the opschaling's ETag as read.
func (h *Handler) updateEscalation(w http.ResponseWriter, r *http.Request) error {
	ifm, err := ifMatch(r)
	if err != nil {
		return err
	}
	var in OpschalingAntwoord
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ctx, actor, id, eid := r.Context(), request.Actor(r), r.PathValue("id"), r.PathValue("opschaling")
	v, err := h.svc.CaseRecords(ctx, actor, id)
	if err != nil {
		return err
	}
	cur, ok := escalationItems.find(v, eid)
	if !ok {
		return wijkregie.NotFound()
	}
	if err := checkVersion(ifm, cur); err != nil {
		return err
	}
	e, err := h.svc.AnswerEscalation(ctx, actor, id, eid, cur.Versie, in.Antwoord, in.Uitkomst, wijkregie.EscalationStatus(in.Status))
	if err != nil {
		return staleAsPrecondition(err, "fout.opschaling.gewijzigd")
	}
	return writeResource(w, r, http.StatusOK, opschaling(e))
}

func (h *Handler) listEnforcements(w http.ResponseWriter, r *http.Request) error {
	return caseList(h, w, r, enforcementItems.all)
}

func (h *Handler) getEnforcement(w http.ResponseWriter, r *http.Request) error {
	return caseItem(h, w, r, "besluit", enforcementItems.find)
}

func (h *Handler) createEnforcement(w http.ResponseWriter, r *http.Request) error {
	var in DoorzettingsbesluitNieuw
	if err := decode(w, r, &in); err != nil {
		return err
	}
	e := &wijkregie.Enforcement{Kind: wijkregie.EnforcementKind(in.Soort), Decision: in.Besluit, Reason: in.Motivering,
		OrganisationIDs: in.Organisaties}
	id := r.PathValue("id")
	if _, err := h.svc.Enforce(r.Context(), request.Actor(r), id, e); err != nil {
		return err
	}
	return created(w, r, Base+"/casussen/"+id+"/doorzettingsbesluiten/"+e.ID, doorzettingsbesluit(e))
}
