package config_test

import (
	"errors"
	"flag"
	"strings"
	"testing"

	"wijkregie/internal/config"
)

// TestOIDCSettings: the provider is configured all or none, over https
// (http on this machine only), with the redirect ending in the callback;
// the secret comes from the environment and is never in an error.
func TestOIDCSettings(t *testing.T) {
	env := map[string]string{
		"WIJKREGIE_OIDC_ISSUER":        "https://digid.example/oidc",
		"WIJKREGIE_OIDC_CLIENT_ID":     "wijkregie",
		"WIJKREGIE_OIDC_REDIRECT_URL":  "https://wijkregie.example/mijnplan/digid/terug",
		"WIJKREGIE_OIDC_CLIENT_SECRET": "zeer-geheim",
	}
	bind := func(env map[string]string, args ...string) *config.Config {
		t.Helper()
		c := config.Defaults()
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		c.BindOIDC(fs, func(k string) string { return env[k] }, func(k string) string { return k })
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		return &c
	}
	c := bind(env)
	if err := c.ValidateOIDC(); err != nil {
		t.Fatalf("complete settings: %v", err)
	}
	if oc := c.OIDCConfig(); oc == nil || oc.BSNClaim != "bsn" || oc.ClientSecret != "zeer-geheim" || oc.Issuer != env["WIJKREGIE_OIDC_ISSUER"] {
		t.Errorf("OIDCConfig = %+v", oc)
	}
	if c := bind(nil); c.OIDCEnabled() || c.ValidateOIDC() != nil || c.OIDCConfig() != nil {
		t.Error("no settings: want OpenID Connect off and valid")
	}
	if oc := bind(env, "--oidc-bsn-claim", "urn:nl:bsn").OIDCConfig(); oc.BSNClaim != "urn:nl:bsn" {
		t.Errorf("the claim flag: %q", oc.BSNClaim)
	}
	for _, tc := range []struct {
		name, key, value, setting, problem string
	}{
		{"no secret", "WIJKREGIE_OIDC_CLIENT_SECRET", "", "WIJKREGIE_OIDC_CLIENT_SECRET", "cli.config.oidc.onvolledig"},
		{"no issuer", "WIJKREGIE_OIDC_ISSUER", "", "--oidc-issuer", "cli.config.oidc.onvolledig"},
		{"no client", "WIJKREGIE_OIDC_CLIENT_ID", "", "--oidc-client-id", "cli.config.oidc.onvolledig"},
		{"http issuer", "WIJKREGIE_OIDC_ISSUER", "http://digid.example/oidc", "--oidc-issuer", "cli.config.oidc.url"},
		{"another callback", "WIJKREGIE_OIDC_REDIRECT_URL", "https://wijkregie.example/terug", "--oidc-redirect-url", "cli.config.oidc.redirect"},
	} {
		e := map[string]string{}
		for k, v := range env {
			e[k] = v
		}
		e[tc.key] = tc.value
		err := bind(e).ValidateOIDC()
		var ce *config.Error
		if !errors.As(err, &ce) || !strings.HasPrefix(ce.Setting, tc.setting) || ce.Key != tc.problem {
			t.Errorf("%s: %v; want %s on %s", tc.name, err, tc.problem, tc.setting)
		}
		if err != nil && strings.Contains(err.Error(), "zeer-geheim") {
			t.Errorf("%s: the secret is in the error", tc.name)
		}
	}
	local := map[string]string{}
	for k, v := range env {
		local[k] = v
	}
	local["WIJKREGIE_OIDC_ISSUER"] = "http://localhost:9000/oidc"
	if err := bind(local).ValidateOIDC(); err != nil {
		t.Errorf("http on localhost: %v", err)
	}
}
