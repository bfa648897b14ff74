// Package locale holds the message catalogue: every text a user reads comes
// from here, looked up by key. Dutch is the default language; English is kept
// in step so that a key never exists in one language only.
//
// The texts live in data files (nl.json, en.json), not in code, so that a
// writer can improve them without reading Go, and so that a test can check
// that both languages have the same keys and the same placeholders.
package locale

import (
	"embed"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// Language codes, as used in the lang attribute of HTML and in Accept-Language.
const (
	// NL is Dutch, the default language and the fallback for missing texts.
	NL = "nl"
	// EN is English.
	EN = "en"
)

// languages lists every language that has a catalogue; its files are named
// after the code.
var languages = []string{NL, EN}

// parts are the catalogue files of each language, by prefix: the UI's
// (nl.json), the command line's (cli.nl.json), the case work's domain
// terms and messages (kern.nl.json) and its web pages (plan.nl.json for the
// assessment and plan pages, werk.nl.json for the others), and the consent
// registry's pages and messages (privacy.nl.json), emergency access's
// (noodtoegang.nl.json), retention's (bewaren.nl.json) and the audit
// log's kinds and second factor (audit.nl.json). Splitting them
// keeps each file owned by one part of the program; a key may live in one
// part only.
var parts = []string{"", "cli.", "kern.", "plan.", "werk.", "privacy.", "noodtoegang.", "bewaren.", "inzage.", "partner.", "audit.", "rechten.", "vroeg.", "inlezen.", "outreach.", "vroeglijst.", "zorgmelding.", "gezinsplan.", "inwoner.", "pakket.", "mijnplan.", "overdracht.", "uitkomst.", "rapport.", "dashboard.", "capaciteit."}

//go:embed *.json
var files embed.FS

// placeholder matches {naam} in a text. Names are lower-case ASCII so that
// they read the same in both languages and cannot clash with prose braces.
var placeholder = regexp.MustCompile(`\{([a-z][a-z0-9_]*)\}`)

// Catalogue holds the texts of every language, keyed by language and then by
// message key. It is read-only after Load and safe for concurrent use.
type Catalogue struct {
	messages map[string]map[string]string
}

// Load reads the embedded catalogues of all languages. It fails when a file is
// not a flat JSON object of strings or when a text is empty, because an empty
// text would show the user nothing where a message belongs.
func Load() (*Catalogue, error) {
	c := &Catalogue{messages: make(map[string]map[string]string, len(languages))}
	for _, lang := range languages {
		all := make(map[string]string)
		for _, part := range parts {
			name := part + lang + ".json"
			data, err := files.ReadFile(name)
			if err != nil {
				return nil, fmt.Errorf("locale: reading %s: %w", name, err)
			}
			var m map[string]string
			if err := json.Unmarshal(data, &m); err != nil {
				return nil, fmt.Errorf("locale: parsing %s: %w", name, err)
			}
			for key, text := range m {
				if strings.TrimSpace(text) == "" {
					return nil, fmt.Errorf("locale: %s: key %q has an empty text", name, key)
				}
				if _, dup := all[key]; dup {
					return nil, fmt.Errorf("locale: %s: key %q is also in another file", name, key)
				}
				all[key] = text
			}
		}
		c.messages[lang] = all
	}
	return c, nil
}

// T returns the text for key in lang with its placeholders filled in.
//
// args are name/value pairs: T(NL, "fout.intern", "incident", id) replaces
// {incident} by fmt.Sprint(id). Values are not formatted per language, so
// callers format numbers and dates themselves. A placeholder without a value
// stays as it is, and a name without a value is ignored, so that a mistake
// shows on the page instead of hiding.
//
// A key missing in lang falls back to Dutch; a key missing in Dutch too is
// returned as is, so that the missing text is visible and easy to search for.
// The result is plain text: templates escape it like any other value.
func (c *Catalogue) T(lang, key string, args ...any) string {
	text, ok := c.messages[lang][key]
	if !ok {
		text, ok = c.messages[NL][key]
	}
	if !ok {
		return key
	}
	if len(args) < 2 || !strings.Contains(text, "{") {
		return text
	}
	values := make(map[string]string, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		values[fmt.Sprint(args[i])] = fmt.Sprint(args[i+1])
	}
	return placeholder.ReplaceAllStringFunc(text, func(m string) string {
		if v, ok := values[m[1:len(m)-1]]; ok {
			return v
		}
		return m
	})
}

// Has reports whether lang itself has a text for key, without falling back
// to Dutch. Tests use it to find keys that code refers to but the catalogue
// lacks.
func (c *Catalogue) Has(lang, key string) bool {
	_, ok := c.messages[lang][key]
	return ok
}

// Keys returns the keys of lang in sorted order, or nil for a language that
// has no catalogue.
func (c *Catalogue) Keys(lang string) []string {
	m, ok := c.messages[lang]
	if !ok {
		return nil
	}
	return slices.Sorted(maps.Keys(m))
}

// placeholders returns the sorted, distinct placeholder names in text.
func placeholders(text string) []string {
	var names []string
	for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
		names = append(names, m[1])
	}
	slices.Sort(names)
	return slices.Compact(names)
}
