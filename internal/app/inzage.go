package app

import (
	"context"
	"slices"
	"strconv"
	"time"

	"wijkregie"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// The right of access (AVG art. 15; docs/privacy.md, "Inzage"). The
// privacy officer finds the person a request is about by the BSN and birth
// date it gives (FindPersonForInzage), and exports with one action
// everything the platform holds about them, with who accessed it and when
// (Inzage). The export is a document: its shape, with Dutch field names,
// is the API's schema Inzage, and the PDF (InzagePDF) sets the same data
// in Dutch for the person to read.
//
// What belongs to the person: their own record and the records merged
// into it; their memberships of households, and of those households what
// happened while they were a member — the signals on the household that
// name no one else, the cases, the consents, the notifications that made
// the family known to a professional. Another member's own data (their
// ZRM scores, a signal about them alone) is theirs, not this person's.
// The notes of a case are in it whatever their visibility: the privacy
// officer compiles, and weighs third parties' data before sending (art.
// 15(4)); the Meldcode route is marked for the same weighing under art.
// 41 UAVG.

// PurposeInzageRequest is the audit log's purpose for answering a
// request for access.
const PurposeInzageRequest = "inzageverzoek"

// InzageMeldcodeReview is what the Meldcode section of an export says:
// the route may hold what endangers someone's safety if it reaches the
// family (art. 41 UAVG), so the privacy officer weighs it before sending.
const InzageMeldcodeReview = "beoordeel vóór verstrekking of verstrekking de veiligheid schaadt (art. 41 UAVG)"

// InzageTables declares, per table of the schema that holds a person's
// data (store.PersonDataTables), where the export covers it: a test fails
// when a new table is in neither this list nor the export.
var InzageTables = map[string]string{
	"persons":                "persoon, samengevoegdeRecords",
	"households":             "huishoudens",
	"members":                "huishoudens",
	"involvements":           "huishoudens.betrokkenen",
	"signals":                "signalen",
	"signal_matches":         "signalen.matches",
	"triages":                "signalen.triage",
	"signal_facts":           "signalen (afgeleid: wat de metingen ervan tellen)",
	"notifications":          "meldingenAanMedewerkers",
	"cases":                  "casussen",
	"case_events":            "casussen.gebeurtenissen",
	"case_coordinators":      "casussen.regisseurs",
	"case_parties":           "casussen.betrokkenen",
	"case_closures":          "casussen.afsluiting",
	"case_sharing_grounds":   "casussen.deelgrondslagen",
	"escalations":            "casussen.opschalingen",
	"enforcements":           "casussen.doorzettingsbesluiten",
	"emergency_accesses":     "casussen.noodToegang",
	"assessments":            "casussen.zrmMetingen",
	"assessment_scores":      "casussen.zrmMetingen.scores (alleen die van de persoon)",
	"zrm_changes":            "casussen.zrmMetingen (afgeleid: de verandering per domein, zonder persoon)",
	"plans":                  "casussen.plannen",
	"plan_versions":          "casussen.plannen.versies",
	"plan_goals":             "casussen.plannen.versies.doelen (de huidige stand van de versies)",
	"plan_actions":           "casussen.plannen.versies.doelen.acties (de huidige stand van de versies)",
	"notes":                  "casussen.journaal",
	"tasks":                  "casussen.taken",
	"task_events":            "casussen.taken.gebeurtenissen",
	"meldcode_routes":        "casussen.meldcode",
	"meldcode_steps":         "casussen.meldcode.stappen",
	"meldcode_answers":       "casussen.meldcode.afwegingsvragen",
	"meldcode_consultations": "casussen.meldcode.consultaties",
	"consents":               "toestemmingen, toestemmingenVoorAnderen",
	"consent_givers":         "toestemmingen.gegevenDoor",
	"audit_log":              "toegangslog",
	"rights_requests":        "rechtenverzoeken",
	"information_notices":    "informatieverstrekkingen",
	"outreaches":             "vroegsignalen",
	"outreach_contacts":      "vroegsignalen.contactpogingen",
	"arrears":                "betalingsachterstanden",
	"resident_login_codes":   "toegangslog (mijnplan.aanmelden, inlogcode.uitgeven: every issue and login is a record there; a code's hash is no data to show)",
	"resident_sessions":      "toegangslog (mijnplan.aanmelden: the login that started each session)",
	// The record of a package read in names no person; the case it became
	// shows it in its history (casus.gebeurtenis.overgenomen).
	"handover_imports": "casussen.gebeurtenissen",
	// The family's own use of Mijn Plan (mijnplan_inzage.go).
	"mijnplan_messages": "mijnPlan.berichten",
	"mijnplan_ratings":  "mijnPlan.beoordelingen",
	"mijnplan_acts":     "mijnPlan.handelingen",
}

// Inzage is everything the platform holds about one person, as exported.
type Inzage struct {
	MadeAt       string              `json:"opgesteldOp"`
	Municipality string              `json:"gemeente"`
	MadeBy       InzageWho           `json:"opgesteldDoor"`
	Person       InzagePerson        `json:"persoon"`
	Merged       []InzagePerson      `json:"samengevoegdeRecords"`
	Households   []InzageHousehold   `json:"huishoudens"`
	Signals      []InzageSignal      `json:"signalen"`
	Cases        []InzageCase        `json:"casussen"`
	Consents     []InzageConsent     `json:"toestemmingen"`
	ConsentsFor  []InzageConsent     `json:"toestemmingenVoorAnderen"`
	Notified     []InzageNotified    `json:"meldingenAanMedewerkers"`
	Access       []InzageAccess      `json:"toegangslog"`
	Summary      []InzageSectionSize `json:"samenvatting"`
	// The person's requests under art. 16-21 and the information notices
	// sent to them (rights.go, notice.go).
	RightsRequests []InzageRightsRequest `json:"rechtenverzoeken"`
	Notices        []InzageNotice        `json:"informatieverstrekkingen"`
	// The outreaches to their households (outreach_inzage.go).
	Outreaches []InzageOutreach `json:"vroegsignalen"`
	// The creditors' reports matched to the person (arrears_inzage.go).
	Arrears []InzageArrears `json:"betalingsachterstanden"`
	// The person's use of Mijn Plan (mijnplan_inzage.go).
	MijnPlan *InzageMijnPlan `json:"mijnPlan"`
}

// InzageRightsRequest is a request to exercise a right, with its answer.
type InzageRightsRequest struct {
	Kind       string     `json:"soort"`
	ReceivedOn string     `json:"ontvangenOp"`
	Request    string     `json:"verzoek"`
	Deadline   string     `json:"termijn"`
	ExtendedTo string     `json:"verlengdTot,omitempty"`
	Status     string     `json:"status"`
	Reason     string     `json:"reden,omitempty"`
	DecidedBy  *InzageWho `json:"beslotenDoor,omitempty"`
	DecidedAt  string     `json:"beslotenOp,omitempty"`
}

// InzageNotice is an information notice sent (art. 13/14).
type InzageNotice struct {
	SentOn string    `json:"verzondenOp"`
	Method string    `json:"wijze"`
	By     InzageWho `json:"vastgelegdDoor"`
}

// InzageWho names a professional as the person may know them: name, role
// and organisation (never their e-mail address or login).
type InzageWho struct {
	Name         string `json:"naam"`
	Role         string `json:"rol,omitempty"`
	Organisation string `json:"organisatie,omitempty"`
	Team         string `json:"team,omitempty"`
}

// InzagePerson is a person record, with the full BSN: it is their own.
type InzagePerson struct {
	ID           string `json:"id"`
	BSN          string `json:"bsn,omitempty"`
	GivenName    string `json:"voornaam,omitempty"`
	Prefix       string `json:"tussenvoegsel,omitempty"`
	FamilyName   string `json:"achternaam"`
	Name         string `json:"naam"`
	BirthDate    string `json:"geboortedatum,omitempty"`
	Phone        string `json:"telefoon,omitempty"`
	Email        string `json:"email,omitempty"`
	RegisteredAt string `json:"geregistreerdOp"`
	MergedAt     string `json:"samengevoegdOp,omitempty"`
}

// InzageAddress is a household's address.
type InzageAddress struct {
	Street   string `json:"straat"`
	Number   int    `json:"huisnummer"`
	Addition string `json:"huisnummertoevoeging,omitempty"`
	Postcode string `json:"postcode"`
	Town     string `json:"woonplaats"`
}

// Line returns the address on one line, as a letter would have it.
func (a InzageAddress) Line() string {
	s := a.Street + " " + strconv.Itoa(a.Number)
	if a.Addition != "" {
		s += "-" + a.Addition
	}
	return s + ", " + a.Postcode + " " + a.Town
}

// InzageHousehold is one of the person's memberships, with the household's
// address, team and who was involved with it.
type InzageHousehold struct {
	ID           string              `json:"id"`
	Address      InzageAddress       `json:"adres"`
	Team         string              `json:"team,omitempty"`
	Relation     string              `json:"relatie"`
	From         string              `json:"van"`
	Until        string              `json:"tot,omitempty"`
	Involvements []InzageInvolvement `json:"betrokkenen"`
	// The addresses the household left, the latest first (address.go).
	Previous []InzagePreviousAddress `json:"vorigeAdressen,omitempty"`
}

// InzageInvolvement is a professional's involvement with a household.
type InzageInvolvement struct {
	Who   InzageWho `json:"wie"`
	Kind  string    `json:"soort"`
	From  string    `json:"van"`
	Until string    `json:"tot,omitempty"`
}

// InzageSignal is a signal about the person or their household.
type InzageSignal struct {
	ID          string `json:"id"`
	Kind        string `json:"soort"`
	About       string `json:"over"` // "persoon" or "huishouden"
	HouseholdID string `json:"huishouden,omitempty"`
	Source      string `json:"bron"`
	SourceOrg   string `json:"bronOrganisatie,omitempty"`
	// The reporter, unless they asked to stay anonymous to the family:
	// then ReporterShielded says so and the name is not in the export.
	Reporter         string             `json:"melder,omitempty"`
	ReporterContact  string             `json:"melderContact,omitempty"`
	ReporterShielded bool               `json:"melderAfgeschermd"`
	Domains          []string           `json:"leefgebieden"`
	Description      string             `json:"omschrijving"`
	Urgency          string             `json:"urgentie"`
	ReceivedAt       string             `json:"ontvangenOp"`
	Status           string             `json:"status"`
	Team             string             `json:"team,omitempty"`
	RegisteredBy     InzageWho          `json:"geregistreerdDoor"`
	Triage           *InzageTriage      `json:"triage,omitempty"`
	Matches          []InzageMatchParty `json:"matches"`
}

// InzageTriage is the team's decision on a signal.
type InzageTriage struct {
	Decision  string    `json:"besluit"`
	Reason    string    `json:"reden,omitempty"`
	Answer    string    `json:"antwoord,omitempty"`
	CaseID    string    `json:"casus,omitempty"`
	DecidedBy InzageWho `json:"beslotenDoor"`
	DecidedAt string    `json:"beslotenOp"`
}

// InzageMatchParty is a professional who was told that another was
// involved with the family too (a match).
type InzageMatchParty struct {
	Who InzageWho `json:"wie"`
	At  string    `json:"op"`
}

// InzageCase is a case of one of the person's households.
type InzageCase struct {
	ID              string              `json:"id"`
	HouseholdID     string              `json:"huishouden"`
	Team            string              `json:"team,omitempty"`
	Status          string              `json:"status"`
	Level           string              `json:"niveau"`
	Domains         []string            `json:"leefgebieden"`
	OpenedAt        string              `json:"geopendOp"`
	OpenedBy        InzageWho           `json:"geopendDoor"`
	ClosedAt        string              `json:"geslotenOp,omitempty"`
	ClosureReason   string              `json:"sluitreden,omitempty"`
	LegalGround     string              `json:"grondslag,omitempty"`
	LegalGroundNote string              `json:"grondslagToelichting,omitempty"`
	Coordinators    []InzageCoordinator `json:"regisseurs"`
	Events          []InzageCaseEvent   `json:"gebeurtenissen"`
	Parties         []InzageParty       `json:"betrokkenen"`
	Escalations     []InzageEscalation  `json:"opschalingen"`
	Enforcements    []InzageEnforcement `json:"doorzettingsbesluiten"`
	SharingGrounds  []InzageSharing     `json:"deelgrondslagen"`
	Emergency       []InzageEmergency   `json:"noodToegang"`
	Assessments     []InzageAssessment  `json:"zrmMetingen"`
	Plans           []InzagePlan        `json:"plannen"`
	Notes           []InzageNote        `json:"journaal"`
	Tasks           []InzageTask        `json:"taken"`
	Meldcode        *InzageMeldcode     `json:"meldcode,omitempty"`
	Closure         *InzageClosure      `json:"afsluiting,omitempty"`
}

// InzageCoordinator is one assignment of a regisseur, with the mandate.
type InzageCoordinator struct {
	Who        InzageWho `json:"wie"`
	Decide     string    `json:"mandaat"`
	EscalateTo string    `json:"opschalenNaar,omitempty"`
	Reason     string    `json:"reden,omitempty"`
	AssignedBy InzageWho `json:"toegewezenDoor"`
	From       string    `json:"van"`
	Until      string    `json:"tot,omitempty"`
}

// InzageCaseEvent is a step in a case's history.
type InzageCaseEvent struct {
	Kind   string    `json:"soort"`
	From   string    `json:"van,omitempty"`
	To     string    `json:"naar,omitempty"`
	Reason string    `json:"reden,omitempty"`
	At     string    `json:"op"`
	By     InzageWho `json:"door"`
}

// InzageParty is a betrokkene of a case.
type InzageParty struct {
	Who   InzageWho `json:"wie"`
	Role  string    `json:"rol"`
	Note  string    `json:"toelichting,omitempty"`
	From  string    `json:"van"`
	Until string    `json:"tot,omitempty"`
}

// InzageEscalation is an opschaling to a partner's management.
type InzageEscalation struct {
	Organisation string    `json:"organisatie"`
	ToWhom       string    `json:"aan"`
	About        string    `json:"over"`
	RaisedAt     string    `json:"op"`
	RaisedBy     InzageWho `json:"door"`
	Answer       string    `json:"antwoord,omitempty"`
	Outcome      string    `json:"uitkomst,omitempty"`
	Status       string    `json:"status"`
}

// InzageEnforcement is a binding decision of the regisseur.
type InzageEnforcement struct {
	Kind          string    `json:"soort"`
	Decision      string    `json:"besluit"`
	Reason        string    `json:"reden"`
	Organisations []string  `json:"organisaties"`
	DecidedAt     string    `json:"op"`
	DecidedBy     InzageWho `json:"door"`
}

// InzageSharing is a legal ground on which a partner took part in the
// case without consent.
type InzageSharing struct {
	Organisation  string    `json:"organisatie"`
	Ground        string    `json:"grondslag"`
	Purposes      []string  `json:"doelen"`
	Justification string    `json:"toelichting"`
	RecordedBy    InzageWho `json:"vastgelegdDoor"`
	RecordedAt    string    `json:"vastgelegdOp"`
	EndedAt       string    `json:"beeindigdOp,omitempty"`
	EndReason     string    `json:"redenEinde,omitempty"`
}

// InzageEmergency is an emergency access to the case.
type InzageEmergency struct {
	Who     InzageWho `json:"wie"`
	Reason  string    `json:"reden"`
	From    string    `json:"van"`
	Until   string    `json:"tot"`
	Verdict string    `json:"oordeel,omitempty"`
}

// InzageAssessment is a ZRM assessment with the person's own scores only.
type InzageAssessment struct {
	Moment     string        `json:"moment"`
	Date       string        `json:"datum"`
	Instrument string        `json:"instrument"`
	Assessor   InzageWho     `json:"door"`
	Scores     []InzageScore `json:"scores"`
}

// InzageScore is one domain's score.
type InzageScore struct {
	Domain    string `json:"leefgebied"`
	Level     int    `json:"score"`
	Rationale string `json:"onderbouwing,omitempty"`
	Target    int    `json:"doelniveau,omitempty"`
}

// InzagePlan is one plan of a case with every saved version.
type InzagePlan struct {
	ID       string              `json:"id"`
	Status   string              `json:"status"`
	Versions []InzagePlanVersion `json:"versies"`
}

// InzagePlanVersion is one saved version of a plan.
type InzagePlanVersion struct {
	Version        int          `json:"versie"`
	SavedAt        string       `json:"opgeslagenOp"`
	SavedBy        InzageWho    `json:"opgeslagenDoor"`
	GoingWell      string       `json:"watGoedGaat,omitempty"`
	Worries        []string     `json:"zorgen"`
	OwnStrength    string       `json:"eigenKracht,omitempty"`
	SupportNeeded  string       `json:"ondersteuning,omitempty"`
	Goals          []InzageGoal `json:"doelen"`
	MeetingDate    string       `json:"gesprekOp,omitempty"`
	Participants   string       `json:"deelnemers,omitempty"`
	AgreedOn       string       `json:"afgesprokenOp,omitempty"`
	AgreedHow      string       `json:"afgesprokenHoe,omitempty"`
	EvaluationDate string       `json:"evaluatieOp,omitempty"`
	Note           string       `json:"toelichting,omitempty"`
}

// InzageGoal is a goal of a plan with its actions.
type InzageGoal struct {
	Domain           string         `json:"leefgebied"`
	Description      string         `json:"omschrijving"`
	SuccessCriterion string         `json:"goedGenoeg,omitempty"`
	TargetDate       string         `json:"streefdatum,omitempty"`
	Owner            string         `json:"eigenaar"`
	Organisation     string         `json:"organisatie,omitempty"`
	Status           string         `json:"status"`
	Actions          []InzageAction `json:"acties"`
}

// InzageAction is an action towards a goal.
type InzageAction struct {
	What   string `json:"wat"`
	Who    string `json:"wie,omitempty"`
	Start  string `json:"start,omitempty"`
	Due    string `json:"gereedOp,omitempty"`
	Status string `json:"status"`
}

// InzageNote is a journal note.
type InzageNote struct {
	Date       string    `json:"datum"`
	Kind       string    `json:"soort"`
	Mode       string    `json:"wijze,omitempty"`
	Text       string    `json:"tekst"`
	Visibility string    `json:"zichtbaarheid"`
	Author     InzageWho `json:"auteur"`
	WrittenAt  string    `json:"geschrevenOp"`
}

// InzageTask is a task of a case, with its terms' history.
type InzageTask struct {
	Kind   string            `json:"soort"`
	Due    string            `json:"termijn"`
	Legal  bool              `json:"wettelijk"`
	DoneAt string            `json:"gereedOp,omitempty"`
	For    *InzageWho        `json:"voor,omitempty"`
	Events []InzageTaskEvent `json:"gebeurtenissen"`
}

// InzageTaskEvent is a change of a task's term.
type InzageTaskEvent struct {
	Kind   string    `json:"soort"`
	From   string    `json:"van,omitempty"`
	To     string    `json:"naar,omitempty"`
	Reason string    `json:"reden,omitempty"`
	At     string    `json:"op"`
	By     InzageWho `json:"door"`
}

// InzageMeldcode is a case's Meldcode route, marked for review.
type InzageMeldcode struct {
	Review        string               `json:"beoordeling"`
	Step          int                  `json:"stap"`
	StartedAt     string               `json:"gestartOp"`
	StartedBy     InzageWho            `json:"gestartDoor"`
	Steps         []InzageMeldcodeStep `json:"stappen"`
	Answers       []InzageMeldcodeStep `json:"afwegingsvragen"`
	Consultations []InzageConsultation `json:"consultaties"`
	ReportedOn    string               `json:"gemeldOp,omitempty"`
	ReportRef     string               `json:"meldingKenmerk,omitempty"`
	SafetyPlan    string               `json:"veiligheidsplan,omitempty"`
	ReviewDate    string               `json:"herbeoordelingOp,omitempty"`
	Outcome       string               `json:"uitkomst,omitempty"`
	ClosedAt      string               `json:"afgeslotenOp,omitempty"`
}

// InzageMeldcodeStep is a step or an answered question of the route.
type InzageMeldcodeStep struct {
	Number    int       `json:"nummer"`
	Yes       *bool     `json:"ja,omitempty"`
	Date      string    `json:"datum"`
	By        InzageWho `json:"door"`
	Rationale string    `json:"onderbouwing,omitempty"`
}

// InzageConsultation is a consultation in the Meldcode route.
type InzageConsultation struct {
	Kind      string    `json:"soort"`
	With      string    `json:"met"`
	Date      string    `json:"datum"`
	Anonymous bool      `json:"anoniem"`
	Summary   string    `json:"samenvatting,omitempty"`
	By        InzageWho `json:"door"`
}

// InzageClosure is the closure of a case.
type InzageClosure struct {
	Reason          string    `json:"reden"`
	CanContinue     string    `json:"kanVerderZonderHulp,omitempty"`
	ProblemsReduced string    `json:"problemenVerminderd,omitempty"`
	GoalsAchieved   string    `json:"doelenBereikt,omitempty"`
	Rating          int       `json:"waardering,omitempty"`
	Remark          string    `json:"opmerkingGezin,omitempty"`
	Summary         string    `json:"samenvatting,omitempty"`
	ClosedAt        string    `json:"op"`
	ClosedBy        InzageWho `json:"door"`
}

// InzageConsent is a consent record.
type InzageConsent struct {
	ID          string     `json:"id"`
	Subject     string     `json:"betreft"`
	Recipient   string     `json:"ontvanger"`
	Purpose     string     `json:"doel"`
	Domains     []string   `json:"leefgebieden"`
	GivenOn     string     `json:"gegevenOp"`
	Method      string     `json:"wijze"`
	GivenBy     []string   `json:"gegevenDoor"`
	Until       string     `json:"tot,omitempty"`
	RecordedBy  InzageWho  `json:"vastgelegdDoor"`
	RecordedAt  string     `json:"vastgelegdOp"`
	WithdrawnAt string     `json:"ingetrokkenOp,omitempty"`
	WithdrawnBy *InzageWho `json:"ingetrokkenDoor,omitempty"`
	Reason      string     `json:"redenIntrekking,omitempty"`
}

// InzageNotified is a notification that made the family known to a
// professional: another organisation is involved too.
type InzageNotified struct {
	To    InzageWho `json:"aan"`
	Other string    `json:"overWie,omitempty"`
	At    string    `json:"op"`
}

// InzageAccess is one record of the access log.
type InzageAccess struct {
	At      string    `json:"op"`
	Who     InzageWho `json:"wie"`
	Action  string    `json:"actie"`
	Subject string    `json:"onderwerp,omitempty"`
	Purpose string    `json:"doel,omitempty"`
	Result  string    `json:"resultaat"`
}

// InzageSectionSize counts what one section holds, for the summary the
// privacy officer checks before sending.
type InzageSectionSize struct {
	Section string `json:"sectie"`
	Count   int    `json:"aantal"`
}

// InzageMatch is the person an inzage request is about, as the search
// shows them: enough to check it is the right person, nothing more.
type InzageMatch struct {
	ID        string
	Name      string
	BirthDate time.Time
	BSN       wijkregie.BSN // shown masked
}

// FindPersonForInzage finds the person a request for access is about by
// the BSN (through its keyed hash, as the person search does) and the
// birth date the request gives; both must match one person, or there is
// none. Only the privacy officer may (policy.DecideInzage). The search is
// audited as one (NEN 7513), naming the person found; the BSN is in no
// record.
func (s *Service) FindPersonForInzage(ctx context.Context, actor wijkregie.Actor, bsn, birthDate string) (*InzageMatch, error) {
	if err := policy.DecideInzage(actor, actor.MunicipalityID); err != nil {
		return nil, err
	}
	var v wijkregie.Invalid
	var b wijkregie.BSN
	if bsn == "" {
		v.Field("bsn", "veld.verplicht")
	} else {
		var err error
		b, err = wijkregie.ParseBSN(bsn)
		v.Add(err)
	}
	var born time.Time
	if birthDate == "" {
		v.Field("geboortedatum", "veld.verplicht")
	} else if d, err := wijkregie.ParseDate(birthDate); err != nil {
		v.Field("geboortedatum", "veld.geboortedatum")
	} else {
		born = d
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	ms, err := s.store.R().SearchPersons(ctx, actor.MunicipalityID, &wijkregie.PersonQuery{BSN: b})
	if err != nil {
		return nil, err
	}
	// The BSN and birth date are what was searched on; neither is recorded.
	ev := wijkregie.Event{Action: string(policy.SearchForInzage), SubjectKind: "persoon", Purpose: PurposeInzageRequest,
		Search: wijkregie.SearchOf("bsn", "geboortedatum")}
	var found *InzageMatch
	for _, m := range ms {
		if m.Person.BirthDate.Equal(born) {
			p := m.Person
			found = &InzageMatch{ID: p.ID, Name: p.FullName(), BirthDate: p.BirthDate, BSN: p.BSN}
			ev.SubjectID, ev.PersonID, ev.Results = p.ID, p.ID, 1
		}
	}
	if err := s.audit(ctx, actor, ev); err != nil {
		return nil, err
	}
	if found == nil {
		return nil, wijkregie.Errorf(wijkregie.ENOTFOUND, "fout.inzage.niet_gevonden")
	}
	return found, nil
}

// Inzage returns everything the platform holds about the person, with
// who accessed it and when, read in one read transaction. Only the
// privacy officer of the person's municipality may (policy.DecideInzage);
// the export is audited once, as inzage.exporteren on the person, before
// it is returned. An id of a record merged into another exports the
// resident's record, which holds the merged ones.
func (s *Service) Inzage(ctx context.Context, actor wijkregie.Actor, personID string) (*Inzage, error) {
	if err := s.allow(actor, policy.ExportInzage); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(personID) {
		return nil, wijkregie.NotFound()
	}
	var z *Inzage
	err := s.store.ReadTx(ctx, func(q *store.Q) error {
		p, err := q.Person(ctx, actor.MunicipalityID, personID)
		if err != nil {
			return err
		}
		if err := policy.DecideInzage(actor, p.MunicipalityID); err != nil {
			return err
		}
		if p.MergedInto != "" {
			if p, err = q.Person(ctx, actor.MunicipalityID, p.MergedInto); err != nil {
				return err
			}
		}
		r := &inzageReader{q: q, mid: actor.MunicipalityID, now: s.Now()}
		z, err = r.read(ctx, actor, p)
		return err
	})
	if err != nil {
		return nil, err
	}
	ev := wijkregie.Event{Action: string(policy.ExportInzage), SubjectKind: "persoon", SubjectID: z.Person.ID, PersonID: z.Person.ID, Purpose: PurposeInzageRequest}
	if err := s.audit(ctx, actor, ev); err != nil {
		return nil, err
	}
	return z, nil
}

// inzageReader reads one export inside the read transaction, naming the
// professionals and organisations it meets as it goes.
type inzageReader struct {
	q     *store.Q
	mid   string
	now   time.Time
	users map[string]*wijkregie.User
	orgs  map[string]string
	teams map[string]string
}

// period is a stretch of membership; until zero: it lasts.
type period struct{ from, until time.Time }

// overlaps reports whether [from, until) — until zero: open — meets one
// of the periods.
func overlaps(ps []period, from, until time.Time) bool {
	for _, p := range ps {
		if (until.IsZero() || !until.Before(p.from)) && (p.until.IsZero() || !from.After(p.until)) {
			return true
		}
	}
	return false
}

func (r *inzageReader) read(ctx context.Context, actor wijkregie.Actor, p *wijkregie.Person) (*Inzage, error) {
	if err := r.directory(ctx); err != nil {
		return nil, err
	}
	m, err := r.q.Municipality(ctx, r.mid)
	if err != nil {
		return nil, err
	}
	z := &Inzage{MadeAt: ts(r.now), Municipality: m.Name, MadeBy: r.who(actor.UserID), Person: inzagePerson(p, true),
		// Empty lists are [] in the JSON, never null: the schema says
		// array, and a reader sees "none" rather than "unknown".
		Merged: []InzagePerson{}, Households: []InzageHousehold{}, Signals: []InzageSignal{}, Cases: []InzageCase{},
		Consents: []InzageConsent{}, ConsentsFor: []InzageConsent{}, Notified: []InzageNotified{}, Access: []InzageAccess{},
		RightsRequests: []InzageRightsRequest{}, Notices: []InzageNotice{}, Outreaches: []InzageOutreach{}, Arrears: []InzageArrears{}}
	merged, err := r.q.MergedPersons(ctx, r.mid, p.ID)
	if err != nil {
		return nil, err
	}
	ids := []string{p.ID}
	for i := range merged {
		z.Merged = append(z.Merged, inzagePerson(&merged[i], true))
		ids = append(ids, merged[i].ID)
	}

	// Households, and the periods the person belonged to each.
	periods := map[string][]period{}
	var hids []string
	for _, id := range ids {
		ms, err := r.q.PersonMemberships(ctx, r.mid, id)
		if err != nil {
			return nil, err
		}
		for _, mb := range ms {
			h, err := r.household(ctx, mb)
			if err != nil {
				return nil, err
			}
			z.Households = append(z.Households, *h)
			periods[mb.HouseholdID] = append(periods[mb.HouseholdID], period{mb.From, mb.Until})
			if !slices.Contains(hids, mb.HouseholdID) {
				hids = append(hids, mb.HouseholdID)
			}
		}
	}

	if z.Signals, err = r.signals(ctx, ids, hids, periods); err != nil {
		return nil, err
	}
	for _, hid := range hids {
		cs, err := r.q.HouseholdCases(ctx, r.mid, hid)
		if err != nil {
			return nil, err
		}
		for i := range cs {
			c := &cs[i]
			if !overlaps(periods[hid], c.OpenedAt, c.ClosedAt) {
				continue
			}
			ic, err := r.caseOf(ctx, c, ids)
			if err != nil {
				return nil, err
			}
			z.Cases = append(z.Cases, *ic)
		}
	}
	if z.Consents, z.ConsentsFor, err = r.consents(ctx, ids); err != nil {
		return nil, err
	}
	if z.Outreaches, err = r.outreaches(ctx, hids, periods); err != nil {
		return nil, err
	}
	if z.Arrears, err = r.arrears(ctx, ids); err != nil {
		return nil, err
	}
	if z.MijnPlan, err = r.mijnPlan(ctx, ids); err != nil {
		return nil, err
	}
	ns, err := r.q.HouseholdNotifications(ctx, r.mid, hids)
	if err != nil {
		return nil, err
	}
	for _, n := range ns {
		if !overlaps(periods[n.HouseholdID], n.CreatedAt, n.CreatedAt) {
			continue
		}
		other := n.OtherName
		if n.OtherOrganisation != "" {
			other += " (" + n.OtherOrganisation + ")"
		}
		z.Notified = append(z.Notified, InzageNotified{To: r.who(n.RecipientID), Other: other, At: ts(n.CreatedAt)})
	}
	if err := r.rights(ctx, z, ids); err != nil {
		return nil, err
	}
	recs, err := r.q.PersonAudit(ctx, r.mid, ids)
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		z.Access = append(z.Access, InzageAccess{At: ts(rec.At), Who: r.who(rec.UserID), Action: rec.Action, Subject: rec.SubjectKind,
			Purpose: rec.Purpose, Result: rec.Result})
	}
	z.Summary = summarise(z)
	return z, nil
}

// rights reads the person's requests and the notices sent to them.
func (r *inzageReader) rights(ctx context.Context, z *Inzage, ids []string) error {
	rs, err := r.q.PersonRightsRequests(ctx, r.mid, ids)
	if err != nil {
		return err
	}
	for _, x := range rs {
		ir := InzageRightsRequest{Kind: string(x.Kind), ReceivedOn: day(x.ReceivedOn), Request: x.Request, Deadline: day(x.Deadline),
			Status: string(x.Status), Reason: x.Reason}
		if !x.ExtendedTo.IsZero() {
			ir.ExtendedTo = day(x.ExtendedTo)
		}
		if x.DecidedBy != "" {
			who, err := r.whoLoaded(ctx, x.DecidedBy)
			if err != nil {
				return err
			}
			ir.DecidedBy, ir.DecidedAt = &who, ts(x.DecidedAt)
		}
		z.RightsRequests = append(z.RightsRequests, ir)
	}
	ns, err := r.q.NoticesSent(ctx, r.mid, ids)
	if err != nil {
		return err
	}
	for _, n := range ns {
		who, err := r.whoLoaded(ctx, n.RecordedBy)
		if err != nil {
			return err
		}
		z.Notices = append(z.Notices, InzageNotice{SentOn: day(n.SentOn), Method: string(n.Method), By: who})
	}
	return nil
}

// summarise counts each section.
func summarise(z *Inzage) []InzageSectionSize {
	count := func(f func(c *InzageCase) int) int {
		n := 0
		for i := range z.Cases {
			n += f(&z.Cases[i])
		}
		return n
	}
	meldcode := count(func(c *InzageCase) int {
		if c.Meldcode != nil {
			return 1
		}
		return 0
	})
	return []InzageSectionSize{
		{"huishoudens", len(z.Households)},
		{"signalen", len(z.Signals)},
		{"casussen", len(z.Cases)},
		{"zrmMetingen", count(func(c *InzageCase) int { return len(c.Assessments) })},
		{"plannen", count(func(c *InzageCase) int { return len(c.Plans) })},
		{"journaal", count(func(c *InzageCase) int { return len(c.Notes) })},
		{"taken", count(func(c *InzageCase) int { return len(c.Tasks) })},
		{"meldcode", meldcode},
		{"toestemmingen", len(z.Consents) + len(z.ConsentsFor)},
		{"meldingenAanMedewerkers", len(z.Notified)},
		{"toegangslog", len(z.Access)},
		{"rechtenverzoeken", len(z.RightsRequests)},
		{"informatieverstrekkingen", len(z.Notices)},
		{"vroegsignalen", len(z.Outreaches)},
		{"betalingsachterstanden", len(z.Arrears)},
		{"mijnPlan", z.MijnPlan.size()},
	}
}

// directory reads the names of the municipality's organisations and
// teams; users are read as they are met.
func (r *inzageReader) directory(ctx context.Context) error {
	r.users, r.orgs, r.teams = map[string]*wijkregie.User{}, map[string]string{}, map[string]string{}
	orgs, err := r.q.Organisations(ctx, r.mid)
	if err != nil {
		return err
	}
	for _, o := range orgs {
		r.orgs[o.ID] = o.Name
	}
	teams, err := r.q.Teams(ctx, r.mid)
	if err != nil {
		return err
	}
	for _, t := range teams {
		r.teams[t.ID] = t.Name
	}
	return nil
}

// load reads the users of ids not read yet.
func (r *inzageReader) load(ctx context.Context, ids ...string) error {
	var missing []string
	for _, id := range ids {
		if _, ok := r.users[id]; !ok && wijkregie.ValidID(id) && !slices.Contains(missing, id) {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	us, err := r.q.UsersByID(ctx, r.mid, missing)
	if err != nil {
		return err
	}
	for _, id := range missing {
		r.users[id] = us[id] // nil for one that is gone: who() names the id
	}
	return nil
}

// who names a user already loaded (load).
func (r *inzageReader) who(id string) InzageWho {
	u := r.users[id]
	if u == nil {
		return InzageWho{Name: id}
	}
	return InzageWho{Name: u.Name, Role: string(u.Role), Organisation: r.orgs[u.OrganisationID], Team: r.teams[u.TeamID]}
}

// whoLoaded loads the user and names them.
func (r *inzageReader) whoLoaded(ctx context.Context, id string) (InzageWho, error) {
	if err := r.load(ctx, id); err != nil {
		return InzageWho{}, err
	}
	return r.who(id), nil
}

func (r *inzageReader) household(ctx context.Context, mb store.Membership) (*InzageHousehold, error) {
	h, err := r.q.Household(ctx, r.mid, mb.HouseholdID)
	if err != nil {
		return nil, err
	}
	a := mb.Address
	out := &InzageHousehold{ID: mb.HouseholdID, Team: r.teams[h.TeamID], Relation: string(mb.Relation), From: day(mb.From), Until: day(mb.Until),
		Address:      InzageAddress{Street: a.Street, Number: a.Number, Addition: a.Addition, Postcode: a.Postcode, Town: a.Town},
		Involvements: []InzageInvolvement{}}
	invs, err := r.q.Involvements(ctx, r.mid, mb.HouseholdID)
	if err != nil {
		return nil, err
	}
	for _, inv := range invs {
		if !overlaps([]period{{mb.From, mb.Until}}, inv.From, inv.Until) {
			continue
		}
		w, err := r.whoLoaded(ctx, inv.UserID)
		if err != nil {
			return nil, err
		}
		out.Involvements = append(out.Involvements, InzageInvolvement{Who: w, Kind: string(inv.Kind), From: ts(inv.From), Until: ts(inv.Until)})
	}
	if out.Previous, err = previousAddresses(ctx, r.q, r.mid, mb.HouseholdID); err != nil {
		return nil, err
	}
	return out, nil
}

func (r *inzageReader) signals(ctx context.Context, ids, hids []string, periods map[string][]period) ([]InzageSignal, error) {
	sigs, err := r.q.InzageSignals(ctx, r.mid, ids, hids)
	if err != nil {
		return nil, err
	}
	out := []InzageSignal{}
	for _, sg := range sigs {
		about := "persoon"
		if sg.PersonID == "" {
			// A household's signal is theirs when it came while they
			// belonged to it.
			if !overlaps(periods[sg.HouseholdID], sg.ReceivedAt, sg.ReceivedAt) {
				continue
			}
			about = "huishouden"
		}
		by, err := r.whoLoaded(ctx, sg.CreatedBy)
		if err != nil {
			return nil, err
		}
		is := InzageSignal{ID: sg.ID, Kind: string(sg.Kind), About: about, HouseholdID: sg.HouseholdID, Source: string(sg.SourceKind),
			SourceOrg: r.orgs[sg.SourceOrganisationID], ReporterShielded: sg.AnonymousToFamily, Domains: domainNames(sg.Domains),
			Description: sg.Description, Urgency: string(sg.Urgency), ReceivedAt: ts(sg.ReceivedAt), Status: string(sg.Status),
			Team: r.teams[sg.TeamID], RegisteredBy: by, Matches: []InzageMatchParty{}}
		if !sg.AnonymousToFamily {
			is.Reporter, is.ReporterContact = sg.ReporterName, sg.ReporterContact
		}
		tr, err := r.q.Triage(ctx, r.mid, sg.ID)
		switch {
		case wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND:
		case err != nil:
			return nil, err
		default:
			dby, err := r.whoLoaded(ctx, tr.DecidedBy)
			if err != nil {
				return nil, err
			}
			is.Triage = &InzageTriage{Decision: string(tr.Decision), Reason: tr.Reason, Answer: tr.Answer, CaseID: tr.CaseID, DecidedBy: dby, DecidedAt: ts(tr.DecidedAt)}
		}
		ms, err := r.q.SignalMatches(ctx, r.mid, sg.ID)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			w, err := r.whoLoaded(ctx, m.UserID)
			if err != nil {
				return nil, err
			}
			is.Matches = append(is.Matches, InzageMatchParty{Who: w, At: ts(m.CreatedAt)})
		}
		out = append(out, is)
	}
	return out, nil
}

// caseOf reads a case whole; ids are the person's records, whose ZRM
// scores alone are theirs.
func (r *inzageReader) caseOf(ctx context.Context, c *wijkregie.Case, ids []string) (*InzageCase, error) {
	q, mid := r.q, r.mid
	by, err := r.whoLoaded(ctx, c.OpenedBy)
	if err != nil {
		return nil, err
	}
	ic := &InzageCase{ID: c.ID, HouseholdID: c.HouseholdID, Team: r.teams[c.TeamID], Status: string(c.Status), Level: string(c.Level),
		Domains: domainNames(c.Domains), OpenedAt: ts(c.OpenedAt), OpenedBy: by, ClosedAt: ts(c.ClosedAt), ClosureReason: c.ClosureReason,
		LegalGround: string(c.LegalGround), LegalGroundNote: c.LegalGroundNote,
		Coordinators: []InzageCoordinator{}, Events: []InzageCaseEvent{}, Parties: []InzageParty{}, Escalations: []InzageEscalation{},
		Enforcements: []InzageEnforcement{}, SharingGrounds: []InzageSharing{}, Emergency: []InzageEmergency{},
		Assessments: []InzageAssessment{}, Plans: []InzagePlan{}, Notes: []InzageNote{}, Tasks: []InzageTask{}}

	as, err := q.Assignments(ctx, mid, c.ID)
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		if err := r.load(ctx, a.UserID, a.AssignedBy); err != nil {
			return nil, err
		}
		ic.Coordinators = append(ic.Coordinators, InzageCoordinator{Who: r.who(a.UserID), Decide: a.Mandate.Decide, EscalateTo: a.Mandate.EscalateTo,
			Reason: a.Reason, AssignedBy: r.who(a.AssignedBy), From: ts(a.From), Until: ts(a.Until)})
	}
	evs, err := q.CaseEvents(ctx, mid, c.ID)
	if err != nil {
		return nil, err
	}
	for _, e := range evs {
		if err := r.load(ctx, e.By); err != nil {
			return nil, err
		}
		ic.Events = append(ic.Events, InzageCaseEvent{Kind: string(e.Kind), From: e.From, To: e.To, Reason: e.Reason, At: ts(e.At), By: r.who(e.By)})
	}
	ps, err := q.Parties(ctx, mid, c.ID)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		w := InzageWho{Name: r.orgs[p.OrganisationID]}
		if p.UserID != "" {
			if w, err = r.whoLoaded(ctx, p.UserID); err != nil {
				return nil, err
			}
		}
		ic.Parties = append(ic.Parties, InzageParty{Who: w, Role: string(p.Role), Note: p.Note, From: ts(p.From), Until: ts(p.Until)})
	}
	escs, err := q.Escalations(ctx, mid, c.ID)
	if err != nil {
		return nil, err
	}
	for _, e := range escs {
		w, err := r.whoLoaded(ctx, e.RaisedBy)
		if err != nil {
			return nil, err
		}
		ic.Escalations = append(ic.Escalations, InzageEscalation{Organisation: r.orgs[e.OrganisationID], ToWhom: e.ToWhom, About: e.About,
			RaisedAt: ts(e.RaisedAt), RaisedBy: w, Answer: e.Answer, Outcome: e.Outcome, Status: string(e.Status)})
	}
	enfs, err := q.Enforcements(ctx, mid, c.ID)
	if err != nil {
		return nil, err
	}
	for _, e := range enfs {
		w, err := r.whoLoaded(ctx, e.DecidedBy)
		if err != nil {
			return nil, err
		}
		orgs := []string{}
		for _, o := range e.OrganisationIDs {
			orgs = append(orgs, r.orgs[o])
		}
		ic.Enforcements = append(ic.Enforcements, InzageEnforcement{Kind: string(e.Kind), Decision: e.Decision, Reason: e.Reason,
			Organisations: orgs, DecidedAt: ts(e.DecidedAt), DecidedBy: w})
	}
	gs, err := q.CaseSharingGrounds(ctx, mid, c.ID)
	if err != nil {
		return nil, err
	}
	for _, g := range gs {
		w, err := r.whoLoaded(ctx, g.RecordedBy)
		if err != nil {
			return nil, err
		}
		purposes := []string{}
		for _, p := range g.Purposes {
			purposes = append(purposes, string(p))
		}
		ic.SharingGrounds = append(ic.SharingGrounds, InzageSharing{Organisation: r.orgs[g.OrganisationID], Ground: string(g.Ground), Purposes: purposes,
			Justification: g.Justification, RecordedBy: w, RecordedAt: ts(g.RecordedAt), EndedAt: ts(g.EndedAt), EndReason: g.EndReason})
	}
	ems, err := q.CaseEmergencyAccesses(ctx, mid, c.ID)
	if err != nil {
		return nil, err
	}
	for _, e := range ems {
		w, err := r.whoLoaded(ctx, e.UserID)
		if err != nil {
			return nil, err
		}
		ic.Emergency = append(ic.Emergency, InzageEmergency{Who: w, Reason: e.Reason, From: ts(e.Start), Until: ts(e.End), Verdict: string(e.Verdict)})
	}
	if err := r.assessments(ctx, ic, ids); err != nil {
		return nil, err
	}
	if err := r.plans(ctx, ic); err != nil {
		return nil, err
	}
	notes, err := q.AllCaseNotes(ctx, mid, c.ID)
	if err != nil {
		return nil, err
	}
	for _, n := range notes {
		w, err := r.whoLoaded(ctx, n.AuthorID)
		if err != nil {
			return nil, err
		}
		ic.Notes = append(ic.Notes, InzageNote{Date: day(n.Date), Kind: string(n.Kind), Mode: string(n.Mode), Text: n.Text,
			Visibility: string(n.Visibility), Author: w, WrittenAt: ts(n.CreatedAt)})
	}
	if err := r.tasks(ctx, ic); err != nil {
		return nil, err
	}
	if err := r.meldcode(ctx, ic); err != nil {
		return nil, err
	}
	cl, err := q.Closure(ctx, mid, c.ID)
	switch {
	case wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND:
	case err != nil:
		return nil, err
	default:
		w, err := r.whoLoaded(ctx, cl.ClosedBy)
		if err != nil {
			return nil, err
		}
		ic.Closure = &InzageClosure{Reason: cl.Reason, CanContinue: string(cl.CanContinue), ProblemsReduced: string(cl.ProblemsReduced),
			GoalsAchieved: string(cl.GoalsAchieved), Rating: cl.Rating, Remark: cl.Remark, Summary: cl.Summary, ClosedAt: ts(cl.ClosedAt), ClosedBy: w}
	}
	return ic, nil
}

// assessments adds the case's ZRM assessments that scored the person,
// with only their scores: the other members' are theirs.
func (r *inzageReader) assessments(ctx context.Context, ic *InzageCase, ids []string) error {
	as, err := r.q.CaseAssessments(ctx, r.mid, ic.ID)
	if err != nil {
		return err
	}
	for _, a := range as {
		scores := []InzageScore{}
		for _, sc := range a.Scores {
			if slices.Contains(ids, sc.PersonID) {
				scores = append(scores, InzageScore{Domain: domainName(sc.Domain), Level: sc.Level, Rationale: sc.Rationale, Target: sc.Target})
			}
		}
		if len(scores) == 0 {
			continue
		}
		w, err := r.whoLoaded(ctx, a.AssessorID)
		if err != nil {
			return err
		}
		ic.Assessments = append(ic.Assessments, InzageAssessment{Moment: string(a.Moment), Date: day(a.Date), Instrument: a.Instrument, Assessor: w, Scores: scores})
	}
	return nil
}

// plans adds every plan of the case with every version saved.
func (r *inzageReader) plans(ctx context.Context, ic *InzageCase) error {
	pids, err := r.q.CasePlanIDs(ctx, r.mid, ic.ID)
	if err != nil {
		return err
	}
	for _, pid := range pids {
		infos, err := r.q.PlanVersions(ctx, r.mid, pid)
		if err != nil {
			return err
		}
		ip := InzagePlan{ID: pid, Versions: []InzagePlanVersion{}}
		for _, info := range infos {
			p, err := r.q.PlanVersion(ctx, r.mid, pid, info.Version)
			if err != nil {
				return err
			}
			ip.Status = string(p.Status)
			w, err := r.whoLoaded(ctx, p.SavedBy)
			if err != nil {
				return err
			}
			v := InzagePlanVersion{Version: p.Version, SavedAt: ts(p.SavedAt), SavedBy: w, GoingWell: p.GoingWell, OwnStrength: p.OwnStrength,
				SupportNeeded: p.SupportNeeded, MeetingDate: day(p.MeetingDate), Participants: p.Participants, AgreedOn: day(p.AgreedOn),
				AgreedHow: string(p.AgreedHow), EvaluationDate: day(p.EvaluationDate), Note: p.Note, Worries: []string{}, Goals: []InzageGoal{}}
			for _, wo := range p.Worries {
				v.Worries = append(v.Worries, wo.Text)
			}
			for _, g := range p.Goals {
				ig := InzageGoal{Domain: domainName(g.Domain), Description: g.Description, SuccessCriterion: g.SuccessCriterion,
					TargetDate: day(g.TargetDate), Owner: string(g.Owner), Organisation: r.orgs[g.OrganisationID], Status: string(g.Status), Actions: []InzageAction{}}
				for _, a := range g.Actions {
					ig.Actions = append(ig.Actions, InzageAction{What: a.What, Who: a.Who, Start: day(a.Start), Due: day(a.Due), Status: string(a.Status)})
				}
				v.Goals = append(v.Goals, ig)
			}
			ip.Versions = append(ip.Versions, v)
		}
		ic.Plans = append(ic.Plans, ip)
	}
	return nil
}

func (r *inzageReader) tasks(ctx context.Context, ic *InzageCase) error {
	list, err := r.q.CaseTasks(ctx, r.mid, ic.ID)
	if err != nil {
		return err
	}
	for _, t := range list {
		it := InzageTask{Kind: string(t.Kind), Due: ts(t.Due), Legal: t.Legal, DoneAt: ts(t.DoneAt), Events: []InzageTaskEvent{}}
		if t.UserID != "" {
			w, err := r.whoLoaded(ctx, t.UserID)
			if err != nil {
				return err
			}
			it.For = &w
		}
		evs, err := r.q.TaskEvents(ctx, r.mid, t.ID)
		if err != nil {
			return err
		}
		for _, e := range evs {
			w, err := r.whoLoaded(ctx, e.By)
			if err != nil {
				return err
			}
			it.Events = append(it.Events, InzageTaskEvent{Kind: string(e.Kind), From: ts(e.FromDue), To: ts(e.ToDue), Reason: e.Reason, At: ts(e.At), By: w})
		}
		ic.Tasks = append(ic.Tasks, it)
	}
	return nil
}

func (r *inzageReader) meldcode(ctx context.Context, ic *InzageCase) error {
	m, err := r.q.Meldcode(ctx, r.mid, ic.ID)
	if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	var users []string
	users = append(users, m.StartedBy)
	for _, s := range m.Steps {
		users = append(users, s.By)
	}
	for _, a := range m.Answers {
		users = append(users, a.By)
	}
	for _, c := range m.Consultations {
		users = append(users, c.By)
	}
	if err := r.load(ctx, users...); err != nil {
		return err
	}
	im := &InzageMeldcode{Review: InzageMeldcodeReview, Step: m.Step, StartedAt: ts(m.StartedAt), StartedBy: r.who(m.StartedBy),
		Steps: []InzageMeldcodeStep{}, Answers: []InzageMeldcodeStep{}, Consultations: []InzageConsultation{},
		SafetyPlan: m.SafetyPlan, ReviewDate: day(m.ReviewDate), Outcome: string(m.Outcome), ClosedAt: ts(m.ClosedAt)}
	for _, s := range m.Steps {
		im.Steps = append(im.Steps, InzageMeldcodeStep{Number: s.Step, Date: day(s.Date), By: r.who(s.By), Rationale: s.Rationale})
	}
	for _, a := range m.Answers {
		yes := a.Yes
		im.Answers = append(im.Answers, InzageMeldcodeStep{Number: a.Question, Yes: &yes, Date: day(a.Date), By: r.who(a.By), Rationale: a.Rationale})
	}
	for _, c := range m.Consultations {
		im.Consultations = append(im.Consultations, InzageConsultation{Kind: string(c.Kind), With: c.With, Date: day(c.Date), Anonymous: c.Anonymous,
			Summary: c.Summary, By: r.who(c.By)})
	}
	if m.Report != nil {
		im.ReportedOn, im.ReportRef = day(m.Report.Date), m.Report.Reference
	}
	ic.Meldcode = im
	return nil
}

// consents returns the consents about the person and those they gave
// for someone else.
func (r *inzageReader) consents(ctx context.Context, ids []string) (about, given []InzageConsent, err error) {
	about, given = []InzageConsent{}, []InzageConsent{}
	names := map[string]string{}
	name := func(id string) (string, error) {
		if n, ok := names[id]; ok {
			return n, nil
		}
		p, err := r.q.Person(ctx, r.mid, id)
		if err != nil {
			return "", err
		}
		names[id] = p.FullName()
		return names[id], nil
	}
	conv := func(cs []wijkregie.Consent) ([]InzageConsent, error) {
		out := []InzageConsent{}
		for _, c := range cs {
			if err := r.load(ctx, c.RecordedBy, c.WithdrawnBy); err != nil {
				return nil, err
			}
			subject, err := name(c.PersonID)
			if err != nil {
				return nil, err
			}
			recipient := r.orgs[c.OrganisationID]
			if c.OrganisationID == "" {
				recipient = "alle organisaties van de soort " + string(c.OrganisationKind)
			}
			ic := InzageConsent{ID: c.ID, Subject: subject, Recipient: recipient, Purpose: string(c.Purpose), Domains: domainNames(c.Domains),
				GivenOn: day(c.GivenOn), Method: string(c.Method), Until: day(c.Until), RecordedBy: r.who(c.RecordedBy), RecordedAt: ts(c.RecordedAt),
				WithdrawnAt: ts(c.WithdrawnAt), Reason: c.WithdrawnReason, GivenBy: []string{}}
			if c.WithdrawnBy != "" {
				w := r.who(c.WithdrawnBy)
				ic.WithdrawnBy = &w
			}
			for _, g := range c.GivenBy {
				n, err := name(g.PersonID)
				if err != nil {
					return nil, err
				}
				ic.GivenBy = append(ic.GivenBy, n+" ("+string(g.Capacity)+")")
			}
			out = append(out, ic)
		}
		return out, nil
	}
	for _, id := range ids {
		cs, err := r.q.PersonConsents(ctx, r.mid, id, wijkregie.ConsentScope{All: true})
		if err != nil {
			return nil, nil, err
		}
		a, err := conv(cs)
		if err != nil {
			return nil, nil, err
		}
		about = append(about, a...)
		gs, err := r.q.ConsentsGivenBy(ctx, r.mid, id)
		if err != nil {
			return nil, nil, err
		}
		g, err := conv(gs)
		if err != nil {
			return nil, nil, err
		}
		given = append(given, g...)
	}
	return about, given, nil
}

func inzagePerson(p *wijkregie.Person, withBSN bool) InzagePerson {
	out := InzagePerson{ID: p.ID, GivenName: p.GivenName, Prefix: p.Prefix, FamilyName: p.FamilyName, Name: p.FullName(),
		BirthDate: day(p.BirthDate), Phone: p.Phone, Email: p.Email, RegisteredAt: ts(p.CreatedAt), MergedAt: ts(p.MergedAt)}
	if withBSN {
		out.BSN = p.BSN.Digits()
	}
	return out
}

// domainName returns a ZRM domain's name, or its code when unknown.
func domainName(code string) string {
	if d, ok := wijkregie.DomainByCode(code); ok {
		return d.Name
	}
	return code
}

func domainNames(codes []string) []string {
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		out = append(out, domainName(c))
	}
	return out
}

// ts formats a moment for the export, in UTC; "" for none.
func ts(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// day formats a calendar day; "" for none.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}
