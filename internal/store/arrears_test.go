package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/store"
)

// arrearsHome is a municipality with a team, a household of two members
// and the lead who imports.
type arrearsHome struct {
	m         string
	team      string
	household *wijkregie.Household
	mother    *wijkregie.Person // BSN bsnN(0), born 1 May 1980
	son       *wijkregie.Person // van den Berg, born 2 June 2010
	lead      *wijkregie.User
}

func newArrearsHome(t *testing.T, s *store.Store) *arrearsHome {
	t.Helper()
	const m = "GM0001"
	newMunicipality(t, s, m)
	h := &arrearsHome{m: m, team: newTeam(t, s, m, "Wijkteam Oost", "2581").ID}
	h.household = newHousehold(t, s, m, h.team, "2581AA", 1)
	h.lead = newUser(t, s, m, "lead@gm0001.example", wijkregie.RoleTeamLead, h.team, "")
	h.mother = &wijkregie.Person{MunicipalityID: m, FamilyName: "Jansen", BSN: bsnN(t, 0), BirthDate: day(1980, 5, 1)}
	h.son = &wijkregie.Person{MunicipalityID: m, Prefix: "van den", FamilyName: "Berg", BirthDate: day(2010, 6, 2)}
	mustTx(t, s, func(q *store.Q) error {
		if err := q.CreatePerson(context.Background(), h.mother); err != nil {
			return err
		}
		return q.CreatePerson(context.Background(), h.son)
	})
	addMember(t, s, m, h.household.ID, h.mother.ID, wijkregie.RelationParent, day(2010, 1, 1), time.Time{})
	addMember(t, s, m, h.household.ID, h.son.ID, wijkregie.RelationChild, day(2010, 6, 2), time.Time{})
	return h
}

// withWriter runs fn with an ArrearsWriter in a transaction.
func withWriter(t *testing.T, s *store.Store, fn func(w *store.ArrearsWriter, q *store.Q) error) error {
	t.Helper()
	return tryTx(s, func(q *store.Q) error {
		w := q.ArrearsWriter()
		defer w.Close()
		return fn(w, q)
	})
}

func TestArrearsCreditorIsFoundByKindAndKey(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := context.Background()
		h := newArrearsHome(t, s)
		var a, b, other string
		var made [3]bool
		err := withWriter(t, s, func(w *store.ArrearsWriter, _ *store.Q) (err error) {
			if a, made[0], err = w.Creditor(ctx, h.m, wijkregie.CreditorHousingCorp, " Woonstede  Duinhaven"); err != nil {
				return err
			}
			if b, made[1], err = w.Creditor(ctx, h.m, wijkregie.CreditorHousingCorp, "WOONSTEDE duinhaven"); err != nil {
				return err
			}
			other, made[2], err = w.Creditor(ctx, h.m, wijkregie.CreditorEnergy, "Woonstede Duinhaven")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if a != b || a == other || made != [3]bool{true, false, true} {
			t.Errorf("creditors %s, %s, %s made %v; want the first two one, the energy company another", a, b, other, made)
		}
		got, err := s.R().CreditorByID(ctx, h.m, a)
		if err != nil {
			t.Fatal(err)
		}
		want := &wijkregie.Creditor{MunicipalityID: h.m, ID: a, Name: "Woonstede Duinhaven", Kind: wijkregie.CreditorHousingCorp, CreatedAt: onClock(start)}
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("creditor (-got +want):\n%s", diff)
		}
		wantUTC(t, got)
		_, err = s.R().CreditorByID(ctx, "GM0002", a)
		wantCode(t, err, wijkregie.ENOTFOUND)
	})
}

func TestArrearsFindsHouseholdAndMember(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := context.Background()
		h := newArrearsHome(t, s)
		upstairs := &wijkregie.Household{MunicipalityID: h.m, Address: wijkregie.Address{Street: "Dorpsstraat", Number: 1, Addition: "BIS", Postcode: "2581AA", Town: "Ergens"}}
		mustTx(t, s, func(q *store.Q) error { return q.CreateHousehold(ctx, upstairs) })
		type found struct{ ID, Team string }
		type match struct{ Household, Person string }
		var households []found
		var members []string
		err := withWriter(t, s, func(w *store.ArrearsWriter, _ *store.Q) error {
			for _, a := range []wijkregie.Address{
				{Number: 1, Postcode: "2581 aa"},
				{Number: 1, Addition: "bis", Postcode: "2581AA"},
				{Number: 2, Postcode: "2581AA"},
			} {
				id, team, err := w.Household(ctx, h.m, a)
				if err != nil {
					return err
				}
				households = append(households, found{id, team})
			}
			today := day(2026, 3, 14)
			for _, d := range []wijkregie.Debtor{
				{Surname: "Anders", BSN: h.mother.BSN, BirthDate: day(1999, 1, 1)}, // by BSN, whatever the name
				{Surname: "JANSEN", BirthDate: day(1980, 5, 1)},                    // by name and birth date
				{Surname: "Van den Berg", BirthDate: day(2010, 6, 2)},              // the prefix in the surname
				{Surname: "Berg", Prefix: "Van Den", BirthDate: day(2010, 6, 2)},   // the prefix apart
				{Surname: "Berg", BirthDate: day(2010, 6, 2)},                      // without the prefix
				{Surname: "Jansen", BirthDate: day(1980, 5, 2)},                    // another day
				{Surname: "Jansen", BSN: bsnN(t, 1), BirthDate: day(1981, 1, 1)},   // another BSN
			} {
				id, err := w.Member(ctx, h.m, h.household.ID, today, &d)
				if err != nil {
					return err
				}
				members = append(members, id)
			}
			// A member who left is no longer matched.
			id, err := w.Member(ctx, h.m, upstairs.ID, today, &wijkregie.Debtor{Surname: "Jansen", BirthDate: day(1980, 5, 1)})
			members = append(members, id)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(households, []found{{h.household.ID, h.team}, {upstairs.ID, ""}, {"", ""}}); diff != "" {
			t.Errorf("households (-got +want):\n%s", diff)
		}
		if diff := cmp.Diff(members, []string{h.mother.ID, h.mother.ID, h.son.ID, h.son.ID, h.son.ID, "", "", ""}); diff != "" {
			t.Errorf("members (-got +want):\n%s", diff)
		}
	})
}

func TestArrearsOutreachOneOpenPerHousehold(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := context.Background()
		h := newArrearsHome(t, s)
		o := &wijkregie.Outreach{MunicipalityID: h.m, HouseholdID: h.household.ID, TeamID: h.team, Deadline: start.Add(72 * time.Hour), OpenedAt: start}
		err := withWriter(t, s, func(w *store.ArrearsWriter, _ *store.Q) error { return w.CreateOutreach(ctx, o) })
		if err != nil {
			t.Fatal(err)
		}
		err = withWriter(t, s, func(w *store.ArrearsWriter, _ *store.Q) error {
			return w.CreateOutreach(ctx, &wijkregie.Outreach{MunicipalityID: h.m, HouseholdID: h.household.ID, Deadline: start, OpenedAt: start})
		})
		wantConflict(t, err, "fout.inlezen.gelijktijdig")
		empty := newHousehold(t, s, h.m, h.team, "2581AB", 3).ID
		var got *wijkregie.Outreach
		err = withWriter(t, s, func(w *store.ArrearsWriter, _ *store.Q) (err error) {
			got, err = w.OpenOutreach(ctx, h.m, h.household.ID)
			if err != nil {
				return err
			}
			got.Deadline, got.Threatening = start.Add(24*time.Hour), true
			return w.SetOutreachTerm(ctx, got)
		})
		if err != nil {
			t.Fatal(err)
		}
		want := &wijkregie.Outreach{MunicipalityID: h.m, ID: o.ID, HouseholdID: h.household.ID, TeamID: h.team, Status: wijkregie.OutreachOpen,
			Threatening: true, Deadline: kept(start.Add(24 * time.Hour)), OpenedAt: kept(start), Version: 2}
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("outreach (-got +want):\n%s", diff)
		}
		err = withWriter(t, s, func(w *store.ArrearsWriter, _ *store.Q) (err error) {
			again, err := w.OpenOutreach(ctx, h.m, h.household.ID)
			if err == nil && (again.Version != 2 || !again.Threatening) {
				t.Errorf("read back: %+v; want version 2, threatening", again)
			}
			wantUTC(t, again)
			_, err2 := w.OpenOutreach(ctx, h.m, empty)
			wantCode(t, err2, wijkregie.ENOTFOUND)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestArrearsOpenCaseNamesItsRegisseur(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := context.Background()
		ct := newCaseTeam(t, s, "GM0001")
		other := newHousehold(t, s, ct.m, ct.team, "2581AA", 2).ID
		closed := newHousehold(t, s, ct.m, ct.team, "2581AA", 3).ID
		kase := ct.newCaseOn(t, s, ct.household, wijkregie.CaseExecution, ct.pro.ID)
		ct.newCaseOn(t, s, other, wijkregie.CaseRegistered, "")
		ct.newCaseOn(t, s, closed, wijkregie.CaseClosed, "")
		type open struct{ Case, Coordinator string }
		var got []open
		err := withWriter(t, s, func(w *store.ArrearsWriter, _ *store.Q) error {
			for _, hh := range []string{ct.household, other, closed} {
				c, u, err := w.OpenCase(ctx, ct.m, hh)
				if err != nil {
					return err
				}
				got = append(got, open{c, u})
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if got[0] != (open{kase.ID, ct.pro.ID}) || got[1].Case == "" || got[1].Coordinator != "" || got[2] != (open{}) {
			t.Errorf("open cases %+v; want the active one with its regisseur, the registered one without, none for the closed", got)
		}
	})
}

// storedArrears writes an outreach and arrears on it as an import would.
func storedArrears(t *testing.T, s *store.Store, h *arrearsHome, ref string, kind wijkregie.ArrearsKind, delivery string, line int) (*wijkregie.Arrears, string) {
	t.Helper()
	ctx := context.Background()
	r := &wijkregie.ArrearsReport{CreditorName: "Woonstede", CreditorKind: wijkregie.CreditorHousingCorp, Reference: ref, Kind: kind,
		Debtor: wijkregie.Debtor{Surname: "Jansen", Initials: "M.", BirthDate: day(1980, 5, 1), BSN: h.mother.BSN,
			Address: h.household.Address}, AmountCents: 123_456, Terms: 3, Since: day(2026, 1, 15), EndDate: day(2026, 4, 1)}
	var a *wijkregie.Arrears
	var hash string
	err := withWriter(t, s, func(w *store.ArrearsWriter, _ *store.Q) error {
		cred, _, err := w.Creditor(ctx, h.m, r.CreditorKind, r.CreditorName)
		if err != nil {
			return err
		}
		o, err := w.OpenOutreach(ctx, h.m, h.household.ID)
		if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
			o = &wijkregie.Outreach{MunicipalityID: h.m, HouseholdID: h.household.ID, TeamID: h.team, Deadline: start.Add(72 * time.Hour), OpenedAt: start}
			err = w.CreateOutreach(ctx, o)
		}
		if err != nil {
			return err
		}
		a = &wijkregie.Arrears{MunicipalityID: h.m, CreditorID: cred, Reference: r.Reference, Kind: r.Kind, Status: wijkregie.ArrearsOpen,
			Debtor: r.Debtor, AmountCents: r.AmountCents, Terms: r.Terms, Since: r.Since, EndDate: r.EndDate,
			HouseholdID: h.household.ID, PersonID: h.mother.ID, OutreachID: o.ID, FirstReported: start}
		hash = w.ContentHash(h.m, r)
		return w.CreateArrears(ctx, a, hash, delivery, line)
	})
	if err != nil {
		t.Fatal(err)
	}
	return a, hash
}

func TestArrearsReadBackFindUpdateTouch(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := context.Background()
		h := newArrearsHome(t, s)
		a, hash := storedArrears(t, s, h, "HUUR-1", wijkregie.ArrearsEviction, "d1", 7)
		got, err := s.R().Arrears(ctx, h.m, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := *a
		want.FirstReported, want.LastReported = kept(start), kept(start)
		if diff := cmp.Diff(got, &want); diff != "" {
			t.Errorf("arrears read back (-got +want):\n%s", diff)
		}
		wantUTC(t, got)
		if findings := dumpFindings(t, s, h.mother.BSN.Digits()); len(findings) > 0 {
			t.Errorf("the BSN is stored in the clear: %v", findings)
		}

		// Find gives what a re-delivery needs to decide.
		var found *store.StoredArrears
		err = withWriter(t, s, func(w *store.ArrearsWriter, _ *store.Q) (err error) {
			found, err = w.Find(ctx, h.m, a.CreditorID, "HUUR-1")
			if err != nil {
				return err
			}
			_, err2 := w.Find(ctx, h.m, a.CreditorID, "HUUR-2")
			wantCode(t, err2, wijkregie.ENOTFOUND)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		wantFound := &store.StoredArrears{ID: a.ID, Kind: wijkregie.ArrearsEviction, Status: wijkregie.ArrearsOpen, HouseholdID: h.household.ID,
			PersonID: h.mother.ID, OutreachID: a.OutreachID, ContentHash: hash, LastDeliveryID: "d1", LastLine: 7, Version: 1}
		if diff := cmp.Diff(found, wantFound); diff != "" {
			t.Errorf("found (-got +want):\n%s", diff)
		}

		// Touched: reported again, in another delivery, nothing changed.
		c.Advance(time.Hour)
		mustTx(t, s, func(q *store.Q) error {
			w := q.ArrearsWriter()
			defer w.Close()
			return w.TouchArrears(ctx, h.m, &store.StoredArrears{ID: a.ID}, "d2", 3, c.Now())
		})
		got, _ = s.R().Arrears(ctx, h.m, a.ID)
		if got.Reports != 2 || !got.LastReported.Equal(kept(c.Now())) || got.Version != 1 || got.AmountCents != 123_456 {
			t.Errorf("touched: %+v; want reported twice, last now, version 1, unchanged", got)
		}

		// Updated: paid, closed, the BSN gone from the report.
		c.Advance(time.Hour)
		upd := *got
		upd.Kind, upd.Status, upd.AmountCents, upd.Terms, upd.ClosedAt, upd.LastReported = wijkregie.ArrearsPaid, wijkregie.ArrearsClosed, 0, 0, c.Now(), c.Now()
		upd.Debtor.BSN, upd.PersonID, upd.EndDate = "", "", time.Time{}
		err = withWriter(t, s, func(w *store.ArrearsWriter, _ *store.Q) error { return w.UpdateArrears(ctx, &upd, "h2", "d3", 4) })
		if err != nil {
			t.Fatal(err)
		}
		got, _ = s.R().Arrears(ctx, h.m, a.ID)
		want = upd
		want.Version, want.Reports, want.ClosedAt, want.LastReported = 2, 3, kept(c.Now()), kept(c.Now())
		if diff := cmp.Diff(got, &want); diff != "" {
			t.Errorf("updated (-got +want):\n%s", diff)
		}
		// A stale version is a conflict.
		stale := upd
		stale.Version = 1
		err = withWriter(t, s, func(w *store.ArrearsWriter, _ *store.Q) error { return w.UpdateArrears(ctx, &stale, "h3", "d4", 1) })
		wantConflict(t, err, "fout.inlezen.gelijktijdig")
		// A second report on the same contract is a conflict too.
		err = withWriter(t, s, func(w *store.ArrearsWriter, _ *store.Q) error {
			dup := *a
			return w.CreateArrears(ctx, &dup, hash, "d5", 1)
		})
		wantConflict(t, err, "fout.inlezen.gelijktijdig")
	})
}

func TestArrearsOfOutreachAndPersonAndThreatening(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := context.Background()
		h := newArrearsHome(t, s)
		b, _ := storedArrears(t, s, h, "B", wijkregie.ArrearsPlain, "d1", 3)
		a, _ := storedArrears(t, s, h, "A", wijkregie.ArrearsCutOff, "d1", 2)
		list, err := s.R().OutreachArrears(ctx, h.m, a.OutreachID)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].ID != a.ID || list[1].ID != b.ID || a.OutreachID != b.OutreachID {
			t.Errorf("outreach's arrears %v; want A and B, bundled", ids(list, func(x wijkregie.Arrears) string { return x.Reference }))
		}
		mine, err := s.R().PersonArrears(ctx, h.m, h.mother.ID)
		if err != nil || len(mine) != 2 {
			t.Errorf("person's arrears: %d, %v; want 2", len(mine), err)
		}
		none, err := s.R().PersonArrears(ctx, h.m, h.son.ID)
		if err != nil || len(none) != 0 {
			t.Errorf("son's arrears: %d, %v; want none", len(none), err)
		}
		var threat []bool
		err = withWriter(t, s, func(w *store.ArrearsWriter, _ *store.Q) error {
			th, err := w.OutreachThreatening(ctx, h.m, a.OutreachID)
			threat = append(threat, th)
			if err != nil {
				return err
			}
			// The cut-off paid: no longer threatening.
			paid := *a
			paid.Kind, paid.Status, paid.ClosedAt = wijkregie.ArrearsPaid, wijkregie.ArrearsClosed, start
			if err := w.UpdateArrears(ctx, &paid, "x", "d2", 2); err != nil {
				return err
			}
			th, err = w.OutreachThreatening(ctx, h.m, a.OutreachID)
			threat = append(threat, th)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if !cmp.Equal(threat, []bool{true, false}) {
			t.Errorf("threatening before and after the cut-off was paid: %v; want true, false", threat)
		}
	})
}

func TestArrearsContentHash(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		h := newArrearsHome(t, s)
		r := wijkregie.ArrearsReport{CreditorName: "Woonstede", CreditorKind: wijkregie.CreditorHousingCorp, Reference: "HUUR-1",
			Kind: wijkregie.ArrearsPlain, Debtor: wijkregie.Debtor{Surname: "Jansen", BirthDate: day(1980, 5, 1), BSN: h.mother.BSN,
				Address: h.household.Address}, AmountCents: 100, Terms: 1, Since: day(2026, 1, 1)}
		var hashes []string
		mustTx(t, s, func(q *store.Q) error {
			w := q.ArrearsWriter()
			defer w.Close()
			same := r
			same.CreditorName = "WOONSTEDE" // the creditor's spelling is no content
			more := r
			more.AmountCents = 101
			noBSN := r
			noBSN.Debtor.BSN = ""
			hashes = []string{w.ContentHash(h.m, &r), w.ContentHash(h.m, &same), w.ContentHash(h.m, &more), w.ContentHash(h.m, &noBSN),
				w.ContentHash("GM0002", &r)}
			return nil
		})
		if hashes[0] != hashes[1] || hashes[0] == hashes[2] || hashes[0] == hashes[3] || hashes[0] == hashes[4] || len(hashes[0]) != 64 {
			t.Errorf("hashes %v; want the first two equal, the others different", hashes)
		}
	})
}

func TestArrearsDeliveries(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := context.Background()
		h := newArrearsHome(t, s)
		first := &store.ArrearsDelivery{MunicipalityID: h.m, Source: "bestand", DeliveredBy: h.lead.ID, StartedAt: start}
		mustTx(t, s, func(q *store.Q) error { return q.CreateArrearsDelivery(ctx, first) })
		first.FileHash, first.Read, first.New, first.Updated, first.Unchanged, first.Bundled, first.Rejected = "abc", 10, 5, 1, 2, 3, 2
		c.Advance(time.Minute)
		first.FinishedAt = c.Now()
		mustTx(t, s, func(q *store.Q) error { return q.UpdateArrearsDelivery(ctx, first) })
		got, err := s.R().ArrearsDeliveryByID(ctx, h.m, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := *first
		want.StartedAt, want.FinishedAt = kept(start), kept(c.Now())
		if diff := cmp.Diff(got, &want); diff != "" {
			t.Errorf("delivery (-got +want):\n%s", diff)
		}
		wantUTC(t, got)

		c.Advance(time.Hour)
		second := &store.ArrearsDelivery{MunicipalityID: h.m, ID: wijkregie.NewID(c.Now()), Source: "bestand", FileHash: "abc", DeliveredBy: "systeem", StartedAt: c.Now()}
		mustTx(t, s, func(q *store.Q) error { return q.CreateArrearsDelivery(ctx, second) })
		earlier, err := s.R().EarlierArrearsDelivery(ctx, h.m, "abc", second.ID)
		if err != nil || earlier.ID != first.ID {
			t.Errorf("earlier delivery of the file: %+v, %v; want the first", earlier, err)
		}
		_, err = s.R().EarlierArrearsDelivery(ctx, h.m, "abc", first.ID)
		if err != nil {
			t.Errorf("from the first, the second is another delivery of the file: %v", err)
		}
		_, err = s.R().EarlierArrearsDelivery(ctx, h.m, "", second.ID)
		wantCode(t, err, wijkregie.ENOTFOUND)
		_, err = s.R().EarlierArrearsDelivery(ctx, h.m, "def", second.ID)
		wantCode(t, err, wijkregie.ENOTFOUND)
		err = tryTx(s, func(q *store.Q) error {
			return q.UpdateArrearsDelivery(ctx, &store.ArrearsDelivery{MunicipalityID: "GM0002", ID: first.ID})
		})
		wantCode(t, err, wijkregie.ENOTFOUND)
	})
}

// TestArrearsAnonymisedWithTheirOutreach: retention anonymises an
// outreach's arrears with it — the debtor, the reference and the link to
// the person go, the figures stay under the outreach's stand-in household
// — and releases the family's household and person.
func TestArrearsAnonymisedWithTheirOutreach(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := context.Background()
		h := newArrearsHome(t, s)
		a, _ := storedArrears(t, s, h, "HUUR-1", wijkregie.ArrearsEviction, "d1", 2)
		mustTx(t, s, func(q *store.Q) error {
			if err := q.AnonymiseOutreaches(ctx, h.m, []string{a.OutreachID}); err != nil {
				return err
			}
			return q.AnonymiseOutreachArrears(ctx, h.m, []string{a.OutreachID})
		})
		got, err := s.R().Arrears(ctx, h.m, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Reference != a.ID || got.Debtor.Surname != "" || got.Debtor.Initials != "" || got.Debtor.BSN != "" || got.PersonID != "" ||
			got.Debtor.Address.Street != "" || got.Debtor.Address.Number != 0 || got.Debtor.Address.Postcode != "2581" ||
			!got.Debtor.BirthDate.Equal(day(1900, 1, 1)) || got.HouseholdID == h.household.ID {
			t.Errorf("anonymised arrears: %+v", got)
		}
		if got.AmountCents != a.AmountCents || got.Kind != a.Kind || got.Terms != a.Terms || !got.Since.Equal(a.Since) || got.CreditorID != a.CreditorID {
			t.Errorf("the figures went too: %+v", got)
		}
		list, err := s.R().PersonArrears(ctx, h.m, h.mother.ID)
		if err != nil || len(list) != 0 {
			t.Errorf("the person still has %d arrears (%v)", len(list), err)
		}
		if findings := dumpFindings(t, s, "HUUR-1"); len(findings) > 0 {
			t.Errorf("the reference is still stored: %v", findings)
		}
	})
}

// TestArrearsWriterKeepsWritesUntilFlush: after Prefetch the writer
// answers from what it read and what it kept — a new outreach and new
// arrears found again before they are written — writes them at Flush,
// and says so when closed with writes it never flushed.
func TestArrearsWriterKeepsWritesUntilFlush(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := context.Background()
		h := newArrearsHome(t, s)
		old, _ := storedArrears(t, s, h, "OUD-1", wijkregie.ArrearsPlain, "d0", 2)
		other := newHousehold(t, s, h.m, h.team, "2581AB", 7)
		var creditor string
		mustTx(t, s, func(q *store.Q) error {
			w := q.ArrearsWriter()
			defer w.Close()
			var err error
			if creditor, _, err = w.Creditor(ctx, h.m, wijkregie.CreditorHousingCorp, "Woonstede"); err != nil {
				return err
			}
			keys := []store.ArrearsKey{{CreditorID: creditor, Reference: "OUD-1"}, {CreditorID: creditor, Reference: "NIEUW-1"}}
			if err := w.Prefetch(ctx, h.m, day(2026, 3, 14), keys, []wijkregie.Address{h.household.Address, other.Address,
				{Street: "Nergens", Number: 1, Postcode: "2581ZZ", Town: "Ergens"}}); err != nil {
				return err
			}
			got, err := w.Find(ctx, h.m, creditor, "OUD-1")
			if err != nil || got.ID != old.ID || got.LastLine != 2 {
				t.Errorf("Find(OUD-1) = %+v, %v; want the stored arrears", got, err)
			}
			if _, err := w.Find(ctx, h.m, creditor, "NIEUW-1"); wijkregie.ErrorCode(err) != wijkregie.ENOTFOUND {
				t.Errorf("Find(NIEUW-1): %v; want not found", err)
			}
			if id, team, err := w.Household(ctx, h.m, other.Address); err != nil || id != other.ID || team != h.team {
				t.Errorf("Household: %s, %s, %v; want the other household", id, team, err)
			}
			if o, err := w.OpenOutreach(ctx, h.m, h.household.ID); err != nil || o.ID != old.OutreachID {
				t.Errorf("OpenOutreach: %+v, %v; want the stored one", o, err)
			}
			if m, err := w.Member(ctx, h.m, h.household.ID, day(2026, 3, 14), &wijkregie.Debtor{Surname: "Jansen", BirthDate: day(1980, 5, 1)}); err != nil || m != h.mother.ID {
				t.Errorf("Member: %s, %v; want the mother", m, err)
			}
			o := &wijkregie.Outreach{MunicipalityID: h.m, HouseholdID: other.ID, TeamID: h.team, Deadline: start.Add(72 * time.Hour), OpenedAt: start}
			if err := w.CreateOutreach(ctx, o); err != nil {
				return err
			}
			o.Deadline = start.Add(24 * time.Hour)
			if err := w.SetOutreachTerm(ctx, o); err != nil {
				return err
			}
			a := &wijkregie.Arrears{MunicipalityID: h.m, CreditorID: creditor, Reference: "NIEUW-1", Kind: wijkregie.ArrearsPlain,
				Status: wijkregie.ArrearsOpen, Debtor: wijkregie.Debtor{Surname: "Anders", BirthDate: day(1990, 1, 1), Address: other.Address},
				AmountCents: 500, Terms: 1, Since: day(2026, 1, 1), HouseholdID: other.ID, OutreachID: o.ID, FirstReported: start}
			if err := w.CreateArrears(ctx, a, "h", "d1", 3); err != nil {
				return err
			}
			// Known before it is written: a second line on the contract is
			// a duplicate.
			if got, err := w.Find(ctx, h.m, creditor, "NIEUW-1"); err != nil || got.ID != a.ID || got.LastDeliveryID != "d1" || got.LastLine != 3 {
				t.Errorf("Find(NIEUW-1) after creating: %+v, %v", got, err)
			}
			if got, err := w.OpenOutreach(ctx, h.m, other.ID); err != nil || got.ID != o.ID {
				t.Errorf("OpenOutreach after creating: %+v, %v", got, err)
			}
			if err := w.Close(); err == nil {
				t.Error("Close with writes not flushed: no error")
			}
			return w.Flush(ctx)
		})
		os, err := s.R().HouseholdOutreaches(ctx, h.m, []string{other.ID})
		if err != nil || len(os) != 1 || os[0].Version != 2 || !os[0].Deadline.Equal(kept(start.Add(24*time.Hour))) {
			t.Fatalf("the kept outreach written: %+v, %v; want version 2, due in a day", os, err)
		}
		arr, err := s.R().OutreachArrears(ctx, h.m, os[0].ID)
		if err != nil || len(arr) != 1 || arr[0].Reference != "NIEUW-1" {
			t.Errorf("the kept arrears written: %+v, %v", arr, err)
		}
	})
}
