package config

import (
	"flag"
	"net"
	"net/url"
	"strings"

	"wijkregie/internal/oidc"
)

// OIDC is the OpenID Connect provider through which residents log in to
// Mijn Plan, for DigiD (docs/mijnplan.md). None of it set: the login offers
// the inlogcode only. Partly set: serve refuses to start.
type OIDC struct {
	Issuer      string
	ClientID    string
	RedirectURL string // this site's https://…/mijnplan/digid/terug
	BSNClaim    string // the ID token claim with the BSN; "bsn" when empty
	// ClientSecret comes from the environment only (OIDCSecretEnv): on
	// the command line it would show in every process list.
	ClientSecret string
}

// The OpenID Connect settings.
var (
	settingOIDCIssuer   = Setting{"oidc-issuer", "WIJKREGIE_OIDC_ISSUER", "cli.instelling.oidc-issuer"}
	settingOIDCClientID = Setting{"oidc-client-id", "WIJKREGIE_OIDC_CLIENT_ID", "cli.instelling.oidc-client-id"}
	settingOIDCRedirect = Setting{"oidc-redirect-url", "WIJKREGIE_OIDC_REDIRECT_URL", "cli.instelling.oidc-redirect-url"}
	settingOIDCBSNClaim = Setting{"oidc-bsn-claim", "WIJKREGIE_OIDC_BSN_CLAIM", "cli.instelling.oidc-bsn-claim"}
)

// OIDCSecretEnv holds the client secret of the OpenID Connect provider.
const OIDCSecretEnv = "WIJKREGIE_OIDC_CLIENT_SECRET"

// OIDCSettings are serve's OpenID Connect settings, for flags and docs.
var OIDCSettings = []Setting{settingOIDCIssuer, settingOIDCClientID, settingOIDCRedirect, settingOIDCBSNClaim}

// OIDCCallbackPath is where the provider sends the resident back; the
// redirect URL must end in it.
const OIDCCallbackPath = "/mijnplan/digid/terug"

// BindOIDC adds the OpenID Connect flags to fs, with defaults from the
// environment, and reads the client secret from the environment.
func (c *Config) BindOIDC(fs *flag.FlagSet, getenv func(string) string, tr func(string) string) {
	bindString(fs, &c.OIDC.Issuer, settingOIDCIssuer, getenv, tr)
	bindString(fs, &c.OIDC.ClientID, settingOIDCClientID, getenv, tr)
	bindString(fs, &c.OIDC.RedirectURL, settingOIDCRedirect, getenv, tr)
	bindString(fs, &c.OIDC.BSNClaim, settingOIDCBSNClaim, getenv, tr)
	c.OIDC.ClientSecret = getenv(OIDCSecretEnv)
}

// OIDCEnabled reports whether an OpenID Connect provider is configured.
func (c *Config) OIDCEnabled() bool {
	o := c.OIDC
	return o.Issuer != "" || o.ClientID != "" || o.RedirectURL != "" || o.ClientSecret != ""
}

// ValidateOIDC checks the OpenID Connect settings: all or none, the issuer
// and redirect over https (http only on this machine, for trying it out),
// the redirect ending in OIDCCallbackPath. The secret's value is never in
// an error.
func (c *Config) ValidateOIDC() error {
	if !c.OIDCEnabled() {
		return nil
	}
	o := c.OIDC
	switch {
	case o.Issuer == "":
		return &Error{Setting: settingOIDCIssuer.Name(), Key: "cli.config.oidc.onvolledig"}
	case o.ClientID == "":
		return &Error{Setting: settingOIDCClientID.Name(), Key: "cli.config.oidc.onvolledig"}
	case o.RedirectURL == "":
		return &Error{Setting: settingOIDCRedirect.Name(), Key: "cli.config.oidc.onvolledig"}
	case o.ClientSecret == "":
		return &Error{Setting: OIDCSecretEnv, Key: "cli.config.oidc.onvolledig"}
	}
	if !secureURL(o.Issuer) {
		return &Error{Setting: settingOIDCIssuer.Name(), Value: o.Issuer, Key: "cli.config.oidc.url"}
	}
	if !secureURL(o.RedirectURL) || !strings.HasSuffix(mustPath(o.RedirectURL), OIDCCallbackPath) {
		return &Error{Setting: settingOIDCRedirect.Name(), Value: o.RedirectURL, Key: "cli.config.oidc.redirect"}
	}
	return nil
}

// OIDCConfig returns the provider's configuration for internal/oidc; nil
// when none is configured.
func (c *Config) OIDCConfig() *oidc.Config {
	if !c.OIDCEnabled() {
		return nil
	}
	o := c.OIDC
	if strings.TrimSpace(o.BSNClaim) == "" {
		o.BSNClaim = "bsn"
	}
	return &oidc.Config{Issuer: o.Issuer, ClientID: o.ClientID, ClientSecret: o.ClientSecret, RedirectURL: o.RedirectURL, BSNClaim: o.BSNClaim}
}

// secureURL accepts an absolute https URL, or http to this machine.
func secureURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return false
	}
	switch u.Scheme {
	case "https":
		return true
	case "http":
		h := u.Hostname()
		ip := net.ParseIP(h)
		return h == "localhost" || ip != nil && ip.IsLoopback()
	}
	return false
}

func mustPath(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	return u.Path
}
