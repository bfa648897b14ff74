package api

import (
	"net/http"
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
	hv, err := h.svc.Household(r.Context(), request.Actor(r), r.PathValue("id"))
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
	for i, m := range hv.Members {
		p := &hv.Persons[i]
		out.Leden[i] = Lid{
			Persoon: LidPersoon{ID: p.ID, BSNGemaskeerd: orNil(p.BSN.Masked()), Voornaam: p.GivenName, Tussenvoegsel: p.Prefix,
				Achternaam: p.FamilyName, Geboortedatum: day(p.BirthDate)},
			Relatie: string(m.Relation),
			Vanaf:   day(m.From),
			Tot:     day(m.Until),
		}
	}
	for i, inv := range hv.Involvements {
		out.Betrokkenen[i] = Betrokkene{Medewerker: inv.UserID, Soort: string(inv.Kind), Vanaf: utc(inv.From)}
	}
	return writeResource(w, r, http.StatusOK, out)
}
