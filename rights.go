package wijkregie

import (
	"slices"
	"strings"
	"time"
)

// The person's other rights under the AVG: rectification (art. 16),
// restriction (art. 18), erasure (art. 17) and objection (art. 21). The
// privacy officer records each request as it comes in and decides it
// within one month (art. 12(3)), which may be extended once by two months
// when the request is complex, with the reason told to the person. A
// refusal always says why (art. 12(4)), and for erasure the reason is a
// legal one: a statutory retention term, an open case, the Meldcode.
// docs/privacy.md ("Rechten van betrokkenen") says what each right does
// here.

// RightKind is the right a request invokes.
type RightKind string

const (
	RightRectification RightKind = "rectificatie" // art. 16: correct what is wrong
	RightRestriction   RightKind = "beperking"    // art. 18: stop using it for now
	RightErasure       RightKind = "wissing"      // art. 17: remove it
	RightObjection     RightKind = "bezwaar"      // art. 21: object to the processing
)

// RightKinds lists the rights in the order forms show them.
var RightKinds = []RightKind{RightRectification, RightRestriction, RightErasure, RightObjection}

// Valid reports whether k is a known right.
func (k RightKind) Valid() bool { return slices.Contains(RightKinds, k) }

// RightsStatus is where a request stands.
type RightsStatus string

const (
	RightsReceived RightsStatus = "ontvangen"    // recorded, not yet decided
	RightsGranted  RightsStatus = "toegewezen"   // done as asked
	RightsPartly   RightsStatus = "gedeeltelijk" // done in part; the reason says what not and why
	RightsRefused  RightsStatus = "afgewezen"    // not done; the reason says why
)

// RightsDecisions are the statuses a decision may set, in the order the
// form shows them.
var RightsDecisions = []RightsStatus{RightsGranted, RightsPartly, RightsRefused}

// Decided reports whether s is a decision.
func (s RightsStatus) Decided() bool { return slices.Contains(RightsDecisions, s) }

// ObjectionPeriod is how long a triage decision on a signal may still be
// contested (Awb art. 6:7: six weeks): until it has passed, the record of
// the decision is needed and erasure waits.
const ObjectionPeriod = 6 * 7 * 24 * time.Hour

// RightsRequest is a request of a data subject to exercise a right, with
// its decision.
type RightsRequest struct {
	MunicipalityID string
	ID             string
	PersonID       string // the data subject, found by BSN and birth date
	Kind           RightKind
	ReceivedOn     time.Time // the day it reached the municipality (a date)
	Request        string    // what the person asks, in their words
	// EarlyDestruction: an erasure request for a youth-care file before
	// its twenty years have run (Jeugdwet art. 7.3.9), from a young person
	// of 12 or older or the parents. It is granted unless a weighty
	// interest of another, or a legal provision, opposes; the privacy
	// officer records that weighing with the decision.
	EarlyDestruction bool

	Deadline        time.Time // one month after receipt (art. 12(3)); a date
	ExtendedTo      time.Time // zero unless extended by two months
	ExtensionReason string

	Status    RightsStatus
	Reason    string // the decision's reason, told to the person
	Weighing  string // the weighing of interests, for early destruction
	DecidedBy string
	DecidedAt time.Time

	RecordedBy string
	RecordedAt time.Time
	Version    int
}

// AddMonths returns the date n months after d, on the same day of the
// month or, when that month is shorter, on its last day: one month after
// 31 January is 28 (or 29) February, as a term in months is counted in
// Dutch law (Algemene termijnenwet) and by the EDPB for art. 12(3).
func AddMonths(d time.Time, n int) time.Time {
	y, m, day := d.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(day, last), 0, 0, 0, 0, time.UTC)
}

// RightsDeadline returns the day by which a request received on received
// must be answered: one month later (art. 12(3)).
func RightsDeadline(received time.Time) time.Time { return AddMonths(received, 1) }

// Due returns the day the request must be answered by: the deadline, or
// the extended one.
func (r *RightsRequest) Due() time.Time {
	if !r.ExtendedTo.IsZero() {
		return r.ExtendedTo
	}
	return r.Deadline
}

// Open reports whether the request still waits for a decision.
func (r *RightsRequest) Open() bool { return !r.Status.Decided() }

// Overdue reports whether the request is undecided after its due day.
func (r *RightsRequest) Overdue(now time.Time) bool {
	return r.Open() && now.After(EndOfDay(r.Due()))
}

// Validate checks a request to be recorded; it names every field in
// error, by the names the API and the form use.
func (r *RightsRequest) Validate(now time.Time) error {
	var v Invalid
	if r.PersonID == "" {
		v.Field("persoon", "veld.verplicht")
	}
	if !r.Kind.Valid() {
		v.Field("soort", "veld.keuze")
	}
	switch {
	case r.ReceivedOn.IsZero():
		v.Field("ontvangenOp", "veld.datum")
	case r.ReceivedOn.After(Today(now)):
		v.Field("ontvangenOp", "veld.rechten.ontvangen_toekomst")
	}
	if strings.TrimSpace(r.Request) == "" {
		v.Field("verzoek", "veld.verplicht")
	}
	if r.EarlyDestruction && r.Kind != RightErasure {
		v.Field("vroegtijdigeVernietiging", "veld.rechten.vernietiging_alleen_wissing")
	}
	return v.Err()
}

// CanExtend reports whether the term may still be extended: the request
// is open, was not extended before, and its first month has not passed.
func (r *RightsRequest) CanExtend(now time.Time) bool {
	return r.Open() && r.ExtendedTo.IsZero() && !now.After(EndOfDay(r.Deadline))
}

// Extend extends the deadline once by two months (art. 12(3)); the reason
// is told to the person within the first month.
func (r *RightsRequest) Extend(reason string, now time.Time) error {
	switch {
	case !r.Open():
		return Conflict("fout.rechten.al_besloten")
	case !r.ExtendedTo.IsZero():
		return Conflict("fout.rechten.al_verlengd")
	case now.After(EndOfDay(r.Deadline)):
		return InvalidField("verlengingReden", "veld.rechten.verlenging_te_laat")
	case strings.TrimSpace(reason) == "":
		return InvalidField("verlengingReden", "veld.verplicht")
	}
	r.ExtendedTo, r.ExtensionReason = AddMonths(r.Deadline, 2), strings.TrimSpace(reason)
	return nil
}

// Decide records the decision. A decision is taken once; every decision
// gives its reason, a refusal or a partial one because art. 12(4) says so,
// a grant so the person reads what was done. Early destruction needs the
// weighing of interests.
func (r *RightsRequest) Decide(status RightsStatus, reason, weighing, userID string, now time.Time) error {
	if !r.Open() {
		return Conflict("fout.rechten.al_besloten")
	}
	var v Invalid
	if !status.Decided() {
		v.Field("besluit", "veld.keuze")
	}
	if strings.TrimSpace(reason) == "" {
		v.Field("reden", "veld.verplicht")
	}
	if r.EarlyDestruction && strings.TrimSpace(weighing) == "" {
		v.Field("afweging", "veld.rechten.afweging")
	}
	// Erasure is all or nothing here: what the law keeps stays whole,
	// and a refusal says which term keeps it.
	if r.Kind == RightErasure && status == RightsPartly {
		v.Field("besluit", "veld.rechten.wissing_gedeeltelijk")
	}
	if err := v.Err(); err != nil {
		return err
	}
	r.Status, r.Reason, r.Weighing = status, strings.TrimSpace(reason), strings.TrimSpace(weighing)
	r.DecidedBy, r.DecidedAt = userID, now.UTC()
	return nil
}

// Restriction is a restriction of processing on a person (art. 18):
// while it holds, their data is kept and shown with a notice, and not
// changed. Only the privacy officer lifts it.
type Restriction struct {
	PersonID string
	At       time.Time
	By       string
	Reason   string
}

// ErasureFacts are what the law weighs for an erasure request: what the
// platform holds about the person that it must keep.
type ErasureFacts struct {
	OpenCases int // cases of the person's households that are open
	// RetainedCases are closed cases whose retention term still runs.
	RetainedCases []RetainedCase
	// Meldcode: a case of the person has a Meldcode route; the record
	// of the weighing and a report to Veilig Thuis protect someone's
	// safety and is kept for its term.
	Meldcode bool
	// PendingSignals are signals about the person not yet triaged or
	// triaged less than ObjectionPeriod ago.
	PendingSignals int
	// ConsentForOthers: the person gave a consent, as a parent, for
	// someone whose record stays; it is that consent's proof (art. 7(1)).
	ConsentForOthers int
}

// RetainedCase is a closed case with the day its retention term ends.
type RetainedCase struct {
	CaseID string
	Youth  bool      // a Jeugdwet file
	Until  time.Time // the last moment of its term
}

// ErasureVerdict is what the law allows: erase, or refuse for the
// reasons given (catalogue keys, with Until the latest end of a term).
type ErasureVerdict struct {
	Allowed bool
	Reasons []string
	Until   time.Time
	// Cases are the youth files an early destruction removes.
	Cases []string
}

// Erasure reasons: why the law refuses.
const (
	ErasureOpenCase      = "rechten.wissing.reden.open_casus"
	ErasureRetention     = "rechten.wissing.reden.bewaartermijn"
	ErasureYouthFile     = "rechten.wissing.reden.jeugdwet"
	ErasureMeldcode      = "rechten.wissing.reden.meldcode"
	ErasurePendingSignal = "rechten.wissing.reden.signaal"
	ErasureConsentProof  = "rechten.wissing.reden.toestemming"
	ErasureWeightyOther  = "rechten.wissing.reden.zwaarwegend_belang"
)

// DecideErasure weighs an erasure request (art. 17(3)(b): a legal
// obligation to keep, and the public task, override the right). Open
// cases, the Meldcode and pending signals always refuse. A closed case in
// its term refuses, except that a request for early destruction of youth
// files (Jeugdwet art. 7.3.9) is granted when all the retained files are
// youth files and no weighty interest of another opposes (opposed: the
// privacy officer's weighing found one).
func DecideErasure(f ErasureFacts, earlyDestruction, opposed bool) ErasureVerdict {
	var v ErasureVerdict
	if f.OpenCases > 0 {
		v.Reasons = append(v.Reasons, ErasureOpenCase)
	}
	if f.Meldcode {
		v.Reasons = append(v.Reasons, ErasureMeldcode)
	}
	if f.PendingSignals > 0 {
		v.Reasons = append(v.Reasons, ErasurePendingSignal)
	}
	if f.ConsentForOthers > 0 {
		v.Reasons = append(v.Reasons, ErasureConsentProof)
	}
	youthOnly := true
	for _, c := range f.RetainedCases {
		youthOnly = youthOnly && c.Youth
		if c.Until.After(v.Until) {
			v.Until = c.Until
		}
	}
	if len(f.RetainedCases) > 0 {
		switch {
		case !earlyDestruction || !youthOnly:
			if youthOnly {
				v.Reasons = append(v.Reasons, ErasureYouthFile)
			} else {
				v.Reasons = append(v.Reasons, ErasureRetention)
			}
		case opposed:
			v.Reasons = append(v.Reasons, ErasureWeightyOther)
		default:
			for _, c := range f.RetainedCases {
				v.Cases = append(v.Cases, c.CaseID)
			}
		}
	}
	v.Allowed = len(v.Reasons) == 0
	if !v.Allowed {
		v.Cases = nil
	}
	return v
}

// NoticeMethod is how an information notice (art. 13/14) was sent.
type NoticeMethod string

const (
	NoticeByPost     NoticeMethod = "post"
	NoticeByEmail    NoticeMethod = "email"
	NoticeInPerson   NoticeMethod = "persoonlijk"
	NoticeViaMijnGem NoticeMethod = "berichtenbox"
)

// NoticeMethods lists the ways in the order forms show them.
var NoticeMethods = []NoticeMethod{NoticeByPost, NoticeByEmail, NoticeInPerson, NoticeViaMijnGem}

// Valid reports whether m is a known way.
func (m NoticeMethod) Valid() bool { return slices.Contains(NoticeMethods, m) }

// NoticeSent records that the information notice was sent to a person.
type NoticeSent struct {
	MunicipalityID string
	ID             string
	PersonID       string
	SentOn         time.Time // a date
	Method         NoticeMethod
	RecordedBy     string
	RecordedAt     time.Time
}

// Validate checks the record.
func (n *NoticeSent) Validate(now time.Time) error {
	var v Invalid
	switch {
	case n.SentOn.IsZero():
		v.Field("verzondenOp", "veld.datum")
	case n.SentOn.After(Today(now)):
		v.Field("verzondenOp", "veld.rechten.verzonden_toekomst")
	}
	if !n.Method.Valid() {
		v.Field("wijze", "veld.keuze")
	}
	return v.Err()
}

// NeedsNotice reports whether a signal's registration calls for an
// information notice to the person (art. 14): it did not come from the
// person themself.
func NeedsNotice(s *Signal) bool { return s.SourceKind != SourceSelf }

// The audit log's kinds (NEN 7513) of the actions of this part, added to
// the table in auditkind.go at initialisation: one file per part of the
// work, as internal/policy/rights.go adds its actions.
func init() {
	for a, k := range map[string]AuditKind{
		"rechtenverzoeken.bekijken":        KindRead,
		"rechtenverzoek.lezen":             KindRead,
		"rechtenverzoek.zoeken":            KindSearch,
		"rechtenverzoek.vastleggen":        KindCreate,
		"rechtenverzoek.besluiten":         KindChange,
		"rechtenverzoek.verlengen":         KindChange,
		"verwerking.beperken":              KindChange,
		"verwerking.beperking-opheffen":    KindChange,
		"persoon.corrigeren":               KindChange,
		"persoon.wissen":                   KindDelete,
		"wissing.anonimiseren":             KindDelete,
		"wissing.verwijderen":              KindDelete,
		"informatieverstrekking.maken":     KindExport,
		"informatieverstrekking.verzenden": KindCreate,
	} {
		auditKinds[a] = k
	}
}
