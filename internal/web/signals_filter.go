package web

import (
	"context"
	"net/url"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/store"
)

// The signal list's filters behind the dashboard's sources, "herkomst"
// (docs/uitkomsten.md, "Doorklikken"): the team, the source, what the
// triage came to, the days received and the postcode area. None names a
// person: ids, codes, days and four digits.
const (
	signalTeamParam    = "team"
	signalSourceParam  = "bron"
	signalOutcomeParam = "besluit"
	signalFromParam    = "ontvangen-van"
	signalToParam      = "ontvangen-tot"
)

// signalFilterFields are those filters' fields, in the form's order.
var signalFilterFields = []field{
	{signalTeamParam, "signalen.label.team"}, {signalSourceParam, "signalen.label.bron"},
	{signalOutcomeParam, "signalen.label.besluit"}, {caseAreaParam, "signalen.label.wijk"},
	{signalFromParam, "signalen.label.ontvangen_van"}, {signalToParam, "signalen.label.ontvangen_tot"},
}

// signalFilters reads the list's filters from the query into sf and the
// filter form, adds the choices the form needs to v and lists the active
// filters in words. A value the list does not know is an error beside
// its field, the input kept on the form: the list is not shown
// unfiltered as if it were the figure's.
func (h *Handler) signalFilters(ctx context.Context, actor wijkregie.Actor, q url.Values, sf *store.SignalFilter, filter *form, v *signalsView) error {
	teams, err := h.svc.Teams(ctx, actor)
	if err != nil {
		return err
	}
	v.Teams = []option{{Value: "", Text: h.t("keuze.alle_teams")}}
	v.Sources = h.enumOptions("bron.", "signalen.bron.alle", strs(wijkregie.SourceKinds))
	v.Outcomes = h.enumOptions("signalen.besluit.", "signalen.besluit.alle", strs(store.SignalOutcomes))

	var bad wijkregie.Invalid
	get := func(name string) string {
		val := strings.TrimSpace(q.Get(name))
		filter.Values.Set(name, val)
		return val
	}
	team := get(signalTeamParam)
	for _, t := range teams {
		v.Teams = append(v.Teams, option{Value: t.ID, Text: t.Name})
		if t.ID == team {
			sf.TeamID = t.ID
			v.Active = append(v.Active, h.t("casussen.actief.team", "team", t.Name))
		}
	}
	if team != "" && sf.TeamID == "" {
		bad.Field(signalTeamParam, "veld.keuze")
	}
	if s := wijkregie.SourceKind(get(signalSourceParam)); s.Valid() {
		sf.Source = s
		v.Active = append(v.Active, h.t("signalen.actief.bron", "bron", h.label("bron.", s)))
	} else if s != "" {
		bad.Field(signalSourceParam, "veld.keuze")
	}
	if o := store.SignalOutcome(get(signalOutcomeParam)); o.Valid() {
		sf.Outcome = o
		v.Active = append(v.Active, h.t("signalen.besluit."+string(o)))
	} else if o != "" {
		bad.Field(signalOutcomeParam, "veld.keuze")
	}
	if area := get(caseAreaParam); postcodeArea.MatchString(area) {
		sf.Postcode = area
		v.Active = append(v.Active, h.t("casussen.actief.wijk", "wijk", area))
	} else if area != "" {
		bad.Field(caseAreaParam, "veld.uitkomst.wijk")
	}
	received := dayRangeParams(get, signalFromParam, signalToParam, &bad)
	if !received.IsZero() && bad.Err() == nil {
		sf.ReceivedFrom, sf.ReceivedTo = received.Moments()
		v.Active = append(v.Active, h.daysInWords(received, "signalen.actief.ontvangen"))
	}
	return bad.Err()
}

// dayRangeParams reads a range of days from two query parameters, each
// day's error and a range that runs backwards added to bad.
func dayRangeParams(get func(string) string, fromName, toName string, bad *wijkregie.Invalid) app.DayRange {
	var d app.DayRange
	for _, p := range []struct {
		name string
		day  *time.Time
	}{{fromName, &d.From}, {toName, &d.To}} {
		if s := get(p.name); s != "" {
			if *p.day = parseDay(s); p.day.IsZero() {
				bad.Field(p.name, "veld.datum")
			}
		}
	}
	if !d.From.IsZero() && !d.To.IsZero() && d.To.Before(d.From) {
		bad.Field(toName, "veld.vroeglijst.periode")
	}
	return d
}
