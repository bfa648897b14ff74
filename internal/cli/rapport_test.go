package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"wijkregie/internal/pdf/pdftest"
)

// TestComposedReportCommand writes the team's month and the council's
// report on the demo municipality on both stores — PDF to a file with a
// progress bar, CSV and JSON to standard output — and refuses what the
// policy or the flags refuse, naming the field.
func TestComposedReportCommand(t *testing.T) {
	stores(t, func(t *testing.T, st []string) {
		if r := run(t, nil, "", args([]string{"demo", "--households", "3"}, st)...); r.code != 0 {
			t.Fatalf("demo: %s", r.stderr)
		}
		const lead, beleid = "teamleider@duinhaven.example", "beleid@duinhaven.example"
		file := filepath.Join(t.TempDir(), "maand.pdf")
		r := run(t, nil, "", args([]string{"report", "teammaand", "--email", lead, "--maand", "2026-10", "--uitvoer", file}, st)...)
		if r.code != 0 || r.stdout != "" || !strings.Contains(r.stderr, "onderdelen") || !strings.Contains(r.stderr, "tabellen") {
			t.Fatalf("teammaand: exit %d, stdout %.100q, stderr %q", r.code, r.stdout, r.stderr)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if fi, _ := os.Stat(file); fi.Mode().Perm() != 0o600 {
			t.Errorf("the report file is %v, want 0600", fi.Mode().Perm())
		}
		if doc := pdftest.Read(t, b); !doc.Contains("Maandrapport van het wijkteam") || !doc.Contains("oktober 2026") || !doc.Contains("Werklast") {
			t.Errorf("PDF:\n%.600s", doc.AllText())
		}

		r = run(t, nil, "", args([]string{"report", "raad", "--email", beleid, "--van", "2026-01-01", "--tot", "2026-03-31", "--formaat", "csv"}, st)...)
		if r.code != 0 || !strings.HasPrefix(r.stdout, "tabel;rij;rijnaam;") || !strings.Contains(r.stdout, "\r\ncaseload-per-team;") || !strings.Contains(r.stdout, ";<10;true\r\n") {
			t.Fatalf("raad csv: exit %d, stdout %.300q, stderr %q", r.code, r.stdout, r.stderr)
		}
		r = run(t, nil, "", args([]string{"report", "raad", "--email", beleid, "--formaat", "json"}, st)...)
		var rep struct {
			Soort      string            `json:"soort"`
			Onderdrukt bool              `json:"kleineAantallenOnderdrukt"`
			Onderdelen []json.RawMessage `json:"onderdelen"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &rep); r.code != 0 || err != nil || rep.Soort != "raad" || !rep.Onderdrukt || len(rep.Onderdelen) != 2 ||
			!strings.Contains(r.stdout, `"weergave": "<10"`) {
			t.Fatalf("raad json: exit %d, %v %+v, stderr %q", r.code, err, rep, r.stderr)
		}

		// Refused by the policy; bad input named.
		if r := run(t, nil, "", args([]string{"report", "raad", "--email", lead}, st)...); r.code != 1 {
			t.Errorf("lead, the council report: exit %d, stderr %q", r.code, r.stderr)
		}
		for _, bad := range []struct {
			args  []string
			code  int
			field string
		}{
			{[]string{"teammaand", "--email", lead, "--formaat", "docx"}, 2, "docx"},
			{[]string{"raad", "--email", beleid, "--van", "2026-01-01"}, 2, "--tot"},
			{[]string{"teammaand", "--email", lead, "--maand", "2026-13"}, 1, "maand"},
			{[]string{"teammaand", "--email", beleid}, 1, "team"},
			{[]string{"raad", "--email", beleid, "--van", "2026-01-02", "--tot", "2026-03-31"}, 1, "van"},
		} {
			r := run(t, nil, "", args(append([]string{"report"}, bad.args...), st)...)
			if r.code != bad.code || !strings.Contains(r.stderr, bad.field) {
				t.Errorf("%v: exit %d, stderr %q", bad.args, r.code, r.stderr)
			}
		}
	})
}
