package app

import (
	"strconv"
	"time"

	"wijkregie"
	"wijkregie/internal/store"
)

// What a search or list of personal data records about itself (NEN 7513
// names searches): the criteria it used and how many it found, never the
// values that identify someone. A search by BSN records "bsn", one by
// name and birth date "achternaam geboortedatum"; the person's own access
// log then shows, per person found, that they were found. Filters that
// identify no resident (a team, a status, a colleague as regisseur) are
// recorded with their value, so the log manager can tell one list from
// another.

// personSearch describes a person search by the fields it used.
func personSearch(q *wijkregie.PersonQuery) string {
	if q == nil {
		return wijkregie.SearchAll
	}
	var cs []string
	if q.BSN != "" {
		cs = append(cs, "bsn")
	}
	if q.FamilyName != "" {
		cs = append(cs, "achternaam")
	}
	if !q.BirthDate.IsZero() {
		cs = append(cs, "geboortedatum")
	}
	if q.Postcode != "" {
		cs = append(cs, "postcode")
	}
	if q.Number != 0 {
		cs = append(cs, "huisnummer")
	}
	if q.Addition != "" {
		cs = append(cs, "toevoeging")
	}
	return wijkregie.SearchOf(cs...)
}

// caseSearch describes a case list by its filters.
func caseSearch(f store.CaseFilter) string {
	var cs []string
	if f.TeamID != "" {
		cs = append(cs, "team="+f.TeamID)
	}
	if f.CoordinatorID != "" {
		cs = append(cs, "regisseur="+f.CoordinatorID)
	}
	flags := []struct {
		on   bool
		name string
	}{
		{f.Open, "status=open"}, {f.Closed, "status=afgesloten"}, {f.WithoutCoordinator, "zonder-regisseur"},
		{f.WithoutPlan, "zonder-plan"}, {f.Stagnating, "stagnatie"}, {f.Relapse, "herhaling"},
	}
	for _, fl := range flags {
		if fl.on {
			cs = append(cs, fl.name)
		}
	}
	// The dashboard's filters (docs/uitkomsten.md, "Doorklikken").
	if f.Level != "" {
		cs = append(cs, "niveau="+string(f.Level))
	}
	if f.WithPlan {
		cs = append(cs, "met-plan")
	}
	if f.Organisations != nil {
		cs = append(cs, "organisaties="+strconv.Itoa(*f.Organisations))
	}
	if f.Postcode != "" {
		cs = append(cs, "wijk="+f.Postcode)
	}
	if !f.ClosedFrom.IsZero() || !f.ClosedTo.IsZero() {
		cs = append(cs, "afgesloten="+moment(f.ClosedFrom)+".."+moment(f.ClosedTo))
	}
	if f.ClosureReason != "" {
		cs = append(cs, "reden="+f.ClosureReason)
	}
	return wijkregie.SearchOf(cs...)
}

// signalSearch describes a signal list by its filter.
func signalSearch(f store.SignalFilter) string {
	var cs []string
	if f.TeamID != "" {
		cs = append(cs, "team="+f.TeamID)
	}
	// The dashboard's filters (docs/uitkomsten.md, "Doorklikken").
	if f.Source != "" {
		cs = append(cs, "bron="+string(f.Source))
	}
	if f.Outcome != "" {
		cs = append(cs, "besluit="+string(f.Outcome))
	}
	if f.Postcode != "" {
		cs = append(cs, "wijk="+f.Postcode)
	}
	if !f.ReceivedFrom.IsZero() || !f.ReceivedTo.IsZero() {
		cs = append(cs, "ontvangen="+moment(f.ReceivedFrom)+".."+moment(f.ReceivedTo))
	}
	return wijkregie.SearchOf(cs...)
}

// moment is a filter's bound as a search criterion records it, "" when
// open.
func moment(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// taskSearch describes a task list by its filter.
func taskSearch(f TaskFilter) string {
	var cs []string
	if f.Kind != "" {
		cs = append(cs, "soort="+string(f.Kind))
	}
	if f.OverdueOnly {
		cs = append(cs, "te-laat")
	}
	if f.Done {
		cs = append(cs, "afgerond")
	}
	cs = append(cs, f.Due.criterion("termijn"))
	return wijkregie.SearchOf(cs...)
}

// emergencySearch describes the privacy officer's list of emergency
// accesses by its filter.
func emergencySearch(f store.EmergencyFilter) string {
	switch {
	case f.Reviewed == nil:
		return wijkregie.SearchAll
	case *f.Reviewed:
		return wijkregie.SearchOf("beoordeeld=ja")
	}
	return wijkregie.SearchOf("beoordeeld=nee")
}
