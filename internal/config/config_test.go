package config_test

import (
	"encoding/base64"
	"errors"
	"flag"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"wijkregie/internal/bsnkey"
	"wijkregie/internal/config"
)

// bind makes a serve flag set over env, as the serve command does, and
// parses args.
func bind(t *testing.T, env map[string]string, args ...string) (config.Config, error) {
	t.Helper()
	c := config.Defaults()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	getenv := func(k string) string { return env[k] }
	tr := func(key string) string { return "[" + key + "]" }
	c.BindStore(fs, getenv, tr)
	envErr := c.BindServe(fs, getenv, tr)
	if err := fs.Parse(args); err != nil {
		t.Fatalf("parse %q: %v", args, err)
	}
	return c, envErr
}

func TestDefaults(t *testing.T) {
	want := config.Config{Addr: "127.0.0.1:8080", DataDir: "./wijkregie-data", LogLevel: "info"}
	if diff := cmp.Diff(config.Defaults(), want); diff != "" {
		t.Errorf("Defaults() (-got +want):\n%s", diff)
	}
	got, err := bind(t, nil)
	if err != nil {
		t.Fatalf("BindServe without environment: %v", err)
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("bound without flags or environment (-got +want):\n%s", diff)
	}
	if err := got.ValidateServe(); err != nil {
		t.Errorf("the defaults do not validate: %v", err)
	}
	if got.Level() != slog.LevelInfo {
		t.Errorf("Level() = %v; want %v", got.Level(), slog.LevelInfo)
	}
}

func TestEnvironmentAndFlags(t *testing.T) {
	env := map[string]string{
		"WIJKREGIE_ADDR":           "0.0.0.0:9000",
		"WIJKREGIE_DATA":           "/var/lib/wijkregie",
		"WIJKREGIE_DB":             "postgres://wr@db/wijkregie",
		"WIJKREGIE_DEMO":           "true",
		"WIJKREGIE_LOG_LEVEL":      "debug",
		"WIJKREGIE_SECURE_COOKIES": "1",
	}
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want config.Config
	}{
		{"environment fills every value", env, nil,
			config.Config{Addr: "0.0.0.0:9000", DataDir: "/var/lib/wijkregie", DB: "postgres://wr@db/wijkregie", Demo: true, LogLevel: "debug", SecureCookies: true}},
		{"flags without environment", nil,
			[]string{"--addr", ":7000", "--data", "/srv/wr", "--db", "postgresql://x@y/z", "--demo", "--log-level", "warn", "--secure-cookies"},
			config.Config{Addr: ":7000", DataDir: "/srv/wr", DB: "postgresql://x@y/z", Demo: true, LogLevel: "warn", SecureCookies: true}},
		{"a flag wins over the environment", env,
			[]string{"--addr", ":7000", "--data", "/srv/wr", "--db", "", "--demo=false", "--log-level", "error", "--secure-cookies=false"},
			config.Config{Addr: ":7000", DataDir: "/srv/wr", DB: "", Demo: false, LogLevel: "error", SecureCookies: false}},
		{"one flag, the rest from the environment", env, []string{"--log-level", "warn"},
			config.Config{Addr: "0.0.0.0:9000", DataDir: "/var/lib/wijkregie", DB: "postgres://wr@db/wijkregie", Demo: true, LogLevel: "warn", SecureCookies: true}},
		{"empty environment values keep the defaults", map[string]string{"WIJKREGIE_ADDR": "", "WIJKREGIE_DEMO": ""}, nil,
			config.Defaults()},
		{"boolean spellings strconv accepts", map[string]string{"WIJKREGIE_DEMO": "TRUE", "WIJKREGIE_SECURE_COOKIES": "f"}, nil,
			config.Config{Addr: "127.0.0.1:8080", DataDir: "./wijkregie-data", LogLevel: "info", Demo: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := bind(t, tt.env, tt.args...)
			if err != nil {
				t.Fatalf("BindServe: %v", err)
			}
			if diff := cmp.Diff(got, tt.want); diff != "" {
				t.Errorf("config (-got +want):\n%s", diff)
			}
		})
	}
}

func TestFlagUsageNamesTheEnvironmentVariable(t *testing.T) {
	c := config.Defaults()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	tr := func(key string) string { return "[" + key + "]" }
	c.BindStore(fs, func(string) string { return "" }, tr)
	if err := c.BindServe(fs, func(string) string { return "" }, tr); err != nil {
		t.Fatal(err)
	}
	for _, s := range append(append([]config.Setting{}, config.StoreSettings...), config.ServeSettings...) {
		f := fs.Lookup(s.Flag)
		if f == nil {
			t.Errorf("setting %s has no flag", s.Flag)
			continue
		}
		if want := "[" + s.Usage + "] (" + s.Env + ")"; f.Usage != want {
			t.Errorf("--%s usage %q; want %q", s.Flag, f.Usage, want)
		}
	}
}

func TestBindServeReportsBadBoolean(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		flag    string
		envName string
		value   string
	}{
		{"demo", map[string]string{"WIJKREGIE_DEMO": "misschien"}, "--demo", "WIJKREGIE_DEMO", "misschien"},
		{"secure cookies", map[string]string{"WIJKREGIE_SECURE_COOKIES": "ja"}, "--secure-cookies", "WIJKREGIE_SECURE_COOKIES", "ja"},
		{"both: the first is reported", map[string]string{"WIJKREGIE_DEMO": "misschien", "WIJKREGIE_SECURE_COOKIES": "ja"}, "--demo", "WIJKREGIE_DEMO", "misschien"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := bind(t, tt.env)
			var ce *config.Error
			if !errors.As(err, &ce) {
				t.Fatalf("BindServe error %v (%T); want a *config.Error", err, err)
			}
			if !strings.Contains(ce.Setting, tt.flag) || !strings.Contains(ce.Setting, tt.envName) {
				t.Errorf("Setting %q; want it to name %s and %s", ce.Setting, tt.flag, tt.envName)
			}
			if ce.Value != tt.value || ce.Key != "cli.config.bool" {
				t.Errorf("Value, Key = %q, %q; want %q, %q", ce.Value, ce.Key, tt.value, "cli.config.bool")
			}
			if !strings.Contains(err.Error(), tt.value) {
				t.Errorf("Error() %q does not show the value %q", err.Error(), tt.value)
			}
			// The bad value does not turn the setting on.
			if got.Demo || got.SecureCookies {
				t.Errorf("Demo, SecureCookies = %v, %v after a bad value; want false, false", got.Demo, got.SecureCookies)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		change  func(c *config.Config)
		setting string // the flag the error must name; "" when valid
		key     string
	}{
		{"defaults", func(c *config.Config) {}, "", ""},
		{"postgres URL", func(c *config.Config) {
			c.DB, c.BSNKeyFile = "postgres://wr@db:5432/wijkregie?sslmode=require", "/etc/wijkregie/bsn-sleutel"
		}, "", ""},
		{"postgresql URL needs no data folder", func(c *config.Config) { c.DB, c.BSNKey, c.DataDir = "postgresql://wr@db/wr", "k1 …", "" }, "", ""},
		{"postgres without a BSN key", func(c *config.Config) { c.DB = "postgres://wr@db/wr" }, "--bsn-sleutel", "cli.config.bsn-sleutel.ontbreekt"},
		{"BSN key file and text", func(c *config.Config) { c.BSNKeyFile, c.BSNKey = "/etc/k", "k1 …" }, "WIJKREGIE_BSN_SLEUTEL", "cli.config.bsn-sleutel.beide"},
		{"any port", func(c *config.Config) { c.Addr = ":8080" }, "", ""},
		{"localhost", func(c *config.Config) { c.Addr = "localhost:8080" }, "", ""},
		{"IPv6", func(c *config.Config) { c.Addr = "[::1]:8080" }, "", ""},
		{"port 0", func(c *config.Config) { c.Addr = "0.0.0.0:0" }, "", ""},
		{"highest port", func(c *config.Config) { c.Addr = "127.0.0.1:65535" }, "", ""},
		{"log level any case", func(c *config.Config) { c.LogLevel = "WARN" }, "", ""},
		{"trusted proxies", func(c *config.Config) { c.TrustedProxy = "10.0.0.1, 10.0.0.2,::1" }, "", ""},
		{"trusted proxy not an IP", func(c *config.Config) { c.TrustedProxy = "10.0.0.1,proxy.example" }, "--trusted-proxy", "cli.config.trusted-proxy"},

		{"mysql URL", func(c *config.Config) { c.DB = "mysql://wr@db/wr" }, "--db", "cli.config.db"},
		{"DB not a URL", func(c *config.Config) { c.DB = "wijkregie" }, "--db", "cli.config.db"},
		{"DB unparsable", func(c *config.Config) { c.DB = "postgres://wr@db:port/x" }, "--db", "cli.config.db"},
		{"empty data folder", func(c *config.Config) { c.DataDir = "" }, "--data", "cli.config.data"},
		{"blank data folder", func(c *config.Config) { c.DataDir = "  " }, "--data", "cli.config.data"},
		{"no port", func(c *config.Config) { c.Addr = "localhost" }, "--addr", "cli.config.addr"},
		{"empty address", func(c *config.Config) { c.Addr = "" }, "--addr", "cli.config.addr"},
		{"named port", func(c *config.Config) { c.Addr = "127.0.0.1:http" }, "--addr", "cli.config.port"},
		{"port too high", func(c *config.Config) { c.Addr = "127.0.0.1:65536" }, "--addr", "cli.config.port"},
		{"negative port", func(c *config.Config) { c.Addr = "127.0.0.1:-1" }, "--addr", "cli.config.port"},
		{"empty port", func(c *config.Config) { c.Addr = "127.0.0.1:" }, "--addr", "cli.config.port"},
		{"host name", func(c *config.Config) { c.Addr = "wijkregie.example:8080" }, "", ""},
		{"host name with underscore", func(c *config.Config) { c.Addr = "wijk_regie:8080" }, "--addr", "cli.config.host"},
		{"host name with empty label", func(c *config.Config) { c.Addr = "wijkregie..example:8080" }, "--addr", "cli.config.host"},
		{"host name starting with a hyphen", func(c *config.Config) { c.Addr = "-wijkregie:8080" }, "--addr", "cli.config.host"},
		{"URL as address", func(c *config.Config) { c.Addr = "http://localhost:8080" }, "--addr", "cli.config.addr"},
		{"bad log level", func(c *config.Config) { c.LogLevel = "luid" }, "--log-level", "cli.config.log-level"},
		{"empty log level", func(c *config.Config) { c.LogLevel = "" }, "--log-level", "cli.config.log-level"},
		{"public address", func(c *config.Config) { c.PublicURL = "https://wijkregie.duinhaven.nl" }, "", ""},
		{"public address with a slash", func(c *config.Config) { c.PublicURL = "https://wijkregie.duinhaven.nl/" }, "", ""},
		{"public address on this machine", func(c *config.Config) { c.PublicURL = "http://localhost:8080" }, "", ""},
		{"public address over http", func(c *config.Config) { c.PublicURL = "http://wijkregie.duinhaven.nl" }, "--publiek-adres", "cli.config.publiek-adres"},
		{"public address with a path", func(c *config.Config) { c.PublicURL = "https://duinhaven.nl/wijkregie" }, "--publiek-adres", "cli.config.publiek-adres"},
		{"public address with a query", func(c *config.Config) { c.PublicURL = "https://duinhaven.nl/?a=b" }, "--publiek-adres", "cli.config.publiek-adres"},
		{"public address without a host", func(c *config.Config) { c.PublicURL = "wijkregie.duinhaven.nl" }, "--publiek-adres", "cli.config.publiek-adres"},
		{"store first", func(c *config.Config) { c.DataDir = ""; c.Addr = "x"; c.LogLevel = "x" }, "--data", "cli.config.data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := config.Defaults()
			tt.change(&c)
			err := c.ValidateServe()
			if tt.setting == "" {
				if err != nil {
					t.Errorf("ValidateServe() = %v; want nil", err)
				}
				return
			}
			var ce *config.Error
			if !errors.As(err, &ce) {
				t.Fatalf("ValidateServe() = %v (%T); want a *config.Error", err, err)
			}
			if !strings.Contains(ce.Setting, tt.setting) || ce.Key != tt.key {
				t.Errorf("Setting, Key = %q, %q; want one naming %s, %q", ce.Setting, ce.Key, tt.setting, tt.key)
			}
			if !strings.Contains(err.Error(), tt.setting) {
				t.Errorf("Error() = %q; want it to name %s", err.Error(), tt.setting)
			}
		})
	}
}

// TestValidateStoreHidesThePassword: the message shows the value so the
// reader sees the mistake, but a password in it ends up in terminals and
// tickets.
func TestValidateStoreHidesThePassword(t *testing.T) {
	for _, db := range []string{"mysql://wr:geheim123@db/wr", "postgress://wr:geheim123@db/wr?sslmode=disable", "pg://wr@db/wr?password=geheim123"} {
		c := config.Config{DB: db}
		err := c.ValidateStore()
		var ce *config.Error
		if !errors.As(err, &ce) || !strings.Contains(ce.Setting, "--db") {
			t.Fatalf("ValidateStore(%q) = %v; want a *config.Error naming --db", db, err)
		}
		if strings.Contains(ce.Value, "geheim123") || strings.Contains(err.Error(), "geheim123") {
			t.Errorf("the error for %q shows the password: %q", db, err.Error())
		}
	}
}

func TestValidateStoreIgnoresServeSettings(t *testing.T) {
	c := config.Config{DataDir: "./data", Addr: "nonsense", LogLevel: "nonsense"}
	if err := c.ValidateStore(); err != nil {
		t.Errorf("ValidateStore() = %v; want nil: address and log level are serve's", err)
	}
	c.DataDir = ""
	var ce *config.Error
	if err := c.ValidateStore(); !errors.As(err, &ce) || !strings.Contains(ce.Setting, "--data") {
		t.Errorf("ValidateStore() without a store = %v; want a *config.Error naming --data", err)
	}
}

func TestLevel(t *testing.T) {
	tests := []struct {
		in   string
		want slog.Level
	}{
		{"debug", slog.LevelDebug}, {"info", slog.LevelInfo}, {"Warn", slog.LevelWarn}, {"ERROR", slog.LevelError},
	}
	for _, tt := range tests {
		c := config.Defaults()
		c.LogLevel = tt.in
		if err := c.ValidateServe(); err != nil {
			t.Fatalf("ValidateServe with level %q: %v", tt.in, err)
		}
		if got := c.Level(); got != tt.want {
			t.Errorf("Level() for %q = %v; want %v", tt.in, got, tt.want)
		}
	}
}

// TestBSNKeys: the keys come from a file (--bsn-sleutel,
// WIJKREGIE_BSN_SLEUTEL_BESTAND) or from WIJKREGIE_BSN_SLEUTEL itself; one
// that cannot be used is a setting error that names the setting and shows
// no key.
func TestBSNKeys(t *testing.T) {
	k, err := bsnkey.Generate()
	if err != nil {
		t.Fatal(err)
	}
	secret := strings.Fields(k.Line())[1]
	weak := "k1 " + base64.StdEncoding.EncodeToString(make([]byte, 32))
	dir := t.TempDir()
	file := func(name, text string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good, open := file("goed", k.Line()+"\n", 0o600), file("open", k.Line()+"\n", 0o644)
	for _, tc := range []struct {
		name    string
		env     map[string]string
		args    []string
		setting string // "" when the keys load
		key     string
	}{
		{"none", nil, nil, "", ""},
		{"file by flag", nil, []string{"--bsn-sleutel", good}, "", ""},
		{"file by environment", map[string]string{"WIJKREGIE_BSN_SLEUTEL_BESTAND": good}, nil, "", ""},
		{"key in the environment", map[string]string{"WIJKREGIE_BSN_SLEUTEL": k.Line()}, nil, "", ""},
		{"file readable by others", nil, []string{"--bsn-sleutel", open}, "--bsn-sleutel", "cli.config.bsn-sleutel.rechten"},
		{"missing file", nil, []string{"--bsn-sleutel", filepath.Join(dir, "weg")}, "--bsn-sleutel", "cli.config.bsn-sleutel.onleesbaar"},
		{"weak file", nil, []string{"--bsn-sleutel", file("zwak", weak, 0o600)}, "--bsn-sleutel", "cli.config.bsn-sleutel.zwak"},
		{"weak environment", map[string]string{"WIJKREGIE_BSN_SLEUTEL": weak}, nil, "WIJKREGIE_BSN_SLEUTEL", "cli.config.bsn-sleutel.zwak"},
		{"malformed environment", map[string]string{"WIJKREGIE_BSN_SLEUTEL": secret}, nil, "WIJKREGIE_BSN_SLEUTEL", "cli.config.bsn-sleutel.vorm"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := bind(t, tc.env, tc.args...)
			if err != nil {
				t.Fatal(err)
			}
			keys, err := c.BSNKeys()
			if tc.setting == "" {
				if err != nil || (keys == nil) != (tc.name == "none") {
					t.Errorf("BSNKeys() = %v, %v", keys, err)
				}
				if keys != nil && keys.Current() != k.ID() {
					t.Errorf("BSNKeys() current %s; want %s", keys.Current(), k.ID())
				}
				return
			}
			var ce *config.Error
			if !errors.As(err, &ce) || !strings.Contains(ce.Setting, tc.setting) || ce.Key != tc.key {
				t.Fatalf("BSNKeys() = %v; want a *config.Error naming %s with %s", err, tc.setting, tc.key)
			}
			if strings.Contains(err.Error(), secret) || strings.Contains(ce.Value, "AAAA") {
				t.Errorf("the error shows the key: %v", err)
			}
		})
	}
}
