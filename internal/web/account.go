package web

import (
	"net/http"

	"wijkregie"
	"wijkregie/internal/request"
	"wijkregie/internal/store"
)

// accountView is the user's own details and API tokens.
type accountView struct {
	User         *wijkregie.User
	Team         string
	Organisation string
	Tokens       tokenSection
}

// tokenSection is a user's API tokens with the form for a new one.
type tokenSection struct {
	Tokens []store.Token
	Action string // where a new token is posted; a token is revoked at Action/{id}/intrekken
	Form   *form
	Secret string // a new token's secret: shown on this response only
	// Form is nil where no token may be made: an administrator sees and
	// revokes another user's tokens but cannot take one in their name.
}

func (h *Handler) accountPage(w http.ResponseWriter, r *http.Request, status int, f *form, secret string) error {
	actor := request.Actor(r)
	ctx := r.Context()
	u, err := h.svc.User(ctx, actor, actor.UserID)
	if err != nil {
		return err
	}
	v := accountView{User: u, Tokens: tokenSection{Action: "/account/tokens", Form: f, Secret: secret}}
	if u.TeamID != "" {
		if t, err := h.svc.Team(ctx, actor, u.TeamID); err == nil {
			v.Team = t.Name
		} else if wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			return err
		}
	}
	if u.OrganisationID != "" {
		if o, err := h.svc.Organisation(ctx, actor, u.OrganisationID); err == nil {
			v.Organisation = o.Name
		} else if wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
			return err
		}
	}
	if v.Tokens.Tokens, err = h.svc.Tokens(ctx, actor, actor.UserID); err != nil {
		return err
	}
	p := newPage(r, "titel.account", "account", v)
	if f.Invalid() {
		p.Invalid = f
	}
	return h.render(w, r, status, "account", p)
}

func (h *Handler) account(w http.ResponseWriter, r *http.Request) error {
	return h.accountPage(w, r, http.StatusOK, newForm("token-", tokenFields), "")
}

func (h *Handler) createOwnToken(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	actor := request.Actor(r)
	f := newForm("token-", tokenFields)
	f.Values.Set("naam", formValue(r, "naam"))
	secret, _, err := h.svc.CreateToken(r.Context(), actor, actor.UserID, formValue(r, "naam"))
	if err != nil {
		if f.fail(err) {
			return h.accountPage(w, r, http.StatusUnprocessableEntity, f, "")
		}
		return err
	}
	// Shown once, in this response: see createUserToken.
	return h.accountPage(w, r, http.StatusOK, newForm("token-", tokenFields), secret)
}

func (h *Handler) revokeOwnToken(w http.ResponseWriter, r *http.Request) error {
	actor := request.Actor(r)
	if err := h.svc.RevokeToken(r.Context(), actor, actor.UserID, r.PathValue("id")); err != nil {
		return err
	}
	return h.redirect(w, r, "/account", "melding.token.ingetrokken")
}
