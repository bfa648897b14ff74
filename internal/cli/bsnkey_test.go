package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"wijkregie/internal/bsnkey"
	"wijkregie/internal/demo"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

func TestBSNKeyNew(t *testing.T) {
	a, b := newKeyLine(t), newKeyLine(t)
	if !regexp.MustCompile(`^[0-9a-f]{8} [A-Za-z0-9+/]{43}=$`).MatchString(a) {
		t.Errorf("bsn-sleutel nieuw printed %q; want \"id base64key\"", a)
	}
	keys, err := bsnkey.Parse(a)
	if err != nil || keys.Current() != strings.Fields(a)[0] {
		t.Errorf("the line does not parse as a key: %v, %v", keys, err)
	}
	if a == b {
		t.Errorf("two runs printed the same key %q", a)
	}
	if r := run(t, nil, "", "bsn-sleutel", "nieuw", "-h"); r.code != 0 || !strings.Contains(r.stderr, "0600") {
		t.Errorf("bsn-sleutel nieuw -h: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := run(t, nil, "", "bsn-sleutel", "oud"); r.code != 2 {
		t.Errorf("bsn-sleutel oud: exit %d; want 2", r.code)
	}
}

// TestBSNKeyRotation rotates a demo's BSNs from the key the SQLite store
// made to a new one, on both engines, as an administrator would: the new
// key first in the key file, the old one below it; afterwards the new key
// alone opens the store and the old one is refused with one Dutch line.
func TestBSNKeyRotation(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		if r := run(t, nil, "", "demo", "--data", dir, "--households", "4"); r.code != 0 {
			t.Fatalf("demo: %s", r.stderr)
		}
		old, err := os.ReadFile(filepath.Join(dir, store.BSNKeyFile))
		if err != nil {
			t.Fatalf("the SQLite store made no key file: %v", err)
		}
		testRotation(t, []string{"--data", dir}, string(old), filepath.Join(dir, store.BSNKeyFile))
	})
	t.Run("postgres", func(t *testing.T) {
		u := testdb.PostgresURLOrSkip(t)
		oldLine := newKeyLine(t)
		if r := run(t, nil, "", "demo", "--db", u, "--bsn-sleutel", keyFile(t, oldLine), "--households", "4"); r.code != 0 {
			t.Fatalf("demo: %s", r.stderr)
		}
		testRotation(t, []string{"--db", u}, oldLine, "")
	})
}

func testRotation(t *testing.T, st []string, old, defaultFile string) {
	t.Helper()
	oldKeys, err := bsnkey.Parse(old)
	if err != nil {
		t.Fatal(err)
	}
	newLine := newKeyLine(t)
	newID := strings.Fields(newLine)[0]
	both := keyFile(t, newLine, old)
	r := run(t, nil, "", args([]string{"bsn-sleutel", "roteren"}, st, "--bsn-sleutel", both)...)
	want := regexp.MustCompile(`Gemeente GM9901: (\d+) BSN's opnieuw versleuteld met sleutel ` + newID)
	m := want.FindStringSubmatch(r.stdout)
	if r.code != 0 || m == nil || m[1] == "0" || !strings.Contains(r.stdout, "Sleutel "+oldKeys.Current()+" wordt niet meer gebruikt") {
		t.Fatalf("bsn-sleutel roteren: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	// A second run finds nothing left, and says so.
	r = run(t, nil, "", args([]string{"bsn-sleutel", "roteren"}, st, "--bsn-sleutel", both)...)
	if r.code != 0 || !strings.Contains(r.stdout, "GM9901: 0 BSN's") {
		t.Errorf("second roteren: exit %d, stdout %q", r.code, r.stdout)
	}

	// The new key alone opens the store; the audit log has the count and
	// its chain holds.
	only := keyFile(t, newLine)
	r = run(t, nil, "", args([]string{"audit", "verify"}, st, "--bsn-sleutel", only)...)
	if r.code != 0 || !strings.Contains(r.stdout, "intact") {
		t.Errorf("audit verify with the new key: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	keys, _ := bsnkey.Parse(newLine)
	o := store.Options{BSNKeys: keys}
	if defaultFile != "" {
		o.DataDir = filepath.Dir(defaultFile)
	} else {
		o.DB = st[1]
	}
	s, err := store.Open(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	recs, _, err := s.R().Audit(context.Background(), demo.MunicipalityID, store.AuditFilter{})
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	var subjects []string
	for _, rec := range recs {
		if rec.Action == "bsn-sleutel.roteren" {
			subjects = append(subjects, rec.SubjectID)
		}
	}
	if len(subjects) != 2 || !slicesContain(subjects, newID+"/"+m[1]) || !slicesContain(subjects, newID+"/0") {
		t.Errorf("bsn-sleutel.roteren audit subjects %v; want %s/%s and %s/0", subjects, newID, m[1], newID)
	}

	// The old key alone is refused, naming where it came from.
	oldOnly := []string{"--bsn-sleutel", keyFile(t, old)}
	if defaultFile != "" {
		oldOnly = nil // the data folder's own file still holds the old key
	}
	r = run(t, nil, "", args([]string{"user", "list"}, st, oldOnly...)...)
	if r.code != 2 || !strings.HasPrefix(r.stderr, "Instelling --bsn-sleutel (WIJKREGIE_BSN_SLEUTEL_BESTAND) = ") ||
		!strings.Contains(r.stderr, "deze sleutel opent de BSN's in de opslag niet") || !strings.Contains(r.stderr, newID) {
		t.Errorf("user list with the old key: exit %d, stderr %q; want 2 and one line naming the key setting", r.code, r.stderr)
	}
	oneDutchLine(t, r.stderr)
}

func slicesContain(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// TestBSNKeyFileRefused: a key file others may read, or a weak key, stops
// every command with one Dutch line naming the setting, before the store
// is touched.
func TestBSNKeyFileRefused(t *testing.T) {
	line := newKeyLine(t)
	open := keyFile(t, line)
	if err := os.Chmod(open, 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "data")
	r := run(t, nil, "", "migrate", "--data", dir, "--bsn-sleutel", open)
	if r.code != 2 || !strings.HasPrefix(r.stderr, "Instelling --bsn-sleutel (WIJKREGIE_BSN_SLEUTEL_BESTAND) = ") || !strings.Contains(r.stderr, "chmod 600") ||
		strings.Contains(r.stderr, strings.Fields(line)[1]) {
		t.Errorf("migrate with a key file of mode 0644: exit %d, stderr %q", r.code, r.stderr)
	}
	oneDutchLine(t, r.stderr)
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the data folder was made (stat: %v); want the key refused first", err)
	}

	// The SQLite store's own key file is held to the same rule.
	dir = t.TempDir()
	if r := run(t, nil, "", "migrate", "--data", dir); r.code != 0 {
		t.Fatalf("migrate: %s", r.stderr)
	}
	if err := os.Chmod(filepath.Join(dir, store.BSNKeyFile), 0o640); err != nil {
		t.Fatal(err)
	}
	r = run(t, nil, "", "migrate", "--data", dir)
	if r.code != 2 || !strings.Contains(r.stderr, filepath.Join(dir, store.BSNKeyFile)) || !strings.Contains(r.stderr, "chmod 600") {
		t.Errorf("migrate with the data folder's key file at 0640: exit %d, stderr %q", r.code, r.stderr)
	}
	oneDutchLine(t, r.stderr)
}
