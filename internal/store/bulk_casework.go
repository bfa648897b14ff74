package store

import (
	"context"
	"fmt"
	"slices"
)

// Counting what a large demo holds, for the benchmarks that quote their
// fixture (docs/benchmarks.md): the "10,000,000 history rows" is
// a sum over these tables, and a figure without the data it was measured
// on says little.

// HistoryTables are the tables that hold a municipality's history: the
// signals and everything the work on a case leaves behind. The registry
// (persons, households, members) and the audit log are not history in
// this sense: they are the population, and the record of reading it.
var HistoryTables = []string{
	"signals", "triages",
	"cases", "case_events", "case_coordinators", "case_parties", "escalations", "enforcements",
	"assessments", "assessment_scores", "plans", "plan_versions", "plan_goals", "plan_actions",
	"notes", "tasks", "task_events",
	"meldcode_routes", "meldcode_steps", "meldcode_answers", "meldcode_consultations",
	"case_closures",
}

// PopulationTables are the registry's tables, counted beside the history.
var PopulationTables = []string{"households", "persons", "members", "involvements"}

// TableCount is the number of a municipality's rows in one table.
type TableCount struct {
	Table string
	Rows  int64
}

// CountRows counts the municipality's rows in each of tables, in that
// order. Only the tables of HistoryTables and PopulationTables are
// counted: a name is spliced into the statement, so it must be one of
// ours, never input.
func (q *Q) CountRows(ctx context.Context, municipalityID string, tables []string) ([]TableCount, error) {
	out := make([]TableCount, 0, len(tables))
	for _, t := range tables {
		if !slices.Contains(HistoryTables, t) && !slices.Contains(PopulationTables, t) {
			return nil, fmt.Errorf("count %q: not a table CountRows knows", t)
		}
		var n int64
		if err := q.x.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t+` WHERE municipality_id = $1`, municipalityID).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
		out = append(out, TableCount{Table: t, Rows: n})
	}
	return out, nil
}
