package locale

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"wijkregie"
)

// keyPrefixes are the kinds of catalogue key that Go code returns to be
// shown later: field messages, error messages and the triage suggestion's
// rules. A literal with one of these prefixes is a key, so both languages
// must have it.
var keyPrefixes = []string{"veld.", "fout.", "triage.regel."}

// keyPatterns are the literals with a key prefix that are not keys but
// patterns keys are built from, each with a function giving every key it
// builds. A new pattern fails the test until it is listed here.
var keyPatterns = map[string]func(t *testing.T) []string{
	// wijkregie.Settings.Validate: fmt.Sprintf("veld.bereik_%d_%d", min, max)
	// for each setting's range. Every setting out of range at once names
	// every range.
	"veld.bereik_%d_%d": func(t *testing.T) []string {
		s := wijkregie.Settings{TriageDaysUrgent: -1, TriageDaysNormal: -1, MultipleDomains: -1, MultipleParties: -1,
			WeightLight: -1, WeightIntensive: -1, WeightSafety: -1, NoContactWeeks: -1, MeldcodeStepDays: -1,
			OutreachDaysNormal: -1, OutreachDaysThreat: -1, OutreachDaysEndOfDelivery: -1}
		var e *wijkregie.Error
		if !errors.As(s.Validate(), &e) {
			t.Fatal("settings out of every range are valid")
		}
		var keys []string
		for _, f := range e.Fields {
			if strings.HasPrefix(f.Message, "veld.bereik_") {
				keys = append(keys, f.Message)
			}
		}
		if len(keys) != 12 {
			t.Errorf("the settings name %d ranges (%v); want one per setting", len(keys), keys)
		}
		return keys
	},
}

// keyPrefixLiterals are literals with a key prefix that stand for no key
// at all: prefixes code strips from or adds to keys checked elsewhere.
var keyPrefixLiterals = map[string]string{
	// internal/api names a rule in the API by its key without this
	// prefix; the rules' keys are literals in triage.go, checked here.
	"triage.regel.": "the API's rule codes",
}

// goKeyLiterals returns every string literal with a key prefix in the
// module's non-test Go files, with where it was found.
func goKeyLiterals(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch name := d.Name(); {
			case p == root:
			case strings.HasPrefix(name, "."), name == "vendor", name == "testdata", name == "static", name == "node_modules":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Errorf("%s: %v", fset.Position(lit.Pos()), err)
				return true
			}
			for _, prefix := range keyPrefixes {
				if strings.HasPrefix(s, prefix) {
					if _, seen := out[s]; !seen {
						out[s] = fset.Position(lit.Pos()).String()
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestKeysUsedInGoExist parses the module's Go source for the keys it
// returns as field and error messages and as the suggestion's rules, and
// checks that both catalogues have each: a missing one would reach a user
// as a raw key.
func TestKeysUsedInGoExist(t *testing.T) {
	c := load(t)
	root := filepath.Join("..", "..")
	lits := goKeyLiterals(t, root)
	if len(lits) < 40 {
		t.Fatalf("found only %d key literals; is the parsing broken?", len(lits))
	}
	keys := map[string]string{}
	for lit, where := range lits {
		if _, ok := keyPrefixLiterals[lit]; ok {
			continue
		}
		if strings.ContainsAny(lit, "%{") || strings.HasSuffix(lit, ".") || strings.HasSuffix(lit, "_") {
			build, ok := keyPatterns[lit]
			if !ok {
				t.Errorf("%s: %q looks like a pattern or prefix of keys; list it in keyPatterns or keyPrefixLiterals", where, lit)
				continue
			}
			for _, k := range build(t) {
				keys[k] = where
			}
			continue
		}
		keys[lit] = where
	}
	for pattern := range keyPatterns {
		if _, ok := lits[pattern]; !ok {
			t.Errorf("keyPatterns lists %q, which the code no longer uses", pattern)
		}
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	slices.Sort(sorted)
	for _, k := range sorted {
		for _, lang := range languages {
			if !c.Has(lang, k) {
				t.Errorf("%s: key %q is not in %s.json", keys[k], k, lang)
			}
		}
	}
}
