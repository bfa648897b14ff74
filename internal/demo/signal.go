package demo

import (
	"context"
	"fmt"
	"time"

	"wijkregie"
	"wijkregie/internal/store"
)

// signalSpec is one demo signal: who registers it, on which household's
// first member, from which source, and how long ago it came in.
type signalSpec struct {
	by           string // e-mail address of the registrant
	household    int    // index into the households createSignals picks
	kind         wijkregie.SignalKind
	source       wijkregie.SourceKind
	organisation string // source organisation's name; "" for none
	reporter     string
	anonymous    bool
	domains      []string
	description  string
	urgency      wijkregie.Urgency
	ago          time.Duration
}

// The households createSignals picks: 0 is one the documented professional
// coordinates, 1 and 2 are households of their team nobody works with yet.
// Signals 0 and 1 are about one family from two sources (a school and the
// GP), so the documented professional and partner see their match; signal
// 2 meets the professional's involvement; signal 3 is past its deadline.
var signalSpecs = []signalSpec{
	{by: "professional@" + emailDomain, household: 1, kind: wijkregie.SignalCareReport, source: wijkregie.SourceSchool,
		organisation: "Basisschool De Zeester", reporter: "Intern begeleider", domains: []string{"huiselijke-relaties", "tijdsbesteding"},
		description: "De oudste zoon komt sinds een maand vaak te laat en zonder ontbijt; de leerkracht maakt zich zorgen.",
		urgency:     wijkregie.UrgencyNormal, ago: 26 * time.Hour},
	{by: "partner@" + emailDomain, household: 1, kind: wijkregie.SignalCareReport, source: wijkregie.SourceGP,
		organisation: gpPractice, domains: []string{"geestelijke-gezondheid", "financien"},
		description: "Moeder vertelt op het spreekuur over slapeloosheid en geldzorgen.",
		urgency:     wijkregie.UrgencyNormal, ago: 3 * time.Hour},
	{by: "teamleider@" + emailDomain, household: 0, kind: wijkregie.SignalSafety, source: wijkregie.SourceNeighbour,
		reporter: "Buurvrouw", anonymous: true, domains: []string{"huiselijke-relaties"},
		description: "Buren horen 's avonds harde ruzie en een huilend kind.", urgency: wijkregie.UrgencyUrgent, ago: time.Hour},
	{by: "professional@" + emailDomain, household: 2, kind: wijkregie.SignalHelpRequest, source: wijkregie.SourceSelf,
		domains: []string{"huisvesting", "financien"}, description: "Meneer belt zelf: hij dreigt zijn huis uit gezet te worden.",
		urgency: wijkregie.UrgencyNormal, ago: 10 * 24 * time.Hour},
}

// createSignals writes the demo signals with their matches and
// notifications. The audit log keeps its one demo.laden record.
func createSignals(ctx context.Context, q *store.Q) error {
	users := map[string]*wijkregie.User{}
	for _, st := range staff {
		u, _, err := q.UserByEmail(ctx, MunicipalityID, st.Email)
		if err != nil {
			return fmt.Errorf("user %s: %w", st.Email, err)
		}
		users[st.Email] = u
	}
	pro := users[staff[0].Email]
	own, _, err := q.Households(ctx, MunicipalityID, wijkregie.HouseholdScope{UserID: pro.ID}, store.Page{Limit: 1})
	if err != nil {
		return err
	}
	team, _, err := q.Households(ctx, MunicipalityID, wijkregie.HouseholdScope{TeamID: pro.TeamID}, store.Page{Limit: store.MaxLimit})
	if err != nil {
		return err
	}
	picked := []string{}
	if len(own) > 0 {
		picked = append(picked, own[0].ID)
	}
	for _, h := range team {
		invs, err := q.Involvements(ctx, MunicipalityID, h.ID)
		if err != nil {
			return err
		}
		if len(invs) == 0 && h.Members > 0 && len(picked) < 3 {
			picked = append(picked, h.ID)
		}
	}
	if len(picked) < 3 {
		return nil // a demo too small for the story
	}
	orgs, err := q.Organisations(ctx, MunicipalityID)
	if err != nil {
		return err
	}
	orgID := map[string]string{}
	for _, o := range orgs {
		orgID[o.Name] = o.ID
	}
	for _, sp := range signalSpecs {
		_, ps, err := q.HouseholdMembers(ctx, MunicipalityID, picked[sp.household])
		if err != nil {
			return err
		}
		received := q.Now().Add(-sp.ago)
		u := users[sp.by]
		sig := &wijkregie.Signal{MunicipalityID: MunicipalityID, Kind: sp.kind, PersonID: ps[0].ID, HouseholdID: picked[sp.household],
			SourceKind: sp.source, SourceOrganisationID: orgID[sp.organisation], ReporterName: sp.reporter, AnonymousToFamily: sp.anonymous,
			Domains: sp.domains, Description: sp.description, Urgency: sp.urgency, ReceivedAt: received,
			TriageDeadline: wijkregie.TriageDeadline(received, sp.urgency), Status: wijkregie.SignalNew, TeamID: pro.TeamID, CreatedBy: u.ID}
		if err := q.CreateSignal(ctx, sig); err != nil {
			return fmt.Errorf("signal: %w", err)
		}
		if _, err := q.MatchSignal(ctx, sig); err != nil {
			return fmt.Errorf("signal matches: %w", err)
		}
	}
	return nil
}
