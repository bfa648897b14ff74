package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"wijkregie"
	"wijkregie/internal/store"
)

// signalSpec is one demo signal: who registers it, on which household's
// first member, from which source, how long ago it came in, and, for a
// signal the team has triaged, the decision.
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

	// Triage; decision "" leaves the signal nieuw, waiting in the queue.
	decision  wijkregie.TriageDecision
	decidedBy string // e-mail address
	service   string // the referral: a service of the sociale kaart, by name
	answer    string
	reason    string
	inCase    caseLink
	closedBy  string // for caseClosed: the former regisseur's e-mail address
	closure   string // … and the closure reason
}

// caseLink says which case a meervoudig or veiligheid signal went into.
type caseLink int

const (
	noCase     caseLink = iota
	caseOpen            // the household's open case (it has one: the professional's)
	caseNew             // a new case, aangemeld, waiting for the team lead's regisseur
	caseClosed          // a case that has closed since: the signal is afgesloten
)

// day is a calendar day, for the signals' ages.
const day = 24 * time.Hour

// The documented professional and team lead, who register and triage
// most of the team's signals.
var (
	proEmail  = "professional@" + emailDomain
	leadEmail = "teamleider@" + emailDomain
)

// The households createSignals picks: 0 is one the documented professional
// coordinates (it has the professional's case), 1 to 3 are households of
// their team nobody works with now. The signals are made in this order, so
// the triaged ones (received earlier) are there when the new ones are
// matched:
//
//   - household 0: the signal that joined its case (meervoudig), and a
//     neighbour's safety concern waiting for triage, due today, which meets
//     the professional's involvement;
//   - household 1: the matched family, two signals from two sources (a
//     school and the GP) waiting for triage, so the documented
//     professional and partner see their match and the browser flow can
//     triage them;
//   - household 2: a question referred to the sociale kaart (enkelvoudig),
//     a neighbour's report that needed nothing (geen actie, with the
//     reason), and a help request past its deadline;
//   - household 3, a family with children known before: a case that closed (its signal
//     afgesloten), a question answered at once, then a police report
//     triaged veiligheid (a new case at safety level, the Meldcode route
//     started, waiting for the team lead to assign its regisseur), and a
//     housing corporation's report waiting.
//
// A demo too small to have households 1 and 2 gets no signals; household
// 3's are made when there is one.
var signalSpecs = []signalSpec{
	{by: proEmail, household: 0, kind: wijkregie.SignalCareReport, source: wijkregie.SourceHousingCorp,
		organisation: "Woonstichting Duinwonen", reporter: "Wijkconsulent", domains: nil, // the case's first two domains
		description: "De wijkconsulent ziet het huishouden vastlopen: achterstanden, spanningen thuis en geen dagritme meer.",
		urgency:     wijkregie.UrgencyNormal, ago: 45 * day,
		decision: wijkregie.DecisionMultiple, decidedBy: leadEmail, inCase: caseOpen},
	{by: leadEmail, household: 2, kind: wijkregie.SignalHelpRequest, source: wijkregie.SourceSelf, domains: []string{"financien"},
		description: "Meneer vraagt hulp bij een stapel onbetaalde rekeningen en aanmaningen.", urgency: wijkregie.UrgencyNormal, ago: 60 * day,
		decision: wijkregie.DecisionSimple, decidedBy: proEmail, service: "Inloopspreekuur Schuldhulp",
		reason: "Eén vraag op één leefgebied; meneer kan zelf naar het inloopspreekuur."},
	{by: leadEmail, household: 2, kind: wijkregie.SignalCareReport, source: wijkregie.SourceNeighbour, reporter: "Buurman", anonymous: true,
		domains: []string{"sociaal-netwerk"}, description: "Buurman meldt eenmalige geluidsoverlast na een verjaardagsfeest.",
		urgency: wijkregie.UrgencyNormal, ago: 20 * day,
		decision: wijkregie.DecisionNone, decidedBy: leadEmail,
		reason: "Eenmalig voorval zonder zorgen over het gezin; de melder is gewezen op buurtbemiddeling."},
	{by: proEmail, household: 3, kind: wijkregie.SignalCareReport, source: wijkregie.SourceSchool, organisation: "Kindcentrum Het Kompas",
		reporter: "Zorgcoördinator", domains: []string{"huiselijke-relaties", "tijdsbesteding"},
		description: "De jongste komt vaak moe en zonder lunch op school; thuis lijkt het sinds de scheiding zwaar.",
		urgency:     wijkregie.UrgencyNormal, ago: 200 * day,
		decision: wijkregie.DecisionMultiple, decidedBy: leadEmail, inCase: caseClosed,
		closedBy: "m.bakkali@" + emailDomain, closure: wijkregie.ClosureGoalsMet},
	{by: proEmail, household: 3, kind: wijkregie.SignalHelpRequest, source: wijkregie.SourceSelf, domains: []string{"financien"},
		description: "Een ouder vraagt of er bijzondere bijstand is voor een nieuwe wasmachine.",
		urgency:     wijkregie.UrgencyNormal, ago: 30 * day,
		decision: wijkregie.DecisionSimple, decidedBy: proEmail,
		answer: "Uitgelegd hoe de aanvraag bijzondere bijstand gaat en het formulier meegegeven."},
	{by: leadEmail, household: 3, kind: wijkregie.SignalSafety, source: wijkregie.SourcePolice, organisation: "Politie Basisteam Duinhaven",
		reporter: "Wijkagent", domains: []string{"huiselijke-relaties"},
		description: "Politie ging ter plaatse na een melding van huiselijk geweld; de kinderen waren thuis.",
		urgency:     wijkregie.UrgencyUrgent, ago: 2 * day,
		decision: wijkregie.DecisionSafety, decidedBy: leadEmail, inCase: caseNew},

	{by: proEmail, household: 1, kind: wijkregie.SignalCareReport, source: wijkregie.SourceSchool,
		organisation: "Basisschool De Zeester", reporter: "Intern begeleider", domains: []string{"huiselijke-relaties", "tijdsbesteding"},
		description: "De oudste zoon komt sinds een maand vaak te laat en zonder ontbijt; de leerkracht maakt zich zorgen.",
		urgency:     wijkregie.UrgencyNormal, ago: 26 * time.Hour},
	{by: "partner@" + emailDomain, household: 1, kind: wijkregie.SignalCareReport, source: wijkregie.SourceGP,
		organisation: gpPractice, domains: []string{"geestelijke-gezondheid", "financien"},
		description: "Moeder vertelt op het spreekuur over slapeloosheid en geldzorgen.",
		urgency:     wijkregie.UrgencyNormal, ago: 3 * time.Hour},
	{by: leadEmail, household: 0, kind: wijkregie.SignalSafety, source: wijkregie.SourceNeighbour,
		reporter: "Buurvrouw", anonymous: true, domains: []string{"huiselijke-relaties"},
		description: "Buren horen 's avonds harde ruzie en een huilend kind.", urgency: wijkregie.UrgencyUrgent, ago: time.Hour},
	{by: proEmail, household: 2, kind: wijkregie.SignalHelpRequest, source: wijkregie.SourceSelf,
		domains: []string{"huisvesting", "financien"}, description: "Meneer belt zelf: hij dreigt zijn huis uit gezet te worden.",
		urgency: wijkregie.UrgencyNormal, ago: 10 * day},
	{by: proEmail, household: 3, kind: wijkregie.SignalCareReport, source: wijkregie.SourceHousingCorp,
		organisation: "Woonstichting Duinwonen", reporter: "Wijkconsulent", domains: []string{"huisvesting", "financien"},
		description: "Huurachterstand van twee maanden; de huurder reageert niet op brieven.", urgency: wijkregie.UrgencyNormal, ago: 2 * time.Hour},
}

// createSignals writes the demo signals with their matches and
// notifications, and the triage of the ones the team has decided on. The
// audit log keeps its one demo.laden record.
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
		if len(picked) == 4 {
			break
		}
		if h.Members == 0 {
			continue
		}
		invs, err := q.Involvements(ctx, MunicipalityID, h.ID)
		if err != nil {
			return err
		}
		cases, err := q.HouseholdCases(ctx, MunicipalityID, h.ID)
		if err != nil {
			return err
		}
		if len(invs) > 0 || len(cases) > 0 {
			continue
		}
		if len(picked) == 3 {
			// Household 3's story is about children.
			ms, _, err := q.HouseholdMembers(ctx, MunicipalityID, h.ID)
			if err != nil {
				return err
			}
			if !slices.ContainsFunc(ms, func(m wijkregie.Member) bool { return m.Relation == wijkregie.RelationChild }) {
				continue
			}
		}
		picked = append(picked, h.ID)
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
	services, _, err := q.Services(ctx, MunicipalityID, store.ServiceFilter{Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		return err
	}
	serviceID := map[string]string{}
	for _, sv := range services {
		serviceID[sv.Name] = sv.ID
	}
	for _, sp := range signalSpecs {
		if sp.household >= len(picked) {
			continue
		}
		hid := picked[sp.household]
		_, ps, err := q.HouseholdMembers(ctx, MunicipalityID, hid)
		if err != nil {
			return err
		}
		received := q.Now().Add(-sp.ago)
		u := users[sp.by]
		sig := &wijkregie.Signal{MunicipalityID: MunicipalityID, Kind: sp.kind, PersonID: ps[0].ID, HouseholdID: hid,
			SourceKind: sp.source, SourceOrganisationID: orgID[sp.organisation], ReporterName: sp.reporter, AnonymousToFamily: sp.anonymous,
			Domains: sp.domains, Description: sp.description, Urgency: sp.urgency, ReceivedAt: received,
			TriageDeadline: wijkregie.TriageDeadline(received, sp.urgency), Status: wijkregie.SignalNew, TeamID: pro.TeamID, CreatedBy: u.ID}
		if sp.decision == "" {
			if err := q.CreateSignal(ctx, sig); err != nil {
				return fmt.Errorf("signal: %w", err)
			}
			if _, err := q.MatchSignal(ctx, sig); err != nil {
				return fmt.Errorf("signal matches: %w", err)
			}
			continue
		}
		if err := triaged(ctx, q, sig, sp, users, serviceID); err != nil {
			return fmt.Errorf("triaged signal: %w", err)
		}
	}
	return nil
}

// triaged writes a signal the team has decided on, with the decision and
// what it set in motion, as the triage use case does: the suggestion the
// rules gave is kept beside the decision.
func triaged(ctx context.Context, q *store.Q, sig *wijkregie.Signal, sp signalSpec, users map[string]*wijkregie.User, serviceID map[string]string) error {
	by := users[sp.decidedBy].ID
	var open *wijkregie.Case
	if sp.inCase == caseOpen {
		c, err := q.OpenCase(ctx, MunicipalityID, sig.HouseholdID)
		if err != nil {
			return fmt.Errorf("the household's open case: %w", err)
		}
		open = c
		if sig.Domains == nil {
			sig.Domains = c.Domains[:min(2, len(c.Domains))]
		}
	}
	t := &wijkregie.Triage{MunicipalityID: MunicipalityID, Decision: sp.decision, Reason: sp.reason, ServiceID: serviceID[sp.service],
		Answer: sp.answer, DecidedBy: by}
	set, err := q.Settings(ctx, MunicipalityID)
	if err != nil {
		return err
	}
	f, err := demoFacts(ctx, q, sig, open)
	if err != nil {
		return err
	}
	t.SetSuggestion(set.Suggest(f))
	sig.Status = sp.decision.SignalStatus()
	if sp.inCase == caseClosed {
		sig.Status = wijkregie.SignalClosed
	}
	if err := q.CreateSignal(ctx, sig); err != nil {
		return err
	}
	t.SignalID = sig.ID
	var c *wijkregie.Case
	switch sp.inCase {
	case caseOpen:
		c = open
	case caseNew:
		c = &wijkregie.Case{MunicipalityID: MunicipalityID, HouseholdID: sig.HouseholdID, TeamID: sig.TeamID, Status: wijkregie.CaseRegistered,
			Level: wijkregie.LevelLight, Domains: slices.Clone(sig.Domains), OpenedBy: by}
		if sp.decision == wijkregie.DecisionSafety {
			c.Level = wijkregie.LevelSafety
		}
		if err := q.CreateCase(ctx, c); err != nil {
			return err
		}
	case caseClosed:
		c = &wijkregie.Case{MunicipalityID: MunicipalityID, HouseholdID: sig.HouseholdID, TeamID: sig.TeamID, Status: wijkregie.CaseRegistered,
			Level: wijkregie.LevelLight, Domains: slices.Clone(sig.Domains), OpenedBy: by}
		if err := q.CreateCase(ctx, c); err != nil {
			return err
		}
		former := users[sp.closedBy]
		c.Status, c.ClosedAt, c.ClosureReason = wijkregie.CaseClosed, q.Now(), sp.closure
		err := q.Assign(ctx, c, &wijkregie.Assignment{UserID: former.ID, AssignedBy: by, Reason: assignReasons[0],
			Mandate: wijkregie.Mandate{From: q.Now(), Decide: wijkregie.DefaultMandate, EscalateTo: users[leadEmail].Name + ", teamleider " + centrum}})
		if err != nil {
			return err
		}
		if err := q.EndAssignment(ctx, c); err != nil {
			return err
		}
		step := wijkregie.CaseRegistered
		for _, next := range []wijkregie.CaseStatus{wijkregie.CaseIntake, wijkregie.CasePlan, wijkregie.CaseExecution, wijkregie.CaseScaleDown, wijkregie.CaseClosed} {
			who := former.ID
			if step == wijkregie.CaseRegistered {
				who = by
			}
			if err := q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: MunicipalityID, CaseID: c.ID, Kind: wijkregie.EventStatus,
				From: string(step), To: string(next), By: who}); err != nil {
				return err
			}
			step = next
		}
	}
	if c != nil {
		t.CaseID = c.ID
		if err := q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: MunicipalityID, CaseID: c.ID, Kind: wijkregie.EventSignalJoined,
			To: sig.ID, By: by}); err != nil {
			return err
		}
		if sp.decision == wijkregie.DecisionSafety {
			if err := q.StartMeldcode(ctx, &wijkregie.MeldcodeRoute{MunicipalityID: MunicipalityID, CaseID: c.ID, StartedBy: by, SignalID: sig.ID}); err != nil {
				return err
			}
			if err := q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: MunicipalityID, CaseID: c.ID, Kind: wijkregie.EventMeldcode,
				To: "1", By: by}); err != nil {
				return err
			}
		}
	}
	return q.CreateTriage(ctx, t)
}

// demoFacts is what the suggestion rules looked at when the signal was
// triaged: its household's other active signals and open case.
func demoFacts(ctx context.Context, q *store.Q, sig *wijkregie.Signal, open *wijkregie.Case) (wijkregie.TriageFacts, error) {
	f := wijkregie.TriageFacts{Signal: sig, Domains: slices.Clone(sig.Domains)}
	if sig.Kind == wijkregie.SignalSafety {
		f.SafetySignals = 1
	}
	if open != nil {
		f.OpenCaseID, f.OpenCaseLevel = open.ID, open.Level
	}
	others, err := q.HouseholdSignals(ctx, MunicipalityID, sig.HouseholdID)
	if err != nil {
		return f, err
	}
	for _, o := range others {
		if !o.Active() {
			continue
		}
		for _, d := range o.Domains {
			if !slices.Contains(f.Domains, d) {
				f.Domains = append(f.Domains, d)
			}
		}
		if o.Kind == wijkregie.SignalSafety {
			f.SafetySignals++
		}
	}
	return f, nil
}
