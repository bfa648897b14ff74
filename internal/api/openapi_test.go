package api

import (
	"encoding/json"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"wijkregie/internal/locale"
)

func newHandler(t *testing.T) *Handler {
	t.Helper()
	cat, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(nil, cat)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// openAPIDoc is the part of the OpenAPI document the tests read.
type openAPIDoc struct {
	Servers []struct {
		URL string `json:"url"`
	} `json:"servers"`
	Paths map[string]map[string]json.RawMessage `json:"paths"`
}

func loadDoc(t *testing.T) openAPIDoc {
	t.Helper()
	var doc openAPIDoc
	if err := json.Unmarshal(openapiJSON, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return doc
}

// TestOpenAPIMatchesRoutes keeps the document and the route table in step:
// every route is documented, and every documented operation is served.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	doc := loadDoc(t)
	if len(doc.Servers) != 1 || doc.Servers[0].URL != Base {
		t.Fatalf("servers = %+v, want one with url %q", doc.Servers, Base)
	}
	var documented []string
	for path, item := range doc.Paths {
		for method := range item {
			switch method {
			case "get", "put", "post", "delete", "patch":
				documented = append(documented, strings.ToUpper(method)+" "+Base+path)
			}
		}
	}
	var routed []string
	for _, rt := range newHandler(t).Set().Routes {
		routed = append(routed, rt.Pattern)
	}
	slices.Sort(documented)
	slices.Sort(routed)
	if diff := cmp.Diff(routed, documented); diff != "" {
		t.Errorf("routes (-) and documented operations (+) differ:\n%s", diff)
	}
}

// TestOpenAPIDocumentsStatuses checks that operations document the
// statuses every handler of their kind can give.
func TestOpenAPIDocumentsStatuses(t *testing.T) {
	doc := loadDoc(t)
	for path, item := range doc.Paths {
		for method, raw := range item {
			if method == "parameters" {
				continue
			}
			var op struct {
				Security   *[]any `json:"security"`
				Parameters []struct {
					Ref string `json:"$ref"`
				} `json:"parameters"`
				Responses map[string]json.RawMessage `json:"responses"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatalf("%s %s: %v", method, path, err)
			}
			want := []string{"500"}
			if op.Security == nil { // the document's bearer scheme applies
				want = append(want, "401", "403")
			}
			switch method {
			case "post":
				// A search is a POST only to keep a BSN out of the URL;
				// it creates nothing, and neither does a merge, an
				// action on a task's or a rights request's term, a consent's withdrawal, a
				// sharing ground's end or a partner's progress on a goal;
				// nor does the search behind a request for access; nor an
				// outreach's assignment or closing; nor a step of a
				// handover (acceptatie, afwijzing, intrekking, afronding).
				created := "201"
				if strings.HasSuffix(path, "/zoeken") || path == "/inzageverzoeken" || strings.HasSuffix(path, "/samenvoegen") || strings.HasPrefix(path, "/taken/{id}/") ||
					strings.HasSuffix(path, "/intrekken") || strings.HasSuffix(path, "/beeindiging") || strings.HasSuffix(path, "/voortgang") ||
					strings.HasSuffix(path, "/verlenging") || strings.HasPrefix(path, "/vroegsignalen/{id}/") && !strings.HasSuffix(path, "/contactpogingen") ||
					strings.HasPrefix(path, "/overdrachten/{id}/") {
					created = "200"
				}
				want = append(want, created, "400", "413", "415")
				// A POST that changes what another may have changed
				// needs If-Match, as a PUT does.
				for _, p := range op.Parameters {
					if p.Ref == "#/components/parameters/IfMatch" {
						want = append(want, "404", "412", "428")
					}
				}
			case "put":
				want = append(want, "200", "400", "404", "412", "413", "415", "428")
			case "get":
				want = append(want, "200")
				if strings.HasSuffix(path, "}") {
					want = append(want, "304", "404")
				}
			}
			for _, code := range want {
				if _, ok := op.Responses[code]; !ok {
					t.Errorf("%s %s documents no %s response", strings.ToUpper(method), path, code)
				}
			}
		}
	}
}

// TestDocumentVersion keeps info.version equal to the API-Version header.
func TestDocumentVersion(t *testing.T) {
	h := newHandler(t)
	var doc struct {
		Info struct {
			Version string `json:"version"`
		} `json:"info"`
	}
	if err := json.Unmarshal(h.doc, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Info.Version != Version {
		t.Errorf("info.version = %q, want %q", doc.Info.Version, Version)
	}
}

// TestSchemasMatchTypes keeps each documented schema's properties equal to
// the JSON fields of the Go type that writes (or reads) it.
func TestSchemasMatchTypes(t *testing.T) {
	checkSchemas(t, []schemaCase{
		{"Probleem", Problem{}, nil},
		{"OngeldigeParameter", InvalidParam{}, nil},
		{"Paginering", Paginering{}, nil},
		{"Organisatie", Organisatie{}, nil},
		{"Organisatie", organisatieInvoer{}, nil},
		{"Team", Team{}, nil},
		{"Team", teamInvoer{}, nil},
		{"Dienst", Dienst{}, nil},
		{"Dienst", dienstInvoer{}, nil},
		{"Medewerker", Medewerker{}, nil},
		{"Medewerker", medewerkerInvoer{}, nil},
		{"Medewerker", medewerkerNieuw{}, []string{"wachtwoord"}},
		{"Adres", Adres{}, nil},
		{"HuishoudenSamenvatting", HuishoudenSamenvatting{}, nil},
		{"Huishouden", Huishouden{}, nil},
		{"Lid", Lid{}, nil},
		{"LidPersoon", LidPersoon{}, nil},
		{"Betrokkene", Betrokkene{}, nil},
		{"Persoon", Persoon{}, nil},
		{"PersoonLidmaatschap", PersoonLidmaatschap{}, nil},
		{"PersoonNieuw", persoonNieuw{}, nil},
		{"PersoonGevonden", PersoonGevonden{}, nil},
		{"Zoekvraag", Zoekvraag{}, nil},
		{"Zoekresultaten", Zoekresultaten{}, nil},
		{"Samenvoeging", Samenvoeging{}, nil},
		{"ProbleemDubbel", ProbleemDubbel{}, []string{"invalidParams"}}, // never set on a 409
		{"HuishoudenNieuw", HuishoudenNieuw{}, nil},
		{"LidNieuw", LidNieuw{}, nil},
		{"Lid", lidInvoer{}, nil},
		{"InzageRegel", InzageRegel{}, nil},
		{"AuditRegel", AuditRegel{}, nil},
	})
}

// schemaCase is a documented schema and a Go type that writes (or reads)
// it.
type schemaCase struct {
	schema string
	value  any
	extra  []string // fields only the type has, beyond the schema
}

// checkSchemas checks that each schema's properties are the JSON fields of
// its type.
func checkSchemas(t *testing.T, tests []schemaCase) {
	t.Helper()
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openapiJSON, &doc); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		s, ok := doc.Components.Schemas[tt.schema]
		if !ok {
			t.Errorf("schema %s is not documented", tt.schema)
			continue
		}
		var want []string
		for name := range s.Properties {
			want = append(want, name)
		}
		want = append(want, tt.extra...)
		slices.Sort(want)
		got := jsonFields(reflect.TypeOf(tt.value))
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("%T against schema %s: fields (-type +schema):\n%s", tt.value, tt.schema, diff)
		}
	}
}

func jsonFields(typ reflect.Type) []string {
	var names []string
	for f := range typ.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" && f.Anonymous && f.Type.Kind() == reflect.Struct {
			names = append(names, jsonFields(f.Type)...) // encoding/json promotes its fields
			continue
		}
		if name != "" && name != "-" {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// TestOpenAPIDefinesPathParameters: every {name} of a path is a path
// parameter of each of its operations, declared on the path or on the
// operation, as the NL API Design Rules lint (adr-lint, run by CI) wants.
func TestOpenAPIDefinesPathParameters(t *testing.T) {
	var doc struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Parameters map[string]openAPIParam `json:"parameters"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openapiJSON, &doc); err != nil {
		t.Fatal(err)
	}
	declared := func(raw json.RawMessage) map[string]bool {
		var ps []openAPIParam
		if len(raw) > 0 {
			if err := json.Unmarshal(raw, &ps); err != nil {
				t.Fatal(err)
			}
		}
		in := map[string]bool{}
		for _, p := range ps {
			if name, ok := strings.CutPrefix(p.Ref, "#/components/parameters/"); ok {
				p = doc.Components.Parameters[name]
			}
			if p.In == "path" {
				in[p.Name] = true
			}
		}
		return in
	}
	names := regexp.MustCompile(`\{([^}]+)\}`)
	for path, item := range doc.Paths {
		onPath := declared(item["parameters"])
		for method, raw := range item {
			if method == "parameters" || method == "summary" || method == "description" {
				continue
			}
			var op struct {
				Parameters json.RawMessage `json:"parameters"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatal(err)
			}
			onOp := declared(op.Parameters)
			for _, m := range names.FindAllStringSubmatch(path, -1) {
				if !onPath[m[1]] && !onOp[m[1]] {
					t.Errorf("%s %s: path parameter {%s} is not defined", strings.ToUpper(method), path, m[1])
				}
			}
		}
	}
}

type openAPIParam struct {
	Ref  string `json:"$ref"`
	Name string `json:"name"`
	In   string `json:"in"`
}
