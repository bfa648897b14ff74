package cli_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"wijkregie"
)

// samplePackage is the sample of the docs as if another municipality
// (GM0001) had sent it, sealed again.
func samplePackage(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../docs/voorbeelden/overdrachtspakket.json")
	if err != nil {
		t.Fatal(err)
	}
	var p wijkregie.HandoverPackage
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	p.Sender.MunicipalityCode, p.Sender.MunicipalityName = "GM0001", "Elders"
	p.Seal()
	out, err := json.Marshal(&p)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// TestImportHandover: import overdracht on a demo store, on both engines:
// a dry run keeps nothing, the import prints the case and the counts, the
// same package again names that case and fails, an invalid package names
// its fields and fails, a missing --email is a usage error.
func TestImportHandover(t *testing.T) {
	stores(t, func(t *testing.T, st []string) {
		if r := run(t, nil, "", args([]string{"demo", "--households", "3"}, st)...); r.code != 0 {
			t.Fatalf("demo: %s", r.stderr)
		}
		file := writeFile(t, "pakket.json", samplePackage(t))
		lead := "teamleider@duinhaven.example"
		dry := run(t, nil, "", args([]string{"import", "overdracht", file, "--email", lead, "--dry-run"}, st)...)
		if dry.code != 0 || !strings.Contains(dry.stdout, "Proefrun") || countOf(t, dry.stdout, "Planversies") != "2" {
			t.Fatalf("dry run: exit %d, stdout %q, stderr %q", dry.code, dry.stdout, dry.stderr)
		}
		r := run(t, nil, "", args([]string{"import", "overdracht", file, "--email", lead}, st)...)
		if r.code != 0 || !strings.Contains(r.stdout, "ingelezen in GM9901 als casus") || countOf(t, r.stdout, "Personen nieuw") != "3" {
			t.Fatalf("import: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
		}
		again := run(t, nil, "", args([]string{"import", "overdracht", file, "--email", lead}, st)...)
		if again.code != 1 || !strings.Contains(again.stdout, "al eerder ingelezen als casus") {
			t.Errorf("again: exit %d, stdout %q, stderr %q", again.code, again.stdout, again.stderr)
		}
		bad := writeFile(t, "kapot.json", strings.Replace(samplePackage(t), `"formaat":"1.0"`, `"formaat":"0.9"`, 1))
		if r := run(t, nil, "", args([]string{"import", "overdracht", bad, "--email", lead}, st)...); r.code != 1 || !strings.Contains(r.stderr, "formaat") {
			t.Errorf("invalid: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
		}
		if r := run(t, nil, "", args([]string{"import", "overdracht", file}, st)...); r.code != 2 {
			t.Errorf("no --email: exit %d, stderr %q", r.code, r.stderr)
		}
	})
}
