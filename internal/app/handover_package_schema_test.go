package app_test

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"wijkregie"
)

// The JSON Schema of the overdrachtspakket (docs/overdrachtspakket.schema.json)
// is checked two ways: it must describe wijkregie.HandoverPackage field for
// field (every property a field, every field a property, required exactly
// the fields written always), and every package the tests build must pass
// it. The check knows the keywords the schema uses and fails on any other,
// so a keyword added to the schema is not silently ignored.

const schemaPath = "../../docs/overdrachtspakket.schema.json"

type jsonSchema = map[string]any

func loadSchema(t *testing.T) jsonSchema {
	t.Helper()
	b, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	var s jsonSchema
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("the schema is not JSON: %v", err)
	}
	if s["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Fatalf("$schema %v; want draft 2020-12", s["$schema"])
	}
	return s
}

// resolve follows a $ref into the root's $defs.
func resolve(root, s jsonSchema) jsonSchema {
	for {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s
		}
		s = root["$defs"].(map[string]any)[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
	}
}

var knownKeywords = []string{"$schema", "$id", "$ref", "$defs", "title", "description", "type", "properties", "required",
	"additionalProperties", "items", "enum", "const", "pattern", "format", "minimum", "maximum", "minItems"}

// validate checks v (as encoding/json decodes it) against s, returning
// the paths in error.
func validate(root, s jsonSchema, v any, path string) []string {
	for k := range s {
		if !slices.Contains(knownKeywords, k) {
			return []string{path + ": the check does not know the keyword " + k}
		}
	}
	s = resolve(root, s)
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, path+": "+fmt.Sprintf(format, args...)) }
	if c, ok := s["const"]; ok && !reflect.DeepEqual(c, v) {
		bad("want %v", c)
	}
	if e, ok := s["enum"].([]any); ok && !slices.Contains(e, v) {
		bad("%v is not one of %v", v, e)
	}
	switch s["type"] {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			bad("not an object")
			return errs
		}
		props, _ := s["properties"].(map[string]any)
		for _, r := range s["required"].([]any) {
			if _, ok := m[r.(string)]; !ok {
				bad("%s is required", r)
			}
		}
		for k, x := range m {
			ps, ok := props[k].(map[string]any)
			if !ok {
				if s["additionalProperties"] == false {
					bad("%s is not allowed", k)
				}
				continue
			}
			errs = append(errs, validate(root, ps, x, path+"."+k)...)
		}
	case "array":
		xs, ok := v.([]any)
		if !ok {
			bad("not an array")
			return errs
		}
		if n, ok := s["minItems"].(float64); ok && float64(len(xs)) < n {
			bad("fewer than %v items", n)
		}
		for i, x := range xs {
			errs = append(errs, validate(root, s["items"].(map[string]any), x, fmt.Sprintf("%s[%d]", path, i))...)
		}
	case "string":
		str, ok := v.(string)
		if !ok {
			bad("not a string")
			return errs
		}
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(str) {
			bad("%q does not match %s", str, p)
		}
		switch s["format"] {
		case "date":
			if _, err := time.Parse(time.DateOnly, str); err != nil {
				bad("%q is not a date", str)
			}
		case "date-time":
			if _, err := time.Parse(time.RFC3339, str); err != nil {
				bad("%q is not a date-time", str)
			}
		}
	case "integer":
		n, ok := v.(float64)
		if !ok || n != float64(int64(n)) {
			bad("not an integer")
			return errs
		}
		if m, ok := s["minimum"].(float64); ok && n < m {
			bad("below %v", m)
		}
		if m, ok := s["maximum"].(float64); ok && n > m {
			bad("above %v", m)
		}
	}
	return errs
}

// schemaErrors validates a package against the schema.
func schemaErrors(t *testing.T, p *wijkregie.HandoverPackage) []string {
	t.Helper()
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	root := loadSchema(t)
	return validate(root, root, v, "pakket")
}

// drift compares a Go type with its schema: the names, the required
// ones, and the shape below them.
func drift(root, s jsonSchema, tp reflect.Type, path string) []string {
	s = resolve(root, s)
	for tp.Kind() == reflect.Pointer {
		tp = tp.Elem()
	}
	var errs []string
	switch tp.Kind() {
	case reflect.Struct:
		props, _ := s["properties"].(map[string]any)
		if s["type"] != "object" || s["additionalProperties"] != false {
			return []string{path + ": the schema does not describe a closed object"}
		}
		var required []string
		for _, r := range s["required"].([]any) {
			required = append(required, r.(string))
		}
		seen := map[string]bool{}
		for i := range tp.NumField() {
			f := tp.Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			seen[name] = true
			ps, ok := props[name].(map[string]any)
			if !ok {
				errs = append(errs, path+"."+name+": in the Go type, not in the schema")
				continue
			}
			always := !strings.Contains(opts, "omitempty")
			if always != slices.Contains(required, name) {
				errs = append(errs, fmt.Sprintf("%s.%s: written always %v, required in the schema %v", path, name, always, !always))
			}
			errs = append(errs, drift(root, ps, f.Type, path+"."+name)...)
		}
		for name := range props {
			if !seen[name] {
				errs = append(errs, path+"."+name+": in the schema, not in the Go type")
			}
		}
	case reflect.Slice:
		if s["type"] != "array" {
			return []string{path + ": a list in Go, not in the schema"}
		}
		errs = append(errs, drift(root, s["items"].(map[string]any), tp.Elem(), path+"[]")...)
	case reflect.String:
		if s["type"] != "string" && s["const"] == nil && s["enum"] == nil {
			errs = append(errs, path+": a string in Go, not in the schema")
		}
	case reflect.Int:
		if s["type"] != "integer" {
			errs = append(errs, path+": an integer in Go, not in the schema")
		}
	}
	return errs
}

// TestHandoverPackageSchemaMatchesType: the schema and the Go type of the
// package describe the same fields, and the schema's lists of values are
// the domain's.
func TestHandoverPackageSchemaMatchesType(t *testing.T) {
	root := loadSchema(t)
	for _, e := range drift(root, root, reflect.TypeFor[wijkregie.HandoverPackage](), "pakket") {
		t.Error(e)
	}
	enum := func(s jsonSchema) []string {
		var out []string
		for _, x := range resolve(root, s)["enum"].([]any) {
			out = append(out, x.(string))
		}
		return out
	}
	defs := root["$defs"].(map[string]any)
	if got := enum(defs["domein"].(map[string]any)); !slices.Equal(got, wijkregie.DomainCodes()) {
		t.Errorf("schema domains %v; want %v", got, wijkregie.DomainCodes())
	}
	casus := root["properties"].(map[string]any)["casus"].(map[string]any)["properties"].(map[string]any)
	var statuses []string
	for _, s := range wijkregie.CaseStatuses {
		statuses = append(statuses, string(s))
	}
	if got := enum(casus["status"].(map[string]any)); !slices.Equal(got, statuses) {
		t.Errorf("schema case statuses %v; want %v", got, statuses)
	}
	var grounds []string
	for _, g := range wijkregie.CaseGrounds {
		grounds = append(grounds, string(g))
	}
	if got := enum(casus["grondslag"].(map[string]any)); !slices.Equal(got, grounds) {
		t.Errorf("schema grounds %v; want %v", got, grounds)
	}
}

// TestHandoverPackageSchemaValidates: a package built from a worked case
// passes the schema on both stores, and the check can fail.
func TestHandoverPackageSchemaValidates(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		x := f.handoverHome(t)
		p, err := f.svc.ExportHandoverPackage(f.ctx, f.actor(wijkregie.RoleProfessional), x.c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range schemaErrors(t, p) {
			t.Error(e)
		}
		bad := viaJSON(t, p)
		bad.PlanVersions[0].Goals[0].Domain = "geluk"
		bad.Household.Members[0].From = "gisteren"
		errs := strings.Join(schemaErrors(t, bad), "\n")
		if !strings.Contains(errs, "huishouden.leden[0].vanaf") || !strings.Contains(errs, "planversies[0].doelen[0].domein") {
			t.Errorf("a package with a bad domain and a bad date: %s; want both named", errs)
		}
		// WIJKREGIE_WRITE_SAMPLE=1 writes the sample of the docs from this
		// package (fictitious data of the test's family).
		if os.Getenv("WIJKREGIE_WRITE_SAMPLE") == "1" && strings.HasSuffix(t.Name(), "sqlite") {
			b, err := json.MarshalIndent(p, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile("../../docs/voorbeelden/overdrachtspakket.json", append(b, '\n'), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// TestHandoverPackageSample: the sample in docs/voorbeelden passes the
// schema and Validate.
func TestHandoverPackageSample(t *testing.T) {
	b, err := os.ReadFile("../../docs/voorbeelden/overdrachtspakket.json")
	if err != nil {
		t.Fatal(err)
	}
	var p wijkregie.HandoverPackage
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		t.Fatal(err)
	}
	if err := p.Validate(); err != nil {
		t.Errorf("the sample is not valid: %v", err)
	}
	for _, e := range schemaErrors(t, &p) {
		t.Error(e)
	}
}
