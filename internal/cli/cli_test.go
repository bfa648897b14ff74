package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
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
// PostgreSQL database, so every command is tried on both engines.
func stores(t *testing.T, fn func(t *testing.T, storeArgs []string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, []string{"--data", t.TempDir()}) })
	t.Run("postgres", func(t *testing.T) {
		u, err := testdb.PostgresURL(t)
		if err != nil {
			if testdb.RequireAll() {
				t.Fatalf("PostgreSQL required: %v", err)
			}
			t.Skipf("SKIPPING PostgreSQL: %v", err)
		}
		fn(t, []string{"--db", u})
	})
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
		{"bad flag", nil, []string{"serve", "--adres", "x"}, 2, "-adres"},
		{"bad addr", nil, []string{"serve", "--addr", "nergens"}, 2, "--addr (WIJKREGIE_ADDR)"},
		{"bad port", nil, []string{"serve", "--addr", "127.0.0.1:99999"}, 2, "poort"},
		{"bad db url", nil, []string{"migrate", "--db", "mysql://x"}, 2, "--db (WIJKREGIE_DB)"},
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
			if strings.Count(strings.TrimSpace(r.stderr), "\n") > 40 {
				t.Errorf("stderr is %d lines; want a short message", strings.Count(r.stderr, "\n"))
			}
		})
	}
}

func TestHelpExplainsEveryCommand(t *testing.T) {
	r := run(t, nil, "", "help")
	if r.code != 0 {
		t.Fatalf("help: exit %d", r.code)
	}
	for _, c := range []string{"serve", "migrate", "demo", "user", "token", "audit", "version"} {
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
