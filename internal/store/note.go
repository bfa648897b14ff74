package store

import (
	"context"
	"fmt"
	"strings"

	"wijkregie"
)

const noteColumns = `municipality_id, id, case_id, kind, mode, date, text, visibility, author_id, created_at`

func scanNote(sc interface{ Scan(...any) error }) (*wijkregie.Note, error) {
	var n wijkregie.Note
	if err := sc.Scan(&n.MunicipalityID, &n.ID, &n.CaseID, &n.Kind, &n.Mode, &n.Date, &n.Text, &n.Visibility, &n.AuthorID,
		&n.CreatedAt); err != nil {
		return nil, err
	}
	n.Date, n.CreatedAt = n.Date.UTC(), n.CreatedAt.UTC()
	return &n, nil
}

// CreateNote writes a journal note; id and creation time are set here. A
// contact note moves the case's last contact forward to its day (never
// back) in the same statement batch, which the stagnation check reads.
// The case's version stays: a note is no edit of the case, and must not
// make someone's open form on the case stale.
func (q *Q) CreateNote(ctx context.Context, n *wijkregie.Note) error {
	n.ID, n.CreatedAt, n.Date = wijkregie.NewID(q.Now()), q.Now(), date(n.Date)
	_, err := q.x.ExecContext(ctx, `INSERT INTO notes (`+noteColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		n.MunicipalityID, n.ID, n.CaseID, n.Kind, n.Mode, n.Date, n.Text, n.Visibility, n.AuthorID, n.CreatedAt)
	switch {
	case isForeignKeyViolation(err):
		return wijkregie.NotFound()
	case err != nil:
		return fmt.Errorf("create note: %w", err)
	}
	if n.Kind != wijkregie.NoteContact {
		return nil
	}
	_, err = q.x.ExecContext(ctx, `UPDATE cases SET last_contact = $3
WHERE municipality_id = $1 AND id = $2 AND (last_contact IS NULL OR last_contact < $3)`, n.MunicipalityID, n.CaseID, n.Date)
	if err != nil {
		return fmt.Errorf("create note: last contact: %w", err)
	}
	return nil
}

// CaseNotes returns a page of a case's journal, the latest day first,
// with the total: the notes authorID wrote and those with one of the
// visibilities (policy.NoteScope), so that the page and its count hold
// exactly what policy.SeesNote allows (notes_by_case).
func (q *Q) CaseNotes(ctx context.Context, municipalityID, caseID, authorID string, visibilities []wijkregie.Visibility, page Page) ([]wijkregie.Note, int, error) {
	return q.CaseNotesByAuthors(ctx, municipalityID, caseID, authorID, visibilities, wijkregie.NoteAuthors{Any: true}, page)
}

// CaseNotesByAuthors is CaseNotes for a reader who reads others' notes
// only by the authors named (policy.NoteAuthorsOf).
func (q *Q) CaseNotesByAuthors(ctx context.Context, municipalityID, caseID, authorID string, visibilities []wijkregie.Visibility,
	authors wijkregie.NoteAuthors, page Page) ([]wijkregie.Note, int, error) {
	if !authors.Any && !authors.Staff && authors.Organisation == "" {
		visibilities = nil // nobody else's
	}
	p := page.clamp()
	a := &sqlArgs{list: []any{municipalityID, caseID}}
	cond := "author_id = " + a.add(authorID)
	if len(visibilities) > 0 {
		in := make([]string, len(visibilities))
		for i, v := range visibilities {
			in[i] = a.add(v)
		}
		cond += " OR visibility IN (" + strings.Join(in, ", ") + ")"
		if !authors.Any {
			var who []string
			if authors.Staff {
				who = append(who, `u.role IN (`+a.add(wijkregie.RoleProfessional)+`, `+a.add(wijkregie.RoleTeamLead)+`)`)
			}
			if authors.Organisation != "" {
				who = append(who, `u.organisation_id = `+a.add(authors.Organisation))
			}
			cond += ` AND author_id IN (SELECT u.id FROM users u WHERE u.municipality_id = $1 AND (` + strings.Join(who, " OR ") + `))`
		}
	}
	where := ` FROM notes WHERE municipality_id = $1 AND case_id = $2 AND (` + cond + `)`
	var total int
	if err := q.x.QueryRowContext(ctx, `SELECT COUNT(*)`+where, a.list...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("case notes: %w", err)
	}
	rows, err := q.x.QueryContext(ctx, `SELECT `+noteColumns+where+` ORDER BY date DESC, created_at DESC, id DESC LIMIT `+
		a.add(p.Limit)+` OFFSET `+a.add(p.Offset), a.list...)
	if err != nil {
		return nil, 0, fmt.Errorf("case notes: %w", err)
	}
	defer rows.Close()
	var out []wijkregie.Note
	for rows.Next() {
		n, err := scanNote(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *n)
	}
	return out, total, rows.Err()
}
