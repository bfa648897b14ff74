package web

import (
	"net/http"
	"net/url"
	"strings"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/route"
)

// Handover (overdracht, docs/overdracht.md): the block on the case page,
// the offer form, the team's list (/overdrachten), one offer with what it
// holds for the receiving lead and the forms for each step, and the
// household's move (/huishoudens/{id}/adres). Who may do what is decided
// in internal/app; these pages only show it.

func (h *Handler) handoverRoutes() []route.Route {
	return []route.Route{
		{Pattern: "GET /casussen/{id}/overdracht/nieuw", Action: policy.OfferHandover, Handle: h.newHandover},
		{Pattern: "POST /casussen/{id}/overdracht", Action: policy.OfferHandover, Handle: h.offerHandover},
		{Pattern: "GET /overdrachten", Action: policy.ListHandovers, Handle: h.handovers},
		{Pattern: "GET /overdrachten/{id}", Action: policy.ViewHandover, Handle: h.handover},
		{Pattern: "POST /overdrachten/{id}/acceptatie", Action: policy.AcceptHandover, Handle: h.acceptHandover},
		{Pattern: "POST /overdrachten/{id}/afwijzing", Action: policy.DeclineHandover, Handle: h.declineHandover},
		{Pattern: "POST /overdrachten/{id}/intrekking", Action: policy.WithdrawHandover, Handle: h.withdrawHandover},
		{Pattern: "POST /overdrachten/{id}/afronding", Action: policy.CompleteHandover, Handle: h.completeHandover},
		{Pattern: "GET /huishoudens/{id}/adres", Action: policy.ChangeAddress, Handle: h.addressForm},
		{Pattern: "POST /huishoudens/{id}/adres", Action: policy.ChangeAddress, Handle: h.changeAddress},
	}
}

// The receiver is one field on the form: a team of this municipality, a
// team of another one on the platform ("<gemeente>/<team>"), or
// externValue, with the municipality's name outside the platform.
const externValue = "extern"

var (
	offerFields   = []field{{"naar", "overdracht.label.naar"}, {"ontvanger", "overdracht.label.ontvanger"}, {"reden", "overdracht.label.reden"}, {"overlapDagen", "overdracht.label.overlap"}}
	acceptFields  = []field{{"regisseur", "overdracht.label.regisseur"}}
	declineFields = []field{{"reden", "overdracht.label.reden_afwijzing"}}
	outcomeFields = []field{{"problemenVerminderd", "overdracht.label.problemen"}, {"doelenBereikt", "overdracht.label.doelen"}}
	moveFields    = []field{{"straat", "label.straat"}, {"huisnummer", "label.huisnummer"}, {"huisnummertoevoeging", "label.huisnummertoevoeging"},
		{"postcode", "label.postcode"}, {"woonplaats", "label.woonplaats"}}
)

// handoverSection is the case page's block Overdracht, for the sender.
type handoverSection struct {
	View      *app.CaseHandoversView
	Open      *wijkregie.Handover
	OfferLink string // the offer form, prefilled from the move's proposal
}

// handoverSection reads the case's handovers for the case page; nil for
// one who neither sees one nor may offer one (the page then has no block).
// Any other error is the page's: a store that fails must not pass for a
// case without handovers.
func (h *Handler) handoverSection(r *http.Request, cv *app.CaseView) (*handoverSection, error) {
	if !policy.Allows(request.Actor(r), policy.ViewHandover) || !policy.SeesCaseContent(request.Actor(r)) {
		return nil, nil
	}
	v, err := h.svc.CaseHandoverSection(r.Context(), request.Actor(r), cv.Case.ID)
	switch wijkregie.ErrorCode(err) {
	case "":
	case wijkregie.EFORBIDDEN, wijkregie.ENOTFOUND:
		return nil, nil
	default:
		return nil, err
	}
	sec := &handoverSection{View: v, Open: v.Open, OfferLink: "/casussen/" + cv.Case.ID + "/overdracht/nieuw"}
	if p := v.Proposal; p != nil {
		q := url.Values{}
		if v.Outside {
			q.Set("naar", externValue)
		} else {
			q.Set("naar", p.ProposedTeamID)
		}
		q.Set("verhuizing", "ja")
		sec.OfferLink += "?" + q.Encode()
	}
	return sec, nil
}

// offerView is the offer form.
type offerView struct {
	Case      *app.CaseView
	Form      *form
	Receivers []option
	Move      bool // prefilled from the move's proposal
}

func (h *Handler) offerPage(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	ctx, actor := r.Context(), request.Actor(r)
	// The sender's own view decides: who neither may offer nor sees a
	// handover of the case is refused here as there.
	if _, err := h.svc.CaseHandovers(ctx, actor, r.PathValue("id")); err != nil {
		return err
	}
	cv, err := h.svc.CaseRecords(ctx, actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	targets, err := h.svc.HandoverTargets(ctx, actor)
	if err != nil {
		return err
	}
	v := offerView{Case: cv, Form: f, Move: r.URL.Query().Get("verhuizing") == "ja"}
	v.Receivers = append(v.Receivers, option{Value: "", Text: h.t("keuze.kies")})
	for _, tg := range targets {
		for _, tm := range tg.Teams {
			if tg.Municipality.ID == actor.MunicipalityID {
				if tm.ID != cv.Case.TeamID {
					v.Receivers = append(v.Receivers, option{Value: tm.ID, Text: h.t("overdracht.naar.team", "team", tm.Name)})
				}
				continue
			}
			v.Receivers = append(v.Receivers, option{Value: tg.Municipality.ID + "/" + tm.ID,
				Text: h.t("overdracht.naar.gemeente", "gemeente", tg.Municipality.Name, "team", tm.Name)})
		}
	}
	v.Receivers = append(v.Receivers, option{Value: externValue, Text: h.t("overdracht.naar.extern")})
	p := newPage(r, "titel.overdracht.nieuw", "casussen", v)
	if f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "overdracht-nieuw", p)
}

// newHandover shows the offer form; ?naar= preselects the receiver (the
// move's proposal).
func (h *Handler) newHandover(w http.ResponseWriter, r *http.Request) error {
	f := newForm("", offerFields)
	f.Values.Set("naar", r.URL.Query().Get("naar"))
	f.Values.Set("overlapDagen", "14")
	return h.offerPage(w, r, http.StatusOK, f)
}

// offerHandover makes the offer and shows it; errors come back beside
// their fields with the input kept.
func (h *Handler) offerHandover(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm("", offerFields)
	for _, n := range []string{"naar", "ontvanger", "overlapDagen"} {
		f.Values.Set(n, formValue(r, n))
	}
	f.Values.Set("reden", r.PostFormValue("reden"))
	in := app.HandoverOffer{Reason: f.Value("reden"), ToName: f.Value("ontvanger")}
	switch naar := f.Value("naar"); {
	case naar == externValue:
		in.Kind = wijkregie.HandoverExternal
	case strings.Contains(naar, "/"):
		in.Kind = wijkregie.HandoverMunicipality
		in.ToMunicipalityID, in.ToTeamID, _ = strings.Cut(naar, "/")
	case naar != "":
		in.Kind, in.ToTeamID = wijkregie.HandoverTeam, naar
	}
	// The use case decides before it validates: the policy answers
	// first, also to a form left empty.
	days, err := app.OverlapDays(f.Value("overlapDagen"))
	if err != nil {
		// Not a number: the domain names the field, after the policy.
		days = new(int)
		*days = -1
	}
	in.OverlapDays = days
	ho, err := h.svc.OfferHandover(r.Context(), request.Actor(r), r.PathValue("id"), in)
	if err == nil {
		return h.redirect(w, r, "/overdrachten/"+ho.ID, "melding.overdracht.aangeboden")
	}
	if status, ok := h.formFailure(f, err); ok {
		// The receiver is one field here: the domain's team and gemeente.
		for i, e := range f.Errors {
			switch e.Name {
			case "team", "gemeente", "soort":
				f.Errors[i].Name = "naar"
			}
		}
		return h.offerPage(w, r, status, f)
	}
	return err
}

// handoverRow is a handover in the team's list.
type handoverRow struct {
	wijkregie.Handover
	From, To string
}

type handoversView struct {
	Sent, Received []handoverRow
}

func (h *Handler) rows(hs []wijkregie.Handover, n app.HandoverNames) []handoverRow {
	var out []handoverRow
	for _, x := range hs {
		out = append(out, handoverRow{Handover: x, From: h.side(n, x.MunicipalityID, x.FromTeamID, ""), To: h.side(n, x.ToMunicipalityID, x.ToTeamID, x.ToName)})
	}
	return out
}

// side names one side of a handover: the team, with its municipality's
// name; outside the platform the municipality's name only.
func (h *Handler) side(n app.HandoverNames, mid, team, name string) string {
	switch {
	case team == "":
		return name
	case mid == "":
		return n.Name(team)
	}
	return h.t("overdracht.naar.gemeente", "gemeente", n.Name(mid), "team", n.Name(team))
}

// handovers is the team's list: received and sent.
func (h *Handler) handovers(w http.ResponseWriter, r *http.Request) error {
	tv, err := h.svc.TeamHandovers(r.Context(), request.Actor(r))
	if err != nil {
		return err
	}
	v := handoversView{Sent: h.rows(tv.Sent, tv.Names), Received: h.rows(tv.Received, tv.Names)}
	return h.render(w, r, http.StatusOK, "overdrachten", newPage(r, "titel.overdrachten", "overdrachten", v))
}

// handoverView is one handover's page.
type handoverView struct {
	*app.HandoverView
	From, To                        string
	Accept, Decline, Complete       *form
	Candidates, Answers             []option
	LatestPlan                      *wijkregie.HandoverPlanVersion
	PackageJSON, PackagePDF         string
	OfferedBy, DecidedBy, Regisseur string
}

func (h *Handler) handoverPage(w http.ResponseWriter, r *http.Request, status int, failed *form) error {
	hv, err := h.svc.Handover(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	ho, n := hv.Handover, hv.Names
	v := handoverView{HandoverView: hv, From: h.side(n, ho.MunicipalityID, ho.FromTeamID, ""), To: h.side(n, ho.ToMunicipalityID, ho.ToTeamID, ho.ToName),
		OfferedBy: n.Name(ho.OfferedBy), DecidedBy: n.Name(ho.DecidedBy), Regisseur: n.Name(ho.FromCoordinatorID)}
	pick := func(prefix string, fields []field) *form {
		if failed != nil && failed.Prefix == prefix {
			return failed
		}
		return newForm(prefix, fields)
	}
	if hv.CanAccept {
		v.Accept = pick("acc-", acceptFields)
		v.Candidates = append(v.Candidates, option{Value: "", Text: h.t("keuze.kies")})
		for _, u := range hv.Candidates {
			v.Candidates = append(v.Candidates, option{Value: u.ID, Text: u.Name})
		}
	}
	if hv.CanDecline {
		v.Decline = pick("afw-", declineFields)
	}
	if hv.CanComplete {
		v.Complete = pick("afr-", outcomeFields)
		for _, a := range wijkregie.Answers3 {
			v.Answers = append(v.Answers, option{Value: string(a), Text: h.label("antwoord.", a)})
		}
	}
	if p := hv.Offer; p != nil && len(p.PlanVersions) > 0 {
		v.LatestPlan = &p.PlanVersions[len(p.PlanVersions)-1]
	}
	if hv.Sender && ho.Open() {
		v.PackageJSON = "/casussen/" + ho.CaseID + "/overdracht/pakket.json"
		v.PackagePDF = "/casussen/" + ho.CaseID + "/overdracht/pakket.pdf"
	}
	p := newPage(r, "titel.overdracht", "overdrachten", v)
	if failed != nil && failed.Invalid() {
		p.Invalid = failed
	}
	return h.render(w, r, status, "overdracht", p)
}

func (h *Handler) handover(w http.ResponseWriter, r *http.Request) error {
	return h.handoverPage(w, r, http.StatusOK, nil)
}

// step runs one step of the handover and goes back to its page; a
// refusal of the input comes back beside its field, the input kept.
func (h *Handler) step(w http.ResponseWriter, r *http.Request, f *form, flash string, do func() error) error {
	err := do()
	if err == nil {
		return h.redirect(w, r, "/overdrachten/"+r.PathValue("id"), flash)
	}
	if status, ok := h.formFailure(f, err); ok {
		return h.handoverPage(w, r, status, f)
	}
	return err
}

func (h *Handler) acceptHandover(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm("acc-", acceptFields)
	f.Values.Set("regisseur", formValue(r, "regisseur"))
	return h.step(w, r, f, "melding.overdracht.geaccepteerd", func() error {
		_, err := h.svc.AcceptHandover(r.Context(), request.Actor(r), r.PathValue("id"), version(r), f.Value("regisseur"))
		return err
	})
}

func (h *Handler) declineHandover(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm("afw-", declineFields)
	f.Values.Set("reden", r.PostFormValue("reden"))
	return h.step(w, r, f, "melding.overdracht.afgewezen", func() error {
		_, err := h.svc.DeclineHandover(r.Context(), request.Actor(r), r.PathValue("id"), version(r), f.Value("reden"))
		return err
	})
}

func (h *Handler) withdrawHandover(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	return h.step(w, r, newForm("int-", nil), "melding.overdracht.ingetrokken", func() error {
		_, err := h.svc.WithdrawHandover(r.Context(), request.Actor(r), r.PathValue("id"), version(r))
		return err
	})
}

func (h *Handler) completeHandover(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm("afr-", outcomeFields)
	for _, n := range []string{"problemenVerminderd", "doelenBereikt"} {
		f.Values.Set(n, formValue(r, n))
	}
	return h.step(w, r, f, "melding.overdracht.afgerond", func() error {
		_, err := h.svc.CompleteHandover(r.Context(), request.Actor(r), r.PathValue("id"), version(r), app.HandoverOutcome{
			ProblemsReduced: wijkregie.Answer3(f.Value("problemenVerminderd")), GoalsAchieved: wijkregie.Answer3(f.Value("doelenBereikt"))})
		return err
	})
}

// addressView is the household's move form with its former addresses.
type addressView struct {
	Household *wijkregie.Household
	History   []wijkregie.AddressChange
	Form      *form
}

func (h *Handler) addressPage(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	ctx, actor, id := r.Context(), request.Actor(r), r.PathValue("id")
	hv, err := h.svc.Household(ctx, actor, id)
	if err != nil {
		return err
	}
	hist, err := h.svc.AddressHistory(ctx, actor, id)
	if err != nil {
		return err
	}
	if f == nil {
		f = newForm("", moveFields)
	}
	p := newPage(r, "titel.overdracht.adres", "huishoudens", addressView{Household: hv.Household, History: hist, Form: f})
	if f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "overdracht-adres", p)
}

func (h *Handler) addressForm(w http.ResponseWriter, r *http.Request) error {
	return h.addressPage(w, r, http.StatusOK, nil)
}

// changeAddress records the move; when it proposes a handover, the case
// page says so and offers the form.
func (h *Handler) changeAddress(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm("", moveFields)
	for _, fl := range moveFields {
		f.Values.Set(fl.name, r.PostFormValue(fl.name))
	}
	a := wijkregie.Address{Street: strings.TrimSpace(f.Value("straat")), Addition: strings.TrimSpace(f.Value("huisnummertoevoeging")),
		Postcode: f.Value("postcode"), Town: strings.TrimSpace(f.Value("woonplaats"))}
	a.Number = atoiOr0(f.Value("huisnummer"))
	ch, err := h.svc.ChangeAddress(r.Context(), request.Actor(r), r.PathValue("id"), a)
	if err != nil {
		if status, ok := h.formFailure(f, err); ok {
			return h.addressPage(w, r, status, f)
		}
		return err
	}
	if ch.Proposes() {
		return h.redirect(w, r, "/casussen/"+ch.CaseID+"#overdracht", "melding.overdracht.verhuizing_voorstel")
	}
	return h.redirect(w, r, "/huishoudens/"+ch.HouseholdID, "melding.overdracht.verhuisd")
}

// atoiOr0 reads a whole number typed in a form; anything else is 0,
// which the domain refuses beside its field.
func atoiOr0(s string) int {
	s = strings.TrimSpace(s)
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' || n > 1e6 {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}
