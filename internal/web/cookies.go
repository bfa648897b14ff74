package web

import (
	"net/http"
	"strings"

	"wijkregie/internal/request"
)

// flashCookie carries a one-time message from a form post to the page it
// redirects to. It holds a catalogue key and nothing else: never a name or
// any other personal data.
const flashCookie = "wijkregie_melding"

// flashPrefix is the namespace of keys the flash cookie may name, so a
// forged cookie can at most show another success message.
const flashPrefix = "melding."

// secure reports whether cookies get the Secure flag: over TLS, or always
// when the server sits behind a TLS-terminating proxy.
func (h *Handler) secure(r *http.Request) bool { return r.TLS != nil || h.opt.SecureCookies }

// setSession sets the session cookie. It has no Max-Age, so it ends with
// the browser; the server ends it sooner by idle and absolute timeouts.
func (h *Handler) setSession(w http.ResponseWriter, r *http.Request, secret string) {
	http.SetCookie(w, &http.Cookie{Name: request.SessionCookie, Value: secret, Path: "/",
		HttpOnly: true, Secure: h.secure(r), SameSite: http.SameSiteLaxMode})
}

// expireSession tells the browser to drop the session cookie.
func (h *Handler) expireSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: request.SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: h.secure(r), SameSite: http.SameSiteLaxMode})
}

// setFlash stores a one-time message key for the next page.
func (h *Handler) setFlash(w http.ResponseWriter, r *http.Request, key string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: key, Path: "/", MaxAge: 60,
		HttpOnly: true, Secure: h.secure(r), SameSite: http.SameSiteLaxMode})
}

// takeFlash returns the pending message key, if it is a known one, and
// clears it so that a reload does not show it again.
func (h *Handler) takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: h.secure(r), SameSite: http.SameSiteLaxMode})
	if !strings.HasPrefix(c.Value, flashPrefix) || !h.cat.Has(h.lang, c.Value) {
		return ""
	}
	return c.Value
}
