package web

import (
	"errors"
	"net/http"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/route"
	"wijkregie/internal/store"
)

// Emergency access (nood-toegang): the page that tells a professional
// they have no access to a case and offers the form that takes emergency
// access (casePage shows it in place of the refusal), and the privacy
// officer's pages: the list of accesses, those to review first, and one
// access with its audit trail and the review form. Who may do what is
// decided in internal/app; these pages only show it.

// emergencyRoutes are the request and the privacy officer's pages.
func (h *Handler) emergencyRoutes() []route.Route {
	return []route.Route{
		{Pattern: "POST /casussen/{id}/nood-toegang", Action: policy.RequestEmergencyAccess, Handle: h.requestEmergencyAccess},
		{Pattern: "GET /nood-toegang", Action: policy.ReviewEmergencyAccess, Handle: h.emergencyAccesses},
		{Pattern: "GET /nood-toegang/{id}", Action: policy.ReviewEmergencyAccess, Handle: h.emergencyAccess},
		{Pattern: "POST /nood-toegang/{id}/beoordeling", Action: policy.ReviewEmergencyAccess, Handle: h.reviewEmergencyAccess},
	}
}

var (
	emergencyFields = []field{{"reden", "noodtoegang.label.reden"}}
	reviewFields    = []field{{"oordeel", "noodtoegang.label.oordeel"}, {"toelichting", "noodtoegang.label.toelichting"}}
)

// noAccessView is the page "Geen toegang" with the emergency access form.
type noAccessView struct {
	CaseID string
	Hours  int
	Form   *form
}

// offersEmergencyAccess reports whether a case page that failed with err
// should offer emergency access instead: the case was refused (not found
// or forbidden) and the actor may take emergency access to it now.
func (h *Handler) offersEmergencyAccess(r *http.Request, id string, err error) bool {
	switch wijkregie.ErrorCode(err) {
	case wijkregie.ENOTFOUND, wijkregie.EFORBIDDEN:
	default:
		return false
	}
	return h.svc.EmergencyAccessOffer(r.Context(), request.Actor(r), id) == nil
}

// noAccessPage renders "Geen toegang" for the case with the form; a
// refused case is 403, and the page says so.
func (h *Handler) noAccessPage(w http.ResponseWriter, r *http.Request, status int, id string, f *form) error {
	if f == nil {
		f = newForm("", emergencyFields)
	}
	v := noAccessView{CaseID: id, Hours: int(wijkregie.EmergencyAccessDuration / time.Hour), Form: f}
	p := newPage(r, "titel.noodtoegang.geen_toegang", "casussen", v)
	if f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "noodtoegang-aanvragen", p)
}

// requestEmergencyAccess takes emergency access and goes to the case; a
// reason that will not do comes back beside its field, with the text
// kept. One who has access already is simply sent to the case.
func (h *Handler) requestEmergencyAccess(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id := r.PathValue("id")
	f := newForm("", emergencyFields)
	// The reason as typed: trimming is the domain's, and the user's text
	// comes back as they left it.
	f.Values.Set("reden", r.PostFormValue("reden"))
	_, err := h.svc.RequestEmergencyAccess(r.Context(), request.Actor(r), id, f.Value("reden"))
	var e *wijkregie.Error
	switch {
	case err == nil:
		return h.redirect(w, r, "/casussen/"+id, "melding.noodtoegang.verleend")
	case errors.As(err, &e) && e.Code == wijkregie.EINVALID:
		f.fail(err)
		return h.noAccessPage(w, r, http.StatusUnprocessableEntity, id, f)
	case errors.As(err, &e) && e.Code == wijkregie.ECONFLICT:
		return h.redirect(w, r, "/casussen/"+id, "melding.noodtoegang.al_toegang")
	}
	return err
}

// emergencyRow is an emergency access as the list shows it.
type emergencyRow struct {
	wijkregie.EmergencyAccess
	Holder   string
	Reviewer string
	Current  bool
}

// emergencyListView is the privacy officer's list.
type emergencyListView struct {
	Rows    []emergencyRow
	Pager   pager
	Filter  *form // beoordeeld: "" (all), "nee" (to review) or "ja" (reviewed)
	Filters []option
}

// emergencyAccesses lists the accesses, those to review first; the filter
// ?beoordeeld=nee|ja keeps one group.
func (h *Handler) emergencyAccesses(w http.ResponseWriter, r *http.Request) error {
	pg, n := pageParam(r)
	f := store.EmergencyFilter{Page: pg}
	v := emergencyListView{Filter: newForm("", []field{{"beoordeeld", "noodtoegang.label.beoordeeld"}}),
		Filters: []option{{Value: "", Text: h.t("noodtoegang.filter.alle")}, {Value: "nee", Text: h.t("noodtoegang.filter.te_beoordelen")},
			{Value: "ja", Text: h.t("noodtoegang.filter.beoordeeld")}}}
	yes, no := true, false
	switch q := r.URL.Query().Get("beoordeeld"); q {
	case "ja":
		f.Reviewed = &yes
		v.Filter.Values.Set("beoordeeld", q)
	case "nee":
		f.Reviewed = &no
		v.Filter.Values.Set("beoordeeld", q)
	}
	list, err := h.svc.ListEmergencyAccesses(r.Context(), request.Actor(r), f)
	if err != nil {
		return err
	}
	now := h.svc.Now()
	for _, e := range list.Accesses {
		v.Rows = append(v.Rows, emergencyRow{EmergencyAccess: e, Holder: h.userNamed(list.Users, e.UserID),
			Reviewer: h.userNamed(list.Users, e.ReviewedBy), Current: e.CurrentAt(now)})
	}
	v.Pager = newPager(r, n, list.Total)
	return h.render(w, r, http.StatusOK, "noodtoegangen", newPage(r, "titel.noodtoegang.lijst", "nood-toegang", v))
}

// trailShown is how much of an access's audit trail its page shows.
const trailShown = store.MaxLimit

// emergencyView is one access with its trail and the review form.
type emergencyView struct {
	*app.EmergencyAccessView
	Holder     string
	HolderTeam string
	CaseTeam   string
	Reviewer   string
	Current    bool
	Verdicts   []option
	Form       *form
}

func (h *Handler) emergencyPage(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	ev, err := h.svc.EmergencyAccess(r.Context(), request.Actor(r), r.PathValue("id"), store.Page{Limit: trailShown})
	if err != nil {
		return err
	}
	e := ev.Access
	v := emergencyView{EmergencyAccessView: ev, Holder: h.userNamed(ev.Users, e.UserID), Reviewer: h.userNamed(ev.Users, e.ReviewedBy),
		CaseTeam: ev.Teams[ev.CaseTeamID], Current: e.CurrentAt(h.svc.Now()), Form: f}
	if u := ev.Users[e.UserID]; u != nil {
		v.HolderTeam = ev.Teams[u.TeamID]
	}
	for _, vd := range wijkregie.EmergencyVerdicts {
		v.Verdicts = append(v.Verdicts, option{Value: string(vd), Text: h.label("noodtoegang.oordeel.", vd)})
	}
	p := newPage(r, "titel.noodtoegang.beoordelen", "nood-toegang", v)
	if f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "noodtoegang", p)
}

func (h *Handler) emergencyAccess(w http.ResponseWriter, r *http.Request) error {
	return h.emergencyPage(w, r, http.StatusOK, newForm("", reviewFields))
}

// reviewEmergencyAccess records the verdict over the version the page
// showed and goes back to the list; errors come back beside their fields
// with the input kept.
func (h *Handler) reviewEmergencyAccess(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm("", reviewFields)
	f.Values.Set("oordeel", formValue(r, "oordeel"))
	f.Values.Set("toelichting", r.PostFormValue("toelichting"))
	_, err := h.svc.ReviewEmergencyAccess(r.Context(), request.Actor(r), r.PathValue("id"),
		wijkregie.EmergencyVerdict(f.Value("oordeel")), f.Value("toelichting"), version(r))
	if err != nil {
		if status, ok := h.formFailure(f, err); ok {
			return h.emergencyPage(w, r, status, f)
		}
		return err
	}
	return h.redirect(w, r, "/nood-toegang", "melding.noodtoegang.beoordeeld")
}
