package store

import (
	"maps"
	"slices"
)

// RetentionTreatment is what retention does to a table's rows once the
// record they belong to has expired (docs/privacy.md, "Every table of
// personal data"). The values are the words that section uses.
type RetentionTreatment string

// What retention does to a table of personal data.
const (
	// The row stays for the statistics; its texts are emptied and its
	// links to the family point to an anonymous stand-in, or nowhere.
	RetentionAnonymised RetentionTreatment = "anonymised"
	// The row stays, with its free texts emptied.
	RetentionEmptied RetentionTreatment = "emptied"
	// The rows are deleted, with the household or person they belong
	// to, or because they said who else knew of the family.
	RetentionRemoved RetentionTreatment = "removed"
	// The row stays as it is: it holds no text and, once its case is
	// anonymised, nothing that leads to the family.
	RetentionStatistics RetentionTreatment = "kept as statistics"
	// The audit log outlives what it describes (NEN 7513).
	RetentionAuditLog RetentionTreatment = "kept (audit log)"
	// The proof of how a request under art. 16-21 was answered, kept as
	// the audit log is: no period applies to it.
	RetentionProof RetentionTreatment = "kept (proof)"
)

// RetentionTables declares, per table of the schema that holds a
// person's data (PersonDataTables), what retention does to it. A test
// fails when a new table is missing here, so a migration that adds
// personal data has to say how long it is kept; docs/privacy.md lists
// the same tables with the same words.
var RetentionTables = map[string]RetentionTreatment{
	"cases":                  RetentionAnonymised,
	"signals":                RetentionAnonymised,
	"signal_facts":           RetentionAnonymised, // follows its signal (migration 0028's triggers)
	"zrm_changes":            RetentionStatistics, // a case's domains and numbers, no person
	"assessment_scores":      RetentionAnonymised,
	"emergency_accesses":     RetentionAnonymised,
	"handovers":              RetentionAnonymised, // with their case: to the stand-in household, texts emptied
	"outreaches":             RetentionAnonymised,
	"arrears":                RetentionAnonymised, // with their outreach (AnonymiseOutreachArrears)
	"case_events":            RetentionEmptied,
	"case_coordinators":      RetentionEmptied,
	"case_parties":           RetentionEmptied,
	"case_closures":          RetentionEmptied,
	"case_sharing_grounds":   RetentionEmptied,
	"escalations":            RetentionEmptied,
	"enforcements":           RetentionEmptied,
	"notes":                  RetentionEmptied,
	"plan_versions":          RetentionEmptied,
	"meldcode_routes":        RetentionEmptied,
	"meldcode_steps":         RetentionEmptied,
	"meldcode_answers":       RetentionEmptied,
	"meldcode_consultations": RetentionEmptied,
	"task_events":            RetentionEmptied,
	"triages":                RetentionEmptied,
	"outreach_contacts":      RetentionEmptied,
	"households":             RetentionRemoved,
	"members":                RetentionRemoved,
	"household_addresses":    RetentionRemoved, // with their household
	"involvements":           RetentionRemoved,
	"persons":                RetentionRemoved,
	"consents":               RetentionRemoved,
	"consent_givers":         RetentionRemoved,
	"information_notices":    RetentionRemoved,
	"signal_matches":         RetentionRemoved,
	"notifications":          RetentionRemoved,
	"mijnplan_acts":          RetentionRemoved, // with their person (foreign key ON DELETE CASCADE)
	"mijnplan_messages":      RetentionRemoved, // with their person
	"mijnplan_ratings":       RetentionRemoved, // with their person
	"resident_login_codes":   RetentionRemoved, // with their person (ON DELETE CASCADE, migration 0022)
	"resident_sessions":      RetentionRemoved, // with their person
	"assessments":            RetentionStatistics,
	"plans":                  RetentionStatistics,
	"plan_goals":             RetentionStatistics,
	"plan_actions":           RetentionStatistics,
	"tasks":                  RetentionStatistics,
	// Which package became which case (docs/overdrachtspakket.md): no
	// text, and nothing that leads to the family once its case is
	// anonymised.
	"handover_imports": RetentionStatistics,
	"audit_log":        RetentionAuditLog,
	"rights_requests":  RetentionProof,
}

// retentionTables are the tables a run may change, sorted: every table
// of personal data but those retention keeps whole by design.
var retentionTables = func() []string {
	var out []string
	for _, t := range slices.Sorted(maps.Keys(RetentionTables)) {
		if d := RetentionTables[t]; d != RetentionAuditLog && d != RetentionProof {
			out = append(out, t)
		}
	}
	return out
}()
