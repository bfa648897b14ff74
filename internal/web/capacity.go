package web

import (
	"net/http"
	"slices"
	"strings"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/route"
)

// The team lead's capacity page (docs/uitkomsten.md, "Capaciteit"): one
// field per professional of the own team with the hours per week they
// have for the team's cases. The workload dashboard sets the caseloads
// against them. A plain form: it works without JavaScript, a bad value
// comes back beside its field with every input kept.

func (h *Handler) capacityRoutes() []route.Route {
	return []route.Route{
		{Pattern: "GET /team/capaciteit", Action: policy.ViewCapacity, Handle: h.capacity},
		{Pattern: "POST /team/capaciteit", Action: policy.SetCapacity, Handle: h.saveCapacity},
	}
}

// capacityField is the form field of a professional's hours.
func capacityField(userID string) string { return "uren-" + userID }

// capacityView is the page.
type capacityView struct {
	Team       string
	FTEHours   int
	NormPerFTE int
	Rows       []capacityRow
	Errors     []capacityError // the summary above the form, in the page's order
	Unset      int             // professionals without a capacity set
}

// capacityRow is one professional's field.
type capacityRow struct {
	ID, Name string // the field's id and name
	Person   string // the professional's name: data, not a catalogue key
	Role     string // translated
	Value    string
	Now      string // what is set now, in words
	Error    string // catalogue key
}

type capacityError struct{ ID, Person, Message string }

func (h *Handler) capacity(w http.ResponseWriter, r *http.Request) error {
	return h.capacityPage(w, r, http.StatusOK, nil, nil)
}

// capacityPage renders the page with status; posted holds the form's
// values as sent and errs its field errors (both nil: the values set).
func (h *Handler) capacityPage(w http.ResponseWriter, r *http.Request, status int, posted map[string]string, errs []wijkregie.FieldError) error {
	ctx, actor := r.Context(), request.Actor(r)
	tc, err := h.svc.TeamCapacity(ctx, actor, actor.TeamID)
	if err != nil {
		return err
	}
	v := capacityView{Team: tc.Team.Name, FTEHours: tc.Settings.FTEHours, NormPerFTE: tc.Settings.NormPerFTE}
	f := newForm("", nil)
	for _, m := range tc.Members {
		name := capacityField(m.User.ID)
		row := capacityRow{ID: name, Name: name, Person: m.User.Name, Role: h.label("rol.", m.User.Role)}
		f.fields = append(f.fields, field{name, ""})
		if c := m.Capacity; c != nil {
			row.Value = wijkregie.FormatHours(c.Minutes)
			row.Now = h.t("capaciteit.nu", "uren", wijkregie.FormatHours(c.Minutes),
				"fte", wijkregie.Figure{Value: tc.Settings.FTE(c.Minutes), Unit: wijkregie.UnitFTE}.Display(),
				"door", tc.SetByNames[c.SetBy], "datum", h.formatDate(c.SetAt))
		} else {
			row.Now = h.t("capaciteit.nu_niet")
			v.Unset++
		}
		if posted != nil {
			row.Value = posted[name]
		}
		for _, e := range errs {
			if e.Name == name && row.Error == "" {
				row.Error = e.Message
			}
		}
		v.Rows = append(v.Rows, row)
	}
	p := newPage(r, "capaciteit.titel", "dashboard", &v)
	if len(errs) > 0 {
		f.Errors = errs
		p.Invalid = f
		// The summary in the order of the fields on the page.
		for _, row := range v.Rows {
			if row.Error != "" {
				v.Errors = append(v.Errors, capacityError{ID: row.ID, Person: row.Person, Message: row.Error})
			}
		}
		for _, e := range errs {
			if !strings.HasPrefix(e.Name, "uren-") || !slices.ContainsFunc(v.Rows, func(r capacityRow) bool { return r.Name == e.Name }) {
				// A professional who left the team meanwhile.
				v.Errors = append(v.Errors, capacityError{Message: e.Message})
			}
		}
	}
	return h.render(w, r, status, "team-capaciteit", p)
}

func (h *Handler) saveCapacity(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	ctx, actor := r.Context(), request.Actor(r)
	posted := map[string]string{}
	var changes []app.CapacityChange
	for name := range r.PostForm {
		id, ok := strings.CutPrefix(name, "uren-")
		if !ok {
			continue
		}
		posted[name] = formValue(r, name)
		changes = append(changes, app.CapacityChange{UserID: id, Hours: posted[name], Field: name, UserField: name})
	}
	// The form's order is the page's; a map has none: by field name, so
	// that the errors come back alike every time.
	slices.SortFunc(changes, func(a, b app.CapacityChange) int { return strings.Compare(a.Field, b.Field) })
	n, err := h.svc.SetCapacities(ctx, actor, actor.TeamID, changes, nil)
	if err != nil {
		f := newForm("", nil)
		if !f.fail(err) {
			return err
		}
		return h.capacityPage(w, r, http.StatusUnprocessableEntity, posted, f.Errors)
	}
	if n == 0 {
		return h.redirect(w, r, "/team/capaciteit", "melding.capaciteit.ongewijzigd")
	}
	return h.redirect(w, r, "/team/capaciteit", "melding.capaciteit.opgeslagen")
}
