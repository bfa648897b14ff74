package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/locale"
	"wijkregie/internal/request"
	"wijkregie/internal/store"
)

// Persoon is a resident, with the household through which the reader may
// see them and their household history. The BSN is masked as on screens
// (only its last three digits), and travels only in this body, never in a
// URL: the full number is for a later, separately audited request that
// needs it.
type Persoon struct {
	ID            string                `json:"id"`
	BSNGemaskeerd *string               `json:"bsnGemaskeerd"`
	Voornaam      string                `json:"voornaam"`
	Tussenvoegsel string                `json:"tussenvoegsel"`
	Achternaam    string                `json:"achternaam"`
	Geboortedatum *string               `json:"geboortedatum"`
	Telefoon      string                `json:"telefoon"`
	Email         string                `json:"email"`
	Huishouden    *string               `json:"huishouden"`
	Huishoudens   []PersoonLidmaatschap `json:"huishoudens"`
	// SamengevoegdMet is set on a duplicate merged into another record:
	// that record's id (POST /personen/{id}/samenvoegen).
	SamengevoegdMet *string `json:"samengevoegdMet"`
}

// PersoonLidmaatschap is one membership of a person's household history.
type PersoonLidmaatschap struct {
	Huishouden string  `json:"huishouden"`
	Relatie    string  `json:"relatie"`
	Vanaf      *string `json:"vanaf"`
	Tot        *string `json:"tot"`
}

func persoon(p *wijkregie.Person, through *wijkregie.Household, history []store.Membership) Persoon {
	out := Persoon{ID: p.ID, BSNGemaskeerd: orNil(p.BSN.Masked()), Voornaam: p.GivenName, Tussenvoegsel: p.Prefix,
		Achternaam: p.FamilyName, Geboortedatum: day(p.BirthDate), Telefoon: p.Phone, Email: p.Email,
		Huishoudens: make([]PersoonLidmaatschap, len(history))}
	if through != nil {
		out.Huishouden = &through.ID
	}
	out.SamengevoegdMet = orNil(p.MergedInto)
	for i, m := range history {
		out.Huishoudens[i] = PersoonLidmaatschap{Huishouden: m.HouseholdID, Relatie: string(m.Relation), Vanaf: day(m.From), Tot: day(m.Until)}
	}
	return out
}

func (h *Handler) getPerson(w http.ResponseWriter, r *http.Request) error {
	pv, err := h.svc.Person(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, persoon(pv.Person, pv.Household, pv.History))
}

// persoonNieuw is the body of a registration. The BSN is optional and may
// carry spaces or dots; bevestigDubbel confirms a registration that was
// answered with possible duplicates.
type persoonNieuw struct {
	BSN            string `json:"bsn"`
	Voornaam       string `json:"voornaam"`
	Tussenvoegsel  string `json:"tussenvoegsel"`
	Achternaam     string `json:"achternaam"`
	Geboortedatum  string `json:"geboortedatum"`
	Telefoon       string `json:"telefoon"`
	Email          string `json:"email"`
	BevestigDubbel bool   `json:"bevestigDubbel"`
}

// createPerson registers a person. The 201 carries the person as
// registered; reading it again (the Location) needs a household through
// which the reader may see the person, as every read of a person does.
func (h *Handler) createPerson(w http.ResponseWriter, r *http.Request) error {
	var in persoonNieuw
	if err := decode(w, r, &in); err != nil {
		return err
	}
	p, err := h.svc.RegisterPerson(r.Context(), request.Actor(r), wijkregie.PersonInput{
		BSN: in.BSN, GivenName: in.Voornaam, Prefix: in.Tussenvoegsel, FamilyName: in.Achternaam,
		BirthDate: in.Geboortedatum, Phone: in.Telefoon, Email: in.Email,
	}, in.BevestigDubbel)
	var dup *app.PossibleDuplicates
	if errors.As(err, &dup) {
		return h.writeDuplicates(w, r, err, dup.Matches)
	}
	if err != nil {
		return err
	}
	return created(w, r, Base+"/personen/"+p.ID, persoon(p, nil, nil))
}

// ProbleemDubbel is the 409 of a registration that found persons with the
// same family name and birth date: a problem document (RFC 9457) with the
// possible duplicates as an extension member, so the client can pick one
// of them or confirm with bevestigDubbel.
type ProbleemDubbel struct {
	Problem
	MogelijkeDubbelen []PersoonGevonden `json:"mogelijkeDubbelen"`
}

func (h *Handler) writeDuplicates(w http.ResponseWriter, r *http.Request, err error, ms []store.PersonMatch) error {
	body, merr := json.Marshal(ProbleemDubbel{Problem: h.problem(r, err), MogelijkeDubbelen: gevonden(ms)})
	if merr != nil {
		return merr
	}
	w.Header().Set("Content-Language", locale.NL)
	writeBody(w, http.StatusConflict, "application/problem+json", body)
	return nil
}

// PersoonGevonden is a person as a search shows them: enough to recognise
// someone (names, birth date, masked BSN, where they live), no contact
// details. The detail resource stays behind involvement with a household.
type PersoonGevonden struct {
	ID            string  `json:"id"`
	BSNGemaskeerd *string `json:"bsnGemaskeerd"`
	Voornaam      string  `json:"voornaam"`
	Tussenvoegsel string  `json:"tussenvoegsel"`
	Achternaam    string  `json:"achternaam"`
	Geboortedatum *string `json:"geboortedatum"`
	Adres         *Adres  `json:"adres"`
}

func gevonden(ms []store.PersonMatch) []PersoonGevonden {
	out := make([]PersoonGevonden, len(ms))
	for i, m := range ms {
		p := &m.Person
		out[i] = PersoonGevonden{ID: p.ID, BSNGemaskeerd: orNil(p.BSN.Masked()), Voornaam: p.GivenName, Tussenvoegsel: p.Prefix,
			Achternaam: p.FamilyName, Geboortedatum: day(p.BirthDate)}
		if m.Address != nil {
			a := adres(*m.Address)
			out[i].Adres = &a
		}
	}
	return out
}

// Zoekvraag is the body of a search: exactly one of the BSN, the family
// name with the birth date, or the address. It is a POST so that a BSN
// never lands in a URL, and so in no access log of a proxy.
type Zoekvraag struct {
	BSN                  string `json:"bsn"`
	Achternaam           string `json:"achternaam"`
	Geboortedatum        string `json:"geboortedatum"`
	Postcode             string `json:"postcode"`
	Huisnummer           *int   `json:"huisnummer"`
	Huisnummertoevoeging string `json:"huisnummertoevoeging"`
}

// Zoekresultaten is the answer to a search: at most 50 persons, by name.
type Zoekresultaten struct {
	Resultaten []PersoonGevonden `json:"resultaten"`
}

func (h *Handler) searchPersons(w http.ResponseWriter, r *http.Request) error {
	var in Zoekvraag
	if err := decode(w, r, &in); err != nil {
		return err
	}
	q := wijkregie.PersonQueryInput{BSN: in.BSN, FamilyName: in.Achternaam, BirthDate: in.Geboortedatum,
		Postcode: in.Postcode, Addition: in.Huisnummertoevoeging}
	if in.Huisnummer != nil {
		q.Number = strconv.Itoa(*in.Huisnummer)
	}
	ms, err := h.svc.SearchPersons(r.Context(), request.Actor(r), q)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, Zoekresultaten{Resultaten: gevonden(ms)})
}
