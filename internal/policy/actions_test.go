package policy_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"wijkregie"
	"wijkregie/internal/policy"
)

// appActions returns the action names the program writes to the audit log
// besides the policy's: literals after "Action:" and constants or
// variables named action… (not …Action, such as byAction) in the
// packages that audit.
func appActions(t *testing.T) []string {
	t.Helper()
	re := regexp.MustCompile(`(?:^|[^A-Za-z])(?:Action:|[aA]ction[A-Za-z]*\s*:?=)\s*"([^"]+)"`)
	var out []string
	for _, dir := range []string{"app", "cli", "demo", "store"} {
		err := filepath.WalkDir(filepath.Join("..", dir), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				out = append(out, m[1])
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestEveryActionHasAnAuditKind is generated from every action the audit
// log can hold: an action added without a NEN 7513 kind fails here.
func TestEveryActionHasAnAuditKind(t *testing.T) {
	acts := appActions(t)
	if len(acts) < 15 {
		t.Fatalf("found only %d action names in the source; is the search broken? %v", len(acts), acts)
	}
	for _, a := range policy.Actions() {
		acts = append(acts, string(a))
	}
	if len(policy.Actions()) < 40 {
		t.Fatalf("policy.Actions() gives %d actions; the policy has more", len(policy.Actions()))
	}
	for _, a := range acts {
		if k := wijkregie.KindOf(a); !wijkregie.ValidAuditKind(string(k)) {
			t.Errorf("action %q has no audit kind (KindOf = %q): add it to auditKinds in auditkind.go", a, k)
		}
	}
}

// TestActionsAreKnown checks that Actions and Known describe the same set.
func TestActionsAreKnown(t *testing.T) {
	for _, a := range policy.Actions() {
		if !policy.Known(a) {
			t.Errorf("Actions() holds %q, which Known refuses", a)
		}
	}
	if slices.Contains(policy.Actions(), policy.Public) {
		t.Errorf("Actions() holds Public")
	}
	if !slices.IsSorted(policy.Actions()) {
		t.Errorf("Actions() is not sorted")
	}
}
