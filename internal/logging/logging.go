// Package logging builds the application's structured JSON logger, which
// removes personal data that reaches it by mistake.
package logging

import (
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
)

// redacted replaces the value of a personal attribute. It is Dutch because
// the people who read the logs (the municipality's operators) are.
const redacted = "[verwijderd]"

// personalKeys are attribute keys that name personal data, in lower case,
// in both the Dutch of the domain and the English of the code. Logs are kept
// longer and read by more people than the case files, so under the AVG
// (GDPR art. 5(1)(c), data minimisation) they must not hold this data.
var personalKeys = map[string]bool{
	"bsn":           true,
	"naam":          true,
	"name":          true,
	"email":         true,
	"e-mail":        true,
	"wachtwoord":    true,
	"password":      true,
	"token":         true,
	"note":          true,
	"notitie":       true,
	"tekst":         true,
	"text":          true,
	"omschrijving":  true,
	"description":   true,
	"phone":         true,
	"telefoon":      true,
	"geboortedatum": true,
	"birthdate":     true,
	"address":       true,
	"adres":         true,
}

// New returns a logger that writes one JSON object per line to w, dropping
// records below level.
//
// Attributes whose key names personal data (bsn, naam, email, notitie, adres,
// … in any letter case) have their value replaced by "[verwijderd]", also
// inside groups, and every attribute inside a group so named. This is
// defence in depth: callers must not log personal data in the first place,
// and the filter cannot see into values that are structs or maps, nor into
// the message text.
func New(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{
		Level:       level,
		ReplaceAttr: redact,
	}))
}

// redact is called by the handler for every attribute that is not itself a
// group, with groups naming the groups it is nested in; a group attribute's
// key therefore reaches it only through groups.
func redact(groups []string, a slog.Attr) slog.Attr {
	if isPersonal(a.Key) || slices.ContainsFunc(groups, isPersonal) {
		return slog.String(a.Key, redacted)
	}
	return a
}

func isPersonal(key string) bool {
	return personalKeys[strings.ToLower(key)]
}

// ParseLevel parses a log level as given in configuration: debug, info, warn
// or error, in any letter case.
func ParseLevel(s string) (slog.Level, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "debug":
		return slog.LevelDebug, nil
	case "info":
		return slog.LevelInfo, nil
	case "warn":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	}
	return 0, fmt.Errorf("unknown log level %q: want debug, info, warn or error", s)
}
