package wijkregie

import (
	"log/slog"
	"strings"
)

// BSN is a burgerservicenummer: the Dutch citizen service number. It is kept
// as a string of nine digits (an eight-digit number gets a leading zero) and
// must never appear in a URL, a log line or a page title; String masks it so
// that an accidental %v or slog attribute leaks nothing.
type BSN string

// ParseBSN normalises s (spaces and dots removed, eight digits padded) and
// checks it with the elfproef: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 (mod 11).
// 000000000 passes the arithmetic but is no BSN and is rejected.
func ParseBSN(s string) (BSN, error) {
	s = strings.NewReplacer(" ", "", ".", "", "-", "").Replace(s)
	if len(s) == 8 {
		s = "0" + s
	}
	if len(s) != 9 {
		return "", InvalidField("bsn", "veld.bsn.lengte")
	}
	sum := 0
	for i, r := range s {
		if r < '0' || r > '9' {
			return "", InvalidField("bsn", "veld.bsn.cijfers")
		}
		d := int(r - '0')
		if i == 8 {
			sum -= d
		} else {
			sum += (9 - i) * d
		}
	}
	if sum%11 != 0 || s == "000000000" {
		return "", InvalidField("bsn", "veld.bsn.elfproef")
	}
	return BSN(s), nil
}

// Digits returns the full number, for storage and for an authorised screen.
func (b BSN) Digits() string { return string(b) }

// Masked shows only the last three digits, as screens do by default.
func (b BSN) Masked() string {
	if len(b) != 9 {
		return ""
	}
	return "******" + string(b[6:])
}

// String masks the number; see the type's comment.
func (b BSN) String() string { return b.Masked() }

// GoString masks the number in %#v too.
func (b BSN) GoString() string { return "wijkregie.BSN(" + b.Masked() + ")" }

// LogValue keeps the BSN out of structured logs.
func (b BSN) LogValue() slog.Value { return slog.StringValue(b.Masked()) }

// MarshalText masks the number in encodings too: slog's JSON handler
// marshals a logged struct (a Person) with encoding/json, which would
// otherwise write the digits. Adapters that must send the number use Digits.
func (b BSN) MarshalText() ([]byte, error) { return []byte(b.Masked()), nil }
