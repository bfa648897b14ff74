package web

import (
	"net/http"
	"strconv"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
)

// The municipality's own choices for triage and caseload: the team reads
// them (the triage screen links here to explain its suggestion), beheer
// changes them.

// settingsFields are the settings form's fields, named as the use case
// names them.
var settingsFields = []field{
	{"triageTermijnSpoed", "instellingen.label.termijn_spoed"}, {"triageTermijnNormaal", "instellingen.label.termijn_normaal"},
	{"drempelDomeinen", "instellingen.label.drempel_domeinen"}, {"drempelBetrokkenen", "instellingen.label.drempel_betrokkenen"},
	{"gewichtLicht", "instellingen.label.gewicht_licht"}, {"gewichtIntensief", "instellingen.label.gewicht_intensief"},
	{"gewichtVeiligheid", "instellingen.label.gewicht_veiligheid"},
	{"geenContactWeken", "instellingen.label.geen_contact_weken"}, {"meldcodeStapTermijn", "instellingen.label.meldcode_stap_termijn"},
	{"outreachTermijn", "instellingen.label.outreach_termijn"}, {"outreachTermijnDreiging", "instellingen.label.outreach_termijn_dreiging"},
	{"outreachTermijnEindeLevering", "instellingen.label.outreach_termijn_einde_levering"},
	{"urenPerFte", "instellingen.label.uren_per_fte"}, {"normPerFte", "instellingen.label.norm_per_fte"},
}

// settingsView is the settings page: the values, and for beheer the form.
type settingsView struct {
	Settings  wijkregie.Settings
	UpdatedBy string
	Form      *form // nil for those who may only read
}

// settingValues are the settings in the form's order.
func settingValues(s *wijkregie.Settings) []*int {
	return []*int{&s.TriageDaysUrgent, &s.TriageDaysNormal, &s.MultipleDomains, &s.MultipleParties,
		&s.WeightLight, &s.WeightIntensive, &s.WeightSafety, &s.NoContactWeeks, &s.MeldcodeStepDays,
		&s.OutreachDaysNormal, &s.OutreachDaysThreat, &s.OutreachDaysEndOfDelivery, &s.FTEHours, &s.NormPerFTE}
}

func (h *Handler) settings(w http.ResponseWriter, r *http.Request) error {
	return h.settingsPage(w, r, http.StatusOK, nil)
}

// settingsPage renders the settings with the status; f is the form as
// posted (nil: filled from the settings).
func (h *Handler) settingsPage(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	ctx, actor := r.Context(), request.Actor(r)
	set, err := h.svc.Settings(ctx, actor)
	if err != nil {
		return err
	}
	v := settingsView{Settings: set}
	if set.UpdatedBy != "" {
		if u, err := h.svc.User(ctx, actor, set.UpdatedBy); err == nil {
			v.UpdatedBy = u.Name
		} else if wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			return err
		}
	}
	if policy.Allows(actor, policy.ManageSettings) {
		if f == nil {
			f = newForm("", settingsFields)
			for i, p := range settingValues(&set) {
				f.Values.Set(settingsFields[i].name, strconv.Itoa(*p))
			}
		}
		v.Form = f
	}
	p := newPage(r, "titel.instellingen", "instellingen", v)
	if f != nil && f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "instellingen", p)
}

func (h *Handler) saveSettings(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readForm(r, "", settingsFields)
	// Version 0 is the platform's defaults, never saved yet; a form
	// without a version cannot prove what it saw (-1: a conflict).
	ver, err := strconv.Atoi(formValue(r, "versie"))
	if err != nil || ver < 0 {
		ver = -1
	}
	set := wijkregie.Settings{Version: ver}
	for i, p := range settingValues(&set) {
		n, err := strconv.Atoi(f.Value(settingsFields[i].name))
		if err != nil {
			n = -1 // not a whole number: outside every range, which Validate names
		}
		*p = n
	}
	if err := h.svc.SaveSettings(r.Context(), request.Actor(r), &set); err != nil {
		if status, ok := h.formFailure(f, err); ok {
			return h.settingsPage(w, r, status, f)
		}
		return err
	}
	return h.redirect(w, r, "/instellingen", "melding.instellingen.opgeslagen")
}
