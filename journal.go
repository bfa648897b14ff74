package wijkregie

import (
	"slices"
	"strings"
	"time"
)

// Visibility is who may read a journal note besides its author. The
// default in forms is the team: most notes are for the colleagues who
// share the work, a few are the author's own working notes, and what all
// betrokkenen may read is a deliberate choice.
type Visibility string

// The visibility levels, from narrow to wide.
const (
	VisibleToMe       Visibility = "alleen-ik"
	VisibleToTeam     Visibility = "team"        // the case's team: professionals and lead
	VisibleToInvolved Visibility = "betrokkenen" // everyone who may see the case
)

// Visibilities lists the levels from narrow to wide.
var Visibilities = []Visibility{VisibleToMe, VisibleToTeam, VisibleToInvolved}

// Valid reports whether v is a known level.
func (v Visibility) Valid() bool { return slices.Contains(Visibilities, v) }

// NoteKind says what a journal note records. A contact with the family
// resets the no-contact clock of the stagnation check; progress does not.
type NoteKind string

// The kinds of journal note.
const (
	NoteContact  NoteKind = "contact"
	NoteProgress NoteKind = "voortgang"
)

// NoteKinds lists the kinds forms offer.
var NoteKinds = []NoteKind{NoteContact, NoteProgress}

// ContactMode is how a contact took place.
type ContactMode string

// The modes of contact.
const (
	ContactHomeVisit ContactMode = "huisbezoek"
	ContactMeeting   ContactMode = "gesprek"
	ContactPhone     ContactMode = "telefoon"
	ContactDigital   ContactMode = "digitaal"
)

// ContactModes lists the modes forms offer.
var ContactModes = []ContactMode{ContactHomeVisit, ContactMeeting, ContactPhone, ContactDigital}

// Note is a journal line of a case: a contact with the family or a step
// of progress. Notes are never changed or removed; a correction is a new
// note.
type Note struct {
	MunicipalityID string
	ID             string
	CaseID         string
	Kind           NoteKind
	Mode           ContactMode // for contacts
	Date           time.Time   // the day it happened, midnight UTC
	Text           string      // personal data: never logged
	Visibility     Visibility
	AuthorID       string
	CreatedAt      time.Time
}

// NoteAuthors says whose notes a reader reads beside their own, within
// the visibilities the reader may read (internal/policy: NoteAuthorsOf);
// the store turns it into SQL. The zero value is nobody's.
type NoteAuthors struct {
	Any          bool   // every author's
	Staff        bool   // the team's professionals' and leads'
	Organisation string // the colleagues' of this organisation
}

// Validate checks a note made on today.
func (n *Note) Validate(today time.Time) error {
	var v Invalid
	if !slices.Contains(NoteKinds, n.Kind) {
		v.Field("soort", "veld.keuze")
	}
	if n.Kind == NoteContact && !slices.Contains(ContactModes, n.Mode) {
		v.Field("contactvorm", "veld.keuze")
	}
	if n.Kind != NoteContact && n.Mode != "" {
		v.Field("contactvorm", "veld.journaal.contactvorm")
	}
	if n.Date.IsZero() {
		v.Field("datum", "veld.datum")
	} else if n.Date.After(today) {
		v.Field("datum", "veld.datum_toekomst")
	}
	if strings.TrimSpace(n.Text) == "" {
		v.Field("tekst", "veld.verplicht")
	} else if len(n.Text) > 20000 {
		v.Field("tekst", "veld.journaal.te_lang")
	}
	if !n.Visibility.Valid() {
		v.Field("zichtbaarheid", "veld.keuze")
	}
	return v.Err()
}
