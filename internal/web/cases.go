package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/request"
	"wijkregie/internal/store"
)

// Cases: one family, one plan, one regisseur. The list, the case page with
// its history and the forms that steer it, and the team lead's choice of
// regisseur with the ranked candidates. Every form that changes the case
// posts the version it was made from; a change over a version the user
// has not seen comes back as a conflict with the user's input kept.

var (
	caseFilterFields = []field{{"regisseur", "casussen.label.regisseur"}, {"team", "casussen.label.team"}, {"status", "casussen.label.status"}}
	statusFields     = []field{{"status", "casus.label.status"}, {"reden", "casus.label.toelichting"}}
	levelFields      = []field{{"niveau", "casus.label.niveau"}, {"reden", "casus.label.reden_niveau"}}
	partyFields      = []field{{"betrokkene", "casus.label.betrokkene"}, {"medewerker", "casus.label.medewerker"},
		{"organisatie", "casus.label.organisatie"}, {"rol", "casus.label.rol"}, {"notitie", "casus.label.notitie"}}
	escalationFields = []field{{"organisatie", "casus.label.organisatie_partner"}, {"aan", "casus.label.aan"}, {"onderwerp", "casus.label.onderwerp"}}
	answerFields     = []field{{"status", "casus.label.opschaling_status"}, {"antwoord", "casus.label.antwoord"}, {"uitkomst", "casus.label.uitkomst"}}
	enforceFields    = []field{{"soort", "casus.label.soort"}, {"besluit", "casus.label.besluit"}, {"motivering", "casus.label.motivering"},
		{"organisaties", "casus.label.organisaties"}}
	assignFields = []field{{"regisseur", "casus.label.regisseur"}, {"vanaf", "casus.label.mandaat_vanaf"},
		{"bevoegdheden", "casus.label.bevoegdheden"}, {"escalatie", "casus.label.escalatie"}, {"reden", "casus.label.reden_regisseur"}}
)

// The filter values of the case list.
const (
	filterMine = "ik"   // regisseur: only the cases the user is regisseur of
	filterAll  = "alle" // status: closed cases too
	filterOpen = "open"
)

// casesView is the case list with its filter.
type casesView struct {
	Rows     []caseRow
	Pager    pager
	Filter   *form
	Mine     []option
	Teams    []option
	Statuses []option
	Without  []option
	Active   []string // the filters that narrow the list, in words

	// The choices of the dashboard's filters (work_casefilter.go).
	Levels, Organisations, Reasons []option
	Invalid                        bool // a filter is wrong: no list is shown
}

type caseRow struct {
	store.CaseSummary
	Team string
}

func (h *Handler) cases(w http.ResponseWriter, r *http.Request) error {
	ctx, actor := r.Context(), request.Actor(r)
	pg, n := pageParam(r)
	q := r.URL.Query()
	filter := newForm("filter-", caseFilterFields)
	cf := store.CaseFilter{Page: pg, Open: q.Get("status") != filterAll}
	if q.Get("regisseur") == filterMine {
		cf.CoordinatorID = actor.UserID
		filter.Values.Set("regisseur", filterMine)
	}
	teams, err := h.svc.Teams(ctx, actor)
	if err != nil {
		return err
	}
	v := casesView{Filter: filter,
		Mine:     []option{{Value: "", Text: h.t("casussen.filter.alle_zichtbaar")}, {Value: filterMine, Text: h.t("casussen.filter.mijn")}},
		Teams:    []option{{Value: "", Text: h.t("keuze.alle_teams")}},
		Statuses: []option{{Value: filterOpen, Text: h.t("casussen.filter.open")}, {Value: filterAll, Text: h.t("casussen.filter.alle")}}}
	names := map[string]string{}
	for _, t := range teams {
		names[t.ID] = t.Name
		v.Teams = append(v.Teams, option{Value: t.ID, Text: t.Name})
		if t.ID == q.Get("team") {
			cf.TeamID = t.ID
			filter.Values.Set("team", t.ID)
			v.Active = append(v.Active, h.t("casussen.actief.team", "team", t.Name))
		}
	}
	filter.Values.Set("status", filterOpen)
	if !cf.Open {
		filter.Values.Set("status", filterAll)
		v.Active = append(v.Active, h.t("casussen.filter.alle"))
	}
	if err := h.workFilters(ctx, actor, q, &cf, filter, &v); err != nil {
		return err
	}
	if err := h.drillFilters(q, &cf, filter, &v); err != nil {
		if !filter.fail(err) {
			return err
		}
		v.Invalid = true
		return h.badFilter(w, r, filter, "titel.casussen", "casussen", v)
	}
	list, total, err := h.svc.Cases(ctx, actor, cf)
	if err != nil {
		return err
	}
	v.Pager = newPager(r, n, total)
	for _, c := range list {
		v.Rows = append(v.Rows, caseRow{CaseSummary: c, Team: names[c.TeamID]})
	}
	return h.render(w, r, http.StatusOK, "casussen", newPage(r, "titel.casussen", "casussen", v))
}

// caseView is the case page.
type caseView struct {
	*app.CaseView
	Emergency   *wijkregie.EmergencyAccess // the user's own current emergency access, for the notice
	Ground      *groundSection             // grondslag.go: the team's section Grondslag
	PartnerPart *partnerSection            // partner.go: what a partner sees, and its goals
	Team        string
	Members     []memberRow
	Events      []eventRow
	Current     *assignmentRow
	Regisseurs  []assignmentRow
	Parties     []partyRow
	Escalations []escalationRow
	Enforce     []enforcementRow

	// The forms, for those who may use them; nil otherwise.
	Status, Level, Party, Escalate, Enforcement   *form
	StatusOptions, LevelOptions                   []option
	UserOptions, OrganisationOptions, RoleOptions []option
	KindOptions, OrganisationChecks               []option
	AnswerOptions                                 []option

	// The block Overdracht, for the sender (overdracht.go).
	Handover *handoverSection

	// The family's messages and ratings from Mijn Plan (mijnplan_case.go).
	MijnPlan *mijnPlanCaseBlock
}

// SignalTable is the table of the signals that opened or joined the case.
func (v caseView) SignalTable() signalTable {
	return signalTable{ID: "signalen", Caption: "casus.signalen.bijschrift", Signals: v.Signals}
}

type eventRow struct {
	Event  wijkregie.CaseEvent
	Text   string // what happened, in words
	Reason string
	By     string
}

type assignmentRow struct {
	wijkregie.Assignment
	Name, AssignedBy string
}

type partyRow struct {
	wijkregie.Party
	Name    string // the user's or organisation's name
	IsUser  bool
	AddedBy string
	End     bool // the actor may end it
}

type escalationRow struct {
	wijkregie.Escalation
	Organisation string
	RaisedBy     string
	AnswerForm   *form // nil when settled, or for those without the mandate
}

type enforcementRow struct {
	wijkregie.Enforcement
	Organisations []string
	DecidedBy     string
}

// userName names a user of the case view, or says it is unknown.
func (h *Handler) userName(v *app.CaseView, id string) string {
	if u := v.Users[id]; u != nil {
		return u.Name
	}
	if id == "" {
		return ""
	}
	return h.t("leeg.onbekend")
}

// caseText translates what may be a catalogue key (a reason the system
// wrote) and shows anything else (a person's own words) as it is.
func (h *Handler) caseText(s string) string {
	if s != "" && keyLike(s) && h.cat.Has(h.lang, s) {
		return h.t(s)
	}
	return s
}

// keyLike reports whether s has the shape of a catalogue key: a dot, no
// spaces.
func keyLike(s string) bool { return strings.Contains(s, ".") && !strings.ContainsAny(s, " \n") }

// eventText says in words what an event of the case's history did.
func (h *Handler) eventText(v *app.CaseView, e wijkregie.CaseEvent) string {
	switch e.Kind {
	case wijkregie.EventImported:
		// A line read in from an overdrachtspakket: its text says from where and when.
		return e.Reason
	case wijkregie.EventOpened:
		return h.t("casus.gebeurtenis.geopend", "niveau", h.label("casus.niveau.", e.To))
	case wijkregie.EventStatus:
		return h.t("casus.gebeurtenis.status", "van", h.label("casus.status.", e.From), "naar", h.label("casus.status.", e.To))
	case wijkregie.EventLevel:
		key := "casus.gebeurtenis.niveau_af"
		if wijkregie.CaseLevel(e.To).Heavier(wijkregie.CaseLevel(e.From)) {
			key = "casus.gebeurtenis.niveau_op"
		}
		return h.t(key, "van", h.label("casus.niveau.", e.From), "naar", h.label("casus.niveau.", e.To))
	case wijkregie.EventCoordinator:
		if e.From == "" {
			return h.t("casus.gebeurtenis.regisseur", "naam", h.userName(v, e.To))
		}
		return h.t("casus.gebeurtenis.regisseur_wissel", "van", h.userName(v, e.From), "naar", h.userName(v, e.To))
	case wijkregie.EventSignalJoined:
		return h.t("casus.gebeurtenis.signaal")
	case wijkregie.EventPartyAdded:
		return h.t("casus.gebeurtenis.betrokkene", "naam", h.partyName(v, e.To, e.To))
	case wijkregie.EventPartyEnded:
		for _, p := range v.Parties {
			if p.ID == e.From {
				return h.t("casus.gebeurtenis.betrokkene_einde", "naam", h.partyName(v, p.UserID, p.OrganisationID))
			}
		}
		return h.t("casus.gebeurtenis.betrokkene_einde", "naam", h.t("leeg.onbekend"))
	case wijkregie.EventMeldcode:
		return h.meldcodeEventText(e)
	case wijkregie.EventPlan:
		return h.t("casus.gebeurtenis.plan", "versie", e.To)
	case wijkregie.EventEscalation:
		for _, es := range v.Escalations {
			if es.ID == e.To {
				return h.t("casus.gebeurtenis.opschaling_partner", "organisatie", h.orgName(v, es.OrganisationID))
			}
		}
		return h.label("casus.gebeurtenis.", e.Kind)
	case wijkregie.EventEnforcement:
		for _, en := range v.Enforcements {
			if en.ID == e.To {
				return h.t("casus.gebeurtenis.doorzettingsmacht_soort", "soort", h.label("casus.doorzetting.", en.Kind))
			}
		}
	}
	return h.label("casus.gebeurtenis.", e.Kind)
}

// meldcodeEventText says what a line of the Meldcode route did; From
// says what was recorded (wijkregie.MeldcodeEvent*), To which one. The
// start line has no From.
func (h *Handler) meldcodeEventText(e wijkregie.CaseEvent) string {
	switch e.From {
	case "":
		return h.t("casus.gebeurtenis.meldcode", "stap", e.To)
	case wijkregie.MeldcodeEventStep:
		return h.t("casus.gebeurtenis.meldcode_stap", "stap", e.To, "naam", h.label("meldcode.stap.", e.To))
	case wijkregie.MeldcodeEventAnswer:
		return h.t("casus.gebeurtenis.meldcode_vraag", "vraag", e.To)
	case wijkregie.MeldcodeEventConsultation:
		return h.t("casus.gebeurtenis.meldcode_consultatie", "soort", h.label("consultatie.soort.", e.To))
	case wijkregie.MeldcodeEventReport:
		if e.To != "" {
			return h.t("casus.gebeurtenis.meldcode_melding_zonder_toestemming")
		}
		return h.t("casus.gebeurtenis.meldcode_melding")
	case wijkregie.MeldcodeEventSafetyPlan:
		return h.t("casus.gebeurtenis.meldcode_veiligheidsplan")
	case wijkregie.MeldcodeEventClosed:
		return h.t("casus.gebeurtenis.meldcode_uitkomst", "uitkomst", h.label("meldcode.uitkomst.", e.To))
	}
	return h.label("casus.gebeurtenis.", e.Kind)
}

// partyName names a betrokkene: the user when one is named, else the
// organisation.
func (h *Handler) partyName(v *app.CaseView, userID, orgID string) string {
	if u := v.Users[userID]; u != nil {
		return u.Name
	}
	return h.orgName(v, orgID)
}

func (h *Handler) orgName(v *app.CaseView, id string) string {
	if n, ok := v.Organisations[id]; ok {
		return n
	}
	return h.t("leeg.onbekend")
}

// Form prefixes of the case page: several forms share it, so their ids
// must differ.
const (
	statusPrefix     = "status-"
	levelPrefix      = "niveau-"
	partyPrefix      = "betrokkene-"
	escalatePrefix   = "opschaling-"
	enforcePrefix    = "doorzetting-"
	answerPrefixHead = "antwoord-"
)

func answerPrefix(escalationID string) string { return answerPrefixHead + escalationID + "-" }

func (h *Handler) showCase(w http.ResponseWriter, r *http.Request) error {
	return h.casePage(w, r, http.StatusOK, r.PathValue("id"), nil)
}

// casePage renders the case page with the status; failed is a form that
// came back with errors (identified by its prefix), shown in place of its
// empty twin.
func (h *Handler) casePage(w http.ResponseWriter, r *http.Request, status int, id string, failed *form) error {
	ctx, actor := r.Context(), request.Actor(r)
	cv, err := h.svc.Case(ctx, actor, id)
	if err != nil {
		// One outside the case may take emergency access (noodtoegang.go).
		if h.offersEmergencyAccess(r, id, err) {
			return h.noAccessPage(w, r, http.StatusForbidden, id, nil)
		}
		return err
	}
	c := cv.Case
	v := caseView{CaseView: cv}
	if e, err := h.svc.CurrentEmergencyAccess(ctx, actor, id); err == nil {
		v.Emergency = e
	} else if wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
		return err
	}
	if t, err := h.svc.Team(ctx, actor, c.TeamID); err == nil {
		v.Team = t.Name
	} else if wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
		return err
	}
	v.Members = memberRows(cv.Members, cv.Persons)
	// The history, newest first.
	for i := len(cv.Events) - 1; i >= 0; i-- {
		e := cv.Events[i]
		row := eventRow{Event: e, Text: h.eventText(cv, e), By: h.userName(cv, e.By)}
		if e.Kind == wijkregie.EventLevel || e.Kind == wijkregie.EventStatus || e.Kind == wijkregie.EventCoordinator {
			row.Reason = h.caseText(e.Reason)
		}
		v.Events = append(v.Events, row)
	}
	for _, a := range cv.Assignments {
		v.Regisseurs = append(v.Regisseurs, assignmentRow{Assignment: a, Name: h.userName(cv, a.UserID), AssignedBy: h.userName(cv, a.AssignedBy)})
	}
	if cur := cv.Current(); cur != nil {
		v.Current = &assignmentRow{Assignment: *cur, Name: h.userName(cv, cur.UserID), AssignedBy: h.userName(cv, cur.AssignedBy)}
	}
	for _, p := range cv.Parties {
		v.Parties = append(v.Parties, partyRow{Party: p, Name: h.partyName(cv, p.UserID, p.OrganisationID), IsUser: p.UserID != "",
			AddedBy: h.userName(cv, p.AddedBy), End: cv.CanChange && p.Until.IsZero()})
	}
	for _, e := range cv.Escalations {
		row := escalationRow{Escalation: e, Organisation: h.orgName(cv, e.OrganisationID), RaisedBy: h.userName(cv, e.RaisedBy)}
		if cv.CanUseMandate && e.Status != wijkregie.EscalationSettled {
			row.AnswerForm = newForm(answerPrefix(e.ID), answerFields)
			row.AnswerForm.Values.Set("antwoord", e.Answer)
			row.AnswerForm.Values.Set("uitkomst", e.Outcome)
			if failed != nil && failed.Prefix == row.AnswerForm.Prefix {
				row.AnswerForm = failed
			}
		}
		v.Escalations = append(v.Escalations, row)
	}
	for _, e := range cv.Enforcements {
		row := enforcementRow{Enforcement: e, DecidedBy: h.userName(cv, e.DecidedBy)}
		for _, o := range e.OrganisationIDs {
			row.Organisations = append(row.Organisations, h.orgName(cv, o))
		}
		v.Enforce = append(v.Enforce, row)
	}
	pick := func(prefix string, fields []field) *form {
		if failed != nil && failed.Prefix == prefix {
			return failed
		}
		return newForm(prefix, fields)
	}
	if cv.CanChange || cv.CanUseMandate {
		orgs := make([]option, 0, len(cv.Organisations))
		for oid, name := range cv.Organisations {
			orgs = append(orgs, option{Value: oid, Text: name})
		}
		slices.SortFunc(orgs, func(a, b option) int {
			if a.Text < b.Text {
				return -1
			}
			if a.Text > b.Text {
				return 1
			}
			return 0
		})
		v.OrganisationOptions = append([]option{{Value: "", Text: h.t("keuze.kies")}}, orgs...)
		v.OrganisationChecks = orgs
	}
	if cv.CanChange {
		v.Status, v.Level, v.Party = pick(statusPrefix, statusFields), pick(levelPrefix, levelFields), pick(partyPrefix, partyFields)
		var next []string
		for _, s := range wijkregie.CaseStatuses {
			// Closing records the outcome on its own page (afsluiten).
			if c.Status.CanMoveTo(s) && s != wijkregie.CaseClosed {
				next = append(next, string(s))
			}
		}
		v.StatusOptions = h.enumOptions("casus.status.", "keuze.kies", next)
		var levels []string
		for _, l := range wijkregie.CaseLevels {
			if l != c.Level {
				levels = append(levels, string(l))
			}
		}
		v.LevelOptions = h.enumOptions("casus.niveau.", "keuze.kies", levels)
		v.RoleOptions = h.enumOptions("casus.rol.", "keuze.kies", strs(wijkregie.PartyRoles))
		if v.UserOptions, err = h.partyUsers(ctx, actor, c.TeamID); err != nil {
			return err
		}
	}
	if cv.CanUseMandate {
		v.Escalate, v.Enforcement = pick(escalatePrefix, escalationFields), pick(enforcePrefix, enforceFields)
		v.KindOptions = h.enumOptions("casus.doorzetting.", "keuze.kies", strs(wijkregie.EnforcementKinds))
		v.AnswerOptions = h.enumOptions("casus.opschaling.status.", "keuze.kies",
			[]string{string(wijkregie.EscalationAnswered), string(wijkregie.EscalationSettled)})
	}
	v.Ground, v.PartnerPart = h.groundSection(r, cv, failed), h.partnerSection(r, cv, failed)
	if v.Handover, err = h.handoverSection(r, cv); err != nil { // overdracht.go
		return err
	}
	if v.MijnPlan, err = h.mijnPlanCaseBlock(r, cv); err != nil {
		return err
	}
	p := newPage(r, "titel.casus", "casussen", v)
	if failed != nil && failed.Invalid() {
		p.Invalid = failed
	}
	return h.render(w, r, status, "casus", p)
}

// partyUsers are the users who can be named betrokkene: the active
// professionals and team leads of the case's team, and the partners'
// staff. Not every user of the municipality: a large one has thousands,
// and a list of the first 200 by name left most colleagues out.
func (h *Handler) partyUsers(ctx context.Context, actor wijkregie.Actor, teamID string) ([]option, error) {
	team, _, err := h.svc.Users(ctx, actor, store.UserFilter{TeamID: teamID, Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		return nil, err
	}
	partners, _, err := h.svc.Users(ctx, actor, store.UserFilter{Role: wijkregie.RolePartner, Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		return nil, err
	}
	opts := []option{{Value: "", Text: h.t("casus.keuze.geen_medewerker")}}
	for _, u := range append(team, partners...) {
		if u.Active && (u.Role == wijkregie.RoleProfessional || u.Role == wijkregie.RoleTeamLead || u.Role == wijkregie.RolePartner) {
			opts = append(opts, option{Value: u.ID, Text: u.Name + " (" + h.label("rol.", u.Role) + ")"})
		}
	}
	return opts, nil
}

// version reads the case version a form was made from. A form without
// one cannot prove it saw the case: -1 makes it a conflict (0 would mean
// "do not check" to the use case).
func version(r *http.Request) int {
	n, err := strconv.Atoi(formValue(r, "versie"))
	if err != nil || n < 1 {
		return -1
	}
	return n
}

// readForm copies the posted fields into a new form.
func readForm(r *http.Request, prefix string, fields []field) *form {
	f := newForm(prefix, fields)
	for _, fl := range fields {
		f.Values.Set(fl.name, formValue(r, fl.name))
	}
	return f
}

// caseChanged answers a case form: back to the case with the message on
// success, the case page with the form and its errors otherwise.
func (h *Handler) caseChanged(w http.ResponseWriter, r *http.Request, f *form, err error, flash string) error {
	id := r.PathValue("id")
	if err != nil {
		if status, ok := h.formFailure(f, err); ok {
			return h.casePage(w, r, status, id, f)
		}
		return err
	}
	return h.redirect(w, r, "/casussen/"+id, flash)
}

func (h *Handler) moveCase(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readForm(r, statusPrefix, statusFields)
	_, err := h.svc.MoveCase(r.Context(), request.Actor(r), r.PathValue("id"), version(r),
		wijkregie.CaseStatus(f.Value("status")), f.Value("reden"))
	return h.caseChanged(w, r, f, err, "melding.casus.status")
}

func (h *Handler) scaleCase(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readForm(r, levelPrefix, levelFields)
	_, err := h.svc.ScaleCase(r.Context(), request.Actor(r), r.PathValue("id"), version(r), wijkregie.CaseLevel(f.Value("niveau")), f.Value("reden"))
	return h.caseChanged(w, r, f, err, "melding.casus.niveau")
}

func (h *Handler) addParty(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readForm(r, partyPrefix, partyFields)
	p := &wijkregie.Party{UserID: f.Value("medewerker"), OrganisationID: f.Value("organisatie"), Role: wijkregie.PartyRole(f.Value("rol")), Note: f.Value("notitie")}
	_, err := h.svc.AddParty(r.Context(), request.Actor(r), r.PathValue("id"), p)
	return h.caseChanged(w, r, f, err, "melding.casus.betrokkene")
}

func (h *Handler) endParty(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	_, err := h.svc.EndParty(r.Context(), request.Actor(r), r.PathValue("id"), r.PathValue("betrokkene"))
	return h.caseChanged(w, r, newForm(partyPrefix, partyFields), err, "melding.casus.betrokkene_einde")
}

func (h *Handler) escalate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readForm(r, escalatePrefix, escalationFields)
	e := &wijkregie.Escalation{OrganisationID: f.Value("organisatie"), ToWhom: f.Value("aan"), About: f.Value("onderwerp")}
	_, err := h.svc.Escalate(r.Context(), request.Actor(r), r.PathValue("id"), e)
	return h.caseChanged(w, r, f, err, "melding.casus.opschaling")
}

func (h *Handler) answerEscalation(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	eid := r.PathValue("opschaling")
	f := readForm(r, answerPrefix(eid), answerFields)
	_, err := h.svc.AnswerEscalation(r.Context(), request.Actor(r), r.PathValue("id"), eid, version(r),
		f.Value("antwoord"), f.Value("uitkomst"), wijkregie.EscalationStatus(f.Value("status")))
	return h.caseChanged(w, r, f, err, "melding.casus.opschaling_antwoord")
}

func (h *Handler) enforce(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readForm(r, enforcePrefix, enforceFields)
	var orgs []string
	for _, o := range r.PostForm["organisaties"] {
		if o != "" && !slices.Contains(orgs, o) {
			orgs = append(orgs, o)
		}
	}
	f.Values["organisaties"] = orgs
	e := &wijkregie.Enforcement{Kind: wijkregie.EnforcementKind(f.Value("soort")), Decision: f.Value("besluit"), Reason: f.Value("motivering"), OrganisationIDs: orgs}
	_, err := h.svc.Enforce(r.Context(), request.Actor(r), r.PathValue("id"), e)
	return h.caseChanged(w, r, f, err, "melding.casus.doorzettingsmacht")
}

// assignView is the team lead's choice of regisseur: the candidates
// ranked, with the numbers behind the rank, and the mandate.
type assignView struct {
	Case       *wijkregie.Case
	Household  *wijkregie.Household
	Current    string // the current regisseur's name, "" for none
	Candidates []candidateRow
	Settings   wijkregie.Settings
	Form       *form
}

type candidateRow struct {
	app.Candidate
	Current                  bool
	Light, Intensive, Safety int        // open cases per level
	Option                   optionView // the radio button
}

func (h *Handler) assignForm(w http.ResponseWriter, r *http.Request) error {
	return h.assignPage(w, r, http.StatusOK, r.PathValue("id"), nil)
}

// assignPage renders the regisseur page; f is the form as posted (nil:
// the standard mandate, from today, escalating to the team lead).
func (h *Handler) assignPage(w http.ResponseWriter, r *http.Request, status int, id string, f *form) error {
	ctx, actor := r.Context(), request.Actor(r)
	cv, err := h.svc.Case(ctx, actor, id)
	if err != nil {
		return err
	}
	if !cv.CanAssign {
		// The lead of another team, or a closed case.
		if !cv.Case.Open() {
			return wijkregie.Conflict("fout.casus.gesloten")
		}
		return wijkregie.Forbidden()
	}
	cands, err := h.svc.Candidates(ctx, actor, id)
	if err != nil {
		return err
	}
	if f == nil {
		f = newForm("", assignFields)
		f.Values.Set("vanaf", h.today())
		f.Values.Set("bevoegdheden", wijkregie.DefaultMandate)
		if u := request.User(r); u != nil {
			team := ""
			if t, err := h.svc.Team(ctx, actor, cv.Case.TeamID); err == nil {
				team = t.Name
			}
			f.Values.Set("escalatie", h.t("casus.mandaat.escalatie_standaard", "naam", u.Name, "team", team))
		}
	}
	v := assignView{Case: cv.Case, Household: cv.Household, Form: f}
	if cur := cv.Current(); cur != nil {
		v.Current = h.userName(cv, cur.UserID)
	}
	set, err := h.svc.Settings(ctx, actor)
	if err != nil {
		return err
	}
	v.Settings = set
	for i, c := range cands {
		id := f.ID("regisseur")
		if i > 0 {
			id += "-" + c.User.ID
		}
		v.Candidates = append(v.Candidates, candidateRow{Candidate: c, Current: c.User.ID == cv.Case.CoordinatorID,
			Light: c.Cases[wijkregie.LevelLight], Intensive: c.Cases[wijkregie.LevelIntensive], Safety: c.Cases[wijkregie.LevelSafety],
			Option: optionView{ID: id, Value: c.User.ID, Text: c.User.Name, Selected: f.Value("regisseur") == c.User.ID}})
	}
	p := newPage(r, "titel.regisseur", "casussen", v)
	if f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "regisseur", p)
}

func (h *Handler) assign(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id := r.PathValue("id")
	f := readForm(r, "", assignFields)
	in := app.AssignInput{UserID: f.Value("regisseur"), Reason: f.Value("reden"), Decide: f.Value("bevoegdheden"), EscalateTo: f.Value("escalatie")}
	// The use case fills an empty mandate with the standard one and an
	// empty date with today; on this form the team lead sees and sends
	// both, so an empty one is a mistake to point out, not to fill in.
	from, err := wijkregie.ParseDate(f.Value("vanaf"))
	switch {
	case f.Value("vanaf") == "":
		f.Errors = append(f.Errors, wijkregie.FieldError{Name: "vanaf", Message: "veld.verplicht"})
	case err != nil:
		f.Errors = append(f.Errors, wijkregie.FieldError{Name: "vanaf", Message: "veld.datum"})
	}
	in.From = from
	if in.Decide == "" {
		f.Errors = append(f.Errors, wijkregie.FieldError{Name: "bevoegdheden", Message: "veld.verplicht"})
	}
	if len(f.Errors) > 0 {
		// Name the other empty fields too, as the use case would.
		if in.UserID == "" {
			f.Errors = append([]wijkregie.FieldError{{Name: "regisseur", Message: "veld.verplicht"}}, f.Errors...)
		}
		if in.EscalateTo == "" {
			f.Errors = append(f.Errors, wijkregie.FieldError{Name: "escalatie", Message: "veld.verplicht"})
		}
		return h.assignPage(w, r, http.StatusUnprocessableEntity, id, f)
	}
	if _, err := h.svc.AssignCoordinator(r.Context(), request.Actor(r), id, version(r), in); err != nil {
		err = unprefixed(err, "mandaat.") // the mandate's fields: bevoegdheden, escalatie, vanaf
		if status, ok := h.formFailure(f, err); ok {
			return h.assignPage(w, r, status, id, f)
		}
		return err
	}
	return h.redirect(w, r, "/casussen/"+id, "melding.casus.regisseur")
}
