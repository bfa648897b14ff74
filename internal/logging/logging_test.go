package logging_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie/internal/logging"
)

// decode returns the JSON log lines in buf without their time, which varies.
func decode(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var records []map[string]any
	for line := range strings.Lines(buf.String()) {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("line %q is not JSON: %v", line, err)
		}
		if _, ok := m["time"]; !ok {
			t.Errorf("line %q has no time", line)
		}
		delete(m, "time")
		records = append(records, m)
	}
	return records
}

// The keys the package promises to redact, copied rather than shared so that
// dropping one from the package fails this test.
var personalKeys = []string{
	"bsn", "naam", "name", "email", "e-mail", "wachtwoord", "password", "token",
	"note", "notitie", "tekst", "text", "omschrijving", "description", "phone",
	"telefoon", "geboortedatum", "birthdate", "address", "adres",
}

func TestEveryPersonalKeyIsRedacted(t *testing.T) {
	for _, key := range personalKeys {
		for _, variant := range []string{key, strings.ToUpper(key), strings.ToUpper(key[:1]) + key[1:]} {
			var buf bytes.Buffer
			logging.New(&buf, slog.LevelInfo).Info("melding", variant, "geheim", "case_id", 42)

			want := []map[string]any{{
				"level": "INFO", "msg": "melding", variant: "[verwijderd]", "case_id": 42.0,
			}}
			if diff := cmp.Diff(decode(t, &buf), want); diff != "" {
				t.Errorf("key %q (-got +want):\n%s", variant, diff)
			}
		}
	}
}

// household logs itself as a group, the way a domain type might.
type household struct{ id int }

func (h household) LogValue() slog.Value {
	return slog.GroupValue(slog.Int("id", h.id), slog.String("naam", "Jansen"))
}

func TestRedactionInsideGroups(t *testing.T) {
	var buf bytes.Buffer
	logger := logging.New(&buf, slog.LevelInfo)

	logger.Info("huishouden bijgewerkt",
		slog.Group("huishouden", "id", 7, "Naam", "Jansen", slog.Group("contact", "email", "a@example.nl", "kanaal", "post")),
		// Everything inside a group named after personal data goes.
		slog.Group("adres", "straat", "Dorpsstraat", "huisnummer", 1),
		slog.Any("gezin", household{id: 9}),
	)
	logger.WithGroup("verzoek").With("token", "abc", "route", "POST /meldingen").Warn("geweigerd", "status", 403)

	want := []map[string]any{
		{
			"level": "INFO", "msg": "huishouden bijgewerkt",
			"huishouden": map[string]any{
				"id": 7.0, "Naam": "[verwijderd]",
				"contact": map[string]any{"email": "[verwijderd]", "kanaal": "post"},
			},
			"adres": map[string]any{"straat": "[verwijderd]", "huisnummer": "[verwijderd]"},
			"gezin": map[string]any{"id": 9.0, "naam": "[verwijderd]"},
		},
		{
			"level": "WARN", "msg": "geweigerd",
			"verzoek": map[string]any{"token": "[verwijderd]", "route": "POST /meldingen", "status": 403.0},
		},
	}
	if diff := cmp.Diff(decode(t, &buf), want); diff != "" {
		t.Errorf("records (-got +want):\n%s", diff)
	}
}

func TestOtherAttributesPassUnchanged(t *testing.T) {
	var buf bytes.Buffer
	logger := logging.New(&buf, slog.LevelInfo)
	logger.Info("verzoek afgehandeld",
		"route", "GET /huishoudens/{id}",
		"status", 200,
		"duration", 1500*time.Millisecond,
		"cached", true,
		"ratio", 0.25,
		"username_length", 8, // contains "name" but is not the key "name"
		slog.Group("db", "op", "household.get", "rows", 1),
	)

	want := []map[string]any{{
		"level": "INFO", "msg": "verzoek afgehandeld",
		"route":           "GET /huishoudens/{id}",
		"status":          200.0,
		"duration":        1.5e9, // slog writes durations as nanoseconds
		"cached":          true,
		"ratio":           0.25,
		"username_length": 8.0,
		"db":              map[string]any{"op": "household.get", "rows": 1.0},
	}}
	if diff := cmp.Diff(decode(t, &buf), want); diff != "" {
		t.Errorf("records (-got +want):\n%s", diff)
	}
}

func TestLevelFiltersRecords(t *testing.T) {
	var buf bytes.Buffer
	logger := logging.New(&buf, slog.LevelWarn)
	logger.Debug("weg")
	logger.Info("weg")
	logger.Warn("blijft")
	logger.Error("blijft ook")

	want := []map[string]any{
		{"level": "WARN", "msg": "blijft"},
		{"level": "ERROR", "msg": "blijft ook"},
	}
	if diff := cmp.Diff(decode(t, &buf), want); diff != "" {
		t.Errorf("records (-got +want):\n%s", diff)
	}
}

func TestParseLevel(t *testing.T) {
	tests := []struct {
		in   string
		want slog.Level
	}{
		{"debug", slog.LevelDebug},
		{"info", slog.LevelInfo},
		{"warn", slog.LevelWarn},
		{"error", slog.LevelError},
		{"WARN", slog.LevelWarn},
		{" Info ", slog.LevelInfo},
	}
	for _, tt := range tests {
		got, err := logging.ParseLevel(tt.in)
		if err != nil {
			t.Errorf("ParseLevel(%q) error = %v, want nil", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseLevel(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	for _, in := range []string{"", "warning", "verbose", "debug+4"} {
		if got, err := logging.ParseLevel(in); err == nil {
			t.Errorf("ParseLevel(%q) = %v, want an error", in, got)
		}
	}
}
