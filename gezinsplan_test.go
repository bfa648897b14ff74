package wijkregie_test

import (
	"testing"
	"time"

	"wijkregie"
)

// TestSignsPlan: who signs the printed plan follows the age rules for
// consent: the parents always, a child from 12, other members as adults
// when their birth date is unknown.
func TestSignsPlan(t *testing.T) {
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	born := func(years, days int) time.Time { return day.AddDate(-years, 0, days) }
	tests := []struct {
		name  string
		rel   wijkregie.Relation
		birth time.Time
		want  bool
	}{
		{"parent", wijkregie.RelationParent, born(38, 0), true},
		{"parent without birth date", wijkregie.RelationParent, time.Time{}, true},
		{"young parent", wijkregie.RelationParent, born(17, 0), true},
		{"child of 11", wijkregie.RelationChild, born(11, 0), false},
		{"child turning 12 tomorrow", wijkregie.RelationChild, born(12, 1), false},
		{"child turning 12 today", wijkregie.RelationChild, born(12, 0), true},
		{"child of 16", wijkregie.RelationChild, born(16, 0), true},
		{"child without birth date", wijkregie.RelationChild, time.Time{}, false},
		{"partner", wijkregie.RelationPartner, born(40, 0), true},
		{"grandmother without birth date", wijkregie.RelationOther, time.Time{}, true},
		{"other of 9", wijkregie.RelationOther, born(9, 0), false},
	}
	for _, tt := range tests {
		if got := wijkregie.SignsPlan(tt.rel, tt.birth, day); got != tt.want {
			t.Errorf("%s: SignsPlan = %v; want %v", tt.name, got, tt.want)
		}
	}
}

func TestPrintingThePlanIsAnExport(t *testing.T) {
	if got := wijkregie.KindOf("gezinsplan.afdrukken"); got != wijkregie.KindExport {
		t.Errorf("KindOf(gezinsplan.afdrukken) = %q; want %q", got, wijkregie.KindExport)
	}
}
