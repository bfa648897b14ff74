package web

import (
	"net/http"

	"wijkregie/internal/request"
	"wijkregie/internal/store"
)

// auditLogView is the municipality's whole audit log.
type auditLogView struct {
	Rows  []auditRow
	Pager pager
}

func (h *Handler) auditLog(w http.ResponseWriter, r *http.Request) error {
	pg, n := pageParam(r)
	recs, total, users, err := h.svc.AuditLog(r.Context(), request.Actor(r), store.AuditFilter{Page: pg})
	if err != nil {
		return err
	}
	v := auditLogView{Rows: auditRows(recs, users), Pager: newPager(r, n, total)}
	return h.render(w, r, http.StatusOK, "auditlog", newPage(r, "titel.auditlog", "auditlog", v))
}

// chainView is the result of an audit chain check.
type chainView struct {
	Records int64
	Break   *store.ChainBreak
}

// verifyAudit checks the chain and shows the result at once; the check
// changes nothing, so there is nothing to redirect after.
func (h *Handler) verifyAudit(w http.ResponseWriter, r *http.Request) error {
	brk, n, err := h.svc.VerifyAudit(r.Context(), request.Actor(r), nil)
	if err != nil {
		return err
	}
	v := chainView{Records: n, Break: brk}
	return h.render(w, r, http.StatusOK, "auditlog-controle", newPage(r, "titel.auditlog.controle", "auditlog", v))
}
