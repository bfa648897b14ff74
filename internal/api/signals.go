package api

import (
	"net/http"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/request"
	"wijkregie/internal/store"
)

// Signaal is one signal with who else works with the family.
type Signaal struct {
	ID               string    `json:"id"`
	Soort            string    `json:"soort"`
	Persoon          *string   `json:"persoon"`
	Huishouden       *string   `json:"huishouden"`
	Bron             string    `json:"bron"`
	BronOrganisatie  *string   `json:"bronOrganisatie"`
	MelderNaam       string    `json:"melderNaam"`
	MelderContact    string    `json:"melderContact"`
	AnoniemVoorGezin bool      `json:"anoniemVoorGezin"`
	Domeinen         []string  `json:"domeinen"`
	Omschrijving     string    `json:"omschrijving"`
	Urgentie         string    `json:"urgentie"`
	Ontvangen        time.Time `json:"ontvangen"`
	TriageUiterlijk  time.Time `json:"triageUiterlijk"`
	Status           string    `json:"status"`
	Team             *string   `json:"team"`
	AangemaaktDoor   string    `json:"aangemaaktDoor"`
	AangemaaktOp     time.Time `json:"aangemaaktOp"`
	Matches          []Match   `json:"matches"`
}

// Match is another party who works with the signal's family: who and how
// to reach them, never what they know.
type Match struct {
	Organisatie string    `json:"organisatie"`
	Medewerker  string    `json:"medewerker"`
	Contact     string    `json:"contact"`
	Sinds       time.Time `json:"sinds"`
}

// SignaalSamenvatting is a row of the signal list: no description, so a
// list shows what a triage needs to plan, not why.
type SignaalSamenvatting struct {
	ID              string    `json:"id"`
	Soort           string    `json:"soort"`
	Persoon         *string   `json:"persoon"`
	Huishouden      *string   `json:"huishouden"`
	Domeinen        []string  `json:"domeinen"`
	Urgentie        string    `json:"urgentie"`
	Ontvangen       time.Time `json:"ontvangen"`
	TriageUiterlijk time.Time `json:"triageUiterlijk"`
	Status          string    `json:"status"`
	Team            *string   `json:"team"`
}

// SignaalNieuw is the body of a signal registration. The subject is a
// person, a household, or (for a family not known yet) an address.
type SignaalNieuw struct {
	Soort            string     `json:"soort"`
	Persoon          string     `json:"persoon"`
	Huishouden       string     `json:"huishouden"`
	Adres            *Adres     `json:"adres"`
	Bron             string     `json:"bron"`
	BronOrganisatie  string     `json:"bronOrganisatie"`
	MelderNaam       string     `json:"melderNaam"`
	MelderContact    string     `json:"melderContact"`
	AnoniemVoorGezin bool       `json:"anoniemVoorGezin"`
	Domeinen         []string   `json:"domeinen"`
	Omschrijving     string     `json:"omschrijving"`
	Urgentie         string     `json:"urgentie"`
	Ontvangen        *time.Time `json:"ontvangen"`
}

func (h *Handler) createSignal(w http.ResponseWriter, r *http.Request) error {
	var in SignaalNieuw
	if err := decode(w, r, &in); err != nil {
		return err
	}
	sig := &wijkregie.Signal{Kind: wijkregie.SignalKind(in.Soort), PersonID: in.Persoon, HouseholdID: in.Huishouden,
		SourceKind: wijkregie.SourceKind(in.Bron), SourceOrganisationID: in.BronOrganisatie, ReporterName: in.MelderNaam,
		ReporterContact: in.MelderContact, AnonymousToFamily: in.AnoniemVoorGezin, Domains: in.Domeinen,
		Description: in.Omschrijving, Urgency: wijkregie.Urgency(in.Urgentie)}
	if in.Ontvangen != nil {
		sig.ReceivedAt = in.Ontvangen.UTC()
	}
	var addr *wijkregie.Address
	if in.Adres != nil {
		addr = &wijkregie.Address{Street: in.Adres.Straat, Number: in.Adres.Huisnummer, Addition: in.Adres.Huisnummertoevoeging,
			Postcode: in.Adres.Postcode, Town: in.Adres.Woonplaats}
	}
	v, err := h.svc.RegisterSignal(r.Context(), request.Actor(r), sig, addr)
	if err != nil {
		return err
	}
	out := signaal(v)
	return created(w, r, Base+"/signalen/"+out.ID, out)
}

func (h *Handler) getSignal(w http.ResponseWriter, r *http.Request) error {
	v, err := h.svc.Signal(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, signaal(v))
}

func signaal(v *app.SignalView) Signaal {
	s := v.Signal
	out := Signaal{ID: s.ID, Soort: string(s.Kind), Persoon: orNil(s.PersonID), Huishouden: orNil(s.HouseholdID),
		Bron: string(s.SourceKind), BronOrganisatie: orNil(s.SourceOrganisationID), MelderNaam: s.ReporterName,
		MelderContact: s.ReporterContact, AnoniemVoorGezin: s.AnonymousToFamily, Domeinen: s.Domains,
		Omschrijving: s.Description, Urgentie: string(s.Urgency), Ontvangen: utc(s.ReceivedAt),
		TriageUiterlijk: utc(s.TriageDeadline), Status: string(s.Status), Team: orNil(s.TeamID),
		AangemaaktDoor: s.CreatedBy, AangemaaktOp: utc(s.CreatedAt), Matches: make([]Match, len(v.Matches))}
	for i, m := range v.Matches {
		out.Matches[i] = Match{Organisatie: m.Organisation, Medewerker: m.Name, Contact: m.Contact, Sinds: utc(m.Since)}
	}
	return out
}

func (h *Handler) listSignals(w http.ResponseWriter, r *http.Request) error {
	var v wijkregie.Invalid
	p := parsePage(r, &v)
	f := store.SignalFilter{Page: p.store()}
	if s, ok := query(r.URL.Query(), "team"); ok {
		if f.TeamID = s; !wijkregie.ValidID(s) {
			v.Field("team", "api.veld.id")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	sigs, total, err := h.svc.Signals(r.Context(), request.Actor(r), f)
	if err != nil {
		return err
	}
	out := make([]SignaalSamenvatting, len(sigs))
	for i := range sigs {
		out[i] = signaalSamenvatting(&sigs[i])
	}
	return writeList(w, r, out, p, total)
}

// signaalSamenvatting is a signal as a row of the signal list and of the
// triage queue.
func signaalSamenvatting(s *wijkregie.Signal) SignaalSamenvatting {
	return SignaalSamenvatting{ID: s.ID, Soort: string(s.Kind), Persoon: orNil(s.PersonID), Huishouden: orNil(s.HouseholdID),
		Domeinen: s.Domains, Urgentie: string(s.Urgency), Ontvangen: utc(s.ReceivedAt), TriageUiterlijk: utc(s.TriageDeadline),
		Status: string(s.Status), Team: orNil(s.TeamID)}
}

// Melding is a notification in the user's own inbox. A match names the
// other party and the household, never what the other party knows.
type Melding struct {
	ID           string       `json:"id"`
	Soort        string       `json:"soort"`
	Signaal      *string      `json:"signaal"`
	Huishouden   *string      `json:"huishouden"`
	AnderePartij AnderePartij `json:"anderePartij"`
	// The emergency access a nood-toegang notification is about.
	NoodToegang  *string   `json:"noodToegang"`
	AangemaaktOp time.Time `json:"aangemaaktOp"`
	Gelezen      bool      `json:"gelezen"`
}

// AnderePartij is who a match notification names.
type AnderePartij struct {
	Medewerker  string `json:"medewerker"`
	Organisatie string `json:"organisatie"`
	Contact     string `json:"contact"`
}

// MeldingWijziging marks a notification read or unread.
type MeldingWijziging struct {
	Gelezen *bool `json:"gelezen"`
}

func melding(n *wijkregie.Notification) Melding {
	m := Melding{ID: n.ID, Soort: n.Kind, Signaal: orNil(n.SignalID), Huishouden: orNil(n.HouseholdID),
		AnderePartij: AnderePartij{Medewerker: n.OtherName, Organisatie: n.OtherOrganisation, Contact: n.OtherContact},
		AangemaaktOp: utc(n.CreatedAt), Gelezen: !n.ReadAt.IsZero()}
	if n.Kind == wijkregie.NotificationEmergencyAccess {
		m.NoodToegang = orNil(n.SubjectID)
	}
	return m
}

func (h *Handler) listNotifications(w http.ResponseWriter, r *http.Request) error {
	var v wijkregie.Invalid
	p := parsePage(r, &v)
	if err := v.Err(); err != nil {
		return err
	}
	in, err := h.svc.Notifications(r.Context(), request.Actor(r), p.store())
	if err != nil {
		return err
	}
	out := make([]Melding, len(in.Notifications))
	for i := range in.Notifications {
		out[i] = melding(&in.Notifications[i])
	}
	return writeList(w, r, out, p, in.Total)
}

func (h *Handler) getNotification(w http.ResponseWriter, r *http.Request) error {
	n, err := h.svc.Notification(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, melding(n))
}

func (h *Handler) updateNotification(w http.ResponseWriter, r *http.Request) error {
	ifm, err := ifMatch(r)
	if err != nil {
		return err
	}
	var in MeldingWijziging
	if err := decode(w, r, &in); err != nil {
		return err
	}
	var v wijkregie.Invalid
	requiredBool(&v, "gelezen", in.Gelezen)
	if err := v.Err(); err != nil {
		return err
	}
	ctx, actor, id := r.Context(), request.Actor(r), r.PathValue("id")
	cur, err := h.svc.Notification(ctx, actor, id)
	if err != nil {
		return err
	}
	if err := checkVersion(ifm, melding(cur)); err != nil {
		return err
	}
	n, err := h.svc.MarkNotification(ctx, actor, id, *in.Gelezen)
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, melding(n))
}
