package store

import (
	"context"
	"sync"
	"time"

	"wijkregie"
)

// Reading ahead of the writer. An import's most costly reads are the
// households at the reports' addresses and their members: random reads
// across the whole register (BenchmarkImportArrears). They need not wait
// for the write lock, so a reader does them for the next chunk on the read
// pool while the writer writes this one, and the machine's second core
// does half the work.
//
// A reader's snapshot misses what the writer wrote since: the households
// the import itself registered for addresses no household had. A
// Lookahead remembers those, tagged with the batch (write transaction)
// that created them, and the writer lays them over each snapshot that may
// not show them. Nothing else is read ahead: the reports already known,
// the open outreaches and the open cases are read inside the write
// transaction as before, because other transactions (the team closing an
// outreach, a second import) change them and the writer must see their
// state of the moment it writes. A household or member registered by hand
// in the instant between a snapshot and its use is found by the next
// report, as it would be had it been registered an instant later.

// Lookahead carries what the writer created to the reader's snapshots.
// One serves one import; its methods may be called from the reader and
// the writer at once.
type Lookahead struct {
	mu        sync.Mutex
	committed int                            // batches committed so far
	created   map[addrKey][]createdHousehold // by address, until every snapshot shows them
}

type createdHousehold struct {
	row   householdRow
	batch int // the batch that created it: the number of batches committed before
}

// NewLookahead returns a Lookahead for one import.
func NewLookahead() *Lookahead { return &Lookahead{created: map[addrKey][]createdHousehold{}} }

// Committed records that the writer committed a batch: snapshots read from
// now on show what it created.
func (la *Lookahead) Committed() {
	la.mu.Lock()
	la.committed++
	la.mu.Unlock()
}

func (la *Lookahead) remember(h householdRow, k addrKey) {
	la.mu.Lock()
	la.created[k] = append(la.created[k], createdHousehold{row: h, batch: la.committed})
	la.mu.Unlock()
}

// AddressSnapshot is what a reader found for a chunk's addresses: the
// households there and their members of the day.
type AddressSnapshot struct {
	visible int // batches committed before the reader began: it shows what they created
	addrs   map[addrKey][]householdRow
	members map[string][]memberRow
}

// ReadAddresses reads, in one read transaction on the read pool, the
// households at addrs and their members of today, as Prefetch would.
func (la *Lookahead) ReadAddresses(ctx context.Context, s *Store, municipalityID string, today time.Time, addrs []wijkregie.Address) (*AddressSnapshot, error) {
	la.mu.Lock()
	// Read before the transaction begins: a batch committed in between
	// only makes the snapshot newer than it says, and laying a created
	// household over a snapshot that shows it already changes nothing.
	snap := &AddressSnapshot{visible: la.committed}
	la.mu.Unlock()
	err := s.ReadTx(ctx, func(q *Q) error {
		r := q.ArrearsWriter()
		defer r.Close()
		if err := r.loadHouseholds(ctx, municipalityID, addrKeys(addrs)); err != nil {
			return err
		}
		if err := r.loadMembers(ctx, municipalityID, householdIDs(r.addrs), today); err != nil {
			return err
		}
		snap.addrs, snap.members = r.addrs, r.members
		return nil
	})
	if err != nil {
		return nil, err
	}
	return snap, nil
}

// PrefetchAhead is Prefetch with the chunk's households and members read
// ahead (ReadAddresses): the writer takes them from snap, with the
// households the import created that snap may not show, and reads the
// rest (arrears, open outreaches, open cases) in its transaction.
func (w *ArrearsWriter) PrefetchAhead(ctx context.Context, municipalityID string, today time.Time, keys []ArrearsKey, snap *AddressSnapshot) error {
	if err := w.Flush(ctx); err != nil {
		return err
	}
	w.reset()
	w.batching = true
	w.addrs, w.members = snap.addrs, snap.members
	if la := w.ahead; la != nil {
		la.mu.Lock()
		for k, hs := range la.created {
			kept := hs[:0]
			for _, h := range hs {
				// Later snapshots are no older than this one: what it
				// shows, they show.
				if h.batch < snap.visible {
					continue
				}
				kept = append(kept, h)
				if rows, ok := w.addrs[k]; ok && !containsHousehold(rows, h.row.id) {
					w.addrs[k] = append(rows, h.row)
				}
				w.members[h.row.id] = []memberRow{}
			}
			if len(kept) == 0 {
				delete(la.created, k)
			} else {
				la.created[k] = kept
			}
		}
		la.mu.Unlock()
	}
	if err := w.loadArrears(ctx, municipalityID, keys); err != nil {
		return err
	}
	hids := householdIDs(w.addrs)
	if err := w.loadOpen(ctx, municipalityID, hids); err != nil {
		return err
	}
	return w.loadCases(ctx, municipalityID, hids)
}

// UseLookahead makes the writer tell la of the households it creates.
func (w *ArrearsWriter) UseLookahead(la *Lookahead) { w.ahead = la }

func containsHousehold(rows []householdRow, id string) bool {
	for _, r := range rows {
		if r.id == id {
			return true
		}
	}
	return false
}

func addrKeys(addrs []wijkregie.Address) []addrKey {
	ak := make([]addrKey, len(addrs))
	for i, a := range addrs {
		ak[i] = addrKey{wijkregie.NormalizePostcode(a.Postcode), a.Number}
	}
	return ak
}

func householdIDs(addrs map[addrKey][]householdRow) []string {
	var hids []string
	for _, rows := range addrs {
		for _, h := range rows {
			hids = append(hids, h.id)
		}
	}
	return hids
}
