package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/request"
)

// One outreach: /vroegsignalen/{id} with its arrears, its contact attempts
// (contactpogingen), its assignment (toewijzing) and its closing with an
// outcome (afronding). Who may read and work it is the use case's
// (policy.DecideOutreach): the team whose area holds the address, the
// professional it is assigned to and the regisseur of the case it joined;
// to anyone else it does not exist.

// Vroegsignaal is an outreach (the GGM's vroegsignaalzaak) with its
// household's address, the arrears bundled into it and the attempts to
// reach the household. teruggemeldResultaat is what the creditors are
// told of the outcome.
type Vroegsignaal struct {
	ID                   string                    `json:"id"`
	Huishouden           string                    `json:"huishouden"`
	Adres                Adres                     `json:"adres"`
	Team                 *string                   `json:"team"`
	Casus                *string                   `json:"casus"`
	ToegewezenAan        *string                   `json:"toegewezenAan"`
	Status               string                    `json:"status"`
	Dreigend             bool                      `json:"dreigend"`
	Termijn              time.Time                 `json:"termijn"`
	TeLaat               bool                      `json:"teLaat"`
	GeopendOp            time.Time                 `json:"geopendOp"`
	EersteContactOp      *string                   `json:"eersteContactOp"`
	BereiktOp            *string                   `json:"bereiktOp"`
	Resultaat            *string                   `json:"resultaat"`
	Toelichting          *string                   `json:"toelichting"`
	TeruggemeldResultaat *string                   `json:"teruggemeldResultaat"`
	Signaal              *string                   `json:"signaal"`
	AfgerondOp           *time.Time                `json:"afgerondOp"`
	AfgerondDoor         *string                   `json:"afgerondDoor"`
	Versie               int                       `json:"versie"`
	Achterstanden        []VroegsignaalAchterstand `json:"achterstanden"`
	Contactpogingen      []Contactpoging           `json:"contactpogingen"`
}

// VroegsignaalAchterstand is one creditor's report bundled into the
// outreach, as last reported: bedrag a number in euros with two
// decimals, as the intake takes it (arrears.go).
type VroegsignaalAchterstand struct {
	ID               string                  `json:"id"`
	Schuldeiser      VroegsignaalSchuldeiser `json:"schuldeiser"`
	Referentie       string                  `json:"referentie"`
	Soort            string                  `json:"soort"`
	Status           string                  `json:"status"`
	OpNaamVan        string                  `json:"opNaamVan"`
	Persoon          *string                 `json:"persoon"`
	Bedrag           json.Number             `json:"bedrag"`
	Termijnen        int                     `json:"termijnen"`
	DatumAchterstand string                  `json:"datumAchterstand"`
	DatumEinde       *string                 `json:"datumEinde"`
	LaatstGemeldOp   time.Time               `json:"laatstGemeldOp"`
}

// VroegsignaalSchuldeiser names a report's creditor.
type VroegsignaalSchuldeiser struct {
	ID    string `json:"id"`
	Naam  string `json:"naam"`
	Soort string `json:"soort"`
}

// Contactpoging is one attempt to reach the household.
type Contactpoging struct {
	ID             string    `json:"id"`
	Soort          string    `json:"soort"`
	Datum          string    `json:"datum"`
	Dagdeel        string    `json:"dagdeel"`
	Bereikt        bool      `json:"bereikt"`
	Toelichting    string    `json:"toelichting"`
	VastgelegdDoor string    `json:"vastgelegdDoor"`
	VastgelegdOp   time.Time `json:"vastgelegdOp"`
}

// ContactpogingNieuw is the body of a new attempt: how, on which day, in
// which part of it, whether someone was reached, and an optional note.
type ContactpogingNieuw struct {
	Soort       string `json:"soort"`
	Datum       string `json:"datum"`
	Dagdeel     string `json:"dagdeel"`
	Bereikt     *bool  `json:"bereikt"`
	Toelichting string `json:"toelichting"`
}

// VroegsignaalAfronding is the body of a closing: the outcome code, an
// optional note, and (optional, but what a client that read the outreach
// sends) the version read.
type VroegsignaalAfronding struct {
	Resultaat   string `json:"resultaat"`
	Toelichting string `json:"toelichting"`
	Versie      int    `json:"versie"`
}

// VroegsignaalToewijzing is the body of an assignment: the professional
// and, optionally, the version read.
type VroegsignaalToewijzing struct {
	Medewerker string `json:"medewerker"`
	Versie     int    `json:"versie"`
}

// euros writes an amount in cents as euros with two decimals: "1234.56".
func euros(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return fmt.Sprintf("%s%d.%02d", sign, cents/100, cents%100)
}

// vroegsignaal is the representation of an outreach; v is nil when only
// the outreach itself is at hand, late says whether its deadline passed
// while open.
func vroegsignaal(o *wijkregie.Outreach, v *app.OutreachView, late bool) Vroegsignaal {
	out := Vroegsignaal{ID: o.ID, Huishouden: o.HouseholdID, Team: orNil(o.TeamID), Casus: orNil(o.CaseID), ToegewezenAan: orNil(o.AssignedTo),
		Status: string(o.Status), Dreigend: o.Threatening, Termijn: utc(o.Deadline), TeLaat: late, GeopendOp: utc(o.OpenedAt),
		EersteContactOp: day(o.FirstContactAt), BereiktOp: day(o.ReachedAt), Signaal: orNil(o.SignalID), AfgerondOp: moment(o.ClosedAt),
		AfgerondDoor: orNil(o.ClosedBy), Versie: o.Version, Achterstanden: []VroegsignaalAchterstand{}, Contactpogingen: []Contactpoging{}}
	if o.Outcome != "" {
		code, reduced, note := string(o.Outcome), string(o.Outcome.Reduced()), o.OutcomeNote
		out.Resultaat, out.TeruggemeldResultaat, out.Toelichting = &code, &reduced, &note
	}
	if v == nil {
		return out
	}
	out.Adres = adres(v.Household.Address)
	for _, a := range v.Arrears {
		va := VroegsignaalAchterstand{ID: a.ID, Referentie: a.Reference, Soort: string(a.Kind), Status: string(a.Status),
			OpNaamVan: debtorName(a.Debtor), Persoon: orNil(a.PersonID), Bedrag: json.Number(euros(a.AmountCents)), Termijnen: a.Terms,
			DatumAchterstand: dayOf(a.Since), DatumEinde: day(a.EndDate), LaatstGemeldOp: utc(a.LastReported)}
		if c := v.Creditors[a.CreditorID]; c != nil {
			va.Schuldeiser = VroegsignaalSchuldeiser{ID: c.ID, Naam: c.Name, Soort: string(c.Kind)}
		}
		out.Achterstanden = append(out.Achterstanden, va)
	}
	for _, c := range v.Contacts {
		out.Contactpogingen = append(out.Contactpogingen, contactpoging(&c))
	}
	return out
}

// debtorName is the debtor as the creditor named them: "A. van Dijk".
func debtorName(d wijkregie.Debtor) string {
	return strings.Join(strings.Fields(d.Initials+" "+d.Prefix+" "+d.Surname), " ")
}

func contactpoging(c *wijkregie.ContactAttempt) Contactpoging {
	return Contactpoging{ID: c.ID, Soort: string(c.Kind), Datum: dayOf(c.On), Dagdeel: string(c.PartOfDay), Bereikt: c.Reached,
		Toelichting: c.Note, VastgelegdDoor: c.RecordedBy, VastgelegdOp: utc(c.RecordedAt)}
}

// currentOutreach reads the request's outreach as its GET shows it.
func (h *Handler) currentOutreach(r *http.Request) (Vroegsignaal, error) {
	v, err := h.svc.Outreach(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return Vroegsignaal{}, err
	}
	return vroegsignaal(v.Outreach, v, v.Late), nil
}

func (h *Handler) getOutreach(w http.ResponseWriter, r *http.Request) error {
	out, err := h.currentOutreach(r)
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, out)
}

// changedOutreach answers a change with the outreach as it is now, read
// again as the GET reads it (and audited as a read, as the GET is).
func (h *Handler) changedOutreach(w http.ResponseWriter, r *http.Request, status int, location string) error {
	out, err := h.currentOutreach(r)
	if err != nil {
		return err
	}
	if location != "" {
		return created(w, r, location, out)
	}
	return writeResource(w, r, status, out)
}

// createContactAttempt records an attempt: 201 with the attempt, its
// Location the outreach (an attempt has no address of its own). Every
// field but toelichting is required; a closed outreach is 409.
func (h *Handler) createContactAttempt(w http.ResponseWriter, r *http.Request) error {
	var in ContactpogingNieuw
	if err := decode(w, r, &in); err != nil {
		return err
	}
	var v wijkregie.Invalid
	c := &wijkregie.ContactAttempt{Kind: wijkregie.AttemptKind(in.Soort), On: dateIn(&v, "datum", in.Datum),
		PartOfDay: wijkregie.PartOfDay(in.Dagdeel), Note: in.Toelichting}
	requiredBool(&v, "bereikt", in.Bereikt)
	if in.Bereikt != nil {
		c.Reached = *in.Bereikt
	}
	if err := invalidWith(&v, func() error { return c.Validate(h.today()) }); err != nil {
		return err
	}
	saved, _, err := h.svc.RecordContactAttempt(r.Context(), request.Actor(r), r.PathValue("id"), c)
	if err != nil {
		return err
	}
	return created(w, r, Base+"/vroegsignalen/"+r.PathValue("id"), contactpoging(saved))
}

// closeOutreach closes the outreach with an outcome and answers 200 with
// the outreach as it is then (what the outcome led to: casus or signaal).
// versie is the version read; when given, a closing over a changed
// outreach is 409, as is a closing of a closed one.
func (h *Handler) closeOutreach(w http.ResponseWriter, r *http.Request) error {
	var in VroegsignaalAfronding
	if err := decode(w, r, &in); err != nil {
		return err
	}
	c := app.OutreachClosing{Outcome: wijkregie.OutcomeCode(in.Resultaat), Note: in.Toelichting, Version: in.Versie}
	if _, err := h.svc.CloseOutreach(r.Context(), request.Actor(r), r.PathValue("id"), c); err != nil {
		return err
	}
	return h.changedOutreach(w, r, http.StatusOK, "")
}

// assignOutreach assigns the outreach to a professional of its team or
// to the actor, and answers 200 with the outreach.
func (h *Handler) assignOutreach(w http.ResponseWriter, r *http.Request) error {
	var in VroegsignaalToewijzing
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if _, err := h.svc.AssignOutreach(r.Context(), request.Actor(r), r.PathValue("id"), strings.TrimSpace(in.Medewerker), in.Versie); err != nil {
		return err
	}
	return h.changedOutreach(w, r, http.StatusOK, "")
}
