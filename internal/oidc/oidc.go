// Package oidc is a small OpenID Connect relying party for Mijn Plan's
// resident login (docs/mijnplan.md, "Inloggen met DigiD (OpenID
// Connect)"): the authorization code flow with PKCE (S256), state and
// nonce, the provider's discovery document and JWKS, and the ID token's
// signature (RS256, PS256, ES256) and claims (iss, aud, azp, exp, nbf,
// nonce) verified. It uses the standard library only; docs/decisions.md
// says why.
package oidc

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// Config is one installation's provider.
type Config struct {
	Issuer       string // exactly as the provider's tokens name it
	ClientID     string
	ClientSecret string
	RedirectURL  string // this site's /mijnplan/digid/terug
	// BSNClaim names the ID token claim that holds the BSN; "bsn" when
	// empty.
	BSNClaim string
	// Client makes the provider requests; one with a 10 s timeout when nil.
	Client *http.Client
}

// Errors of a login that did not verify. Their text names what failed,
// never a token or a claim's value, so they may be logged.
var (
	ErrProvider  = errors.New("oidc: provider request failed")
	ErrToken     = errors.New("oidc: malformed id token")
	ErrSignature = errors.New("oidc: id token signature does not verify")
	ErrClaims    = errors.New("oidc: id token claims refused")
	ErrNoBSN     = errors.New("oidc: id token holds no usable bsn claim")
)

// skew is how far the provider's clock may be off ours.
const skew = time.Minute

// Provider is a configured OpenID Connect provider. It fetches the
// discovery document and the JWKS when first needed, and the JWKS again
// when a token names a key it does not know (the provider rotated its
// keys). It is safe for concurrent use.
type Provider struct {
	cfg    Config
	client *http.Client

	mu        sync.Mutex
	meta      *metadata
	keys      []jwk
	keysTried time.Time
}

type metadata struct {
	Issuer                 string   `json:"issuer"`
	AuthorizationEndpoint  string   `json:"authorization_endpoint"`
	TokenEndpoint          string   `json:"token_endpoint"`
	JWKSURI                string   `json:"jwks_uri"`
	CodeChallengeMethods   []string `json:"code_challenge_methods_supported"`
	IDTokenSigningAlgs     []string `json:"id_token_signing_alg_values_supported"`
	TokenEndpointAuthMeths []string `json:"token_endpoint_auth_methods_supported"`
}

// New returns the provider of cfg; it does not contact it yet, so a
// provider that is down does not stop the server from starting.
func New(cfg Config) (*Provider, error) {
	if cfg.Issuer == "" || cfg.ClientID == "" || cfg.ClientSecret == "" || cfg.RedirectURL == "" {
		return nil, errors.New("oidc: issuer, client id, client secret and redirect URL are all needed")
	}
	if cfg.BSNClaim == "" {
		cfg.BSNClaim = "bsn"
	}
	c := cfg.Client
	if c == nil {
		c = &http.Client{Timeout: 10 * time.Second}
	}
	return &Provider{cfg: cfg, client: c}, nil
}

// Random returns a new random value for a state, nonce or PKCE verifier:
// 256 bits, base64url (43 characters, within RFC 7636's 43 to 128).
func Random() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Challenge returns the PKCE S256 code challenge of a verifier.
func Challenge(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// AuthURL returns the address to send the user to: the provider's
// authorization endpoint with the client, the redirect, the scope openid,
// the state, the nonce and the PKCE challenge.
func (p *Provider) AuthURL(ctx context.Context, state, nonce, verifier string) (string, error) {
	m, err := p.metadata(ctx)
	if err != nil {
		return "", err
	}
	u, err := url.Parse(m.AuthorizationEndpoint)
	if err != nil {
		return "", fmt.Errorf("%w: authorization endpoint", ErrProvider)
	}
	q := u.Query()
	q.Set("response_type", "code")
	q.Set("client_id", p.cfg.ClientID)
	q.Set("redirect_uri", p.cfg.RedirectURL)
	q.Set("scope", "openid")
	q.Set("state", state)
	q.Set("nonce", nonce)
	q.Set("code_challenge", Challenge(verifier))
	q.Set("code_challenge_method", "S256")
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// Exchange trades an authorization code, with the PKCE verifier, for the
// provider's ID token (not yet verified: see Verify).
func (p *Provider) Exchange(ctx context.Context, code, verifier string) (string, error) {
	m, err := p.metadata(ctx)
	if err != nil {
		return "", err
	}
	form := url.Values{
		"grant_type":    {"authorization_code"},
		"code":          {code},
		"redirect_uri":  {p.cfg.RedirectURL},
		"code_verifier": {verifier},
		"client_id":     {p.cfg.ClientID},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, m.TokenEndpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return "", fmt.Errorf("%w: token endpoint", ErrProvider)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	// client_secret_basic, the default every provider supports; the
	// values are form-encoded first (RFC 6749, 2.3.1).
	req.SetBasicAuth(url.QueryEscape(p.cfg.ClientID), url.QueryEscape(p.cfg.ClientSecret))
	var tok struct {
		IDToken string `json:"id_token"`
	}
	if err := p.do(req, &tok); err != nil {
		return "", err
	}
	if tok.IDToken == "" {
		return "", fmt.Errorf("%w: no id_token in the token response", ErrProvider)
	}
	return tok.IDToken, nil
}

// Claims are an ID token's verified claims.
type Claims map[string]any

// Verify checks an ID token: its signature by a key of the provider's
// JWKS, with an algorithm that is not "none" nor a shared secret; iss
// the configured issuer; aud holding the client id (and azp the client
// when there are several audiences); exp not past and nbf not ahead,
// within a minute's skew; nonce the one this login sent.
func (p *Provider) Verify(ctx context.Context, raw, nonce string, now time.Time) (Claims, error) {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return nil, ErrToken
	}
	var hdr struct {
		Alg string `json:"alg"`
		Kid string `json:"kid"`
	}
	if err := decodeSegment(parts[0], &hdr); err != nil {
		return nil, ErrToken
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return nil, ErrToken
	}
	signed := []byte(parts[0] + "." + parts[1])
	if err := p.verifySignature(ctx, hdr.Alg, hdr.Kid, signed, sig); err != nil {
		return nil, err
	}
	var c Claims
	dec := json.NewDecoder(strings.NewReader(mustSegment(parts[1])))
	dec.UseNumber()
	if err := dec.Decode(&c); err != nil {
		return nil, ErrToken
	}
	if iss, _ := c["iss"].(string); iss != p.cfg.Issuer {
		return nil, fmt.Errorf("%w: iss", ErrClaims)
	}
	auds := audiences(c["aud"])
	if !slices.Contains(auds, p.cfg.ClientID) {
		return nil, fmt.Errorf("%w: aud", ErrClaims)
	}
	if azp, ok := c["azp"].(string); (len(auds) > 1 || ok) && azp != p.cfg.ClientID {
		return nil, fmt.Errorf("%w: azp", ErrClaims)
	}
	exp, ok := numericDate(c["exp"])
	if !ok || !now.Before(exp.Add(skew)) {
		return nil, fmt.Errorf("%w: exp", ErrClaims)
	}
	if nbf, ok := numericDate(c["nbf"]); ok && now.Add(skew).Before(nbf) {
		return nil, fmt.Errorf("%w: nbf", ErrClaims)
	}
	if n, _ := c["nonce"].(string); nonce == "" || n != nonce {
		return nil, fmt.Errorf("%w: nonce", ErrClaims)
	}
	return c, nil
}

// BSN returns the BSN the claims hold in the configured claim: nine
// digits, as a string or a number. A value of the form "prefix:digits"
// (as some brokers give DigiD's sectoral number, "s00000000:123456789")
// is read after its last colon. Checking the number is the caller's.
func (p *Provider) BSN(c Claims) (string, error) {
	var s string
	switch v := c[p.cfg.BSNClaim].(type) {
	case string:
		s = v
	case json.Number:
		s = v.String()
	default:
		return "", ErrNoBSN
	}
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		s = s[i+1:]
	}
	s = strings.TrimSpace(s)
	if len(s) == 8 {
		s = "0" + s // a number lost its leading zero
	}
	if len(s) != 9 || strings.Trim(s, "0123456789") != "" {
		return "", ErrNoBSN
	}
	return s, nil
}

func (p *Provider) verifySignature(ctx context.Context, alg, kid string, signed, sig []byte) error {
	switch alg {
	case "RS256", "PS256", "ES256":
	default:
		// "none", HS256 (a shared secret the client also holds) and
		// anything unknown are refused.
		return fmt.Errorf("%w: algorithm %q not accepted", ErrSignature, alg)
	}
	keys, err := p.keysFor(ctx, kid)
	if err != nil {
		return err
	}
	digest := sha256.Sum256(signed)
	for _, k := range keys {
		if k.verify(alg, digest[:], sig) {
			return nil
		}
	}
	return ErrSignature
}

// keysFor returns the JWKS keys that may have signed a token naming kid
// (all of them when it names none), fetching the JWKS again, at most once
// a minute, when none has that kid.
func (p *Provider) keysFor(ctx context.Context, kid string) ([]jwk, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	pick := func() []jwk {
		var out []jwk
		for _, k := range p.keys {
			if kid == "" || k.Kid == kid {
				out = append(out, k)
			}
		}
		return out
	}
	if ks := pick(); len(ks) > 0 {
		return ks, nil
	}
	if !p.keysTried.IsZero() && time.Since(p.keysTried) < time.Minute {
		return nil, fmt.Errorf("%w: no key %q", ErrSignature, kid)
	}
	p.keysTried = time.Now()
	m, err := p.metadataLocked(ctx)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, m.JWKSURI, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: jwks_uri", ErrProvider)
	}
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := p.do(req, &set); err != nil {
		return nil, err
	}
	var keys []jwk
	for _, raw := range set.Keys {
		if k, ok := parseJWK(raw); ok {
			keys = append(keys, k)
		}
	}
	p.keys = keys
	if ks := pick(); len(ks) > 0 {
		return ks, nil
	}
	return nil, fmt.Errorf("%w: no key %q", ErrSignature, kid)
}

func (p *Provider) metadata(ctx context.Context) (*metadata, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.metadataLocked(ctx)
}

// metadataLocked fetches the discovery document once; a failed fetch is
// tried again by the next login.
func (p *Provider) metadataLocked(ctx context.Context) (*metadata, error) {
	if p.meta != nil {
		return p.meta, nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(p.cfg.Issuer, "/")+"/.well-known/openid-configuration", nil)
	if err != nil {
		return nil, fmt.Errorf("%w: issuer", ErrProvider)
	}
	var m metadata
	if err := p.do(req, &m); err != nil {
		return nil, err
	}
	// OpenID Connect Discovery 4.3: the document's issuer must be the
	// one asked for, or a look-alike could serve its own keys.
	if m.Issuer != p.cfg.Issuer || m.AuthorizationEndpoint == "" || m.TokenEndpoint == "" || m.JWKSURI == "" {
		return nil, fmt.Errorf("%w: discovery document does not match the issuer", ErrProvider)
	}
	if len(m.CodeChallengeMethods) > 0 && !slices.Contains(m.CodeChallengeMethods, "S256") {
		return nil, fmt.Errorf("%w: provider does not offer PKCE S256", ErrProvider)
	}
	p.meta = &m
	return p.meta, nil
}

// do sends a request and decodes a JSON answer of at most 1 MiB.
func (p *Provider) do(req *http.Request, into any) error {
	resp, err := p.client.Do(req)
	if err != nil {
		return fmt.Errorf("%w: %s %s: %v", ErrProvider, req.Method, req.URL.Redacted(), errors.Unwrap(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("%w: reading %s", ErrProvider, req.URL.Path)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%w: %s answered %d", ErrProvider, req.URL.Path, resp.StatusCode)
	}
	if err := json.Unmarshal(body, into); err != nil {
		return fmt.Errorf("%w: %s is not the JSON expected", ErrProvider, req.URL.Path)
	}
	return nil
}

// jwk is one verification key of the provider's JWKS.
type jwk struct {
	Kid string
	rsa *rsa.PublicKey
	ec  *ecdsa.PublicKey
}

func parseJWK(raw json.RawMessage) (jwk, bool) {
	var k struct {
		Kty, Kid, Use, Alg, N, E, Crv, X, Y string
	}
	if json.Unmarshal(raw, &k) != nil || (k.Use != "" && k.Use != "sig") {
		return jwk{}, false
	}
	b := func(s string) []byte {
		v, err := base64.RawURLEncoding.DecodeString(s)
		if err != nil {
			return nil
		}
		return v
	}
	switch k.Kty {
	case "RSA":
		n, e := b(k.N), b(k.E)
		if len(n) < 256 || len(e) == 0 || len(e) > 4 {
			// Under 2048 bits is too weak to trust.
			return jwk{}, false
		}
		exp := int(new(big.Int).SetBytes(e).Int64())
		return jwk{Kid: k.Kid, rsa: &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: exp}}, true
	case "EC":
		x, y := b(k.X), b(k.Y)
		if k.Crv != "P-256" || len(x) != 32 || len(y) != 32 {
			return jwk{}, false
		}
		pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), append(append([]byte{4}, x...), y...))
		if err != nil {
			return jwk{}, false
		}
		return jwk{Kid: k.Kid, ec: pub}, true
	}
	return jwk{}, false
}

func (k jwk) verify(alg string, digest, sig []byte) bool {
	switch {
	case alg == "RS256" && k.rsa != nil:
		return rsa.VerifyPKCS1v15(k.rsa, crypto.SHA256, digest, sig) == nil
	case alg == "PS256" && k.rsa != nil:
		return rsa.VerifyPSS(k.rsa, crypto.SHA256, digest, sig, nil) == nil
	case alg == "ES256" && k.ec != nil:
		// JWS gives r and s as two 32-byte big-endian numbers (RFC 7518,
		// 3.4), not ASN.1.
		if len(sig) != 64 {
			return false
		}
		r, s := new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])
		return ecdsa.Verify(k.ec, digest, r, s)
	}
	return false
}

func decodeSegment(seg string, into any) error {
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, into)
}

func mustSegment(seg string) string {
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return ""
	}
	return string(b)
}

func audiences(v any) []string {
	switch a := v.(type) {
	case string:
		return []string{a}
	case []any:
		var out []string
		for _, x := range a {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func numericDate(v any) (time.Time, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return time.Time{}, false
	}
	f, err := n.Float64()
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(int64(f), 0), true
}
