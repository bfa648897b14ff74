package web

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/route"
)

// The person's other rights (AVG art. 16-18, 21), for the privacy
// officer: the page Verzoeken van betrokkenen lists the requests (open
// first, the overdue on top), finds the person of a new request by BSN
// and birth date (posted, as on the Inzageverzoek page), records it, and
// decides it on its own page, where an erasure request shows what the law
// allows. For the team, the household page's information notice: the
// letter as a PDF, and the form that records it was sent.

func (h *Handler) rightsRoutes() []route.Route {
	return []route.Route{
		{Pattern: "GET /rechtenverzoeken", Action: policy.ViewRightsRequests, Handle: h.rightsList},
		{Pattern: "POST /rechtenverzoeken/zoeken", Action: policy.RecordRightsRequest, Handle: h.rightsSearch},
		{Pattern: "POST /rechtenverzoeken", Action: policy.RecordRightsRequest, Handle: h.rightsRecord},
		{Pattern: "GET /rechtenverzoeken/{id}", Action: policy.ViewRightsRequests, Handle: h.rightsRequest},
		{Pattern: "POST /rechtenverzoeken/{id}/besluit", Action: policy.DecideRightsRequest, Handle: h.rightsDecide},
		{Pattern: "POST /rechtenverzoeken/{id}/verlenging", Action: policy.ExtendRightsRequest, Handle: h.rightsExtend},
		{Pattern: "POST /personen/{id}/beperking-opheffen", Action: policy.LiftRestriction, Handle: h.rightsLift},
		{Pattern: "GET /personen/{id}/informatieverstrekking", Action: policy.ProduceNotice, Handle: h.noticeDownload},
		{Pattern: "POST /huishoudens/{hh}/informatieverstrekking/{id}", Action: policy.RecordNoticeSent, Handle: h.noticeSent},
	}
}

var (
	rightsSearchFields = []field{{"bsn", "inzage.label.bsn"}, {"geboortedatum", "inzage.label.geboortedatum"}}
	rightsNewFields    = []field{{"soort", "rechten.label.soort"}, {"ontvangenOp", "rechten.label.ontvangen"},
		{"verzoek", "rechten.label.verzoek"}, {"vroegtijdigeVernietiging", "rechten.label.vroegtijdig"}}
	rightsDecideFields = []field{{"besluit", "rechten.label.besluit"}, {"reden", "rechten.label.reden"}, {"afweging", "rechten.label.afweging"},
		{"zwaarwegendBelang", "rechten.label.zwaarwegend"}, {"voornaam", "label.voornaam"}, {"tussenvoegsel", "label.tussenvoegsel"},
		{"achternaam", "label.achternaam"}, {"geboortedatum", "label.geboortedatum"}, {"telefoon", "label.telefoon"}, {"email", "label.email"}}
	noticeFields = []field{{"verzondenOp", "rechten.label.verzonden"}, {"wijze", "rechten.label.wijze"}}
	// The extension's field has the use case's name, which no field of
	// the decision form on the same page shares.
	rightsExtendFields = []field{{"verlengingReden", "rechten.label.verlenging_reden"}}
)

// rightsListView is the list page with the search and the new request.
type rightsListView struct {
	Requests []app.RightsRequestView
	Pager    pager
	Search   *form
	Found    *app.InzageMatch
	New      *form
	Kinds    []option
}

func (h *Handler) rightsListPage(w http.ResponseWriter, r *http.Request, status int, v *rightsListView) error {
	sp, n := pageParam(r)
	list, total, err := h.svc.RightsRequests(r.Context(), request.Actor(r), false, sp)
	if err != nil {
		return err
	}
	v.Requests, v.Pager = list, newPager(r, n, total)
	for _, k := range wijkregie.RightKinds {
		v.Kinds = append(v.Kinds, option{Value: string(k), Text: h.label("rechten.soort.", k)})
	}
	p := newPage(r, "titel.rechten", "rechten", v)
	switch {
	case v.Search.Invalid():
		p.Invalid = v.Search
	case v.New != nil && v.New.Invalid():
		p.Invalid = v.New
	}
	return h.render(w, r, status, "rechtenverzoeken", p)
}

func (h *Handler) rightsList(w http.ResponseWriter, r *http.Request) error {
	return h.rightsListPage(w, r, http.StatusOK, &rightsListView{Search: newForm("zoek-", rightsSearchFields)})
}

// rightsSearch finds the person; the form keeps what was typed when it
// fails, and the BSN is not shown again when it succeeds.
func (h *Handler) rightsSearch(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	v := &rightsListView{Search: newForm("zoek-", rightsSearchFields)}
	m, status, err := h.findRequester(r, v.Search)
	if err != nil {
		return err
	}
	if m == nil {
		return h.rightsListPage(w, r, status, v)
	}
	v.Found, v.Search.Values = m, nil
	v.New = newForm("", rightsNewFields)
	v.New.Values.Set("ontvangenOp", h.today())
	return h.rightsListPage(w, r, http.StatusOK, v)
}

// rightsRecord records the request and opens it; errors come back beside
// their fields with the input kept.
func (h *Handler) rightsRecord(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm("", rightsNewFields)
	for _, n := range []string{"soort", "ontvangenOp", "vroegtijdigeVernietiging"} {
		f.Values.Set(n, formValue(r, n))
	}
	f.Values.Set("verzoek", r.PostFormValue("verzoek"))
	personID := formValue(r, "persoon")
	req := &wijkregie.RightsRequest{PersonID: personID, Kind: wijkregie.RightKind(f.Value("soort")), Request: f.Value("verzoek"),
		EarlyDestruction: f.Value("vroegtijdigeVernietiging") == "ja"}
	// An unreadable date stays zero, which Validate names beside the
	// other fields.
	req.ReceivedOn, _ = wijkregie.ParseDate(f.Value("ontvangenOp"))
	if err := h.svc.RecordRightsRequest(r.Context(), request.Actor(r), req); err != nil {
		if status, ok := h.formFailure(f, err); ok {
			v := &rightsListView{Search: newForm("zoek-", rightsSearchFields), New: f}
			if p, perr := h.svc.RightsPerson(r.Context(), request.Actor(r), personID); perr == nil {
				v.Found = p
			} else {
				return perr
			}
			return h.rightsListPage(w, r, status, v)
		}
		return err
	}
	return h.redirect(w, r, "/rechtenverzoeken/"+req.ID, "melding.rechten.vastgelegd")
}

// rightsView is one request with the decision form and, while the term
// may be extended, the extension's form.
type rightsView struct {
	*app.RightsRequestView
	Form      *form
	Extend    *form
	CanExtend bool
	ExtendTo  time.Time // the term an extension gives
	Decisions []option
	Reasons   []string
}

// rightsPage shows the request with its forms; f and x keep what was
// posted to the decision and the extension.
func (h *Handler) rightsPage(w http.ResponseWriter, r *http.Request, status int, f, x *form) error {
	rv, err := h.svc.RightsRequest(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	v := rightsView{RightsRequestView: rv, Form: f, Extend: x, CanExtend: rv.Request.CanExtend(h.svc.Now()),
		ExtendTo: wijkregie.AddMonths(rv.Request.Deadline, 2)}
	for _, d := range wijkregie.RightsDecisions {
		if rv.Request.Kind == wijkregie.RightErasure && d == wijkregie.RightsPartly {
			continue
		}
		v.Decisions = append(v.Decisions, option{Value: string(d), Text: h.label("rechten.status.", d)})
	}
	if f.Values.Get("besluit") == "" && rv.Person != nil && rv.Request.Kind == wijkregie.RightRectification {
		p := rv.Person
		f.Values.Set("voornaam", p.GivenName)
		f.Values.Set("tussenvoegsel", p.Prefix)
		f.Values.Set("achternaam", p.FamilyName)
		if !p.BirthDate.IsZero() {
			f.Values.Set("geboortedatum", p.BirthDate.Format("2006-01-02"))
		}
		f.Values.Set("telefoon", p.Phone)
		f.Values.Set("email", p.Email)
	}
	pg := newPage(r, "titel.rechten.verzoek", "rechten", v)
	switch {
	case f.Invalid():
		pg.Invalid = f
	case x.Invalid():
		pg.Invalid = x
	}
	return h.render(w, r, status, "rechtenverzoek", pg)
}

func (h *Handler) rightsRequest(w http.ResponseWriter, r *http.Request) error {
	return h.rightsPage(w, r, http.StatusOK, newForm("", rightsDecideFields), newForm("", rightsExtendFields))
}

// rightsDecide records the decision over the version the page showed.
func (h *Handler) rightsDecide(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm("", rightsDecideFields)
	for _, fl := range rightsDecideFields {
		f.Values.Set(fl.name, r.PostFormValue(fl.name))
	}
	d := app.RightsDecision{Version: version(r), Status: wijkregie.RightsStatus(formValue(r, "besluit")), Reason: f.Value("reden"),
		Weighing: f.Value("afweging"), Opposed: formValue(r, "zwaarwegendBelang") == "ja"}
	if formValue(r, "correctie") == "ja" {
		d.Correction = &wijkregie.PersonInput{GivenName: f.Value("voornaam"), Prefix: f.Value("tussenvoegsel"), FamilyName: f.Value("achternaam"),
			BirthDate: f.Value("geboortedatum"), Phone: f.Value("telefoon"), Email: f.Value("email")}
	}
	if _, err := h.svc.DecideRightsRequest(r.Context(), request.Actor(r), r.PathValue("id"), d); err != nil {
		if status, ok := h.formFailure(f, err); ok {
			return h.rightsPage(w, r, status, f, newForm("", rightsExtendFields))
		}
		return err
	}
	return h.redirect(w, r, "/rechtenverzoeken/"+r.PathValue("id"), "melding.rechten.besloten")
}

// rightsExtend extends the term once by two months over the version the
// page showed; a missing reason comes back beside its field with what
// was typed, a request extended or decided meanwhile as a conflict.
func (h *Handler) rightsExtend(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	x := newForm("", rightsExtendFields)
	x.Values.Set("verlengingReden", r.PostFormValue("verlengingReden"))
	if _, err := h.svc.ExtendRightsRequest(r.Context(), request.Actor(r), r.PathValue("id"), version(r), x.Value("verlengingReden")); err != nil {
		if status, ok := h.formFailure(x, err); ok {
			return h.rightsPage(w, r, status, newForm("", rightsDecideFields), x)
		}
		return err
	}
	return h.redirect(w, r, "/rechtenverzoeken/"+r.PathValue("id"), "melding.rechten.verlengd")
}

// rightsLift lifts a restriction and goes back to the request it came
// from.
func (h *Handler) rightsLift(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := h.svc.LiftRestriction(r.Context(), request.Actor(r), r.PathValue("id")); err != nil {
		return err
	}
	back := "/rechtenverzoeken"
	if id := formValue(r, "verzoek"); wijkregie.ValidID(id) {
		back += "/" + id
	}
	return h.redirect(w, r, back, "melding.rechten.opgeheven")
}

// noticeDownload sends the letter, named by the record's id and the day.
func (h *Handler) noticeDownload(w http.ResponseWriter, r *http.Request) error {
	n, err := h.svc.InformationNotice(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	body, err := app.NoticePDF(n, h.cat, h.lang)
	if err != nil {
		return err
	}
	name := fmt.Sprintf("informatiebrief-%s-%s.pdf", r.PathValue("id"), h.svc.Now().Format("2006-01-02"))
	hd := w.Header()
	hd.Set("Content-Type", "application/pdf")
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	hd.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(body)
	return err
}

// noticeSent records that the letter went and goes back to the household;
// an error comes back on the household page beside the field.
func (h *Handler) noticeSent(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	hh, id := r.PathValue("hh"), r.PathValue("id")
	n := &wijkregie.NoticeSent{Method: wijkregie.NoticeMethod(formValue(r, "wijze"))}
	n.SentOn, _ = wijkregie.ParseDate(formValue(r, "verzondenOp")) // zero: Validate names it
	if err := h.svc.RecordNoticeSent(r.Context(), request.Actor(r), id, n); err != nil {
		f := newForm("brief-"+id+"-", noticeFields)
		f.Values.Set("verzondenOp", formValue(r, "verzondenOp"))
		f.Values.Set("wijze", formValue(r, "wijze"))
		if f.fail(err) {
			r = r.WithContext(context.WithValue(r.Context(), noticeFormKey{}, f))
			return h.householdPage(w, r, http.StatusUnprocessableEntity, hh, nil, nil, nil)
		}
		return err
	}
	return h.redirect(w, r, "/huishoudens/"+hh, "melding.rechten.brief_verzonden")
}

// noticeFormKey carries, on the request re-rendering the household page,
// the notice form that came back with errors.
type noticeFormKey struct{}

// householdRightsView is what the household page shows of its members'
// rights: the restriction notices, and for the team the notices due with
// their forms.
type householdRightsView struct {
	HouseholdID string
	Restricted  []restrictedRow
	Due         []noticeDueView
	Methods     []option
}

// restrictedRow is a member whose processing is restricted.
type restrictedRow struct {
	Name string
	wijkregie.Restriction
}

// noticeDueView is one notice due with the form recording it sent.
type noticeDueView struct {
	app.NoticeDue
	Form *form
}

// householdRights reads the block for the household page.
func (h *Handler) householdRights(r *http.Request, householdID string, members []memberRow) (*householdRightsView, error) {
	hr, err := h.svc.HouseholdRights(r.Context(), request.Actor(r), householdID)
	if err != nil {
		return nil, err
	}
	v := &householdRightsView{HouseholdID: householdID}
	for _, m := range members {
		if x, ok := hr.Restrictions[m.Person.ID]; ok {
			v.Restricted = append(v.Restricted, restrictedRow{Name: m.Person.FullName(), Restriction: x})
		}
	}
	failed, _ := r.Context().Value(noticeFormKey{}).(*form)
	for _, d := range hr.NoticesDue {
		f := newForm("brief-"+d.PersonID+"-", noticeFields)
		if failed != nil && failed.Prefix == f.Prefix {
			f = failed
		} else {
			f.Values.Set("verzondenOp", h.today())
		}
		v.Due = append(v.Due, noticeDueView{NoticeDue: d, Form: f})
	}
	for _, m := range wijkregie.NoticeMethods {
		v.Methods = append(v.Methods, option{Value: string(m), Text: h.label("rechten.wijze.", m)})
	}
	return v, nil
}
