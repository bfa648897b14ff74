package locale

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func load(t *testing.T) *Catalogue {
	t.Helper()
	c, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

// TestLanguagesInStep guards the promise that English is kept in step with
// Dutch: a key or placeholder present in one language only would show a
// fallback or a raw {name} to some users.
func TestLanguagesInStep(t *testing.T) {
	c := load(t)
	for _, lang := range languages[1:] {
		for _, key := range c.Keys(NL) {
			if !c.Has(lang, key) {
				t.Errorf("%s.json lacks key %q that nl.json has", lang, key)
				continue
			}
			got := placeholders(c.messages[lang][key])
			want := placeholders(c.messages[NL][key])
			if !slices.Equal(got, want) {
				t.Errorf("key %q: %s has placeholders %v, nl has %v", key, lang, got, want)
			}
		}
		for _, key := range c.Keys(lang) {
			if !c.Has(NL, key) {
				t.Errorf("nl.json lacks key %q that %s.json has", key, lang)
			}
		}
	}
}

func TestNoEmptyTexts(t *testing.T) {
	c := load(t)
	for _, lang := range languages {
		for _, key := range c.Keys(lang) {
			if strings.TrimSpace(c.messages[lang][key]) == "" {
				t.Errorf("%s.json: key %q has an empty text", lang, key)
			}
		}
	}
}

// TestFilesCanonical keeps the files sorted by key and 2-space indented, so
// that diffs stay small and a duplicated key (which encoding/json would
// silently collapse) cannot hide in them.
func TestFilesCanonical(t *testing.T) {
	for _, name := range catalogueFiles() {
		data, err := files.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(m); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(data, want.Bytes()) {
			t.Errorf("%s is not sorted by key, 2-space indented and free of duplicate keys; rewrite it as:\n%s", name, want.String())
		}
	}
}

// TestKeysUsedByDomain lists the keys the domain package already returns, so
// that removing one from the catalogue fails here rather than on a page.
func TestKeysUsedByDomain(t *testing.T) {
	c := load(t)
	keys := []string{
		"fout.ongeldig", "fout.niet_gevonden", "fout.geen_toegang", "fout.niet_ingelogd",
		"fout.te_veel_pogingen", "fout.intern", "fout.conflict",
		"veld.verplicht", "veld.email", "veld.rol", "veld.team.verplicht",
		"veld.organisatie.verplicht", "veld.organisatie.soort", "veld.expertise",
		"veld.wachtwoord.kort", "veld.wachtwoord.lang",
		"veld.bsn.lengte", "veld.bsn.cijfers", "veld.bsn.elfproef",
		"veld.gemeente.code", "veld.werkgebied", "veld.geboortedatum",
		"veld.postcode", "veld.huisnummer", "veld.email.bestaat", "veld.naam.bestaat",
	}
	for _, key := range keys {
		if !c.Has(NL, key) {
			t.Errorf("nl.json lacks key %q", key)
		}
	}
}

func TestT(t *testing.T) {
	c := &Catalogue{messages: map[string]map[string]string{
		NL: {
			"groet":    "Hallo {naam}, u heeft {aantal} meldingen.",
			"alleen":   "Alleen Nederlands.",
			"herhaald": "{x} en {x}",
		},
		EN: {
			"groet": "Hello {naam}, you have {aantal} signals.",
		},
	}}
	tests := []struct {
		name string
		lang string
		key  string
		args []any
		want string
	}{
		{"filled", NL, "groet", []any{"naam", "Fatima", "aantal", 3}, "Hallo Fatima, u heeft 3 meldingen."},
		{"english", EN, "groet", []any{"naam", "Fatima", "aantal", 3}, "Hello Fatima, you have 3 signals."},
		{"missing value stays visible", NL, "groet", []any{"naam", "Fatima"}, "Hallo Fatima, u heeft {aantal} meldingen."},
		{"odd trailing name ignored", NL, "groet", []any{"naam", "Fatima", "aantal"}, "Hallo Fatima, u heeft {aantal} meldingen."},
		{"no args", NL, "groet", nil, "Hallo {naam}, u heeft {aantal} meldingen."},
		{"repeated placeholder", NL, "herhaald", []any{"x", 1}, "1 en 1"},
		{"falls back to Dutch", EN, "alleen", nil, "Alleen Nederlands."},
		{"unknown language falls back to Dutch", "de", "alleen", nil, "Alleen Nederlands."},
		{"unknown key returns key", EN, "bestaat.niet", nil, "bestaat.niet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.T(tt.lang, tt.key, tt.args...); got != tt.want {
				t.Errorf("T(%q, %q, %v) = %q, want %q", tt.lang, tt.key, tt.args, got, tt.want)
			}
		})
	}
}

func TestHasDoesNotFallBack(t *testing.T) {
	c := load(t)
	if !c.Has(NL, "fout.ongeldig") {
		t.Error(`Has(NL, "fout.ongeldig") = false, want true`)
	}
	if c.Has("de", "fout.ongeldig") {
		t.Error(`Has("de", "fout.ongeldig") = true, want false: Has must not fall back to Dutch`)
	}
}

func TestKeysSorted(t *testing.T) {
	c := load(t)
	keys := c.Keys(NL)
	if len(keys) == 0 {
		t.Fatal("Keys(NL) is empty")
	}
	if !slices.IsSorted(keys) {
		t.Errorf("Keys(NL) = %v, not sorted", keys)
	}
	if got := c.Keys("de"); got != nil {
		t.Errorf(`Keys("de") = %v, want nil`, got)
	}
}

func TestPlaceholders(t *testing.T) {
	got := placeholders("{b} {a} {b} {Niet} { c } {a_1}")
	want := []string{"a", "a_1", "b"}
	if !slices.Equal(got, want) {
		t.Errorf("placeholders = %v, want %v", got, want)
	}
}

func catalogueFiles() []string {
	var names []string
	for _, part := range parts {
		for _, lang := range languages {
			names = append(names, part+lang+".json")
		}
	}
	return names
}
