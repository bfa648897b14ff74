package demo

import (
	"context"
	"fmt"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/store"
)

// Vroegsignalering: one small delivery of creditors' reports, imported as
// the command line imports a file (app.ImportArrears, as the system
// actor), so a fresh demo's team screen has outreaches to work
// (docs/vroegsignalering.md):
//
//   - on the household of the documented professional's first case, the
//     housing corporation's arrears: the outreach joins the open case,
//     assigned to its regisseur, who finds a notice in the inbox;
//   - on a household of the same team that nobody works with, three
//     creditors (housing corporation, energy company, health insurer)
//     bundled into one outreach;
//   - on another, an eviction announced for six weeks on: threatening, due
//     in three working days;
//   - on a third, an energy company's end of delivery, and the water
//     company's arrears on the same household;
//   - on a household of another team, the water company's arrears.
//
// It draws nothing at random: the households are the first that fit in
// the order the store lists them, the dates count back from the clock.

// arrearsDemo is one report of the demo delivery: on which picked
// household, by whom, on what.
type arrearsDemo struct {
	household int // index into the households createArrears picks
	creditor  string
	kind      wijkregie.CreditorKind
	reference string
	report    wijkregie.ArrearsKind
	euros     int64
	terms     int
	monthsAgo int // since when
	endWeeks  int // the announced end, weeks on; 0 for none
	withBSN   bool
}

var arrearsDemos = []arrearsDemo{
	{0, "Woonstede Duinhaven", wijkregie.CreditorHousingCorp, "HUUR-2026-0311", wijkregie.ArrearsPlain, 1_435, 3, 3, 0, false},
	{1, "Woonstede Duinhaven", wijkregie.CreditorHousingCorp, "HUUR-2026-0402", wijkregie.ArrearsPlain, 1_980, 4, 4, 0, false},
	{1, "Duinstroom Energie", wijkregie.CreditorEnergy, "E-778120", wijkregie.ArrearsPlain, 312, 2, 2, 0, false},
	{1, "Zorgverzekeraar Kust", wijkregie.CreditorHealth, "ZK-55341-2", wijkregie.ArrearsPlain, 389, 3, 3, 0, true},
	{2, "Woonstede Duinhaven", wijkregie.CreditorHousingCorp, "HUUR-2025-1187", wijkregie.ArrearsEviction, 4_250, 7, 7, 6, false},
	{3, "Duinstroom Energie", wijkregie.CreditorEnergy, "E-779115", wijkregie.ArrearsEndOfDelivery, 658, 5, 5, 8, false},
	{3, "Waterbedrijf Duinstreek", wijkregie.CreditorWater, "W-20877", wijkregie.ArrearsPlain, 96, 4, 4, 0, false},
	{4, "Waterbedrijf Duinstreek", wijkregie.CreditorWater, "W-21007", wijkregie.ArrearsPlain, 144, 5, 5, 0, false},
}

// createArrears imports the demo delivery; a demo too small to have the
// households gets none.
func createArrears(ctx context.Context, s *store.Store) error {
	var picked []string
	var debtors []wijkregie.Debtor
	err := s.Tx(ctx, func(q *store.Q) (err error) {
		picked, debtors, err = arrearsHouseholds(ctx, q)
		return err
	})
	if err != nil || len(picked) < 5 {
		return err
	}
	now := s.Now()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	rows := make([]app.ArrearsRow, len(arrearsDemos))
	for i, d := range arrearsDemos {
		debtor := debtors[d.household]
		if !d.withBSN {
			debtor.BSN = ""
		}
		r := wijkregie.ArrearsReport{CreditorName: d.creditor, CreditorKind: d.kind, Reference: d.reference, Kind: d.report, Debtor: debtor,
			AmountCents: d.euros*100 + 50, Terms: d.terms, Since: today.AddDate(0, -d.monthsAgo, 0)}
		if d.endWeeks > 0 {
			r.EndDate = today.AddDate(0, 0, 7*d.endWeeks)
		}
		rows[i] = app.ArrearsRow{Line: i + 2, Report: r}
	}
	svc := app.New(s, app.Options{Now: s.Now})
	sum, err := svc.ImportArrears(ctx, wijkregie.SystemActor(MunicipalityID), rows, app.ArrearsImport{Source: app.DeliveryFile})
	if err != nil {
		return err
	}
	if sum.Rejected > 0 {
		return fmt.Errorf("the demo delivery has %d rejected rows: %+v", sum.Rejected, sum.Rejections)
	}
	return nil
}

// arrearsHouseholds picks the delivery's households with their debtor
// (the eldest member of today who is not a child): the documented
// professional's first household (with its case), three more of the
// team that nobody works with, and one of another team. Fewer when the
// demo is too small.
func arrearsHouseholds(ctx context.Context, q *store.Q) ([]string, []wijkregie.Debtor, error) {
	pro, _, err := q.UserByEmail(ctx, MunicipalityID, proEmail)
	if err != nil {
		return nil, nil, err
	}
	own, _, err := q.Households(ctx, MunicipalityID, wijkregie.HouseholdScope{UserID: pro.ID}, store.Page{Limit: 1})
	if err != nil || len(own) == 0 {
		return nil, nil, err
	}
	var ids []string
	var debtors []wijkregie.Debtor
	add := func(h store.HouseholdSummary) (bool, error) {
		_, ps, err := q.HouseholdMembers(ctx, MunicipalityID, h.ID)
		if err != nil {
			return false, err
		}
		for _, p := range ps {
			if p.BirthDate.IsZero() || p.FamilyName == "" || p.BirthDate.After(q.Now().AddDate(-18, 0, 0)) {
				continue
			}
			d := wijkregie.Debtor{Surname: p.FamilyName, Prefix: p.Prefix, BirthDate: p.BirthDate, BSN: p.BSN, Address: h.Address}
			if p.GivenName != "" {
				d.Initials = p.GivenName[:1] + "."
			}
			ids, debtors = append(ids, h.ID), append(debtors, d)
			return true, nil
		}
		return false, nil
	}
	if ok, err := add(own[0]); err != nil || !ok {
		return nil, nil, err
	}
	// Households no one works with: no involvement, no case, no signal's
	// story (createSignals takes the team's first ones; these come from
	// the end of the list).
	untouched := func(teamID string, n int) error {
		hs, _, err := q.Households(ctx, MunicipalityID, wijkregie.HouseholdScope{TeamID: teamID}, store.Page{Limit: store.MaxLimit})
		if err != nil {
			return err
		}
		for i := len(hs) - 1; i >= 0 && n > 0; i-- {
			invs, err := q.Involvements(ctx, MunicipalityID, hs[i].ID)
			if err != nil {
				return err
			}
			cases, err := q.HouseholdCases(ctx, MunicipalityID, hs[i].ID)
			if err != nil {
				return err
			}
			if len(invs) > 0 || len(cases) > 0 || hs[i].Members == 0 {
				continue
			}
			if sigs, err := q.InzageSignals(ctx, MunicipalityID, nil, []string{hs[i].ID}); err != nil || len(sigs) > 0 {
				if err != nil {
					return err
				}
				continue
			}
			ok, err := add(hs[i])
			if err != nil {
				return err
			}
			if ok {
				n--
			}
		}
		return nil
	}
	if err := untouched(pro.TeamID, 3); err != nil {
		return nil, nil, err
	}
	teams, err := q.Teams(ctx, MunicipalityID)
	if err != nil {
		return nil, nil, err
	}
	for _, t := range teams {
		if t.ID != pro.TeamID && len(ids) == 4 {
			if err := untouched(t.ID, 1); err != nil {
				return nil, nil, err
			}
		}
	}
	return ids, debtors, nil
}
