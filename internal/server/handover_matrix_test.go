package server_test

import (
	"net/http"
)

// The matrix's handover (docs/overdracht.md): the regisseur R offers the
// family's case C to Wijkteam Noord, whose lead is LX. It stays offered:
// the matrix's bodies are refused (no regisseur, no reason) or its tag
// missing, so no cell accepts, declines, withdraws or completes it.
const (
	// Accepting and declining: the lead of the receiving team only; the
	// sender sees the offer but may not answer it.
	mxHandoverReceiver = "3 4 3 + 4 | 3 3 3 3 3 | 3 3 | 3 3 3 3"
	// Withdrawing and completing: the sender; the receiving lead sees the
	// offer but may not.
	mxHandoverSender = "+ 4 + 3 4 | 3 3 3 3 3 | 3 3 | 3 3 3 3"
)

// handover returns the id of the matrix's offer, made the first time it
// is asked for.
func (w *mxWorld) handover() string {
	w.t.Helper()
	if id := w.ids["handover"]; id != "" {
		return id
	}
	teamX := w.users[uLeadOther].TeamID
	id := w.do(uRegisseur, "POST", "/api/v1/casussen/"+w.ids["case"]+"/overdracht", map[string]any{"soort": "team", "team": teamX,
		"reden": "Matrixcontrole: het gezin verhuist naar Noord."}).want(w.t, http.StatusCreated).id(w.t)
	w.ids["handover"] = id
	return id
}
