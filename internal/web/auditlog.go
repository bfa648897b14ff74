package web

import (
	"net/http"

	"wijkregie"
	"wijkregie/internal/request"
	"wijkregie/internal/store"
)

// auditLogView is the municipality's whole audit log, filtered by kind.
type auditLogView struct {
	Filter *form
	Kinds  []option
	Kind   string // the kind shown, "" for all
	Rows   []auditRow
	Pager  pager
}

var auditFilterFields = []field{{"soort", "auditlog.label.soort"}}

// auditLog shows the log to a session stepped up with the second factor;
// any other is sent to the step-up page first.
func (h *Handler) auditLog(w http.ResponseWriter, r *http.Request) error {
	proof, ok, err := h.stepUpOrRedirect(w, r)
	if !ok || err != nil {
		return err
	}
	pg, n := pageParam(r)
	f := store.AuditFilter{Page: pg}
	filter := newForm("filter-", auditFilterFields)
	// An unknown kind is a link edited by hand: show everything, as the
	// select offers no such choice to keep.
	if k := r.URL.Query().Get("soort"); wijkregie.ValidAuditKind(k) {
		f.Kind = wijkregie.AuditKind(k)
		filter.Values.Set("soort", k)
	}
	recs, total, users, err := h.svc.AuditLog(r.Context(), request.Actor(r), proof, f)
	if err != nil {
		return err
	}
	v := auditLogView{Filter: filter, Kinds: h.enumOptions("auditsoort.", "auditlog.soort.alle", strs(wijkregie.AuditKinds)),
		Kind: string(f.Kind), Rows: auditRows(recs, users), Pager: newPager(r, n, total)}
	return h.render(w, r, http.StatusOK, "auditlog", newPage(r, "titel.auditlog", "auditlog", v))
}

// chainView is the result of an audit chain check.
type chainView struct {
	Records int64
	Break   *store.ChainBreak
}

// verifyAudit checks the chain and shows the result at once; the check
// changes nothing, so there is nothing to redirect after. It is part of
// the log's page, and asks for the same step-up.
func (h *Handler) verifyAudit(w http.ResponseWriter, r *http.Request) error {
	if _, ok, err := h.stepUpOrRedirect(w, r); !ok || err != nil {
		return err
	}
	brk, n, err := h.svc.VerifyAudit(r.Context(), request.Actor(r), nil)
	if err != nil {
		return err
	}
	v := chainView{Records: n, Break: brk}
	return h.render(w, r, http.StatusOK, "auditlog-controle", newPage(r, "titel.auditlog.controle", "auditlog", v))
}
