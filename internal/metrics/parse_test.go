package metrics_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"wijkregie/internal/metrics"
)

// exposition is a parsed scrape: sample values by series key (see series),
// and each family's HELP and TYPE in the order they appeared.
type exposition struct {
	raw      string
	samples  map[string]float64
	families []string
	help     map[string]string
	types    map[string]string
}

// series builds the key a parsed sample is stored under: the metric name and
// its labels sorted by name, with values quoted by Go's %q. Using a quoting
// other than the exposition format's keeps the escaping tests from checking
// the production code against itself.
func series(name string, labelPairs ...string) string {
	if len(labelPairs)%2 != 0 {
		panic("series: odd number of label arguments")
	}
	var pairs []string
	for i := 0; i < len(labelPairs); i += 2 {
		pairs = append(pairs, fmt.Sprintf("%s=%q", labelPairs[i], labelPairs[i+1]))
	}
	if len(pairs) == 0 {
		return name
	}
	slices.Sort(pairs)
	return name + "{" + strings.Join(pairs, ",") + "}"
}

// scrape serves reg's handler and parses the response, failing the test on
// any deviation from the text format this package promises to write.
func scrape(t *testing.T, reg *metrics.Registry) exposition {
	t.Helper()
	rec := httptest.NewRecorder()
	reg.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	res := rec.Result()
	if got, want := res.StatusCode, http.StatusOK; got != want {
		t.Fatalf("status = %d, want %d", got, want)
	}
	if got, want := res.Header.Get("Content-Type"), "text/plain; version=0.0.4; charset=utf-8"; got != want {
		t.Fatalf("Content-Type = %q, want %q", got, want)
	}
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	e, err := parseExposition(string(body))
	if err != nil {
		t.Fatalf("parsing exposition: %v\n%s", err, body)
	}
	return e
}

func parseExposition(text string) (exposition, error) {
	e := exposition{
		raw:     text,
		samples: make(map[string]float64),
		help:    make(map[string]string),
		types:   make(map[string]string),
	}
	if !strings.HasSuffix(text, "\n") {
		return e, fmt.Errorf("output does not end in a newline")
	}
	for n, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if err := e.parseLine(line); err != nil {
			return e, fmt.Errorf("line %d %q: %v", n+1, line, err)
		}
	}
	return e, nil
}

func (e *exposition) parseLine(line string) error {
	if rest, ok := strings.CutPrefix(line, "# HELP "); ok {
		name, help, _ := strings.Cut(rest, " ")
		if _, dup := e.help[name]; dup {
			return fmt.Errorf("second HELP for %s", name)
		}
		e.help[name] = help
		return nil
	}
	if rest, ok := strings.CutPrefix(line, "# TYPE "); ok {
		name, typ, _ := strings.Cut(rest, " ")
		if _, ok := e.help[name]; !ok {
			return fmt.Errorf("TYPE for %s without HELP before it", name)
		}
		if _, dup := e.types[name]; dup {
			return fmt.Errorf("second TYPE for %s", name)
		}
		e.types[name] = typ
		e.families = append(e.families, name)
		return nil
	}
	if strings.HasPrefix(line, "#") || line == "" {
		return fmt.Errorf("unexpected comment or empty line")
	}

	end := strings.IndexAny(line, "{ ")
	if end < 0 {
		return fmt.Errorf("no value")
	}
	name, rest := line[:end], line[end:]
	if fam := e.familyOf(name); fam == "" {
		return fmt.Errorf("sample %s before its TYPE line", name)
	}
	var pairs []string
	if strings.HasPrefix(rest, "{") {
		var err error
		pairs, rest, err = parseLabels(rest[1:])
		if err != nil {
			return err
		}
	}
	valueText, ok := strings.CutPrefix(rest, " ")
	if !ok || strings.Contains(valueText, " ") {
		return fmt.Errorf("want exactly one space and a value after the series")
	}
	v, err := strconv.ParseFloat(valueText, 64)
	if err != nil {
		return err
	}
	key := series(name, pairs...)
	if _, dup := e.samples[key]; dup {
		return fmt.Errorf("duplicate series %s", key)
	}
	e.samples[key] = v
	return nil
}

// familyOf returns the family a sample name belongs to, allowing the suffixes
// histograms add, or "" when its TYPE has not been seen.
func (e *exposition) familyOf(name string) string {
	if _, ok := e.types[name]; ok {
		return name
	}
	for _, suffix := range []string{"_bucket", "_sum", "_count"} {
		if base, ok := strings.CutSuffix(name, suffix); ok && e.types[base] == "histogram" {
			return base
		}
	}
	return ""
}

// parseLabels reads `name="value",...}` and returns name/value pairs with the
// values unescaped, and the text after the closing brace.
func parseLabels(s string) (pairs []string, rest string, err error) {
	for {
		name, after, ok := strings.Cut(s, `="`)
		if !ok {
			return nil, "", fmt.Errorf("label without =\"")
		}
		var value strings.Builder
		i := 0
	value:
		for ; i < len(after); i++ {
			switch c := after[i]; c {
			case '"':
				break value
			case '\\':
				i++
				if i == len(after) {
					return nil, "", fmt.Errorf("escape at end of line")
				}
				switch after[i] {
				case '\\':
					value.WriteByte('\\')
				case '"':
					value.WriteByte('"')
				case 'n':
					value.WriteByte('\n')
				default:
					return nil, "", fmt.Errorf("unknown escape \\%c", after[i])
				}
			default:
				value.WriteByte(c)
			}
		}
		if i == len(after) {
			return nil, "", fmt.Errorf("unterminated label value")
		}
		pairs = append(pairs, name, value.String())
		s = after[i+1:]
		switch {
		case strings.HasPrefix(s, ","):
			s = s[1:]
		case strings.HasPrefix(s, "}"):
			return pairs, s[1:], nil
		default:
			return nil, "", fmt.Errorf("want , or } after label value")
		}
	}
}

func TestParseExpositionRejectsMalformedInput(t *testing.T) {
	// The parser guards every other test in this package; it must not accept
	// what Prometheus would reject.
	for _, text := range []string{
		"a 1\n", // no TYPE
		"# HELP a x\n# TYPE a counter\na{b=\"c} 1\n", // unterminated value
		"# HELP a x\n# TYPE a counter\na{b=\"c\\t\"} 1\n",
		"# HELP a x\n# TYPE a counter\na 1",    // no final newline
		"# HELP a x\n# TYPE a counter\na  1\n", // two spaces
		"# TYPE a counter\na 1\n",              // no HELP
		"# HELP a x\n# TYPE a counter\na 1\na 2\n",
	} {
		if _, err := parseExposition(text); err == nil {
			t.Errorf("parseExposition(%q) succeeded, want an error", text)
		}
	}
}
