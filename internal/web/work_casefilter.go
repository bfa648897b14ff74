package web

import (
	"context"
	"net/url"

	"wijkregie"
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
