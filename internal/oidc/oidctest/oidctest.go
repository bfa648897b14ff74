// Package oidctest runs a real OpenID Connect provider for tests: an
// httptest TLS server with a discovery document, a JWKS (an RSA and a
// P-256 key) and a token endpoint that checks the client, the redirect and
// the PKCE verifier and signs real ID tokens. Tests steer the next token
// (algorithm, claims, a broken signature) to see the relying party refuse.
package oidctest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"wijkregie/internal/oidc"
)

// Provider is the test provider.
type Provider struct {
	Server       *httptest.Server
	Issuer       string
	ClientID     string
	ClientSecret string
	RedirectURL  string
	// Now is the provider's clock for iat and exp.
	Now func() time.Time

	rsaKey *rsa.PrivateKey
	ecKey  *ecdsa.PrivateKey

	mu     sync.Mutex
	grants map[string]grant
	// Token shapes the next ID tokens; reset it between cases.
	Token Shape
	// Exchanges counts the token requests that succeeded.
	Exchanges int
}

// Shape says how the provider makes an ID token.
type Shape struct {
	Alg          string               // "RS256" (default), "PS256" or "ES256"
	BrokenSig    bool                 // flip a bit of the signature
	ForeignKey   bool                 // sign with a key the JWKS does not hold
	Claims       func(map[string]any) // change the claims before signing
	NoneAlg      bool                 // an unsigned token (alg "none")
	WrongKid     bool                 // name a key id the JWKS lacks
	TokenFailure bool                 // the token endpoint answers 500
}

type grant struct {
	nonce, challenge, redirect string
	claims                     map[string]any
}

// New starts a provider; it stops with the test.
func New(t testing.TB) *Provider {
	t.Helper()
	rk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ek, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	p := &Provider{ClientID: "wijkregie-test", ClientSecret: "geheim-" + oidc.Random(), rsaKey: rk, ecKey: ek,
		grants: map[string]grant{}, Now: time.Now}
	mux := http.NewServeMux()
	p.Server = httptest.NewTLSServer(mux)
	t.Cleanup(p.Server.Close)
	p.Issuer = p.Server.URL
	p.RedirectURL = "https://wijkregie.example/mijnplan/digid/terug"
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]any{
			"issuer":                                p.Issuer,
			"authorization_endpoint":                p.Issuer + "/authorize",
			"token_endpoint":                        p.Issuer + "/token",
			"jwks_uri":                              p.Issuer + "/jwks",
			"response_types_supported":              []string{"code"},
			"code_challenge_methods_supported":      []string{"S256"},
			"id_token_signing_alg_values_supported": []string{"RS256", "PS256", "ES256"},
		})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		b64 := base64.RawURLEncoding.EncodeToString
		pad := func(n *big.Int) []byte { b := make([]byte, 32); n.FillBytes(b); return b }
		writeJSON(w, map[string]any{"keys": []map[string]any{
			{"kty": "RSA", "kid": "rsa-1", "use": "sig", "alg": "RS256", "n": b64(rk.N.Bytes()), "e": b64(big.NewInt(int64(rk.E)).Bytes())},
			{"kty": "EC", "kid": "ec-1", "use": "sig", "alg": "ES256", "crv": "P-256", "x": b64(pad(ek.X)), "y": b64(pad(ek.Y))},
		}})
	})
	mux.HandleFunc("POST /token", p.token)
	return p
}

// Config is the relying party's configuration for this provider, with an
// HTTP client that trusts its certificate.
func (p *Provider) Config() oidc.Config {
	return oidc.Config{Issuer: p.Issuer, ClientID: p.ClientID, ClientSecret: p.ClientSecret, RedirectURL: p.RedirectURL,
		BSNClaim: "bsn", Client: p.Server.Client()}
}

// Login plays the resident at the provider: it reads the authorization
// URL the relying party made, checks it asks for a code with PKCE S256, a
// state and a nonce, and answers as the provider would with the code for
// a token that holds claims. It returns the code and the state.
func (p *Provider) Login(authURL string, claims map[string]any) (code, state string, err error) {
	u, err := url.Parse(authURL)
	if err != nil {
		return "", "", err
	}
	q := u.Query()
	switch {
	case u.Scheme+"://"+u.Host+u.Path != p.Issuer+"/authorize":
		return "", "", errors.New("not this provider's authorization endpoint")
	case q.Get("response_type") != "code", q.Get("client_id") != p.ClientID, q.Get("redirect_uri") != p.RedirectURL:
		return "", "", errors.New("wrong response_type, client_id or redirect_uri")
	case q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "":
		return "", "", errors.New("no PKCE S256 challenge")
	case q.Get("state") == "" || q.Get("nonce") == "" || q.Get("scope") != "openid":
		return "", "", errors.New("no state, nonce or scope openid")
	}
	code = oidc.Random()
	p.mu.Lock()
	p.grants[code] = grant{nonce: q.Get("nonce"), challenge: q.Get("code_challenge"), redirect: q.Get("redirect_uri"), claims: claims}
	p.mu.Unlock()
	return code, q.Get("state"), nil
}

func (p *Provider) token(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.Token.TokenFailure {
		http.Error(w, "storing", http.StatusInternalServerError)
		return
	}
	id, secret, ok := r.BasicAuth()
	cid, _ := url.QueryUnescape(id)
	sec, _ := url.QueryUnescape(secret)
	if !ok || cid != p.ClientID || sec != p.ClientSecret {
		w.WriteHeader(http.StatusUnauthorized)
		writeJSON(w, map[string]string{"error": "invalid_client"})
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	g, ok := p.grants[r.PostForm.Get("code")]
	delete(p.grants, r.PostForm.Get("code"))
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	if !ok || r.PostForm.Get("grant_type") != "authorization_code" || r.PostForm.Get("redirect_uri") != g.redirect ||
		base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
		w.WriteHeader(http.StatusBadRequest)
		writeJSON(w, map[string]string{"error": "invalid_grant"})
		return
	}
	now := p.Now()
	claims := map[string]any{"iss": p.Issuer, "aud": p.ClientID, "sub": "sub-" + oidc.Random()[:8], "iat": now.Unix(),
		"exp": now.Add(5 * time.Minute).Unix(), "nonce": g.nonce}
	for k, v := range g.claims {
		claims[k] = v
	}
	if p.Token.Claims != nil {
		p.Token.Claims(claims)
	}
	p.Exchanges++
	writeJSON(w, map[string]any{"access_token": oidc.Random(), "token_type": "Bearer", "id_token": p.sign(claims)})
}

func (p *Provider) sign(claims map[string]any) string {
	alg, kid := p.Token.Alg, "rsa-1"
	if alg == "" {
		alg = "RS256"
	}
	if alg == "ES256" {
		kid = "ec-1"
	}
	if p.Token.WrongKid {
		kid = "onbekend"
	}
	if p.Token.NoneAlg {
		alg = "none"
	}
	b64 := base64.RawURLEncoding.EncodeToString
	h, _ := json.Marshal(map[string]string{"alg": alg, "kid": kid, "typ": "JWT"})
	c, _ := json.Marshal(claims)
	input := b64(h) + "." + b64(c)
	digest := sha256.Sum256([]byte(input))
	rk, ek := p.rsaKey, p.ecKey
	if p.Token.ForeignKey {
		rk, _ = rsa.GenerateKey(rand.Reader, 2048)
		ek, _ = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	}
	var sig []byte
	switch alg {
	case "none":
	case "ES256":
		r, s, _ := ecdsa.Sign(rand.Reader, ek, digest[:])
		sig = make([]byte, 64)
		r.FillBytes(sig[:32])
		s.FillBytes(sig[32:])
	case "PS256":
		sig, _ = rsa.SignPSS(rand.Reader, rk, crypto.SHA256, digest[:], nil)
	default:
		sig, _ = rsa.SignPKCS1v15(rand.Reader, rk, crypto.SHA256, digest[:])
	}
	if p.Token.BrokenSig && len(sig) > 0 {
		sig[len(sig)/2] ^= 0x01
	}
	return input + "." + b64(sig)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}
