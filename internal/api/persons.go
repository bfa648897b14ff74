package api

import (
	"net/http"

	"wijkregie/internal/request"
)

// Persoon is a resident, with the household through which the reader may
// see them. The BSN is masked as on screens (only its last three digits),
// and travels only in this body, never in a URL: the full number is for a
// later, separately audited request that needs it.
type Persoon struct {
	ID            string  `json:"id"`
	BSNGemaskeerd *string `json:"bsnGemaskeerd"`
	Voornaam      string  `json:"voornaam"`
	Tussenvoegsel string  `json:"tussenvoegsel"`
	Achternaam    string  `json:"achternaam"`
	Geboortedatum *string `json:"geboortedatum"`
	Telefoon      string  `json:"telefoon"`
	Email         string  `json:"email"`
	Huishouden    *string `json:"huishouden"`
}

func (h *Handler) getPerson(w http.ResponseWriter, r *http.Request) error {
	pv, err := h.svc.Person(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := pv.Person
	out := Persoon{ID: p.ID, BSNGemaskeerd: orNil(p.BSN.Masked()), Voornaam: p.GivenName, Tussenvoegsel: p.Prefix,
		Achternaam: p.FamilyName, Geboortedatum: day(p.BirthDate), Telefoon: p.Phone, Email: p.Email}
	if pv.Household != nil {
		out.Huishouden = &pv.Household.ID
	}
	return writeResource(w, r, http.StatusOK, out)
}
