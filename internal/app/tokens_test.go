package app_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/auth"
	"wijkregie/internal/demo"
)

// tokenOK reports whether the token authenticates the user, failing the
// test for any error but unauthorized.
func (f *fixture) tokenOK(t *testing.T, token string, u *wijkregie.User) bool {
	t.Helper()
	got, err := f.svc.TokenUser(f.ctx, token)
	switch code(err) {
	case "":
		if got.ID != u.ID {
			t.Errorf("TokenUser gave user %s; want %s", got.ID, u.ID)
		}
		return true
	case wijkregie.EUNAUTHORIZED:
		return false
	}
	t.Fatalf("TokenUser: %v; want success or unauthorized", err)
	return false
}

func TestTokens(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro, lead, admin := f.users[wijkregie.RoleProfessional], f.users[wijkregie.RoleTeamLead], f.actor(wijkregie.RoleAdmin)
		proActor := wijkregie.ActorOf(pro)

		t.Run("own token works until revoked", func(t *testing.T) {
			secret, tok, err := f.svc.CreateToken(f.ctx, proActor, pro.ID, "  rapportage  ")
			if err != nil {
				t.Fatalf("CreateToken: %v", err)
			}
			if tok.Name != "rapportage" || tok.UserID != pro.ID || tok.Hash == secret || strings.Contains(tok.Hash, secret) {
				t.Errorf("token %+v; want name %q for %s, holding only a hash", tok, "rapportage", pro.ID)
			}
			if !f.tokenOK(t, secret, pro) {
				t.Fatal("a new token does not authenticate its user")
			}
			list, err := f.svc.Tokens(f.ctx, proActor, pro.ID)
			if err != nil || len(list) != 1 || list[0].ID != tok.ID {
				t.Errorf("Tokens = %+v, %v; want the one token", list, err)
			}
			if err := f.svc.RevokeToken(f.ctx, proActor, pro.ID, tok.ID); err != nil {
				t.Fatalf("RevokeToken: %v", err)
			}
			if f.tokenOK(t, secret, pro) {
				t.Error("a revoked token still authenticates")
			}
			if err := f.svc.RevokeToken(f.ctx, proActor, pro.ID, tok.ID); code(err) != wijkregie.ENOTFOUND {
				t.Errorf("revoking twice: %v; want %s", err, wijkregie.ENOTFOUND)
			}
		})

		t.Run("a disabled user's token", func(t *testing.T) {
			u := f.users[wijkregie.RolePartner]
			secret, _, err := f.svc.CreateToken(f.ctx, wijkregie.ActorOf(u), u.ID, "koppeling")
			if err != nil {
				t.Fatalf("CreateToken: %v", err)
			}
			if !f.tokenOK(t, secret, u) {
				t.Fatal("a new token does not authenticate its user")
			}
			if err := f.svc.SetUserActive(f.ctx, admin, u.ID, false); err != nil {
				t.Fatal(err)
			}
			if f.tokenOK(t, secret, u) {
				t.Error("a disabled user's token authenticates")
			}
		})

		t.Run("tokens for others", func(t *testing.T) {
			leadActor := wijkregie.ActorOf(lead)
			_, leadTok, err := f.svc.CreateToken(f.ctx, leadActor, lead.ID, "eigen")
			if err != nil {
				t.Fatal(err)
			}
			// Neither a colleague nor beheer may take a token in someone
			// else's name: it would read that user's families as them.
			calls := []struct {
				name string
				err  error
			}{
				{"CreateToken for a colleague", func() error { _, _, err := f.svc.CreateToken(f.ctx, proActor, lead.ID, "overname"); return err }()},
				{"CreateToken by beheer", func() error { _, _, err := f.svc.CreateToken(f.ctx, admin, lead.ID, "overname"); return err }()},
				{"Tokens of a colleague", func() error { _, err := f.svc.Tokens(f.ctx, proActor, lead.ID); return err }()},
				{"RevokeToken of a colleague", f.svc.RevokeToken(f.ctx, proActor, lead.ID, leadTok.ID)},
			}
			for _, c := range calls {
				if code(c.err) != wijkregie.EFORBIDDEN {
					t.Errorf("%s: %v; want %s", c.name, c.err, wijkregie.EFORBIDDEN)
				}
			}
			list, err := f.svc.Tokens(f.ctx, leadActor, lead.ID)
			if err != nil || len(list) != 1 || !list[0].RevokedAt.IsZero() {
				t.Errorf("the team lead's tokens %+v, %v; want the one, unrevoked", list, err)
			}
			// A token id under another user's name does not revoke it.
			if err := f.svc.RevokeToken(f.ctx, proActor, pro.ID, leadTok.ID); code(err) != wijkregie.ENOTFOUND {
				t.Errorf("revoking a colleague's token as one's own: %v; want %s", err, wijkregie.ENOTFOUND)
			}

			// The command line may make one for any user; beheer may list
			// and revoke any user's tokens.
			secret, sysTok, err := f.svc.CreateToken(f.ctx, wijkregie.SystemActor(demo.MunicipalityID), lead.ID, "koppeling")
			if err != nil {
				t.Fatalf("CreateToken by the system actor: %v", err)
			}
			if !f.tokenOK(t, secret, lead) {
				t.Error("the system actor's token does not authenticate its user")
			}
			if list, err := f.svc.Tokens(f.ctx, admin, lead.ID); err != nil || len(list) != 2 {
				t.Errorf("Tokens by beheer: %d tokens, %v; want 2", len(list), err)
			}
			if err := f.svc.RevokeToken(f.ctx, admin, lead.ID, sysTok.ID); err != nil {
				t.Errorf("RevokeToken by beheer: %v", err)
			}
			if f.tokenOK(t, secret, lead) {
				t.Error("a token revoked by beheer still authenticates")
			}
		})

		t.Run("names", func(t *testing.T) {
			tests := []struct {
				name string
				want []wijkregie.FieldError
			}{
				{"", []wijkregie.FieldError{{Name: "naam", Message: "veld.verplicht"}}},
				{" \t ", []wijkregie.FieldError{{Name: "naam", Message: "veld.verplicht"}}},
				{strings.Repeat("x", 101), []wijkregie.FieldError{{Name: "naam", Message: "veld.te_lang"}}},
			}
			for _, tt := range tests {
				_, _, err := f.svc.CreateToken(f.ctx, proActor, pro.ID, tt.name)
				var got []wijkregie.FieldError
				if e, ok := err.(*wijkregie.Error); ok && e.Code == wijkregie.EINVALID {
					got = e.Fields
				}
				if diff := cmp.Diff(got, tt.want); diff != "" {
					t.Errorf("CreateToken(%q): %v (-got +want):\n%s", tt.name, err, diff)
				}
			}
		})

		t.Run("bad tokens", func(t *testing.T) {
			session := f.login(t, pro, "192.0.2.40")
			for _, tok := range []string{"", "wr_", session, auth.NewToken(demo.MunicipalityID), auth.NewToken("GM0001"), "wr_GM9901_kort"} {
				if f.tokenOK(t, tok, pro) {
					t.Errorf("TokenUser(%q) authenticates", tok)
				}
			}
		})
	})
}
