package web

import (
	"net/http"
	"strings"

	"wijkregie"
	"wijkregie/internal/request"
)

// loginView is the login page's data.
type loginView struct {
	Form           *form
	Municipalities []option // more than one: the form shows a select
	Municipality   string   // exactly one: a hidden field
	Return         string   // where to go after logging in
}

var loginFields = []field{{"gemeente", "label.gemeente"}, {"email", "label.email"}, {"wachtwoord", "label.wachtwoord"}}

// safeReturn reports whether a return path stays on this site: a local
// absolute path, not "//host" or "/\host" (which browsers read as another
// host), and free of control characters.
func safeReturn(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\") {
		return false
	}
	for _, c := range p {
		if c < 0x20 || c == 0x7f {
			return false
		}
	}
	return true
}

func (h *Handler) loginPage(w http.ResponseWriter, r *http.Request, status int, f *form, ret string) error {
	ms, err := h.svc.Municipalities(r.Context())
	if err != nil {
		return err
	}
	v := loginView{Form: f}
	if safeReturn(ret) {
		v.Return = ret
	}
	if len(ms) == 1 {
		v.Municipality = ms[0].ID
	} else {
		v.Municipalities = []option{{Value: "", Text: h.t("keuze.kies_gemeente")}}
		for _, m := range ms {
			v.Municipalities = append(v.Municipalities, option{Value: m.ID, Text: m.Name})
		}
	}
	p := newPage(r, "titel.inloggen", "", v)
	p.User, p.Actor = nil, wijkregie.Actor{} // the login page has no menu
	if f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "inloggen", p)
}

func (h *Handler) loginForm(w http.ResponseWriter, r *http.Request) error {
	return h.loginPage(w, r, http.StatusOK, newForm("", loginFields), r.URL.Query().Get("terug"))
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := newForm("", loginFields)
	mid, email := formValue(r, "gemeente"), formValue(r, "email")
	// The password is neither trimmed nor ever shown again.
	password := r.PostFormValue("wachtwoord")
	f.Values.Set("gemeente", mid)
	f.Values.Set("email", email)
	ret := r.PostFormValue("terug")

	secret, _, err := h.svc.Login(r.Context(), mid, email, password, request.ClientAddr(r))
	switch wijkregie.ErrorCode(err) {
	case "":
	case wijkregie.EUNAUTHORIZED:
		f.Message = "fout.inloggen"
		return h.loginPage(w, r, http.StatusUnauthorized, f, ret)
	case wijkregie.ETHROTTLED:
		f.Message = "fout.te_veel_pogingen"
		return h.loginPage(w, r, http.StatusTooManyRequests, f, ret)
	default:
		return err
	}
	h.setSession(w, r, secret)
	to := "/"
	if safeReturn(ret) {
		to = ret
	}
	return h.redirect(w, r, to, "")
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(request.SessionCookie); err == nil {
		if err := h.svc.Logout(r.Context(), c.Value); err != nil {
			return err
		}
	}
	h.expireSession(w, r)
	return h.redirect(w, r, "/inloggen", "melding.uitgelogd")
}
