package api

import (
	"encoding/json"
	"net/http"
	"time"

	"wijkregie"
	"wijkregie/internal/request"
	"wijkregie/internal/store"
)

// Dienst is an entry of the sociale kaart as the API shows it.
type Dienst struct {
	ID             string    `json:"id"`
	Naam           string    `json:"naam"`
	Omschrijving   string    `json:"omschrijving"`
	Domeinen       []string  `json:"domeinen"`
	Doelgroep      string    `json:"doelgroep"`
	Werkgebied     []string  `json:"werkgebied"`
	Telefoon       string    `json:"telefoon"`
	Email          string    `json:"email"`
	Website        string    `json:"website"`
	Adres          string    `json:"adres"`
	Openingstijden string    `json:"openingstijden"`
	Actief         bool      `json:"actief"`
	AangemaaktOp   time.Time `json:"aangemaaktOp"`
}

func dienst(s *wijkregie.Service) Dienst {
	return Dienst{ID: s.ID, Naam: s.Name, Omschrijving: s.Description, Domeinen: orEmpty(s.Domains), Doelgroep: s.TargetGroup,
		Werkgebied: orEmpty(s.Areas), Telefoon: s.Phone, Email: s.Email, Website: s.Website, Adres: s.Address,
		Openingstijden: s.OpeningHours, Actief: s.Active, AangemaaktOp: utc(s.CreatedAt)}
}

// orEmpty returns [] rather than nil, so JSON says [] and not null.
func orEmpty(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// dienstInvoer is the body of a create or a replace. The read-only fields
// may be sent back as they were read.
type dienstInvoer struct {
	ID             *string         `json:"id"`
	Naam           string          `json:"naam"`
	Omschrijving   string          `json:"omschrijving"`
	Domeinen       []string        `json:"domeinen"`
	Doelgroep      string          `json:"doelgroep"`
	Werkgebied     []string        `json:"werkgebied"`
	Telefoon       string          `json:"telefoon"`
	Email          string          `json:"email"`
	Website        string          `json:"website"`
	Adres          string          `json:"adres"`
	Openingstijden string          `json:"openingstijden"`
	Actief         *bool           `json:"actief"`
	AangemaaktOp   json.RawMessage `json:"aangemaaktOp"` // read-only, ignored
}

func (in *dienstInvoer) apply(s *wijkregie.Service) {
	s.Name, s.Description, s.Domains, s.TargetGroup, s.Areas = in.Naam, in.Omschrijving, in.Domeinen, in.Doelgroep, in.Werkgebied
	s.Phone, s.Email, s.Website, s.Address, s.OpeningHours = in.Telefoon, in.Email, in.Website, in.Adres, in.Openingstijden
	if in.Actief != nil {
		s.Active = *in.Actief
	}
}

// listServices searches the sociale kaart. Beheer also gets inactive
// entries; the use case decides that.
func (h *Handler) listServices(w http.ResponseWriter, r *http.Request) error {
	var v wijkregie.Invalid
	p := parsePage(r, &v)
	f := store.ServiceFilter{Page: p.store()}
	q := r.URL.Query()
	if s, ok := query(q, "domein"); ok {
		if f.Domain = s; !wijkregie.ValidDomain(s) {
			v.Field("domein", "veld.domein")
		}
	}
	if s, ok := query(q, "postcode"); ok {
		if f.Postcode = s; !validPostcodeQuery(s) {
			v.Field("postcode", "veld.postcode.gebied")
		}
	}
	if s, ok := query(q, "zoekterm"); ok {
		f.Query = s
	}
	if err := v.Err(); err != nil {
		return err
	}
	list, total, err := h.svc.Services(r.Context(), request.Actor(r), f)
	if err != nil {
		return err
	}
	out := make([]Dienst, len(list))
	for i := range list {
		out[i] = dienst(&list[i])
	}
	return writeList(w, r, out, p, total)
}

func validPostcodeQuery(s string) bool {
	_, ok := wijkregie.PostcodeArea(s)
	return ok
}

func (h *Handler) getService(w http.ResponseWriter, r *http.Request) error {
	s, err := h.svc.Service(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, dienst(s))
}

func (h *Handler) createService(w http.ResponseWriter, r *http.Request) error {
	var in dienstInvoer
	if err := decode(w, r, &in); err != nil {
		return err
	}
	s := &wijkregie.Service{Active: true}
	in.apply(s)
	var v wijkregie.Invalid
	readOnlyID(&v, in.ID, "")
	if err := invalidWith(&v, s.Validate); err != nil {
		return err
	}
	ctx, actor := r.Context(), request.Actor(r)
	if err := h.svc.SaveService(ctx, actor, s); err != nil {
		return err
	}
	if in.Actief != nil && !*in.Actief {
		// The store creates every entry active; an inactive one takes a
		// second, audited change.
		s.Active = false
		if err := h.svc.SaveService(ctx, actor, s); err != nil {
			return err
		}
	}
	saved, err := h.svc.Service(ctx, actor, s.ID)
	if err != nil {
		return err
	}
	return created(w, r, Base+"/sociale-kaart/"+saved.ID, dienst(saved))
}

func (h *Handler) updateService(w http.ResponseWriter, r *http.Request) error {
	ifm, err := ifMatch(r)
	if err != nil {
		return err
	}
	var in dienstInvoer
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ctx, actor, id := r.Context(), request.Actor(r), r.PathValue("id")
	cur, err := h.svc.Service(ctx, actor, id)
	if err != nil {
		return err
	}
	s := *cur
	in.apply(&s)
	var v wijkregie.Invalid
	readOnlyID(&v, in.ID, cur.ID)
	requiredBool(&v, "actief", in.Actief)
	if err := invalidWith(&v, s.Validate); err != nil {
		return err
	}
	if err := checkVersion(ifm, dienst(cur)); err != nil {
		return err
	}
	if err := h.svc.SaveService(ctx, actor, &s); err != nil {
		return err
	}
	saved, err := h.svc.Service(ctx, actor, id)
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, dienst(saved))
}
