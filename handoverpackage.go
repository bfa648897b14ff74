package wijkregie

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The overdrachtspakket (docs/overdrachtspakket.md): a case, its family,
// its plan with every version, its ZRM assessments and its history,
// written as one JSON document when the family moves to a municipality
// outside the platform (a "warme overdracht" on paper), and read back by
// another instance of wijkregie — or, on the same platform, built and
// imported in one transaction (internal/app, the handover of docs/
// overdracht.md). The receiving team continues with the same plan: no
// re-intake.
//
// The document's shape is documented as a JSON Schema (draft 2020-12) in
// docs/overdrachtspakket.schema.json; a test keeps the two in step. Field
// names are Dutch and camelCase, as the API's. Dates are calendar days
// ("2006-01-02"), moments RFC 3339 in UTC, so the package reads the same
// in every time zone and a bad date is named by its field.
//
// What goes in follows docs/privacy.md ("Overdrachtspakket"): the BSN,
// because the receiving municipality must match the person (Wabb art. 10;
// Jeugdwet art. 7.1.1, Wmo 2015 art. 5.1.1: the chain continues the help);
// organisations involved only where the family's consent to share
// information or a recorded sharing ground covers them; the consents as
// information (they do not transfer: a consent names the municipality's
// own partners and is asked again where needed); the case history as
// short generated lines, never a journal note's text.

// HandoverPackageFormat is the format version a package is written in and
// the only one Validate accepts. A change that an older reader cannot
// read raises it.
const HandoverPackageFormat = "1.0"

func init() {
	for a, k := range map[string]AuditKind{
		// The export of a package (JSON or PDF): one record per person
		// it names, and one on the case (NEN 7513: copy, print, export).
		"overdrachtspakket.exporteren": KindExport,
		// Reading a package in: the receiving side's transfer from
		// another system, on the new case and on every person.
		"overdrachtspakket.importeren": KindTransfer,
	} {
		auditKinds[a] = k
	}
}

// HandoverPackage is the overdrachtspakket. Hash is the SHA-256 of the
// package with Hash empty (ComputeHash); ID is the sending instance's id of
// this package, so the same package read twice is recognised.
type HandoverPackage struct {
	Format    string `json:"formaat"`
	ID        string `json:"pakketId"`
	CreatedAt string `json:"aangemaaktOp"` // RFC 3339, UTC
	Hash      string `json:"sha256"`

	Sender       HandoverSender        `json:"afzender"`
	Household    HandoverHousehold     `json:"huishouden"`
	Persons      []HandoverPerson      `json:"personen"`
	Case         HandoverCase          `json:"casus"`
	PlanVersions []HandoverPlanVersion `json:"planversies"`
	Assessments  []HandoverAssessment  `json:"zrmMetingen"`
	Parties      []HandoverParty       `json:"betrokkenen"`
	Consents     []HandoverConsent     `json:"toestemmingen"`
	History      []HandoverEvent       `json:"geschiedenis"`
}

// HandoverSender is who sends the package: the municipality, the team and
// the regisseur, with the contact details the receiving team calls.
type HandoverSender struct {
	MunicipalityCode string            `json:"gemeentecode"` // CBS code, GM0000
	MunicipalityName string            `json:"gemeente"`
	Team             string            `json:"team"`
	Coordinator      *HandoverContact  `json:"regisseur,omitempty"` // absent while the case has none
	SentBy           HandoverContact   `json:"verstuurdDoor"`
	Organisation     *HandoverOrgEntry `json:"organisatie,omitempty"` // the regisseur's employer
}

// HandoverContact is a professional by name and how to reach them.
type HandoverContact struct {
	Name  string `json:"naam"`
	Email string `json:"email,omitempty"`
	Phone string `json:"telefoon,omitempty"`
}

// HandoverOrgEntry is an organisation as the package names it: by name
// and kind, with its contact details. The receiving directory matches it
// by name (the directory keeps no OIN).
type HandoverOrgEntry struct {
	Name  string `json:"naam"`
	Kind  string `json:"soort"`
	Phone string `json:"telefoon,omitempty"`
	Email string `json:"email,omitempty"`
}

// HandoverHousehold is the family at its address, with its members over
// time.
type HandoverHousehold struct {
	Address HandoverAddress  `json:"adres"`
	Members []HandoverMember `json:"leden"`
}

// HandoverAddress is a Dutch address.
type HandoverAddress struct {
	Street   string `json:"straat"`
	Number   int    `json:"huisnummer"`
	Addition string `json:"toevoeging,omitempty"`
	Postcode string `json:"postcode"`
	Town     string `json:"woonplaats"`
}

// HandoverMember is a person's membership of the household: Person is the
// package's reference of one of Persons.
type HandoverMember struct {
	Person   string `json:"persoon"`
	Relation string `json:"relatie"`
	From     string `json:"vanaf"`
	Until    string `json:"tot,omitempty"`
}

// HandoverPerson is a member of the family. Ref is local to the package
// ("p1", "p2", …): the sending instance's ids mean nothing elsewhere.
type HandoverPerson struct {
	Ref        string `json:"ref"`
	BSN        string `json:"bsn,omitempty"`
	GivenName  string `json:"voornaam,omitempty"`
	Prefix     string `json:"tussenvoegsel,omitempty"`
	FamilyName string `json:"achternaam"`
	BirthDate  string `json:"geboortedatum,omitempty"`
	Phone      string `json:"telefoon,omitempty"`
	Email      string `json:"email,omitempty"`
}

// HandoverCase is the case as it stood when sent.
type HandoverCase struct {
	Status          string           `json:"status"`
	Level           string           `json:"niveau"`
	Domains         []string         `json:"domeinen"`
	OpenedAt        string           `json:"geopendOp"` // RFC 3339
	LegalGround     string           `json:"grondslag,omitempty"`
	LegalGroundNote string           `json:"grondslagToelichting,omitempty"`
	PlanStatus      string           `json:"planStatus,omitempty"` // actief / afgesloten; absent without a plan
	Signals         []HandoverSignal `json:"signalen"`
}

// HandoverSignal is a signal that led to the case, as its summary: when,
// which kind, which life domains, and the description.
type HandoverSignal struct {
	ReceivedAt  string   `json:"ontvangenOp"`
	Kind        string   `json:"soort"`
	Domains     []string `json:"domeinen"`
	Description string   `json:"samenvatting"`
}

// HandoverPlanVersion is one saved version of the plan, whole, with who
// saved it (by name) and when: all versions travel, so the history reads
// the same on the receiving side.
type HandoverPlanVersion struct {
	Version        int                `json:"versie"`
	SavedAt        string             `json:"opgeslagenOp"` // RFC 3339
	SavedBy        string             `json:"opgeslagenDoor"`
	Note           string             `json:"notitie,omitempty"`
	Variant        string             `json:"variant"`
	GoingWell      string             `json:"gaatGoed,omitempty"`
	Worries        []HandoverWorry    `json:"zorgen"`
	OwnStrength    string             `json:"eigenKracht,omitempty"`
	SupportNeeded  string             `json:"ondersteuningNodig,omitempty"`
	Goals          []HandoverGoal     `json:"doelen"`
	MeetingDate    string             `json:"vastgesteldOp,omitempty"`
	Participants   string             `json:"deelnemers,omitempty"`
	Agreement      *HandoverAgreement `json:"instemming,omitempty"`
	EvaluationDate string             `json:"evaluatiedatum,omitempty"`
}

// HandoverWorry is one of the family's worries.
type HandoverWorry struct {
	Text     string `json:"omschrijving"`
	Priority int    `json:"prioriteit"`
}

// HandoverAgreement is the family's agreement with a version.
type HandoverAgreement struct {
	Date string `json:"datum"`
	How  string `json:"wijze"`
}

// HandoverGoal is a goal of a plan version. Organisation names the
// partner of a goal owned by a partner.
type HandoverGoal struct {
	ID               string           `json:"id"`
	Domain           string           `json:"domein"`
	Description      string           `json:"omschrijving"`
	SuccessCriterion string           `json:"goedGenoeg"`
	TargetDate       string           `json:"streefdatum"`
	Owner            string           `json:"eigenaar"`
	Organisation     string           `json:"organisatie,omitempty"`
	Status           string           `json:"status"`
	Actions          []HandoverAction `json:"acties"`
}

// HandoverAction is an action under a goal.
type HandoverAction struct {
	ID     string `json:"id"`
	What   string `json:"wat"`
	Who    string `json:"wie"`
	Start  string `json:"start,omitempty"`
	Due    string `json:"wanneer"`
	Status string `json:"status"`
}

// HandoverAssessment is a ZRM assessment.
type HandoverAssessment struct {
	Moment     string          `json:"moment"`
	Date       string          `json:"datum"`
	Instrument string          `json:"instrument"`
	Assessor   string          `json:"beoordelaar"`
	Scores     []HandoverScore `json:"scores"`
}

// HandoverScore is one person's level on one domain.
type HandoverScore struct {
	Person    string `json:"persoon"`
	Domain    string `json:"domein"`
	Level     int    `json:"niveau"`
	Rationale string `json:"toelichting"`
	Target    int    `json:"doelniveau,omitempty"`
}

// HandoverParty is a betrokkene the package may name: an organisation
// (Organisation), or a professional by name with their organisation.
type HandoverParty struct {
	Organisation HandoverOrgEntry `json:"organisatie"`
	Professional string           `json:"professional,omitempty"`
	Role         string           `json:"rol"`
	Note         string           `json:"omschrijving,omitempty"`
	From         string           `json:"vanaf"`
	Until        string           `json:"tot,omitempty"`
}

// HandoverConsent is a consent as information: it does not transfer.
type HandoverConsent struct {
	Person    string   `json:"persoon"`
	Recipient string   `json:"ontvanger"` // an organisation's name, or a kind ("alle huisartsen")
	Kind      string   `json:"organisatiesoort,omitempty"`
	Purpose   string   `json:"doel"`
	Domains   []string `json:"domeinen"`
	GivenOn   string   `json:"gegevenOp"`
	Until     string   `json:"tot,omitempty"`
	Status    string   `json:"status"`
}

// HandoverEvent is a line of the history summary: when, which kind of
// event (CaseEventKind), and a short generated text.
type HandoverEvent struct {
	At   string `json:"datum"` // RFC 3339
	Kind string `json:"soort"`
	Text string `json:"tekst"`
}

// ComputeHash returns the package's SHA-256, in hex: of its JSON as
// encoding/json writes this type, with Hash empty. The receiver reads the
// package into the same type and computes it again, so a package changed
// or cut short on the way does not match.
func (p *HandoverPackage) ComputeHash() string {
	c := *p
	c.Hash = ""
	b, err := json.Marshal(&c)
	if err != nil {
		// Only strings, ints and slices of them: Marshal cannot fail.
		panic(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Seal sets Hash.
func (p *HandoverPackage) Seal() { p.Hash = p.ComputeHash() }

var (
	cbsPattern  = regexp.MustCompile(`^GM[0-9]{4}$`)
	refPattern  = regexp.MustCompile(`^p[1-9][0-9]{0,3}$`)
	hashPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// Valid values of the package's enumerations, as the schema lists them.
var (
	handoverPlanStatuses    = []string{string(PlanActive), string(PlanClosed)}
	handoverConsentStatuses = []string{string(ConsentActive), string(ConsentWithdrawn), string(ConsentExpired), string(ConsentPending)}
)

// Validate checks a package read from outside, so that nothing is written
// from a package the receiver cannot take whole. Every field in error is
// named by its path (huishouden.leden[0].vanaf), as the API's problem
// answer and the upload page show it. The hash is checked too: a package
// whose content does not match it is refused on sha256.
func (p *HandoverPackage) Validate() error {
	var v Invalid
	if p.Format != HandoverPackageFormat {
		v.Field("formaat", "veld.pakket.formaat")
		// Another format's fields mean something else: stop here.
		return v.Err()
	}
	if !ValidID(p.ID) {
		v.Field("pakketId", "veld.pakket.id")
	}
	checkMoment(&v, "aangemaaktOp", p.CreatedAt, true)
	if !hashPattern.MatchString(p.Hash) {
		v.Field("sha256", "veld.pakket.sha256")
	} else if p.Hash != p.ComputeHash() {
		v.Field("sha256", "veld.pakket.sha256_anders")
	}

	s := p.Sender
	if !cbsPattern.MatchString(s.MunicipalityCode) {
		v.Field("afzender.gemeentecode", "veld.gemeente.code")
	}
	required(&v, "afzender.gemeente", s.MunicipalityName)
	required(&v, "afzender.team", s.Team)
	required(&v, "afzender.verstuurdDoor.naam", s.SentBy.Name)
	if s.Coordinator != nil {
		required(&v, "afzender.regisseur.naam", s.Coordinator.Name)
	}
	if s.Organisation != nil {
		checkOrg(&v, "afzender.organisatie.", *s.Organisation)
	}

	refs := map[string]bool{}
	for i, x := range p.Persons {
		f := "personen[" + strconv.Itoa(i) + "]."
		if !refPattern.MatchString(x.Ref) {
			v.Field(f+"ref", "veld.pakket.ref")
		} else if refs[x.Ref] {
			v.Field(f+"ref", "veld.pakket.ref_dubbel")
		}
		refs[x.Ref] = true
		if x.BSN != "" {
			if _, err := ParseBSN(x.BSN); err != nil || len(x.BSN) != 9 {
				v.Field(f+"bsn", "veld.bsn.elfproef")
			}
		}
		required(&v, f+"achternaam", x.FamilyName)
		checkDate(&v, f+"geboortedatum", x.BirthDate, false)
		if x.Email != "" && !ValidEmail(x.Email) {
			v.Field(f+"email", "veld.email")
		}
	}
	ref := func(field, r string) {
		if !refs[r] {
			v.Field(field, "veld.pakket.persoon")
		}
	}

	h := p.Household
	a := Address{Street: h.Address.Street, Number: h.Address.Number, Addition: h.Address.Addition, Postcode: h.Address.Postcode, Town: h.Address.Town}
	if err := a.Validate(); err != nil {
		for _, fe := range err.(*Error).Fields {
			v.Field("huishouden.adres."+fe.Name, fe.Message)
		}
	}
	if len(h.Members) == 0 {
		v.Field("huishouden.leden", "veld.pakket.leden")
	}
	for i, m := range h.Members {
		f := "huishouden.leden[" + strconv.Itoa(i) + "]."
		ref(f+"persoon", m.Person)
		if !Relation(m.Relation).Valid() {
			v.Field(f+"relatie", "veld.relatie")
		}
		from := checkDate(&v, f+"vanaf", m.From, true)
		until := checkDate(&v, f+"tot", m.Until, false)
		if !from.IsZero() && !until.IsZero() && until.Before(from) {
			v.Field(f+"tot", "veld.tot")
		}
	}

	c := p.Case
	if !CaseStatus(c.Status).Valid() {
		v.Field("casus.status", "veld.keuze")
	}
	if !CaseLevel(c.Level).Valid() {
		v.Field("casus.niveau", "veld.keuze")
	}
	for _, d := range c.Domains {
		if !ValidDomain(d) {
			v.Field("casus.domeinen", "veld.pakket.domein")
			break
		}
	}
	checkMoment(&v, "casus.geopendOp", c.OpenedAt, true)
	if c.LegalGround != "" && !ValidCaseGround(LegalGround(c.LegalGround)) {
		v.Field("casus.grondslag", "veld.keuze")
	}
	if c.PlanStatus != "" && !slices.Contains(handoverPlanStatuses, c.PlanStatus) {
		v.Field("casus.planStatus", "veld.keuze")
	}
	if (c.PlanStatus == "") != (len(p.PlanVersions) == 0) {
		v.Field("casus.planStatus", "veld.pakket.planstatus")
	}
	for i, sg := range c.Signals {
		f := "casus.signalen[" + strconv.Itoa(i) + "]."
		checkMoment(&v, f+"ontvangenOp", sg.ReceivedAt, true)
		if !SignalKind(sg.Kind).Valid() {
			v.Field(f+"soort", "veld.keuze")
		}
		for _, d := range sg.Domains {
			if !ValidDomain(d) {
				v.Field(f+"domeinen", "veld.pakket.domein")
				break
			}
		}
	}

	for i, pv := range p.PlanVersions {
		f := "planversies[" + strconv.Itoa(i) + "]."
		if pv.Version != i+1 {
			v.Field(f+"versie", "veld.pakket.versie")
		}
		checkMoment(&v, f+"opgeslagenOp", pv.SavedAt, true)
		required(&v, f+"opgeslagenDoor", pv.SavedBy)
		if !PlanVariant(pv.Variant).Valid() {
			v.Field(f+"variant", "veld.keuze")
		}
		for j, w := range pv.Worries {
			wf := f + "zorgen[" + strconv.Itoa(j) + "]."
			required(&v, wf+"omschrijving", w.Text)
			if w.Priority < 1 || w.Priority > 99 {
				v.Field(wf+"prioriteit", "veld.plan.prioriteit")
			}
		}
		if len(pv.Goals) == 0 {
			v.Field(f+"doelen", "veld.plan.doelen")
		}
		for j, g := range pv.Goals {
			gf := f + "doelen[" + strconv.Itoa(j) + "]."
			if !ValidID(g.ID) {
				v.Field(gf+"id", "veld.pakket.id")
			}
			if !ValidDomain(g.Domain) {
				v.Field(gf+"domein", "veld.pakket.domein")
			}
			required(&v, gf+"omschrijving", g.Description)
			required(&v, gf+"goedGenoeg", g.SuccessCriterion)
			checkDate(&v, gf+"streefdatum", g.TargetDate, true)
			if !GoalOwner(g.Owner).Valid() {
				v.Field(gf+"eigenaar", "veld.keuze")
			}
			if (GoalOwner(g.Owner) == OwnerPartner) != (strings.TrimSpace(g.Organisation) != "") {
				v.Field(gf+"organisatie", "veld.plan.organisatie")
			}
			if !GoalStatus(g.Status).Valid() {
				v.Field(gf+"status", "veld.keuze")
			}
			for k, x := range g.Actions {
				af := gf + "acties[" + strconv.Itoa(k) + "]."
				if !ValidID(x.ID) {
					v.Field(af+"id", "veld.pakket.id")
				}
				required(&v, af+"wat", x.What)
				required(&v, af+"wie", x.Who)
				start := checkDate(&v, af+"start", x.Start, false)
				due := checkDate(&v, af+"wanneer", x.Due, true)
				if !start.IsZero() && !due.IsZero() && start.After(due) {
					v.Field(af+"start", "veld.plan.start_na_einde")
				}
				if !ActionStatus(x.Status).Valid() {
					v.Field(af+"status", "veld.keuze")
				}
			}
		}
		checkDate(&v, f+"vastgesteldOp", pv.MeetingDate, false)
		checkDate(&v, f+"evaluatiedatum", pv.EvaluationDate, false)
		if pv.Agreement != nil {
			checkDate(&v, f+"instemming.datum", pv.Agreement.Date, true)
			if !slices.Contains(AgreementHows, AgreementHow(pv.Agreement.How)) {
				v.Field(f+"instemming.wijze", "veld.keuze")
			}
		}
	}

	for i, as := range p.Assessments {
		f := "zrmMetingen[" + strconv.Itoa(i) + "]."
		if !AssessmentMoment(as.Moment).Valid() {
			v.Field(f+"moment", "veld.keuze")
		}
		checkDate(&v, f+"datum", as.Date, true)
		if as.Instrument != DomainsVersion {
			v.Field(f+"instrument", "veld.zrm.instrument")
		}
		required(&v, f+"beoordelaar", as.Assessor)
		if len(as.Scores) == 0 {
			v.Field(f+"scores", "veld.zrm.leeg")
		}
		seen := map[[2]string]bool{}
		for j, sc := range as.Scores {
			sf := f + "scores[" + strconv.Itoa(j) + "]."
			ref(sf+"persoon", sc.Person)
			if !ValidDomain(sc.Domain) {
				v.Field(sf+"domein", "veld.pakket.domein")
			}
			if seen[[2]string{sc.Person, sc.Domain}] {
				v.Field(sf+"domein", "veld.zrm.dubbel")
			}
			seen[[2]string{sc.Person, sc.Domain}] = true
			if !ValidZRMLevel(sc.Level) {
				v.Field(sf+"niveau", "veld.zrm.niveau")
			}
			if sc.Target != 0 && !ValidZRMLevel(sc.Target) {
				v.Field(sf+"doelniveau", "veld.zrm.niveau")
			}
			required(&v, sf+"toelichting", sc.Rationale)
		}
	}

	for i, x := range p.Parties {
		f := "betrokkenen[" + strconv.Itoa(i) + "]."
		checkOrg(&v, f+"organisatie.", x.Organisation)
		if !PartyRole(x.Role).Valid() {
			v.Field(f+"rol", "veld.keuze")
		}
		checkDate(&v, f+"vanaf", x.From, true)
		checkDate(&v, f+"tot", x.Until, false)
	}

	for i, x := range p.Consents {
		f := "toestemmingen[" + strconv.Itoa(i) + "]."
		ref(f+"persoon", x.Person)
		required(&v, f+"ontvanger", x.Recipient)
		if x.Kind != "" && !OrganisationKind(x.Kind).Valid() {
			v.Field(f+"organisatiesoort", "veld.keuze")
		}
		if !ConsentPurpose(x.Purpose).Valid() {
			v.Field(f+"doel", "veld.keuze")
		}
		for _, d := range x.Domains {
			if !ValidDomain(d) {
				v.Field(f+"domeinen", "veld.pakket.domein")
				break
			}
		}
		checkDate(&v, f+"gegevenOp", x.GivenOn, true)
		checkDate(&v, f+"tot", x.Until, false)
		if !slices.Contains(handoverConsentStatuses, x.Status) {
			v.Field(f+"status", "veld.keuze")
		}
	}

	for i, e := range p.History {
		f := "geschiedenis[" + strconv.Itoa(i) + "]."
		checkMoment(&v, f+"datum", e.At, true)
		required(&v, f+"soort", e.Kind)
		required(&v, f+"tekst", e.Text)
	}
	return v.Err()
}

func required(v *Invalid, field, s string) {
	if strings.TrimSpace(s) == "" {
		v.Field(field, "veld.verplicht")
	}
}

func checkOrg(v *Invalid, prefix string, o HandoverOrgEntry) {
	required(v, prefix+"naam", o.Name)
	if !OrganisationKind(o.Kind).Valid() {
		v.Field(prefix+"soort", "veld.organisatie.soort")
	}
}

// checkDate checks a calendar day in the package's form and returns it
// (zero when absent or bad).
func checkDate(v *Invalid, field, s string, need bool) time.Time {
	if s == "" {
		if need {
			v.Field(field, "veld.datum")
		}
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Year() < 1880 {
		v.Field(field, "veld.datum")
		return time.Time{}
	}
	return t
}

// checkMoment checks an RFC 3339 moment.
func checkMoment(v *Invalid, field, s string, need bool) time.Time {
	if s == "" {
		if need {
			v.Field(field, "veld.datum")
		}
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		v.Field(field, "veld.datum")
		return time.Time{}
	}
	return t.UTC()
}

// HandoverDate writes a calendar day as the package does; "" for zero.
func HandoverDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

// HandoverMoment writes a moment as the package does: RFC 3339 in UTC, to
// the microsecond the stores keep.
func HandoverMoment(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// ParseHandoverDate reads a calendar day of a validated package; zero
// for "".
func ParseHandoverDate(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

// ParseHandoverMoment reads a moment of a validated package; zero for "".
func ParseHandoverMoment(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t.UTC()
}

// EventImported is the case event of a line of history read in from a
// package: From is the sending municipality's name, Reason the line's
// text with its original date, Kind of the line in To.
const EventImported CaseEventKind = "overgenomen"
