package store_test

import (
	"context"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"wijkregie/internal/store"
)

// TestRetentionCoversEveryTable: every table of the schema that holds a
// person's data declares what retention does to it, and every declared
// table exists, on both engines. A new migration with a person_id,
// household_id or case_id column fails this test until retention says
// how long its rows are kept.
func TestRetentionCoversEveryTable(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, _ *clock) {
		tables, err := s.PersonDataTables(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(tables) < 20 {
			t.Fatalf("only %d tables of personal data found: %v", len(tables), tables)
		}
		for _, tb := range tables {
			if _, ok := store.RetentionTables[tb]; !ok {
				t.Errorf("table %s holds a person's data, and retention does not say what it does to it (store.RetentionTables)", tb)
			}
		}
		for tb := range store.RetentionTables {
			if !slices.Contains(tables, tb) {
				t.Errorf("store.RetentionTables names %s, which holds no person's data in the schema", tb)
			}
		}
	})
}

// TestRetentionTablesDocumented: docs/privacy.md lists every table of
// store.RetentionTables with the same treatment, and no other, so the
// DPIA's reader sees what the code does.
func TestRetentionTablesDocumented(t *testing.T) {
	b, err := os.ReadFile("../../docs/privacy.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	const heading = "### Every table of personal data"
	i := strings.Index(doc, heading)
	if i < 0 {
		t.Fatalf("docs/privacy.md has no section %q", heading)
	}
	section := doc[i+len(heading):]
	if j := strings.Index(section, "\n#"); j >= 0 {
		section = section[:j]
	}
	row := regexp.MustCompile("(?m)^\\| `([a-z_]+)` \\| ([^|]+?) \\|")
	documented := map[string]string{}
	for _, m := range row.FindAllStringSubmatch(section, -1) {
		if _, twice := documented[m[1]]; twice {
			t.Errorf("docs/privacy.md lists %s twice", m[1])
		}
		documented[m[1]] = m[2]
	}
	for tb, does := range store.RetentionTables {
		got, ok := documented[tb]
		if !ok {
			t.Errorf("docs/privacy.md does not list %s (%s)", tb, does)
		} else if got != string(does) {
			t.Errorf("docs/privacy.md says of %s %q; the code: %q", tb, got, does)
		}
	}
	for tb := range documented {
		if _, ok := store.RetentionTables[tb]; !ok {
			t.Errorf("docs/privacy.md lists %s, which store.RetentionTables does not", tb)
		}
	}
}
