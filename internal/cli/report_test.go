package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestReport writes both reports on the demo municipality on both stores,
// as JSON and CSV, in the name of the lead and of beleid, and refuses
// what the policy or the flags refuse.
func TestReport(t *testing.T) {
	stores(t, func(t *testing.T, st []string) {
		if r := run(t, nil, "", args([]string{"demo", "--households", "3"}, st)...); r.code != 0 {
			t.Fatalf("demo: %s", r.stderr)
		}
		const lead, beleid = "teamleider@duinhaven.example", "beleid@duinhaven.example"
		r := run(t, nil, "", args([]string{"report", "uitkomsten", "--email", beleid, "--van", "2025-01-01", "--tot", "2025-12-31"}, st)...)
		var rep struct {
			Soort      string `json:"soort"`
			Van        string `json:"van"`
			Onderdrukt bool   `json:"kleineAantallenOnderdrukt"`
			Tabellen   []struct {
				ID string `json:"id"`
			} `json:"tabellen"`
		}
		if r.code != 0 {
			t.Fatalf("uitkomsten: exit %d, stderr %q", r.code, r.stderr)
		}
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || rep.Soort != "uitkomsten" || rep.Van != "2025-01-01" ||
			!rep.Onderdrukt || len(rep.Tabellen) < 12 || !strings.Contains(r.stdout, `"weergave": "<10"`) {
			t.Fatalf("uitkomsten: %v %+v\n%.400s", err, rep, r.stdout)
		}
		r = run(t, nil, "", args([]string{"report", "werklast", "--email", lead, "--formaat", "csv"}, st)...)
		if r.code != 0 || !strings.HasPrefix(r.stdout, "tabel;rij;rijnaam;") || !strings.Contains(r.stdout, "caseload-per-medewerker;") {
			t.Fatalf("werklast: exit %d, stdout %.300q, stderr %q", r.code, r.stdout, r.stderr)
		}
		// The lead may not read the municipality; the flags are checked.
		if r := run(t, nil, "", args([]string{"report", "werklast", "--email", lead, "--team", "alle"}, st)...); r.code != 1 {
			t.Errorf("lead, the municipality: exit %d, stderr %q", r.code, r.stderr)
		}
		for _, bad := range [][]string{{"--van", "2025-01-01"}, {"--van", "1-1-2025", "--tot", "2025-12-31"}, {"--formaat", "pdf"}, {}} {
			a := append([]string{"report", "uitkomsten"}, bad...)
			if len(bad) > 0 {
				a = append(a, "--email", beleid)
			}
			if r := run(t, nil, "", args(a, st)...); r.code != 2 {
				t.Errorf("%v: exit %d, stderr %q", bad, r.code, r.stderr)
			}
		}
		if r := run(t, nil, "", args([]string{"report", "uitkomsten", "--email", beleid, "--wijk", "12"}, st)...); r.code != 1 || !strings.Contains(r.stderr, "wijk") {
			t.Errorf("bad wijk: exit %d, stderr %q", r.code, r.stderr)
		}
	})
}
