package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"wijkregie"
	"wijkregie/internal/store"
)

// The signal history: Options.Signals signals over the past two years,
// spread over the demo's residents, for trying the platform (and
// benchmarking it) at the size of a large city's or the country's
// caseload. Most were triaged long ago; a few hundred per team wait for
// triage now, so every team's queue has work. History is loaded as it
// stands, not replayed: no matches, notifications, triage decisions or
// audit records are written for it (the one demo.laden record covers it).

// MaxSignals is the largest signal history Load makes: five signals per
// household of the largest demo.
const MaxSignals = 5 * MaxHouseholds

// streamSignals is the random stream of the history, apart from the
// streams in demo.go, so a larger history renames nobody.
const streamSignals = 16

// Shape of the history.
const (
	historyDays = 730 // received over the past two years
	// newPerTeam signals per team wait for triage (received in the last two
	// weeks, some past their deadline), at most a tenth of the history.
	newPerTeam = 300
	// A fifth of the households — the families with many problems — get
	// hotShare percent of the signals; the rest are spread over everyone.
	hotHouseholds = 5 // one in hotHouseholds
	hotShare      = 70
	// signalsPerTx signals go in one transaction.
	signalsPerTx = 50_000
)

// historyHousehold is a household of the history: its team and members.
type historyHousehold struct {
	id, team string
	persons  []string
}

// historyStaff is who registers signals: per team its professionals and
// team lead, and the partner (a GP practice's staff) for the GP's signals.
type historyStaff struct {
	pros, leads map[string][]string // team id → user ids
	anyPro      []string
	partner     string
	partnerOrg  string
	orgs        map[string]string // organisation name → id
}

// createSignalHistory writes o.Signals signals over the households in the
// store, in transactions of signalsPerTx, and returns how many it wrote.
// Load has checked o.Signals.
func createSignalHistory(ctx context.Context, s *store.Store, o Options, staff []staffSpec, seed uint64) (int, error) {
	r := rand.New(rand.NewPCG(seed, streamSignals))
	st, err := loadHistoryStaff(ctx, s.R(), staff)
	if err != nil {
		return 0, err
	}
	var hs []historyHousehold
	err = s.R().Residents(ctx, MunicipalityID, func(res store.Resident) error {
		if n := len(hs); n == 0 || hs[n-1].id != res.HouseholdID {
			hs = append(hs, historyHousehold{id: res.HouseholdID, team: res.TeamID})
		}
		h := &hs[len(hs)-1]
		h.persons = append(h.persons, res.PersonID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	if len(hs) == 0 {
		return 0, nil
	}

	// Draw each signal's household, then write them household by
	// household: the indexes on person and household then grow at their
	// end, which keeps a load of millions fast on both engines.
	counts := make([]int32, len(hs))
	hot := make([]int32, 0, len(hs)/hotHouseholds+1)
	for i := range hs {
		if r.IntN(hotHouseholds) == 0 {
			hot = append(hot, int32(i))
		}
	}
	perTeam := map[string]int{}
	for range o.Signals {
		i := int32(r.IntN(len(hs)))
		if len(hot) > 0 && r.IntN(100) < hotShare {
			i = hot[r.IntN(len(hot))]
		}
		counts[i]++
		perTeam[hs[i].team]++
	}
	// Each team's signal waits for triage with the chance that gives the
	// team about newPerTeam waiting ones.
	newChance := map[string]float64{}
	for team, n := range perTeam {
		want := min(newPerTeam, max(o.Signals/(10*len(perTeam)), 1))
		newChance[team] = float64(want) / float64(n)
	}

	var bar Reporter
	if o.SignalProgress != nil && o.Signals >= progressFrom {
		bar = o.SignalProgress(int64(o.Signals))
		defer bar.Done()
	}
	now := s.R().Now()
	batch := make([]wijkregie.Signal, 0, signalsPerTx)
	written := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := s.Tx(ctx, func(q *store.Q) error { return q.CreateSignals(ctx, batch) }); err != nil {
			return fmt.Errorf("demo signals %d–%d: %w", written+1, written+len(batch), err)
		}
		written += len(batch)
		if bar != nil {
			bar.Add(int64(len(batch)))
		}
		batch = batch[:0]
		return nil
	}
	for i := range hs {
		for range counts[i] {
			batch = append(batch, st.signal(r, &hs[i], now, r.Float64() < newChance[hs[i].team]))
			if len(batch) == signalsPerTx {
				if err := flush(); err != nil {
					return written, err
				}
			}
		}
	}
	return written, flush()
}

// loadHistoryStaff finds the demo's staff and organisations.
func loadHistoryStaff(ctx context.Context, q *store.Q, staff []staffSpec) (*historyStaff, error) {
	st := &historyStaff{pros: map[string][]string{}, leads: map[string][]string{}, orgs: map[string]string{}}
	orgs, err := q.Organisations(ctx, MunicipalityID)
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		st.orgs[o.Name] = o.ID
	}
	for _, sp := range staff {
		u, _, err := q.UserByEmail(ctx, MunicipalityID, sp.Email)
		if err != nil {
			return nil, fmt.Errorf("user %s: %w", sp.Email, err)
		}
		switch u.Role {
		case wijkregie.RoleProfessional:
			st.pros[u.TeamID] = append(st.pros[u.TeamID], u.ID)
			st.anyPro = append(st.anyPro, u.ID)
		case wijkregie.RoleTeamLead:
			st.leads[u.TeamID] = append(st.leads[u.TeamID], u.ID)
		case wijkregie.RolePartner:
			if st.partner == "" {
				st.partner, st.partnerOrg = u.ID, u.OrganisationID
			}
		}
	}
	if len(st.anyPro) == 0 {
		return nil, fmt.Errorf("no professionals to register signals")
	}
	return st, nil
}

// signal draws one signal on household h. A waiting signal came in during
// the last two weeks; a triaged one during the two years before, and was
// answered, referred, found to need nothing, or closed with its case.
func (st *historyStaff) signal(r *rand.Rand, h *historyHousehold, now time.Time, waiting bool) wijkregie.Signal {
	kind := pickWeighted(r, historyKinds)
	src := pickWeighted(r, historySources)
	sig := wijkregie.Signal{
		MunicipalityID: MunicipalityID, Kind: kind, HouseholdID: h.id, SourceKind: src.kind,
		TeamID: h.team, Urgency: wijkregie.UrgencyNormal, Status: wijkregie.SignalNew,
	}
	// Seven in ten signals name a person; the others the family.
	if r.IntN(10) < 7 {
		sig.PersonID = h.persons[r.IntN(len(h.persons))]
	}
	if src.orgs != nil {
		sig.SourceOrganisationID = st.orgs[src.orgs[r.IntN(len(src.orgs))]]
	}
	if src.reporters != nil {
		sig.ReporterName = src.reporters[r.IntN(len(src.reporters))]
	}
	sig.AnonymousToFamily = src.kind == wijkregie.SourceNeighbour && r.IntN(2) == 0
	if kind == wijkregie.SignalSafety && r.IntN(10) < 6 || kind != wijkregie.SignalSafety && r.IntN(100) < 5 {
		sig.Urgency = wijkregie.UrgencyUrgent
	}
	sig.Domains = historyDomains(r, kind)
	texts := historyTexts[kind]
	sig.Description = texts[r.IntN(len(texts))]

	// Who registered it: the GP's own staff for some of the GP's signals,
	// else someone of the household's team.
	team := h.team
	switch {
	case src.kind == wijkregie.SourceGP && st.partner != "" && r.IntN(10) < 4:
		sig.CreatedBy = st.partner
		sig.SourceOrganisationID = st.partnerOrg
	case len(st.leads[team]) > 0 && r.IntN(100) < 15:
		sig.CreatedBy = st.leads[team][r.IntN(len(st.leads[team]))]
	case len(st.pros[team]) > 0:
		sig.CreatedBy = st.pros[team][r.IntN(len(st.pros[team]))]
	default:
		sig.CreatedBy = st.anyPro[r.IntN(len(st.anyPro))]
	}

	if waiting {
		sig.ReceivedAt = now.Add(-time.Duration(r.Int64N(int64(14 * 24 * time.Hour))))
		sig.CreatedAt = sig.ReceivedAt.Add(time.Duration(r.Int64N(int64(2 * time.Hour))))
	} else {
		ago := 3*24*time.Hour + time.Duration(r.Int64N(int64((historyDays-3)*24*time.Hour)))
		sig.ReceivedAt = now.Add(-ago)
		sig.CreatedAt = sig.ReceivedAt.Add(time.Duration(r.Int64N(int64(48 * time.Hour))))
		sig.Status = pickWeighted(r, historyStatuses)
	}
	if sig.CreatedAt.After(now) {
		sig.CreatedAt = now
	}
	sig.TriageDeadline = wijkregie.TriageDeadline(sig.ReceivedAt, sig.Urgency)
	return sig
}

var historyKinds = []weighted[wijkregie.SignalKind]{
	{45, wijkregie.SignalHelpRequest}, {45, wijkregie.SignalCareReport}, {10, wijkregie.SignalSafety},
}

// historyStatuses are where triaged signals ended. "casus" is left out: a
// signal in a case needs the case, which the history does not make.
var historyStatuses = []weighted[wijkregie.SignalStatus]{
	{40, wijkregie.SignalClosed}, {40, wijkregie.SignalSimple}, {20, wijkregie.SignalNoAction},
}

// historySource is a source of signals, with the organisations and
// reporters it comes from.
type historySource struct {
	kind      wijkregie.SourceKind
	orgs      []string
	reporters []string
}

var historySources = []weighted[historySource]{
	{30, historySource{kind: wijkregie.SourceSelf}},
	{8, historySource{kind: wijkregie.SourceNeighbour, reporters: []string{"Buurvrouw", "Buurman", "Bewonerscommissie"}}},
	{15, historySource{kind: wijkregie.SourceGP, orgs: []string{gpPractice, "Gezondheidscentrum Havenkwartier"}, reporters: []string{"Huisarts", "Praktijkondersteuner GGZ"}}},
	{12, historySource{kind: wijkregie.SourceSchool, orgs: []string{"Basisschool De Zeester", "Kindcentrum Het Kompas"}, reporters: []string{"Intern begeleider", "Leerkracht", "Zorgcoördinator"}}},
	{10, historySource{kind: wijkregie.SourceHousingCorp, orgs: []string{"Woonstichting Duinwonen"}, reporters: []string{"Wijkconsulent"}}},
	{5, historySource{kind: wijkregie.SourcePolice, orgs: []string{"Politie Basisteam Duinhaven"}, reporters: []string{"Wijkagent"}}},
	{12, historySource{kind: wijkregie.SourceCreditor, orgs: []string{"Zeewind Energie", "Waterbedrijf Duin en Polder", "Zorgverzekeraar Kustzorg"}, reporters: []string{"Vroegsignalering"}}},
	{8, historySource{kind: wijkregie.SourceOther}},
}

// historyDomains draws one to three distinct ZRM domains, the usual ones
// for the kind more often.
func historyDomains(r *rand.Rand, kind wijkregie.SignalKind) []string {
	common := []string{"financien", "huisvesting", "huiselijke-relaties", "geestelijke-gezondheid"}
	if kind == wijkregie.SignalSafety {
		common = []string{"huiselijke-relaties", "geestelijke-gezondheid", "middelengebruik"}
	}
	n := 1 + r.IntN(2)
	if r.IntN(100) < 15 {
		n = 3
	}
	out := make([]string, 0, n)
	for len(out) < n {
		d := common[r.IntN(len(common))]
		if r.IntN(3) == 0 {
			d = wijkregie.Domains[r.IntN(len(wijkregie.Domains))].Code
		}
		dup := false
		for _, x := range out {
			dup = dup || x == d
		}
		if !dup {
			out = append(out, d)
		}
	}
	return out
}

var historyTexts = map[wijkregie.SignalKind][]string{
	wijkregie.SignalHelpRequest: {
		"Vraagt hulp bij het ordenen van de post en openstaande rekeningen.",
		"Zoekt ondersteuning nu de mantelzorg voor een ouder te zwaar wordt.",
		"Heeft een huurachterstand en weet niet waar te beginnen.",
		"Wil graag hulp bij het vinden van dagbesteding.",
		"Vraagt om advies over opvoeding nu de oudste niet meer naar school wil.",
	},
	wijkregie.SignalCareReport: {
		"Melder maakt zich zorgen: het gezin lijkt sinds enige tijd geïsoleerd.",
		"Betalingsachterstand van drie maanden; geen reactie op brieven.",
		"Kind komt regelmatig zonder lunch en vermoeid op school.",
		"Overlast en vervuiling in en rond de woning gemeld.",
		"Bewoner verwaarloost zichzelf; de buren zien hem nauwelijks nog.",
	},
	wijkregie.SignalSafety: {
		"Buren horen geregeld harde ruzie en een huilend kind.",
		"Politie ging ter plaatse na een melding van huiselijk geweld.",
		"Zorgen over de veiligheid van een jong kind na een bezoek aan huis.",
	},
}
