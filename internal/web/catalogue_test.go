package web

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/locale"
	"wijkregie/internal/policy"
)

func catalogue(t *testing.T) *locale.Catalogue {
	t.Helper()
	c, err := locale.Load()
	if err != nil {
		t.Fatalf("locale.Load: %v", err)
	}
	return c
}

func TestNewParsesAllTemplates(t *testing.T) {
	h, err := New(nil, catalogue(t), Options{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	entries, err := fs.Glob(files, "templates/pages/*.html")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(h.pages), len(entries); got != want {
		t.Errorf("parsed %d pages, want %d", got, want)
	}
	if h.pages["fout"] == nil || h.pages["fout"].Lookup("fout-fragment") == nil {
		t.Error("the error page or its htmx fragment is missing")
	}
}

var (
	// action is the inside of a template action: {{ … }}.
	action = regexp.MustCompile(`(?s)\{\{-?(.*?)-?\}\}`)
	// literal is a string literal with the word before it (the function
	// it is an argument of, when it is the first argument).
	literal = regexp.MustCompile(`(?:(\w+)\s+)?"([^"]*)"`)
	// magCall is a call of mag, whose second argument is a policy action.
	magCall = regexp.MustCompile(`\bmag\s+\S+\s+"([^"]*)"`)
	// keyShape is what a catalogue key looks like: dotted lower case.
	keyShape = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_-]+)+$`)
)

// templateLiterals returns the string literals in the actions of every
// template, each with the word before it.
func templateLiterals(t *testing.T) [][2]string {
	t.Helper()
	var out [][2]string
	err := fs.WalkDir(files, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		for _, a := range action.FindAllStringSubmatch(string(b), -1) {
			if strings.HasPrefix(strings.TrimSpace(a[1]), "/*") {
				continue // a comment
			}
			body := magCall.ReplaceAllStringFunc(a[1], func(m string) string {
				out = append(out, [2]string{"mag", magCall.FindStringSubmatch(m)[1]})
				return ""
			})
			for _, m := range literal.FindAllStringSubmatch(body, -1) {
				out = append(out, [2]string{m[1], m[2]})
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestTemplateKeysExist checks every catalogue key the templates name: the
// arguments of t, the labels and hints of fields. Arguments of mag must be
// policy actions, arguments of static embedded files.
func TestTemplateKeysExist(t *testing.T) {
	c := catalogue(t)
	h, err := New(nil, c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	n, seen := 0, map[string]bool{}
	for _, lit := range templateLiterals(t) {
		fn, s := lit[0], lit[1]
		switch {
		case fn == "mag":
			if !policy.Known(policy.Action(s)) {
				t.Errorf("template: mag %q names no policy action", s)
			}
			continue
		case fn == "static":
			if _, err := h.staticURL(s); err != nil {
				t.Errorf("template: static %q: %v", s, err)
			}
			continue
		case fn == "label":
			continue // a prefix; TestLabelsExist checks every code
		}
		if k, v, ok := strings.Cut(s, "="); ok && k == "hint" {
			s = v
		}
		if fn != "t" && !keyShape.MatchString(s) || seen[s] {
			continue
		}
		seen[s] = true
		n++
		for _, lang := range []string{locale.NL, locale.EN} {
			if !c.Has(lang, s) {
				t.Errorf("template uses key %q, which %s.json lacks", s, lang)
			}
		}
	}
	if n < 100 {
		t.Errorf("found only %d keys in the templates; is the parsing broken?", n)
	}
}

// TestGoKeysExist checks the keys this package's Go code names: page
// titles, flash messages, labels, choices.
func TestGoKeysExist(t *testing.T) {
	c := catalogue(t)
	goLiteral := regexp.MustCompile(`"([a-z][a-z0-9_]*(?:\.[a-z0-9_-]+)+)"`)
	paths, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range goLiteral.FindAllStringSubmatch(string(b), -1) {
			key := m[1]
			if policy.Known(policy.Action(key)) {
				continue
			}
			n++
			if !c.Has(locale.NL, key) || !c.Has(locale.EN, key) {
				t.Errorf("%s uses key %q, which the catalogue lacks", p, key)
			}
		}
	}
	if n < 30 {
		t.Errorf("found only %d keys in the Go code; is the parsing broken?", n)
	}
}

// sourceStrings returns the first group of re over the non-test Go files
// below dir.
func sourceStrings(t *testing.T, dir string, re *regexp.Regexp) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && p != dir {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(p)
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
	slices.Sort(out)
	return slices.Compact(out)
}

// TestErrorKeysExist checks every field and error message key that any
// package returns: they reach users through this package's pages.
func TestErrorKeysExist(t *testing.T) {
	c := catalogue(t)
	keys := sourceStrings(t, filepath.Join("..", ".."), regexp.MustCompile(`"((?:veld|fout)\.[a-z0-9_.-]*[a-z0-9_-])"`))
	if len(keys) < 20 {
		t.Fatalf("found only %d keys; is the search broken?", len(keys))
	}
	for _, k := range keys {
		for _, lang := range []string{locale.NL, locale.EN} {
			if !c.Has(lang, k) {
				t.Errorf("key %q is used in the code but %s.json lacks it", k, lang)
			}
		}
	}
}

// auditActions returns every action the audit log can hold: the policy's
// actions and the names internal/app writes.
func auditActions(t *testing.T) []string {
	t.Helper()
	acts := sourceStrings(t, filepath.Join("..", "policy"), regexp.MustCompile(`Action\s*=\s*"([^"]+)"`))
	for _, dir := range []string{"app", "demo", "cli"} {
		acts = append(acts, sourceStrings(t, filepath.Join("..", dir), regexp.MustCompile(`(?:Action:|action :?=)\s*"([^"]+)"`))...)
	}
	slices.Sort(acts)
	return slices.Compact(acts)
}

// subjectKinds returns every subject kind the audit log can hold.
func subjectKinds(t *testing.T) []string {
	t.Helper()
	var kinds []string
	for _, dir := range []string{"app", "demo", "cli"} {
		kinds = append(kinds, sourceStrings(t, filepath.Join("..", dir), regexp.MustCompile(`SubjectKind:\s*"([^"]+)"`))...)
	}
	slices.Sort(kinds)
	return slices.Compact(kinds)
}

// TestLabelsExist checks that every code shown through label has its
// text, so no raw code reaches a page.
func TestLabelsExist(t *testing.T) {
	c := catalogue(t)
	codes := map[string][]string{
		"actie.":         auditActions(t),
		"doel.":          {app.PurposeTask, app.PurposeAdmin, app.PurposeInzage, app.PurposeLogin},
		"resultaat.":     {wijkregie.AuditAllowed, wijkregie.AuditDenied},
		"relatie.":       {string(wijkregie.RelationParent), string(wijkregie.RelationChild), string(wijkregie.RelationPartner), string(wijkregie.RelationOther)},
		"betrokkenheid.": {string(wijkregie.InvolvementCoordinator), string(wijkregie.InvolvementContributor)},
		"expertise.":     wijkregie.Expertises,
		"onderwerp.":     subjectKinds(t),
		"keten.reden.":   {"hash", "prev-hash", "missing", "truncated"},
		"maand.":         {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"},
		"label.":         {"naam", "email", "wachtwoord", "rol", "team", "organisatie", "soort", "werkgebied", "expertise", "telefoon", "gemeente", "actief"},
		"domein.":        wijkregie.DomainCodes(),
		"doelgroep.":     wijkregie.TargetGroups,
	}
	if len(codes["actie."]) < 20 || len(codes["onderwerp."]) < 5 {
		t.Errorf("found only %d audit actions and %d subject kinds: %v, %v", len(codes["actie."]), len(codes["onderwerp."]), codes["actie."], codes["onderwerp."])
	}
	for _, r := range wijkregie.Roles {
		codes["rol."] = append(codes["rol."], string(r))
	}
	for _, k := range wijkregie.OrganisationKinds {
		codes["soort."] = append(codes["soort."], string(k))
	}
	for prefix, cs := range codes {
		for _, code := range cs {
			for _, lang := range []string{locale.NL, locale.EN} {
				if !c.Has(lang, prefix+code) {
					t.Errorf("%s.json lacks %q", lang, prefix+code)
				}
			}
		}
	}
}
