package web

import (
	"net/http"

	"wijkregie"
	"wijkregie/internal/request"
)

func (h *Handler) person(w http.ResponseWriter, r *http.Request) error {
	pv, err := h.svc.Person(r.Context(), request.Actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "persoon", newPage(r, "titel.persoon", "huishoudens", pv))
}

// auditRow is one line of an audit table, with the user resolved.
type auditRow struct {
	Record   wijkregie.AuditRecord
	UserName string // "" when unknown
	System   bool   // done by the command line, not by a user
}

func auditRows(recs []wijkregie.AuditRecord, users map[string]*wijkregie.User) []auditRow {
	rows := make([]auditRow, 0, len(recs))
	for _, rec := range recs {
		row := auditRow{Record: rec, System: !wijkregie.ValidID(rec.UserID)}
		if u := users[rec.UserID]; u != nil {
			row.UserName = u.Name
		}
		rows = append(rows, row)
	}
	return rows
}

// accessLogView is who read or changed a person's data.
type accessLogView struct {
	Person *wijkregie.Person
	Rows   []auditRow
	Pager  pager
}

func (h *Handler) personAccessLog(w http.ResponseWriter, r *http.Request) error {
	pg, n := pageParam(r)
	lv, err := h.svc.PersonAccessLog(r.Context(), request.Actor(r), r.PathValue("id"), pg)
	if err != nil {
		return err
	}
	v := accessLogView{Person: lv.Person, Rows: auditRows(lv.Records, lv.Users), Pager: newPager(r, n, lv.Total)}
	nav := "huishoudens"
	if request.Actor(r).Role == wijkregie.RoleAdmin {
		nav = "auditlog"
	}
	return h.render(w, r, http.StatusOK, "persoon-auditlog", newPage(r, "titel.persoon.auditlog", nav, v))
}
