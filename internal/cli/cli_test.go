package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"wijkregie/internal/cli"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

func TestMain(m *testing.M) { os.Exit(testdb.Main(m)) }

// result is what one run of the command line printed and returned.
type result struct {
	code           int
	stdout, stderr string
}

// run runs the command line with env vars and stdin.
func run(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Run(context.Background(), args, cli.Env{
		Getenv: func(k string) string { return env[k] },
		Stdin:  strings.NewReader(stdin),
		Stdout: &out,
		Stderr: &errb,
	})
	return result{code, out.String(), errb.String()}
}

// stores yields the store flags for a fresh SQLite folder and a fresh
// PostgreSQL database, so every command is tried on both engines. The SQLite
// store makes its own BSN key; PostgreSQL gets a key file made by
// bsn-sleutel nieuw.
func stores(t *testing.T, fn func(t *testing.T, storeArgs []string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, []string{"--data", t.TempDir()}) })
	t.Run("postgres", func(t *testing.T) {
		fn(t, []string{"--db", testdb.PostgresURLOrSkip(t), "--bsn-sleutel", keyFile(t)})
	})
}

// keyFile writes lines (a new key from bsn-sleutel nieuw when none are
// given) to a key file of mode 0600 and returns its path.
func keyFile(t *testing.T, lines ...string) string {
	t.Helper()
	if len(lines) == 0 {
		lines = []string{newKeyLine(t)}
	}
	path := filepath.Join(t.TempDir(), "bsn-sleutel")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// newKeyLine runs bsn-sleutel nieuw and returns its one line.
func newKeyLine(t *testing.T) string {
	t.Helper()
	r := run(t, nil, "", "bsn-sleutel", "nieuw")
	if r.code != 0 || r.stderr != "" || strings.Count(r.stdout, "\n") != 1 {
		t.Fatalf("bsn-sleutel nieuw: exit %d, stdout %q, stderr %q; want one line", r.code, r.stdout, r.stderr)
	}
	return strings.TrimSuffix(r.stdout, "\n")
}

func args(cmd []string, storeArgs []string, more ...string) []string {
	out := append(append([]string{}, cmd...), storeArgs...)
	return append(out, more...)
}

func TestAdminScript(t *testing.T) {
	stores(t, func(t *testing.T, st []string) {
		if r := run(t, nil, "", args([]string{"demo"}, st, "--households", "5")...); r.code != 0 {
			t.Fatalf("demo: exit %d, stderr %s", r.code, r.stderr)
		}
		r := run(t, nil, "", args([]string{"demo"}, st, "--households", "5")...)
		if r.code != 2 || !strings.Contains(r.stderr, "niet leeg") {
			t.Errorf("second demo: exit %d, stderr %q; want 2 and a message that the store is not empty", r.code, r.stderr)
		}

		// A script adds a user with the password on standard input …
		r = run(t, nil, "een-lang-wachtwoord\n", args([]string{"user", "add"}, st, "--email", "Nieuw@Duinhaven.example", "--role", "professional", "--team", "Wijkteam Noord", "--name", "Nieuwe Collega")...)
		if r.code != 0 {
			t.Fatalf("user add: exit %d, stderr %s", r.code, r.stderr)
		}
		r = run(t, nil, "kort\n", args([]string{"user", "add"}, st, "--email", "x@duinhaven.example", "--role", "professional", "--team", "Wijkteam Noord")...)
		if r.code != 1 || !strings.Contains(r.stderr, "wachtwoord") {
			t.Errorf("user add with a short password: exit %d, stderr %q; want 1 naming wachtwoord", r.code, r.stderr)
		}
		r = run(t, nil, "een-lang-wachtwoord\n", args([]string{"user", "add"}, st, "--email", "y@duinhaven.example", "--role", "professional")...)
		if r.code != 1 || !strings.Contains(r.stderr, "team") {
			t.Errorf("user add without team: exit %d, stderr %q; want 1 naming team", r.code, r.stderr)
		}
		r = run(t, nil, "", args([]string{"user", "list"}, st, "--role", "professional")...)
		if r.code != 0 || !strings.Contains(r.stdout, "nieuw@duinhaven.example") || strings.Contains(r.stdout, "beheer@duinhaven.example") {
			t.Errorf("user list --role professional: exit %d, stdout %q", r.code, r.stdout)
		}

		// … and takes a token for the API: only the token is printed.
		r = run(t, nil, "", args([]string{"token", "create"}, st, "--email", "nieuw@duinhaven.example", "--name", "script")...)
		if r.code != 0 || !regexp.MustCompile(`^wr_GM9901_[A-Za-z0-9_-]{43}\n$`).MatchString(r.stdout) {
			t.Fatalf("token create: exit %d, stdout %q; want only the token", r.code, r.stdout)
		}
		r = run(t, nil, "", args([]string{"token", "list"}, st, "--email", "nieuw@duinhaven.example")...)
		m := regexp.MustCompile(`(?m)^([0-9a-f-]{36})\s+script\s`).FindStringSubmatch(r.stdout)
		if r.code != 0 || m == nil {
			t.Fatalf("token list: exit %d, stdout %q", r.code, r.stdout)
		}
		if r := run(t, nil, "", args([]string{"token", "revoke"}, st, "--email", "nieuw@duinhaven.example", "--id", m[1])...); r.code != 0 {
			t.Errorf("token revoke: exit %d, stderr %s", r.code, r.stderr)
		}
		if r := run(t, nil, "", args([]string{"token", "revoke"}, st, "--email", "nieuw@duinhaven.example", "--id", m[1])...); r.code != 1 {
			t.Errorf("second token revoke: exit %d; want 1 (not found)", r.code)
		}

		for _, c := range [][]string{{"user", "disable"}, {"user", "enable"}} {
			if r := run(t, nil, "", args(c, st, "--email", "nieuw@duinhaven.example")...); r.code != 0 {
				t.Errorf("%v: exit %d, stderr %s", c, r.code, r.stderr)
			}
		}
		if r := run(t, nil, "nog-een-lang-wachtwoord\n", args([]string{"user", "reset-password"}, st, "--email", "nieuw@duinhaven.example")...); r.code != 0 {
			t.Errorf("reset-password: exit %d, stderr %s", r.code, r.stderr)
		}
		if r := run(t, nil, "", args([]string{"user", "disable"}, st, "--email", "niemand@duinhaven.example")...); r.code != 2 {
			t.Errorf("disable an unknown user: exit %d; want 2", r.code)
		}

		// Every change above is in the audit chain, and the chain holds.
		r = run(t, nil, "", args([]string{"audit", "verify"}, st)...)
		if r.code != 0 || !strings.Contains(r.stdout, "intact") {
			t.Errorf("audit verify: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
		}
	})
}

func TestAuditVerifyNamesTheBrokenLink(t *testing.T) {
	dir := t.TempDir()
	if r := run(t, nil, "", "demo", "--data", dir, "--households", "3"); r.code != 0 {
		t.Fatalf("demo: %s", r.stderr)
	}
	for i := 0; i < 3; i++ {
		if r := run(t, nil, "", "token", "create", "--data", dir, "--email", demo.Accounts()[0].Email); r.code != 0 {
			t.Fatalf("token create: %s", r.stderr)
		}
	}
	s, err := store.Open(context.Background(), store.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	testdb.Tamper(t, s, `UPDATE audit_log SET purpose = 'iets anders' WHERE municipality_id = 'GM9901' AND seq = 3`)
	s.Close()
	r := run(t, nil, "", "audit", "verify", "--data", dir)
	if r.code != 1 || !strings.Contains(r.stdout, "GEBROKEN bij regel 3") {
		t.Errorf("audit verify after tampering: exit %d, stdout %q; want 1 and the break at record 3", r.code, r.stdout)
	}
}

func TestUsageAndConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string // in stderr
	}{
		{"no command", nil, nil, 2, "Gebruik: wijkregie"},
		{"unknown command", nil, []string{"vlieg"}, 2, "Onbekend commando: vlieg"},
		{"bad flag", nil, []string{"serve", "--adres", "x"}, 2, "Onbekende optie --adres bij wijkregie serve"},
		{"bad addr", nil, []string{"serve", "--addr", "nergens"}, 2, "--addr (WIJKREGIE_ADDR)"},
		{"bad port", nil, []string{"serve", "--addr", "127.0.0.1:99999"}, 2, "poort"},
		{"bad db url", nil, []string{"migrate", "--db", "mysql://x"}, 2, "--db (WIJKREGIE_DB)"},
		{"postgres without BSN key", nil, []string{"serve", "--db", "postgres://wr@db/wr"}, 2,
			"Instelling --bsn-sleutel (WIJKREGIE_BSN_SLEUTEL_BESTAND) / WIJKREGIE_BSN_SLEUTEL: PostgreSQL heeft een BSN-sleutel nodig"},
		{"postgres without BSN key, from the environment", map[string]string{"WIJKREGIE_DB": "postgres://wr@db/wr"}, []string{"migrate"}, 2, "WIJKREGIE_BSN_SLEUTEL"},
		{"weak BSN key", map[string]string{"WIJKREGIE_BSN_SLEUTEL": "k1 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}, []string{"migrate", "--data", "x"}, 2,
			"Instelling WIJKREGIE_BSN_SLEUTEL: de BSN-sleutel is zwak of openbaar"},
		{"BSN key twice", map[string]string{"WIJKREGIE_BSN_SLEUTEL": "k1 x", "WIJKREGIE_BSN_SLEUTEL_BESTAND": "/k"}, []string{"user", "list"}, 2, "niet allebei"},
		{"bad db url shows the value without password", nil, []string{"migrate", "--db", "mysql://wr:geheim@db/wr"}, 2, `"mysql://wr:****@db/wr"`},
		{"empty data folder", nil, []string{"migrate", "--data", ""}, 2, "Instelling --data (WIJKREGIE_DATA): geef een map op."},
		{"households above the limit", nil, []string{"demo", "--households", "1000001"}, 2, "tussen 1 en 1.000.000"},
		{"households not a number", nil, []string{"demo", "--households", "veel"}, 2, `Ongeldige waarde "veel" voor optie --households`},
		{"flag without value", nil, []string{"token", "create", "--email"}, 2, "Bij optie --email hoort een waarde"},
		{"bad boolean flag", nil, []string{"serve", "--demo=misschien"}, 2, `Ongeldige waarde "misschien" voor optie --demo`},
		{"bad flag syntax", nil, []string{"migrate", "---data", "x"}, 2, "Ongeldige optie ---data"},
		{"revoke without id", nil, []string{"token", "revoke", "--email", "a@b.nl"}, 2, "--id is verplicht"},
		{"revoke without email", nil, []string{"token", "revoke", "--id", "x"}, 2, "--email is verplicht"},
		{"unknown role", nil, []string{"user", "list", "--role", "baas"}, 2, "Onbekende rol baas. Kies uit: professional, teamleider, partner, beleid, toezicht, beheer, privacy."},
		{"bad env bool", map[string]string{"WIJKREGIE_DEMO": "misschien"}, []string{"serve"}, 2, "WIJKREGIE_DEMO"},
		{"bad env log level", map[string]string{"WIJKREGIE_LOG_LEVEL": "luid"}, []string{"serve"}, 2, "--log-level"},
		{"extra args", nil, []string{"version", "extra"}, 2, "Onverwachte argumenten: extra"},
		{"user without sub", nil, []string{"user"}, 2, "Geef aan wat user moet doen"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, tc.env, "", tc.args...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", r.code, r.stderr, tc.code, tc.want)
			}
			if tc.name != "no command" && tc.name != "unknown command" && tc.name != "user without sub" {
				oneDutchLine(t, r.stderr)
			}
		})
	}
}

func TestHelpExplainsEveryCommand(t *testing.T) {
	r := run(t, nil, "", "help")
	if r.code != 0 {
		t.Fatalf("help: exit %d", r.code)
	}
	for _, c := range []string{"serve", "migrate", "demo", "municipality", "team", "organisation", "user", "token", "audit", "bsn-sleutel", "version"} {
		if !strings.Contains(r.stdout, "  "+c) {
			t.Errorf("help does not list %s:\n%s", c, r.stdout)
		}
		h := run(t, nil, "", c, "-h")
		if h.code != 0 || len(h.stderr) < 40 || strings.Contains(h.stderr, "cli.") {
			t.Errorf("%s -h: exit %d, help %q; want a Dutch explanation without raw keys", c, h.code, h.stderr)
		}
	}
	if r := run(t, nil, "", "version"); r.code != 0 || !strings.HasPrefix(r.stdout, "wijkregie ") {
		t.Errorf("version: exit %d, stdout %q", r.code, r.stdout)
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	dir := t.TempDir()
	if r := run(t, nil, "", "migrate", "--data", dir); r.code != 0 {
		t.Fatalf("migrate: %s", r.stderr)
	}
	s, err := store.Open(context.Background(), store.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Tx(context.Background(), func(q *store.Q) error {
		return testdb.Exec(context.Background(), q, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '0999_future.sql', $1)`, time.Now().UTC())
	})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, nil, "", "migrate", "--data", dir)
	if r.code != 1 || !strings.Contains(r.stderr, "schemaversie 999") {
		t.Errorf("migrate on a newer store: exit %d, stderr %q; want 1 and a clear message", r.code, r.stderr)
	}
}

// TestServeDemoAndShutdown runs the README's first command in-process:
// serve --demo on an empty store, then a graceful stop.
func TestServeDemoAndShutdown(t *testing.T) {
	stores(t, func(t *testing.T, st []string) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		pr, pw := io.Pipe()
		var errb bytes.Buffer
		done := make(chan int, 1)
		go func() {
			done <- cli.Run(ctx, args([]string{"serve"}, st, "--demo", "--addr", "127.0.0.1:0", "--log-level", "warn"),
				cli.Env{Getenv: func(string) string { return "" }, Stdin: strings.NewReader(""), Stdout: pw, Stderr: &errb})
			pw.Close()
		}()
		line, err := bufio.NewReader(pr).ReadString('\n')
		if err != nil {
			t.Fatalf("no start line: %v; stderr %s", err, errb.String())
		}
		base := regexp.MustCompile(`http://\S+`).FindString(line)
		go io.Copy(io.Discard, pr)
		for _, p := range []string{"/healthz", "/readyz", "/inloggen", "/api/v1/openapi.json", "/metrics"} {
			resp, err := http.Get(base + p)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Errorf("GET %s = %d; want 200", p, resp.StatusCode)
			}
		}
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("serve exit %d after shutdown; stderr %s", code, errb.String())
			}
		case <-time.After(30 * time.Second):
			t.Fatal("serve did not stop within 30 s of the signal")
		}
	})
}

// oneDutchLine fails unless stderr is one line free of the flag package's
// English.
func oneDutchLine(t *testing.T, stderr string) {
	t.Helper()
	if stderr == "" || strings.Contains(strings.TrimSuffix(stderr, "\n"), "\n") {
		t.Errorf("stderr %q; want exactly one line", stderr)
	}
	for _, english := range []string{"flag provided", "Usage of", "invalid value", "needs an argument", "bad flag syntax", "default"} {
		if strings.Contains(stderr, english) {
			t.Errorf("stderr %q contains the English %q", stderr, english)
		}
	}
}

// TestSetUpFromScratch sets up a real municipality on an empty store with
// the command line alone, in the order the help texts give.
func TestSetUpFromScratch(t *testing.T) {
	stores(t, func(t *testing.T, st []string) {
		try := func(stdin string, cmd ...string) result {
			t.Helper()
			return run(t, nil, stdin, args(cmd, st)...)
		}
		must := func(stdin string, cmd ...string) result {
			t.Helper()
			r := try(stdin, cmd...)
			if r.code != 0 {
				t.Fatalf("%v: exit %d, stderr %s", cmd, r.code, r.stderr)
			}
			return r
		}

		// Before the first municipality, a command inside one says how to
		// make it.
		if r := try("", "team", "list"); r.code != 2 || !strings.Contains(r.stderr, "wijkregie municipality add --code") {
			t.Errorf("team list on an empty store: exit %d, stderr %q; want 2 and the way to add a municipality", r.code, r.stderr)
		}

		if r := must("", "municipality", "add", "--code", "gm0363", "--name", "Amsterdam"); !strings.Contains(r.stdout, "GM0363 (Amsterdam)") {
			t.Errorf("municipality add: stdout %q", r.stdout)
		}
		if r := must("", "municipality", "list"); !regexp.MustCompile(`(?m)^GM0363\s+Amsterdam\s`).MatchString(r.stdout) {
			t.Errorf("municipality list: stdout %q", r.stdout)
		}
		if r := try("", "municipality", "add", "--code", "GM0363", "--name", "Amsterdam"); r.code != 1 || !strings.Contains(r.stderr, "bestaat al") {
			t.Errorf("municipality add twice: exit %d, stderr %q; want 1 and that it exists", r.code, r.stderr)
		}
		if r := try("", "municipality", "add", "--code", "0363"); r.code != 1 || !strings.Contains(r.stderr, "code: ") || !strings.Contains(r.stderr, "naam: ") {
			t.Errorf("municipality add without a name and with a bad code: exit %d, stderr %q; want 1 naming code and naam", r.code, r.stderr)
		}
		// The chain starts with the municipality's own creation.
		if r := must("", "audit", "verify"); !strings.Contains(r.stdout, "GM0363: de keten is intact (1 regel).") {
			t.Errorf("audit verify after municipality add: stdout %q", r.stdout)
		}

		must("", "team", "add", "--name", "Wijkteam West", "--areas", "1051-1059, 1060")
		if r := must("", "team", "list"); !regexp.MustCompile(`(?m)^Wijkteam West\s+1051-1059,1060\s+ja\s`).MatchString(r.stdout) {
			t.Errorf("team list: stdout %q", r.stdout)
		}
		if r := try("", "team", "add", "--name", "Wijkteam Oost", "--areas", "99"); r.code != 1 || !strings.Contains(r.stderr, "werkgebied: ") {
			t.Errorf("team add with a bad area: exit %d, stderr %q; want 1 naming werkgebied", r.code, r.stderr)
		}
		must("", "organisation", "add", "--name", "Gemeente Amsterdam", "--kind", "gemeente")
		must("", "organisation", "add", "--name", "Huisartsenpraktijk De Pijp", "--kind", "huisarts")
		if r := must("", "organisation", "list"); !strings.Contains(r.stdout, "Gemeente Amsterdam") || !strings.Contains(r.stdout, "Huisartsenpraktijk De Pijp") {
			t.Errorf("organisation list: stdout %q", r.stdout)
		}
		if r := try("", "organisation", "add", "--name", "Bakkerij", "--kind", "bakker"); r.code != 1 || !strings.Contains(r.stderr, "soort: ") {
			t.Errorf("organisation add with an unknown kind: exit %d, stderr %q; want 1 naming soort", r.code, r.stderr)
		}

		// Every mistake at once: an unknown team with a bad address and a
		// short password, and the team named once.
		r := try("kort\n", "user", "add", "--email", "geen-adres", "--role", "professional", "--team", "Wijkteam Oost")
		if r.code != 1 || strings.Count(r.stderr, "team: ") != 1 || !strings.Contains(r.stderr, "bestaat niet") ||
			!strings.Contains(r.stderr, "email: ") || !strings.Contains(r.stderr, "wachtwoord: ") {
			t.Errorf("user add with three mistakes: exit %d, stderr %q; want 1 naming team (once), email and wachtwoord", r.code, r.stderr)
		}

		must("een-lang-wachtwoord\n", "user", "add", "--email", "j.devries@amsterdam.example", "--name", "J. de Vries",
			"--role", "professional", "--team", "Wijkteam West", "--organisation", "Gemeente Amsterdam", "--expertise", "jeugd, schulden")
		must("een-lang-wachtwoord\n", "user", "add", "--email", "balie@depijp.example", "--role", "partner", "--organisation", "Huisartsenpraktijk De Pijp")
		if r := must("", "user", "list"); !strings.Contains(r.stdout, "j.devries@amsterdam.example") || !strings.Contains(r.stdout, "balie@depijp.example") {
			t.Errorf("user list: stdout %q", r.stdout)
		}
		if r := must("", "token", "create", "--email", "j.devries@amsterdam.example"); !regexp.MustCompile(`^wr_GM0363_[A-Za-z0-9_-]{43}\n$`).MatchString(r.stdout) {
			t.Errorf("token create: stdout %q; want only the token", r.stdout)
		}

		// Seven changes, seven records, and the chain holds: the failed
		// attempts left none.
		if r := must("", "audit", "verify"); !strings.Contains(r.stdout, "GM0363: de keten is intact (7 regels).") {
			t.Errorf("audit verify: stdout %q", r.stdout)
		}
	})
}

// TestStoreThatCannotBeOpened: a store setting that is well-formed but does
// not work is one line naming the setting, without the password.
func TestStoreThatCannotBeOpened(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	r := run(t, nil, "", "user", "list", "--db", "postgres://wr:geheim@"+closed+"/wijkregie?connect_timeout=5", "--bsn-sleutel", keyFile(t))
	if r.code != 2 || !strings.HasPrefix(r.stderr, "Instelling --db (WIJKREGIE_DB) = \"postgres://wr:****@"+closed+"/") ||
		!strings.Contains(r.stderr, "niet bereikbaar") || strings.Contains(r.stderr, "geheim") {
		t.Errorf("unreachable --db: exit %d, stderr %q; want 2 and one line naming --db without the password", r.code, r.stderr)
	}
	oneDutchLine(t, r.stderr)

	file := filepath.Join(t.TempDir(), "bestand")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	r = run(t, nil, "", "migrate", "--data", filepath.Join(file, "map"))
	if r.code != 2 || !strings.HasPrefix(r.stderr, "Instelling --data (WIJKREGIE_DATA) = ") || !strings.Contains(r.stderr, "kan niet worden aangemaakt") {
		t.Errorf("--data below a file: exit %d, stderr %q; want 2 and one line naming --data", r.code, r.stderr)
	}
	oneDutchLine(t, r.stderr)
}

// TestServeBindsFirst: a busy port fails before the store is even opened,
// let alone a large demo loaded into it.
func TestServeBindsFirst(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	dir := filepath.Join(t.TempDir(), "data")
	r := run(t, nil, "", "serve", "--demo", "--data", dir, "--addr", ln.Addr().String())
	if r.code != 2 || !strings.HasPrefix(r.stderr, "Instelling --addr (WIJKREGIE_ADDR)") {
		t.Errorf("serve on a busy port: exit %d, stderr %q; want 2 naming --addr", r.code, r.stderr)
	}
	oneDutchLine(t, r.stderr)
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("serve on a busy port touched the data folder (stat: %v); want it to fail before opening the store", err)
	}
}

// TestHelpListsOptionsInDutch: every -h ends with the options, their help
// and defaults in Dutch, and shows no password from the environment.
func TestHelpListsOptionsInDutch(t *testing.T) {
	env := map[string]string{"WIJKREGIE_DB": "postgres://wr:geheim@db/wijkregie"}
	for _, cmd := range [][]string{
		{"serve"}, {"migrate"}, {"demo"}, {"municipality", "add"}, {"municipality", "list"},
		{"team", "add"}, {"team", "list"}, {"organisation", "add"}, {"organisation", "list"},
		{"user", "add"}, {"user", "list"}, {"user", "disable"}, {"user", "enable"}, {"user", "reset-password"},
		{"token", "create"}, {"token", "list"}, {"token", "revoke"}, {"audit", "verify"}, {"bsn-sleutel", "roteren"},
	} {
		r := run(t, env, "", append(cmd, "-h")...)
		if r.code != 0 || !strings.Contains(r.stderr, "\n\nOpties:\n") || !strings.Contains(r.stderr, "\n  --data WAARDE\n") || strings.Contains(r.stderr, "cli.") ||
			strings.Contains(r.stderr, "default") || strings.Contains(r.stderr, "geheim") ||
			!strings.Contains(r.stderr, "(standaard: postgres://wr:****@db/wijkregie)") {
			t.Errorf("%v -h: exit %d, help %q; want Dutch options with defaults and no password", cmd, r.code, r.stderr)
		}
	}
	if r := run(t, nil, "", "demo", "-h"); !strings.Contains(r.stderr, "  --households N\n      aantal huishoudens (1 tot en met 1.000.000) (standaard: 60)\n") {
		t.Errorf("demo -h: %q; want --households with its limit and default", r.stderr)
	}
}

func TestLoadMeasuresALoopbackServerOnly(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer geheim" {
			w.WriteHeader(http.StatusUnauthorized)
		}
	}))
	defer srv.Close()
	r := run(t, nil, "", "load", "--url", srv.URL, "--token", "geheim", "--concurrency", "2", "--requests", "50", "--duration", "20s")
	if r.code != 0 || !strings.Contains(r.stdout, "50 verzoeken") || !strings.Contains(r.stdout, "200: 50; mislukt: 0") || !strings.Contains(r.stdout, "p99") {
		t.Errorf("load: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	r = run(t, nil, "", "load", "--url", "http://192.0.2.1:8080/")
	if r.code != 2 || !strings.Contains(r.stderr, "niet op deze machine") {
		t.Errorf("load against another host: exit %d, stderr %q; want 2 and a refusal", r.code, r.stderr)
	}
}
