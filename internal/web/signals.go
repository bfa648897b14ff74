package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/store"
)

// signalFields are the signal form's fields in the order it shows them.
// "onderwerp" has no control of its own: its error stands beside the
// subject's fieldset.
var signalFields = append(append([]field{{"soort", "label.signaal.soort"}, {"onderwerp", "label.signaal.onderwerp"}}, addressFields...),
	field{"bron", "label.signaal.bron"}, field{"melder_naam", "label.signaal.melder_naam"},
	field{"melder_contact", "label.signaal.melder_contact"}, field{"anoniem", "label.signaal.anoniem"},
	field{"domeinen", "label.domeinen"}, field{"omschrijving", "label.omschrijving"}, field{"urgentie", "label.signaal.urgentie"})

// signalFormView is the "Nieuw signaal" form.
type signalFormView struct {
	Form      *form
	Person    *store.PersonMatch // the subject when picked from a search
	Kinds     []option
	Sources   []option
	Urgencies []option
	Domains   []option
}

func (h *Handler) enumOptions(prefix, choose string, codes []string) []option {
	opts := []option{{Value: "", Text: h.t(choose)}}
	for _, c := range codes {
		opts = append(opts, option{Value: c, Text: h.label(prefix, c)})
	}
	return opts
}

func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

func (h *Handler) signalForm(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	v := signalFormView{Form: f, Domains: h.domainOptions(),
		Kinds:     h.enumOptions("signaalsoort.", "keuze.kies", strs(wijkregie.SignalKinds)),
		Sources:   h.enumOptions("bron.", "keuze.kies", strs(wijkregie.SourceKinds)),
		Urgencies: h.enumOptions("urgentie.", "keuze.kies", strs(wijkregie.Urgencies))}
	if id := f.Value("persoon"); id != "" {
		m, err := h.svc.FoundPerson(r.Context(), request.Actor(r), id)
		if err != nil {
			return err
		}
		v.Person = m
	}
	p := newPage(r, "titel.signaal.nieuw", "signalen", v)
	if f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "signaal-nieuw", p)
}

func (h *Handler) newSignal(w http.ResponseWriter, r *http.Request) error {
	f := newForm("", signalFields)
	f.Values.Set("urgentie", string(wijkregie.UrgencyNormal))
	if id := r.URL.Query().Get("persoon"); id != "" && policy.Allows(request.Actor(r), policy.SearchPersons) {
		f.Values.Set("persoon", id)
	}
	return h.signalForm(w, r, http.StatusOK, f)
}

func (h *Handler) createSignal(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm("", signalFields)
	for _, name := range []string{"soort", "persoon", "straat", "huisnummer", "huisnummertoevoeging", "postcode", "woonplaats",
		"bron", "melder_naam", "melder_contact", "omschrijving", "urgentie"} {
		f.Values.Set(name, formValue(r, name))
	}
	var domains []string
	for _, d := range r.PostForm["domeinen"] {
		if !slices.Contains(domains, d) {
			domains = append(domains, d)
		}
	}
	f.Values["domeinen"] = domains
	f.Values["anoniem"] = boolValue(checked(r, "anoniem"))
	sig := &wijkregie.Signal{Kind: wijkregie.SignalKind(f.Value("soort")), PersonID: f.Value("persoon"),
		SourceKind: wijkregie.SourceKind(f.Value("bron")), ReporterName: f.Value("melder_naam"), ReporterContact: f.Value("melder_contact"),
		AnonymousToFamily: checked(r, "anoniem"), Domains: domains, Description: f.Value("omschrijving"), Urgency: wijkregie.Urgency(f.Value("urgentie"))}
	var addr *wijkregie.Address
	if sig.PersonID == "" && (f.Value("straat") != "" || f.Value("huisnummer") != "" || f.Value("postcode") != "" || f.Value("woonplaats") != "") {
		n, _ := strconv.Atoi(f.Value("huisnummer")) // not a number: 0, which Validate names
		addr = &wijkregie.Address{Street: f.Value("straat"), Number: n, Addition: f.Value("huisnummertoevoeging"),
			Postcode: f.Value("postcode"), Town: f.Value("woonplaats")}
	}
	if err := h.svc.CreateSignal(r.Context(), request.Actor(r), sig, addr); err != nil {
		if f.fail(unprefixed(err, "adres.")) {
			return h.signalForm(w, r, http.StatusUnprocessableEntity, f)
		}
		return err
	}
	return h.redirect(w, r, "/signalen/"+sig.ID, "melding.signaal.aangemaakt")
}

// unprefixed names the address's fields as the form does: the use case
// names them by their place in a signal (adres.postcode).
func unprefixed(err error, prefix string) error {
	var e *wijkregie.Error
	if !errors.As(err, &e) {
		return err
	}
	c := *e
	c.Fields = slices.Clone(e.Fields)
	for i := range c.Fields {
		c.Fields[i].Name = strings.TrimPrefix(c.Fields[i].Name, prefix)
	}
	return &c
}

// signalView is one signal with its matches.
type signalView struct {
	*app.SignalView
	Team    string
	Overdue bool
}

func (h *Handler) signal(w http.ResponseWriter, r *http.Request) error {
	actor := request.Actor(r)
	sv, err := h.svc.Signal(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	teams, err := h.teamNames(r.Context(), actor)
	if err != nil {
		return err
	}
	v := signalView{SignalView: sv, Team: teams[sv.Signal.TeamID], Overdue: h.svc.Now().After(sv.Signal.TriageDeadline)}
	return h.render(w, r, http.StatusOK, "signaal", newPage(r, "titel.signaal", "signalen", v))
}

// signalTable is a table of a household's signals.
type signalTable struct {
	ID      string // prefix of the table's element ids
	Caption string // catalogue key
	Signals []wijkregie.Signal
}

// signalsView is the team's signal list, by triage deadline, with its
// filter (signals_filter.go).
type signalsView struct {
	Rows                     []signalRow
	Pager                    pager
	Filter                   *form
	Teams, Sources, Outcomes []option
	Active                   []string // the filters that narrow the list, in words
	Invalid                  bool     // a filter is wrong: no list is shown
}

type signalRow struct {
	wijkregie.Signal
	Team    string
	Overdue bool
}

func (h *Handler) signals(w http.ResponseWriter, r *http.Request) error {
	ctx, actor := r.Context(), request.Actor(r)
	pg, n := pageParam(r)
	filter := newForm("filter-", signalFilterFields)
	sf := store.SignalFilter{Page: pg}
	v := signalsView{Filter: filter}
	if err := h.signalFilters(ctx, actor, r.URL.Query(), &sf, filter, &v); err != nil {
		if !filter.fail(err) {
			return err
		}
		v.Invalid = true
		return h.badFilter(w, r, filter, "titel.signalen", "signalen", v)
	}
	sigs, total, err := h.svc.Signals(ctx, actor, sf)
	if err != nil {
		return err
	}
	teams := map[string]string{}
	for _, t := range v.Teams[1:] {
		teams[t.Value] = t.Text
	}
	now := h.svc.Now()
	v.Pager = newPager(r, n, total)
	for _, s := range sigs {
		v.Rows = append(v.Rows, signalRow{Signal: s, Team: teams[s.TeamID], Overdue: now.After(s.TriageDeadline)})
	}
	return h.render(w, r, http.StatusOK, "signalen", newPage(r, "titel.signalen", "signalen", v))
}

// inboxView is the user's own notifications.
type inboxView struct {
	*app.Inbox
	Pager pager
}

func (h *Handler) inbox(w http.ResponseWriter, r *http.Request) error {
	pg, n := pageParam(r)
	in, err := h.svc.Notifications(r.Context(), request.Actor(r), pg)
	if err != nil {
		return err
	}
	v := inboxView{Inbox: in, Pager: newPager(r, n, in.Total)}
	return h.render(w, r, http.StatusOK, "inbox", newPage(r, "titel.inbox", "inbox", v))
}

func (h *Handler) markRead(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.svc.MarkNotification(r.Context(), request.Actor(r), r.PathValue("id"), true); err != nil {
		return err
	}
	return h.redirect(w, r, "/inbox", "melding.inbox.gelezen")
}
