package app

import (
	"slices"
	"strconv"

	"wijkregie"
	"wijkregie/internal/store"
)

// residentTables are the tables of what family members said themselves
// in Mijn Plan (docs/uitkomsten.md, "Waardering door inwoners"): their
// marks, the client-experience questions, and the youth outcome set as
// they answered it. They count persons, not cases: each member of a
// family may rate once; the families behind the marks are a column.
func residentTables(r *store.ResidentRatings, sup bool) []wijkregie.Table {
	// The rule counts families (docs/uitkomsten.md): a row whose persons
	// come from fewer than 10 families is withheld whole, however many
	// persons rated.
	families := func(rows int) []int {
		u := make([]int, rows)
		for i := range u {
			u[i] = r.Families
		}
		return u
	}
	mt := wijkregie.NewCountTable([][]int{r.Marks[:]}, false, families(1), sup)
	markCells, tot := mt.Row(0)
	marks := wijkregie.Table{ID: "waardering-inwoners", Measure: wijkregie.MeasureClosure}
	for v := 1; v <= 10; v++ {
		marks.Columns = append(marks.Columns, wijkregie.Column{Key: "cijfer" + strconv.Itoa(v), Label: strconv.Itoa(v), Unit: wijkregie.UnitCount})
	}
	marks.Columns = append(marks.Columns, wijkregie.Column{Key: "waarderingen", Unit: wijkregie.UnitCount},
		wijkregie.Column{Key: "gezinnen", Unit: wijkregie.UnitCount}, wijkregie.Column{Key: "gemiddeldCijfer", Unit: wijkregie.UnitGrade})
	marks.Rows = []wijkregie.TableRow{{Key: "inwoners", Cells: append(slices.Clone(markCells), tot,
		wijkregie.CountOne(r.Families, sup), wijkregie.MeanOf(wijkregie.UnitGrade, float64(r.MarkSum), tot, markCells...))}}

	// Each question is answered by some of those who rated: its own
	// total, its own row of the small-cell rule.
	experience := wijkregie.Table{ID: "clientervaring", Measure: wijkregie.MeasureClosure,
		Columns: append(counted([]string{"oneens", "neutraal", "eens"}, "beantwoord"), wijkregie.Column{Key: "aandeelEens", Unit: wijkregie.UnitPercent})}
	var counts [][]int
	for _, q := range wijkregie.RatingQuestions {
		a := r.Agreement[q.Column]
		counts = append(counts, a[:])
	}
	ct := wijkregie.NewCountTable(counts, false, families(len(counts)), sup)
	for i, q := range wijkregie.RatingQuestions {
		cells, total := ct.Row(i)
		experience.Rows = append(experience.Rows, wijkregie.TableRow{Key: q.Key, Cells: append(slices.Clone(cells), total, wijkregie.Share(cells[2], total))})
	}

	youth := wijkregie.Table{ID: "jeugd-uitkomsten-inwoners", Measure: wijkregie.MeasureClosure,
		Columns: append(counted([]string{"ja", "deels", "nee"}, "beantwoord"), wijkregie.Column{Key: "aandeelJa", Unit: wijkregie.UnitPercent})}
	counts = nil
	for _, q := range outcomeQuestions {
		var row []int
		for _, a := range wijkregie.Answers3 {
			row = append(row, r.Outcomes[q][a])
		}
		counts = append(counts, row)
	}
	ct = wijkregie.NewCountTable(counts, false, families(len(counts)), sup)
	for i, q := range outcomeQuestions {
		cells, total := ct.Row(i)
		youth.Rows = append(youth.Rows, wijkregie.TableRow{Key: q, Cells: append(slices.Clone(cells), total, wijkregie.Share(cells[0], total))})
	}
	return []wijkregie.Table{marks, experience, youth}
}
