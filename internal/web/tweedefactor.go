package web

import (
	"html/template"
	"net/http"
	"net/url"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/request"
)

// The second factor's pages (app/secondfactor.go): setting up a TOTP
// authenticator on the account, and the step-up the audit log asks for.

var codeFields = []field{{"code", "tweedefactor.label.code"}}

// sessionSecret is the request's session cookie, "" without one.
func sessionSecret(r *http.Request) string {
	if c, err := r.Cookie(request.SessionCookie); err == nil {
		return c.Value
	}
	return ""
}

// secondFactorView is the account's second-factor page.
type secondFactorView struct {
	State  *app.SecondFactorState
	Form   *form
	Return string // where to go once confirmed
	// URI is the pending secret's otpauth:// link. html/template lets
	// only http, https and mailto through a href; this one the program
	// made itself (auth.TOTPURI), so it is marked safe.
	URI template.URL
}

func (h *Handler) secondFactorPage(w http.ResponseWriter, r *http.Request, status int, f *form, ret string) error {
	st, err := h.svc.SecondFactor(r.Context(), request.Actor(r), sessionSecret(r))
	if err != nil {
		return err
	}
	v := secondFactorView{State: st, Form: f}
	if st.Pending != nil {
		v.URI = template.URL(st.Pending.URI)
	}
	if safeReturn(ret) {
		v.Return = ret
	}
	p := newPage(r, "titel.tweedefactor", "account", v)
	if f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "tweede-factor", p)
}

func (h *Handler) secondFactor(w http.ResponseWriter, r *http.Request) error {
	return h.secondFactorPage(w, r, http.StatusOK, newForm("", codeFields), r.URL.Query().Get("terug"))
}

// startSecondFactor makes a new secret and shows it on the page.
func (h *Handler) startSecondFactor(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	ret := r.PostFormValue("terug")
	_, err := h.svc.StartSecondFactor(r.Context(), request.Actor(r), sessionSecret(r))
	if app.ErrStepUpNeeded(err) {
		return h.redirect(w, r, "/account/tweede-factor/controle?terug=/account/tweede-factor", "")
	}
	if err != nil {
		return err
	}
	to := "/account/tweede-factor"
	if safeReturn(ret) {
		to += "?terug=" + url.QueryEscape(ret)
	}
	return h.redirect(w, r, to, "")
}

// confirmSecondFactor checks the first code of a new authenticator.
func (h *Handler) confirmSecondFactor(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm("", codeFields)
	code, ret := formValue(r, "code"), r.PostFormValue("terug")
	f.Values.Set("code", code)
	_, err := h.svc.ConfirmSecondFactor(r.Context(), request.Actor(r), sessionSecret(r), code)
	if status, ok := h.codeFailure(f, err); ok {
		return h.secondFactorPage(w, r, status, f, ret)
	}
	if err != nil {
		return err
	}
	to := "/account"
	if safeReturn(ret) {
		to = ret
	}
	return h.redirect(w, r, to, "melding.tweedefactor.ingesteld")
}

// codeFailure puts a code's refusal beside the field: wrong, too many
// attempts, or no authenticator to check it against.
func (h *Handler) codeFailure(f *form, err error) (int, bool) {
	switch wijkregie.ErrorCode(err) {
	case wijkregie.ETHROTTLED:
		f.Errors = []wijkregie.FieldError{{Name: "code", Message: "fout.te_veel_pogingen"}}
		return http.StatusTooManyRequests, true
	case wijkregie.ECONFLICT:
		f.Errors = []wijkregie.FieldError{{Name: "code", Message: "fout.tweedefactor.niet_ingesteld"}}
		return http.StatusConflict, true
	}
	return h.formFailure(f, err)
}

// stepUpView is the step-up page.
type stepUpView struct {
	Form   *form
	Return string
}

func (h *Handler) stepUpPage(w http.ResponseWriter, r *http.Request, status int, f *form, ret string) error {
	v := stepUpView{Form: f, Return: "/beheer/auditlog"}
	if safeReturn(ret) {
		v.Return = ret
	}
	p := newPage(r, "titel.tweedefactor.controle", "auditlog", v)
	if f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "tweede-factor-controle", p)
}

// stepUpForm asks for a code; a user without a confirmed authenticator is
// sent to set one up first.
func (h *Handler) stepUpForm(w http.ResponseWriter, r *http.Request) error {
	st, err := h.svc.SecondFactor(r.Context(), request.Actor(r), sessionSecret(r))
	if err != nil {
		return err
	}
	ret := r.URL.Query().Get("terug")
	if !st.Confirmed {
		to := "/account/tweede-factor"
		if safeReturn(ret) {
			to += "?terug=" + url.QueryEscape(ret)
		}
		return h.redirect(w, r, to, "melding.tweedefactor.instellen")
	}
	return h.stepUpPage(w, r, http.StatusOK, newForm("", codeFields), ret)
}

func (h *Handler) stepUp(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm("", codeFields)
	code, ret := formValue(r, "code"), r.PostFormValue("terug")
	f.Values.Set("code", code)
	_, err := h.svc.StepUpSession(r.Context(), request.Actor(r), sessionSecret(r), code)
	if status, ok := h.codeFailure(f, err); ok {
		return h.stepUpPage(w, r, status, f, ret)
	}
	if err != nil {
		return err
	}
	to := "/beheer/auditlog"
	if safeReturn(ret) {
		to = ret
	}
	return h.redirect(w, r, to, "")
}

// stepUpOrRedirect returns the session's step-up, or sends the browser to
// the step-up page and returns false.
func (h *Handler) stepUpOrRedirect(w http.ResponseWriter, r *http.Request) (app.StepUp, bool, error) {
	p, err := h.svc.SessionStepUp(r.Context(), request.Actor(r), sessionSecret(r))
	if err != nil {
		return p, false, err
	}
	if p.Until().IsZero() {
		to := "/account/tweede-factor/controle?terug=" + url.QueryEscape(r.URL.RequestURI())
		if r.Method != http.MethodGet {
			to = "/account/tweede-factor/controle?terug=/beheer/auditlog"
		}
		if r.Header.Get("HX-Request") == "true" {
			// htmx follows a redirect inside the fragment; the whole page
			// must go to the step-up.
			w.Header().Set("HX-Redirect", to)
			w.WriteHeader(http.StatusNoContent)
			return p, false, nil
		}
		return p, false, h.redirect(w, r, to, "")
	}
	return p, true, nil
}

// removeUserSecondFactor is beheer removing a user's authenticator, for
// one who lost their phone: the user then links a new one.
func (h *Handler) removeUserSecondFactor(w http.ResponseWriter, r *http.Request) error {
	actor := request.Actor(r)
	u, err := h.svc.User(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	err = h.svc.RemoveSecondFactor(r.Context(), actor, u.ID)
	if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
		return h.redirect(w, r, "/beheer/medewerkers/"+u.ID, "melding.tweedefactor.geen")
	}
	if err != nil {
		return err
	}
	return h.redirect(w, r, "/beheer/medewerkers/"+u.ID, "melding.tweedefactor.verwijderd")
}
