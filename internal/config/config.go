// Package config is wijkregie's configuration: one struct, filled from
// command-line flags and WIJKREGIE_* environment variables (a flag wins),
// and validated before anything starts, with messages that name the
// setting.
package config

import (
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"

	"wijkregie/internal/logging"
)

// Config holds every setting.
type Config struct {
	Addr          string // serve: listen address
	DataDir       string // SQLite store folder
	DB            string // postgres:// URL; selects PostgreSQL
	Demo          bool   // serve: load the demo municipality into an empty store
	LogLevel      string
	SecureCookies bool // serve: Secure cookies behind a TLS-terminating proxy
}

// Defaults are the values without flags or environment.
func Defaults() Config {
	return Config{Addr: "127.0.0.1:8080", DataDir: "./wijkregie-data", LogLevel: "info"}
}

// Setting describes one setting for flags, environment and documentation.
type Setting struct {
	Flag  string
	Env   string
	Usage string // catalogue key of the help text
}

// StoreSettings are shared by every command that touches the store.
var StoreSettings = []Setting{
	{"data", "WIJKREGIE_DATA", "cli.instelling.data"},
	{"db", "WIJKREGIE_DB", "cli.instelling.db"},
}

// ServeSettings are serve's own.
var ServeSettings = []Setting{
	{"addr", "WIJKREGIE_ADDR", "cli.instelling.addr"},
	{"demo", "WIJKREGIE_DEMO", "cli.instelling.demo"},
	{"log-level", "WIJKREGIE_LOG_LEVEL", "cli.instelling.log-level"},
	{"secure-cookies", "WIJKREGIE_SECURE_COOKIES", "cli.instelling.secure-cookies"},
}

// BindStore adds the store flags to fs, with defaults from the environment.
func (c *Config) BindStore(fs *flag.FlagSet, getenv func(string) string, tr func(string) string) {
	fs.StringVar(&c.DataDir, "data", envOr(getenv, "WIJKREGIE_DATA", c.DataDir), usage(StoreSettings[0], tr))
	fs.StringVar(&c.DB, "db", envOr(getenv, "WIJKREGIE_DB", c.DB), usage(StoreSettings[1], tr))
}

// BindServe adds serve's flags to fs, with defaults from the environment.
// Boolean environment values that do not parse are reported by Validate.
func (c *Config) BindServe(fs *flag.FlagSet, getenv func(string) string, tr func(string) string) error {
	fs.StringVar(&c.Addr, "addr", envOr(getenv, "WIJKREGIE_ADDR", c.Addr), usage(ServeSettings[0], tr))
	fs.StringVar(&c.LogLevel, "log-level", envOr(getenv, "WIJKREGIE_LOG_LEVEL", c.LogLevel), usage(ServeSettings[2], tr))
	var err error
	for _, b := range []struct {
		p   *bool
		set Setting
	}{{&c.Demo, ServeSettings[1]}, {&c.SecureCookies, ServeSettings[3]}} {
		v, perr := envBool(getenv, b.set.Env, *b.p)
		if perr != nil && err == nil {
			err = perr
		}
		fs.BoolVar(b.p, b.set.Flag, v, usage(b.set, tr))
	}
	return err
}

func usage(s Setting, tr func(string) string) string { return tr(s.Usage) + " (" + s.Env + ")" }

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

func envBool(getenv func(string) string, key string, def bool) (bool, error) {
	v := getenv(key)
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return def, &Error{Setting: key, Value: v, Key: "cli.config.bool"}
	}
	return b, nil
}

// ValidateStore checks the store settings.
func (c *Config) ValidateStore() error {
	if c.DB != "" {
		u, err := url.Parse(c.DB)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			return &Error{Setting: "--db (WIJKREGIE_DB)", Key: "cli.config.db"}
		}
		return nil
	}
	if strings.TrimSpace(c.DataDir) == "" {
		return &Error{Setting: "--data (WIJKREGIE_DATA)", Key: "cli.config.data"}
	}
	return nil
}

// ValidateServe checks serve's settings and the store's.
func (c *Config) ValidateServe() error {
	if err := c.ValidateStore(); err != nil {
		return err
	}
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return &Error{Setting: "--addr (WIJKREGIE_ADDR)", Value: c.Addr, Key: "cli.config.addr"}
	}
	if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return &Error{Setting: "--addr (WIJKREGIE_ADDR)", Value: c.Addr, Key: "cli.config.port"}
	}
	if host != "" && net.ParseIP(host) == nil && host != "localhost" {
		return &Error{Setting: "--addr (WIJKREGIE_ADDR)", Value: c.Addr, Key: "cli.config.host"}
	}
	if _, err := logging.ParseLevel(c.LogLevel); err != nil {
		return &Error{Setting: "--log-level (WIJKREGIE_LOG_LEVEL)", Value: c.LogLevel, Key: "cli.config.log-level"}
	}
	return nil
}

// Level returns the parsed log level; call after ValidateServe.
func (c *Config) Level() slog.Level {
	l, _ := logging.ParseLevel(c.LogLevel)
	return l
}

// Error is a bad setting. Key is the catalogue key of the explanation, so
// the command line can say it in the reader's language; Error() is for
// logs and tests.
type Error struct {
	Setting string // the flag and its environment variable
	Value   string
	Key     string
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %q: %s", e.Setting, e.Value, e.Key) }
