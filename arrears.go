package wijkregie

import (
	"slices"
	"strings"
	"time"
)

// Vroegsignalering schulden (Wet gemeentelijke schuldhulpverlening, art.
// 3a; ../shared/domain/vroegsignalering.md): creditors report payment
// arrears, the municipality offers help before it is asked. An arrears
// report (betalingsachterstand) is one creditor's report on one contract;
// the reports on one household are bundled into one outreach (outreach.go).

// CreditorKind is the kind of creditor that reports arrears: the four the
// Besluit names, and the optional partners a municipality may agree with.
type CreditorKind string

// The creditor kinds.
const (
	CreditorHousingCorp CreditorKind = "woningcorporatie"
	CreditorLandlord    CreditorKind = "verhuurder" // a private landlord
	CreditorEnergy      CreditorKind = "energie"
	CreditorWater       CreditorKind = "water"
	CreditorHealth      CreditorKind = "zorgverzekeraar"
	CreditorMortgage    CreditorKind = "hypotheekverstrekker"
	CreditorGovernment  CreditorKind = "overheid" // DUO, Belastingdienst/Toeslagen, CAK
	CreditorOther       CreditorKind = "overig"
)

// CreditorKinds lists the kinds in the order lists and forms show them.
var CreditorKinds = []CreditorKind{CreditorHousingCorp, CreditorLandlord, CreditorEnergy, CreditorWater,
	CreditorHealth, CreditorMortgage, CreditorGovernment, CreditorOther}

// Valid reports whether k is a known kind.
func (k CreditorKind) Valid() bool { return slices.Contains(CreditorKinds, k) }

// Creditor is an organisation that reports arrears. It is not a network
// partner: it never gets access to a family, only the reduced outcome of
// its own reports (OutcomeCode.Reduced).
type Creditor struct {
	MunicipalityID string
	ID             string
	Name           string
	Kind           CreditorKind
	CreatedAt      time.Time
}

// CreditorKey is how two spellings of one creditor's name are known to be
// the same creditor: case and runs of spaces do not count.
func CreditorKey(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), " "))
}

// ArrearsKind says what a report announces. A threatening report
// (eviction, cut-off, cancellation of the health insurance) shortens the
// outreach's term; an end-of-delivery report announces that an energy
// company stops delivering; a paid report closes the arrears.
type ArrearsKind string

// The kinds of report.
const (
	ArrearsPlain         ArrearsKind = "achterstand"
	ArrearsEviction      ArrearsKind = "ontruiming"
	ArrearsCutOff        ArrearsKind = "afsluiting" // gas, electricity, heat or water
	ArrearsCancellation  ArrearsKind = "opzegging"  // of the health insurance
	ArrearsEndOfDelivery ArrearsKind = "einde-levering"
	ArrearsPaid          ArrearsKind = "betaald"
)

// ArrearsKinds lists the kinds in the order forms show them.
var ArrearsKinds = []ArrearsKind{ArrearsPlain, ArrearsEviction, ArrearsCutOff, ArrearsCancellation,
	ArrearsEndOfDelivery, ArrearsPaid}

// Valid reports whether k is a known kind.
func (k ArrearsKind) Valid() bool { return slices.Contains(ArrearsKinds, k) }

// Threatening reports whether the kind is a threatening situation in the
// sense of the Besluit: it must be acted on within working days.
func (k ArrearsKind) Threatening() bool {
	return k == ArrearsEviction || k == ArrearsCutOff || k == ArrearsCancellation
}

// ArrearsStatus is whether arrears are still open.
type ArrearsStatus string

// The statuses.
const (
	ArrearsOpen   ArrearsStatus = "open"
	ArrearsClosed ArrearsStatus = "betaald" // a paid report closed it
)

// Debtor is the person a creditor names, as the creditor knows them. It is
// matched to a household by address (and to a member by BSN, or name and
// birth date) but kept as delivered: the creditor's view of the person is
// what the outcome is reported back on.
type Debtor struct {
	Surname   string // achternaam
	Initials  string // voorletters, optional
	Prefix    string // tussenvoegsel, optional
	BirthDate time.Time
	BSN       BSN // optional
	Address   Address
}

// Arrears is one creditor's report on one contract (referentie), as last
// reported. A later report on the same contract updates it; the same report
// twice changes nothing.
type Arrears struct {
	MunicipalityID string
	ID             string
	CreditorID     string
	Reference      string // the creditor's contract or customer reference
	Kind           ArrearsKind
	Status         ArrearsStatus
	Debtor         Debtor
	AmountCents    int64     // the amount in arrears, in euro cents
	Terms          int       // the number of months or terms in arrears
	Since          time.Time // the day the arrears began
	EndDate        time.Time // optional: the announced eviction, cut-off or end of delivery
	HouseholdID    string
	PersonID       string // optional: the member the debtor was matched to
	OutreachID     string
	FirstReported  time.Time
	LastReported   time.Time
	Reports        int
	ClosedAt       time.Time
	Version        int
}

// MaxReferenceLength bounds a creditor's reference; longer is not a
// reference but a mistake in the file.
const MaxReferenceLength = 64

// ArrearsReport is one delivered report, from a file row or the API, before
// it is matched to stored arrears. Validate checks it on its own; whether
// it repeats a stored report is the store's to say.
type ArrearsReport struct {
	CreditorName string
	CreditorKind CreditorKind
	Reference    string
	Kind         ArrearsKind
	Debtor       Debtor
	AmountCents  int64
	Terms        int
	Since        time.Time
	EndDate      time.Time // optional
}

// Validate checks a report's fields against the day it is received. The
// field names are the file's column names and the API's field names.
func (r *ArrearsReport) Validate(today time.Time) error {
	var v Invalid
	if strings.TrimSpace(r.CreditorName) == "" {
		v.Field("schuldeiser", "veld.verplicht")
	}
	if !r.CreditorKind.Valid() {
		v.Field("soortSchuldeiser", "veld.keuze")
	}
	switch ref := strings.TrimSpace(r.Reference); {
	case ref == "":
		v.Field("referentie", "veld.verplicht")
	case len(ref) > MaxReferenceLength:
		v.Field("referentie", "veld.vroeg.te_lang")
	}
	if !r.Kind.Valid() {
		v.Field("soort", "veld.keuze")
	}
	if strings.TrimSpace(r.Debtor.Surname) == "" {
		v.Field("achternaam", "veld.verplicht")
	}
	if r.Debtor.BirthDate.IsZero() || r.Debtor.BirthDate.After(today) || r.Debtor.BirthDate.Year() < 1900 {
		v.Field("geboortedatum", "veld.datum")
	}
	if err := r.Debtor.Address.Validate(); err != nil {
		v.Add(err)
	}
	if r.AmountCents < 0 || r.AmountCents == 0 && r.Kind != ArrearsPaid || r.AmountCents > 100_000_000_00 {
		v.Field("bedrag", "veld.vroeg.bedrag")
	}
	if r.Terms < 0 || r.Terms == 0 && r.Kind != ArrearsPaid || r.Terms > 600 {
		v.Field("termijnen", "veld.vroeg.termijnen")
	}
	if r.Since.IsZero() || r.Since.After(today) || r.Since.Year() < 1900 {
		v.Field("datumAchterstand", "veld.datum")
	}
	if !r.EndDate.IsZero() && r.EndDate.Before(r.Since) {
		v.Field("datumEinde", "veld.datum")
	}
	return v.Err()
}
