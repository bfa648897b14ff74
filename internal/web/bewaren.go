package web

import (
	"net/http"
	"strconv"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
)

// Bewaartermijnen: the municipality's retention periods with their legal
// sources. Beheer changes them; the privacy officer reads them. Both may
// try a dry run, which shows how many records of each kind the next run
// would anonymise or remove — counts, never records.

// retentionFields are the form's fields, named as the use case names
// them (wijkregie.RetentionPeriods.Validate).
var retentionFields = []field{
	{"jeugddossierJaren", "bewaren.label.jeugd_jaren"}, {"jeugddossierMaanden", "bewaren.label.jeugd_maanden"},
	{"sociaalDossierJaren", "bewaren.label.sociaal_jaren"}, {"sociaalDossierMaanden", "bewaren.label.sociaal_maanden"},
	{"signaalJaren", "bewaren.label.signaal_jaren"}, {"signaalMaanden", "bewaren.label.signaal_maanden"},
}

// retentionView is the page: the periods, for beheer the form, and after
// a dry run its report.
type retentionView struct {
	Periods   wijkregie.RetentionPeriods
	UpdatedBy string
	Form      *form // nil for those who may only read
	DryRun    *wijkregie.RetentionReport
	Kinds     []retentionRow
}

// retentionRow is one line of a dry run's table.
type retentionRow struct {
	Label string // catalogue key
	Count int
}

// retentionValues are the periods' numbers in the form's order.
func retentionValues(r *wijkregie.RetentionPeriods) []*int {
	return []*int{&r.YouthCase.Years, &r.YouthCase.Months, &r.SocialCase.Years, &r.SocialCase.Months, &r.Signal.Years, &r.Signal.Months}
}

func (h *Handler) retention(w http.ResponseWriter, r *http.Request) error {
	return h.retentionPage(w, r, http.StatusOK, nil, nil)
}

// retentionPage renders the page with the status; f is the form as
// posted (nil: filled from the periods), dry a dry run's report.
func (h *Handler) retentionPage(w http.ResponseWriter, r *http.Request, status int, f *form, dry *wijkregie.RetentionReport) error {
	ctx, actor := r.Context(), request.Actor(r)
	p, err := h.svc.RetentionPeriods(ctx, actor)
	if err != nil {
		return err
	}
	v := retentionView{Periods: p, DryRun: dry}
	if p.UpdatedBy != "" {
		if u, err := h.svc.User(ctx, actor, p.UpdatedBy); err == nil {
			v.UpdatedBy = u.Name
		} else if wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND && wijkregie.ErrorCode(err) != wijkregie.EFORBIDDEN {
			return err
		}
	}
	if dry != nil {
		v.Kinds = []retentionRow{
			{"bewaren.soort.jeugddossier", dry.YouthCases.Expired}, {"bewaren.soort.sociaaldossier", dry.SocialCases.Expired},
			{"bewaren.soort.signaal", dry.Signals.Expired}, {"bewaren.soort.huishouden", dry.Households.Expired},
			{"bewaren.soort.persoon", dry.Persons.Expired}, {"bewaren.soort.toestemming", dry.Consents.Expired},
		}
	}
	if policy.Allows(actor, policy.ManageRetention) {
		if f == nil {
			f = newForm("", retentionFields)
			for i, n := range retentionValues(&p) {
				f.Values.Set(retentionFields[i].name, strconv.Itoa(*n))
			}
		}
		v.Form = f
	}
	pg := newPage(r, "bewaren.titel", "bewaartermijnen", v)
	if f != nil && f.Invalid() {
		pg.Invalid = f
	}
	return h.render(w, r, status, "bewaartermijnen", pg)
}

func (h *Handler) saveRetention(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := readForm(r, "", retentionFields)
	// Version 0 is the platform's defaults, never saved yet; a form
	// without a version cannot prove what it saw (-1: a conflict).
	ver, err := strconv.Atoi(formValue(r, "versie"))
	if err != nil || ver < 0 {
		ver = -1
	}
	p := wijkregie.RetentionPeriods{Version: ver}
	for i, n := range retentionValues(&p) {
		v, err := strconv.Atoi(f.Value(retentionFields[i].name))
		if err != nil {
			v = -1 // not a whole number: outside every range, which Validate names
		}
		*n = v
	}
	if err := h.svc.SaveRetentionPeriods(r.Context(), request.Actor(r), &p); err != nil {
		if status, ok := h.formFailure(f, err); ok {
			return h.retentionPage(w, r, status, f, nil)
		}
		return err
	}
	return h.redirect(w, r, "/bewaartermijnen", "bewaren.opgeslagen")
}

// retentionDryRun counts what the next run would do and shows it on the
// page. It changes nothing, so it answers the POST with the page itself.
func (h *Handler) retentionDryRun(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	rep, err := h.svc.RunRetention(r.Context(), request.Actor(r), true, nil)
	if err != nil {
		return err
	}
	return h.retentionPage(w, r, http.StatusOK, nil, rep)
}
