package store

import (
	"context"
	"fmt"
	"strings"

	"wijkregie"
)

// AppendAudit adds records to the municipality's audit chain. Call it inside
// the Tx whose change it records, so the change and its record commit
// together. Taking the chain head with an UPDATE … RETURNING locks it on
// PostgreSQL until commit, which keeps each chain strictly sequential; on
// SQLite the single writer does the same.
//
// A run of records of one municipality takes the head once, however long:
// the hashes are chained here, the records go in with multi-row INSERTs,
// and the head is written once. A list page audits every row it shows, and
// three statements per record would be most of its cost.
func (q *Q) AppendAudit(ctx context.Context, recs ...wijkregie.AuditRecord) error {
	for i := 0; i < len(recs); {
		j := i + 1
		for j < len(recs) && recs[j].MunicipalityID == recs[i].MunicipalityID {
			j++
		}
		if err := q.appendRun(ctx, recs[i:j]); err != nil {
			return err
		}
		i = j
	}
	return nil
}

// How many records one INSERT carries, 16 parameters each. SQLite finds
// each $n by a linear search, so on SQLite the statement is rewritten
// with plain ? (positional.go), whose cost grows with the parameters, not
// their square; PostgreSQL gains from large ones, each a round trip fewer.
const (
	auditBatchSQLite   = 32
	auditBatchPostgres = 250
)

func (q *Q) appendRun(ctx context.Context, recs []wijkregie.AuditRecord) error {
	mid := recs[0].MunicipalityID
	for i := range recs {
		if r := &recs[i]; r.MunicipalityID == "" || r.Action == "" || r.UserID == "" {
			return fmt.Errorf("audit record without municipality, action or user")
		}
	}
	var last int64
	var prev string
	if err := q.x.QueryRowContext(ctx, `UPDATE audit_heads SET seq = seq + $2 WHERE municipality_id = $1 RETURNING seq, hash`,
		mid, len(recs)).Scan(&last, &prev); err != nil {
		return fmt.Errorf("audit head: %w", notFound(err))
	}
	at := q.Now()
	seq := last - int64(len(recs))
	for i := range recs {
		r := &recs[i]
		seq++
		r.Seq, r.PrevHash, r.At = seq, prev, at
		r.Hash = r.ComputeHash()
		prev = r.Hash
	}
	if _, err := q.x.ExecContext(ctx, `UPDATE audit_heads SET hash = $2 WHERE municipality_id = $1`, mid, prev); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	per := auditBatchSQLite
	if q.dialect == Postgres {
		per = auditBatchPostgres
	}
	for i := 0; i < len(recs); i += per {
		chunk := recs[i:min(i+per, len(recs))]
		var sb strings.Builder
		args := make([]any, 0, 16*len(chunk))
		sb.WriteString(`INSERT INTO audit_log (` + auditColumns + `) VALUES `)
		for k := range chunk {
			r := &chunk[k]
			if k > 0 {
				sb.WriteString(", ")
			}
			n := len(args)
			fmt.Fprintf(&sb, "($%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d)",
				n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8, n+9, n+10, n+11, n+12, n+13, n+14, n+15, n+16)
			args = append(args, r.MunicipalityID, r.Seq, r.At, r.UserID, r.Role, r.OrganisationID, r.Action, r.SubjectKind, r.SubjectID,
				r.PersonID, r.Purpose, r.Result, r.PrevHash, r.Hash, r.Search, r.Results)
		}
		query := sb.String()
		if q.dialect == SQLite {
			var order []int
			query, order = positional(query)
			args = positionalArgs(args, order)
		}
		if _, err := q.x.ExecContext(ctx, query, args...); err != nil {
			return fmt.Errorf("audit append: %w", err)
		}
	}
	return nil
}

const auditColumns = `municipality_id, seq, at, user_id, role, organisation_id, action, subject_kind, subject_id, person_id, purpose, result, prev_hash, hash, search, results`

func scanAudit(sc interface{ Scan(...any) error }) (*wijkregie.AuditRecord, error) {
	var r wijkregie.AuditRecord
	if err := sc.Scan(&r.MunicipalityID, &r.Seq, &r.At, &r.UserID, &r.Role, &r.OrganisationID, &r.Action, &r.SubjectKind, &r.SubjectID, &r.PersonID, &r.Purpose, &r.Result, &r.PrevHash, &r.Hash, &r.Search, &r.Results); err != nil {
		return nil, err
	}
	r.At = r.At.UTC()
	return &r, nil
}

// AuditFilter narrows the audit log; empty fields do not filter.
type AuditFilter struct {
	PersonID string
	UserID   string
	Kind     wijkregie.AuditKind // one NEN 7513 kind; "" for all
	Page     Page
}

// Audit lists audit records, newest first, with the total count. The
// condition holds only the filters that are set, so each query can use the
// index made for it (audit_log_by_person, audit_log_by_user).
func (q *Q) Audit(ctx context.Context, municipalityID string, f AuditFilter) ([]wijkregie.AuditRecord, int, error) {
	p := f.Page.clamp()
	where, args := ` FROM audit_log WHERE municipality_id = $1`, []any{municipalityID}
	if f.PersonID != "" {
		args = append(args, f.PersonID)
		where += fmt.Sprintf(" AND person_id = $%d", len(args))
	}
	if f.UserID != "" {
		args = append(args, f.UserID)
		where += fmt.Sprintf(" AND user_id = $%d", len(args))
	}
	if f.Kind != "" {
		// The kind is the action's (wijkregie.AuditRecord.Kind), except
		// that a read describing a search is a search.
		in := func(k wijkregie.AuditKind) string {
			acts := wijkregie.ActionsOfKind(k)
			if len(acts) == 0 {
				return "FALSE"
			}
			marks := make([]string, len(acts))
			for i, a := range acts {
				args = append(args, a)
				marks[i] = fmt.Sprintf("$%d", len(args))
			}
			return "action IN (" + strings.Join(marks, ", ") + ")"
		}
		switch f.Kind {
		case wijkregie.KindSearch:
			where += " AND (" + in(wijkregie.KindSearch) + " OR search <> '' AND " + in(wijkregie.KindRead) + ")"
		case wijkregie.KindRead:
			where += " AND search = '' AND " + in(wijkregie.KindRead)
		default:
			where += " AND " + in(f.Kind)
		}
	}
	var total int
	if err := q.x.QueryRowContext(ctx, `SELECT COUNT(*)`+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	n := len(args)
	rows, err := q.x.QueryContext(ctx, `SELECT `+auditColumns+where+fmt.Sprintf(` ORDER BY seq DESC LIMIT $%d OFFSET $%d`, n+1, n+2), append(args, p.Limit, p.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []wijkregie.AuditRecord
	for rows.Next() {
		r, err := scanAudit(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *r)
	}
	return out, total, rows.Err()
}

// ChainBreak describes the first broken link of an audit chain.
type ChainBreak struct {
	Seq    int64  // the first record that does not verify
	Reason string // what is wrong with it
}

// VerifyAudit walks a municipality's chain from the start and returns the
// first broken link, or nil when the whole chain holds. It reads in batches
// so a long log needs little memory. It also checks that the head agrees
// with the last record, so records cut off the end are caught.
func (q *Q) VerifyAudit(ctx context.Context, municipalityID string, progress func(n int64)) (*ChainBreak, int64, error) {
	const batch = 5000
	prev, next := wijkregie.GenesisHash, int64(1)
	for {
		rows, err := q.x.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log WHERE municipality_id = $1 AND seq >= $2 ORDER BY seq LIMIT $3`, municipalityID, next, batch)
		if err != nil {
			return nil, 0, err
		}
		n := 0
		var brk *ChainBreak
		for rows.Next() {
			r, err := scanAudit(rows)
			if err != nil {
				rows.Close()
				return nil, 0, err
			}
			n++
			switch {
			case r.Seq != next:
				brk = &ChainBreak{Seq: next, Reason: "missing"}
			case r.PrevHash != prev:
				brk = &ChainBreak{Seq: r.Seq, Reason: "prev-hash"}
			case r.ComputeHash() != r.Hash:
				brk = &ChainBreak{Seq: r.Seq, Reason: "hash"}
			}
			if brk != nil {
				break
			}
			prev, next = r.Hash, next+1
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, 0, err
		}
		if brk != nil {
			return brk, next - 1, nil
		}
		if progress != nil {
			progress(int64(n))
		}
		if n < batch {
			break
		}
	}
	var headSeq int64
	var headHash string
	if err := q.x.QueryRowContext(ctx, `SELECT seq, hash FROM audit_heads WHERE municipality_id = $1`, municipalityID).Scan(&headSeq, &headHash); err != nil {
		return nil, 0, notFound(err)
	}
	if headSeq != next-1 || headHash != prev {
		return &ChainBreak{Seq: next, Reason: "truncated"}, next - 1, nil
	}
	return nil, next - 1, nil
}

// AuditLength returns the number of records in a municipality's chain.
func (q *Q) AuditLength(ctx context.Context, municipalityID string) (int64, error) {
	var n int64
	err := q.x.QueryRowContext(ctx, `SELECT seq FROM audit_heads WHERE municipality_id = $1`, municipalityID).Scan(&n)
	return n, notFound(err)
}
