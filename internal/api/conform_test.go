package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
)

// conformance checks response bodies against the schemas of the OpenAPI
// document the server publishes, so a test proves the document tells the
// truth about what a client receives — not only that field names match.
// It reads the subset of OpenAPI 3.0 the document uses: $ref, allOf,
// nullable, type, properties, required, additionalProperties, items,
// minItems, enum, format (date, date-time, uuid), pattern, minimum and
// maximum. A property the schema does not name is an error too, unless
// additionalProperties allows it.
var (
	docOnce    sync.Once
	docSchemas map[string]map[string]any
	docErr     error
)

func (f *fixture) schemas(t *testing.T) map[string]map[string]any {
	t.Helper()
	docOnce.Do(func() {
		res, err := http.Get(f.srv.URL + "/api/v1/openapi.json")
		if err != nil {
			docErr = err
			return
		}
		defer res.Body.Close()
		var doc struct {
			Components struct {
				Schemas map[string]map[string]any `json:"schemas"`
			} `json:"components"`
		}
		docErr = json.NewDecoder(res.Body).Decode(&doc)
		docSchemas = doc.Components.Schemas
	})
	if docErr != nil {
		t.Fatalf("openapi.json: %v", docErr)
	}
	return docSchemas
}

// conforms fails the test unless the response body is valid against the
// named schema of the document.
func (f *fixture) conforms(t *testing.T, r *response, schema string) *response {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(r.body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("body %s: %v", r.body, err)
	}
	c := checker{schemas: f.schemas(t)}
	c.check("$", map[string]any{"$ref": "#/components/schemas/" + schema}, v)
	for _, e := range c.errs {
		t.Errorf("response against %s: %s", schema, e)
	}
	return r
}

type checker struct {
	schemas map[string]map[string]any
	errs    []string
}

func (c *checker) fail(path, format string, args ...any) {
	c.errs = append(c.errs, path+": "+fmt.Sprintf(format, args...))
}

var (
	uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

func (c *checker) resolve(s map[string]any) map[string]any {
	for {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s
		}
		name := ref[len("#/components/schemas/"):]
		next, ok := c.schemas[name]
		if !ok {
			c.fail(ref, "no such schema")
			return map[string]any{}
		}
		s = next
	}
}

func (c *checker) check(path string, s map[string]any, v any) {
	s = c.resolve(s)
	if v == nil {
		if s["nullable"] == true {
			return
		}
		if enum, ok := s["enum"].([]any); ok && slices.Contains(enum, nil) {
			return
		}
		c.fail(path, "null where the schema does not allow it")
		return
	}
	if all, ok := s["allOf"].([]any); ok {
		for _, sub := range all {
			c.check(path, sub.(map[string]any), v)
		}
	}
	if enum, ok := s["enum"].([]any); ok && !slices.ContainsFunc(enum, func(e any) bool { return fmt.Sprint(e) == fmt.Sprint(v) }) {
		c.fail(path, "%v is not one of %v", v, enum)
	}
	switch s["type"] {
	case "object":
		o, ok := v.(map[string]any)
		if !ok {
			c.fail(path, "%T, want an object", v)
			return
		}
		props, _ := s["properties"].(map[string]any)
		for _, name := range asStrings(s["required"]) {
			if _, ok := o[name]; !ok {
				c.fail(path, "required property %s is missing", name)
			}
		}
		for name, val := range o {
			if p, ok := props[name].(map[string]any); ok {
				c.check(path+"."+name, p, val)
				continue
			}
			switch extra := s["additionalProperties"].(type) {
			case map[string]any:
				c.check(path+"."+name, extra, val)
			case bool:
				if !extra {
					c.fail(path, "property %s is not documented", name)
				}
			default:
				c.fail(path, "property %s is not documented", name)
			}
		}
	case "array":
		a, ok := v.([]any)
		if !ok {
			c.fail(path, "%T, want an array", v)
			return
		}
		if n, ok := s["minItems"].(float64); ok && float64(len(a)) < n {
			c.fail(path, "%d items, want at least %v", len(a), n)
		}
		if items, ok := s["items"].(map[string]any); ok {
			for i, x := range a {
				c.check(path+"["+strconv.Itoa(i)+"]", items, x)
			}
		}
	case "string":
		str, ok := v.(string)
		if !ok {
			c.fail(path, "%T, want a string", v)
			return
		}
		switch s["format"] {
		case "date":
			if _, err := time.Parse(time.DateOnly, str); err != nil || !dateRE.MatchString(str) {
				c.fail(path, "%q is not a date", str)
			}
		case "date-time":
			if _, err := time.Parse(time.RFC3339, str); err != nil {
				c.fail(path, "%q is not a date-time", str)
			}
		case "uuid":
			if !uuidRE.MatchString(str) {
				c.fail(path, "%q is not a uuid", str)
			}
		}
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(str) {
			c.fail(path, "%q does not match %s", str, p)
		}
	case "integer", "number":
		n, ok := v.(json.Number)
		if !ok {
			c.fail(path, "%T, want a number", v)
			return
		}
		x, err := n.Float64()
		if err != nil {
			c.fail(path, "%v: %v", n, err)
			return
		}
		if s["type"] == "integer" {
			if _, err := n.Int64(); err != nil {
				c.fail(path, "%v is not an integer", n)
			}
		}
		if lo, ok := s["minimum"].(float64); ok && x < lo {
			c.fail(path, "%v below the minimum %v", x, lo)
		}
		if hi, ok := s["maximum"].(float64); ok && x > hi {
			c.fail(path, "%v above the maximum %v", x, hi)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			c.fail(path, "%T, want a boolean", v)
		}
	}
}

func asStrings(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, x := range l {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
