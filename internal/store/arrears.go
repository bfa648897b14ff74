package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"wijkregie"
)

// Arrears reported by creditors (migration 0021, docs/vroegsignalering.md):
// creditors, their deliveries, and the arrears with the outreach each was
// bundled into. An import writes through an ArrearsWriter, whose handful of
// statements is prepared once per transaction; the reads below serve the
// pages that show arrears.

// preparer is what *sql.Tx offers to prepare a statement once and run it
// many times.
type preparer interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// ArrearsWriter writes an import's rows inside one write transaction. An
// import runs the same dozen statements for every row, and modernc's
// SQLite spends as long parsing a statement as running it: prepared once,
// they are parsed once per transaction (BenchmarkImportArrears). It must
// not outlive the transaction it came from.
type ArrearsWriter struct {
	q     *Q
	prep  preparer // nil when the transaction is observed: then unprepared
	stmts map[string]*sql.Stmt
}

// ArrearsWriter returns a writer on q, which must be a write transaction's
// (Store.Tx). Close it before the transaction ends.
func (q *Q) ArrearsWriter() *ArrearsWriter {
	w := &ArrearsWriter{q: q, stmts: map[string]*sql.Stmt{}}
	w.prep, _ = q.x.(preparer)
	return w
}

// Close releases the prepared statements.
func (w *ArrearsWriter) Close() error {
	var first error
	for k, st := range w.stmts {
		if err := st.Close(); err != nil && first == nil {
			first = err
		}
		delete(w.stmts, k)
	}
	return first
}

func (w *ArrearsWriter) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := w.stmts[query]; ok {
		return st, nil
	}
	st, err := w.prep.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	w.stmts[query] = st
	return st, nil
}

func (w *ArrearsWriter) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if w.prep == nil {
		return w.q.x.ExecContext(ctx, query, args...)
	}
	st, err := w.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (w *ArrearsWriter) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if w.prep == nil {
		return w.q.x.QueryContext(ctx, query, args...)
	}
	st, err := w.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// scanRow runs a one-row query into dest; sql.ErrNoRows when none.
func (w *ArrearsWriter) scanRow(ctx context.Context, query string, args []any, dest ...any) error {
	if w.prep == nil {
		return w.q.x.QueryRowContext(ctx, query, args...).Scan(dest...)
	}
	st, err := w.stmt(ctx, query)
	if err != nil {
		return err
	}
	return st.QueryRowContext(ctx, args...).Scan(dest...)
}

// Now is the transaction's clock.
func (w *ArrearsWriter) Now() time.Time { return w.q.Now() }

// Creditor returns the id of the creditor of the kind known by the name
// (wijkregie.CreditorKey), adding it when new; created says it was.
func (w *ArrearsWriter) Creditor(ctx context.Context, municipalityID string, kind wijkregie.CreditorKind, name string) (id string, created bool, err error) {
	key := wijkregie.CreditorKey(name)
	const find = `SELECT id FROM creditors WHERE municipality_id = $1 AND kind = $2 AND name_key = $3`
	err = w.scanRow(ctx, find, []any{municipalityID, kind, key}, &id)
	if err == nil {
		return id, false, nil
	}
	if err != sql.ErrNoRows {
		return "", false, fmt.Errorf("creditor: %w", err)
	}
	// The unique index creditors_by_name decides between two imports
	// adding the same creditor at once: the loser reads the winner's.
	res, err := w.exec(ctx, `INSERT INTO creditors (municipality_id, id, name, name_key, kind, created_at) VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (municipality_id, kind, name_key) DO NOTHING`,
		municipalityID, wijkregie.NewID(w.q.Now()), strings.Join(strings.Fields(name), " "), key, kind, w.q.Now())
	if err != nil {
		return "", false, fmt.Errorf("create creditor: %w", err)
	}
	n, _ := res.RowsAffected()
	if err := w.scanRow(ctx, find, []any{municipalityID, kind, key}, &id); err != nil {
		return "", false, fmt.Errorf("creditor: %w", err)
	}
	return id, n == 1, nil
}

// StoredArrears is what an import must know of arrears already stored to
// decide what a report on the same contract does.
type StoredArrears struct {
	ID             string
	Kind           wijkregie.ArrearsKind
	Status         wijkregie.ArrearsStatus
	HouseholdID    string
	PersonID       string
	OutreachID     string
	ContentHash    string
	LastDeliveryID string // the delivery that reported it last
	LastLine       int    // and on which line
	Version        int
}

// Find returns the arrears a creditor reported under the reference
// (arrears_by_reference), or ENOTFOUND.
func (w *ArrearsWriter) Find(ctx context.Context, municipalityID, creditorID, reference string) (*StoredArrears, error) {
	var a StoredArrears
	var person sql.NullString
	err := w.scanRow(ctx, `SELECT id, kind, status, household_id, person_id, outreach_id, content_hash, last_delivery_id, last_line, version
FROM arrears WHERE municipality_id = $1 AND creditor_id = $2 AND reference = $3`, []any{municipalityID, creditorID, reference},
		&a.ID, &a.Kind, &a.Status, &a.HouseholdID, &person, &a.OutreachID, &a.ContentHash, &a.LastDeliveryID, &a.LastLine, &a.Version)
	if err != nil {
		return nil, notFound(err)
	}
	a.PersonID = person.String
	return &a, nil
}

// Household returns the oldest household at the address and its team
// (households_by_address; the addition compared without regard to case,
// as HouseholdsAtAddress does); "" when there is none.
func (w *ArrearsWriter) Household(ctx context.Context, municipalityID string, a wijkregie.Address) (id, teamID string, err error) {
	rows, err := w.query(ctx, `SELECT id, addition, team_id FROM households WHERE municipality_id = $1 AND postcode = $2 AND number = $3
ORDER BY created_at, id`, municipalityID, wijkregie.NormalizePostcode(a.Postcode), a.Number)
	if err != nil {
		return "", "", fmt.Errorf("household at address: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var hid, addition string
		var team sql.NullString
		if err := rows.Scan(&hid, &addition, &team); err != nil {
			return "", "", err
		}
		if strings.EqualFold(strings.TrimSpace(addition), strings.TrimSpace(a.Addition)) {
			return hid, team.String, rows.Close()
		}
	}
	return "", "", rows.Err()
}

// Member returns the id of the household's member of the day the debtor
// is: the one with the BSN, else the one with the surname (with or
// without the prefix, regardless of case) born on the birth date; "" when
// none is. A record merged into another is no member of its own.
func (w *ArrearsWriter) Member(ctx context.Context, municipalityID, householdID string, today time.Time, d *wijkregie.Debtor) (string, error) {
	day := date(today)
	rows, err := w.query(ctx, `SELECT p.id, p.bsn_hash, p.prefix, p.family_name, p.birth_date
FROM members m JOIN persons p ON p.municipality_id = m.municipality_id AND p.id = m.person_id
WHERE m.municipality_id = $1 AND m.household_id = $2 AND m.from_date <= $3 AND (m.until_date IS NULL OR m.until_date >= $3)
AND p.merged_into IS NULL ORDER BY p.id`, municipalityID, householdID, day)
	if err != nil {
		return "", fmt.Errorf("members: %w", err)
	}
	defer rows.Close()
	var hashes []string
	if d.BSN != "" {
		hashes = w.q.keys.Hashes(municipalityID, d.BSN.Digits())
	}
	surname := strings.Join(strings.Fields(d.Surname), " ")
	full := strings.Join(strings.Fields(d.Prefix+" "+d.Surname), " ")
	var byName string
	for rows.Next() {
		var id, prefix, family string
		var bsnHash sql.NullString
		var born sql.NullTime
		if err := rows.Scan(&id, &bsnHash, &prefix, &family, &born); err != nil {
			return "", err
		}
		if bsnHash.Valid {
			for _, h := range hashes {
				if h == bsnHash.String {
					return id, rows.Close()
				}
			}
		}
		if byName == "" && born.Valid && date(born.Time).Equal(date(d.BirthDate)) {
			withPrefix := strings.Join(strings.Fields(prefix+" "+family), " ")
			if strings.EqualFold(family, surname) || strings.EqualFold(withPrefix, full) || strings.EqualFold(withPrefix, surname) {
				byName = id
			}
		}
	}
	return byName, rows.Err()
}

// OpenOutreach returns the household's open outreach (outreaches_open_by_household)
// with what a joining report changes: its term and whether it is
// threatening. ENOTFOUND when it has none.
func (w *ArrearsWriter) OpenOutreach(ctx context.Context, municipalityID, householdID string) (*wijkregie.Outreach, error) {
	o := wijkregie.Outreach{MunicipalityID: municipalityID, HouseholdID: householdID, Status: wijkregie.OutreachOpen}
	var team, kase, assigned sql.NullString
	err := w.scanRow(ctx, `SELECT id, team_id, case_id, assigned_to, threatening, deadline, opened_at, version FROM outreaches
WHERE municipality_id = $1 AND household_id = $2 AND status = $3`, []any{municipalityID, householdID, wijkregie.OutreachOpen},
		&o.ID, &team, &kase, &assigned, &o.Threatening, &o.Deadline, &o.OpenedAt, &o.Version)
	if err != nil {
		return nil, notFound(err)
	}
	o.TeamID, o.CaseID, o.AssignedTo = team.String, kase.String, assigned.String
	o.Deadline, o.OpenedAt = o.Deadline.UTC(), o.OpenedAt.UTC()
	return &o, nil
}

// OpenCase returns the household's open case and its regisseur (cases_one_open);
// "" and "" when it has none.
func (w *ArrearsWriter) OpenCase(ctx context.Context, municipalityID, householdID string) (caseID, coordinator string, err error) {
	var c sql.NullString
	err = w.scanRow(ctx, `SELECT id, coordinator_id FROM cases WHERE municipality_id = $1 AND household_id = $2 AND status NOT IN ($3, $4)`,
		[]any{municipalityID, householdID, wijkregie.CaseClosed, wijkregie.CaseHandedOver}, &caseID, &c)
	if err == sql.ErrNoRows {
		return "", "", nil
	}
	if err != nil {
		return "", "", fmt.Errorf("open case: %w", err)
	}
	return caseID, c.String, nil
}

// CreateOutreach opens an outreach, at version 1; the id is set here. A
// household that has an open outreach already is a conflict
// (outreaches_open_by_household).
func (w *ArrearsWriter) CreateOutreach(ctx context.Context, o *wijkregie.Outreach) error {
	o.ID, o.Status, o.Version = wijkregie.NewID(w.q.Now()), wijkregie.OutreachOpen, 1
	o.Deadline, o.OpenedAt = stamp(o.Deadline), stamp(o.OpenedAt)
	_, err := w.exec(ctx, `INSERT INTO outreaches (municipality_id, id, household_id, team_id, case_id, assigned_to, status, threatening,
deadline, opened_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		o.MunicipalityID, o.ID, o.HouseholdID, nullString(o.TeamID), nullString(o.CaseID), nullString(o.AssignedTo), o.Status,
		o.Threatening, o.Deadline, o.OpenedAt, o.Version)
	switch {
	case isUniqueViolation(err):
		return wijkregie.Conflict("fout.inlezen.gelijktijdig")
	case err != nil:
		return fmt.Errorf("create outreach: %w", err)
	}
	return nil
}

// SetOutreachTerm changes an open outreach's deadline and whether it is
// threatening, as a report joining or changing asks; its version goes up.
func (w *ArrearsWriter) SetOutreachTerm(ctx context.Context, o *wijkregie.Outreach) error {
	o.Deadline = stamp(o.Deadline)
	res, err := w.exec(ctx, `UPDATE outreaches SET deadline = $3, threatening = $4, version = version + 1
WHERE municipality_id = $1 AND id = $2 AND status = 'open'`, o.MunicipalityID, o.ID, o.Deadline, o.Threatening)
	if err != nil {
		return fmt.Errorf("outreach term: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return wijkregie.Conflict("fout.inlezen.gelijktijdig")
	}
	o.Version++
	return nil
}

// OutreachThreatening reports whether one of the outreach's open arrears
// is of a threatening kind (wijkregie.ArrearsKind.Threatening).
func (w *ArrearsWriter) OutreachThreatening(ctx context.Context, municipalityID, outreachID string) (bool, error) {
	var n int
	err := w.scanRow(ctx, `SELECT COUNT(*) FROM arrears WHERE municipality_id = $1 AND outreach_id = $2 AND status = $3 AND kind IN ($4, $5, $6)`,
		[]any{municipalityID, outreachID, wijkregie.ArrearsOpen, wijkregie.ArrearsEviction, wijkregie.ArrearsCutOff, wijkregie.ArrearsCancellation}, &n)
	return n > 0, err
}

// ContentHash is what says whether a report on a contract changed: a hash
// of everything the report says of it. The BSN enters by its keyed hash,
// never its digits, so the hash cannot be searched for a number; after a
// key rotation a re-delivered report with a BSN reads as changed once, and
// its update seals the BSN under the new key.
func (w *ArrearsWriter) ContentHash(municipalityID string, r *wijkregie.ArrearsReport) string {
	h := sha256.New()
	field := func(s string) {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	day := func(t time.Time) {
		if t.IsZero() {
			field("")
			return
		}
		field(t.Format(time.DateOnly))
	}
	d := &r.Debtor
	field(string(r.Kind))
	field(strings.TrimSpace(r.Reference))
	field(strings.TrimSpace(d.Surname))
	field(strings.TrimSpace(d.Initials))
	field(strings.TrimSpace(d.Prefix))
	day(d.BirthDate)
	if d.BSN != "" {
		field(w.q.keys.Hash(municipalityID, d.BSN.Digits()))
	} else {
		field("")
	}
	field(strings.TrimSpace(d.Address.Street))
	field(strconv.Itoa(d.Address.Number))
	field(strings.ToUpper(strings.TrimSpace(d.Address.Addition)))
	field(wijkregie.NormalizePostcode(d.Address.Postcode))
	field(strings.TrimSpace(d.Address.Town))
	field(strconv.FormatInt(r.AmountCents, 10))
	field(strconv.Itoa(r.Terms))
	day(r.Since)
	day(r.EndDate)
	return hex.EncodeToString(h.Sum(nil))
}

const arrearsWriteColumns = `kind, status, surname, initials, prefix, birth_date, bsn_versleuteld, bsn_hash, street, number, addition,
postcode, town, amount_cents, terms, since, end_date, household_id, person_id, outreach_id, content_hash, last_reported_at,
last_delivery_id, last_line, closed_at`

// arrearsArgs returns the values of arrearsWriteColumns for a.
func (w *ArrearsWriter) arrearsArgs(a *wijkregie.Arrears, contentHash, deliveryID string, line int) ([]any, error) {
	sealed, hashed, err := w.q.sealBSN(a.MunicipalityID, a.Debtor.BSN.Digits())
	if err != nil {
		return nil, err
	}
	d, ad := &a.Debtor, &a.Debtor.Address
	return []any{a.Kind, a.Status, d.Surname, d.Initials, d.Prefix, date(d.BirthDate), sealed, hashed, ad.Street, ad.Number, ad.Addition,
		ad.Postcode, ad.Town, a.AmountCents, a.Terms, date(a.Since), nullDate(a.EndDate), a.HouseholdID, nullString(a.PersonID),
		a.OutreachID, contentHash, stamp(a.LastReported), deliveryID, line, nullTime(a.ClosedAt)}, nil
}

// CreateArrears stores new arrears as reported on a delivery's line, at
// version 1 and reported once; the id is set here. Another report on the
// same contract is a conflict (arrears_by_reference).
func (w *ArrearsWriter) CreateArrears(ctx context.Context, a *wijkregie.Arrears, contentHash, deliveryID string, line int) error {
	a.ID, a.Version, a.Reports = wijkregie.NewID(w.q.Now()), 1, 1
	a.FirstReported, a.LastReported = stamp(a.FirstReported), stamp(a.FirstReported)
	args, err := w.arrearsArgs(a, contentHash, deliveryID, line)
	if err != nil {
		return err
	}
	args = append([]any{a.MunicipalityID, a.ID, a.CreditorID, a.Reference, a.FirstReported, a.Reports, a.Version}, args...)
	_, err = w.exec(ctx, `INSERT INTO arrears (municipality_id, id, creditor_id, reference, first_reported_at, reports, version, `+arrearsWriteColumns+`)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27,
$28, $29, $30, $31, $32)`, args...)
	switch {
	case isUniqueViolation(err):
		return wijkregie.Conflict("fout.inlezen.gelijktijdig")
	case err != nil:
		return fmt.Errorf("create arrears: %w", err)
	}
	return nil
}

// UpdateArrears stores a later report on known arrears: its content, where
// it now belongs, and that it was reported once more; version guards it.
func (w *ArrearsWriter) UpdateArrears(ctx context.Context, a *wijkregie.Arrears, contentHash, deliveryID string, line int) error {
	args, err := w.arrearsArgs(a, contentHash, deliveryID, line)
	if err != nil {
		return err
	}
	args = append([]any{a.MunicipalityID, a.ID, a.Version}, args...)
	res, err := w.exec(ctx, `UPDATE arrears SET (`+arrearsWriteColumns+`, reports, version) =
($4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, reports + 1, version + 1)
WHERE municipality_id = $1 AND id = $2 AND version = $3`, args...)
	if err != nil {
		return fmt.Errorf("update arrears: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return wijkregie.Conflict("fout.inlezen.gelijktijdig")
	}
	a.Version++
	a.Reports++
	return nil
}

// TouchArrears records that a delivery's line reported known arrears
// again without changing them: when, and where, so that a second line on
// the same contract in that delivery is known as a duplicate.
func (w *ArrearsWriter) TouchArrears(ctx context.Context, municipalityID, id, deliveryID string, line int, at time.Time) error {
	_, err := w.exec(ctx, `UPDATE arrears SET last_reported_at = $3, last_delivery_id = $4, last_line = $5, reports = reports + 1
WHERE municipality_id = $1 AND id = $2`, municipalityID, id, stamp(at), deliveryID, line)
	if err != nil {
		return fmt.Errorf("touch arrears: %w", err)
	}
	return nil
}

// ArrearsDelivery is one delivery of arrears reports, a file or an API
// call, and what became of its rows: counts only, never a row's content.
type ArrearsDelivery struct {
	MunicipalityID string
	ID             string
	Source         string // "bestand" (file upload or command line) or "api"
	FileHash       string // SHA-256 of the file's bytes, hex; "" for JSON
	Read           int
	New            int
	Updated        int
	Unchanged      int
	Bundled        int
	Rejected       int
	DeliveredBy    string // a user id, or "systeem"
	StartedAt      time.Time
	FinishedAt     time.Time // zero while it runs, or when it broke off
}

const deliveryColumns = `municipality_id, id, source, file_hash, rows_read, rows_new, rows_updated, rows_unchanged, rows_bundled,
rows_rejected, delivered_by, started_at, finished_at`

func scanDelivery(sc interface{ Scan(...any) error }) (*ArrearsDelivery, error) {
	var d ArrearsDelivery
	var fin sql.NullTime
	if err := sc.Scan(&d.MunicipalityID, &d.ID, &d.Source, &d.FileHash, &d.Read, &d.New, &d.Updated, &d.Unchanged, &d.Bundled,
		&d.Rejected, &d.DeliveredBy, &d.StartedAt, &fin); err != nil {
		return nil, err
	}
	d.StartedAt, d.FinishedAt = d.StartedAt.UTC(), timeOf(fin)
	return &d, nil
}

// CreateArrearsDelivery records a delivery as it starts. Its id is the
// caller's (the rows name it before it is finished) or set here when "".
func (q *Q) CreateArrearsDelivery(ctx context.Context, d *ArrearsDelivery) error {
	if d.ID == "" {
		d.ID = wijkregie.NewID(q.Now())
	}
	d.StartedAt = stamp(d.StartedAt)
	_, err := q.x.ExecContext(ctx, `INSERT INTO arrears_deliveries (`+deliveryColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		d.MunicipalityID, d.ID, d.Source, d.FileHash, d.Read, d.New, d.Updated, d.Unchanged, d.Bundled, d.Rejected, d.DeliveredBy,
		d.StartedAt, nullTime(d.FinishedAt))
	if err != nil {
		return fmt.Errorf("create arrears delivery: %w", err)
	}
	return nil
}

// UpdateArrearsDelivery stores a delivery's counts, its file's hash and
// when it finished.
func (q *Q) UpdateArrearsDelivery(ctx context.Context, d *ArrearsDelivery) error {
	res, err := q.x.ExecContext(ctx, `UPDATE arrears_deliveries SET file_hash = $3, rows_read = $4, rows_new = $5, rows_updated = $6,
rows_unchanged = $7, rows_bundled = $8, rows_rejected = $9, finished_at = $10 WHERE municipality_id = $1 AND id = $2`,
		d.MunicipalityID, d.ID, d.FileHash, d.Read, d.New, d.Updated, d.Unchanged, d.Bundled, d.Rejected, nullTime(d.FinishedAt))
	if err != nil {
		return fmt.Errorf("update arrears delivery: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return wijkregie.NotFound()
	}
	return nil
}

// ArrearsDeliveryByID returns one delivery.
func (q *Q) ArrearsDeliveryByID(ctx context.Context, municipalityID, id string) (*ArrearsDelivery, error) {
	d, err := scanDelivery(q.x.QueryRowContext(ctx, `SELECT `+deliveryColumns+` FROM arrears_deliveries WHERE municipality_id = $1 AND id = $2`,
		municipalityID, id))
	if err != nil {
		return nil, notFound(err)
	}
	return d, nil
}

// EarlierArrearsDelivery returns the first delivery of the same file
// (arrears_deliveries_by_hash) other than except, or ENOTFOUND.
func (q *Q) EarlierArrearsDelivery(ctx context.Context, municipalityID, fileHash, except string) (*ArrearsDelivery, error) {
	if fileHash == "" {
		return nil, wijkregie.NotFound()
	}
	d, err := scanDelivery(q.x.QueryRowContext(ctx, `SELECT `+deliveryColumns+` FROM arrears_deliveries
WHERE municipality_id = $1 AND file_hash = $2 AND id <> $3 ORDER BY started_at, id LIMIT 1`, municipalityID, fileHash, except))
	if err != nil {
		return nil, notFound(err)
	}
	return d, nil
}

const arrearsColumns = `municipality_id, id, creditor_id, reference, kind, status, surname, initials, prefix, birth_date, bsn_versleuteld,
street, number, addition, postcode, town, amount_cents, terms, since, end_date, household_id, person_id, outreach_id,
first_reported_at, last_reported_at, reports, closed_at, version`

func (q *Q) scanArrears(sc interface{ Scan(...any) error }) (*wijkregie.Arrears, error) {
	var a wijkregie.Arrears
	var sealed, person sql.NullString
	var end, closed sql.NullTime
	d, ad := &a.Debtor, &a.Debtor.Address
	if err := sc.Scan(&a.MunicipalityID, &a.ID, &a.CreditorID, &a.Reference, &a.Kind, &a.Status, &d.Surname, &d.Initials, &d.Prefix,
		&d.BirthDate, &sealed, &ad.Street, &ad.Number, &ad.Addition, &ad.Postcode, &ad.Town, &a.AmountCents, &a.Terms, &a.Since, &end,
		&a.HouseholdID, &person, &a.OutreachID, &a.FirstReported, &a.LastReported, &a.Reports, &closed, &a.Version); err != nil {
		return nil, err
	}
	bsn, err := q.openBSN(a.MunicipalityID, sealed)
	if err != nil {
		return nil, err
	}
	d.BSN, d.BirthDate, a.Since, a.EndDate = wijkregie.BSN(bsn), d.BirthDate.UTC(), a.Since.UTC(), timeOf(end)
	a.PersonID, a.ClosedAt = person.String, timeOf(closed)
	a.FirstReported, a.LastReported = a.FirstReported.UTC(), a.LastReported.UTC()
	return &a, nil
}

// Arrears returns one arrears record, the BSN opened.
func (q *Q) Arrears(ctx context.Context, municipalityID, id string) (*wijkregie.Arrears, error) {
	a, err := q.scanArrears(q.x.QueryRowContext(ctx, `SELECT `+arrearsColumns+` FROM arrears WHERE municipality_id = $1 AND id = $2`,
		municipalityID, id))
	if err != nil {
		return nil, notFound(err)
	}
	return a, nil
}

// listArrears runs a query of arrearsColumns.
func (q *Q) listArrears(ctx context.Context, query string, args ...any) ([]wijkregie.Arrears, error) {
	rows, err := q.x.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []wijkregie.Arrears
	for rows.Next() {
		a, err := q.scanArrears(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *a)
	}
	return out, rows.Err()
}

// OutreachArrears returns the arrears bundled into an outreach
// (arrears_by_outreach), the first reported first, those of one moment by
// reference.
func (q *Q) OutreachArrears(ctx context.Context, municipalityID, outreachID string) ([]wijkregie.Arrears, error) {
	return q.listArrears(ctx, `SELECT `+arrearsColumns+` FROM arrears WHERE municipality_id = $1 AND outreach_id = $2
ORDER BY first_reported_at, reference, id`, municipalityID, outreachID)
}

// PersonArrears returns the arrears matched to a person, the first
// reported first: what the person's inzage shows.
func (q *Q) PersonArrears(ctx context.Context, municipalityID, personID string) ([]wijkregie.Arrears, error) {
	return q.listArrears(ctx, `SELECT `+arrearsColumns+` FROM arrears WHERE municipality_id = $1 AND person_id = $2
ORDER BY first_reported_at, reference, id`, municipalityID, personID)
}

const creditorColumns = `municipality_id, id, name, kind, created_at`

func scanCreditor(sc interface{ Scan(...any) error }) (*wijkregie.Creditor, error) {
	var c wijkregie.Creditor
	if err := sc.Scan(&c.MunicipalityID, &c.ID, &c.Name, &c.Kind, &c.CreatedAt); err != nil {
		return nil, err
	}
	c.CreatedAt = c.CreatedAt.UTC()
	return &c, nil
}

// CreditorByID returns one creditor.
func (q *Q) CreditorByID(ctx context.Context, municipalityID, id string) (*wijkregie.Creditor, error) {
	c, err := scanCreditor(q.x.QueryRowContext(ctx, `SELECT `+creditorColumns+` FROM creditors WHERE municipality_id = $1 AND id = $2`,
		municipalityID, id))
	if err != nil {
		return nil, notFound(err)
	}
	return c, nil
}

// AnonymiseOutreachArrears anonymises the arrears of the outreaches ids,
// which retention anonymises in the same transaction
// (AnonymiseOutreaches, which gives each its stand-in household first):
// the debtor as the creditor named them goes — name, birth date (1 January
// 1900 stands for none), BSN, street and number, the postcode but its
// four digits —, as do the link to the person and the contract's
// reference (the arrears' own id takes its place: a report on that
// contract years later is a new one); the creditor, kind, amount, terms,
// dates and status stay for the statistics, under the outreach's
// stand-in household.
func (q *Q) AnonymiseOutreachArrears(ctx context.Context, municipalityID string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	a := &sqlArgs{list: []any{municipalityID, date(time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC))}}
	in := inList(a, ids)
	_, err := q.x.ExecContext(ctx, `UPDATE arrears SET reference = id, surname = '', initials = '', prefix = '', birth_date = $2,
bsn_versleuteld = NULL, bsn_hash = NULL, street = '', number = 0, addition = '', postcode = SUBSTR(postcode, 1, 4), person_id = NULL,
content_hash = '', household_id = (SELECT o.household_id FROM outreaches o WHERE o.municipality_id = arrears.municipality_id AND o.id = arrears.outreach_id)
WHERE municipality_id = $1 AND outreach_id IN (`+in+`)`, a.list...)
	if err != nil {
		return fmt.Errorf("anonymise arrears: %w", err)
	}
	return nil
}
