package app

// The arrears intake (issue 6, docs/vroegsignalering.md). Its contract,
// kept stable for the outreach pages and lists that build on it:
//
//	func (s *Service) ImportArrears(ctx context.Context, actor wijkregie.Actor, rows []ArrearsRow, opts ArrearsImport) (*ArrearsSummary, error)
//	func (s *Service) ImportArrearsFile(ctx context.Context, actor wijkregie.Actor, r io.Reader, opts ArrearsImport) (*ArrearsSummary, error)
//
// ImportArrears takes reports already read (the API's JSON, tests), all in
// one transaction; ImportArrearsFile streams a creditor's CSV file
// (internal/arrearsfile) in transactions of opts.BatchSize rows.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/arrearsfile"
	"wijkregie/internal/policy"
	"wijkregie/internal/store"
)

// ArrearsRow is one row of a delivery: a report with the line it came
// from (the file's line, or the API's position counted from 1), or why it
// could not be read.
type ArrearsRow struct {
	Line   int
	Report wijkregie.ArrearsReport
	Err    error // the row could not be read: it is rejected with this (*wijkregie.Error's fields)
}

// The sources of a delivery, as arrears_deliveries.source keeps them.
const (
	DeliveryFile = "bestand" // an upload or the command line
	DeliveryAPI  = "api"
)

// ArrearsImport says how to import.
type ArrearsImport struct {
	Source string // DeliveryFile or DeliveryAPI; DeliveryAPI when ""
	// DryRun classifies every row as an import would and commits nothing:
	// the whole delivery runs in one transaction that is rolled back.
	DryRun bool
	// BatchSize is ImportArrearsFile's rows per transaction;
	// DefaultArrearsBatch when 0. ImportArrears runs in one.
	BatchSize int
	// ChunkSize is how many rows are looked up at once; arrearsChunk
	// when 0. Tests make it small to cross chunk and batch boundaries.
	ChunkSize int
	// DiscardIfNoneTaken keeps nothing, not even the delivery, when no
	// row was good (the API's 422); ImportArrears only.
	DiscardIfNoneTaken bool
}

// DefaultArrearsBatch is how many rows of a file one transaction writes:
// large enough that committing costs little per row, small enough that
// the write lock is held for a fraction of a second (about 0.2 s at
// 1,000,000 households). Measured at 100,000 rows into that store, 1,000
// to 10,000 rows a transaction differ by less than the runs' spread;
// 10,000 was no faster than 2,000.
const DefaultArrearsBatch = 2000

// MaxArrearsRejections bounds the rejected rows a summary lists; Rejected
// counts them all. A file rejected line by line needs fixing at its
// source, not a longer list.
const MaxArrearsRejections = 1000

// ArrearsRejection is why one row was not taken: its line, the field (the
// column; "" for the row as a whole) and the catalogue key of the message.
// It never holds the row's content.
type ArrearsRejection struct {
	Line      int
	Field     string
	Message   string
	FirstLine int // for a duplicate line: the line that reported the contract first
}

// ArrearsSummary is what became of a delivery's rows.
type ArrearsSummary struct {
	DeliveryID string
	DryRun     bool
	Read       int // gelezen: rows read, good and bad
	New        int // nieuw: arrears not known before
	Updated    int // bijgewerkt: a later report that changed known arrears
	Unchanged  int // ongewijzigd: the same report again
	Bundled    int // gebundeld: reports that joined an outreach open already
	Rejected   int // afgewezen
	Outreaches int // outreaches opened
	Rejections []ArrearsRejection
	// EarlierDelivery is when the same file was delivered before; zero
	// when it was not (or for JSON).
	EarlierDelivery time.Time
	FileHash        string
}

// ImportArrears imports reports read by the caller (the API's JSON, a
// test), in one transaction: every row is classified (new, updated,
// unchanged, rejected with its line and field) and written as
// docs/vroegsignalering.md describes; good rows are kept, bad ones
// reported. It fails only for a reason that is no row's: a refused actor
// or a store error, and then nothing is written.
func (s *Service) ImportArrears(ctx context.Context, actor wijkregie.Actor, rows []ArrearsRow, opts ArrearsImport) (*ArrearsSummary, error) {
	if err := s.allow(actor, policy.ImportArrears); err != nil {
		return nil, err
	}
	i := 0
	next := func() (ArrearsRow, error) {
		if i == len(rows) {
			return ArrearsRow{}, io.EOF
		}
		i++
		return rows[i-1], nil
	}
	opts.BatchSize = -1 // one transaction
	return s.importArrears(ctx, actor, next, "", opts)
}

// ImportArrearsFile imports a creditor's CSV file (internal/arrearsfile),
// streamed: rows are read and written opts.BatchSize at a time, so memory
// does not grow with the file, and a run broken off is safely run again
// (a row already taken is unchanged the second time). A file that cannot
// be read at all (wrong delimiter, a missing column, not UTF-8) is invalid,
// its fields naming "bestand" or the column, and nothing is written.
func (s *Service) ImportArrearsFile(ctx context.Context, actor wijkregie.Actor, r io.Reader, opts ArrearsImport) (*ArrearsSummary, error) {
	if err := s.allow(actor, policy.ImportArrears); err != nil {
		return nil, err
	}
	if opts.Source == "" {
		opts.Source = DeliveryFile
	}
	opts.DiscardIfNoneTaken = false // its batches commit as they go
	sum := sha256.New()
	fr, err := arrearsfile.NewReader(io.TeeReader(r, sum))
	if err != nil {
		return nil, err
	}
	next := func() (ArrearsRow, error) {
		rep, line, err := fr.Read()
		switch {
		case err == io.EOF:
			return ArrearsRow{}, io.EOF
		case arrearsfile.IsRowError(err):
			if rep != nil {
				err = s.ArrearsRowInvalid(rep, err)
			}
			return ArrearsRow{Line: line, Err: err}, nil
		case err != nil:
			return ArrearsRow{}, err
		}
		return ArrearsRow{Line: line, Report: *rep}, nil
	}
	// The hash is known once the last row is read, which is when it is
	// asked for.
	hashOf := func() string { return hex.EncodeToString(sum.Sum(nil)) }
	return s.importArrearsHashed(ctx, actor, next, hashOf, opts)
}

func (s *Service) importArrears(ctx context.Context, actor wijkregie.Actor, next func() (ArrearsRow, error), fileHash string, opts ArrearsImport) (*ArrearsSummary, error) {
	return s.importArrearsHashed(ctx, actor, next, func() string { return fileHash }, opts)
}

// ArrearsRowInvalid adds to a row's unreadable fields (err) what is wrong
// with the fields of r that could be read, so that one look at the
// summary shows all of a row's problems: the API's JSON and the file
// reader both leave a field they cannot read empty.
func (s *Service) ArrearsRowInvalid(r *wijkregie.ArrearsReport, err error) error {
	var e *wijkregie.Error
	if !errors.As(err, &e) {
		return err
	}
	clean(r)
	var ve *wijkregie.Error
	if !errors.As(r.Validate(s.Now()), &ve) {
		return err
	}
	out := &wijkregie.Error{Code: e.Code, Message: e.Message, Fields: slices.Clone(e.Fields)}
	for _, f := range ve.Fields {
		if !slices.ContainsFunc(out.Fields, func(g wijkregie.FieldError) bool { return g.Name == f.Name }) {
			out.Fields = append(out.Fields, f)
		}
	}
	return out
}

// errDryRun rolls a dry run's transaction back.
var errDryRun = errors.New("dry run")

func (s *Service) importArrearsHashed(ctx context.Context, actor wijkregie.Actor, next func() (ArrearsRow, error), hashOf func() string, opts ArrearsImport) (*ArrearsSummary, error) {
	if opts.Source == "" {
		opts.Source = DeliveryAPI
	}
	if opts.BatchSize == 0 {
		opts.BatchSize = DefaultArrearsBatch
	}
	if opts.DryRun {
		opts.BatchSize = -1 // one transaction, rolled back
	}
	now := s.Now()
	im := &arrearsImport{
		s: s, actor: actor, mid: actor.MunicipalityID, now: now, today: now,
		sum:       &ArrearsSummary{DryRun: opts.DryRun},
		creditors: map[creditorKey]string{},
		delivery: store.ArrearsDelivery{MunicipalityID: actor.MunicipalityID, ID: wijkregie.NewID(now), Source: opts.Source,
			DeliveredBy: actor.UserID, StartedAt: now},
	}
	im.sum.DeliveryID = im.delivery.ID
	if im.chunkSize = opts.ChunkSize; im.chunkSize <= 0 {
		im.chunkSize = arrearsChunk
	}
	// The delivery is recorded in the first transaction and finished in
	// the last; in between, each transaction takes a batch of rows. A run
	// broken off leaves the batches before committed and the delivery
	// unfinished; run again, those rows are unchanged.
	src := im.inline(next)
	if opts.BatchSize > 0 && !opts.DryRun {
		// Batches that commit as they go: a reader reads the next
		// chunk's households while the writer writes this one.
		ctx2, cancel := context.WithCancel(ctx)
		defer cancel()
		im.ahead = store.NewLookahead()
		src = im.readAhead(ctx2, next)
	}
	first, discarded := true, false
	for more := true; more; first = false {
		err := s.store.Tx(ctx, func(q *store.Q) (err error) {
			if first {
				if err := im.begin(ctx, q); err != nil {
					return err
				}
			}
			if more, err = im.batch(ctx, q, src, opts.BatchSize); err != nil || more {
				return err
			}
			if err := im.finish(ctx, q, hashOf()); err != nil {
				return err
			}
			if opts.DryRun || first && opts.DiscardIfNoneTaken && im.sum.taken() == 0 {
				return errDryRun
			}
			return nil
		})
		if errors.Is(err, errDryRun) {
			discarded = true
		} else if err != nil {
			return nil, err
		}
		if im.ahead != nil {
			im.ahead.Committed()
		}
	}
	if discarded {
		// Nothing was kept, but what was delivered was checked (and, in
		// a dry run, matched against the register): that is logged.
		im.sum.DeliveryID = ""
		if err := s.audit(ctx, actor, im.importEvent()); err != nil {
			return nil, err
		}
	}
	return im.sum, nil
}

// taken is how many rows were good: new, updated or unchanged.
func (s *ArrearsSummary) taken() int { return s.New + s.Updated + s.Unchanged }

// creditorKey is how an import knows a creditor it met before.
type creditorKey struct {
	kind wijkregie.CreditorKind
	key  string
}

// arrearsImport is one delivery being imported.
type arrearsImport struct {
	s         *Service
	actor     wijkregie.Actor
	mid       string
	now       time.Time // the delivery's moment: every row is received now
	today     time.Time
	sum       *ArrearsSummary
	delivery  store.ArrearsDelivery
	settings  wijkregie.Settings
	teams     []wijkregie.Team
	creditors map[creditorKey]string // the ids of creditors met, kept per import (a handful)
	audits    []wijkregie.AuditRecord
	ahead     *store.Lookahead // nil unless chunks are read ahead
	chunkSize int
}

// begin records the delivery and reads what every row needs.
func (im *arrearsImport) begin(ctx context.Context, q *store.Q) error {
	var err error
	if im.settings, err = q.Settings(ctx, im.mid); err != nil {
		return err
	}
	if im.teams, err = q.Teams(ctx, im.mid); err != nil {
		return err
	}
	return q.CreateArrearsDelivery(ctx, &im.delivery)
}

// aheadChunk is a chunk of checked rows, with its households and members
// when they were read ahead; eof marks the last (it may be empty).
type aheadChunk struct {
	rows []checkedRow
	snap *store.AddressSnapshot
	eof  bool
	err  error
}

// inline returns the chunks of next, read and checked when asked for.
func (im *arrearsImport) inline(next func() (ArrearsRow, error)) func() aheadChunk {
	return func() aheadChunk {
		c, err := im.readChunk(next)
		c.err = err
		return c
	}
}

// readChunk reads and checks up to arrearsChunk rows.
func (im *arrearsImport) readChunk(next func() (ArrearsRow, error)) (aheadChunk, error) {
	c := aheadChunk{rows: make([]checkedRow, 0, im.chunkSize)}
	for len(c.rows) < im.chunkSize {
		row, err := next()
		if err == io.EOF {
			c.eof = true
			break
		}
		if err != nil {
			return c, err
		}
		c.rows = append(c.rows, im.check(row))
	}
	return c, nil
}

// readAhead reads, checks and looks up chunks on a goroutine of its own,
// a few ahead of the writer (store.Lookahead): the file's parsing and the
// register's random reads run beside the writes. It stops at the file's
// end, at an error (handed on as the last chunk) or when ctx ends.
func (im *arrearsImport) readAhead(ctx context.Context, next func() (ArrearsRow, error)) func() aheadChunk {
	ch := make(chan aheadChunk, 2)
	go func() {
		defer close(ch)
		for {
			c, err := im.readChunk(next)
			if err == nil {
				var addrs []wijkregie.Address
				for i := range c.rows {
					if c.rows[i].invalid == nil {
						addrs = append(addrs, c.rows[i].Report.Debtor.Address)
					}
				}
				c.snap, err = im.ahead.ReadAddresses(ctx, im.s.store, im.mid, im.today, addrs)
			}
			c.err = err
			select {
			case ch <- c:
			case <-ctx.Done():
				return
			}
			if c.eof || c.err != nil {
				return
			}
		}
	}()
	return func() aheadChunk {
		c, ok := <-ch
		if !ok {
			return aheadChunk{err: ctx.Err()}
		}
		return c
	}
}

// batch imports chunks of src until n rows (all when n < 0) in q's
// transaction and reports whether rows may follow.
func (im *arrearsImport) batch(ctx context.Context, q *store.Q, src func() aheadChunk, n int) (more bool, err error) {
	w := q.ArrearsWriter()
	defer w.Close()
	if im.ahead != nil {
		w.UseLookahead(im.ahead)
	}
	im.audits = im.audits[:0]
	for i := 0; n < 0 || i < n; {
		c := src()
		if c.err != nil {
			return false, c.err
		}
		i += len(c.rows)
		if err := im.chunk(ctx, w, c); err != nil {
			return false, err
		}
		if c.eof {
			return false, im.flush(ctx, q, w)
		}
	}
	return true, im.flush(ctx, q, w)
}

// arrearsChunk is how many rows are looked up at once
// (store.ArrearsWriter.Prefetch): enough that a lookup's cost is shared,
// few enough that the statements stay small.
const arrearsChunk = 512

// checkedRow is a row checked on its own, with its creditor when valid.
type checkedRow struct {
	ArrearsRow
	invalid    error
	creditorID string
}

// check checks a row on its own.
func (im *arrearsImport) check(row ArrearsRow) checkedRow {
	c := checkedRow{ArrearsRow: row, invalid: row.Err}
	if c.invalid == nil {
		clean(&c.Report)
		c.invalid = im.validate(&c.Report)
	}
	return c
}

// chunk imports checked rows: their creditors, what the store knows of
// them read at once, then row by row.
func (im *arrearsImport) chunk(ctx context.Context, w *store.ArrearsWriter, c aheadChunk) error {
	rows := c.rows
	var keys []store.ArrearsKey
	var addrs []wijkregie.Address
	for i := range rows {
		c := &rows[i]
		if c.invalid != nil {
			continue
		}
		id, err := im.creditor(ctx, w, &c.Report)
		if err != nil {
			return err
		}
		c.creditorID = id
		keys = append(keys, store.ArrearsKey{CreditorID: id, Reference: c.Report.Reference})
		addrs = append(addrs, c.Report.Debtor.Address)
	}
	if c.snap != nil {
		err := w.PrefetchAhead(ctx, im.mid, im.today, keys, c.snap)
		if err != nil {
			return err
		}
	} else if err := w.Prefetch(ctx, im.mid, im.today, keys, addrs); err != nil {
		return err
	}
	for i := range rows {
		if err := im.row(ctx, w, &rows[i]); err != nil {
			return fmt.Errorf("line %d: %w", rows[i].Line, err)
		}
	}
	return nil
}

func (im *arrearsImport) flush(ctx context.Context, q *store.Q, w *store.ArrearsWriter) error {
	if err := w.Flush(ctx); err != nil {
		return err
	}
	if len(im.audits) == 0 {
		return nil
	}
	err := q.AppendAudit(ctx, im.audits...)
	im.audits = im.audits[:0]
	return err
}

// finish stores the delivery's counts and the import's audit record, and
// says whether the same file came before.
func (im *arrearsImport) finish(ctx context.Context, q *store.Q, fileHash string) error {
	d, sum := &im.delivery, im.sum
	sum.FileHash = fileHash
	if earlier, err := q.EarlierArrearsDelivery(ctx, im.mid, fileHash, d.ID); err == nil {
		sum.EarlierDelivery = earlier.StartedAt
	} else if wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
		return err
	}
	d.FileHash, d.Read, d.New, d.Updated, d.Unchanged, d.Bundled, d.Rejected = fileHash, sum.Read, sum.New, sum.Updated, sum.Unchanged, sum.Bundled, sum.Rejected
	d.FinishedAt = q.Now()
	if err := q.UpdateArrearsDelivery(ctx, d); err != nil {
		return err
	}
	return q.AppendAudit(ctx, im.actor.Record(im.importEvent()))
}

// importEvent is the import's audit record: the delivery and its counts,
// never a row's content.
func (im *arrearsImport) importEvent() wijkregie.Event {
	s := im.sum
	criteria := []string{fmt.Sprintf("gelezen=%d", s.Read), fmt.Sprintf("nieuw=%d", s.New), fmt.Sprintf("bijgewerkt=%d", s.Updated),
		fmt.Sprintf("ongewijzigd=%d", s.Unchanged), fmt.Sprintf("gebundeld=%d", s.Bundled), fmt.Sprintf("afgewezen=%d", s.Rejected),
		fmt.Sprintf("vroegsignalen=%d", s.Outreaches)}
	if s.DryRun {
		criteria = append(criteria, "proefrun")
	}
	return wijkregie.Event{Action: string(policy.ImportArrears), SubjectKind: "levering", SubjectID: s.DeliveryID,
		Purpose: PurposeTask, Search: wijkregie.SearchOf(criteria...), Results: s.Read}
}

// reject lists a row's invalid fields.
func (im *arrearsImport) reject(line int, err error) {
	im.sum.Rejected++
	var e *wijkregie.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		msg := "veld.inlezen.regel"
		if e != nil {
			msg = e.Message
		}
		im.note(ArrearsRejection{Line: line, Message: msg})
		return
	}
	for _, f := range e.Fields {
		im.note(ArrearsRejection{Line: line, Field: f.Name, Message: f.Message})
	}
}

func (im *arrearsImport) note(r ArrearsRejection) {
	if len(im.sum.Rejections) < MaxArrearsRejections {
		im.sum.Rejections = append(im.sum.Rejections, r)
	}
}

// clean trims what a creditor's system pads and normalises the postcode,
// before the report is validated and compared.
func clean(r *wijkregie.ArrearsReport) {
	r.CreditorName = strings.Join(strings.Fields(r.CreditorName), " ")
	r.Reference = strings.TrimSpace(r.Reference)
	if r.Kind == "" {
		r.Kind = wijkregie.ArrearsPlain
	}
	d := &r.Debtor
	d.Surname, d.Initials, d.Prefix = strings.TrimSpace(d.Surname), strings.TrimSpace(d.Initials), strings.TrimSpace(d.Prefix)
	a := &d.Address
	a.Street, a.Addition, a.Town = strings.TrimSpace(a.Street), strings.TrimSpace(a.Addition), strings.TrimSpace(a.Town)
	a.Postcode = wijkregie.NormalizePostcode(a.Postcode)
	r.Since, d.BirthDate = dayOf(r.Since), dayOf(d.BirthDate)
	if !r.EndDate.IsZero() {
		r.EndDate = dayOf(r.EndDate)
	}
}

// validate checks a report on its own: its fields, and a BSN by the
// elfproef when given.
func (im *arrearsImport) validate(r *wijkregie.ArrearsReport) error {
	var v wijkregie.Invalid
	v.Add(r.Validate(im.today))
	if r.Debtor.BSN != "" {
		b, err := wijkregie.ParseBSN(string(r.Debtor.BSN))
		v.Add(err)
		r.Debtor.BSN = b
	}
	return v.Err()
}

// row imports one row: each row's writes are decided after its checks,
// so a rejected row writes nothing.
func (im *arrearsImport) row(ctx context.Context, w *store.ArrearsWriter, row *checkedRow) error {
	im.sum.Read++
	if row.invalid != nil {
		im.reject(row.Line, row.invalid)
		return nil
	}
	r, creditorID := &row.Report, row.creditorID
	old, err := w.Find(ctx, im.mid, creditorID, r.Reference)
	if err != nil && wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
		return err
	}
	if old != nil && old.LastDeliveryID == im.delivery.ID {
		im.sum.Rejected++
		im.note(ArrearsRejection{Line: row.Line, Field: "referentie", Message: "veld.inlezen.dubbel", FirstLine: old.LastLine})
		return nil
	}
	hash := w.ContentHash(im.mid, r)
	if old != nil && old.ContentHash == hash {
		im.sum.Unchanged++
		return w.TouchArrears(ctx, im.mid, old, im.delivery.ID, row.Line, im.now)
	}
	if old == nil && r.Kind == wijkregie.ArrearsPaid {
		// Nothing to close: the creditor's list and ours disagree, which
		// the creditor should hear.
		im.sum.Rejected++
		im.note(ArrearsRejection{Line: row.Line, Field: "soort", Message: "veld.inlezen.betaald_onbekend"})
		return nil
	}
	a := &wijkregie.Arrears{MunicipalityID: im.mid, CreditorID: creditorID, Reference: r.Reference, Kind: r.Kind,
		Status: wijkregie.ArrearsOpen, Debtor: r.Debtor, AmountCents: r.AmountCents, Terms: r.Terms, Since: r.Since, EndDate: r.EndDate,
		FirstReported: im.now, LastReported: im.now}
	own := im.settings.OutreachDeadline(im.now, r.Kind, r.EndDate)

	if old != nil && r.Kind == wijkregie.ArrearsPaid {
		// Paid closes the arrears where they are; its outreach stays open
		// for the team to end with an outcome, no longer threatening for
		// this report.
		a.ID, a.Version, a.Status, a.ClosedAt = old.ID, old.Version, wijkregie.ArrearsClosed, im.now
		a.HouseholdID, a.PersonID, a.OutreachID = old.HouseholdID, old.PersonID, old.OutreachID
		if err := w.UpdateArrears(ctx, a, hash, im.delivery.ID, row.Line); err != nil {
			return err
		}
		if err := im.retune(ctx, w, old.HouseholdID, old.OutreachID); err != nil {
			return err
		}
		im.sum.Updated++
		im.auditArrears("betalingsachterstand.wijzigen", a)
		return nil
	}

	householdID, teamID, err := im.household(ctx, w, &r.Debtor.Address)
	if err != nil {
		return err
	}
	if a.PersonID, err = w.Member(ctx, im.mid, householdID, im.today, &r.Debtor); err != nil {
		return err
	}
	a.HouseholdID = householdID
	if old == nil {
		if a.OutreachID, err = im.place(ctx, w, householdID, teamID, r.Kind, own); err != nil {
			return err
		}
		if err := w.CreateArrears(ctx, a, hash, im.delivery.ID, row.Line); err != nil {
			return err
		}
		im.sum.New++
		im.auditArrears("betalingsachterstand.aanmaken", a)
		return nil
	}

	a.ID, a.Version = old.ID, old.Version
	open, err := w.OpenOutreach(ctx, im.mid, householdID)
	if err != nil && wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
		return err
	}
	if open != nil && open.ID == old.OutreachID {
		// Still the household's open outreach: the later report's term
		// counts from now, and may only bring the offer forward.
		a.OutreachID = old.OutreachID
		if err := w.UpdateArrears(ctx, a, hash, im.delivery.ID, row.Line); err != nil {
			return err
		}
		if own.Before(open.Deadline) {
			open.Deadline = own
		}
		if err := im.retuneOutreach(ctx, w, open); err != nil {
			return err
		}
	} else {
		// The debtor moved, or the outreach that held the arrears ended:
		// a changed report is work again, bundled where the household's
		// reports are now.
		if a.OutreachID, err = im.place(ctx, w, householdID, teamID, r.Kind, own); err != nil {
			return err
		}
		if err := w.UpdateArrears(ctx, a, hash, im.delivery.ID, row.Line); err != nil {
			return err
		}
		if old.HouseholdID != householdID {
			if err := im.retune(ctx, w, old.HouseholdID, old.OutreachID); err != nil {
				return err
			}
		}
	}
	im.sum.Updated++
	im.auditArrears("betalingsachterstand.wijzigen", a)
	return nil
}

func (im *arrearsImport) auditArrears(action string, a *wijkregie.Arrears) {
	im.audits = append(im.audits, im.actor.Record(wijkregie.Event{Action: action, SubjectKind: "betalingsachterstand",
		SubjectID: a.ID, PersonID: a.PersonID, Purpose: PurposeTask}))
}

// creditor returns the report's creditor's id, adding the creditor when new.
func (im *arrearsImport) creditor(ctx context.Context, w *store.ArrearsWriter, r *wijkregie.ArrearsReport) (string, error) {
	k := creditorKey{r.CreditorKind, wijkregie.CreditorKey(r.CreditorName)}
	if id, ok := im.creditors[k]; ok {
		return id, nil
	}
	id, _, err := w.Creditor(ctx, im.mid, r.CreditorKind, r.CreditorName)
	if err != nil {
		return "", err
	}
	im.creditors[k] = id
	return id, nil
}

// household returns the household at the debtor's address and its team,
// registering the household when there is none, as a signal by address
// does (CreateSignal): the team is the one serving the postcode.
func (im *arrearsImport) household(ctx context.Context, w *store.ArrearsWriter, addr *wijkregie.Address) (id, teamID string, err error) {
	id, teamID, err = w.Household(ctx, im.mid, *addr)
	if err != nil {
		return "", "", err
	}
	if id != "" {
		if teamID == "" {
			teamID = wijkregie.ServingTeam(im.teams, addr.Postcode)
		}
		return id, teamID, nil
	}
	h := &wijkregie.Household{MunicipalityID: im.mid, Address: *addr, TeamID: wijkregie.ServingTeam(im.teams, addr.Postcode)}
	if err := w.CreateHousehold(ctx, h); err != nil {
		return "", "", err
	}
	im.audits = append(im.audits, im.actor.Record(wijkregie.Event{Action: "huishouden.aanmaken", SubjectKind: "huishouden",
		SubjectID: h.ID, Purpose: PurposeTask}))
	return h.ID, h.TeamID, nil
}

// place bundles a report into the household's one open outreach, or
// opens one: the team is the household's; when the household has an open
// case the outreach joins it, assigned to its regisseur, who is told once
// (NotificationOutreach).
func (im *arrearsImport) place(ctx context.Context, w *store.ArrearsWriter, householdID, teamID string, kind wijkregie.ArrearsKind, own time.Time) (string, error) {
	o, err := w.OpenOutreach(ctx, im.mid, householdID)
	switch {
	case err == nil:
		im.sum.Bundled++
		changed := false
		if own.Before(o.Deadline) {
			o.Deadline, changed = own, true
		}
		if kind.Threatening() && !o.Threatening {
			o.Threatening, changed = true, true
		}
		if changed {
			if err := w.SetOutreachTerm(ctx, o); err != nil {
				return "", err
			}
		}
		return o.ID, nil
	case wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND:
		return "", err
	}
	caseID, coordinator, err := w.OpenCase(ctx, im.mid, householdID)
	if err != nil {
		return "", err
	}
	o = &wijkregie.Outreach{MunicipalityID: im.mid, HouseholdID: householdID, TeamID: teamID, CaseID: caseID, AssignedTo: coordinator,
		Threatening: kind.Threatening(), Deadline: own, OpenedAt: im.now}
	if err := w.CreateOutreach(ctx, o); err != nil {
		return "", err
	}
	im.sum.Outreaches++
	if coordinator != "" {
		if err := w.Notify(ctx, &wijkregie.Notification{MunicipalityID: im.mid, RecipientID: coordinator,
			Kind: wijkregie.NotificationOutreach, HouseholdID: householdID, SubjectID: o.ID}); err != nil {
			return "", err
		}
	}
	return o.ID, nil
}

// retune recomputes whether an outreach is threatening after one of its
// reports changed, when it is still the household's open one.
func (im *arrearsImport) retune(ctx context.Context, w *store.ArrearsWriter, householdID, outreachID string) error {
	o, err := w.OpenOutreach(ctx, im.mid, householdID)
	if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND || err == nil && o.ID != outreachID {
		return nil
	}
	if err != nil {
		return err
	}
	return im.retuneOutreach(ctx, w, o)
}

// retuneOutreach stores o's deadline as given and its threatening as its
// open reports now say.
func (im *arrearsImport) retuneOutreach(ctx context.Context, w *store.ArrearsWriter, o *wijkregie.Outreach) error {
	threat, err := w.OutreachThreatening(ctx, im.mid, o.ID)
	if err != nil {
		return err
	}
	o.Threatening = threat
	return w.SetOutreachTerm(ctx, o)
}

// ArrearsDelivery returns one delivery's counts, for those who may import
// (policy.ImportArrears). It holds no personal data: counts, the file's
// hash and who delivered.
func (s *Service) ArrearsDelivery(ctx context.Context, actor wijkregie.Actor, id string) (*store.ArrearsDelivery, error) {
	if err := s.allow(actor, policy.ImportArrears); err != nil {
		return nil, err
	}
	if !wijkregie.ValidID(id) {
		return nil, wijkregie.NotFound()
	}
	return s.store.R().ArrearsDeliveryByID(ctx, actor.MunicipalityID, id)
}
