package api

import (
	"encoding/json"
	"net/http"
	"time"

	"wijkregie"
	"wijkregie/internal/request"
	"wijkregie/internal/store"
)

// Medewerker is a user as the API shows it. The password is never shown.
type Medewerker struct {
	ID           string    `json:"id"`
	Email        string    `json:"email"`
	Naam         string    `json:"naam"`
	Rol          string    `json:"rol"`
	Team         *string   `json:"team"`
	Organisatie  *string   `json:"organisatie"`
	Expertise    []string  `json:"expertise"`
	Actief       bool      `json:"actief"`
	AangemaaktOp time.Time `json:"aangemaaktOp"`
}

func medewerker(u *wijkregie.User) Medewerker {
	exp := u.Expertise
	if exp == nil {
		exp = []string{}
	}
	return Medewerker{ID: u.ID, Email: u.Email, Naam: u.Name, Rol: string(u.Role), Team: orNil(u.TeamID),
		Organisatie: orNil(u.OrganisationID), Expertise: exp, Actief: u.Active, AangemaaktOp: utc(u.CreatedAt)}
}

// medewerkerInvoer is the body of a replace. The e-mail address is the
// login name: it may be sent back, but not changed. A password is set on
// create only.
type medewerkerInvoer struct {
	ID           *string         `json:"id"`
	Email        *string         `json:"email"`
	Naam         string          `json:"naam"`
	Rol          string          `json:"rol"`
	Team         *string         `json:"team"`
	Organisatie  *string         `json:"organisatie"`
	Expertise    []string        `json:"expertise"`
	Actief       *bool           `json:"actief"`
	AangemaaktOp json.RawMessage `json:"aangemaaktOp"` // read-only, ignored
}

// medewerkerNieuw is the body of a create: medewerkerInvoer and a first
// password. The fields are repeated rather than embedded because
// encoding/json names a wrongly typed embedded field by its Go path
// ("medewerkerInvoer.naam"), and invalidParams must name the JSON field.
type medewerkerNieuw struct {
	ID           *string         `json:"id"`
	Email        *string         `json:"email"`
	Naam         string          `json:"naam"`
	Rol          string          `json:"rol"`
	Team         *string         `json:"team"`
	Organisatie  *string         `json:"organisatie"`
	Expertise    []string        `json:"expertise"`
	Actief       *bool           `json:"actief"`
	AangemaaktOp json.RawMessage `json:"aangemaaktOp"` // read-only, ignored
	Wachtwoord   string          `json:"wachtwoord"`
}

func (n *medewerkerNieuw) invoer() *medewerkerInvoer {
	return &medewerkerInvoer{ID: n.ID, Email: n.Email, Naam: n.Naam, Rol: n.Rol, Team: n.Team,
		Organisatie: n.Organisatie, Expertise: n.Expertise, Actief: n.Actief}
}

func (in *medewerkerInvoer) apply(u *wijkregie.User, v *wijkregie.Invalid) {
	u.Name, u.Role, u.Expertise = in.Naam, wijkregie.Role(in.Rol), in.Expertise
	u.TeamID, u.OrganisationID = deref(in.Team), deref(in.Organisatie)
	if in.Actief != nil {
		u.Active = *in.Actief
	}
	// A reference that cannot be an id would reach the store as a value
	// of the wrong type; name it here instead.
	if u.TeamID != "" && !wijkregie.ValidID(u.TeamID) {
		v.Field("team", "veld.team.onbekend")
	}
	if u.OrganisationID != "" && !wijkregie.ValidID(u.OrganisationID) {
		v.Field("organisatie", "veld.organisatie.onbekend")
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func (h *Handler) listUsers(w http.ResponseWriter, r *http.Request) error {
	var v wijkregie.Invalid
	p := parsePage(r, &v)
	f := store.UserFilter{Page: p.store()}
	q := r.URL.Query()
	if s, ok := query(q, "rol"); ok {
		if f.Role = wijkregie.Role(s); !f.Role.Valid() {
			v.Field("rol", "veld.rol")
		}
	}
	if s, ok := query(q, "team"); ok {
		if f.TeamID = s; !wijkregie.ValidID(s) {
			v.Field("team", "api.veld.id")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	us, total, err := h.svc.Users(r.Context(), request.Actor(r), f)
	if err != nil {
		return err
	}
	out := make([]Medewerker, len(us))
	for i := range us {
		out[i] = medewerker(&us[i])
	}
	return writeList(w, r, out, p, total)
}

func (h *Handler) getUser(w http.ResponseWriter, r *http.Request) error {
	u, err := h.svc.User(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, medewerker(u))
}

func (h *Handler) createUser(w http.ResponseWriter, r *http.Request) error {
	var body medewerkerNieuw
	if err := decode(w, r, &body); err != nil {
		return err
	}
	in := body.invoer()
	u := &wijkregie.User{Active: true, Email: wijkregie.NormalizeEmail(deref(in.Email))}
	var v wijkregie.Invalid
	in.apply(u, &v)
	readOnlyID(&v, in.ID, "")
	err := invalidWith(&v, func() error {
		var all wijkregie.Invalid
		for _, err := range []error{u.Validate(), wijkregie.ValidatePassword(body.Wachtwoord)} {
			if e, ok := err.(*wijkregie.Error); ok {
				for _, f := range e.Fields {
					all.Field(f.Name, f.Message)
				}
			}
		}
		return all.Err()
	})
	if err != nil {
		return err
	}
	ctx, actor := r.Context(), request.Actor(r)
	if err := h.svc.CreateUser(ctx, actor, u, body.Wachtwoord); err != nil {
		return err
	}
	if in.Actief != nil && !*in.Actief {
		u.Active = false // see createOrganisation
		if err := h.svc.UpdateUser(ctx, actor, u); err != nil {
			return err
		}
	}
	saved, err := h.svc.User(ctx, actor, u.ID)
	if err != nil {
		return err
	}
	return created(w, r, Base+"/medewerkers/"+saved.ID, medewerker(saved))
}

func (h *Handler) updateUser(w http.ResponseWriter, r *http.Request) error {
	ifm, err := ifMatch(r)
	if err != nil {
		return err
	}
	var in medewerkerInvoer
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ctx, actor, id := r.Context(), request.Actor(r), r.PathValue("id")
	cur, err := h.svc.User(ctx, actor, id)
	if err != nil {
		return err
	}
	u := *cur
	var v wijkregie.Invalid
	in.apply(&u, &v)
	readOnlyID(&v, in.ID, cur.ID)
	if in.Email != nil && wijkregie.NormalizeEmail(*in.Email) != cur.Email {
		v.Field("email", "api.veld.email_vast")
	}
	requiredBool(&v, "actief", in.Actief)
	if err := invalidWith(&v, u.Validate); err != nil {
		return err
	}
	if err := checkVersion(ifm, medewerker(cur)); err != nil {
		return err
	}
	if err := h.svc.UpdateUser(ctx, actor, &u); err != nil {
		return err
	}
	saved, err := h.svc.User(ctx, actor, id)
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, medewerker(saved))
}
