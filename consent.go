package wijkregie

import (
	"slices"
	"strings"
	"time"
)

// Consent, and the legal grounds that make it unnecessary. The AP found
// (2016) that municipalities lean on consent where a statutory task is the
// real ground, which suggests the work depends on a yes it does not need.
// So the ground comes first: the team's own work rests on a public task
// (Wmo 2015, Jeugdwet, Wgs, Participatiewet) or on the Meldcode, and
// consent is asked only where sharing with a partner truly needs it — and
// then it is specific (which organisation, which purpose, which life
// domains), recorded and withdrawable at once.
//
// A Consent is a consent record in the shape of ISO/IEC TS 27560: the
// subject (PersonID), the recipient (an organisation, or a kind of
// organisation), the purpose, the scope (life domains), when and how it was
// given and by whom, an optional end, and its withdrawal.

// ConsentPurpose is what a consent lets a partner do.
type ConsentPurpose string

const (
	// ConsentShareInformation: the team may tell the partner what it
	// needs to know about the person for its part of the help.
	ConsentShareInformation ConsentPurpose = "informatie-delen"
	// ConsentCarryOutPlan: the partner works on the plan's goals and
	// actions assigned to it, and sees those.
	ConsentCarryOutPlan ConsentPurpose = "uitvoeren-plan"
	// ConsentTeamConsultation: the person's situation may be discussed in
	// a consultation with the partner at the table.
	ConsentTeamConsultation ConsentPurpose = "overleg-team"
)

// ConsentPurposes lists the purposes in the order forms show them.
var ConsentPurposes = []ConsentPurpose{ConsentShareInformation, ConsentCarryOutPlan, ConsentTeamConsultation}

// Valid reports whether p is a known purpose.
func (p ConsentPurpose) Valid() bool { return slices.Contains(ConsentPurposes, p) }

// ConsentMethod is how a consent was given.
type ConsentMethod string

const (
	ConsentOral    ConsentMethod = "mondeling"
	ConsentWritten ConsentMethod = "schriftelijk"
	ConsentDigital ConsentMethod = "digitaal"
)

// ConsentMethods lists the ways in the order forms show them.
var ConsentMethods = []ConsentMethod{ConsentOral, ConsentWritten, ConsentDigital}

// Valid reports whether m is a known way.
func (m ConsentMethod) Valid() bool { return slices.Contains(ConsentMethods, m) }

// GiverCapacity is in which capacity someone gave a consent: for
// themselves, or as a parent with parental authority (gezag) for a child.
type GiverCapacity string

const (
	GiverSelf   GiverCapacity = "betrokkene"
	GiverParent GiverCapacity = "gezagsdrager"
)

// Valid reports whether c is a known capacity.
func (c GiverCapacity) Valid() bool { return c == GiverSelf || c == GiverParent }

// ConsentGiver is one person whose consent the record holds.
type ConsentGiver struct {
	PersonID string
	Capacity GiverCapacity
}

// ConsentGivers returns who must consent for a person of the given age,
// by the rules for minors in the social domain (Jeugdwet art. 7.3.4, WGBO
// art. 7:450 BW, AVG art. 8 with UAVG art. 5): under 12 the parents with
// authority decide; from 12 to 15 the child and the parents both; from 16
// the young person alone.
func ConsentGivers(age int) []GiverCapacity {
	switch {
	case age < 12:
		return []GiverCapacity{GiverParent}
	case age < 16:
		return []GiverCapacity{GiverSelf, GiverParent}
	default:
		return []GiverCapacity{GiverSelf}
	}
}

// AgeOn returns the age in whole years of someone born on birth, on day.
func AgeOn(birth, day time.Time) int {
	by, bm, bd := birth.Date()
	y, m, d := day.Date()
	age := y - by
	if m < bm || m == bm && d < bd {
		age--
	}
	return age
}

// Consent is a recorded consent; see the package comment above.
type Consent struct {
	MunicipalityID string
	ID             string
	PersonID       string // the data subject

	// The recipient: one organisation, or every organisation of a kind
	// ("alle huisartsen"); exactly one of the two.
	OrganisationID   string
	OrganisationKind OrganisationKind

	Purpose ConsentPurpose
	Domains []string // ZRM domain codes the consent covers; at least one

	GivenOn time.Time // the day it was given (a date)
	Method  ConsentMethod
	GivenBy []ConsentGiver
	Until   time.Time // the last day it holds; zero: until withdrawn

	RecordedBy string // the user who recorded it
	RecordedAt time.Time

	WithdrawnAt     time.Time // zero while not withdrawn
	WithdrawnBy     string    // the user who recorded the withdrawal
	WithdrawnReason string

	Version int
}

// ConsentStatus is a consent's state on a day.
type ConsentStatus string

const (
	ConsentActive    ConsentStatus = "actief"
	ConsentWithdrawn ConsentStatus = "ingetrokken"
	ConsentExpired   ConsentStatus = "verlopen"
	ConsentPending   ConsentStatus = "nog-niet-geldig" // given for a later day
)

// StatusAt returns the consent's state at t. Withdrawal takes effect at
// the moment it is recorded; an end date at the end of its day, Dutch
// time.
func (c *Consent) StatusAt(t time.Time) ConsentStatus {
	switch {
	case !c.WithdrawnAt.IsZero() && !t.Before(c.WithdrawnAt):
		return ConsentWithdrawn
	case !c.Until.IsZero() && !t.Before(EndOfDay(c.Until)):
		return ConsentExpired
	case Today(t).Before(c.GivenOn):
		return ConsentPending
	}
	return ConsentActive
}

// Covers reports whether the consent, at t, lets an organisation (id and
// kind) process data of its subject for purpose p in domain (a ZRM domain
// code; "" asks about no domain in particular: any covered domain will
// do).
func (c *Consent) Covers(organisationID string, kind OrganisationKind, p ConsentPurpose, domain string, t time.Time) bool {
	if c.StatusAt(t) != ConsentActive || c.Purpose != p {
		return false
	}
	if c.OrganisationID != "" && c.OrganisationID != organisationID || c.OrganisationID == "" && c.OrganisationKind != kind {
		return false
	}
	return domain == "" || slices.Contains(c.Domains, domain)
}

// Validate checks a consent to be recorded for a subject born on birth
// (zero when unknown), on the day today. parents holds the subject's
// parents with authority as the household records them: a parent's
// consent must come from one of them. It names every field in error.
func (c *Consent) Validate(birth time.Time, parents []string, today time.Time) error {
	var v Invalid
	if c.PersonID == "" {
		v.Field("persoon", "veld.verplicht")
	}
	switch {
	case c.OrganisationID == "" && c.OrganisationKind == "":
		v.Field("organisatie", "veld.toestemming.ontvanger")
	case c.OrganisationID != "" && c.OrganisationKind != "":
		v.Field("organisatiesoort", "veld.toestemming.ontvanger")
	case c.OrganisationKind != "" && !c.OrganisationKind.Valid():
		v.Field("organisatiesoort", "veld.keuze")
	}
	if !c.Purpose.Valid() {
		v.Field("doel", "veld.keuze")
	}
	if len(c.Domains) == 0 {
		v.Field("domeinen", "veld.toestemming.domeinen")
	}
	for i, d := range c.Domains {
		if !ValidDomain(d) || slices.Contains(c.Domains[:i], d) {
			v.Field("domeinen", "veld.keuze")
			break
		}
	}
	if !c.Method.Valid() {
		v.Field("wijze", "veld.keuze")
	}
	switch {
	case c.GivenOn.IsZero():
		v.Field("gegevenOp", "veld.verplicht")
	case c.GivenOn.After(Today(today)):
		v.Field("gegevenOp", "veld.datum_toekomst")
	}
	if !c.Until.IsZero() && !c.GivenOn.IsZero() && c.Until.Before(c.GivenOn) {
		v.Field("tot", "veld.toestemming.tot")
	}
	v.Add(c.validateGivers(birth, parents, today))
	return v.Err()
}

// validateGivers checks that exactly the givers the age rules ask for
// consented: the subject in person where they decide, and a parent with
// authority where the parents do.
func (c *Consent) validateGivers(birth time.Time, parents []string, today time.Time) error {
	day := c.GivenOn
	if day.IsZero() {
		day = today
	}
	need := []GiverCapacity{GiverSelf}
	if !birth.IsZero() {
		need = ConsentGivers(AgeOn(birth, day))
	}
	have := map[GiverCapacity]bool{}
	for i, g := range c.GivenBy {
		switch {
		case !g.Capacity.Valid():
			return InvalidField("gegevenDoor", "veld.keuze")
		case slices.ContainsFunc(c.GivenBy[:i], func(o ConsentGiver) bool { return o.PersonID == g.PersonID }):
			// One person's yes counts once: the record keeps each giver
			// once, and two lines for one parent are a slip of the form.
			return InvalidField("gegevenDoor", "veld.toestemming.gever.dubbel")
		case g.Capacity == GiverSelf && g.PersonID != c.PersonID,
			g.Capacity == GiverParent && !slices.Contains(parents, g.PersonID):
			return InvalidField("gegevenDoor", "veld.toestemming.gever")
		}
		have[g.Capacity] = true
	}
	for _, n := range need {
		if !have[n] {
			if n == GiverSelf {
				return InvalidField("gegevenDoor", "veld.toestemming.gevers.betrokkene")
			}
			return InvalidField("gegevenDoor", "veld.toestemming.gevers.gezagsdrager")
		}
	}
	if len(have) != len(need) {
		// A parent's yes for a young person of 16 or more, or a child's
		// own for one under 12, is not what the law asks: refused rather
		// than kept as if it counted.
		return InvalidField("gegevenDoor", "veld.toestemming.gevers.teveel")
	}
	return nil
}

// Withdraw records the withdrawal of the consent at now by a user, with an
// optional reason. It takes effect at once.
func (c *Consent) Withdraw(userID, reason string, now time.Time) error {
	if !c.WithdrawnAt.IsZero() {
		return Conflict("fout.toestemming.al_ingetrokken")
	}
	if len(reason) > 2000 {
		return InvalidField("reden", "veld.journaal.te_lang")
	}
	c.WithdrawnAt, c.WithdrawnBy, c.WithdrawnReason = now, userID, strings.TrimSpace(reason)
	return nil
}

// ConsentScope is the list form of the access policy for consents: which
// consents of a person an actor may see once the person is in their view
// (internal/policy makes it; the store turns it into SQL). All: every one,
// for the team. Otherwise the consents that name OrganisationID, and those
// for every organisation of Kind: a partner sees what it may do, and
// nothing of what others may. The zero value admits none.
type ConsentScope struct {
	All            bool
	OrganisationID string
	Kind           OrganisationKind
}

// Empty reports whether the scope admits no consent at all.
func (s ConsentScope) Empty() bool { return !s.All && s.OrganisationID == "" && s.Kind == "" }

// Admits is the single-record reading of the scope; the store's SQL
// reading must agree with it.
func (s ConsentScope) Admits(c *Consent) bool {
	switch {
	case c == nil:
		return false
	case s.All:
		return true
	case c.OrganisationID != "":
		return s.OrganisationID != "" && c.OrganisationID == s.OrganisationID
	}
	return s.Kind != "" && c.OrganisationKind == s.Kind
}

// LegalGround is a legal basis on which the team processes personal data
// without consent: its statutory tasks, and the Meldcode.
type LegalGround string

const (
	GroundWmo             LegalGround = "wmo-2015"        // Wet maatschappelijke ondersteuning 2015, art. 2.3.2 and 5.1.1
	GroundJeugdwet        LegalGround = "jeugdwet"        // Jeugdwet, art. 2.3 and 7.4.0
	GroundWgs             LegalGround = "wgs"             // Wet gemeentelijke schuldhulpverlening, art. 3 and 5
	GroundParticipatiewet LegalGround = "participatiewet" // Participatiewet, art. 7 and 64
	GroundMeldcode        LegalGround = "meldcode"        // Wet verplichte meldcode: meldrecht, art. 5.2.6 Wmo 2015 / 7.3.8 Jeugdwet
	GroundConsent         LegalGround = "toestemming"     // AVG art. 6(1)(a): only where sharing truly needs it
)

// LegalGrounds lists the grounds in the order forms show them.
var LegalGrounds = []LegalGround{GroundWmo, GroundJeugdwet, GroundWgs, GroundParticipatiewet, GroundMeldcode, GroundConsent}

// Valid reports whether g is a known ground.
func (g LegalGround) Valid() bool { return slices.Contains(LegalGrounds, g) }
