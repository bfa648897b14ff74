package cli_test

import (
	"regexp"
	"strings"
	"testing"
)

// TestRetentionRun: retention run on a demo store, dry and for real, on
// both engines: the dry run says it changed nothing, the real run prints
// the same table of kinds, a second run finds nothing left, and an
// unknown municipality is a usage error.
func TestRetentionRun(t *testing.T) {
	stores(t, func(t *testing.T, st []string) {
		if r := run(t, nil, "", args([]string{"demo", "--households", "3"}, st)...); r.code != 0 {
			t.Fatalf("demo: %s", r.stderr)
		}
		row := regexp.MustCompile(`(?m)^dossiers Jeugdwet\s+\d+\s+\d+\s+\d+$`)
		dry := run(t, nil, "", args([]string{"retention", "run", "--dry-run"}, st)...)
		if dry.code != 0 || !strings.Contains(dry.stdout, "Proefdraai voor GM9901") || !strings.Contains(dry.stdout, "SOORT") || !row.MatchString(dry.stdout) {
			t.Fatalf("retention run --dry-run: exit %d, stdout %q, stderr %q", dry.code, dry.stdout, dry.stderr)
		}
		real := run(t, nil, "", args([]string{"retention", "run", "--municipality", "GM9901"}, st)...)
		if real.code != 0 || !strings.Contains(real.stdout, "Bewaartermijnen toegepast voor GM9901") || !row.MatchString(real.stdout) {
			t.Fatalf("retention run: exit %d, stdout %q, stderr %q", real.code, real.stdout, real.stderr)
		}
		again := run(t, nil, "", args([]string{"retention", "run"}, st)...)
		for _, kind := range []string{"dossiers Jeugdwet", "andere dossiers", "signalen zonder casus", "huishoudens", "personen", "toestemmingen"} {
			if !regexp.MustCompile(`(?m)^` + kind + `\s+0\s+0\s+0$`).MatchString(again.stdout) {
				t.Errorf("second run: %q; want nothing left for %s", again.stdout, kind)
			}
		}
		if r := run(t, nil, "", args([]string{"retention", "run", "--gemeente", "GM0000"}, st)...); r.code != 2 {
			t.Errorf("retention run for an unknown municipality: exit %d, stderr %q; want 2", r.code, r.stderr)
		}
	})
}
