package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/store"
)

// page is what every page template receives: the layout's needs and the
// page's own Data.
type page struct {
	Title   string // catalogue key of the page's generic name, for <title>; never data
	Nav     string // the main menu item this page belongs to, for aria-current
	User    *wijkregie.User
	Actor   wijkregie.Actor
	Flash   string // catalogue key of a one-time success message
	Invalid *form  // the form whose errors the summary at the top lists
	Unread  int    // unread notifications, for the menu
	Data    any
}

// fragmentPrefix names the templates that htmx may ask for by the id of
// its target: "doel:lijst" answers a request with HX-Target: lijst.
const fragmentPrefix = "doel:"

// parseTemplates parses the layout and partials once, then each page on a
// clone of them, so that every page can define its own "main" block.
func (h *Handler) parseTemplates() (map[string]*template.Template, error) {
	base, err := template.New("").Funcs(h.funcs()).ParseFS(files, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: parsing layout: %w", err)
	}
	names, err := fs.Glob(files, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	pages := make(map[string]*template.Template, len(names))
	for _, n := range names {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if t, err = t.ParseFS(files, n); err != nil {
			return nil, fmt.Errorf("web: parsing %s: %w", n, err)
		}
		if t.Lookup("main") == nil {
			return nil, fmt.Errorf("web: %s defines no main block", n)
		}
		pages[strings.TrimSuffix(path.Base(n), ".html")] = t
	}
	return pages, nil
}

// funcs are the template functions. They only format and translate; what a
// page shows is decided in Go.
func (h *Handler) funcs() template.FuncMap {
	return template.FuncMap{
		"t":       h.t,
		"label":   h.label,
		"mag":     func(a wijkregie.Actor, action string) bool { return policy.Allows(a, policy.Action(action)) },
		"static":  h.staticURL,
		"tijd":    h.formatTime,
		"datum":   h.formatDate,
		"veld":    newField,
		"keuze":   newSelect,
		"vinkje":  newCheckbox,
		"vinkjes": newCheckboxes,
	}
}

// t translates a catalogue key with name/value arguments.
func (h *Handler) t(key string, args ...any) string { return h.cat.T(h.lang, key, args...) }

// label translates a stored code (a role, an audit action) by the key
// prefix+code. A code the catalogue does not know is shown as it is rather
// than as a key, so a new action in the log is still readable.
func (h *Handler) label(prefix string, code any) string {
	s := fmt.Sprint(code)
	if h.cat.Has(h.lang, prefix+s) {
		return h.t(prefix + s)
	}
	return s
}

// formatTime shows an instant in Dutch civil time: "23 nov. 2026 14:05".
func (h *Handler) formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	l := t.In(h.zone)
	return fmt.Sprintf("%d %s %d %02d:%02d", l.Day(), h.t(fmt.Sprintf("maand.%d", l.Month())), l.Year(), l.Hour(), l.Minute())
}

// formatDate shows a calendar date such as a birth date: "3 mrt. 1984".
// Dates are stored as midnight UTC, so they are not moved to a time zone.
func (h *Handler) formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	u := t.UTC()
	return fmt.Sprintf("%d %s %d", u.Day(), h.t(fmt.Sprintf("maand.%d", u.Month())), u.Year())
}

// newPage starts a page for the request's user.
func newPage(r *http.Request, title, nav string, data any) *page {
	return &page{Title: title, Nav: nav, User: request.User(r), Actor: request.Actor(r), Data: data}
}

// htmxTarget returns the id of the element an htmx request will swap, or ""
// for a normal request. A history restore asks for the whole page.
func htmxTarget(r *http.Request) string {
	if r.Header.Get("HX-Request") != "true" || r.Header.Get("HX-History-Restore-Request") == "true" {
		return ""
	}
	return r.Header.Get("HX-Target")
}

// isHTMX reports whether htmx made the request.
func isHTMX(r *http.Request) bool {
	return r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-History-Restore-Request") != "true"
}

// render writes the named page with the status. An htmx request for a
// target the page has a fragment for gets only that fragment. The page is
// rendered into a buffer first, so a template error still becomes a clean
// error page instead of half a page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) error {
	t, ok := h.pages[name]
	if !ok {
		return fmt.Errorf("web: no page template %q", name)
	}
	tmpl := "layout"
	if target := htmxTarget(r); target != "" && t.Lookup(fragmentPrefix+target) != nil {
		tmpl = fragmentPrefix + target
	} else if p.Flash == "" {
		p.Flash = h.takeFlash(w, r)
	}
	if tmpl == "layout" && p.User != nil && policy.Allows(p.Actor, policy.ViewInbox) {
		in, err := h.svc.Notifications(r.Context(), p.Actor, store.Page{Limit: 1})
		if err != nil {
			return err
		}
		p.Unread = in.Unread
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, tmpl, p); err != nil {
		return fmt.Errorf("web: rendering %s: %w", name, err)
	}
	writeHTML(w, status, buf.Bytes())
	return nil
}

// writeHTML writes an HTML response. Pages hold personal data, so no cache
// may keep them; the variant depends on HX-Request (page or fragment).
func writeHTML(w http.ResponseWriter, status int, body []byte) {
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	hd.Add("Vary", "HX-Request")
	w.WriteHeader(status)
	w.Write(body)
}

// redirect answers a successful form post (POST-redirect-GET), with a
// one-time message that holds only a catalogue key.
func (h *Handler) redirect(w http.ResponseWriter, r *http.Request, to, flash string) error {
	if flash != "" {
		h.setFlash(w, r, flash)
	}
	w.Header().Add("Vary", "HX-Request")
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}
