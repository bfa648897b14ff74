package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"wijkregie"
	"wijkregie/internal/request"
)

// Adres is a Dutch address.
type Adres struct {
	Straat               string `json:"straat"`
	Huisnummer           int    `json:"huisnummer"`
	Huisnummertoevoeging string `json:"huisnummertoevoeging"`
	Postcode             string `json:"postcode"`
	Woonplaats           string `json:"woonplaats"`
}

func adres(a wijkregie.Address) Adres {
	return Adres{Straat: a.Street, Huisnummer: a.Number, Huisnummertoevoeging: a.Addition, Postcode: a.Postcode, Woonplaats: a.Town}
}

// HuishoudenSamenvatting is a row of the household list.
type HuishoudenSamenvatting struct {
	ID          string  `json:"id"`
	Adres       Adres   `json:"adres"`
	Team        *string `json:"team"`
	AantalLeden int     `json:"aantalLeden"` // current members
}

// Huishouden is one household with its members and who is involved.
type Huishouden struct {
	ID          string       `json:"id"`
	Adres       Adres        `json:"adres"`
	Team        *string      `json:"team"`
	Leden       []Lid        `json:"leden"`
	Betrokkenen []Betrokkene `json:"betrokkenen"`
}

// Lid is a person's membership of the household; Tot is null while it lasts.
type Lid struct {
	Persoon LidPersoon `json:"persoon"`
	Relatie string     `json:"relatie"`
	Vanaf   *string    `json:"vanaf"`
	Tot     *string    `json:"tot"`
}

// LidPersoon is the part of a person the household shows; the person's
// own resource has the contact details.
type LidPersoon struct {
	ID            string  `json:"id"`
	BSNGemaskeerd *string `json:"bsnGemaskeerd"`
	Voornaam      string  `json:"voornaam"`
	Tussenvoegsel string  `json:"tussenvoegsel"`
	Achternaam    string  `json:"achternaam"`
	Geboortedatum *string `json:"geboortedatum"`
}

// Betrokkene is a user currently involved with the household: its one
// regisseur, or a contributor.
type Betrokkene struct {
	Medewerker string    `json:"medewerker"`
	Soort      string    `json:"soort"`
	Vanaf      time.Time `json:"vanaf"`
}

func (h *Handler) listHouseholds(w http.ResponseWriter, r *http.Request) error {
	var v wijkregie.Invalid
	p := parsePage(r, &v)
	if err := v.Err(); err != nil {
		return err
	}
	hs, total, err := h.svc.Households(r.Context(), request.Actor(r), p.store())
	if err != nil {
		return err
	}
	out := make([]HuishoudenSamenvatting, len(hs))
	for i, s := range hs {
		out[i] = HuishoudenSamenvatting{ID: s.ID, Adres: adres(s.Address), Team: orNil(s.TeamID), AantalLeden: s.Members}
	}
	return writeList(w, r, out, p, total)
}

func (h *Handler) getHousehold(w http.ResponseWriter, r *http.Request) error {
	return h.writeHousehold(w, r, http.StatusOK, r.PathValue("id"))
}

// writeHousehold reads a household through the use case and writes it with
// the status; a 201 names it in Location.
func (h *Handler) writeHousehold(w http.ResponseWriter, r *http.Request, status int, id string) error {
	hv, err := h.svc.Household(r.Context(), request.Actor(r), id)
	if err != nil {
		return err
	}
	out := Huishouden{
		ID:          hv.Household.ID,
		Adres:       adres(hv.Household.Address),
		Team:        orNil(hv.Household.TeamID),
		Leden:       make([]Lid, len(hv.Members)),
		Betrokkenen: make([]Betrokkene, len(hv.Involvements)),
	}
	for i := range hv.Members {
		out.Leden[i] = lid(&hv.Members[i], &hv.Persons[i])
	}
	for i, inv := range hv.Involvements {
		out.Betrokkenen[i] = Betrokkene{Medewerker: inv.UserID, Soort: string(inv.Kind), Vanaf: utc(inv.From)}
	}
	if status == http.StatusCreated {
		return created(w, r, Base+"/huishoudens/"+out.ID, out)
	}
	return writeResource(w, r, status, out)
}

func lid(m *wijkregie.Member, p *wijkregie.Person) Lid {
	return Lid{
		Persoon: LidPersoon{ID: p.ID, BSNGemaskeerd: orNil(p.BSN.Masked()), Voornaam: p.GivenName, Tussenvoegsel: p.Prefix,
			Achternaam: p.FamilyName, Geboortedatum: day(p.BirthDate)},
		Relatie: string(m.Relation),
		Vanaf:   day(m.From),
		Tot:     day(m.Until),
	}
}

// HuishoudenNieuw is the body of a household registration: the address,
// and existing persons (found by a search) as its first members. The team
// follows from the address.
type HuishoudenNieuw struct {
	Adres Adres      `json:"adres"`
	Leden []LidNieuw `json:"leden"`
}

// LidNieuw is an existing person joining a household.
type LidNieuw struct {
	Persoon string `json:"persoon"`
	Relatie string `json:"relatie"`
	Vanaf   string `json:"vanaf"`
}

// member reads a new membership, recording its invalid fields in v under
// prefix (leden[0]. in a household). A person id that names nobody is for
// the use case to answer: not found.
func (in LidNieuw) member(v *wijkregie.Invalid, prefix string) wijkregie.Member {
	from, _ := wijkregie.ParseDate(in.Vanaf) // a bad date is a zero one, which Validate names
	m := wijkregie.Member{PersonID: in.Persoon, Relation: wijkregie.Relation(in.Relatie), From: from}
	prefixed(v, prefix, m.Validate())
	return m
}

// prefixed records err's fields in v with their names prefixed, so a
// nested field is named by its path in the body (adres.postcode).
func prefixed(v *wijkregie.Invalid, prefix string, err error) {
	var e *wijkregie.Error
	if errors.As(err, &e) {
		for _, f := range e.Fields {
			v.Field(prefix+f.Name, f.Message)
		}
	}
}

func (h *Handler) createHousehold(w http.ResponseWriter, r *http.Request) error {
	var in HuishoudenNieuw
	if err := decode(w, r, &in); err != nil {
		return err
	}
	hh := &wijkregie.Household{Address: wijkregie.Address{Street: in.Adres.Straat, Number: in.Adres.Huisnummer,
		Addition: in.Adres.Huisnummertoevoeging, Postcode: wijkregie.NormalizePostcode(in.Adres.Postcode), Town: in.Adres.Woonplaats}}
	var v wijkregie.Invalid
	prefixed(&v, "adres.", hh.Address.Validate())
	members := make([]wijkregie.Member, len(in.Leden))
	for i, l := range in.Leden {
		members[i] = l.member(&v, "leden["+strconv.Itoa(i)+"].")
	}
	if err := v.Err(); err != nil {
		return err
	}
	ctx, actor := r.Context(), request.Actor(r)
	if err := h.svc.RegisterHousehold(ctx, actor, hh, members); err != nil {
		return err
	}
	// The registering user is involved now, so the household reads back.
	return h.writeHousehold(w, r, http.StatusCreated, hh.ID)
}

func (h *Handler) addMember(w http.ResponseWriter, r *http.Request) error {
	var in LidNieuw
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ctx, actor, id := r.Context(), request.Actor(r), r.PathValue("id")
	// The use case validates, after deciding whether the household may be
	// changed at all: one of no concern is not found, however bad the body.
	from, _ := wijkregie.ParseDate(in.Vanaf) // a bad date is a zero one, which Validate names
	m := wijkregie.Member{HouseholdID: id, PersonID: in.Persoon, Relation: wijkregie.Relation(in.Relatie), From: from}
	if err := h.svc.AddMember(ctx, actor, &m); err != nil {
		return err
	}
	mm, p, err := h.svc.Member(ctx, actor, id, m.PersonID)
	if err != nil {
		return err
	}
	return created(w, r, Base+"/huishoudens/"+id+"/leden/"+p.ID, lid(mm, p))
}

func (h *Handler) getMember(w http.ResponseWriter, r *http.Request) error {
	m, p, err := h.svc.Member(r.Context(), request.Actor(r), r.PathValue("id"), r.PathValue("persoon"))
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, lid(m, p))
}

// lidInvoer is the body of a membership's replacement: the relation and
// the until date change; the person and the from date identify the
// membership and may only come back as they were read.
type lidInvoer struct {
	Persoon json.RawMessage `json:"persoon"` // read-only, ignored
	Relatie string          `json:"relatie"`
	Vanaf   *string         `json:"vanaf"`
	Tot     *string         `json:"tot"`
}

// updateMember replaces a membership's relation and until date: setting
// tot ends it (tot is the last day the person belongs to the household),
// null reopens it. A PUT on the membership, not a verb in the path (ADR
// /core/naming-resources); like every PUT it needs If-Match.
func (h *Handler) updateMember(w http.ResponseWriter, r *http.Request) error {
	ifm, err := ifMatch(r)
	if err != nil {
		return err
	}
	var in lidInvoer
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ctx, actor, id, pid := r.Context(), request.Actor(r), r.PathValue("id"), r.PathValue("persoon")
	cur, p, err := h.svc.Member(ctx, actor, id, pid)
	if err != nil {
		return err
	}
	var v wijkregie.Invalid
	if in.Vanaf != nil && *in.Vanaf != *day(cur.From) {
		v.Field("vanaf", "api.veld.alleen_lezen")
	}
	var until time.Time
	if in.Tot != nil && *in.Tot != "" {
		if until, err = wijkregie.ParseDate(*in.Tot); err != nil {
			v.Field("tot", "veld.datum")
		}
	}
	changed := *cur
	v.Add(changed.Change(wijkregie.Relation(in.Relatie), until)) // changes nothing when invalid
	if err := v.Err(); err != nil {
		return err
	}
	if err := checkVersion(ifm, lid(cur, p)); err != nil {
		return err
	}
	m, err := h.svc.UpdateMember(ctx, actor, id, pid, changed.Relation, changed.Until)
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, lid(m, p))
}
