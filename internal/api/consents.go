package api

import (
	"errors"
	"net/http"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/request"
)

// The consent registry: /toestemmingen. A consent is read, recorded and
// withdrawn through the household of its subject (policy.DecideConsent):
// the team involved sees every one, a partner involved the ones that name
// it. A consent is never changed: it is withdrawn, at once, with
// intrekken.

// Toestemming is a consent record in the shape of ISO/IEC TS 27560: the
// subject, the recipient (one organisation or every organisation of a
// kind), the purpose, the life domains, when, how and by whom it was
// given, an optional last day, and its withdrawal. Status is the state at
// the moment of the request.
type Toestemming struct {
	ID               string             `json:"id"`
	Persoon          string             `json:"persoon"`
	Organisatie      *string            `json:"organisatie"`
	Organisatiesoort *string            `json:"organisatiesoort"`
	Doel             string             `json:"doel"`
	Domeinen         []string           `json:"domeinen"`
	GegevenOp        string             `json:"gegevenOp"`
	Wijze            string             `json:"wijze"`
	GegevenDoor      []ToestemmingGever `json:"gegevenDoor"`
	Tot              *string            `json:"tot"`
	VastgelegdDoor   string             `json:"vastgelegdDoor"`
	VastgelegdOp     time.Time          `json:"vastgelegdOp"`
	IngetrokkenOp    *time.Time         `json:"ingetrokkenOp"`
	IngetrokkenDoor  *string            `json:"ingetrokkenDoor"`
	RedenIntrekking  *string            `json:"redenIntrekking"`
	Status           string             `json:"status"`
	Versie           int                `json:"versie"`
}

// ToestemmingGever is one person whose consent the record holds, and in
// which capacity: betrokkene (for themself) or gezagsdrager (a parent with
// parental authority, for a child).
type ToestemmingGever struct {
	Persoon      string `json:"persoon"`
	Hoedanigheid string `json:"hoedanigheid"`
}

// ToestemmingNieuw is the body of a new consent. Exactly one of
// organisatie and organisatiesoort names the recipient.
type ToestemmingNieuw struct {
	Persoon          string             `json:"persoon"`
	Organisatie      string             `json:"organisatie"`
	Organisatiesoort string             `json:"organisatiesoort"`
	Doel             string             `json:"doel"`
	Domeinen         []string           `json:"domeinen"`
	GegevenOp        string             `json:"gegevenOp"`
	Wijze            string             `json:"wijze"`
	GegevenDoor      []ToestemmingGever `json:"gegevenDoor"`
	Tot              string             `json:"tot"`
}

// ToestemmingIntrekking is the body of intrekken: why, if the family said
// (optional). A client may send {} or no body at all.
type ToestemmingIntrekking struct {
	Reden string `json:"reden"`
}

// toestemming is the representation of a consent at the moment now.
func toestemming(c *wijkregie.Consent, now time.Time) Toestemming {
	out := Toestemming{ID: c.ID, Persoon: c.PersonID, Organisatie: orNil(c.OrganisationID), Organisatiesoort: orNil(string(c.OrganisationKind)),
		Doel: string(c.Purpose), Domeinen: c.Domains, GegevenOp: dayOf(c.GivenOn), Wijze: string(c.Method), Tot: day(c.Until),
		VastgelegdDoor: c.RecordedBy, VastgelegdOp: utc(c.RecordedAt), IngetrokkenOp: moment(c.WithdrawnAt), IngetrokkenDoor: orNil(c.WithdrawnBy),
		Status: string(c.StatusAt(now)), Versie: c.Version, GegevenDoor: make([]ToestemmingGever, len(c.GivenBy))}
	if out.Domeinen == nil {
		out.Domeinen = []string{}
	}
	if !c.WithdrawnAt.IsZero() {
		reason := c.WithdrawnReason
		out.RedenIntrekking = &reason
	}
	for i, g := range c.GivenBy {
		out.GegevenDoor[i] = ToestemmingGever{Persoon: g.PersonID, Hoedanigheid: string(g.Capacity)}
	}
	return out
}

// listConsents lists the consents of one person (?persoon=) or of the
// members of one household (?huishouden=) that the actor may see: exactly
// one of the two is asked for.
func (h *Handler) listConsents(w http.ResponseWriter, r *http.Request) error {
	var v wijkregie.Invalid
	p := parsePage(r, &v)
	q := r.URL.Query()
	person, byPerson := query(q, "persoon")
	household, byHousehold := query(q, "huishouden")
	switch {
	case byPerson && byHousehold:
		v.Field("huishouden", "api.veld.toestemming.een_van_beide")
	case !byPerson && !byHousehold:
		v.Field("persoon", "api.veld.toestemming.persoon_of_huishouden")
	case byPerson && !wijkregie.ValidID(person):
		v.Field("persoon", "api.veld.id")
	case byHousehold && !wijkregie.ValidID(household):
		v.Field("huishouden", "api.veld.id")
	}
	if err := v.Err(); err != nil {
		return err
	}
	ctx, actor := r.Context(), request.Actor(r)
	var cv *app.ConsentsView
	var err error
	if byPerson {
		cv, err = h.svc.Consents(ctx, actor, person)
	} else {
		cv, err = h.svc.HouseholdConsents(ctx, actor, household)
	}
	if err != nil {
		return err
	}
	now := h.svc.Now()
	all := make([]Toestemming, len(cv.Consents))
	for i := range cv.Consents {
		all[i] = toestemming(&cv.Consents[i], now)
	}
	return writeList(w, r, pageOf(all, p), p, len(all))
}

// createConsent records a consent. Bad input names each field: the
// domain's age rules name gegevenDoor.
func (h *Handler) createConsent(w http.ResponseWriter, r *http.Request) error {
	var in ToestemmingNieuw
	if err := decode(w, r, &in); err != nil {
		return err
	}
	var v wijkregie.Invalid
	c := &wijkregie.Consent{PersonID: in.Persoon, OrganisationID: in.Organisatie, OrganisationKind: wijkregie.OrganisationKind(in.Organisatiesoort),
		Purpose: wijkregie.ConsentPurpose(in.Doel), Domains: in.Domeinen, GivenOn: dateIn(&v, "gegevenOp", in.GegevenOp),
		Method: wijkregie.ConsentMethod(in.Wijze), Until: dateIn(&v, "tot", in.Tot)}
	for _, g := range in.GegevenDoor {
		c.GivenBy = append(c.GivenBy, wijkregie.ConsentGiver{PersonID: g.Persoon, Capacity: wijkregie.GiverCapacity(g.Hoedanigheid)})
	}
	if v.Err() != nil {
		// A date this layer could not read: the rest of the body is
		// checked all the same, so one 400 names every field, each once.
		var e *wijkregie.Error
		if errors.As(bodyOnly(c, h.today()), &e) {
			named := map[string]bool{}
			for _, f := range v.Err().(*wijkregie.Error).Fields {
				named[f.Name] = true
			}
			for _, f := range e.Fields {
				if !named[f.Name] {
					v.Field(f.Name, f.Message)
				}
			}
		}
		return v.Err()
	}
	saved, err := h.svc.RecordConsent(r.Context(), request.Actor(r), c)
	if err != nil {
		return err
	}
	return created(w, r, Base+"/toestemmingen/"+saved.ID, toestemming(saved, h.svc.Now()))
}

// bodyOnly checks what the body says on its own, for a body this layer
// already refuses: who must have given the consent depends on the
// person, whom the use case reads, so the givers are left to it.
func bodyOnly(c *wijkregie.Consent, today time.Time) error {
	probe := *c
	probe.PersonID, probe.GivenBy = "-", nil
	var v wijkregie.Invalid
	if err := probe.Validate(time.Time{}, nil, today); err != nil {
		var e *wijkregie.Error
		if errors.As(err, &e) {
			for _, f := range e.Fields {
				if f.Name != "gegevenDoor" {
					v.Field(f.Name, f.Message)
				}
			}
		}
	}
	if c.PersonID == "" {
		v.Field("persoon", "veld.verplicht")
	}
	return v.Err()
}

// currentConsent reads the request's consent as GET /toestemmingen/{id}
// shows it, with its version.
func (h *Handler) currentConsent(r *http.Request) reader[Toestemming] {
	return func() (Toestemming, int, error) {
		cv, err := h.svc.Consent(r.Context(), request.Actor(r), r.PathValue("id"))
		if err != nil {
			return Toestemming{}, 0, err
		}
		return toestemming(cv.Consent, h.svc.Now()), cv.Consent.Version, nil
	}
}

func (h *Handler) getConsent(w http.ResponseWriter, r *http.Request) error {
	t, _, err := h.currentConsent(r)()
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, t)
}

// withdrawConsent withdraws a consent, at once, with If-Match: the ETag
// of the consent as read. Stale is 412, missing 428, already withdrawn
// 409.
func (h *Handler) withdrawConsent(w http.ResponseWriter, r *http.Request) error {
	ifm, err := ifMatch(r)
	if err != nil {
		return err
	}
	var in ToestemmingIntrekking
	if r.ContentLength != 0 {
		if err := decode(w, r, &in); err != nil {
			return err
		}
	}
	var out *wijkregie.Consent
	err = changeOver(ifm, h.currentConsent(r), "fout.toestemming.gewijzigd", func(version int) error {
		var err error
		out, err = h.svc.WithdrawConsent(r.Context(), request.Actor(r), r.PathValue("id"), in.Reden, version)
		return err
	})
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, toestemming(out, h.svc.Now()))
}
