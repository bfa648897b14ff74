package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/route"
)

// The resident's login to Mijn Plan (docs/mijnplan.md): with an inlogcode
// and their birth date, or through OpenID Connect (DigiD) where the
// installation configures it; and the regisseur's page that hands out an
// inlogcode.

// residentLoginView is the resident login page's data.
type residentLoginView struct {
	Form           *form
	DigiD          *form    // the DigiD form: only the municipality
	Municipalities []option // more than one: the forms show a select
	Municipality   string   // exactly one: a hidden field
	OIDC           bool     // offer "Inloggen met DigiD"
}

var residentLoginFields = []field{{"gemeente", "inwoner.label.gemeente"}, {"inlogcode", "inwoner.label.inlogcode"}, {"geboortedatum", "inwoner.label.geboortedatum"}}

func (h *Handler) residentLoginPage(w http.ResponseWriter, r *http.Request, status int, f, digid *form) error {
	ms, err := h.svc.Municipalities(r.Context())
	if err != nil {
		return err
	}
	v := residentLoginView{Form: f, DigiD: digid, OIDC: h.svc.ResidentOIDCEnabled()}
	if len(ms) == 1 {
		v.Municipality = ms[0].ID
	} else {
		v.Municipalities = []option{{Value: "", Text: h.t("keuze.kies_gemeente")}}
		for _, m := range ms {
			v.Municipalities = append(v.Municipalities, option{Value: m.ID, Text: m.Name})
		}
	}
	p := residentPage(r, "inwoner.titel.inloggen", v)
	p.User, p.Actor = nil, wijkregie.Actor{} // the login page has no menu
	if f.Invalid() {
		p.Invalid = f
	} else if digid.Invalid() {
		p.Invalid = digid
	}
	return h.renderResident(w, r, status, "mijnplan-inloggen", p)
}

// residentLoginForm shows the login page. The slip a regisseur prints
// links here with ?gemeente=, which preselects the municipality.
func (h *Handler) residentLoginForm(w http.ResponseWriter, r *http.Request) error {
	f, d := newForm("", residentLoginFields), newForm("digid-", residentLoginFields[:1])
	if m := r.URL.Query().Get("gemeente"); m != "" {
		f.Values.Set("gemeente", m)
		d.Values.Set("gemeente", m)
	}
	return h.residentLoginPage(w, r, http.StatusOK, f, d)
}

// residentLogin checks an inlogcode with the birth date. The form keeps
// what was typed, except the code: a code that failed is not shown again.
func (h *Handler) residentLogin(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f, d := newForm("", residentLoginFields), newForm("digid-", residentLoginFields[:1])
	mid, code, birthText := formValue(r, "gemeente"), formValue(r, "inlogcode"), formValue(r, "geboortedatum")
	f.Values.Set("gemeente", mid)
	f.Values.Set("geboortedatum", birthText)
	d.Values.Set("gemeente", mid)
	var v wijkregie.Invalid
	if mid == "" {
		v.Field("gemeente", "inwoner.veld.gemeente")
	}
	if code == "" {
		v.Field("inlogcode", "inwoner.veld.inlogcode")
	} else if _, ok := wijkregie.NormalizeLoginCode(code); !ok {
		v.Field("inlogcode", "inwoner.veld.inlogcode_vorm")
	}
	birth := parseBirthDate(birthText)
	if birth.IsZero() {
		v.Field("geboortedatum", "inwoner.veld.geboortedatum")
	}
	if err := v.Err(); err != nil {
		f.fail(err)
		return h.residentLoginPage(w, r, http.StatusUnprocessableEntity, f, d)
	}
	secret, _, err := h.svc.ResidentLoginByCode(r.Context(), mid, code, birth, request.ClientAddr(r))
	switch {
	case err == nil:
	case wijkregie.ErrorCode(err) == wijkregie.EUNAUTHORIZED:
		f.Message = "inwoner.fout.inloggen"
		return h.residentLoginPage(w, r, http.StatusUnauthorized, f, d)
	case wijkregie.ErrorCode(err) == wijkregie.ETHROTTLED:
		f.Message = "inwoner.fout.te_veel_pogingen"
		return h.residentLoginPage(w, r, http.StatusTooManyRequests, f, d)
	case err == app.ErrLoginCodeExpired:
		return h.residentRefused(w, r, http.StatusConflict, "inwoner.titel.code_verlopen", refusedExpired)
	case err == app.ErrResidentNotAllowed:
		return h.residentRefused(w, r, http.StatusForbidden, "inwoner.titel.geen_toegang", refusedNoUse)
	default:
		return err
	}
	h.setResidentSession(w, r, secret)
	return h.redirectResident(w, r, "/mijnplan", "")
}

// parseBirthDate reads a birth date as the date input sends it
// (YYYY-MM-DD) or as a person types it where the browser shows a text
// field (DD-MM-YYYY, with dashes, slashes or dots); zero when it is none.
func parseBirthDate(s string) time.Time {
	if d, err := wijkregie.ParseDate(s); err == nil {
		return d
	}
	for _, layout := range []string{"2-1-2006", "2/1/2006", "2.1.2006"} {
		if d, err := time.Parse(layout, s); err == nil {
			return d
		}
	}
	return time.Time{}
}

// residentRefusal is the "code expired", "not allowed" and "DigiD
// failed" page's data: catalogue keys of what happened and what to do.
type residentRefusal struct {
	Heading, Text, Next string
}

var (
	refusedExpired = residentRefusal{"inwoner.verlopen.kop", "inwoner.verlopen.tekst", "inwoner.verlopen.wat_nu"}
	refusedNoUse   = residentRefusal{"inwoner.geen_toegang.kop", "inwoner.geen_toegang.tekst", "inwoner.geen_toegang.wat_nu"}
	refusedDigiD   = residentRefusal{"inwoner.digid_mislukt.kop", "inwoner.digid_mislukt.tekst", "inwoner.digid_mislukt.wat_nu"}
)

func (h *Handler) residentRefused(w http.ResponseWriter, r *http.Request, status int, title string, why residentRefusal) error {
	p := residentPage(r, title, why)
	p.User, p.Actor = nil, wijkregie.Actor{}
	return h.renderResident(w, r, status, "mijnplan-inloggen-geweigerd", p)
}

func (h *Handler) residentLogout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(request.ResidentCookie); err == nil {
		if err := h.svc.ResidentLogout(r.Context(), c.Value); err != nil {
			return err
		}
	}
	h.expireResidentSession(w, r)
	return h.redirectResident(w, r, "/mijnplan/inloggen", "inwoner.melding.uitgelogd")
}

// residentOIDCStart sends the resident to the OpenID Connect provider
// (DigiD) for the chosen municipality; without a provider configured the
// route does not exist.
func (h *Handler) residentOIDCStart(w http.ResponseWriter, r *http.Request) error {
	if !h.svc.ResidentOIDCEnabled() {
		return wijkregie.NotFound()
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	mid := formValue(r, "gemeente")
	to, binding, err := h.svc.StartResidentOIDC(r.Context(), mid, request.ClientAddr(r))
	if code := wijkregie.ErrorCode(err); code == wijkregie.EINVALID || code == wijkregie.ETHROTTLED {
		f, d := newForm("", residentLoginFields), newForm("digid-", residentLoginFields[:1])
		d.Values.Set("gemeente", mid)
		status := http.StatusUnprocessableEntity
		if code == wijkregie.ETHROTTLED {
			d.Message, status = "inwoner.fout.digid_te_vaak", http.StatusTooManyRequests
		} else {
			d.fail(err)
		}
		return h.residentLoginPage(w, r, status, f, d)
	}
	if err != nil {
		return err
	}
	h.setResidentOIDCBinding(w, r, binding)
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// residentOIDCCallback finishes the OpenID Connect login: the provider
// sends the resident back here with a code and the state, which answers
// only with the binding cookie the start set in this browser. The cookie
// goes whatever the answer: a login is tried once.
func (h *Handler) residentOIDCCallback(w http.ResponseWriter, r *http.Request) error {
	if !h.svc.ResidentOIDCEnabled() {
		return wijkregie.NotFound()
	}
	var binding string
	if c, err := r.Cookie(request.ResidentOIDCCookie); err == nil {
		binding = c.Value
		h.setResidentOIDCBinding(w, r, "")
	}
	q := r.URL.Query()
	secret, _, err := h.svc.FinishResidentOIDC(r.Context(), q.Get("state"), binding, q.Get("code"), q.Get("error"), request.ClientAddr(r))
	switch {
	case err == nil:
	case err == app.ErrResidentNotAllowed:
		return h.residentRefused(w, r, http.StatusForbidden, "inwoner.titel.geen_toegang", refusedNoUse)
	case wijkregie.ErrorCode(err) == wijkregie.EUNAUTHORIZED || wijkregie.ErrorCode(err) == wijkregie.ETHROTTLED:
		return h.residentRefused(w, r, http.StatusUnauthorized, "inwoner.titel.digid_mislukt", refusedDigiD)
	default:
		return err
	}
	h.setResidentSession(w, r, secret)
	return h.redirectResident(w, r, "/mijnplan", "")
}

// setResidentOIDCBinding sets the cookie that binds a DigiD login to this
// browser (app.StartResidentOIDC), or with "" expires it. Only the
// callback reads it (Path /mijnplan/digid); SameSite=Lax, as the provider
// sends the resident back by a top-level redirect; it lasts as long as the
// login's state.
func (h *Handler) setResidentOIDCBinding(w http.ResponseWriter, r *http.Request, binding string) {
	maxAge := int(app.OIDCLoginValidity / time.Second)
	if binding == "" {
		maxAge = -1
	}
	http.SetCookie(w, &http.Cookie{Name: request.ResidentOIDCCookie, Value: binding, Path: "/mijnplan/digid", MaxAge: maxAge,
		HttpOnly: true, Secure: h.secure(r), SameSite: http.SameSiteLaxMode})
}

// loginCodeRoutes are the staff's pages that hand out an inlogcode, in the
// staff set (routes.go).
func (h *Handler) loginCodeRoutes() []route.Route {
	return []route.Route{
		{Pattern: "GET /casussen/{id}/inlogcode", Action: policy.IssueLoginCode, Handle: h.loginCodeForm},
		{Pattern: "POST /casussen/{id}/inlogcode", Action: policy.IssueLoginCode, Handle: h.issueLoginCode},
	}
}

// loginCodeView is the handout form's and slip's data.
type loginCodeView struct {
	CaseID  string
	Form    *form
	Members []option // the members who may be given a code
	Others  []app.LoginCodeMember
	Issued  *app.IssuedLoginCode
	Code    string // grouped for reading
	URL     string // the login page for this municipality
}

var loginCodeFields = []field{{"persoon", "inwoner.label.persoon"}}

func (h *Handler) loginCodePage(w http.ResponseWriter, r *http.Request, status int, caseID string, f *form) error {
	ms, err := h.svc.LoginCodeMembers(r.Context(), request.Actor(r), caseID)
	if err != nil {
		return err
	}
	if ms == nil {
		// Not the regisseur nor the lead: let the use case decide and
		// audit the refusal (or say the case does not exist).
		_, err := h.svc.IssueLoginCode(r.Context(), request.Actor(r), caseID, "")
		if err == nil || wijkregie.ErrorCode(err) == wijkregie.EINVALID {
			err = wijkregie.Forbidden()
		}
		return err
	}
	v := loginCodeView{CaseID: caseID, Form: f}
	for _, m := range ms {
		if m.Eligible {
			v.Members = append(v.Members, option{Value: m.Person.ID, Text: m.Person.FullName()})
		} else {
			v.Others = append(v.Others, m)
		}
	}
	p := newPage(r, "inwoner.titel.uitgeven", "casussen", v)
	if f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "mijnplan-inloggen-uitgeven", p)
}

func (h *Handler) loginCodeForm(w http.ResponseWriter, r *http.Request) error {
	return h.loginCodePage(w, r, http.StatusOK, r.PathValue("id"), newForm("", loginCodeFields))
}

// issueLoginCode makes the code and shows it once, on the printable slip:
// the answer to the post itself, never a redirect, so the code is in no
// URL, history entry or cache (pages are no-store).
func (h *Handler) issueLoginCode(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	caseID, personID := r.PathValue("id"), formValue(r, "persoon")
	f := newForm("", loginCodeFields)
	f.Values.Set("persoon", personID)
	if personID == "" {
		f.Errors = []wijkregie.FieldError{{Name: "persoon", Message: "inwoner.veld.persoon"}}
		return h.loginCodePage(w, r, http.StatusUnprocessableEntity, caseID, f)
	}
	issued, err := h.svc.IssueLoginCode(r.Context(), request.Actor(r), caseID, personID)
	if err != nil {
		var e *wijkregie.Error
		if wijkregie.ErrorCode(err) == wijkregie.EINVALID && errors.As(err, &e) {
			for _, fe := range e.Fields {
				f.Errors = append(f.Errors, wijkregie.FieldError{Name: "persoon", Message: fe.Message})
			}
			return h.loginCodePage(w, r, http.StatusUnprocessableEntity, caseID, f)
		}
		return err
	}
	v := loginCodeView{CaseID: caseID, Issued: issued, Code: wijkregie.FormatLoginCode(issued.Code),
		URL: h.residentLoginURL(r, issued.MunicipalityID)}
	return h.render(w, r, http.StatusCreated, "mijnplan-inloggen-briefje", newPage(r, "inwoner.titel.briefje", "casussen", v))
}

// residentLoginURL is the address on the slip: this site's login page of
// Mijn Plan with the municipality preselected, at the configured public
// address. Without one, at the host the request names: right on one's
// own machine and behind a proxy that checks it, but a Host header
// rewritten on the way would print another site's address on the slip.
func (h *Handler) residentLoginURL(r *http.Request, municipalityID string) string {
	path := "/mijnplan/inloggen?gemeente=" + url.QueryEscape(municipalityID)
	if h.opt.PublicURL != "" {
		return strings.TrimSuffix(h.opt.PublicURL, "/") + path
	}
	scheme := "https"
	if r.TLS == nil && r.Header.Get("X-Forwarded-Proto") != "https" && isLocalHost(r.Host) {
		scheme = "http"
	}
	return scheme + "://" + r.Host + path
}

func isLocalHost(host string) bool {
	for _, p := range []string{"localhost", "127.0.0.1", "[::1]"} {
		if host == p || len(host) > len(p) && host[:len(p)+1] == p+":" {
			return true
		}
	}
	return false
}
