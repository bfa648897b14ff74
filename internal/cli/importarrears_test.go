package cli_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const arrearsHeader = "schuldeiser;soortSchuldeiser;referentie;achternaam;geboortedatum;straat;huisnummer;postcode;woonplaats;bedrag;termijnen;datumAchterstand;soort\n"

// arrearsLine is a report on a contract of an address in Duinhaven.
func arrearsLine(ref string, number int) string {
	return fmt.Sprintf("Woonstede;woningcorporatie;%s;Inleesproef;01-05-1980;Importlaan;%d;2581 AB;Duinhaven;1.234,56;3;2026-01-15;\n", ref, number)
}

// writeFile writes a file in the test's folder and returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// countOf reads a count from the summary's table.
func countOf(t *testing.T, stdout, label string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + label + `\s+(\d+)$`).FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("no %s in %q", label, stdout)
	}
	return m[1]
}

// TestImportArrears: import betalingsachterstanden on a demo store, on both
// engines: a dry run keeps nothing, the import prints the counts and the
// rejected lines by line and column (never their content), the same file
// again is recognised and creates nothing, a file that cannot be read
// fails with exit 1, a missing file name is a usage error, and a file of
// many bad lines lists fifty and counts the rest.
func TestImportArrears(t *testing.T) {
	stores(t, func(t *testing.T, st []string) {
		if r := run(t, nil, "", args([]string{"demo", "--households", "3"}, st)...); r.code != 0 {
			t.Fatalf("demo: %s", r.stderr)
		}
		file := writeFile(t, "levering.csv", arrearsHeader+arrearsLine("A", 1)+arrearsLine("B", 1)+
			strings.Replace(arrearsLine("C", 2), "01-05-1980", "1 mei", 1)+arrearsLine("A", 1))

		dry := run(t, nil, "", args([]string{"import", "betalingsachterstanden", file, "--dry-run"}, st)...)
		if dry.code != 0 || !strings.Contains(dry.stdout, "Proefrun") || countOf(t, dry.stdout, "nieuw") != "2" {
			t.Fatalf("dry run: exit %d, stdout %q, stderr %q", dry.code, dry.stdout, dry.stderr)
		}
		r := run(t, nil, "", args([]string{"import", "betalingsachterstanden", file}, st)...)
		if r.code != 0 {
			t.Fatalf("import: exit %d, stderr %q", r.code, r.stderr)
		}
		for label, want := range map[string]string{"gelezen": "4", "nieuw": "2", "bijgewerkt": "0", "ongewijzigd": "0", "gebundeld": "1",
			"afgewezen": "2", "nieuwe vroegsignalen": "1"} {
			if got := countOf(t, r.stdout, label); got != want {
				t.Errorf("%s: %s; want %s", label, got, want)
			}
		}
		for _, want := range []string{"regel 4, geboortedatum: Vul een geldige datum in.",
			"regel 5, referentie: Deze regel gaat over hetzelfde contract als regel 2 van deze levering."} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("stdout %q lacks %q", r.stdout, want)
			}
		}
		if strings.Contains(r.stdout, "Inleesproef") || strings.Contains(r.stdout, "Importlaan") || strings.Contains(r.stdout, "1 mei") {
			t.Errorf("the summary repeats a row's content: %q", r.stdout)
		}
		again := run(t, nil, "", args([]string{"import", "betalingsachterstanden", file}, st)...)
		if again.code != 0 || !strings.Contains(again.stdout, "al eerder aangeleverd op") || countOf(t, again.stdout, "ongewijzigd") != "2" ||
			countOf(t, again.stdout, "nieuw") != "0" {
			t.Errorf("the same file again: exit %d, stdout %q", again.code, again.stdout)
		}

		comma := writeFile(t, "komma.csv", strings.ReplaceAll(arrearsHeader+arrearsLine("A", 1), ";", ","))
		if r := run(t, nil, "", args([]string{"import", "betalingsachterstanden", comma}, st)...); r.code != 1 || !strings.Contains(r.stderr, "puntkomma") {
			t.Errorf("a comma file: exit %d, stderr %q; want 1 naming the semicolon", r.code, r.stderr)
		}
		if r := run(t, nil, "", args([]string{"import", "betalingsachterstanden"}, st)...); r.code != 2 {
			t.Errorf("no file: exit %d, stderr %q; want 2", r.code, r.stderr)
		}
		if r := run(t, nil, "", args([]string{"import", "betalingsachterstanden", filepath.Join(t.TempDir(), "weg.csv")}, st)...); r.code != 2 {
			t.Errorf("a file that is not there: exit %d, stderr %q; want 2", r.code, r.stderr)
		}

		var many strings.Builder
		many.WriteString(arrearsHeader)
		for i := range 60 {
			many.WriteString(strings.Replace(arrearsLine(fmt.Sprint("X", i), 3), "Inleesproef", "", 1))
		}
		r = run(t, nil, arrearsHeader+many.String()[len(arrearsHeader):], args([]string{"import", "betalingsachterstanden", "-"}, st)...)
		if r.code != 0 || strings.Count(r.stdout, ", achternaam: Vul dit veld in.") != 50 || !strings.Contains(r.stdout, "en nog 10 afgewezen regels") {
			t.Errorf("sixty bad lines on standard input: exit %d, stdout %q", r.code, r.stdout)
		}
	})
}
