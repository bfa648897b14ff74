package app_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/demo"
	"wijkregie/internal/locale"
	"wijkregie/internal/store"
)

// born is the debtors' birth date in these tests.
var born = time.Date(1980, 5, 1, 0, 0, 0, 0, time.UTC)

// arrearsReport is a plain report by a creditor on a contract of the
// household at the address, the debtor Proef born in 1980.
func arrearsReport(creditor string, kind wijkregie.CreditorKind, ref string, addr wijkregie.Address) wijkregie.ArrearsReport {
	return wijkregie.ArrearsReport{CreditorName: creditor, CreditorKind: kind, Reference: ref, Kind: wijkregie.ArrearsPlain,
		Debtor:      wijkregie.Debtor{Surname: "Proef", Initials: "A.", BirthDate: born, Address: addr},
		AmountCents: 45_000, Terms: 2, Since: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
}

// importArrears imports reports as the team lead, numbered from line 2 as
// in a file with a header; it fails the test on an error.
func (f *fixture) importArrears(t *testing.T, reports ...wijkregie.ArrearsReport) *app.ArrearsSummary {
	t.Helper()
	rows := make([]app.ArrearsRow, len(reports))
	for i, r := range reports {
		rows[i] = app.ArrearsRow{Line: i + 2, Report: r}
	}
	sum, err := f.svc.ImportArrears(f.ctx, f.actor(wijkregie.RoleTeamLead), rows, app.ArrearsImport{})
	if err != nil {
		t.Fatalf("ImportArrears: %v", err)
	}
	return sum
}

// importFile imports a CSV file as the team lead.
func (f *fixture) importFile(t *testing.T, csv string, dry bool) *app.ArrearsSummary {
	t.Helper()
	sum, err := f.svc.ImportArrearsFile(f.ctx, f.actor(wijkregie.RoleTeamLead), strings.NewReader(csv), app.ArrearsImport{DryRun: dry})
	if err != nil {
		t.Fatalf("ImportArrearsFile: %v", err)
	}
	return sum
}

// openOutreach returns a household's open outreach and its arrears.
func (f *fixture) openOutreach(t *testing.T, householdID string) (*wijkregie.Outreach, []wijkregie.Arrears) {
	t.Helper()
	var o *wijkregie.Outreach
	err := f.s.Tx(f.ctx, func(q *store.Q) (err error) {
		w := q.ArrearsWriter()
		defer w.Close()
		o, err = w.OpenOutreach(f.ctx, demo.MunicipalityID, householdID)
		return err
	})
	if err != nil {
		t.Fatalf("open outreach of the household: %v", err)
	}
	arr, err := f.s.R().OutreachArrears(f.ctx, demo.MunicipalityID, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	return o, arr
}

// noOutreach fails the test when the household has an open outreach.
func (f *fixture) noOutreach(t *testing.T, householdID string) {
	t.Helper()
	err := f.s.Tx(f.ctx, func(q *store.Q) error {
		w := q.ArrearsWriter()
		defer w.Close()
		_, err := w.OpenOutreach(f.ctx, demo.MunicipalityID, householdID)
		return err
	})
	if code(err) != wijkregie.ENOTFOUND {
		t.Errorf("the household has an open outreach (%v); want none", err)
	}
}

// counts is a summary's counts, for comparing.
type counts struct{ Read, New, Updated, Unchanged, Bundled, Rejected, Outreaches int }

func countsOf(s *app.ArrearsSummary) counts {
	return counts{s.Read, s.New, s.Updated, s.Unchanged, s.Bundled, s.Rejected, s.Outreaches}
}

// csvHeader is a file's header with every column.
const csvHeader = "schuldeiser;soortSchuldeiser;referentie;achternaam;voorletters;tussenvoegsel;geboortedatum;straat;huisnummer;" +
	"huisnummertoevoeging;postcode;woonplaats;bsn;bedrag;termijnen;datumAchterstand;soort;datumEinde\n"

// csvRow is a file's row for a report.
func csvRow(r wijkregie.ArrearsReport) string {
	d, a := r.Debtor, r.Debtor.Address
	end := ""
	if !r.EndDate.IsZero() {
		end = r.EndDate.Format(time.DateOnly)
	}
	return fmt.Sprintf("%s;%s;%s;%s;%s;%s;%s;%s;%d;%s;%s;%s;%s;%d,%02d;%d;%s;%s;%s\n", r.CreditorName, r.CreditorKind, r.Reference,
		d.Surname, d.Initials, d.Prefix, d.BirthDate.Format("02-01-2006"), a.Street, a.Number, a.Addition, a.Postcode, a.Town,
		d.BSN.Digits(), r.AmountCents/100, r.AmountCents%100, r.Terms, r.Since.Format(time.DateOnly), r.Kind, end)
}

func TestImportArrearsBundlesThreeCreditorsIntoOneOutreach(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		h, _ := f.newHousehold(t, f.users[wijkregie.RoleProfessional].TeamID)
		sum := f.importArrears(t,
			arrearsReport("Woonstede", wijkregie.CreditorHousingCorp, "HUUR-1", h.Address),
			arrearsReport("Duinstroom Energie", wijkregie.CreditorEnergy, "E-77", h.Address),
			arrearsReport("Zorgverzekeraar Kust", wijkregie.CreditorHealth, "ZV-9", h.Address))
		if diff := cmp.Diff(countsOf(sum), counts{Read: 3, New: 3, Bundled: 2, Outreaches: 1}); diff != "" {
			t.Errorf("summary (-got +want):\n%s", diff)
		}
		o, arr := f.openOutreach(t, h.ID)
		if len(arr) != 3 {
			t.Errorf("the outreach holds %d arrears; want 3", len(arr))
		}
		// Received on Monday 2 March: four weeks on is Monday 30 March.
		want := time.Date(2026, 3, 30, 23, 59, 59, 999_000_000, time.UTC).Add(-2 * time.Hour)
		if o.TeamID != h.TeamID || o.Threatening || o.CaseID != "" || o.AssignedTo != "" || !o.Deadline.Equal(want) || !o.OpenedAt.Equal(start) {
			t.Errorf("outreach %+v; want the household's team, not threatening, no case, due %s, opened %s", o, want, start)
		}
		// A fourth creditor a week later joins the same outreach, and its
		// threatening report brings the offer forward.
		f.clock.Advance(7 * 24 * time.Hour)
		r := arrearsReport("Duinwater", wijkregie.CreditorWater, "W-1", h.Address)
		r.Kind, r.EndDate = wijkregie.ArrearsCutOff, time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC)
		sum = f.importArrears(t, r)
		if diff := cmp.Diff(countsOf(sum), counts{Read: 1, New: 1, Bundled: 1}); diff != "" {
			t.Errorf("fourth creditor (-got +want):\n%s", diff)
		}
		o2, arr := f.openOutreach(t, h.ID)
		// Monday 9 March plus 3 working days: Thursday 12 March.
		want = time.Date(2026, 3, 12, 22, 59, 59, 999_000_000, time.UTC)
		if o2.ID != o.ID || len(arr) != 4 || !o2.Threatening || !o2.Deadline.Equal(want) || o2.Version != 2 {
			t.Errorf("outreach %+v with %d arrears; want the same, 4, threatening, due %s, version 2", o2, len(arr), want)
		}
	})
}

func TestImportArrearsRejectsBadRowsByLineAndField(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		h, _ := f.newHousehold(t, f.users[wijkregie.RoleProfessional].TeamID)
		good := arrearsReport("Woonstede", wijkregie.CreditorHousingCorp, "HUUR-1", h.Address)
		row := func(change func(r *wijkregie.ArrearsReport)) string {
			r := good
			change(&r)
			return csvRow(r)
		}
		file := csvHeader +
			csvRow(good) + // 2
			row(func(r *wijkregie.ArrearsReport) { r.Reference, r.Debtor.Surname = "A", "" }) + // 3: missing name
			strings.Replace(row(func(r *wijkregie.ArrearsReport) { r.Reference = "B" }), "01-05-1980", "31-02-1980", 1) + // 4: bad date
			strings.Replace(row(func(r *wijkregie.ArrearsReport) { r.Reference = "C" }), ";450,00;", ";-450,00;", 1) + // 5: negative amount
			row(func(r *wijkregie.ArrearsReport) { r.Reference, r.Debtor.BSN = "D", "123456789" }) + // 6: BSN fails the elfproef
			row(func(r *wijkregie.ArrearsReport) { r.Reference, r.CreditorKind = "E", "bank" }) + // 7: unknown creditor type
			row(func(r *wijkregie.ArrearsReport) { r.AmountCents = 50_000 }) + // 8: HUUR-1 again
			"Woonstede;woningcorporatie;F;Pr\xf6ef;;;01-05-1980;Proefstraat;1;;2581ZZ;Duinhaven;;450,00;2;2026-01-01;;\n" + // 9: Latin-1
			"Woonstede;woningcorporatie;G;Proef\n" + // 10: too few fields
			row(func(r *wijkregie.ArrearsReport) { r.Reference = "H"; r.Kind = wijkregie.ArrearsPaid }) + // 11: paid, unknown
			row(func(r *wijkregie.ArrearsReport) { r.Reference = "I" }) // 12: good
		var sum *app.ArrearsSummary
		recs := f.audited(t, func() { sum = f.importFile(t, file, false) })
		if diff := cmp.Diff(countsOf(sum), counts{Read: 11, New: 2, Bundled: 1, Rejected: 9, Outreaches: 1}); diff != "" {
			t.Errorf("summary (-got +want):\n%s", diff)
		}
		want := []app.ArrearsRejection{
			{Line: 3, Field: "achternaam", Message: "veld.verplicht"},
			{Line: 4, Field: "geboortedatum", Message: "veld.datum"},
			{Line: 5, Field: "bedrag", Message: "veld.vroeg.bedrag"},
			{Line: 6, Field: "bsn", Message: "veld.bsn.elfproef"},
			{Line: 7, Field: "soortSchuldeiser", Message: "veld.keuze"},
			{Line: 8, Field: "referentie", Message: "veld.inlezen.dubbel", FirstLine: 2},
			{Line: 9, Field: "achternaam", Message: "veld.inlezen.geen_utf8"},
			{Line: 10, Message: "veld.inlezen.velden"},
			{Line: 11, Field: "soort", Message: "veld.inlezen.betaald_onbekend"},
		}
		if diff := cmp.Diff(sum.Rejections, want); diff != "" {
			t.Errorf("rejections (-got +want):\n%s", diff)
		}
		// The first report on HUUR-1 stands; the duplicate changed nothing.
		_, arr := f.openOutreach(t, h.ID)
		if len(arr) != 2 || arr[0].Reference != "HUUR-1" || arr[0].AmountCents != 45_000 || arr[1].Reference != "I" {
			t.Errorf("arrears %+v; want HUUR-1 at 450 euro and I", arr)
		}
		lead := f.actor(wijkregie.RoleTeamLead)
		wantRecs := []entry{
			rec(lead, "betalingsachterstand.aanmaken", "betalingsachterstand", arr[0].ID, "", app.PurposeTask, wijkregie.AuditAllowed),
			rec(lead, "betalingsachterstand.aanmaken", "betalingsachterstand", arr[1].ID, "", app.PurposeTask, wijkregie.AuditAllowed),
			rec(lead, "betalingsachterstanden.importeren", "levering", sum.DeliveryID, "", app.PurposeTask, wijkregie.AuditAllowed),
		}
		if diff := cmp.Diff(recs, wantRecs); diff != "" {
			t.Errorf("audit (-got +want):\n%s", diff)
		}
		d, err := f.s.R().ArrearsDeliveryByID(f.ctx, demo.MunicipalityID, sum.DeliveryID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Read != 11 || d.New != 2 || d.Rejected != 9 || d.Bundled != 1 || d.FinishedAt.IsZero() || d.Source != app.DeliveryFile || d.FileHash != sum.FileHash || len(d.FileHash) != 64 {
			t.Errorf("delivery %+v; want its counts, finished, from a file, with the file's hash", d)
		}
	})
}

func TestImportArrearsRefusesAFileItCannotRead(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		h, _ := f.newHousehold(t, f.users[wijkregie.RoleProfessional].TeamID)
		row := csvRow(arrearsReport("Woonstede", wijkregie.CreditorHousingCorp, "HUUR-1", h.Address))
		for _, tc := range []struct {
			name, file string
			field, msg string
		}{
			{"comma", strings.ReplaceAll(csvHeader+row, ";", ","), "bestand", "veld.inlezen.scheidingsteken"},
			{"utf-16", "\xff\xfe" + csvHeader + row, "bestand", "veld.inlezen.geen_utf8"},
			{"missing column", strings.Replace(csvHeader, ";postcode", "", 1) + row, "postcode", "veld.inlezen.kolom_ontbreekt"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := f.svc.ImportArrearsFile(f.ctx, f.actor(wijkregie.RoleTeamLead), strings.NewReader(tc.file), app.ArrearsImport{})
				var e *wijkregie.Error
				if code(err) != wijkregie.EINVALID || !asError(err, &e) || len(e.Fields) != 1 || e.Fields[0].Name != tc.field || e.Fields[0].Message != tc.msg {
					t.Errorf("ImportArrearsFile: %v; want invalid, %s: %s", err, tc.field, tc.msg)
				}
			})
		}
		f.noOutreach(t, h.ID)
	})
}

func TestImportArrearsSameFileAgainCreatesNothing(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		h, _ := f.newHousehold(t, f.users[wijkregie.RoleProfessional].TeamID)
		file := csvHeader + csvRow(arrearsReport("Woonstede", wijkregie.CreditorHousingCorp, "HUUR-1", h.Address)) +
			csvRow(arrearsReport("Duinstroom", wijkregie.CreditorEnergy, "E-1", h.Address))
		first := f.importFile(t, file, false)
		if !first.EarlierDelivery.IsZero() {
			t.Errorf("first delivery: earlier delivery %s; want none", first.EarlierDelivery)
		}
		f.clock.Advance(24 * time.Hour)
		again := f.importFile(t, file, false)
		if diff := cmp.Diff(countsOf(again), counts{Read: 2, Unchanged: 2}); diff != "" {
			t.Errorf("the same file again (-got +want):\n%s", diff)
		}
		if !again.EarlierDelivery.Equal(start) || again.FileHash != first.FileHash {
			t.Errorf("earlier delivery %s, hash %s; want %s, %s", again.EarlierDelivery, again.FileHash, start, first.FileHash)
		}
		o, arr := f.openOutreach(t, h.ID)
		if len(arr) != 2 || o.Version != 1 {
			t.Errorf("outreach version %d with %d arrears; want version 1 with 2", o.Version, len(arr))
		}
		for _, a := range arr {
			if a.Reports != 2 || !a.LastReported.Equal(start.Add(24*time.Hour)) || !a.FirstReported.Equal(start) || a.Version != 1 {
				t.Errorf("arrears %s: reported %d times, last %s, first %s, version %d; want twice, last today, first yesterday, version 1",
					a.Reference, a.Reports, a.LastReported, a.FirstReported, a.Version)
			}
		}
		// The same JSON twice: nothing new either.
		r := arrearsReport("Woonstede", wijkregie.CreditorHousingCorp, "HUUR-1", h.Address)
		if got := countsOf(f.importArrears(t, r)); got != (counts{Read: 1, Unchanged: 1}) {
			t.Errorf("the same report by the API: %+v; want unchanged", got)
		}
	})
}

func TestImportArrearsLaterReportUpdatesAndPaidCloses(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		h, _ := f.newHousehold(t, f.users[wijkregie.RoleProfessional].TeamID)
		r := arrearsReport("Woonstede", wijkregie.CreditorHousingCorp, "HUUR-1", h.Address)
		f.importArrears(t, r, arrearsReport("Duinstroom", wijkregie.CreditorEnergy, "E-1", h.Address))
		o1, _ := f.openOutreach(t, h.ID)

		// Two weeks on the corporation announces the eviction: the arrears
		// change, and the outreach becomes threatening and due sooner.
		f.clock.Advance(14 * 24 * time.Hour) // Monday 16 March
		r.Kind, r.AmountCents, r.Terms, r.EndDate = wijkregie.ArrearsEviction, 135_000, 3, time.Date(2026, 4, 20, 0, 0, 0, 0, time.UTC)
		r.CreditorName = "  WOONSTEDE " // another spelling of the same creditor
		lead := f.actor(wijkregie.RoleTeamLead)
		var sum *app.ArrearsSummary
		recs := f.audited(t, func() { sum = f.importArrears(t, r) })
		if diff := cmp.Diff(countsOf(sum), counts{Read: 1, Updated: 1}); diff != "" {
			t.Errorf("summary (-got +want):\n%s", diff)
		}
		o, arr := f.openOutreach(t, h.ID)
		due := time.Date(2026, 3, 19, 22, 59, 59, 999_000_000, time.UTC) // Thursday 19 March
		if o.ID != o1.ID || !o.Threatening || !o.Deadline.Equal(due) {
			t.Errorf("outreach %+v; want the same, threatening, due %s", o, due)
		}
		a := byRef(t, arr, "HUUR-1")
		if a.Reference != "HUUR-1" || a.Kind != wijkregie.ArrearsEviction || a.AmountCents != 135_000 || a.Terms != 3 ||
			!a.EndDate.Equal(r.EndDate) || a.Version != 2 || a.Reports != 2 || !a.FirstReported.Equal(start) {
			t.Errorf("arrears %+v; want the eviction at 1350 euro over 3 terms, version 2, reported twice", a)
		}
		if diff := cmp.Diff(recs, []entry{
			rec(lead, "betalingsachterstand.wijzigen", "betalingsachterstand", a.ID, "", app.PurposeTask, wijkregie.AuditAllowed),
			rec(lead, "betalingsachterstanden.importeren", "levering", sum.DeliveryID, "", app.PurposeTask, wijkregie.AuditAllowed),
		}); diff != "" {
			t.Errorf("audit (-got +want):\n%s", diff)
		}

		// Paid: the arrears close; the outreach stays open, no longer
		// threatening, its deadline kept.
		f.clock.Advance(24 * time.Hour)
		r.Kind, r.AmountCents, r.Terms = wijkregie.ArrearsPaid, 0, 0
		if got := countsOf(f.importArrears(t, r)); got != (counts{Read: 1, Updated: 1}) {
			t.Errorf("paid: %+v; want updated", got)
		}
		o, arr = f.openOutreach(t, h.ID)
		a = byRef(t, arr, "HUUR-1")
		if a.Status != wijkregie.ArrearsClosed || !a.ClosedAt.Equal(f.clock.Now()) || o.Threatening || !o.Deadline.Equal(due) {
			t.Errorf("arrears %s closed %s, outreach threatening %v due %s; want betaald now, not threatening, due %s",
				a.Status, a.ClosedAt, o.Threatening, o.Deadline, due)
		}
		if byRef(t, arr, "E-1").Status != wijkregie.ArrearsOpen {
			t.Errorf("the other creditor's arrears: %s; want open", arr[1].Status)
		}
	})
}

func TestImportArrearsMovedDebtorFollowsTheAddress(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		h, _ := f.newHousehold(t, f.users[wijkregie.RoleProfessional].TeamID)
		r := arrearsReport("Woonstede", wijkregie.CreditorHousingCorp, "HUUR-1", h.Address)
		f.importArrears(t, r, arrearsReport("Duinstroom", wijkregie.CreditorEnergy, "E-1", h.Address))
		// The debtor moved to an address no household is registered at,
		// in another team's area.
		other := f.otherTeam(t)
		r.Debtor.Address = wijkregie.Address{Street: "Nieuwe Kade", Number: 8, Postcode: strings.Split(other.Areas[0], "-")[0] + "XY", Town: "Duinhaven"}
		var sum *app.ArrearsSummary
		recs := f.audited(t, func() { sum = f.importArrears(t, r) })
		if got := countsOf(sum); got != (counts{Read: 1, Updated: 1, Outreaches: 1}) {
			t.Errorf("moved: %+v; want updated, a new outreach", got)
		}
		ids, err := f.s.R().HouseholdsAtAddress(f.ctx, demo.MunicipalityID, r.Debtor.Address)
		if err != nil || len(ids) != 1 {
			t.Fatalf("households at the new address: %v, %v; want one", ids, err)
		}
		nh, err := f.s.R().Household(f.ctx, demo.MunicipalityID, ids[0])
		if err != nil {
			t.Fatal(err)
		}
		o, arr := f.openOutreach(t, nh.ID)
		if nh.TeamID != other.ID || o.TeamID != other.ID || len(arr) != 1 || arr[0].HouseholdID != nh.ID {
			t.Errorf("new household's team %s, outreach's %s, %d arrears; want %s, %s, 1", nh.TeamID, o.TeamID, len(arr), other.ID, other.ID)
		}
		if len(recs) != 3 || recs[0].Action != "huishouden.aanmaken" || recs[0].Subject != nh.ID {
			t.Errorf("audit %+v; want the household registered first", recs)
		}
		_, arr = f.openOutreach(t, h.ID)
		if len(arr) != 1 || arr[0].Reference != "E-1" {
			t.Errorf("the old outreach holds %+v; want E-1 only", arr)
		}
	})
}

func TestImportArrearsJoinsAnOpenCaseAndTellsTheRegisseurOnce(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pro := f.actor(wijkregie.RoleProfessional)
		h, members := f.newHousehold(t, pro.TeamID)
		c := f.assign(t, f.openCase(t, members[0], wijkregie.LevelLight, "financien"), pro.UserID)
		before := len(f.inboxOf(t, pro, wijkregie.NotificationOutreach))
		f.importArrears(t, arrearsReport("Woonstede", wijkregie.CreditorHousingCorp, "HUUR-1", h.Address),
			arrearsReport("Duinstroom", wijkregie.CreditorEnergy, "E-1", h.Address))
		f.importArrears(t, arrearsReport("Duinwater", wijkregie.CreditorWater, "W-1", h.Address))
		o, arr := f.openOutreach(t, h.ID)
		if o.CaseID != c.ID || o.AssignedTo != pro.UserID || len(arr) != 3 {
			t.Errorf("outreach case %s assigned %s with %d arrears; want %s, %s, 3", o.CaseID, o.AssignedTo, len(arr), c.ID, pro.UserID)
		}
		inbox := f.inboxOf(t, pro, wijkregie.NotificationOutreach)
		if len(inbox)-before != 1 || inbox[0].SubjectID != o.ID || inbox[0].HouseholdID != h.ID {
			t.Errorf("the regisseur's inbox holds %d new outreach notices (%+v); want one on the outreach", len(inbox)-before, inbox)
		}
	})
}

func TestImportArrearsMatchesTheDebtorToAMember(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		h, _ := f.newHousehold(t, f.users[wijkregie.RoleProfessional].TeamID)
		p, bsn := f.personWithBSN(t, born)
		q := &wijkregie.Person{MunicipalityID: demo.MunicipalityID, GivenName: "Bo", Prefix: "van der", FamilyName: "Berg", BirthDate: time.Date(1975, 2, 3, 0, 0, 0, 0, time.UTC)}
		err := f.s.Tx(f.ctx, func(tx *store.Q) error {
			if err := tx.CreatePerson(f.ctx, q); err != nil {
				return err
			}
			for _, id := range []string{p.ID, q.ID} {
				if err := tx.AddMember(f.ctx, &wijkregie.Member{MunicipalityID: demo.MunicipalityID, HouseholdID: h.ID, PersonID: id,
					Relation: wijkregie.RelationParent, From: start.AddDate(-1, 0, 0)}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		byBSN := arrearsReport("Woonstede", wijkregie.CreditorHousingCorp, "HUUR-1", h.Address)
		byBSN.Debtor.Surname, byBSN.Debtor.BSN, byBSN.Debtor.BirthDate = "Anders", wijkregie.BSN(bsn), time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
		byName := arrearsReport("Duinstroom", wijkregie.CreditorEnergy, "E-1", h.Address)
		byName.Debtor.Surname, byName.Debtor.BirthDate = "Van der Berg", q.BirthDate
		nobody := arrearsReport("Duinwater", wijkregie.CreditorWater, "W-1", h.Address)
		nobody.Debtor.Surname = "Onbekend"
		lead := f.actor(wijkregie.RoleTeamLead)
		var recs []entry
		recs = f.audited(t, func() { f.importArrears(t, byBSN, byName, nobody) })
		_, arr := f.openOutreach(t, h.ID)
		arr = []wijkregie.Arrears{byRef(t, arr, "HUUR-1"), byRef(t, arr, "E-1"), byRef(t, arr, "W-1")}
		if arr[0].PersonID != p.ID || arr[1].PersonID != q.ID || arr[2].PersonID != "" {
			t.Fatalf("arrears matched to %v; want %s, %s and nobody", func() []string {
				var out []string
				for _, a := range arr {
					out = append(out, a.PersonID)
				}
				return out
			}(), p.ID, q.ID)
		}
		// Kept as delivered, the BSN sealed and opened again.
		if arr[0].Debtor.BSN.Digits() != bsn || arr[0].Debtor.Surname != "Anders" {
			t.Errorf("debtor %+v; want as delivered", arr[0].Debtor)
		}
		if len(recs) != 4 || recs[0] != rec(lead, "betalingsachterstand.aanmaken", "betalingsachterstand", arr[0].ID, p.ID, app.PurposeTask, wijkregie.AuditAllowed) ||
			recs[1].Person != q.ID || recs[2].Person != "" {
			t.Errorf("audit %+v; want each arrears with its person", recs)
		}
		inz, err := f.s.R().PersonArrears(f.ctx, demo.MunicipalityID, p.ID)
		if err != nil || len(inz) != 1 || inz[0].ID != arr[0].ID {
			t.Errorf("PersonArrears: %v, %v; want the one matched by BSN", inz, err)
		}
	})
}

func TestImportArrearsDryRunClassifiesAndKeepsNothing(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		h, _ := f.newHousehold(t, f.users[wijkregie.RoleProfessional].TeamID)
		good := arrearsReport("Woonstede", wijkregie.CreditorHousingCorp, "HUUR-1", h.Address)
		file := csvHeader + csvRow(good) + csvRow(arrearsReport("Duinstroom", wijkregie.CreditorEnergy, "E-1", h.Address)) + csvRow(good) +
			csvRow(arrearsReport("Duinwater", wijkregie.CreditorWater, "W-1", wijkregie.Address{Street: "Elders", Number: 1, Postcode: "2590AA", Town: "Duinhaven"}))
		lead := f.actor(wijkregie.RoleTeamLead)
		var dry *app.ArrearsSummary
		recs := f.audited(t, func() { dry = f.importFile(t, file, true) })
		if !dry.DryRun || dry.DeliveryID != "" {
			t.Errorf("dry run %v, delivery %q; want a dry run without delivery", dry.DryRun, dry.DeliveryID)
		}
		if diff := cmp.Diff(recs, []entry{rec(lead, "betalingsachterstanden.importeren", "levering", "", "", app.PurposeTask, wijkregie.AuditAllowed)}); diff != "" {
			t.Errorf("audit (-got +want):\n%s", diff)
		}
		f.noOutreach(t, h.ID)
		if ids, _ := f.s.R().HouseholdsAtAddress(f.ctx, demo.MunicipalityID, wijkregie.Address{Number: 1, Postcode: "2590AA"}); len(ids) != 0 {
			t.Errorf("the dry run registered a household")
		}
		real := f.importFile(t, file, false)
		if diff := cmp.Diff(countsOf(dry), countsOf(real)); diff != "" {
			t.Errorf("dry run and import differ (-dry +real):\n%s", diff)
		}
		if diff := cmp.Diff(dry.Rejections, real.Rejections); diff != "" {
			t.Errorf("dry run and import reject differently (-dry +real):\n%s", diff)
		}
		if want := (counts{Read: 4, New: 3, Bundled: 1, Rejected: 1, Outreaches: 2}); countsOf(real) != want {
			t.Errorf("import %+v; want %+v", countsOf(real), want)
		}
	})
}

func TestImportArrearsByAPIKeepsNothingWhenNoRowIsGood(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		h, _ := f.newHousehold(t, f.users[wijkregie.RoleProfessional].TeamID)
		bad := arrearsReport("Woonstede", wijkregie.CreditorHousingCorp, "", h.Address)
		sum, err := f.svc.ImportArrears(f.ctx, f.actor(wijkregie.RoleTeamLead), []app.ArrearsRow{{Line: 1, Report: bad}},
			app.ArrearsImport{DiscardIfNoneTaken: true})
		if err != nil {
			t.Fatal(err)
		}
		want := []app.ArrearsRejection{{Line: 1, Field: "referentie", Message: "veld.verplicht"}}
		if sum.DeliveryID != "" || sum.Rejected != 1 || !cmp.Equal(sum.Rejections, want) {
			t.Errorf("summary %+v; want no delivery, the row rejected", sum)
		}
		if _, err := f.s.R().ArrearsDeliveryByID(f.ctx, demo.MunicipalityID, sum.DeliveryID); code(err) != wijkregie.ENOTFOUND {
			t.Errorf("delivery: %v; want none kept", err)
		}
	})
}

func TestImportArrearsIsForTeamLeadAndBeheerOnly(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		h, _ := f.newHousehold(t, f.users[wijkregie.RoleProfessional].TeamID)
		rows := []app.ArrearsRow{{Line: 1, Report: arrearsReport("Woonstede", wijkregie.CreditorHousingCorp, "HUUR-1", h.Address)}}
		for role := range f.users {
			_, err := f.svc.ImportArrears(f.ctx, f.actor(role), rows, app.ArrearsImport{DryRun: true})
			allowed := role == wijkregie.RoleTeamLead || role == wijkregie.RoleAdmin
			if allowed && err != nil || !allowed && code(err) != wijkregie.EFORBIDDEN {
				t.Errorf("%s: %v; want allowed %v", role, err, allowed)
			}
		}
		if _, err := f.svc.ImportArrearsFile(f.ctx, f.actor(wijkregie.RoleProfessional), strings.NewReader(csvHeader), app.ArrearsImport{}); code(err) != wijkregie.EFORBIDDEN {
			t.Errorf("a professional's file: %v; want forbidden", err)
		}
	})
}

func TestImportArrearsInBatchesCommitsAsItGoes(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		var b strings.Builder
		b.WriteString(csvHeader)
		for i := range 7 {
			h, _ := f.newHousehold(t, f.users[wijkregie.RoleProfessional].TeamID)
			b.WriteString(csvRow(arrearsReport("Woonstede", wijkregie.CreditorHousingCorp, fmt.Sprintf("H-%d", i), h.Address)))
		}
		b.WriteString(csvRow(arrearsReport("Woonstede", wijkregie.CreditorHousingCorp, "H-0", wijkregie.Address{Street: "X", Number: 1, Postcode: "2581AA", Town: "Duinhaven"})))
		sum, err := f.svc.ImportArrearsFile(f.ctx, f.actor(wijkregie.RoleAdmin), strings.NewReader(b.String()), app.ArrearsImport{BatchSize: 3})
		if err != nil {
			t.Fatal(err)
		}
		// The duplicate on line 9 is found though its first line was
		// committed two batches before.
		if got := countsOf(sum); got != (counts{Read: 8, New: 7, Rejected: 1, Outreaches: 7}) ||
			!cmp.Equal(sum.Rejections, []app.ArrearsRejection{{Line: 9, Field: "referentie", Message: "veld.inlezen.dubbel", FirstLine: 2}}) {
			t.Errorf("summary %+v; want 7 new and line 9 a duplicate of line 2", sum)
		}
	})
}

// TestImportArrearsReadAheadSeesTheHouseholdsItCreated: a file's chunks
// are read ahead of the writer (store.Lookahead), so a reader may look up
// an address before the batch that registered its household commits. A
// new address met again in a later chunk and a later batch is still one
// household, and its reports one outreach.
func TestImportArrearsReadAheadSeesTheHouseholdsItCreated(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		team := f.users[wijkregie.RoleProfessional].TeamID
		fresh := wijkregie.Address{Street: "Nieuwe Duinweg", Number: 7, Postcode: "2581AB", Town: "Duinhaven"}
		var b strings.Builder
		b.WriteString(csvHeader)
		ref := 0
		row := func(creditor string, addr wijkregie.Address) {
			ref++
			b.WriteString(csvRow(arrearsReport(creditor, wijkregie.CreditorHousingCorp, fmt.Sprintf("R-%d", ref), addr)))
		}
		for i := range 9 {
			if i%4 == 0 {
				row(fmt.Sprintf("Schuldeiser %d", i), fresh)
				continue
			}
			h, _ := f.newHousehold(t, team)
			row("Woonstede", h.Address)
		}
		sum, err := f.svc.ImportArrearsFile(f.ctx, f.actor(wijkregie.RoleAdmin), strings.NewReader(b.String()),
			app.ArrearsImport{BatchSize: 3, ChunkSize: 1})
		if err != nil {
			t.Fatal(err)
		}
		if got := countsOf(sum); got != (counts{Read: 9, New: 9, Bundled: 2, Outreaches: 7}) {
			t.Errorf("summary %+v; want 9 new, 2 bundled, 7 outreaches", got)
		}
		hs, err := f.s.R().HouseholdsAtAddress(f.ctx, demo.MunicipalityID, fresh)
		if err != nil {
			t.Fatal(err)
		}
		if len(hs) != 1 {
			t.Fatalf("%d households at the new address; want 1", len(hs))
		}
		if _, arr := f.openOutreach(t, hs[0]); len(arr) != 3 {
			t.Errorf("the new address's outreach holds %d reports; want 3", len(arr))
		}
	})
}

// byRef returns the arrears with the reference.
func byRef(t *testing.T, arr []wijkregie.Arrears, ref string) wijkregie.Arrears {
	t.Helper()
	for _, a := range arr {
		if a.Reference == ref {
			return a
		}
	}
	t.Fatalf("no arrears %s among %d", ref, len(arr))
	return wijkregie.Arrears{}
}

// asError is errors.As for the tests' *wijkregie.Error.
func asError(err error, e **wijkregie.Error) bool {
	var ok bool
	if err != nil {
		*e, ok = err.(*wijkregie.Error)
	}
	return ok
}

// TestInzageShowsTheArrearsMatchedToThePerson: a person's inzage holds
// every creditor's report matched to them, as delivered, and the PDF sets
// it; a housemate's report is not theirs.
func TestInzageShowsTheArrearsMatchedToThePerson(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		h, _ := f.newHousehold(t, f.users[wijkregie.RoleProfessional].TeamID)
		p, bsn := f.personWithBSN(t, born)
		err := f.s.Tx(f.ctx, func(q *store.Q) error {
			return q.AddMember(f.ctx, &wijkregie.Member{MunicipalityID: demo.MunicipalityID, HouseholdID: h.ID, PersonID: p.ID,
				Relation: wijkregie.RelationParent, From: start.AddDate(-1, 0, 0)})
		})
		if err != nil {
			t.Fatal(err)
		}
		mine := arrearsReport("Woonstede", wijkregie.CreditorHousingCorp, "HUUR-1", h.Address)
		mine.Debtor.BSN, mine.Kind, mine.EndDate = wijkregie.BSN(bsn), wijkregie.ArrearsEviction, time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
		other := arrearsReport("Duinstroom", wijkregie.CreditorEnergy, "E-1", h.Address)
		other.Debtor.Surname = "Huisgenoot"
		f.importArrears(t, mine, other)
		z, err := f.svc.Inzage(f.ctx, f.actor(wijkregie.RolePrivacy), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []app.InzageArrears{{Creditor: "Woonstede", CreditorKind: "woningcorporatie", Reference: "HUUR-1", Kind: "ontruiming", Status: "open",
			Surname: "Proef", Initials: "A.", BirthDate: "1980-05-01", BSN: bsn, Address: fmt.Sprintf("%s %d, %s %s", h.Address.Street, h.Address.Number, h.Address.Postcode, h.Address.Town), Amount: "450.00", Terms: 2, Since: "2026-01-01",
			EndDate: "2026-06-01", FirstReported: "2026-03-02T09:00:00Z", LastReported: "2026-03-02T09:00:00Z", Reports: 1,
			Outreach: z.Outreaches[0].ID}}
		if diff := cmp.Diff(z.Arrears, want); diff != "" {
			t.Errorf("inzage arrears (-got +want):\n%s", diff)
		}
		found := false
		for _, s := range z.Summary {
			found = found || s.Section == "betalingsachterstanden" && s.Count == 1
		}
		if !found {
			t.Errorf("summary %+v; want one report of arrears", z.Summary)
		}
		cat, err := locale.Load()
		if err != nil {
			t.Fatal(err)
		}
		if b, err := app.InzagePDF(z, cat, locale.NL); err != nil || len(b) == 0 {
			t.Errorf("InzagePDF: %d bytes, %v", len(b), err)
		}
	})
}
