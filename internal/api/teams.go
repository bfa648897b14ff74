package api

import (
	"encoding/json"
	"net/http"
	"time"

	"wijkregie"
	"wijkregie/internal/request"
)

// Team is a neighbourhood team as the API shows it. Werkgebied lists the
// postcode areas it serves: "2581" or a range "2581-2583".
type Team struct {
	ID           string    `json:"id"`
	Naam         string    `json:"naam"`
	Werkgebied   []string  `json:"werkgebied"`
	Actief       bool      `json:"actief"`
	AangemaaktOp time.Time `json:"aangemaaktOp"`
}

func team(t *wijkregie.Team) Team {
	areas := t.Areas
	if areas == nil {
		areas = []string{}
	}
	return Team{ID: t.ID, Naam: t.Name, Werkgebied: areas, Actief: t.Active, AangemaaktOp: utc(t.CreatedAt)}
}

// teamInvoer is the body of a create or a replace; see organisatieInvoer.
type teamInvoer struct {
	ID           *string         `json:"id"`
	Naam         string          `json:"naam"`
	Werkgebied   []string        `json:"werkgebied"`
	Actief       *bool           `json:"actief"`
	AangemaaktOp json.RawMessage `json:"aangemaaktOp"` // read-only, ignored
}

func (in *teamInvoer) apply(t *wijkregie.Team) {
	t.Name, t.Areas = in.Naam, in.Werkgebied
	if in.Actief != nil {
		t.Active = *in.Actief
	}
}

func (h *Handler) listTeams(w http.ResponseWriter, r *http.Request) error {
	var v wijkregie.Invalid
	p := parsePage(r, &v)
	if err := v.Err(); err != nil {
		return err
	}
	all, err := h.svc.Teams(r.Context(), request.Actor(r))
	if err != nil {
		return err
	}
	page := pageOf(all, p)
	out := make([]Team, len(page))
	for i := range page {
		out[i] = team(&page[i])
	}
	return writeList(w, r, out, p, len(all))
}

func (h *Handler) getTeam(w http.ResponseWriter, r *http.Request) error {
	t, err := h.svc.Team(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, team(t))
}

func (h *Handler) createTeam(w http.ResponseWriter, r *http.Request) error {
	var in teamInvoer
	if err := decode(w, r, &in); err != nil {
		return err
	}
	t := &wijkregie.Team{Active: true}
	in.apply(t)
	var v wijkregie.Invalid
	readOnlyID(&v, in.ID, "")
	if err := invalidWith(&v, t.Validate); err != nil {
		return err
	}
	ctx, actor := r.Context(), request.Actor(r)
	if err := h.svc.SaveTeam(ctx, actor, t); err != nil {
		return err
	}
	if in.Actief != nil && !*in.Actief {
		t.Active = false // see createOrganisation
		if err := h.svc.SaveTeam(ctx, actor, t); err != nil {
			return err
		}
	}
	saved, err := h.svc.Team(ctx, actor, t.ID)
	if err != nil {
		return err
	}
	return created(w, r, Base+"/teams/"+saved.ID, team(saved))
}

func (h *Handler) updateTeam(w http.ResponseWriter, r *http.Request) error {
	ifm, err := ifMatch(r)
	if err != nil {
		return err
	}
	var in teamInvoer
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ctx, actor, id := r.Context(), request.Actor(r), r.PathValue("id")
	cur, err := h.svc.Team(ctx, actor, id)
	if err != nil {
		return err
	}
	t := *cur
	in.apply(&t)
	var v wijkregie.Invalid
	readOnlyID(&v, in.ID, cur.ID)
	requiredBool(&v, "actief", in.Actief)
	if err := invalidWith(&v, t.Validate); err != nil {
		return err
	}
	if err := checkVersion(ifm, team(cur)); err != nil {
		return err
	}
	if err := h.svc.SaveTeam(ctx, actor, &t); err != nil {
		return err
	}
	saved, err := h.svc.Team(ctx, actor, id)
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, team(saved))
}
