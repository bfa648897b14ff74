package wijkregie

import (
	"strconv"
	"strings"
	"time"
)

// PersonQuery is a search for persons in one of the three ways a
// professional has at hand when a new family comes into view: the BSN, the
// family name with the birth date, or the address. Private partners know
// people only by name, birth date and address (AP: no BSN for them), so the
// last two ways need no BSN.
type PersonQuery struct {
	BSN        BSN
	FamilyName string // compared without regard to case
	BirthDate  time.Time
	Postcode   string // normalised: 1234AB
	Number     int
	Addition   string // "" matches every addition at the number; compared without regard to case
}

// The ways a PersonQuery searches.
const (
	SearchByBSN     = "bsn"
	SearchByName    = "naam"
	SearchByAddress = "adres"
)

// Way returns how the query searches: SearchByBSN, SearchByName or
// SearchByAddress.
func (q *PersonQuery) Way() string {
	switch {
	case q.BSN != "":
		return SearchByBSN
	case q.FamilyName != "":
		return SearchByName
	}
	return SearchByAddress
}

// PersonQueryInput is a search as typed, in a form or an API body.
type PersonQueryInput struct {
	BSN        string
	FamilyName string
	BirthDate  string // YYYY-MM-DD
	Postcode   string
	Number     string
	Addition   string
}

// Query returns the search the input describes. Exactly one way must be
// filled in: a search that mixes them would answer a question nobody asked.
func (in PersonQueryInput) Query(now time.Time) (*PersonQuery, error) {
	t := strings.TrimSpace
	byBSN := t(in.BSN) != ""
	byName := t(in.FamilyName) != "" || t(in.BirthDate) != ""
	byAddress := t(in.Postcode) != "" || t(in.Number) != "" || t(in.Addition) != ""
	ways := 0
	for _, b := range []bool{byBSN, byName, byAddress} {
		if b {
			ways++
		}
	}
	if ways != 1 {
		return nil, Errorf(EINVALID, "fout.zoeken.zoekwijze")
	}
	var q PersonQuery
	var v Invalid
	switch {
	case byBSN:
		b, err := ParseBSN(in.BSN)
		v.Add(err)
		q.BSN = b
	case byName:
		q.FamilyName = t(in.FamilyName)
		if q.FamilyName == "" {
			v.Field("achternaam", "veld.verplicht")
		}
		if t(in.BirthDate) == "" {
			v.Field("geboortedatum", "veld.verplicht")
		} else if d, err := ParseDate(in.BirthDate); err != nil || d.After(now) || d.Year() < 1880 {
			v.Field("geboortedatum", "veld.geboortedatum")
		} else {
			q.BirthDate = d
		}
	default:
		q.Postcode, q.Addition = NormalizePostcode(in.Postcode), t(in.Addition)
		if !postcodePattern.MatchString(q.Postcode) {
			v.Field("postcode", "veld.postcode")
		}
		if n, err := strconv.Atoi(t(in.Number)); err != nil || n <= 0 || n > 99999 {
			v.Field("huisnummer", "veld.huisnummer")
		} else {
			q.Number = n
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return &q, nil
}
