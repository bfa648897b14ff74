package server_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"wijkregie/internal/store"
)

// Five years of history for the measures' benchmarks (issue 7,
// docs/benchmarks.md). The demo's case work spans about sixteen months
// and its signals two years; building five years through the demo's
// one-row calls would take most of a day at 1,000,000 households. The
// history fixture is the scale fixture with the last year's finished work
// copied back in time instead: for each earlier year k (1 … years-1) every
// case closed in the last 365 days, with its closure, events, regisseurs,
// parties, assessments and scores, plans, plan versions, goals and
// actions, and every signal received in the last 365 days that was
// triaged (for k ≥ 2: the demo's signals already span two years), each
// under new ids and moved back k years give or take three months (the
// same amount for all the rows of one case, so its course stays as it
// was). The copies are of the cases' and signals' measured data, not of
// their journals, tasks or Meldcode routes; a historical case opened from
// a list shows its plan, assessments and history but no notes. Last, every
// triaged signal without a triage decision gets one (historyTriages).

// historyFixture returns the folder of the SQLite fixture of n households
// with years of history, made on first use from the scale fixture (the
// folder base returns, built first when there is none) and kept beside it
// (…/fixture-history-<years>).
func historyFixture(b testing.TB, n, years int, base func() string) string {
	b.Helper()
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("wijkregie-scale-%d", n), fmt.Sprintf("fixture-history-%d", years))
	if d := os.Getenv("WIJKREGIE_BENCH_DIR"); d != "" {
		dir = filepath.Join(d, fmt.Sprintf("fixture-history-%d", years))
	}
	marker := filepath.Join(dir, "complete")
	want := fmt.Sprintf("households=%d signals=%d fixture=%s history=%d triages=1\n", n, 5*n, fixtureVersion, years)
	if got, err := os.ReadFile(marker); err == nil && string(got) == want {
		return dir
	}
	from := base()
	start := time.Now()
	building := dir + ".building"
	if err := os.RemoveAll(building); err != nil {
		b.Fatal(err)
	}
	if err := os.MkdirAll(building, 0o700); err != nil {
		b.Fatal(err)
	}
	for _, name := range []string{store.SQLiteFile, store.SQLiteFile + "-wal", store.BSNKeyFile} {
		if err := copyFile(filepath.Join(from, name), filepath.Join(building, name)); err != nil && !os.IsNotExist(err) {
			b.Fatal(err)
		}
	}
	added, err := extendHistory(context.Background(), filepath.Join(building, store.SQLiteFile), years)
	if err != nil {
		b.Fatal(err)
	}
	syscall.Sync()
	os.RemoveAll(dir)
	if err := os.Rename(building, dir); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(marker, []byte(want), 0o600); err != nil {
		b.Fatal(err)
	}
	b.Logf("history fixture of %d years made in %s: %s", years, time.Since(start).Round(time.Second), added)
	return dir
}

// historyTable is how one table's rows follow a copied case: the join
// from the table (t) to the copied case's row in hist (h), and the
// columns holding ids that are renamed with the copy (their own id and
// their references to copied rows). Columns of the types TIMESTAMP,
// TIMESTAMPTZ and DATE move back with the case.
type historyTable struct {
	name    string
	join    string
	renamed []string
}

// historyTables are the tables copied with a case, parents first.
var historyTables = []historyTable{
	{"cases", `JOIN hist h ON h.id = t.id`, []string{"id"}},
	{"assessments", `JOIN hist h ON h.id = t.case_id`, []string{"id", "case_id"}},
	{"assessment_scores", `JOIN assessments a ON a.municipality_id = t.municipality_id AND a.id = t.assessment_id
JOIN hist h ON h.id = a.case_id`, []string{"assessment_id"}},
	{"case_closures", `JOIN hist h ON h.id = t.case_id`, []string{"case_id", "final_assessment_id"}},
	{"case_events", `JOIN hist h ON h.id = t.case_id`, []string{"id", "case_id"}},
	{"case_coordinators", `JOIN hist h ON h.id = t.case_id`, []string{"case_id"}},
	{"case_parties", `JOIN hist h ON h.id = t.case_id`, []string{"id", "case_id"}},
	{"plans", `JOIN hist h ON h.id = t.case_id`, []string{"id", "case_id"}},
	{"plan_versions", `JOIN plans p ON p.municipality_id = t.municipality_id AND p.id = t.plan_id
JOIN hist h ON h.id = p.case_id`, []string{"plan_id"}},
	{"plan_goals", `JOIN hist h ON h.id = t.case_id`, []string{"id", "plan_id", "case_id"}},
	{"plan_actions", `JOIN hist h ON h.id = t.case_id`, []string{"id", "plan_id", "goal_id", "case_id"}},
}

// historyDays is how many days back the copy of year k moves a row whose
// id is the SQL expression id: k years, and up to three months either
// way, drawn from the id's last three (random) hex digits.
func historyDays(k int, id string) string {
	hex := func(pos int) string {
		return fmt.Sprintf(`(instr('0123456789abcdef', substr(%s, %d, 1)) - 1)`, id, pos)
	}
	return fmt.Sprintf(`(%d + (%s * 256 + %s * 16 + %s) %% 181 - 90)`, 365*k, hex(34), hex(35), hex(36))
}

// extendHistory adds years-1 earlier years to the SQLite store file at
// path (see above) and says how many rows it added.
func extendHistory(ctx context.Context, path string, years int) (string, error) {
	if years < 2 || years > 9 {
		return "", fmt.Errorf("history of %d years: want 2 to 9", years)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=synchronous(OFF)&_pragma=temp_store(2)&_pragma=cache_size(-262144)")
	if err != nil {
		return "", err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	cols := map[string][]historyColumn{}
	for _, t := range append(historyTables, historyTable{name: "signals"}) {
		if cols[t.name], err = historyColumns(ctx, db, t.name); err != nil {
			return "", err
		}
	}
	var end string
	if err := db.QueryRowContext(ctx, `SELECT MAX(closed_at) FROM cases`).Scan(&end); err != nil {
		return "", fmt.Errorf("the fixture's last closure: %w", err)
	}
	added := map[string]int64{}
	var order []string
	count := func(table string, res sql.Result) {
		n, _ := res.RowsAffected()
		if _, ok := added[table]; !ok {
			order = append(order, table)
		}
		added[table] += n
	}
	for k := 1; k < years; k++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return "", err
		}
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, `DROP TABLE IF EXISTS temp.hist`); err != nil {
			return "", err
		}
		if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE hist (id TEXT PRIMARY KEY, days INTEGER NOT NULL)`); err != nil {
			return "", err
		}
		// The cases closed in the year up to the fixture's last closure;
		// not the copies of earlier rounds, which can fall in that year
		// (a v7 id starts with "0", a copy's with "e").
		if _, err := tx.ExecContext(ctx, `INSERT INTO hist SELECT id, `+historyDays(k, "id")+` FROM cases
WHERE status IN ('afgesloten', 'overgedragen') AND closed_at IS NOT NULL AND julianday(closed_at) > julianday($1) - 365
  AND id LIKE '0%'`, end); err != nil {
			return "", fmt.Errorf("history year %d: %w", k, err)
		}
		for _, t := range historyTables {
			q := copySelect(t, cols[t.name], k)
			res, err := tx.ExecContext(ctx, q)
			if err != nil {
				return "", fmt.Errorf("history year %d, %s: %w", k, t.name, err)
			}
			count(t.name, res)
		}
		if k >= 2 {
			// The triaged signals of the last year, each moved by its own
			// amount (a signal has no rows that follow it here).
			sig := historyTable{name: "signals", renamed: []string{"id"},
				join: `JOIN (SELECT id, ` + historyDays(k, "id") + ` AS days FROM signals
  WHERE status NOT IN ('nieuw', 'casus') AND julianday(received_at) > julianday($1) - 365 AND id LIKE '0%') h ON h.id = t.id`}
			res, err := tx.ExecContext(ctx, copySelect(sig, cols["signals"], k), end)
			if err != nil {
				return "", fmt.Errorf("history year %d, signals: %w", k, err)
			}
			count("signals", res)
		}
		if err := tx.Commit(); err != nil {
			return "", err
		}
	}
	res, err := db.ExecContext(ctx, historyTriages)
	if err != nil {
		return "", fmt.Errorf("history triages: %w", err)
	}
	count("triages", res)
	if _, err := db.ExecContext(ctx, `ANALYZE`); err != nil {
		return "", err
	}
	var sb strings.Builder
	for _, t := range order {
		fmt.Fprintf(&sb, " %s +%d", t, added[t])
	}
	return strings.TrimSpace(sb.String()), nil
}

// historyTriages gives every triaged signal of the fixture without one
// its triage decision, as a municipality's store holds one per triaged
// signal: the demo's signal history has none (docs/benchmarks.md), and
// the timeliness and source measures would read less than they will. The
// decision follows where the signal ended; it was taken by the signal's
// registrar between a few minutes and four days after it came in, drawn
// from the id, so some miss their triage deadline.
const historyTriages = `INSERT INTO triages (municipality_id, signal_id, decision, reason, answer, suggested, decided_by, decided_at)
SELECT s.municipality_id, s.id,
  CASE s.status WHEN 'geen-actie' THEN 'geen-actie' ELSE 'enkelvoudig' END,
  CASE s.status WHEN 'geen-actie' THEN 'Geen zorgen na navraag.' ELSE '' END,
  CASE s.status WHEN 'geen-actie' THEN '' ELSE 'Doorverwezen naar passende hulp.' END,
  CASE s.status WHEN 'geen-actie' THEN 'geen-actie' ELSE 'enkelvoudig' END,
  s.created_by,
  strftime('%Y-%m-%d %H:%M:%f', s.received_at, '+' || (((instr('0123456789abcdef', substr(s.id, 35, 1)) - 1) * 16
    + instr('0123456789abcdef', substr(s.id, 36, 1)) - 1) * 23) || ' minutes') || '+00:00'
FROM signals s
WHERE s.status IN ('afgesloten', 'enkelvoudig', 'geen-actie')
  AND NOT EXISTS (SELECT 1 FROM triages t WHERE t.municipality_id = s.municipality_id AND t.signal_id = s.id)`

// historyColumn is a column of a table and whether it holds a time.
type historyColumn struct {
	name string
	time bool
}

func historyColumns(ctx context.Context, db *sql.DB, table string) ([]historyColumn, error) {
	rows, err := db.QueryContext(ctx, `SELECT name, upper(type) FROM pragma_table_info($1) ORDER BY cid`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []historyColumn
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			return nil, err
		}
		out = append(out, historyColumn{name: name, time: strings.HasPrefix(typ, "TIMESTAMP") || typ == "DATE"})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("history: no table %s", table)
	}
	return out, nil
}

// copySelect is the INSERT … SELECT that copies t's rows of the copied
// cases (or signals) as year k's: ids renamed, times moved back h.days.
func copySelect(t historyTable, cols []historyColumn, k int) string {
	var names, exprs []string
	for _, c := range cols {
		col := "t." + c.name
		expr := col
		switch {
		case slices.Contains(t.renamed, c.name):
			// A v7 id starts with its time's "01"; "e<k>" in its place
			// keeps it a valid id, of this copy only.
			expr = fmt.Sprintf(`CASE WHEN %s IS NULL THEN NULL ELSE 'e%d' || substr(%s, 3) END`, col, k, col)
		case t.name == "cases" && c.name == "relapse_of":
			expr = fmt.Sprintf(`(SELECT 'e%d' || substr(r.id, 3) FROM hist r WHERE r.id = %s)`, k, col)
		case t.name == "plan_versions" && c.name == "document":
			// Each date the measures read from the document moves with
			// the case; a date the version does not have stays absent.
			for _, field := range []string{"agreed_on", "meeting_date", "evaluation_date"} {
				v := `json_extract(t.document, '$.` + field + `')`
				expr = fmt.Sprintf(`CASE WHEN %[1]s IS NULL OR %[1]s = '' THEN %[2]s
  ELSE json_set(%[2]s, '$.%[3]s', date(%[1]s, '-' || h.days || ' days')) END`, v, expr, field)
			}
		case c.time:
			expr = fmt.Sprintf(`strftime('%%Y-%%m-%%d %%H:%%M:%%f', %s, '-' || h.days || ' days') || '+00:00'`, col)
		}
		names = append(names, c.name)
		exprs = append(exprs, expr)
	}
	return `INSERT INTO ` + t.name + ` (` + strings.Join(names, ", ") + `)
SELECT ` + strings.Join(exprs, ",\n  ") + `
FROM ` + t.name + ` t ` + t.join
}
