package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"wijkregie"
	"wijkregie/internal/store"
)

// Cases: every household with a regisseur has its one case, opened by the
// team lead, with the regisseur assigned under the standard mandate and
// the course walked so far recorded as events. The cases are spread over
// the statuses from intake to afschalen and over the levels (mostly licht
// and intensief, a few veiligheid with the Meldcode route running); some
// name partner organisations as betrokkenen; about one in eight of the
// others' cases has closed, with its reason, and some of those families
// came back within the year (a relapse). What was done in each stage —
// assessments, the plan and its versions, the journal, tasks, the
// Meldcode route, the closure — is written by casework.go. The documented
// professional's cases, and the first cases they contribute to, are
// written out below, so their screens show every stage whatever the seed.
//
// Everything goes through the store's one-row methods inside the
// household's batch transaction: the same calls the use cases make,
// without their audit records (the one demo.laden record covers the demo).

// streamCases is the random stream of the cases, apart from the streams in
// demo.go, so a change to how cases are drawn moves nobody's involvement.
const streamCases = 17

// caseSpec is what a demo case holds besides its household and people.
type caseSpec struct {
	status      wijkregie.CaseStatus // reached; for a closed case, the status it closed from
	level       wijkregie.CaseLevel
	openedAt    wijkregie.CaseLevel // the level it opened at, when it was scaled since
	scaleWhy    string
	domains     []string
	parties     []partySpec
	escalation  *escalationSpec
	enforcement *enforcementSpec
	closure     string // a closure reason: the case is closed

	// The casework (casework.go); zero values let it draw.
	meldcode   meldcodeState // how far the Meldcode route has come
	stagnating bool          // the case in uitvoering stagnates
	rating     int           // the family's rating at closure
	relapse    *caseSpec     // the case the family came back with after this one closed
}

// partySpec is an organisation among a case's betrokkenen.
type partySpec struct {
	organisation string
	role         wijkregie.PartyRole
	note         string
}

// escalationSpec is an opschaling; answer and outcome empty while open.
type escalationSpec struct {
	organisation, toWhom, about, answer, outcome string
}

// enforcementSpec is a doorzettingsbesluit binding the organisations.
type enforcementSpec struct {
	kind             wijkregie.EnforcementKind
	decision, reason string
	organisations    []string
}

// docCases are the cases of the documented professional, in the order
// their households are made: one in uitvoering going well, a veiligheid
// case in the plan stage with the Meldcode route at the afwegingskader, a
// family whose case closed with a rating and who came back (a relapse, in
// intake), one scaling down, one in uitvoering that stagnates — the
// opschaling and the doorzettingsbesluit are about the help that does not
// start — and a family that refused help and has now asked again: its new
// case waits for the team lead's regisseur.
var docCases = []caseSpec{
	{status: wijkregie.CaseExecution, level: wijkregie.LevelIntensive, domains: []string{"financien", "huisvesting", "huiselijke-relaties"},
		parties: []partySpec{
			{"Schuldhulp Duinhaven", wijkregie.PartyCaseWorker, "Schuldhulptraject en budgetbeheer"},
			{"Woonstichting Duinwonen", wijkregie.PartyOther, "Wijkconsulent: betalingsregeling voor de huurachterstand"},
		},
		escalation: &escalationSpec{organisation: "Woonstichting Duinwonen", toWhom: "Manager Wonen, Woonstichting Duinwonen",
			about:   "De ontruimingsprocedure loopt door, terwijl het plan een betalingsregeling voor de huurachterstand afspreekt.",
			answer:  "De procedure is opgeschort zolang het gezin de regeling nakomt.",
			outcome: "Geen ontruiming; de regeling loopt en de wijkconsulent meldt een gemiste termijn meteen aan de regisseur."}},
	{status: wijkregie.CasePlan, level: wijkregie.LevelSafety, openedAt: wijkregie.LevelIntensive,
		scaleWhy: "De politie meldt een incident van huiselijk geweld.",
		domains:  []string{"huiselijke-relaties", "geestelijke-gezondheid"},
		parties:  []partySpec{{"Veilig Thuis Kustregio", wijkregie.PartyAdvisor, "Advies bij stap 2 van de Meldcode"}},
		meldcode: mcWeighing},
	{status: wijkregie.CaseScaleDown, level: wijkregie.LevelLight, openedAt: wijkregie.LevelIntensive,
		scaleWhy: "De huurachterstand is ingelopen en de ouders maken weer samen afspraken.",
		domains:  []string{"financien", "huiselijke-relaties"}, closure: wijkregie.ClosureGoalsMet, rating: 8,
		relapse: &caseSpec{status: wijkregie.CaseIntake, level: wijkregie.LevelLight, domains: []string{"financien", "sociaal-netwerk"}}},
	{status: wijkregie.CaseScaleDown, level: wijkregie.LevelLight, openedAt: wijkregie.LevelIntensive,
		scaleWhy: "Het huishouden pakt de regie weer zelf: de schulden zijn geregeld en er is weer een dagritme.",
		domains:  []string{"financien", "tijdsbesteding"},
		parties:  []partySpec{{"Schuldhulp Duinhaven", wijkregie.PartyCaseWorker, "Budgetbeheer, loopt af"}}},
	{status: wijkregie.CaseExecution, level: wijkregie.LevelIntensive, domains: []string{"geestelijke-gezondheid", "middelengebruik", "werk-opleiding"},
		parties: []partySpec{{"GGZ Kustland", wijkregie.PartyCaseWorker, "Behandeling van een depressie"}},
		escalation: &escalationSpec{organisation: "GGZ Kustland", toWhom: "Teammanager volwassenen, GGZ Kustland",
			about: "De behandeling begint pas na twaalf weken wachttijd; het plan vraagt een start binnen vier weken."},
		enforcement: &enforcementSpec{kind: wijkregie.EnforceStart,
			decision:      "GGZ Kustland zet overbruggingszorg in door het FACT-team tot de behandeling begint.",
			reason:        "De wachttijd is te lang voor wat het gezin nu draagt; de opschaling bleef drie weken zonder antwoord.",
			organisations: []string{"GGZ Kustland"}},
		stagnating: true},
	{status: wijkregie.CasePlan, level: wijkregie.LevelIntensive, domains: []string{"huisvesting", "middelengebruik"},
		closure: wijkregie.ClosureRefused,
		relapse: &caseSpec{status: wijkregie.CaseRegistered, level: wijkregie.LevelIntensive, domains: []string{"huisvesting", "financien"}}},
}

// contribCases are the first cases the documented professional, whose
// expertise is huiselijk geweld, contributes to as a colleague of the
// regisseur: veiligheid cases whose Meldcode routes went three other ways
// — to a report to Veilig Thuis, to "geen vermoeden", and to help with a
// review of lasting safety.
var contribCases = []caseSpec{
	{status: wijkregie.CaseExecution, level: wijkregie.LevelSafety, domains: []string{"huiselijke-relaties", "middelengebruik"},
		parties:  []partySpec{{"Veilig Thuis Kustregio", wijkregie.PartyAdvisor, "Melding gedaan; Veilig Thuis doet het veiligheidsonderzoek"}},
		meldcode: mcReported},
	{status: wijkregie.CasePlan, level: wijkregie.LevelIntensive, openedAt: wijkregie.LevelSafety,
		scaleWhy: "De Meldcode-route is afgesloten: geen vermoeden van huiselijk geweld. Het gezin houdt intensieve ondersteuning.",
		domains:  []string{"huiselijke-relaties", "huisvesting"},
		meldcode: mcNoSuspicion},
	{status: wijkregie.CaseExecution, level: wijkregie.LevelSafety, domains: []string{"huiselijke-relaties", "geestelijke-gezondheid"},
		parties: []partySpec{
			{"Veilig Thuis Kustregio", wijkregie.PartyAdvisor, "Advies in de Meldcode-route"},
			{"GGZ Kustland", wijkregie.PartyCaseWorker, "Traumabehandeling voor moeder"},
		},
		meldcode: mcHelp},
}

// orgFor names the partner organisation a random case's domain brings in.
var orgFor = map[string]partySpec{
	"financien":              {"Schuldhulp Duinhaven", wijkregie.PartyCaseWorker, "Schuldhulptraject"},
	"huisvesting":            {"Woonstichting Duinwonen", wijkregie.PartyOther, "Wijkconsulent: woonsituatie en huur"},
	"geestelijke-gezondheid": {"GGZ Kustland", wijkregie.PartyCaseWorker, "Behandeling"},
	"middelengebruik":        {"GGZ Kustland", wijkregie.PartyCaseWorker, "Verslavingszorg"},
}

var (
	// commonDomains are the worries a neighbourhood team meets most.
	commonDomains = []string{"financien", "huisvesting", "huiselijke-relaties", "geestelijke-gezondheid", "sociaal-netwerk"}
	caseStatuses  = []weighted[wijkregie.CaseStatus]{
		{20, wijkregie.CaseIntake}, {25, wijkregie.CasePlan}, {40, wijkregie.CaseExecution}, {15, wijkregie.CaseScaleDown},
	}
	caseLevels = []weighted[wijkregie.CaseLevel]{
		{50, wijkregie.LevelLight}, {40, wijkregie.LevelIntensive}, {10, wijkregie.LevelSafety},
	}
	closureReasons = []weighted[string]{
		{50, wijkregie.ClosureGoalsMet}, {15, wijkregie.ClosureScaledDown}, {10, wijkregie.ClosureCareElse}, {5, wijkregie.ClosureRefused},
		{10, wijkregie.ClosureMoved}, {2, wijkregie.ClosureDied}, {8, wijkregie.ClosureOther},
	}
	assignReasons = []string{
		"Passende expertise en ruimte in de caseload.",
		"Kent het gezin al van een eerder contact.",
		"Voorstel van het systeem gevolgd: expertise past bij de leefgebieden.",
		"Woont het dichtst bij de buurt en werkt er al met de school samen.",
	}
)

// caseContext is what the cases need of the organisation, read once.
type caseContext struct {
	leads    map[string]*wijkregie.User // team id → its team lead
	names    map[string]string          // user id → name
	teams    map[string]string          // team id → name
	orgs     map[string]string          // organisation name → id
	partner  string                     // the documented partner's user id
	settings wijkregie.Settings
}

func (c *caseload) context(ctx context.Context, q *store.Q) (*caseContext, error) {
	if c.cc != nil {
		return c.cc, nil
	}
	cc := &caseContext{leads: map[string]*wijkregie.User{}, names: map[string]string{}, teams: map[string]string{}, orgs: map[string]string{},
		partner: c.partner}
	users, _, err := q.Users(ctx, MunicipalityID, store.UserFilter{Page: store.Page{Limit: store.MaxLimit}})
	if err != nil {
		return nil, err
	}
	for i := range users {
		u := &users[i]
		cc.names[u.ID] = u.Name
		if _, ok := cc.leads[u.TeamID]; !ok && u.Role == wijkregie.RoleTeamLead {
			cc.leads[u.TeamID] = u
		}
	}
	teams, err := q.Teams(ctx, MunicipalityID)
	if err != nil {
		return nil, err
	}
	for _, t := range teams {
		cc.teams[t.ID] = t.Name
	}
	orgs, err := q.Organisations(ctx, MunicipalityID)
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		cc.orgs[o.Name] = o.ID
	}
	if cc.settings, err = q.Settings(ctx, MunicipalityID); err != nil {
		return nil, err
	}
	c.cc = cc
	return cc, nil
}

// drawCase decides the case of a household with these involvements: the
// documented professional's next written-out case, the next written-out
// case they contribute to, or a random one. Only cases that involve none
// of the documented accounts close, so their caseloads stay what the
// README promises.
func (c *caseload) drawCase(as []assignment) caseSpec {
	if as[0].userID == c.docPro && c.docCase < len(docCases) {
		c.docCase++
		return docCases[c.docCase-1]
	}
	// Drawn for the written-out contributions too, so the cases after
	// them draw what they drew before those were written out.
	sp := c.randomCase(as)
	if c.contribCase < len(contribCases) && slices.ContainsFunc(as[1:], func(a assignment) bool { return a.userID == c.docPro }) {
		c.contribCase++
		return contribCases[c.contribCase-1]
	}
	return sp
}

// randomCase draws a case from the streams: its course and level, its
// domains and parties from the cases' stream, and — so that none of
// those draws moved when casework came — the fit of an early closure's
// reason from the casework's.
func (c *caseload) randomCase(as []assignment) caseSpec {
	r := c.cases
	sp := caseSpec{status: pickWeighted(r, caseStatuses), level: pickWeighted(r, caseLevels)}
	// One to three domains, the common ones more often; heavier support
	// is for problems in more than one, and safety starts at home.
	n := 1 + r.IntN(3)
	if sp.level != wijkregie.LevelLight {
		n = 2 + r.IntN(2)
	}
	if sp.level == wijkregie.LevelSafety {
		sp.domains = []string{"huiselijke-relaties"}
	}
	for len(sp.domains) < n {
		d := commonDomains[r.IntN(len(commonDomains))]
		if r.IntN(3) == 0 {
			d = wijkregie.Domains[r.IntN(len(wijkregie.Domains))].Code
		}
		if !slices.Contains(sp.domains, d) {
			sp.domains = append(sp.domains, d)
		}
	}
	if sp.level == wijkregie.LevelSafety {
		sp.parties = append(sp.parties, partySpec{"Veilig Thuis Kustregio", wijkregie.PartyAdvisor, "Advies in de Meldcode-route"})
	}
	if r.IntN(100) < 35 {
		for _, d := range sp.domains {
			if p, ok := orgFor[d]; ok {
				sp.parties = append(sp.parties, p)
				break
			}
		}
	}
	// A case scaled down since it opened, now and then.
	if sp.level == wijkregie.LevelLight && (sp.status == wijkregie.CaseScaleDown || sp.status == wijkregie.CaseExecution) && r.IntN(3) == 0 {
		sp.openedAt, sp.scaleWhy = wijkregie.LevelIntensive, "De situatie is stabiel; lichtere ondersteuning volstaat."
	}
	docs := false
	for _, a := range as {
		docs = docs || a.userID == c.docPro || a.userID == c.partner
	}
	if !docs && r.IntN(8) == 0 {
		sp.closure = pickWeighted(r, closureReasons)
		// Goals are reached only once there is a plan in uitvoering: a
		// case that ended before went elsewhere or ended otherwise.
		early := sp.status == wijkregie.CaseIntake || sp.status == wijkregie.CasePlan
		if early && (sp.closure == wijkregie.ClosureGoalsMet || sp.closure == wijkregie.ClosureScaledDown) {
			sp.closure = []string{wijkregie.ClosureCareElse, wijkregie.ClosureCareElse, wijkregie.ClosureOther}[c.workRand().IntN(3)]
		}
	}
	return sp
}

// createCase writes household h's case with regisseur as[0] and, while it
// is open, the colleagues as[1:] as betrokkenen (their involvement exists
// already), and then the work done in it (casework.go). A closed case ends
// its regisseur's assignment and involvement; when the family came back
// (sp.relapse), its new case follows.
func (c *caseload) createCase(ctx context.Context, q *store.Q, h *wijkregie.Household, as []assignment, sp caseSpec) error {
	cc, err := c.context(ctx, q)
	if err != nil {
		return err
	}
	// The case's course is written as it happened: opened some weeks or
	// months ago by how far it has come, each step some days after the
	// one before, ending before today. The store stamps by q's clock.
	now := q.Now()
	at := openedBefore(c.cases, now, sp)
	steps := slices.Index(wijkregie.CaseStatuses, sp.status) + 3 // assignment, each status, the work, a closure
	gap := now.Sub(at) / time.Duration(steps)
	step := func() { at = at.Add(gap*3/4 + time.Duration(c.cases.Int64N(int64(gap/4)+1))) }
	q = q.At(func() time.Time { return officeHours(at, now) })
	tl := &timeline{entered: map[wijkregie.CaseStatus]time.Time{}, now: now}
	coordinator := as[0].userID
	lead := cc.leads[h.TeamID]
	by, escalateTo := coordinator, "Teamleider "+cc.teams[h.TeamID]
	if lead != nil {
		by, escalateTo = lead.ID, lead.Name+", teamleider "+cc.teams[h.TeamID]
	}
	opened := sp.level
	if sp.openedAt != "" {
		opened = sp.openedAt
	}
	cs := &wijkregie.Case{MunicipalityID: MunicipalityID, HouseholdID: h.ID, TeamID: h.TeamID, Status: wijkregie.CaseRegistered,
		Level: opened, Domains: sp.domains, OpenedBy: by}
	if err := q.CreateCase(ctx, cs); err != nil {
		return fmt.Errorf("case: %w", err)
	}
	var route *wijkregie.MeldcodeRoute
	if opened == wijkregie.LevelSafety {
		if route, err = startMeldcode(ctx, q, cs, by); err != nil {
			return err
		}
		tl.route = at
	}
	// Assign writes the case as it stands after the course below, status
	// and level included, in one update with its regisseur: the schema
	// wants a regisseur past aangemeld.
	cs.Status, cs.Level = sp.status, sp.level
	if sp.closure != "" {
		cs.Status, cs.ClosedAt, cs.ClosureReason = wijkregie.CaseClosed, q.Now(), sp.closure
	}
	step() // the team lead assigns
	err = q.Assign(ctx, cs, &wijkregie.Assignment{UserID: coordinator, AssignedBy: by,
		Reason:  assignReasons[c.cases.IntN(len(assignReasons))],
		Mandate: wijkregie.Mandate{From: q.Now(), Decide: wijkregie.DefaultMandate, EscalateTo: escalateTo}})
	if err != nil {
		return fmt.Errorf("case regisseur: %w", err)
	}
	if route != nil {
		// The step's task, the team's while the case had no regisseur,
		// goes to the regisseur as the assignment hands it on.
		if err := q.HandCaseTasksTo(ctx, MunicipalityID, cs.ID, coordinator); err != nil {
			return err
		}
	}
	event := func(kind wijkregie.CaseEventKind, from, to, reason, by string) error {
		return q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: MunicipalityID, CaseID: cs.ID, Kind: kind, From: from, To: to, Reason: reason, By: by})
	}
	status := wijkregie.CaseRegistered
	for _, next := range wijkregie.CaseStatuses[1:] {
		if status == sp.status {
			break
		}
		who := coordinator
		if status == wijkregie.CaseRegistered {
			who = by // the team lead's assignment moves a case to intake
		}
		if err := event(wijkregie.EventStatus, string(status), string(next), "", who); err != nil {
			return err
		}
		tl.entered[next] = at
		status = next
		step()
	}
	if sp.openedAt != "" {
		if err := event(wijkregie.EventLevel, string(sp.openedAt), string(sp.level), sp.scaleWhy, coordinator); err != nil {
			return err
		}
		tl.levelAt = at
		if sp.level == wijkregie.LevelSafety {
			if route, err = startMeldcode(ctx, q, cs, coordinator); err != nil {
				return err
			}
			tl.route = at
		}
	}
	if sp.closure == "" {
		for _, a := range as[1:] {
			note := "Collega uit het wijkteam: werkt mee aan het plan"
			if a.userID == c.partner {
				note = "Huisarts van het gezin"
			}
			if err := q.AddParty(ctx, cs, &wijkregie.Party{UserID: a.userID, Role: wijkregie.PartyCaseWorker, Note: note, AddedBy: coordinator}); err != nil {
				return fmt.Errorf("case party: %w", err)
			}
		}
		for _, p := range sp.parties {
			if err := q.AddParty(ctx, cs, &wijkregie.Party{OrganisationID: cc.orgs[p.organisation], Role: p.role, Note: p.note, AddedBy: coordinator}); err != nil {
				return fmt.Errorf("case party %s: %w", p.organisation, err)
			}
		}
	}
	if e := sp.escalation; e != nil {
		es := &wijkregie.Escalation{MunicipalityID: MunicipalityID, CaseID: cs.ID, OrganisationID: cc.orgs[e.organisation],
			ToWhom: e.toWhom, About: e.about, RaisedBy: coordinator}
		if err := q.CreateEscalation(ctx, es); err != nil {
			return fmt.Errorf("escalation: %w", err)
		}
		if e.answer != "" {
			es.Answer, es.Outcome, es.Status = e.answer, e.outcome, wijkregie.EscalationAnswered
			if e.outcome != "" {
				es.Status = wijkregie.EscalationSettled
			}
			if err := q.UpdateEscalation(ctx, es); err != nil {
				return fmt.Errorf("escalation answer: %w", err)
			}
		}
	}
	if e := sp.enforcement; e != nil {
		en := &wijkregie.Enforcement{MunicipalityID: MunicipalityID, CaseID: cs.ID, Kind: e.kind, Decision: e.decision, Reason: e.reason, DecidedBy: coordinator}
		for _, o := range e.organisations {
			en.OrganisationIDs = append(en.OrganisationIDs, cc.orgs[o])
		}
		if err := q.CreateEnforcement(ctx, en); err != nil {
			return fmt.Errorf("enforcement: %w", err)
		}
	}
	if sp.closure != "" {
		step()
		tl.closed = at
	}
	w, err := c.casework(ctx, q, cs, as, sp, route)
	if err != nil {
		return err
	}
	if err := w.run(tl); err != nil {
		return fmt.Errorf("casework: %w", err)
	}
	if sp.closure == "" {
		return nil
	}
	// Closing as CloseCase does: the work's records are written, now the
	// case itself closes and its regisseur's assignment ends.
	from := sp.status
	cs.ClosedAt = q.Now()
	if err := q.UpdateCase(ctx, cs); err != nil {
		return err
	}
	if err := q.EndAssignment(ctx, cs); err != nil {
		return err
	}
	if err := event(wijkregie.EventClosed, string(from), sp.closure, "", coordinator); err != nil {
		return err
	}
	return c.createRelapse(ctx, q, h, coordinator, by, escalateTo, sp, tl, w)
}

// createRelapse writes the case a family came back with after its case
// closed at tl.closed: sp.relapse, or now and then a drawn one. It opens
// some weeks after the closure, within the year (the store flags it as a
// relapse), and waits for the team lead's regisseur or, when it opened
// long enough ago, is in intake with the family's former regisseur.
func (c *caseload) createRelapse(ctx context.Context, q *store.Q, h *wijkregie.Household, coordinator, by, escalateTo string, sp caseSpec,
	tl *timeline, prev *casework) error {
	r := c.workRand()
	now := tl.now
	rs := sp.relapse
	if rs == nil {
		if now.Sub(tl.closed) < 20*day || r.IntN(3) != 0 {
			return nil
		}
		rs = &caseSpec{status: wijkregie.CaseIntake, level: wijkregie.LevelLight, domains: sp.domains[:1]}
		if d := commonDomains[r.IntN(len(commonDomains))]; d != rs.domains[0] {
			rs.domains = append(slices.Clone(rs.domains), d)
		}
		if r.IntN(2) == 0 {
			rs.status = wijkregie.CaseRegistered
		}
	}
	// A new case waits days, not weeks, for its regisseur; one in intake
	// opened a few weeks ago.
	at := tl.closed.Add(time.Duration(float64(now.Sub(tl.closed)) * (0.35 + 0.25*r.Float64())))
	switch {
	case rs.status == wijkregie.CaseRegistered:
		at = maxTime(tl.closed.Add(day), now.Add(-time.Duration(1+r.IntN(6))*day-time.Duration(r.IntN(8))*time.Hour))
	case now.Sub(at) > 45*day:
		at = now.Add(-time.Duration(20+r.IntN(25)) * day)
	}
	if rs.status != wijkregie.CaseRegistered && now.Sub(at) < 12*day {
		rs = &caseSpec{status: wijkregie.CaseRegistered, level: rs.level, domains: rs.domains}
	}
	q = q.At(func() time.Time { return officeHours(at, now) })
	cs := &wijkregie.Case{MunicipalityID: MunicipalityID, HouseholdID: h.ID, TeamID: h.TeamID, Status: wijkregie.CaseRegistered,
		Level: rs.level, Domains: rs.domains, OpenedBy: by}
	if err := q.CreateCase(ctx, cs); err != nil {
		return fmt.Errorf("relapse case: %w", err)
	}
	if rs.status == wijkregie.CaseRegistered {
		return nil
	}
	at = at.Add(time.Duration(1+r.IntN(3)) * day)
	cs.Status = rs.status
	err := q.Assign(ctx, cs, &wijkregie.Assignment{UserID: coordinator, AssignedBy: by,
		Reason:  "Kent het gezin uit de vorige casus.",
		Mandate: wijkregie.Mandate{From: q.Now(), Decide: wijkregie.DefaultMandate, EscalateTo: escalateTo}})
	if err != nil {
		return fmt.Errorf("relapse regisseur: %w", err)
	}
	if err := q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: MunicipalityID, CaseID: cs.ID, Kind: wijkregie.EventStatus,
		From: string(wijkregie.CaseRegistered), To: string(rs.status), By: by}); err != nil {
		return err
	}
	tl = &timeline{entered: map[wijkregie.CaseStatus]time.Time{wijkregie.CaseIntake: at}, now: now}
	w := prev.next(q, cs, *rs)
	return w.run(tl)
}

// startMeldcode starts the Meldcode route of a safety case at step 1, with
// its task, and returns it.
func startMeldcode(ctx context.Context, q *store.Q, cs *wijkregie.Case, by string) (*wijkregie.MeldcodeRoute, error) {
	r := &wijkregie.MeldcodeRoute{MunicipalityID: MunicipalityID, CaseID: cs.ID, StartedBy: by}
	if err := q.StartMeldcode(ctx, r); err != nil {
		return nil, fmt.Errorf("meldcode: %w", err)
	}
	return r, q.AddCaseEvent(ctx, &wijkregie.CaseEvent{MunicipalityID: MunicipalityID, CaseID: cs.ID, Kind: wijkregie.EventMeldcode, To: "1", By: by})
}

// openedBefore returns when a case that has come as far as sp was opened:
// a few weeks before now for one in intake, up to a year and a half for
// one scaling down or closed. createCase spreads its steps over the time
// between then and now.
func openedBefore(r *rand.Rand, now time.Time, sp caseSpec) time.Time {
	days := map[wijkregie.CaseStatus]int{
		wijkregie.CaseRegistered: 2, wijkregie.CaseIntake: 14, wijkregie.CasePlan: 60,
		wijkregie.CaseExecution: 150, wijkregie.CaseScaleDown: 240,
	}[sp.status]
	if sp.closure != "" {
		days += 90
	}
	days += r.IntN(days/2 + 1)
	return now.AddDate(0, 0, -days).Truncate(time.Hour).Add(8 * time.Hour)
}
