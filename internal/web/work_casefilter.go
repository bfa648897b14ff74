package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/store"
)

// The case list's filters behind the team overview's numbers: without a
// regisseur, without a plan, stagnating, a relapse, and one member's
// cases. The list shows which are active, so a number followed from the
// overview reads as what it counted.

// The query parameters and values of those filters.
const (
	caseWithoutParam    = "zonder"
	withoutCoordinator  = "regisseur"
	withoutPlan         = "plan"
	caseStagnatingParam = "stagnatie"
	caseRelapseParam    = "herhaling"
	caseCoordinator     = "regisseur"
)

// The query parameters of the filters behind the dashboard's figures
// (docs/uitkomsten.md, "Doorklikken"): the level, the 1-1-1 held, the
// organisations involved, the postcode area and the closures of a period
// by reason. None names a person: levels, numbers, four digits, days.
const (
	caseLevelParam        = "niveau"
	caseWithPlanParam     = "plan"
	caseOrganisationParam = "organisaties"
	caseAreaParam         = "wijk"
	caseClosedFromParam   = "afgesloten-van"
	caseClosedToParam     = "afgesloten-tot"
	caseReasonParam       = "reden"
)

// caseDrillFields are those filters' fields, in the form's order.
var caseDrillFields = []field{
	{caseLevelParam, "casussen.label.niveau"}, {caseAreaParam, "casussen.label.wijk"},
	{caseOrganisationParam, "casussen.label.organisaties"}, {caseWithPlanParam, "casussen.label.plan"},
	{caseClosedFromParam, "casussen.label.afgesloten_van"}, {caseClosedToParam, "casussen.label.afgesloten_tot"},
	{caseReasonParam, "casussen.label.reden"},
}

// postcodeArea is a postcode area as the dashboard's wijk: four digits.
var postcodeArea = regexp.MustCompile(`^[1-9][0-9]{3}$`)

// workFilterFields are those filters' fields on the list's filter form.
var workFilterFields = []field{
	{caseWithoutParam, "casussen.label.zonder"}, {caseStagnatingParam, "casussen.label.stagnatie"}, {caseRelapseParam, "casussen.label.herhaling"},
}

// workFilters reads the overview's filters from the query into cf and the
// filter form, adds the choices the form needs to v, and lists the active
// filters in words. A regisseur the actor may not look up is no filter.
func (h *Handler) workFilters(ctx context.Context, actor wijkregie.Actor, q url.Values, cf *store.CaseFilter, filter *form, v *casesView) error {
	filter.fields = append(filter.fields, workFilterFields...)
	v.Without = []option{{Value: "", Text: h.t("casussen.zonder.alle")},
		{Value: withoutCoordinator, Text: h.t("casussen.zonder.regisseur")}, {Value: withoutPlan, Text: h.t("casussen.zonder.plan")}}
	if id := q.Get(caseCoordinator); id != filterMine && wijkregie.ValidID(id) {
		if u, err := h.svc.User(ctx, actor, id); err == nil {
			cf.CoordinatorID = id
			filter.Values.Set(caseCoordinator, id)
			v.Mine = append(v.Mine, option{Value: id, Text: u.Name})
			v.Active = append(v.Active, h.t("casussen.actief.regisseur", "naam", u.Name))
		} else if code := wijkregie.ErrorCode(err); code != wijkregie.ENOTFOUND && code != wijkregie.EFORBIDDEN {
			return err
		}
	} else if id == filterMine {
		v.Active = append(v.Active, h.t("casussen.filter.mijn"))
	}
	switch q.Get(caseWithoutParam) {
	case withoutCoordinator:
		cf.WithoutCoordinator = true
		filter.Values.Set(caseWithoutParam, withoutCoordinator)
		v.Active = append(v.Active, h.t("casussen.zonder.regisseur"))
	case withoutPlan:
		cf.WithoutPlan = true
		filter.Values.Set(caseWithoutParam, withoutPlan)
		v.Active = append(v.Active, h.t("casussen.zonder.plan"))
	}
	if q.Get(caseStagnatingParam) == yes {
		cf.Stagnating = true
		filter.Values.Set(caseStagnatingParam, yes)
		v.Active = append(v.Active, h.t("casussen.label.stagnatie"))
	}
	if q.Get(caseRelapseParam) == yes {
		cf.Relapse = true
		filter.Values.Set(caseRelapseParam, yes)
		v.Active = append(v.Active, h.t("casussen.label.herhaling"))
	}
	return nil
}

// drillFilters reads the filters behind the dashboard's figures from the
// query into cf and the filter form, adds the choices the form needs to
// v and lists the active filters in words. A value the list does not
// know is an error beside its field, the input kept on the form: the
// list is not shown unfiltered as if it were the figure's.
func (h *Handler) drillFilters(q url.Values, cf *store.CaseFilter, filter *form, v *casesView) error {
	filter.fields = append(filter.fields, caseDrillFields...)
	v.Levels = h.enumOptions("casus.niveau.", "casussen.niveau.alle", strs(wijkregie.CaseLevels))
	v.Organisations = []option{{Value: "", Text: h.t("casussen.organisaties.alle")}}
	for k := range store.OrganisationsOrMore {
		v.Organisations = append(v.Organisations, option{Value: strconv.Itoa(k), Text: strconv.Itoa(k)})
	}
	v.Organisations = append(v.Organisations, option{Value: strconv.Itoa(store.OrganisationsOrMore),
		Text: h.t("casussen.organisaties.of_meer", "aantal", store.OrganisationsOrMore)})
	v.Reasons = h.enumOptions("casus.afsluitreden.", "casussen.reden.alle", wijkregie.ClosureReasons)

	var bad wijkregie.Invalid
	get := func(name string) string {
		val := strings.TrimSpace(q.Get(name))
		filter.Values.Set(name, val)
		return val
	}
	if l := wijkregie.CaseLevel(get(caseLevelParam)); l.Valid() {
		cf.Level = l
		v.Active = append(v.Active, h.t("casussen.actief.niveau", "niveau", h.label("casus.niveau.", l)))
	} else if l != "" {
		bad.Field(caseLevelParam, "veld.keuze")
	}
	if area := get(caseAreaParam); postcodeArea.MatchString(area) {
		cf.Postcode = area
		v.Active = append(v.Active, h.t("casussen.actief.wijk", "wijk", area))
	} else if area != "" {
		bad.Field(caseAreaParam, "veld.uitkomst.wijk")
	}
	if o := get(caseOrganisationParam); o != "" {
		k, err := strconv.Atoi(o)
		if err != nil || k < 0 || k > store.OrganisationsOrMore || o != strconv.Itoa(k) {
			bad.Field(caseOrganisationParam, "veld.keuze")
		} else {
			cf.Organisations = &k
			key := "casussen.actief.organisaties"
			if k == store.OrganisationsOrMore {
				key = "casussen.actief.organisaties_of_meer"
			}
			v.Active = append(v.Active, h.t(key, "aantal", k))
		}
	}
	switch get(caseWithPlanParam) {
	case "":
	case yes:
		cf.WithPlan = true
		v.Active = append(v.Active, h.t("casussen.label.plan"))
	default:
		filter.Values.Del(caseWithPlanParam)
		bad.Field(caseWithPlanParam, "veld.keuze")
	}
	closed := dayRangeParams(get, caseClosedFromParam, caseClosedToParam, &bad)
	if !closed.IsZero() && bad.Err() == nil {
		cf.ClosedFrom, cf.ClosedTo = closed.Moments()
		v.Active = append(v.Active, h.daysInWords(closed, "casussen.actief.afgesloten"))
	}
	if r := get(caseReasonParam); slices.Contains(wijkregie.ClosureReasons, r) {
		cf.ClosureReason = r
		v.Active = append(v.Active, h.t("casussen.actief.reden", "reden", h.label("casus.afsluitreden.", r)))
	} else if r != "" {
		bad.Field(caseReasonParam, "veld.keuze")
	}
	if cf.ClosedFrom.IsZero() && cf.ClosedTo.IsZero() && cf.ClosureReason == "" {
		return bad.Err()
	}
	// A closure filter lists closed cases: the status says so.
	cf.Open = false
	filter.Values.Set("status", filterAll)
	return bad.Err()
}

// daysInWords says a period of days as an active filter, with the
// catalogue's key for both ends and its _vanaf and _tot for one.
func (h *Handler) daysInWords(d app.DayRange, key string) string {
	switch {
	case d.To.IsZero():
		return h.t(key+"_vanaf", "van", h.formatDate(d.From))
	case d.From.IsZero():
		return h.t(key+"_tot", "tot", h.formatDate(d.To))
	}
	return h.t(key, "van", h.formatDate(d.From), "tot", h.formatDate(d.To))
}

// badFilter answers a list whose filter is wrong: 400 with the errors
// beside the filter's fields and no list (v says so), or for an htmx
// request the whole page (wholePage).
func (h *Handler) badFilter(w http.ResponseWriter, r *http.Request, filter *form, title, name string, v any) error {
	if wholePage(w, r) {
		return nil
	}
	p := newPage(r, title, name, v)
	p.Invalid = filter
	return h.render(w, r, http.StatusBadRequest, name, p)
}

// wholePage answers an htmx request for the list alone with a full load
// of the same address, and reports whether it did: a filter's error
// belongs beside its field in the form, outside the list htmx swaps.
func wholePage(w http.ResponseWriter, r *http.Request) bool {
	if htmxTarget(r) == "" {
		return false
	}
	w.Header().Set("HX-Redirect", r.URL.RequestURI())
	w.Header().Add("Vary", "HX-Request")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusBadRequest)
	return true
}
