package wijkregie

import (
	"slices"
	"strings"
)

// AuditKind is the kind of event an audit record is, in the terms of NEN
// 7513 (section 6.2, "gebeurtenissen"): create, read, change, delete,
// export or print, merge or split, transfer to or from another system,
// search, and emergency access. Two kinds are not about a client's data:
// login (aanmelden, including the second factor) and the administration
// of what is no one's personal data (beheer: settings, the sociale kaart,
// the directory, retention periods, keys).
type AuditKind string

// The kinds, in the order the audit log's filter offers them.
const (
	KindCreate    AuditKind = "aanmaken"
	KindRead      AuditKind = "inzien"
	KindChange    AuditKind = "wijzigen"
	KindDelete    AuditKind = "verwijderen"
	KindExport    AuditKind = "exporteren" // also printing: a PDF is an export
	KindMerge     AuditKind = "samenvoegen"
	KindTransfer  AuditKind = "overdragen"
	KindSearch    AuditKind = "zoeken"
	KindEmergency AuditKind = "nood-toegang"
	KindLogin     AuditKind = "aanmelden"
	KindAdmin     AuditKind = "beheer"
)

// AuditKinds lists every kind, in the filter's order.
var AuditKinds = []AuditKind{KindCreate, KindRead, KindChange, KindDelete, KindExport, KindMerge,
	KindTransfer, KindSearch, KindEmergency, KindLogin, KindAdmin}

// ValidAuditKind reports whether k is one of AuditKinds.
func ValidAuditKind(k string) bool { return slices.Contains(AuditKinds, AuditKind(k)) }

// auditKinds is the one table from action to kind. Every action the
// audit log can hold has a row: the policy's actions and the names the
// use cases write themselves (a test walks both and fails on an action
// without a kind). The kind is derived, not stored, so it is one rule
// for old records and new; see AuditRecord.Kind for the one exception.
var auditKinds = map[string]AuditKind{
	// Login and the second factor (internal/app/session.go, secondfactor.go).
	"aanmelden":                 KindLogin,
	"tweede-factor.instellen":   KindLogin,
	"tweede-factor.verwijderen": KindLogin,
	"tweede-factor.controleren": KindLogin,

	// Pages and lists that show no one's file, or only the actor's own.
	"start.bekijken":         KindRead,
	"account.bekijken":       KindRead,
	"tokens.beheren":         KindAdmin,
	"token.aanmaken":         KindAdmin,
	"token.intrekken":        KindAdmin,
	"meldingen.bekijken":     KindRead,
	"meldingen.wijzigen":     KindChange,
	"organisaties.bekijken":  KindRead,
	"organisaties.beheren":   KindAdmin,
	"organisatie.aanmaken":   KindAdmin,
	"organisatie.wijzigen":   KindAdmin,
	"team.aanmaken":          KindAdmin,
	"team.wijzigen":          KindAdmin,
	"sociale-kaart.bekijken": KindRead,
	"sociale-kaart.beheren":  KindAdmin,
	"sociale-kaart.aanmaken": KindAdmin,
	"sociale-kaart.wijzigen": KindAdmin,
	"instellingen.bekijken":  KindRead,
	"instellingen.beheren":   KindAdmin,
	"gemeente.aanmaken":      KindAdmin,
	"demo.laden":             KindAdmin,
	"bsn-sleutel.roteren":    KindAdmin,

	// Staff accounts: a professional's own data, created and changed.
	"medewerkers.bekijken":  KindRead,
	"medewerkers.beheren":   KindChange,
	"medewerker.aanmaken":   KindCreate,
	"medewerker.wijzigen":   KindChange,
	"medewerker.wachtwoord": KindChange,

	// The audit log itself.
	"auditlog.bekijken":    KindRead,
	"auditlog.controleren": KindAdmin,
	"persoon.inzage-log":   KindRead,

	// Finding residents and their families: every list of personal data.
	"personen.zoeken":       KindSearch,
	"huishoudens.zoeken":    KindSearch,
	"casussen.zoeken":       KindSearch,
	"signalen.zoeken":       KindSearch,
	"triage.bekijken":       KindSearch,
	"inzage.zoeken":         KindSearch,
	"nood-toegangen.zoeken": KindSearch,

	// Reading one record.
	"persoon.lezen":            KindRead,
	"huishouden.lezen":         KindRead,
	"casus.lezen":              KindRead,
	"signaal.lezen":            KindRead,
	"journaal.lezen":           KindRead,
	"taken.bekijken":           KindRead, // one task; the task list is a search (AuditRecord.Kind)
	"toestemming.bekijken":     KindRead,
	"overzicht.bekijken":       KindRead, // counts per colleague, no family
	"nood-toegang.lezen":       KindRead,
	"bewaartermijnen.bekijken": KindRead,

	// Registering.
	"personen.registreren":    KindCreate,
	"persoon.aanmaken":        KindCreate,
	"huishouden.aanmaken":     KindCreate,
	"lid.toevoegen":           KindCreate,
	"betrokkenheid.starten":   KindCreate,
	"signaal.registreren":     KindCreate,
	"casus.openen":            KindCreate,
	"journaal.schrijven":      KindCreate,
	"zrm.registreren":         KindCreate,
	"toestemming.vastleggen":  KindCreate,
	"nood-toegang.beoordelen": KindCreate, // the privacy officer's review is a record of its own

	// Changing.
	"huishouden.wijzigen":   KindChange,
	"lid.wijzigen":          KindChange,
	"lid.beeindigen":        KindChange,
	"signaal.matchen":       KindChange,
	"signaal.trieren":       KindChange,
	"casus.wijzigen":        KindChange,
	"casus.afsluiten":       KindChange,
	"regisseur.toewijzen":   KindChange,
	"regie.mandaat":         KindChange,
	"plan.wijzigen":         KindChange,
	"plan.doel-bijwerken":   KindChange,
	"meldcode.wijzigen":     KindChange,
	"taak.wijzigen":         KindChange,
	"grondslag.vastleggen":  KindChange,
	"toestemming.intrekken": KindChange,

	// Merging two records of one resident.
	"personen.samenvoegen": KindMerge,

	// Export: the person's inzage (art. 15 AVG), as JSON or a printable PDF.
	"inzage.exporteren": KindExport,

	// Emergency access (nood-toegang) to a case outside one's own.
	"nood-toegang.aanvragen": KindEmergency,

	// Retention: anonymising and removing are deletion of personal data;
	// setting the periods is administration.
	"bewaartermijnen.beheren":    KindAdmin,
	"bewaartermijnen.uitvoeren":  KindDelete,
	"bewaartermijn.anonimiseren": KindDelete,
	"bewaartermijn.verwijderen":  KindDelete,
}

// KindOf returns the kind of an action, and "" for an action the table
// lacks (a test keeps that from happening to a real one).
func KindOf(action string) AuditKind { return auditKinds[action] }

// ActionsOfKind returns the actions of kind k, sorted: the store filters
// the log by kind through them.
func ActionsOfKind(k AuditKind) []string {
	var out []string
	for a, ak := range auditKinds {
		if ak == k {
			out = append(out, a)
		}
	}
	slices.Sort(out)
	return out
}

// Kind is the record's kind: that of its action, except that a read
// describing a search (Search set) is a search — the task list and the
// task share an action name. Any other kind keeps its own with a Search:
// an import or a report's export describes its counts or period there,
// and stays an import or an export.
func (r AuditRecord) Kind() AuditKind {
	k := KindOf(r.Action)
	if r.Search != "" && k == KindRead {
		return KindSearch
	}
	return k
}

// SearchAll is the Search of a list shown without any criterion.
const SearchAll = "alle"

// SearchOf describes a search for the audit log by the criteria used: the
// names of the fields searched on ("bsn", "achternaam", "geboortedatum",
// "adres") and, for filters that identify no one, their value
// ("status=open", "team=<id>"). The caller never passes the value of a
// BSN, name, birth date or address: a log that held them would be a copy
// of the register beside it. The criteria are sorted so that one search
// reads alike however it was put; none at all is SearchAll.
func SearchOf(criteria ...string) string {
	var cs []string
	for _, c := range criteria {
		if c = strings.TrimSpace(c); c != "" {
			cs = append(cs, c)
		}
	}
	if len(cs) == 0 {
		return SearchAll
	}
	slices.Sort(cs)
	return strings.Join(slices.Compact(cs), " ")
}
