package api

import (
	"encoding/json"
	"net/http"
	"time"

	"wijkregie"
	"wijkregie/internal/request"
)

// Organisatie is a network partner (or the municipality's own
// organisation) as the API shows it.
type Organisatie struct {
	ID           string    `json:"id"`
	Naam         string    `json:"naam"`
	Soort        string    `json:"soort"`
	Telefoon     string    `json:"telefoon"`
	Email        string    `json:"email"`
	Actief       bool      `json:"actief"`
	AangemaaktOp time.Time `json:"aangemaaktOp"`
}

func organisatie(o *wijkregie.Organisation) Organisatie {
	return Organisatie{ID: o.ID, Naam: o.Name, Soort: string(o.Kind), Telefoon: o.Phone, Email: o.Email,
		Actief: o.Active, AangemaaktOp: utc(o.CreatedAt)}
}

// organisatieInvoer is the body of a create or a replace. The read-only
// fields may be sent back as they were read, so a client can GET, change
// and PUT the same document.
type organisatieInvoer struct {
	ID           *string         `json:"id"`
	Naam         string          `json:"naam"`
	Soort        string          `json:"soort"`
	Telefoon     string          `json:"telefoon"`
	Email        string          `json:"email"`
	Actief       *bool           `json:"actief"`
	AangemaaktOp json.RawMessage `json:"aangemaaktOp"` // read-only, ignored
}

func (in *organisatieInvoer) apply(o *wijkregie.Organisation) {
	o.Name, o.Kind, o.Phone, o.Email = in.Naam, wijkregie.OrganisationKind(in.Soort), in.Telefoon, in.Email
	if in.Actief != nil {
		o.Active = *in.Actief
	}
}

func (h *Handler) listOrganisations(w http.ResponseWriter, r *http.Request) error {
	var v wijkregie.Invalid
	p := parsePage(r, &v)
	if err := v.Err(); err != nil {
		return err
	}
	all, err := h.svc.Organisations(r.Context(), request.Actor(r))
	if err != nil {
		return err
	}
	page := pageOf(all, p)
	out := make([]Organisatie, len(page))
	for i := range page {
		out[i] = organisatie(&page[i])
	}
	return writeList(w, r, out, p, len(all))
}

func (h *Handler) getOrganisation(w http.ResponseWriter, r *http.Request) error {
	o, err := h.svc.Organisation(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, organisatie(o))
}

func (h *Handler) createOrganisation(w http.ResponseWriter, r *http.Request) error {
	var in organisatieInvoer
	if err := decode(w, r, &in); err != nil {
		return err
	}
	o := &wijkregie.Organisation{Active: true}
	in.apply(o)
	var v wijkregie.Invalid
	readOnlyID(&v, in.ID, "")
	if err := invalidWith(&v, o.Validate); err != nil {
		return err
	}
	ctx, actor := r.Context(), request.Actor(r)
	if err := h.svc.SaveOrganisation(ctx, actor, o); err != nil {
		return err
	}
	if in.Actief != nil && !*in.Actief {
		// The store creates every record active; an inactive one takes
		// a second, audited change.
		o.Active = false
		if err := h.svc.SaveOrganisation(ctx, actor, o); err != nil {
			return err
		}
	}
	// Read back what is stored, so the body and its ETag are what a GET
	// would give.
	saved, err := h.svc.Organisation(ctx, actor, o.ID)
	if err != nil {
		return err
	}
	return created(w, r, Base+"/organisaties/"+saved.ID, organisatie(saved))
}

func (h *Handler) updateOrganisation(w http.ResponseWriter, r *http.Request) error {
	ifm, err := ifMatch(r)
	if err != nil {
		return err
	}
	var in organisatieInvoer
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ctx, actor, id := r.Context(), request.Actor(r), r.PathValue("id")
	cur, err := h.svc.Organisation(ctx, actor, id)
	if err != nil {
		return err
	}
	o := *cur
	in.apply(&o)
	var v wijkregie.Invalid
	readOnlyID(&v, in.ID, cur.ID)
	requiredBool(&v, "actief", in.Actief)
	if err := invalidWith(&v, o.Validate); err != nil {
		return err
	}
	if err := checkVersion(ifm, organisatie(cur)); err != nil {
		return err
	}
	if err := h.svc.SaveOrganisation(ctx, actor, &o); err != nil {
		return err
	}
	saved, err := h.svc.Organisation(ctx, actor, id)
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, organisatie(saved))
}
