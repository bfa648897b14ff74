// Package config is wijkregie's configuration: one struct, filled from
// command-line flags and WIJKREGIE_* environment variables (a flag wins),
// and validated before anything starts, with messages that name the
// setting.
package config

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"wijkregie/internal/bsnkey"
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
	// TrustedProxy lists the addresses (comma-separated IPs) of reverse
	// proxies whose X-Forwarded-For names the real client, so login
	// throttling counts per person's address rather than per proxy.
	TrustedProxy string
	// PublicURL is the address residents reach this site at, printed on
	// Mijn Plan's login slip. Empty: the address the professional's own
	// request came in on, which is right on one's own machine and behind
	// a proxy that passes the Host on unchanged, but lets whoever names
	// the host name the slip's.
	PublicURL string
	// BSNKeyFile is the file of the keys that seal the BSN; BSNKey the
	// same text given in the environment (BSNKeyEnv). Neither: the SQLite
	// store keeps its own key in the data folder, and PostgreSQL is refused.
	BSNKeyFile string
	BSNKey     string
	// OIDC is the resident login's OpenID Connect provider (oidc.go).
	OIDC OIDC
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

// Name is how messages name the setting: flag and environment variable.
func (s Setting) Name() string { return "--" + s.Flag + " (" + s.Env + ")" }

// The settings, named once so that flags, environment and messages agree.
var (
	settingData          = Setting{"data", "WIJKREGIE_DATA", "cli.instelling.data"}
	settingDB            = Setting{"db", "WIJKREGIE_DB", "cli.instelling.db"}
	settingAddr          = Setting{"addr", "WIJKREGIE_ADDR", "cli.instelling.addr"}
	settingDemo          = Setting{"demo", "WIJKREGIE_DEMO", "cli.instelling.demo"}
	settingLogLevel      = Setting{"log-level", "WIJKREGIE_LOG_LEVEL", "cli.instelling.log-level"}
	settingSecureCookies = Setting{"secure-cookies", "WIJKREGIE_SECURE_COOKIES", "cli.instelling.secure-cookies"}
	settingTrustedProxy  = Setting{"trusted-proxy", "WIJKREGIE_TRUSTED_PROXY", "cli.instelling.trusted-proxy"}
	settingPublicURL     = Setting{"publiek-adres", "WIJKREGIE_PUBLIEK_ADRES", "cli.instelling.publiek-adres"}
	settingBSNKeyFile    = Setting{"bsn-sleutel", "WIJKREGIE_BSN_SLEUTEL_BESTAND", "cli.instelling.bsn-sleutel"}
)

// BSNKeyEnv is the environment variable that holds the BSN keys themselves,
// in the key file's format. It has no flag: a key on the command line
// would show in every process list.
const BSNKeyEnv = "WIJKREGIE_BSN_SLEUTEL"

// StoreSettings are shared by every command that touches the store.
var StoreSettings = []Setting{settingData, settingDB, settingBSNKeyFile}

// ServeSettings are serve's own.
var ServeSettings = []Setting{settingAddr, settingDemo, settingLogLevel, settingSecureCookies, settingTrustedProxy, settingPublicURL}

// BindStore adds the store flags to fs, with defaults from the environment.
func (c *Config) BindStore(fs *flag.FlagSet, getenv func(string) string, tr func(string) string) {
	bindString(fs, &c.DataDir, settingData, getenv, tr)
	bindString(fs, &c.DB, settingDB, getenv, tr)
	bindString(fs, &c.BSNKeyFile, settingBSNKeyFile, getenv, tr)
	c.BSNKey = getenv(BSNKeyEnv)
}

// BindServe adds serve's flags to fs, with defaults from the environment.
// A boolean environment value that does not parse is returned as an
// *Error; the flag is still bound, with its default.
func (c *Config) BindServe(fs *flag.FlagSet, getenv func(string) string, tr func(string) string) error {
	bindString(fs, &c.Addr, settingAddr, getenv, tr)
	bindString(fs, &c.LogLevel, settingLogLevel, getenv, tr)
	bindString(fs, &c.TrustedProxy, settingTrustedProxy, getenv, tr)
	bindString(fs, &c.PublicURL, settingPublicURL, getenv, tr)
	var err error
	for _, b := range []struct {
		p   *bool
		set Setting
	}{{&c.Demo, settingDemo}, {&c.SecureCookies, settingSecureCookies}} {
		v, perr := envBool(getenv, b.set, *b.p)
		if perr != nil && err == nil {
			err = perr
		}
		fs.BoolVar(b.p, b.set.Flag, v, usage(b.set, tr))
	}
	c.BindOIDC(fs, getenv, tr)
	return err
}

func bindString(fs *flag.FlagSet, p *string, set Setting, getenv func(string) string, tr func(string) string) {
	def := *p
	if v := getenv(set.Env); v != "" {
		def = v
	}
	fs.StringVar(p, set.Flag, def, usage(set, tr))
}

func usage(s Setting, tr func(string) string) string { return tr(s.Usage) + " (" + s.Env + ")" }

func envBool(getenv func(string) string, set Setting, def bool) (bool, error) {
	v := getenv(set.Env)
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return def, &Error{Setting: set.Name(), Value: v, Key: "cli.config.bool"}
	}
	return b, nil
}

// ValidateStore checks the store settings. PostgreSQL, the production
// store, needs BSN keys given; the SQLite store makes its own.
func (c *Config) ValidateStore() error {
	if c.BSNKeyFile != "" && c.BSNKey != "" {
		return &Error{Setting: c.bsnKeySetting(), Key: "cli.config.bsn-sleutel.beide"}
	}
	if c.DB != "" {
		u, err := url.Parse(c.DB)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			return &Error{Setting: settingDB.Name(), Value: RedactURL(c.DB), Key: "cli.config.db"}
		}
		if c.BSNKeyFile == "" && c.BSNKey == "" {
			return &Error{Setting: c.bsnKeySetting(), Key: "cli.config.bsn-sleutel.ontbreekt"}
		}
		return nil
	}
	if strings.TrimSpace(c.DataDir) == "" {
		return &Error{Setting: settingData.Name(), Key: "cli.config.data"}
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
		return &Error{Setting: settingAddr.Name(), Value: c.Addr, Key: "cli.config.addr"}
	}
	if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return &Error{Setting: settingAddr.Name(), Value: c.Addr, Key: "cli.config.port"}
	}
	if host != "" && net.ParseIP(host) == nil && !validHostname(host) {
		return &Error{Setting: settingAddr.Name(), Value: c.Addr, Key: "cli.config.host"}
	}
	if _, err := c.TrustedProxies(); err != nil {
		return err
	}
	if _, err := logging.ParseLevel(c.LogLevel); err != nil {
		return &Error{Setting: settingLogLevel.Name(), Value: c.LogLevel, Key: "cli.config.log-level"}
	}
	if c.PublicURL != "" && (!secureURL(c.PublicURL) || strings.Trim(mustPath(c.PublicURL), "/") != "") {
		return &Error{Setting: settingPublicURL.Name(), Value: c.PublicURL, Key: "cli.config.publiek-adres"}
	}
	return c.ValidateOIDC()
}

// StoreError names the store setting in use when the store it points at
// cannot be opened: the PostgreSQL server does not answer, or the data
// folder cannot be created or opened. err is kept as the cause.
func (c *Config) StoreError(err error) error {
	if c.DB != "" {
		// The driver's message is shown too; should it ever quote the
		// password, it is masked there as in the URL.
		if u, perr := url.Parse(c.DB); perr == nil {
			if pw, has := u.User.Password(); has && pw != "" && strings.Contains(err.Error(), pw) {
				err = errors.New(strings.ReplaceAll(err.Error(), pw, "****"))
			}
		}
		return &Error{Setting: settingDB.Name(), Value: RedactURL(c.DB), Key: "cli.config.db.onbereikbaar", Err: err}
	}
	return &Error{Setting: settingData.Name(), Value: c.DataDir, Key: "cli.config.data.onbruikbaar", Err: err}
}

// bsnKeySetting names where the BSN keys come from: the environment
// variable when it holds them, else the flag and its variable, which also
// names the SQLite store's own key file.
func (c *Config) bsnKeySetting() string {
	if c.BSNKey != "" && c.BSNKeyFile == "" {
		return BSNKeyEnv
	}
	return settingBSNKeyFile.Name() + " / " + BSNKeyEnv
}

// BSNKeys loads the BSN keys given, from BSNKeyFile or BSNKey; nil, and no
// error, when none is given (the SQLite store then uses its own). A key
// that cannot be used is an *Error naming the setting; the key itself is
// never in it.
func (c *Config) BSNKeys() (*bsnkey.Keyring, error) {
	switch {
	case c.BSNKeyFile != "":
		keys, err := bsnkey.Load(c.BSNKeyFile)
		if err != nil {
			return nil, c.BSNKeyFileError(c.BSNKeyFile, err)
		}
		return keys, nil
	case c.BSNKey != "":
		keys, err := bsnkey.Parse(c.BSNKey)
		if err != nil {
			return nil, &Error{Setting: BSNKeyEnv, Key: bsnKeyProblem(err), Err: fmt.Errorf("%s: %w", BSNKeyEnv, err)}
		}
		return keys, nil
	}
	return nil, nil
}

// BSNKeyFileError names the key file at path, given or the SQLite store's
// own, when it cannot be used.
func (c *Config) BSNKeyFileError(path string, err error) error {
	return &Error{Setting: settingBSNKeyFile.Name(), Value: path, Key: bsnKeyProblem(err), Err: err}
}

// BSNKeyMismatchError names the keys in use when they do not open the
// store's BSNs; defaultFile is the SQLite store's own key file.
func (c *Config) BSNKeyMismatchError(defaultFile string, err error) error {
	switch {
	case c.BSNKeyFile != "":
		return &Error{Setting: settingBSNKeyFile.Name(), Value: c.BSNKeyFile, Key: "cli.config.bsn-sleutel.past_niet", Err: err}
	case c.BSNKey != "":
		return &Error{Setting: BSNKeyEnv, Key: "cli.config.bsn-sleutel.past_niet", Err: err}
	}
	return &Error{Setting: settingBSNKeyFile.Name(), Value: defaultFile, Key: "cli.config.bsn-sleutel.past_niet", Err: err}
}

// bsnKeyProblem is the catalogue key that explains why a key is refused.
func bsnKeyProblem(err error) string {
	switch {
	case errors.Is(err, bsnkey.ErrExposed):
		return "cli.config.bsn-sleutel.rechten"
	case errors.Is(err, bsnkey.ErrWeak):
		return "cli.config.bsn-sleutel.zwak"
	case errors.Is(err, bsnkey.ErrMalformed), errors.Is(err, bsnkey.ErrNoKey):
		return "cli.config.bsn-sleutel.vorm"
	}
	return "cli.config.bsn-sleutel.onleesbaar"
}

// ListenError names --addr when nothing can listen on it.
func (c *Config) ListenError(err error) error {
	return &Error{Setting: settingAddr.Name(), Value: c.Addr, Key: "cli.config.listen", Err: err}
}

// Level returns the parsed log level; call after ValidateServe.
func (c *Config) Level() slog.Level {
	l, _ := logging.ParseLevel(c.LogLevel)
	return l
}

// hostLabel is one label of a DNS name (RFC 1123): letters, digits and
// inner hyphens, at most 63 characters.
var hostLabel = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)

// validHostname reports whether host is a DNS name. A municipality may bind
// to a name its own resolver knows (an internal host, localhost); whether it
// resolves is for net.Listen to say, with its own message.
func validHostname(host string) bool {
	host = strings.TrimSuffix(host, ".")
	if host == "" || len(host) > 253 {
		return false
	}
	for _, l := range strings.Split(host, ".") {
		if !hostLabel.MatchString(l) {
			return false
		}
	}
	return true
}

// secretParam matches a password given as a connection parameter
// (?password=… in a URL, or password=… in a key/value string).
var secretParam = regexp.MustCompile(`(?i)(password=)[^&\s]*`)

// RedactURL returns a store URL fit to print: the password, in the user
// part or as a parameter, replaced by ****. Error messages and help texts
// show the value so the reader can see the mistake, and both end up in
// terminals, logs and tickets where a password must not.
func RedactURL(s string) string {
	if u, err := url.Parse(s); err == nil {
		if _, has := u.User.Password(); has {
			// Redacted writes xxxxx; String would escape the asterisks.
			s = strings.Replace(u.Redacted(), ":xxxxx@", ":****@", 1)
		}
	} else if i := strings.LastIndex(s, "@"); i >= 0 {
		// Unparsable: where user and password end cannot be told, so
		// everything between the scheme and the last @ goes.
		scheme := ""
		if j := strings.Index(s, "://"); j >= 0 && j < i {
			scheme = s[:j+3]
		}
		s = scheme + "****" + s[i:]
	}
	return secretParam.ReplaceAllString(s, "${1}****")
}

// Error is a bad setting. Key is the catalogue key of the explanation, so
// the command line can say it in the reader's language; Error() is for
// logs and tests.
type Error struct {
	Setting string // the flag and its environment variable
	Value   string // as given, with any password replaced (RedactURL)
	Key     string
	Err     error // the cause, when the value is well-formed but does not work
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %q: %s: %v", e.Setting, e.Value, e.Key, e.Err)
	}
	return fmt.Sprintf("%s: %q: %s", e.Setting, e.Value, e.Key)
}

func (e *Error) Unwrap() error { return e.Err }

// TrustedProxies parses TrustedProxy.
func (c *Config) TrustedProxies() ([]net.IP, error) {
	var ips []net.IP
	for _, f := range strings.FieldsFunc(c.TrustedProxy, func(r rune) bool { return r == ',' || r == ' ' }) {
		ip := net.ParseIP(f)
		if ip == nil {
			return nil, &Error{Setting: settingTrustedProxy.Name(), Value: f, Key: "cli.config.trusted-proxy"}
		}
		ips = append(ips, ip)
	}
	return ips, nil
}
