package app

import (
	"testing"

	"wijkregie"
	"wijkregie/internal/store"
)

// TestResidentTablesCountFamilies holds the small-cell rule of the Mijn
// Plan ratings to families, not persons: thirty marks from four families
// are withheld whole, mean included; from twelve families the counts of
// ten or more are shown, with the shares beside them.
func TestResidentTablesCountFamilies(t *testing.T) {
	r := &store.ResidentRatings{Marks: [10]int{6: 10, 7: 20}, MarkSum: 10*7 + 20*8, Families: 4,
		Agreement: map[string][3]int{"wmo_quality_good": {1, 1, 10}},
		Outcomes:  map[string]map[wijkregie.Answer3]int{"doelenBereikt": {"ja": 15, "deels": 3, "nee": 2}}}
	for _, fam := range []int{4, 12} {
		r.Families = fam
		tables := residentTables(r, true)
		if len(tables) != 3 {
			t.Fatalf("%d tables, want 3", len(tables))
		}
		marks, experience, youth := tables[0], tables[1], tables[2]
		row := marks.Rows[0].Cells
		mean := row[len(row)-1]
		quality := experience.Rows[indexOfRow(t, experience, "wmoKwaliteit")].Cells
		goals := youth.Rows[indexOfRow(t, youth, "doelenBereikt")].Cells
		if fam < wijkregie.SmallCell {
			for _, c := range append(append(append([]wijkregie.Figure{}, row...), quality...), goals...) {
				if c.Shown() {
					t.Fatalf("four families: a figure %s is shown, want every one withheld", c.Display())
				}
			}
			continue
		}
		// The mean and the total would solve two withheld marks: the mean
		// goes with them (wijkregie.MeanOf).
		if !row[7].Shown() || row[7].Int() != 20 || row[10].Int() != 30 || row[11].Int() != 12 || mean.Shown() {
			t.Errorf("twelve families: marks %v, want 20 eights, 30 marks, 12 families, the mean withheld", displays(row))
		}
		if m := residentTables(r, false)[0].Rows[0].Cells; m[len(m)-1].Display() != "7,7" {
			t.Errorf("unsuppressed mean = %s, want 7,7", m[len(m)-1].Display())
		}
		if quality[0].Shown() || !quality[2].Shown() || quality[2].Int() != 10 || quality[3].Int() != 12 || quality[4].Display() != "83,3%" {
			t.Errorf("twelve families: wmoKwaliteit %v, want <10 disagreeing, 10 of 12 agreeing, 83,3%%", displays(quality))
		}
		if goals[1].Shown() || goals[0].Int() != 15 || goals[3].Int() != 20 || goals[4].Display() != "75,0%" {
			t.Errorf("twelve families: doelenBereikt %v, want <10 deels, 15 of 20 ja, 75,0%%", displays(goals))
		}
	}
}

func indexOfRow(t *testing.T, tb wijkregie.Table, key string) int {
	t.Helper()
	for i, r := range tb.Rows {
		if r.Key == key {
			return i
		}
	}
	t.Fatalf("table %s has no row %s", tb.ID, key)
	return -1
}

func displays(fs []wijkregie.Figure) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Display())
	}
	return out
}
