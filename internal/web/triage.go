package web

import (
	"net/http"
	"net/url"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/request"
)

// Triage: the team's queue of signals waiting for a decision, and the
// screen on which one is decided, with the suggestion of the
// municipality's rules and the reasons it gives.

// triageFields are the decision form's fields in page order.
var triageFields = []field{
	{"besluit", "triage.label.besluit"}, {"verwijzing", "triage.label.verwijzing"}, {"antwoord", "triage.label.antwoord"},
	{"niveau", "triage.label.niveau"}, {"reden", "triage.label.reden"},
}

// queueView is the team's triage queue.
type queueView struct {
	Rows    []app.QueueItem
	Pager   pager
	Filter  *form
	Overdue bool // only the signals past their term
	Invalid bool // the filter is wrong: no list is shown
}

// queueOverdueParam filters the queue to the signals past their term, as
// the workload's "triage te laat" counts them (docs/uitkomsten.md,
// "Doorklikken").
const queueOverdueParam = "te-laat"

var queueFilterFields = []field{{queueOverdueParam, "triage.label.te_laat"}}

func (h *Handler) triageQueue(w http.ResponseWriter, r *http.Request) error {
	pg, n := pageParam(r)
	v := queueView{Filter: newForm("filter-", queueFilterFields)}
	switch r.URL.Query().Get(queueOverdueParam) {
	case "":
	case yes:
		v.Overdue = true
		v.Filter.Values.Set(queueOverdueParam, yes)
	default:
		v.Filter.Errors = []wijkregie.FieldError{{Name: queueOverdueParam, Message: "veld.keuze"}}
		v.Invalid = true
		p := newPage(r, "titel.triage", "triage", v)
		p.Invalid = v.Filter
		return h.render(w, r, http.StatusBadRequest, "triage", p)
	}
	items, total, err := h.svc.FilteredTriageQueue(r.Context(), request.Actor(r), app.TriageQueueFilter{OverdueOnly: v.Overdue, Page: pg})
	if err != nil {
		return err
	}
	v.Rows, v.Pager = items, newPager(r, n, total)
	return h.render(w, r, http.StatusOK, "triage", newPage(r, "titel.triage", "triage", v))
}

// triageView is the triage screen: what is known about the signal and
// its family, the suggestion with its reasons, and the decision (the
// form, or the decision taken).
type triageView struct {
	*app.TriageView
	Team      string
	Overdue   bool // the signal awaits triage past its deadline
	Members   []memberRow
	Reasons   []string        // the suggestion's reasons, in words
	SearchURL string          // the sociale kaart, searched for the signal's first domain near the family
	CaseLinks map[string]bool // the cases the actor may open, by id

	Form           *form
	Decisions      []option
	ServiceOptions []option // the services suggested for a referral, and none
	Levels         []option

	// The decision taken, in words.
	DecidedBy      string
	DecidedReasons []string
	Service        *wijkregie.Service // the referral
}

// EarlierTable is the table of the household's other signals.
func (v triageView) EarlierTable() signalTable {
	return signalTable{ID: "eerder", Caption: "triage.eerder.bijschrift", Signals: v.Earlier}
}

// reason renders a rule that fired: its catalogue key with the figures.
func (h *Handler) reason(r wijkregie.Reason) string {
	args := []any{}
	for i, name := range []string{"aantal", "drempel"} {
		if i < len(r.Args) {
			args = append(args, name, r.Args[i])
		}
	}
	return h.t(r.Key, args...)
}

func (h *Handler) triageScreen(w http.ResponseWriter, r *http.Request) error {
	return h.triagePage(w, r, http.StatusOK, r.PathValue("id"), nil)
}

// triagePage renders the triage screen with the status; f is the decision
// form as posted (nil: empty).
func (h *Handler) triagePage(w http.ResponseWriter, r *http.Request, status int, id string, f *form) error {
	ctx, actor := r.Context(), request.Actor(r)
	tv, err := h.svc.TriageScreen(ctx, actor, id)
	if err != nil {
		return err
	}
	teams, err := h.teamNames(ctx, actor)
	if err != nil {
		return err
	}
	sig := tv.Signal
	v := triageView{TriageView: tv, Team: teams[sig.TeamID], Overdue: !sig.Status.Triaged() && h.svc.Now().After(sig.TriageDeadline),
		CaseLinks: map[string]bool{}}
	for _, c := range tv.Cases {
		v.CaseLinks[c.ID] = h.svc.CanViewCase(ctx, actor, c.ID)
	}
	if d := tv.Decided; d != nil && d.CaseID != "" {
		v.CaseLinks[d.CaseID] = h.svc.CanViewCase(ctx, actor, d.CaseID)
	}
	v.Members = memberRows(tv.Members, tv.Persons)
	for _, rs := range tv.Reasons {
		v.Reasons = append(v.Reasons, h.reason(rs))
	}
	q := url.Values{}
	if len(sig.Domains) > 0 {
		q.Set("domein", sig.Domains[0])
	}
	if tv.Household != nil {
		q.Set("postcode", tv.Household.Address.Postcode)
	}
	v.SearchURL = "/sociale-kaart?" + q.Encode()
	if d := tv.Decided; d != nil {
		if u, err := h.svc.User(ctx, actor, d.DecidedBy); err == nil {
			v.DecidedBy = u.Name
		} else if wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			return err
		}
		for _, s := range d.SuggestedWhy {
			v.DecidedReasons = append(v.DecidedReasons, h.reason(wijkregie.ParseReason(s)))
		}
		if d.ServiceID != "" {
			if v.Service, err = h.svc.Service(ctx, actor, d.ServiceID); err != nil && wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
				return err
			}
		}
	}
	if tv.CanDecide {
		v.Decisions = h.codeOptions("triagebesluit.", strs(wijkregie.TriageDecisions))
		v.Levels = h.codeOptions("casus.niveau.", []string{string(wijkregie.LevelLight), string(wijkregie.LevelIntensive)})
		for _, sv := range tv.Services {
			v.ServiceOptions = append(v.ServiceOptions, option{Value: sv.ID, Text: sv.Name})
		}
		v.ServiceOptions = append(v.ServiceOptions, option{Value: "", Text: h.t("triage.verwijzing.geen")})
		if f == nil {
			f = newForm("", triageFields)
			f.Values.Set("niveau", string(wijkregie.LevelLight))
		}
		v.Form = f
	}
	p := newPage(r, "titel.triage.signaal", "triage", v)
	if f != nil && f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "triage-signaal", p)
}

// codeOptions are the choices of a radio group or select without an
// empty first choice.
func (h *Handler) codeOptions(prefix string, codes []string) []option {
	opts := make([]option, 0, len(codes))
	for _, c := range codes {
		opts = append(opts, option{Value: c, Text: h.label(prefix, c)})
	}
	return opts
}

// decideTriage records the team's decision. A signal that joins a case
// takes a team lead to that case, to assign its regisseur; everyone else
// goes back to the queue for the next signal, with what happened in
// words. The case page decides again who may see it.
func (h *Handler) decideTriage(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	ctx, actor, id := r.Context(), request.Actor(r), r.PathValue("id")
	f := newForm("", triageFields)
	for _, fl := range triageFields {
		f.Values.Set(fl.name, formValue(r, fl.name))
	}
	in := app.TriageInput{SignalID: id, Decision: wijkregie.TriageDecision(f.Value("besluit")), Reason: f.Value("reden")}
	// What belongs to another decision than the one chosen is left out:
	// a user may have picked a service before deciding it is meervoudig.
	switch in.Decision {
	case wijkregie.DecisionSimple:
		in.ServiceID, in.Answer = f.Value("verwijzing"), f.Value("antwoord")
	case wijkregie.DecisionMultiple:
		in.Level = wijkregie.CaseLevel(f.Value("niveau"))
	}
	if in.ServiceID != "" && !wijkregie.ValidID(in.ServiceID) {
		f.Errors = []wijkregie.FieldError{{Name: "verwijzing", Message: "veld.triage.verwijzing_onbekend"}}
		return h.triagePage(w, r, http.StatusUnprocessableEntity, id, f)
	}
	t, err := h.svc.Triage(ctx, actor, in)
	if err != nil {
		if status, ok := h.formFailure(f, err); ok {
			return h.triagePage(w, r, status, id, f)
		}
		return err
	}
	switch {
	case t.CaseID != "" && h.svc.CanViewCase(ctx, actor, t.CaseID):
		return h.redirect(w, r, "/casussen/"+t.CaseID, "melding.triage.casus")
	case t.CaseID != "":
		return h.redirect(w, r, "/triage", "melding.triage.casus_teamleider")
	case t.ServiceID != "":
		return h.redirect(w, r, "/triage", "melding.triage.verwezen")
	case t.Decision == wijkregie.DecisionSimple:
		return h.redirect(w, r, "/triage", "melding.triage.beantwoord")
	}
	return h.redirect(w, r, "/triage", "melding.triage.geen_actie")
}
