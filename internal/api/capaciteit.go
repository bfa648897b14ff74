package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strconv"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/request"
)

// Capaciteit is the capacity of a team's professionals, for its lead
// (docs/uitkomsten.md, "Capaciteit"): each active professional and lead
// of the team with the hours per week they have for the team's cases —
// null when not set — and the municipality's norm that turns hours into
// weighted caseload (capaciteitPunten = urenPerWeek / urenPerFte ×
// normPerFte).
type Capaciteit struct {
	Team        string                 `json:"team"`
	UrenPerFte  int                    `json:"urenPerFte"`
	NormPerFte  int                    `json:"normPerFte"`
	Medewerkers []MedewerkerCapaciteit `json:"medewerkers"`
}

// MedewerkerCapaciteit is one professional's capacity; the hours and
// what follows from them are null when it is not set.
type MedewerkerCapaciteit struct {
	Medewerker       string     `json:"medewerker"`
	Naam             string     `json:"naam"`
	Rol              string     `json:"rol"`
	UrenPerWeek      *float64   `json:"urenPerWeek"`
	Fte              *float64   `json:"fte"`
	CapaciteitPunten *float64   `json:"capaciteitPunten"`
	VastgelegdDoor   *string    `json:"vastgelegdDoor"`
	VastgelegdOp     *time.Time `json:"vastgelegdOp"`
}

// capaciteitInvoer is the body of a replacement: every professional of
// the team once, each with urenPerWeek (a number, or null for not set).
// The read-only fields may be sent back as they were read.
type capaciteitInvoer struct {
	Team        json.RawMessage               `json:"team"`       // read-only, ignored
	UrenPerFte  json.RawMessage               `json:"urenPerFte"` // read-only: beheer sets it in the instellingen
	NormPerFte  json.RawMessage               `json:"normPerFte"` // read-only, likewise
	Medewerkers *[]medewerkerCapaciteitInvoer `json:"medewerkers"`
}

type medewerkerCapaciteitInvoer struct {
	Medewerker       *string         `json:"medewerker"`
	UrenPerWeek      json.RawMessage `json:"urenPerWeek"`
	Naam             json.RawMessage `json:"naam"` // read-only, ignored; so are the rest
	Rol              json.RawMessage `json:"rol"`
	Fte              json.RawMessage `json:"fte"`
	CapaciteitPunten json.RawMessage `json:"capaciteitPunten"`
	VastgelegdDoor   json.RawMessage `json:"vastgelegdDoor"`
	VastgelegdOp     json.RawMessage `json:"vastgelegdOp"`
}

func round2(v float64) *float64 {
	r := math.Round(v*100) / 100
	return &r
}

func capaciteit(tc *app.TeamCapacity) Capaciteit {
	out := Capaciteit{Team: tc.Team.ID, UrenPerFte: tc.Settings.FTEHours, NormPerFte: tc.Settings.NormPerFTE,
		Medewerkers: make([]MedewerkerCapaciteit, len(tc.Members))}
	for i, m := range tc.Members {
		mc := MedewerkerCapaciteit{Medewerker: m.User.ID, Naam: m.User.Name, Rol: string(m.User.Role)}
		if c := m.Capacity; c != nil {
			hours := c.Hours()
			mc.UrenPerWeek, mc.Fte, mc.CapaciteitPunten = &hours, round2(tc.Settings.FTE(c.Minutes)), round2(tc.Settings.CapacityPoints(c.Minutes))
			mc.VastgelegdDoor, mc.VastgelegdOp = orNil(c.SetBy), moment(c.SetAt)
		}
		out.Medewerkers[i] = mc
	}
	return out
}

func (h *Handler) getCapacity(w http.ResponseWriter, r *http.Request) error {
	tc, err := h.svc.TeamCapacity(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, capaciteit(tc))
}

// hoursOf reads urenPerWeek as the use case reads typed hours: a JSON
// number as its decimal text, null as "" (not set). ok is false when the
// field is absent; anything but a number or null is text no hours parse
// from, so the use case names the field as not a number.
func hoursOf(raw json.RawMessage) (hours string, ok bool) {
	switch {
	case raw == nil:
		return "", false
	case bytes.Equal(raw, []byte("null")):
		return "", true
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		return "geen getal", true
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if errors.Is(err, strconv.ErrRange) {
		return "-1", true // beyond any float: out of the range
	}
	if err != nil {
		return "geen getal", true
	}
	return strconv.FormatFloat(f, 'f', -1, 64), true
}

// putCapacity replaces the capacities of the team's professionals. The
// If-Match must name the list as read; the comparison is made inside the
// change, so a change made in between is 412 as well. A professional left
// out, named twice or not of the team, and bad hours are all named in
// one 400.
func (h *Handler) putCapacity(w http.ResponseWriter, r *http.Request) error {
	ifm, err := ifMatch(r)
	if err != nil {
		return err
	}
	var in capaciteitInvoer
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ctx, actor, id := r.Context(), request.Actor(r), r.PathValue("id")
	var v wijkregie.Invalid
	var changes []app.CapacityChange
	listed := map[string]bool{}
	if in.Medewerkers == nil {
		v.Field("medewerkers", "veld.verplicht")
	} else {
		for i, m := range *in.Medewerkers {
			f := "medewerkers[" + strconv.Itoa(i) + "]."
			if m.Medewerker == nil || *m.Medewerker == "" {
				v.Field(f+"medewerker", "veld.verplicht")
				continue
			}
			listed[*m.Medewerker] = true
			hours, ok := hoursOf(m.UrenPerWeek)
			if !ok {
				v.Field(f+"urenPerWeek", "veld.verplicht")
				continue
			}
			changes = append(changes, app.CapacityChange{UserID: *m.Medewerker, Hours: hours, Field: f + "urenPerWeek", UserField: f + "medewerker"})
		}
	}
	guard := func(tc *app.TeamCapacity) error {
		if err := checkVersion(ifm, capaciteit(tc)); err != nil {
			return err
		}
		// The body's own errors, and whether it names the whole team as
		// it is now; collected afresh on every call.
		var all wijkregie.Invalid
		all.Add(v.Err())
		if in.Medewerkers != nil {
			for _, m := range tc.Members {
				if !listed[m.User.ID] {
					all.Field("medewerkers", "veld.capaciteit.alle_medewerkers")
					break
				}
			}
		}
		return all.Err()
	}
	if _, err := h.svc.SetCapacities(ctx, actor, id, changes, guard); err != nil {
		return err
	}
	tc, err := h.svc.TeamCapacity(ctx, actor, id)
	if err != nil {
		return err
	}
	return writeResource(w, r, http.StatusOK, capaciteit(tc))
}
