package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math/bits"
	"slices"
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

// ArrearsWriter writes an import's rows inside one write transaction.
//
// An import runs the same dozen statements for every row. Two things make
// that fast enough for a national year's file (BenchmarkImportArrears):
// its statements are prepared once per transaction (modernc's SQLite
// keeps a prepared statement's program; parsing it anew costs as much as
// running it), and a chunk of rows is looked up at once (Prefetch): the
// arrears by reference, the households by address with their members,
// open outreach and open case, each one query for the chunk. Between
// Prefetch and Flush, new outreaches and arrears and the outreaches'
// changed terms are kept and written together at Flush, many rows to a
// statement; every read the writer answers sees them. Without Prefetch
// every method reads and writes at once.
//
// It must not outlive the transaction it came from, and a caller that
// prefetched must Flush before the transaction commits.
type ArrearsWriter struct {
	q     *Q
	prep  preparer // nil when the transaction is observed: then unprepared
	stmts map[string]*sql.Stmt
	// positional holds each query's SQLite form (positional.go).
	positional map[string]positionalQuery

	// What the writer knows, read once: a key present with a nil value
	// (or no rows) is known to have none.
	arrears map[ArrearsKey]*StoredArrears
	addrs   map[addrKey][]householdRow
	open    map[string]*wijkregie.Outreach // by household
	members map[string][]memberRow         // by household
	cases   map[string]openCase            // by household

	ahead *Lookahead // nil unless a reader reads ahead (arrears_ahead.go)

	batching         bool
	newOutreaches    []*wijkregie.Outreach
	pending          map[string]bool // outreaches in newOutreaches, by id
	newArrears       [][]any         // each the values of one insert
	newNotifications [][]any
	terms            map[string]*termUpdate
}

// ArrearsKey is how a creditor's report names its arrears: the
// creditor's id and its reference (arrears_by_reference).
type ArrearsKey struct {
	CreditorID string
	Reference  string
}

type addrKey struct {
	postcode string
	number   int
}

type householdRow struct{ id, addition, team string }

type memberRow struct {
	id, prefix, family string
	bsnHash            sql.NullString
	born               sql.NullTime
}

type openCase struct{ id, coordinator string }

// termUpdate is an outreach whose term changed n times since the last
// Flush.
type termUpdate struct {
	o *wijkregie.Outreach
	n int
}

// ArrearsWriter returns a writer on q, which must be a write transaction's
// (Store.Tx). Close it before the transaction ends.
func (q *Q) ArrearsWriter() *ArrearsWriter {
	w := &ArrearsWriter{q: q, stmts: map[string]*sql.Stmt{}, pending: map[string]bool{}, terms: map[string]*termUpdate{},
		positional: map[string]positionalQuery{}}
	w.prep, _ = q.x.(preparer)
	w.reset()
	return w
}

func (w *ArrearsWriter) reset() {
	w.arrears, w.addrs = map[ArrearsKey]*StoredArrears{}, map[addrKey][]householdRow{}
	w.open, w.members, w.cases = map[string]*wijkregie.Outreach{}, map[string][]memberRow{}, map[string]openCase{}
}

// errUnflushed is Close's complaint about writes a caller kept and never
// flushed: they are lost with the writer.
var errUnflushed = errors.New("arrears writer closed with writes not flushed")

// Close releases the prepared statements. Writes kept since Prefetch and
// not flushed are dropped, and reported.
func (w *ArrearsWriter) Close() error {
	var first error
	if len(w.newOutreaches)+len(w.newArrears)+len(w.newNotifications)+len(w.terms) > 0 {
		first = errUnflushed
	}
	for k, st := range w.stmts {
		if err := st.Close(); err != nil && first == nil {
			first = err
		}
		delete(w.stmts, k)
	}
	return first
}

// sqlite rewrites a query for SQLite as positional does, remembering the
// rewrite; PostgreSQL's queries pass as they are.
func (w *ArrearsWriter) sqlite(query string, args []any) (string, []any) {
	if w.q.dialect != SQLite {
		return query, args
	}
	p, ok := w.positional[query]
	if !ok {
		p.query, p.order = positional(query)
		w.positional[query] = p
	}
	if p.order == nil { // written with ? already
		return query, args
	}
	return p.query, positionalArgs(args, p.order)
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
	query, args = w.sqlite(query, args)
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
	query, args = w.sqlite(query, args)
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
	query, args = w.sqlite(query, args)
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

// Prefetch reads at once what the rows of a chunk will ask: the arrears
// of keys, the households at addrs, and for those households their
// members of today, open outreach and open case. It first flushes what
// the writer kept, and forgets what it read for the chunk before, so the
// writer holds one chunk's worth whatever the file's size. Until Flush,
// writes are kept.
func (w *ArrearsWriter) Prefetch(ctx context.Context, municipalityID string, today time.Time, keys []ArrearsKey, addrs []wijkregie.Address) error {
	if err := w.Flush(ctx); err != nil {
		return err
	}
	w.reset()
	w.batching = true
	if err := w.loadArrears(ctx, municipalityID, keys); err != nil {
		return err
	}
	if err := w.loadHouseholds(ctx, municipalityID, addrKeys(addrs)); err != nil {
		return err
	}
	hids := householdIDs(w.addrs)
	if err := w.loadOpen(ctx, municipalityID, hids); err != nil {
		return err
	}
	if err := w.loadMembers(ctx, municipalityID, hids, today); err != nil {
		return err
	}
	return w.loadCases(ctx, municipalityID, hids)
}

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

// marks returns n placeholders from $from on, "$3, $4, $5".
func marks(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(from+i))
	}
	return b.String()
}

// loadArrears reads the arrears of the keys not read yet: per creditor
// its references (arrears_by_reference). PostgreSQL asks for every
// creditor's in one query, a round trip for each saved; SQLite answers an
// OR of them slower than the queries one by one.
func (w *ArrearsWriter) loadArrears(ctx context.Context, municipalityID string, keys []ArrearsKey) error {
	byCreditor := map[string][]any{}
	var creditors []string
	for _, k := range keys {
		if _, ok := w.arrears[k]; ok {
			continue
		}
		w.arrears[k] = nil
		if byCreditor[k.CreditorID] == nil {
			creditors = append(creditors, k.CreditorID)
		}
		byCreditor[k.CreditorID] = append(byCreditor[k.CreditorID], k.Reference)
	}
	per := 1
	if w.q.dialect == Postgres {
		per = len(creditors)
	}
	for lo := 0; lo < len(creditors); lo += per {
		args := []any{municipalityID}
		var cond []string
		for _, c := range creditors[lo:min(lo+per, len(creditors))] {
			refs := padded(byCreditor[c])
			cond = append(cond, fmt.Sprintf("creditor_id = $%d AND reference IN (%s)", len(args)+1, marks(len(args)+2, len(refs))))
			args = append(append(args, c), refs...)
		}
		if err := w.scanArrears(ctx, `SELECT creditor_id, reference, id, kind, status, household_id, person_id, outreach_id, content_hash,
last_delivery_id, last_line, version FROM arrears WHERE municipality_id = $1 AND (`+strings.Join(cond, " OR ")+`)`, args); err != nil {
			return err
		}
	}
	return nil
}

func (w *ArrearsWriter) scanArrears(ctx context.Context, query string, args []any) error {
	rows, err := w.query(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("arrears by reference: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k ArrearsKey
		var person sql.NullString
		a := &StoredArrears{}
		if err := rows.Scan(&k.CreditorID, &k.Reference, &a.ID, &a.Kind, &a.Status, &a.HouseholdID, &person, &a.OutreachID, &a.ContentHash,
			&a.LastDeliveryID, &a.LastLine, &a.Version); err != nil {
			return err
		}
		a.PersonID = person.String
		w.arrears[k] = a
	}
	return rows.Err()
}

// Find returns the arrears a creditor reported under the reference
// (arrears_by_reference), or ENOTFOUND.
func (w *ArrearsWriter) Find(ctx context.Context, municipalityID, creditorID, reference string) (*StoredArrears, error) {
	k := ArrearsKey{creditorID, reference}
	if err := w.loadArrears(ctx, municipalityID, []ArrearsKey{k}); err != nil {
		return nil, err
	}
	if a := w.arrears[k]; a != nil {
		return a, nil
	}
	return nil, wijkregie.NotFound()
}

// loadHouseholds reads the households at the addresses not read yet
// (households_by_address), oldest first. The addresses are a VALUES list
// the households are joined to, CROSS JOIN making SQLite start from the
// list (an OR of the addresses it answered by scanning the households);
// PostgreSQL plans the join itself.
func (w *ArrearsWriter) loadHouseholds(ctx context.Context, municipalityID string, keys []addrKey) error {
	var values []string
	args := []any{municipalityID}
	for _, k := range keys {
		if _, ok := w.addrs[k]; ok {
			continue
		}
		w.addrs[k] = []householdRow{}
		values = append(values, fmt.Sprintf("($%d, CAST($%d AS INTEGER))", len(args)+1, len(args)+2))
		args = append(args, k.postcode, k.number)
	}
	if len(values) == 0 {
		return nil
	}
	rows, err := w.query(ctx, `SELECT h.id, h.postcode, h.number, h.addition, h.team_id FROM (VALUES `+strings.Join(values, ", ")+`) v
CROSS JOIN households h WHERE h.municipality_id = $1 AND h.postcode = v.column1 AND h.number = v.column2 ORDER BY h.created_at, h.id`, args...)
	if err != nil {
		return fmt.Errorf("households at addresses: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h householdRow
		var k addrKey
		var team sql.NullString
		if err := rows.Scan(&h.id, &k.postcode, &k.number, &h.addition, &team); err != nil {
			return err
		}
		h.team = team.String
		w.addrs[k] = append(w.addrs[k], h)
	}
	return rows.Err()
}

// Household returns the oldest household at the address and its team
// (households_by_address; the addition compared without regard to case,
// as HouseholdsAtAddress does); "" when there is none.
func (w *ArrearsWriter) Household(ctx context.Context, municipalityID string, a wijkregie.Address) (id, teamID string, err error) {
	k := addrKey{wijkregie.NormalizePostcode(a.Postcode), a.Number}
	if err := w.loadHouseholds(ctx, municipalityID, []addrKey{k}); err != nil {
		return "", "", err
	}
	for _, h := range w.addrs[k] {
		if strings.EqualFold(strings.TrimSpace(h.addition), strings.TrimSpace(a.Addition)) {
			return h.id, h.team, nil
		}
	}
	return "", "", nil
}

// CreateHousehold registers a household, as Q.CreateHousehold does, and
// remembers it: a later row on the address finds it.
func (w *ArrearsWriter) CreateHousehold(ctx context.Context, h *wijkregie.Household) error {
	if err := w.q.CreateHousehold(ctx, h); err != nil {
		return err
	}
	k := addrKey{h.Address.Postcode, h.Address.Number}
	row := householdRow{id: h.ID, addition: h.Address.Addition, team: h.TeamID}
	if _, ok := w.addrs[k]; ok {
		w.addrs[k] = append(w.addrs[k], row)
	}
	if w.ahead != nil {
		w.ahead.remember(row, k)
	}
	w.members[h.ID], w.open[h.ID], w.cases[h.ID] = []memberRow{}, nil, openCase{}
	return nil
}

// Notify puts a notification in a user's inbox, as Q.CreateNotification
// does, in the writer's transaction: at once, or between Prefetch and
// Flush with the chunk's others.
func (w *ArrearsWriter) Notify(ctx context.Context, n *wijkregie.Notification) error {
	if !w.batching {
		return w.q.CreateNotification(ctx, n)
	}
	n.ID, n.CreatedAt = wijkregie.NewID(w.q.Now()), w.q.Now()
	w.newNotifications = append(w.newNotifications, notificationValues(n))
	return nil
}

// inIDs returns the ids not yet in seen, and their placeholders from
// $from on. The list is padded to a power of two by repeating its last
// id, which changes no IN's answer, so that the writer prepares a
// handful of shapes of each query rather than one per chunk.
func inIDs[V any](seen map[string]V, ids []string, from int) ([]any, string) {
	var args []any
	for _, id := range ids {
		if _, ok := seen[id]; !ok {
			args = append(args, id)
		}
	}
	args = padded(args)
	return args, marks(from, len(args))
}

// padded pads args to a power of two by repeating the last.
func padded(args []any) []any {
	if n := len(args); n > 1 {
		for range 1<<bits.Len(uint(n-1)) - n {
			args = append(args, args[n-1])
		}
	}
	return args
}

// loadMembers reads the members of today of the households not read yet.
// CROSS JOIN makes SQLite start from the households' members (the primary
// key of members), which its planner without statistics does not: it
// walked the persons, 7 ms a row against 0.1 ms (BenchmarkImportArrears).
// PostgreSQL reads it as an inner join.
func (w *ArrearsWriter) loadMembers(ctx context.Context, municipalityID string, hids []string, today time.Time) error {
	ids, in := inIDs(w.members, hids, 3)
	if len(ids) == 0 {
		return nil
	}
	for _, id := range ids {
		w.members[id.(string)] = []memberRow{}
	}
	rows, err := w.query(ctx, `SELECT m.household_id, p.id, p.bsn_hash, p.prefix, p.family_name, p.birth_date
FROM members m CROSS JOIN persons p
WHERE m.municipality_id = $1 AND m.household_id IN (`+in+`) AND m.from_date <= $2 AND (m.until_date IS NULL OR m.until_date >= $2)
AND p.municipality_id = m.municipality_id AND p.id = m.person_id AND p.merged_into IS NULL ORDER BY m.household_id, p.id`,
		append([]any{municipalityID, date(today)}, ids...)...)
	if err != nil {
		return fmt.Errorf("members: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var hid string
		var m memberRow
		if err := rows.Scan(&hid, &m.id, &m.bsnHash, &m.prefix, &m.family, &m.born); err != nil {
			return err
		}
		w.members[hid] = append(w.members[hid], m)
	}
	return rows.Err()
}

// Member returns the id of the household's member of the day the debtor
// is: the one with the BSN, else the one with the surname (with or
// without the prefix, regardless of case) born on the birth date; "" when
// none is. A record merged into another is no member of its own.
func (w *ArrearsWriter) Member(ctx context.Context, municipalityID, householdID string, today time.Time, d *wijkregie.Debtor) (string, error) {
	if err := w.loadMembers(ctx, municipalityID, []string{householdID}, today); err != nil {
		return "", err
	}
	var hashes []string
	if d.BSN != "" {
		hashes = w.q.keys.Hashes(municipalityID, d.BSN.Digits())
	}
	surname := strings.Join(strings.Fields(d.Surname), " ")
	full := strings.Join(strings.Fields(d.Prefix+" "+d.Surname), " ")
	byName := ""
	for _, m := range w.members[householdID] {
		if m.bsnHash.Valid && slices.Contains(hashes, m.bsnHash.String) {
			return m.id, nil
		}
		if byName == "" && m.born.Valid && date(m.born.Time).Equal(date(d.BirthDate)) {
			withPrefix := strings.Join(strings.Fields(m.prefix+" "+m.family), " ")
			if strings.EqualFold(m.family, surname) || strings.EqualFold(withPrefix, full) || strings.EqualFold(withPrefix, surname) {
				byName = m.id
			}
		}
	}
	return byName, nil
}

// loadOpen reads the open outreaches of the households not read yet
// (outreaches_open_by_household). The status is written out: SQLite uses
// a partial index only for a query whose condition implies the index's,
// which a parameter never does.
func (w *ArrearsWriter) loadOpen(ctx context.Context, municipalityID string, hids []string) error {
	ids, in := inIDs(w.open, hids, 2)
	if len(ids) == 0 {
		return nil
	}
	for _, id := range ids {
		w.open[id.(string)] = nil
	}
	rows, err := w.query(ctx, `SELECT household_id, id, team_id, case_id, assigned_to, threatening, deadline, opened_at, version FROM outreaches
WHERE municipality_id = $1 AND status = 'open' AND household_id IN (`+in+`)`, append([]any{municipalityID}, ids...)...)
	if err != nil {
		return fmt.Errorf("open outreaches: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		o := &wijkregie.Outreach{MunicipalityID: municipalityID, Status: wijkregie.OutreachOpen}
		var team, kase, assigned sql.NullString
		if err := rows.Scan(&o.HouseholdID, &o.ID, &team, &kase, &assigned, &o.Threatening, &o.Deadline, &o.OpenedAt, &o.Version); err != nil {
			return err
		}
		o.TeamID, o.CaseID, o.AssignedTo = team.String, kase.String, assigned.String
		o.Deadline, o.OpenedAt = o.Deadline.UTC(), o.OpenedAt.UTC()
		w.open[o.HouseholdID] = o
	}
	return rows.Err()
}

// OpenOutreach returns the household's open outreach with what a joining
// report changes: its term and whether it is threatening. ENOTFOUND when
// it has none. The outreach is the writer's: change it through
// SetOutreachTerm.
func (w *ArrearsWriter) OpenOutreach(ctx context.Context, municipalityID, householdID string) (*wijkregie.Outreach, error) {
	if err := w.loadOpen(ctx, municipalityID, []string{householdID}); err != nil {
		return nil, err
	}
	if o := w.open[householdID]; o != nil {
		return o, nil
	}
	return nil, wijkregie.NotFound()
}

// loadCases reads the open cases of the households not read yet
// (cases_one_open).
func (w *ArrearsWriter) loadCases(ctx context.Context, municipalityID string, hids []string) error {
	ids, in := inIDs(w.cases, hids, 4)
	if len(ids) == 0 {
		return nil
	}
	for _, id := range ids {
		w.cases[id.(string)] = openCase{}
	}
	rows, err := w.query(ctx, `SELECT household_id, id, coordinator_id FROM cases WHERE municipality_id = $1 AND status NOT IN ($2, $3)
AND household_id IN (`+in+`)`, append([]any{municipalityID, wijkregie.CaseClosed, wijkregie.CaseHandedOver}, ids...)...)
	if err != nil {
		return fmt.Errorf("open cases: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var hid string
		var c openCase
		var coordinator sql.NullString
		if err := rows.Scan(&hid, &c.id, &coordinator); err != nil {
			return err
		}
		c.coordinator = coordinator.String
		w.cases[hid] = c
	}
	return rows.Err()
}

// OpenCase returns the household's open case and its regisseur; "" and
// "" when it has none.
func (w *ArrearsWriter) OpenCase(ctx context.Context, municipalityID, householdID string) (caseID, coordinator string, err error) {
	if err := w.loadCases(ctx, municipalityID, []string{householdID}); err != nil {
		return "", "", err
	}
	c := w.cases[householdID]
	return c.id, c.coordinator, nil
}

const outreachInsertColumns = `municipality_id, id, household_id, team_id, case_id, assigned_to, status, threatening, deadline, opened_at, version`

func outreachValues(o *wijkregie.Outreach) []any {
	return []any{o.MunicipalityID, o.ID, o.HouseholdID, nullString(o.TeamID), nullString(o.CaseID), nullString(o.AssignedTo), o.Status,
		o.Threatening, o.Deadline, o.OpenedAt, o.Version}
}

// CreateOutreach opens an outreach, at version 1; the id is set here. A
// household that has an open outreach already is a conflict
// (outreaches_open_by_household), found at Flush when the writer keeps
// its writes.
func (w *ArrearsWriter) CreateOutreach(ctx context.Context, o *wijkregie.Outreach) error {
	o.ID, o.Status, o.Version = wijkregie.NewID(w.q.Now()), wijkregie.OutreachOpen, 1
	o.Deadline, o.OpenedAt = stamp(o.Deadline), stamp(o.OpenedAt)
	w.open[o.HouseholdID] = o
	if w.batching {
		w.newOutreaches = append(w.newOutreaches, o)
		w.pending[o.ID] = true
		return nil
	}
	_, err := w.exec(ctx, `INSERT INTO outreaches (`+outreachInsertColumns+`) VALUES (`+marks(1, 11)+`)`, outreachValues(o)...)
	return outreachInsertError(err)
}

func outreachInsertError(err error) error {
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
	o.Version++
	if w.batching {
		if !w.pending[o.ID] {
			t := w.terms[o.ID]
			if t == nil {
				t = &termUpdate{o: o}
				w.terms[o.ID] = t
			}
			t.n++
		}
		return nil
	}
	return w.updateTerm(ctx, o, 1)
}

func (w *ArrearsWriter) updateTerm(ctx context.Context, o *wijkregie.Outreach, n int) error {
	res, err := w.exec(ctx, `UPDATE outreaches SET deadline = $3, threatening = $4, version = version + $5
WHERE municipality_id = $1 AND id = $2 AND status = 'open'`, o.MunicipalityID, o.ID, o.Deadline, o.Threatening, n)
	if err != nil {
		return fmt.Errorf("outreach term: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return wijkregie.Conflict("fout.inlezen.gelijktijdig")
	}
	return nil
}

// OutreachThreatening reports whether one of the outreach's open arrears
// is of a threatening kind (wijkregie.ArrearsKind.Threatening).
func (w *ArrearsWriter) OutreachThreatening(ctx context.Context, municipalityID, outreachID string) (bool, error) {
	if err := w.Flush(ctx); err != nil {
		return false, err
	}
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
	var n [4]byte
	field := func(s string) {
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

const arrearsInsertColumns = `municipality_id, id, creditor_id, reference, first_reported_at, reports, version, ` + arrearsWriteColumns

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

// remember keeps what the writer knows of arrears just written.
func (w *ArrearsWriter) remember(a *wijkregie.Arrears, contentHash, deliveryID string, line int) {
	w.arrears[ArrearsKey{a.CreditorID, a.Reference}] = &StoredArrears{ID: a.ID, Kind: a.Kind, Status: a.Status, HouseholdID: a.HouseholdID,
		PersonID: a.PersonID, OutreachID: a.OutreachID, ContentHash: contentHash, LastDeliveryID: deliveryID, LastLine: line, Version: a.Version}
}

// CreateArrears stores new arrears as reported on a delivery's line, at
// version 1 and reported once; the id is set here. Another report on the
// same contract is a conflict (arrears_by_reference), found at Flush when
// the writer keeps its writes.
func (w *ArrearsWriter) CreateArrears(ctx context.Context, a *wijkregie.Arrears, contentHash, deliveryID string, line int) error {
	a.ID, a.Version, a.Reports = wijkregie.NewID(w.q.Now()), 1, 1
	a.FirstReported, a.LastReported = stamp(a.FirstReported), stamp(a.FirstReported)
	args, err := w.arrearsArgs(a, contentHash, deliveryID, line)
	if err != nil {
		return err
	}
	args = append([]any{a.MunicipalityID, a.ID, a.CreditorID, a.Reference, a.FirstReported, a.Reports, a.Version}, args...)
	w.remember(a, contentHash, deliveryID, line)
	if w.batching {
		w.newArrears = append(w.newArrears, args)
		return nil
	}
	_, err = w.exec(ctx, `INSERT INTO arrears (`+arrearsInsertColumns+`) VALUES (`+marks(1, 32)+`)`, args...)
	return arrearsInsertError(err)
}

func arrearsInsertError(err error) error {
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
	// The outreach it now belongs to may be one the writer keeps.
	if err := w.Flush(ctx); err != nil {
		return err
	}
	args, err := w.arrearsArgs(a, contentHash, deliveryID, line)
	if err != nil {
		return err
	}
	args = append([]any{a.MunicipalityID, a.ID, a.Version}, args...)
	res, err := w.exec(ctx, `UPDATE arrears SET (`+arrearsWriteColumns+`, reports, version) =
(`+marks(4, 25)+`, reports + 1, version + 1)
WHERE municipality_id = $1 AND id = $2 AND version = $3`, args...)
	if err != nil {
		return fmt.Errorf("update arrears: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return wijkregie.Conflict("fout.inlezen.gelijktijdig")
	}
	a.Version++
	a.Reports++
	w.remember(a, contentHash, deliveryID, line)
	return nil
}

// TouchArrears records that a delivery's line reported known arrears
// again without changing them: when, and where, so that a second line on
// the same contract in that delivery is known as a duplicate.
func (w *ArrearsWriter) TouchArrears(ctx context.Context, municipalityID string, a *StoredArrears, deliveryID string, line int, at time.Time) error {
	_, err := w.exec(ctx, `UPDATE arrears SET last_reported_at = $3, last_delivery_id = $4, last_line = $5, reports = reports + 1
WHERE municipality_id = $1 AND id = $2`, municipalityID, a.ID, stamp(at), deliveryID, line)
	if err != nil {
		return fmt.Errorf("touch arrears: %w", err)
	}
	a.LastDeliveryID, a.LastLine = deliveryID, line
	return nil
}

// perInsert is how many rows one INSERT of Flush carries: about 500
// parameters on SQLite, where the statements write ? rather than $n
// (SQLite looks a $n up by a linear search of the statement's names,
// which makes a long statement cost the square of its parameters: a ?
// is bound by its place), and 4,000 on PostgreSQL, each a round trip
// fewer.
func (w *ArrearsWriter) perInsert(columns int) int {
	if w.q.dialect == Postgres {
		return 4000 / columns
	}
	return 500 / columns
}

// insertSQL returns the INSERT of n rows of the columns after head.
func (w *ArrearsWriter) insertSQL(head, columns string, n int) string {
	if w.q.dialect == Postgres {
		return insertRowsSQL(head, columns, n)
	}
	row := "(" + strings.Repeat("?, ", strings.Count(columns, ",")) + "?)"
	var b strings.Builder
	b.Grow(len(head) + n*(len(row)+2))
	b.WriteString(head)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
}

// Flush writes what the writer kept: the new outreaches, then the new
// arrears (which name them), many to a statement, then the changed terms.
func (w *ArrearsWriter) Flush(ctx context.Context) error {
	if err := w.insertMany(ctx, `INSERT INTO outreaches (`+outreachInsertColumns+`) VALUES `, outreachInsertColumns, len(w.newOutreaches),
		func(i int) []any { return outreachValues(w.newOutreaches[i]) }, outreachInsertError); err != nil {
		return err
	}
	w.newOutreaches = w.newOutreaches[:0]
	clear(w.pending)
	if err := w.insertMany(ctx, `INSERT INTO arrears (`+arrearsInsertColumns+`) VALUES `, arrearsInsertColumns, len(w.newArrears),
		func(i int) []any { return w.newArrears[i] }, arrearsInsertError); err != nil {
		return err
	}
	clear(w.newArrears)
	w.newArrears = w.newArrears[:0]
	if err := w.insertMany(ctx, `INSERT INTO notifications (`+notificationColumns+`) VALUES `, notificationColumns, len(w.newNotifications),
		func(i int) []any { return w.newNotifications[i] }, func(err error) error { return fmt.Errorf("notifications: %w", err) }); err != nil {
		return err
	}
	clear(w.newNotifications)
	w.newNotifications = w.newNotifications[:0]
	for id, t := range w.terms {
		if err := w.updateTerm(ctx, t.o, t.n); err != nil {
			return err
		}
		delete(w.terms, id)
	}
	return nil
}

// insertMany inserts n rows, per at a time.
func (w *ArrearsWriter) insertMany(ctx context.Context, head, columns string, n int, values func(i int) []any, fail func(error) error) error {
	per := w.perInsert(strings.Count(columns, ",") + 1)
	for lo := 0; lo < n; {
		// The rest that fills no whole statement goes in statements of
		// a power of two rows: a handful of shapes, each prepared once
		// per transaction, instead of one parsed anew for every chunk.
		size := per
		if rest := n - lo; rest < per {
			size = 1 << (bits.Len(uint(rest)) - 1)
		}
		hi := lo + size
		var args []any
		for i := lo; i < hi; i++ {
			args = append(args, values(i)...)
		}
		if _, err := w.exec(ctx, w.insertSQL(head, columns, hi-lo), args...); err != nil {
			return fail(err)
		}
		lo = hi
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
