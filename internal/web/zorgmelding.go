package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/route"
)

// The public concern form (zorgmelding; docs/zorgmelding.md): a resident
// reports a worry about a family without logging in. The pages need no
// session and look at none (Anonymous): they show the same to everyone,
// and nothing but the municipality's name. The report is posted only,
// so nothing of it lands in a URL; the answer is a redirect to a fixed
// page that confirms receipt and repeats nothing that was sent. The
// limits on abuse (token, submissions per address, sizes) are the use
// case's (app.SubmitConcern); the body's size is bounded here.

// concernMaxBytes bounds the posted form. Every form within the fields'
// limits fits: 4,000 characters of text are at most 48 KB form-encoded
// (an emoji is 4 bytes of UTF-8, 12 percent-encoded), the other fields
// together at most a few KB. Anything larger was not typed into this form.
const concernMaxBytes = 64 << 10

// concernRoutes are the public form's pages.
func (h *Handler) concernRoutes() []route.Route {
	return []route.Route{
		{Pattern: "GET /zorgmelding", Action: policy.Public, Handle: h.concernStart, Anonymous: true},
		{Pattern: "GET /zorgmelding/{gemeente}", Action: policy.Public, Handle: h.concernPage, Anonymous: true},
		{Pattern: "POST /zorgmelding/{gemeente}", Action: policy.Public, Handle: h.submitConcern, Anonymous: true},
		{Pattern: "GET /zorgmelding/{gemeente}/ontvangen", Action: policy.Public, Handle: h.concernReceived, Anonymous: true},
	}
}

// concernFields are the form's fields in the order it shows them.
var concernFields = []field{
	{"gezin", "zorgmelding.label.gezin"},
	{"straat", "zorgmelding.label.straat"},
	{"huisnummer", "zorgmelding.label.huisnummer"},
	{"huisnummertoevoeging", "zorgmelding.label.toevoeging"},
	{"postcode", "zorgmelding.label.postcode"},
	{"woonplaats", "zorgmelding.label.woonplaats"},
	{"omschrijving", "zorgmelding.label.omschrijving"},
	{"onderwerpen", "zorgmelding.label.onderwerpen"},
	{"spoed", "zorgmelding.label.spoed"},
	{"anoniem", "zorgmelding.label.anoniem"},
	{"melder_naam", "zorgmelding.label.melder_naam"},
	{"melder_telefoon", "zorgmelding.label.melder_telefoon"},
	{"melder_email", "zorgmelding.label.melder_email"},
}

// concernView is the form's page.
type concernView struct {
	Form         *form
	Municipality wijkregie.Municipality
	Token        string
	Topics       []option
	Urgent       []option
	Anonymous    []option
}

// concernListView lists the municipalities, each with its form.
type concernListView struct {
	Municipalities []wijkregie.Municipality
}

// concernNoticeView is a page that says one thing: the answer to a report
// refused as a whole (too many, too large), or received.
type concernNoticeView struct {
	Municipality *wijkregie.Municipality
	Heading      string // catalogue key
	Message      string // catalogue key
	Minutes      int    // how long to wait, for a short wait
	Hours        int    // and for a long one
}

// concernStart serves the form of the one municipality, or the list of
// them when the instance holds several.
func (h *Handler) concernStart(w http.ResponseWriter, r *http.Request) error {
	ms, err := h.svc.Municipalities(r.Context())
	if err != nil {
		return err
	}
	switch len(ms) {
	case 0:
		return wijkregie.NotFound()
	case 1:
		return h.concernForm(w, r, http.StatusOK, ms[0].ID, h.newConcernForm())
	}
	p := newPage(r, "zorgmelding.titel.kies", navConcern, concernListView{Municipalities: ms})
	return h.render(w, r, http.StatusOK, "zorgmelding-gemeenten", p)
}

func (h *Handler) concernPage(w http.ResponseWriter, r *http.Request) error {
	return h.concernForm(w, r, http.StatusOK, r.PathValue("gemeente"), h.newConcernForm())
}

// newConcernForm is the empty form, its answers to the two questions set
// to what most people mean: not urgent, anonymous to the family.
func (h *Handler) newConcernForm() *form {
	f := newForm("", concernFields)
	f.Values.Set("spoed", "nee")
	f.Values.Set("anoniem", "ja")
	return f
}

// concernForm renders the form with a new token: after an error too, so
// the input kept can be sent again.
func (h *Handler) concernForm(w http.ResponseWriter, r *http.Request, status int, code string, f *form) error {
	cf, err := h.svc.ConcernForm(r.Context(), code)
	if err != nil {
		return err
	}
	v := concernView{Form: f, Municipality: cf.Municipality, Token: cf.Token,
		Urgent:    []option{{Value: "ja", Text: h.t("zorgmelding.spoed.ja")}, {Value: "nee", Text: h.t("zorgmelding.spoed.nee")}},
		Anonymous: []option{{Value: "ja", Text: h.t("zorgmelding.anoniem.ja")}, {Value: "nee", Text: h.t("zorgmelding.anoniem.nee")}}}
	for _, t := range app.ConcernTopics {
		v.Topics = append(v.Topics, option{Value: t.Code, Text: h.t("zorgmelding.onderwerp." + t.Code)})
	}
	p := newPage(r, "zorgmelding.titel", navConcern, v)
	if f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "zorgmelding", p)
}

func (h *Handler) submitConcern(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("gemeente")
	r.Body = http.MaxBytesReader(w, r.Body, concernMaxBytes)
	if err := r.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return h.concernNotice(w, r, http.StatusRequestEntityTooLarge, code, "zorgmelding.te_groot.kop", "zorgmelding.te_groot.tekst", 0)
		}
		return wijkregie.Errorf(wijkregie.EINVALID, "fout.ongeldig")
	}
	f := newForm("", concernFields)
	for _, name := range []string{"gezin", "straat", "huisnummer", "huisnummertoevoeging", "postcode", "woonplaats",
		"omschrijving", "spoed", "anoniem", "melder_naam", "melder_telefoon", "melder_email"} {
		f.Values.Set(name, formValue(r, name))
	}
	// The description keeps its own lines; only its ends are trimmed
	// (formValue does that), and the use case trims again.
	var topics []string
	for _, t := range r.PostForm["onderwerpen"] {
		if !slices.Contains(topics, t) {
			topics = append(topics, t)
		}
	}
	f.Values["onderwerpen"] = topics
	c := &app.Concern{Subject: f.Value("gezin"), Street: f.Value("straat"), Number: f.Value("huisnummer"),
		Addition: f.Value("huisnummertoevoeging"), Postcode: f.Value("postcode"), Town: f.Value("woonplaats"),
		Noticed: f.Value("omschrijving"), Topics: topics, Urgent: f.Value("spoed") == "ja",
		// Anonymous unless the resident says otherwise: the safe side
		// when the question was left unanswered.
		Anonymous:    f.Value("anoniem") != "nee",
		ReporterName: f.Value("melder_naam"), Phone: f.Value("melder_telefoon"), Email: f.Value("melder_email")}
	err := h.svc.SubmitConcern(r.Context(), code, c, r.PostFormValue("formulier"), request.ClientAddr(r))
	var throttled *app.ConcernThrottled
	switch {
	case err == nil:
		// A fixed page: the URL and the page hold nothing of the report.
		return h.redirect(w, r, "/zorgmelding/"+code+"/ontvangen", "")
	case errors.As(err, &throttled):
		secs := throttled.RetryAfterSeconds()
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		minutes := (secs + 59) / 60
		if minutes <= 90 {
			return h.concernNotice(w, r, http.StatusTooManyRequests, code, "zorgmelding.te_veel.kop", "zorgmelding.te_veel.minuten", minutes)
		}
		return h.concernNotice(w, r, http.StatusTooManyRequests, code, "zorgmelding.te_veel.kop", "zorgmelding.te_veel.uren", minutes)
	case f.fail(err):
		return h.concernForm(w, r, http.StatusUnprocessableEntity, code, f)
	}
	return err
}

// concernReceived confirms receipt and says what happens next. It is the
// same page for every report: it repeats nothing that was sent.
func (h *Handler) concernReceived(w http.ResponseWriter, r *http.Request) error {
	m, err := h.svc.ConcernMunicipality(r.Context(), r.PathValue("gemeente"))
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "zorgmelding-ontvangen", newPage(r, "zorgmelding.titel.ontvangen", navConcern, concernNoticeView{Municipality: m}))
}

// concernNotice answers a report refused as a whole. The municipality is
// named when the code is one; the page is shown either way.
func (h *Handler) concernNotice(w http.ResponseWriter, r *http.Request, status int, code, heading, message string, minutes int) error {
	v := concernNoticeView{Heading: heading, Message: message, Minutes: minutes, Hours: (minutes + 59) / 60}
	if m, err := h.svc.ConcernMunicipality(r.Context(), code); err == nil {
		v.Municipality = m
	}
	return h.render(w, r, status, "zorgmelding-melding", newPage(r, heading, navConcern, v))
}

// navConcern marks the public form's pages: a resident who follows the
// header's link goes back to the form, not to the staff's login.
const navConcern = "zorgmelding"
