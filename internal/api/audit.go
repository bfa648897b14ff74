package api

import (
	"encoding/json"
	"net/http"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/locale"
	"wijkregie/internal/policy"
	"wijkregie/internal/request"
	"wijkregie/internal/store"
)

// InzageRegel is one access to a person's data, as the person (through
// beheer) or their professionals may see it: who, when, what and why
// (AVG art. 15; NEN 7513).
type InzageRegel struct {
	Volgnummer int64     `json:"volgnummer"`
	Tijdstip   time.Time `json:"tijdstip"`
	Medewerker string    `json:"medewerker"`
	Naam       *string   `json:"naam"` // null when the user no longer exists
	Rol        string    `json:"rol"`
	Actie      string    `json:"actie"`
	Doel       *string   `json:"doel"`
	Resultaat  string    `json:"resultaat"`
}

// AuditRegel is one record of the municipality's audit log, with the hash
// chain that proves the log complete and unchanged.
type AuditRegel struct {
	Volgnummer     int64     `json:"volgnummer"`
	Tijdstip       time.Time `json:"tijdstip"`
	Medewerker     string    `json:"medewerker"`
	Rol            string    `json:"rol"`
	Organisatie    *string   `json:"organisatie"`
	Actie          string    `json:"actie"`
	Soort          string    `json:"soort"` // the NEN 7513 kind (wijkregie.AuditKind)
	OnderwerpSoort *string   `json:"onderwerpSoort"`
	Onderwerp      *string   `json:"onderwerp"`
	Persoon        *string   `json:"persoon"`
	Doel           *string   `json:"doel"`
	Resultaat      string    `json:"resultaat"`
	// Zoekopdracht and Aantal describe a search: the criteria searched on
	// (never a BSN, name or birth date) and how many it found.
	Zoekopdracht *string `json:"zoekopdracht"`
	Aantal       *int    `json:"aantal"`
	VorigeHash   string  `json:"vorigeHash"`
	Hash         string  `json:"hash"`
}

func (h *Handler) personAccessLog(w http.ResponseWriter, r *http.Request) error {
	var v wijkregie.Invalid
	p := parsePage(r, &v)
	if err := v.Err(); err != nil {
		return err
	}
	lv, err := h.svc.PersonAccessLog(r.Context(), request.Actor(r), r.PathValue("id"), p.store())
	if err != nil {
		return err
	}
	out := make([]InzageRegel, len(lv.Records))
	for i, rec := range lv.Records {
		out[i] = InzageRegel{Volgnummer: rec.Seq, Tijdstip: utc(rec.At), Medewerker: rec.UserID, Rol: string(rec.Role),
			Actie: rec.Action, Doel: orNil(rec.Purpose), Resultaat: rec.Result}
		if u := lv.Users[rec.UserID]; u != nil {
			out[i].Naam = &u.Name
		}
	}
	return writeList(w, r, out, p, lv.Total)
}

func (h *Handler) auditLog(w http.ResponseWriter, r *http.Request) error {
	var v wijkregie.Invalid
	p := parsePage(r, &v)
	f := store.AuditFilter{Page: p.store()}
	q := r.URL.Query()
	if s, ok := query(q, "medewerker"); ok {
		// Command-line work is recorded under the system actor's name.
		if f.UserID = s; !wijkregie.ValidID(s) && s != wijkregie.SystemActor("").UserID {
			v.Field("medewerker", "api.veld.id")
		}
	}
	if s, ok := query(q, "persoon"); ok {
		if f.PersonID = s; !wijkregie.ValidID(s) {
			v.Field("persoon", "api.veld.id")
		}
	}
	if s, ok := query(q, "soort"); ok {
		if f.Kind = wijkregie.AuditKind(s); !wijkregie.ValidAuditKind(s) {
			v.Field("soort", "api.veld.auditsoort")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	proof, err := h.secondFactor(w, r)
	if err != nil || proof.Until().IsZero() {
		return err
	}
	recs, total, _, err := h.svc.AuditLog(r.Context(), request.Actor(r), proof, f)
	if err != nil {
		return err
	}
	out := make([]AuditRegel, len(recs))
	for i, rec := range recs {
		out[i] = AuditRegel{Volgnummer: rec.Seq, Tijdstip: utc(rec.At), Medewerker: rec.UserID, Rol: string(rec.Role),
			Organisatie: orNil(rec.OrganisationID), Actie: rec.Action, Soort: string(rec.Kind()), OnderwerpSoort: orNil(rec.SubjectKind),
			Onderwerp: orNil(rec.SubjectID), Persoon: orNil(rec.PersonID), Doel: orNil(rec.Purpose),
			Resultaat: rec.Result, VorigeHash: rec.PrevHash, Hash: rec.Hash}
		if rec.Search != "" {
			out[i].Zoekopdracht, out[i].Aantal = &rec.Search, &rec.Results
		}
	}
	return writeList(w, r, out, p, total)
}

// SecondFactorHeader carries the reader's current TOTP code with every
// request for the audit log (app/secondfactor.go): an API client has no
// session to step up, so each request shows the second factor itself.
const SecondFactorHeader = "Wijkregie-Tweede-Factor"

// secondFactor checks the request's code. A missing, wrong or used code,
// or a reader without an authenticator, is answered here with a 401 that
// names the header, and a zero proof; a refused role or too many attempts
// is returned as the error it is.
func (h *Handler) secondFactor(w http.ResponseWriter, r *http.Request) (app.StepUp, error) {
	code := r.Header.Get(SecondFactorHeader)
	actor := request.Actor(r)
	if code == "" {
		if !policy.Allows(actor, policy.ViewAuditLog) {
			return app.StepUp{}, wijkregie.Forbidden()
		}
		h.secondFactorProblem(w, r, "fout.tweedefactor.nodig")
		return app.StepUp{}, nil
	}
	proof, err := h.svc.StepUpCode(r.Context(), actor, code)
	switch wijkregie.ErrorCode(err) {
	case wijkregie.EINVALID:
		h.secondFactorProblem(w, r, "fout.tweedefactor.code")
		return app.StepUp{}, nil
	case wijkregie.ECONFLICT:
		h.secondFactorProblem(w, r, "fout.tweedefactor.niet_ingesteld")
		return app.StepUp{}, nil
	}
	return proof, err
}

// secondFactorProblem writes a 401 whose invalidParams name the header.
func (h *Handler) secondFactorProblem(w http.ResponseWriter, r *http.Request, key string) {
	p := Problem{Type: "about:blank", Title: h.cat.T(locale.NL, "api.status.401"), Status: http.StatusUnauthorized,
		Detail: h.cat.T(locale.NL, key), Instance: r.URL.Path,
		InvalidParams: []InvalidParam{{Name: SecondFactorHeader, Code: key, Reason: h.cat.T(locale.NL, key)}}}
	body, err := json.Marshal(p)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	// The bearer token was fine; the challenge names the factor missing.
	w.Header().Set("WWW-Authenticate", `Bearer error="insufficient_user_authentication"`)
	w.Header().Set("Content-Language", locale.NL)
	writeBody(w, http.StatusUnauthorized, "application/problem+json", body)
}
