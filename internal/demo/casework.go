package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"wijkregie"
	"wijkregie/internal/store"
)

// Casework: what the regisseur, the family and the team did in a demo
// case, stage by stage, dated between the stage's start and the next as
// createCase walked them (timeline), so every screen of the case shows a
// past that fits how far it has come:
//
//   - intake: a first contact, and the intake ZRM assessment scoring two
//     to five domains per adult, the case's first; the rest is left niet
//     beoordeeld, as the privacy regulator wants (zrm.md);
//   - plan: the plan's first version with the method's parts and one to
//     four goals with a goed-genoeg criterion and actions, sometimes a
//     version with the family's agreement;
//   - uitvoering: the plan adopted at a meeting and agreed by the family,
//     its evaluation date and the regisseur's evaluation task, contacts
//     and progress in the journal, evaluations with a tussenmeting. Some
//     cases stagnate on purpose: an action and a goal past their dates,
//     help that did not start, the evaluation overdue and no contact for
//     eight weeks or more, so the work lists have something to show;
//   - afschalen: a tussenmeting, most goals reached, a closing evaluation;
//   - closed: the final assessment, the goals' final statuses as the
//     plan's last version, the plan closed, the open tasks done, and the
//     closure with its outcome answers and, mostly, the family's rating;
//   - veiligheid: the Meldcode route, worked as the app works it
//     (RecordStep, Answer, Settle), to a state that fits the case.
//
// Each record goes through the store's one-row method the use case calls,
// at the moment it happened (the store stamps by the casework's clock),
// with the case event the use case adds; the only read is the household's
// members, once per case. The casework draws from its own stream, so the
// streams of the households, involvements and cases draw as before.

// streamCasework is the random stream of the casework (see workRand).
const streamCasework = 18

// meldcodeState is how far a demo Meldcode route has come.
type meldcodeState int

const (
	mcDrawn       meldcodeState = iota // drawn to fit the case's stage
	mcStarted                          // step 1 due
	mcConsulted                        // steps 1–2 done, after consultations
	mcWeighing                         // steps 1–3 done; afwegingsvraag 1 yes, question 2 open
	mcReported                         // through the afwegingskader to a report to Veilig Thuis, with a safety plan: closed
	mcNoSuspicion                      // afwegingsvraag 1 no: closed, recorded
	mcHelp                             // help organised, lasting safety reviewed on a date ahead
	mcLastingSafe                      // help led to lasting safety (question 5 yes): closed
)

// timeline is when a demo case reached each stage: entered holds the
// moment of each status it went into (intake is the assignment); route
// when its Meldcode route started, levelAt when its level changed since
// opening, closed when it closed (zero while open).
type timeline struct {
	entered                     map[wijkregie.CaseStatus]time.Time
	route, levelAt, closed, now time.Time
}

// end returns when stage s ended: when the next stage began, when the
// case closed, or now for the stage the case is in.
func (tl *timeline) end(s wijkregie.CaseStatus) time.Time {
	i := slices.Index(wijkregie.CaseStatuses, s)
	for _, next := range wijkregie.CaseStatuses[i+1:] {
		if t, ok := tl.entered[next]; ok {
			return t
		}
	}
	if !tl.closed.IsZero() {
		return tl.closed
	}
	return tl.now
}

// casework writes the work of one case. Its store handle reads the
// casework's own clock, at, which each step sets before it writes.
type casework struct {
	ctx  context.Context
	base *store.Q
	q    *store.Q
	at   time.Time
	now  time.Time
	r    *rand.Rand
	cc   *caseContext
	cs   *wijkregie.Case
	sp   caseSpec
	by   string   // the regisseur
	help []string // the colleagues and partner among the betrokkenen

	// The family as the plan names them.
	adults   []wijkregie.Person // at most two, the first first
	children bool
	network  string          // someone of the family's network, as they say it: "oma"
	orgs     map[string]bool // partner organisations among the betrokkenen, by name

	scores     []wijkregie.Score // the latest assessment's
	final      string            // the afsluiting assessment's id
	plan       *wijkregie.Plan
	offsets    []goalOffsets // per goal of plan: its dates, in days from the plan's base day
	evaluation *wijkregie.Task
	route      *wijkregie.MeldcodeRoute
	stepTask   *wijkregie.Task // the open Meldcode task
	safetyTask *wijkregie.Task // the open review of lasting safety
	stagnating bool
	said       string // the text last picked (say)
}

// goalOffsets are a goal's target and its actions' start and due, in
// days from the day the plan's dates count from: the expected meeting
// while the plan is a draft, the meeting that adopted it after.
type goalOffsets struct {
	target  int
	actions []actionOffsets
}

type actionOffsets struct {
	start, due int // start 0: no start date (not agreed help)
}

// casework prepares the work of case cs of household members read once.
func (c *caseload) casework(ctx context.Context, q *store.Q, cs *wijkregie.Case, as []assignment, sp caseSpec,
	route *wijkregie.MeldcodeRoute) (*casework, error) {
	ms, ps, err := q.HouseholdMembers(ctx, MunicipalityID, cs.HouseholdID)
	if err != nil {
		return nil, err
	}
	w := &casework{ctx: ctx, base: q, r: c.workRand(), cc: c.cc, by: as[0].userID, orgs: map[string]bool{}}
	now := q.Now()
	// The store orders members by family name and then by record id,
	// which differs per load: the eldest first, then by name, is fixed
	// by the seed.
	order := make([]int, len(ps))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := ps[a].BirthDate.Compare(ps[b].BirthDate); c != 0 {
			return c
		}
		return strings.Compare(ps[a].GivenName, ps[b].GivenName)
	})
	for _, i := range order {
		p := ps[i]
		switch {
		case ms[i].Relation == wijkregie.RelationChild || !p.BirthDate.IsZero() && p.BirthDate.AddDate(18, 0, 0).After(now):
			w.children = w.children || ms[i].Relation == wijkregie.RelationChild
		case len(w.adults) < 2:
			w.adults = append(w.adults, p)
		}
	}
	if len(w.adults) == 0 {
		w.adults = ps[:1]
	}
	for _, a := range as[1:] {
		w.help = append(w.help, a.userID)
	}
	w.network = networkPeople[w.r.IntN(len(networkPeople))]
	w.reset(cs, sp, route)
	return w, nil
}

// next is the casework of the family's next case, cs, written on q.
func (w *casework) next(q *store.Q, cs *wijkregie.Case, sp caseSpec) *casework {
	n := &casework{ctx: w.ctx, base: q, r: w.r, cc: w.cc, by: w.by, adults: w.adults, children: w.children, network: w.network,
		orgs: map[string]bool{}}
	n.reset(cs, sp, nil)
	return n
}

func (w *casework) reset(cs *wijkregie.Case, sp caseSpec, route *wijkregie.MeldcodeRoute) {
	w.cs, w.sp, w.route = cs, sp, route
	w.q = w.base.At(func() time.Time { return officeHours(w.at, w.now) })
	if sp.closure == "" {
		for _, p := range sp.parties {
			w.orgs[p.organisation] = true
		}
	}
}

// set moves the casework's clock to t; the store reads it in office
// hours (officeHours).
func (w *casework) set(t time.Time) { w.at = t }

// nlZone is where the demo's working days are.
var nlZone = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam") // package wijkregie embeds the zone database
	if err != nil {
		panic(err)
	}
	return loc
}()

// officeHours is the moment the store records for the demo's moment t:
// t's time of day in the Netherlands pressed into 8:30–17:30 of the same
// day, so records are made when people work and stay in the order they
// happened; never later than a minute before now, as what is recorded has
// happened.
func officeHours(t, now time.Time) time.Time {
	l := t.In(nlZone)
	midnight := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, nlZone)
	f := float64(l.Sub(midnight)) / float64(24*time.Hour)
	out := midnight.Add(8*time.Hour + 30*time.Minute + time.Duration(f*float64(9*time.Hour))).UTC()
	return minTime(out, now.Add(-time.Minute))
}

// between returns a moment between lo and hi, at a fraction from to to
// of the way.
func (w *casework) between(lo, hi time.Time, from, to float64) time.Time {
	f := from + (to-from)*w.r.Float64()
	return lo.Add(time.Duration(float64(hi.Sub(lo)) * f))
}

func (w *casework) event(kind wijkregie.CaseEventKind, from, to string) error {
	return w.q.AddCaseEvent(w.ctx, &wijkregie.CaseEvent{MunicipalityID: MunicipalityID, CaseID: w.cs.ID, Kind: kind, From: from, To: to, By: w.by})
}

// run writes the work of every stage the case went through, then the
// Meldcode route and, for a closed case, the closure.
func (w *casework) run(tl *timeline) error {
	w.now = tl.now
	closed := !tl.closed.IsZero()
	w.stagnating = w.sp.stagnating
	if w.sp.status == wijkregie.CaseExecution && !closed && !w.stagnating && tl.now.Sub(tl.entered[wijkregie.CaseExecution]) > 75*day {
		w.stagnating = w.r.IntN(4) == 0
	}
	stages := []struct {
		status wijkregie.CaseStatus
		work   func(lo, hi time.Time, current bool) error
	}{
		{wijkregie.CaseIntake, w.intake}, {wijkregie.CasePlan, w.drafting},
		{wijkregie.CaseExecution, w.execution}, {wijkregie.CaseScaleDown, w.scalingDown},
	}
	for _, st := range stages {
		lo, ok := tl.entered[st.status]
		if !ok {
			continue
		}
		hi := tl.end(st.status)
		if err := st.work(lo, hi, hi.Equal(tl.now)); err != nil {
			return fmt.Errorf("%s: %w", st.status, err)
		}
	}
	if w.route != nil {
		if err := w.meldcode(tl); err != nil {
			return fmt.Errorf("meldcode: %w", err)
		}
	}
	if closed {
		return w.close(tl)
	}
	// An open case the team keeps working on was in touch lately.
	if !w.stagnating && w.cs.LastContact.Before(wijkregie.Today(tl.now.AddDate(0, 0, -28))) {
		t := tl.now.Add(-time.Duration(2+w.r.IntN(14)) * day)
		if lo := tl.entered[wijkregie.CaseIntake]; t.Before(lo) {
			t = w.between(lo, tl.now, 0.5, 0.9)
		}
		return w.contact(t, wijkregie.ContactPhone, w.text(stageContacts[w.sp.status]))
	}
	return nil
}

// intake: a first contact, mostly, and the intake assessment.
func (w *casework) intake(lo, hi time.Time, current bool) error {
	if !current || w.r.IntN(10) < 7 {
		mode := []wijkregie.ContactMode{wijkregie.ContactHomeVisit, wijkregie.ContactMeeting, wijkregie.ContactPhone}[w.r.IntN(3)]
		if err := w.contact(w.between(lo, hi, 0.05, 0.3), mode, w.text(pick(w.r, intakeContacts[mode]))); err != nil {
			return err
		}
	}
	return w.assess(w.between(lo, hi, 0.4, 0.85), wijkregie.MomentIntake)
}

// drafting: the plan's first version, for a plan still in draft
// sometimes one with the family's agreement, and the contacts that went
// with them. A draft's dates count from the meeting expected to adopt it.
func (w *casework) drafting(lo, hi time.Time, current bool) error {
	first := w.between(lo, hi, 0.05, 0.25)
	expected := hi
	if current {
		expected = hi.Add(time.Duration(7+w.r.IntN(14)) * day)
	}
	if err := w.newPlan(first, expected); err != nil {
		return err
	}
	if err := w.contact(first.Add(time.Hour), wijkregie.ContactHomeVisit, w.text(pick(w.r, draftContacts))); err != nil {
		return err
	}
	// While the plan waits for its meeting the family has, now and then,
	// agreed already; later the adopting version records the agreement.
	if current && w.r.IntN(2) == 0 {
		t := w.between(lo, hi, 0.55, 0.9)
		if err := w.contact(t, wijkregie.ContactPhone, w.text(pick(w.r, agreementContacts))); err != nil {
			return err
		}
		w.plan.AgreedOn, w.plan.AgreedHow = wijkregie.Today(t), agreementHows[w.r.IntN(len(agreementHows))]
		if err := w.save(t.Add(time.Minute), "Instemming van het gezin vastgelegd"); err != nil {
			return err
		}
	}
	return nil
}

// agreementHows are the ways a demo family agrees, the spoken word most.
var agreementHows = []wijkregie.AgreementHow{wijkregie.AgreedOrally, wijkregie.AgreedOrally, wijkregie.AgreedInWrite, wijkregie.AgreedDigitaly}

// execution: the plan adopted at the meeting that started the stage, with
// the regisseur's evaluation task; then contacts and progress, a progress
// version and evaluations with a tussenmeting — or, for a stagnating
// case, a few weeks of work and then silence.
func (w *casework) execution(lo, hi time.Time, current bool) error {
	if w.plan == nil { // a case must have a plan to be in uitvoering
		if err := w.newPlan(lo.Add(-time.Hour), lo); err != nil {
			return err
		}
	}
	interval := 56 + 7*w.r.IntN(3) // eight to ten weeks
	if w.sp.level == wijkregie.LevelLight {
		interval = 84 + 7*w.r.IntN(5)
	}
	if w.stagnating {
		interval = 42 + 7*w.r.IntN(3)
	}
	meeting := wijkregie.Today(lo)
	if err := w.contact(lo, wijkregie.ContactMeeting, w.text(pick(w.r, meetingContacts))); err != nil {
		return err
	}
	p := w.plan
	p.MeetingDate, p.Participants = meeting, w.participants()
	if !p.Agreed() {
		p.AgreedOn, p.AgreedHow = meeting, agreementHows[w.r.IntN(len(agreementHows))]
	}
	p.EvaluationDate = meeting.AddDate(0, 0, interval)
	w.schedule(meeting)
	if err := w.save(lo.Add(time.Minute), "Vastgesteld in het gezinsplanoverleg"); err != nil {
		return err
	}
	if err := w.followEvaluation(p.EvaluationDate); err != nil {
		return err
	}
	if w.stagnating {
		return w.stagnate(lo, hi)
	}

	// Versions: the evaluations whose date passed in the stage or, when
	// none did, a progress update. The last version of the stage the case
	// is in holds until now: nothing in it is overdue.
	var evals []time.Time
	for d := p.EvaluationDate; len(evals) < 3; d = d.AddDate(0, 0, interval) {
		if eval := d.Add(10 * time.Hour); eval.Before(hi.Add(-2 * day)) {
			evals = append(evals, eval)
			continue
		}
		break
	}
	last := lo
	if len(evals) == 0 {
		if t := w.between(lo, hi, 0.5, 0.9); current || t.Sub(lo) > 21*day {
			if err := w.journal(last, t); err != nil {
				return err
			}
			w.progress(t, horizon(t, hi, current), false)
			if err := w.save(t, "Voortgang bijgewerkt"); err != nil {
				return err
			}
			last = t
		}
	}
	for i, eval := range evals {
		if err := w.journal(last, eval); err != nil {
			return err
		}
		h := eval
		if i == len(evals)-1 {
			h = horizon(eval, hi, current)
		}
		if err := w.evaluate(eval, h, interval); err != nil {
			return err
		}
		last = eval
	}
	return w.journal(last, hi)
}

// horizon is until when a plan version saved at t holds: the end of the
// stage the case is in, t otherwise.
func horizon(t, end time.Time, current bool) time.Time {
	if current {
		return end
	}
	return t
}

// evaluate is an evaluation on its date: the talk with the family, the
// tussenmeting, the plan brought up to date (as a version holding until
// until) with the next evaluation date, and the task done and the next
// one made.
func (w *casework) evaluate(at, until time.Time, interval int) error {
	if err := w.contact(at, wijkregie.ContactHomeVisit, w.text(pick(w.r, evaluationContacts))); err != nil {
		return err
	}
	if err := w.assess(at.Add(time.Minute), wijkregie.MomentInterim); err != nil {
		return err
	}
	w.set(at.Add(2 * time.Minute))
	if w.evaluation != nil {
		if err := w.q.CompleteTask(w.ctx, w.evaluation, w.by); err != nil {
			return err
		}
	}
	w.progress(at, until, true)
	w.plan.EvaluationDate = w.plan.EvaluationDate.AddDate(0, 0, interval)
	if err := w.save(at.Add(3*time.Minute), "Evaluatie met het gezin; plan bijgesteld"); err != nil {
		return err
	}
	return w.followEvaluation(w.plan.EvaluationDate)
}

// stagnate writes the work of a case that got stuck after its plan was
// adopted: some weeks of contact, then none for eight weeks or more, a
// visit called off, and the regisseur's own note to raise it. The plan
// stays as adopted, so its first actions and goal and the evaluation
// pass their dates.
func (w *casework) stagnate(lo, hi time.Time) error {
	silent := hi.AddDate(0, 0, -7*(8+w.r.IntN(4)))
	if silent.After(lo.Add(7 * day)) {
		if err := w.journal(lo, silent); err != nil {
			return err
		}
	}
	texts := slices.Clone(stagnationNotes)
	if w.plan != nil {
		for _, g := range w.plan.Goals {
			if g.Owner == wijkregie.OwnerPartner {
				texts = append(texts, "De afgesproken hulp is nog steeds niet gestart; opnieuw navraag gedaan bij de aanbieder.")
				break
			}
		}
	}
	from := maxTime(lo, silent)
	for i, text := range texts {
		t := w.between(from, hi, float64(i)/float64(len(texts)), float64(i+1)/float64(len(texts)))
		if err := w.note(t, wijkregie.NoteProgress, "", wijkregie.VisibleToTeam, w.text(text), w.by); err != nil {
			return err
		}
	}
	return w.note(w.between(from, hi, 0.9, 1), wijkregie.NoteProgress, "", wijkregie.VisibleToMe,
		"Eigen aantekening: in het teamoverleg bespreken of opschalen nodig is; het plan loopt vast.", w.by)
}

// scalingDown: a tussenmeting, the plan's version with most goals reached
// and a closing evaluation, and contacts further apart.
func (w *casework) scalingDown(lo, hi time.Time, current bool) error {
	if err := w.contact(lo, wijkregie.ContactHomeVisit, w.say(scaleDownContacts[wijkregie.ContactHomeVisit])); err != nil {
		return err
	}
	if err := w.assess(lo.Add(time.Minute), wijkregie.MomentInterim); err != nil {
		return err
	}
	w.progress(lo, horizon(lo, hi, current), true)
	eval := wijkregie.Today(lo).AddDate(0, 0, 42+7*w.r.IntN(5))
	if current {
		eval = maxTime(eval, wijkregie.Today(hi).AddDate(0, 0, 7+w.r.IntN(28)))
	}
	w.plan.EvaluationDate = eval
	if err := w.save(lo.Add(2*time.Minute), "Afschalen: de meeste doelen zijn bereikt; afsluitende evaluatie gepland"); err != nil {
		return err
	}
	if err := w.followEvaluation(eval); err != nil {
		return err
	}
	for t := lo.Add(w.days(21, 42)); t.Before(hi); t = t.Add(w.days(21, 42)) {
		mode := w.contactMode()
		if err := w.contact(t, mode, w.say(scaleDownContacts[mode])); err != nil {
			return err
		}
	}
	return nil
}

// journal writes the contacts and progress notes between from and to:
// a contact every three to six weeks, and now and then a progress note,
// sometimes by a colleague or the partner among the betrokkenen.
func (w *casework) journal(from, to time.Time) error {
	for t := from.Add(w.days(21, 42)); t.Before(to); t = t.Add(w.days(21, 42)) {
		mode := w.contactMode()
		if err := w.contact(t, mode, w.text(w.contactText(mode))); err != nil {
			return err
		}
		if w.r.IntN(3) != 0 {
			continue
		}
		pt := t.Add(time.Duration(1+w.r.IntN(6)) * day)
		if !pt.Before(to) {
			continue
		}
		author, vis, text := w.by, w.visibility(), w.text(w.progressText())
		switch {
		case vis == wijkregie.VisibleToMe:
			text = w.say(ownNotes)
		case len(w.help) > 0 && w.r.IntN(3) == 0:
			author = w.help[w.r.IntN(len(w.help))]
			vis, text = wijkregie.VisibleToTeam, w.text("Meegedacht als collega: "+lowerFirst(w.fresh(w.progressTexts())))
			if author == w.cc.partner {
				vis, text = wijkregie.VisibleToInvolved, w.say(gpNotes)
			}
		}
		if err := w.note(pt, wijkregie.NoteProgress, "", vis, text, author); err != nil {
			return err
		}
	}
	return nil
}

// days is a stretch of lo to hi days, and some hours.
func (w *casework) days(lo, hi int) time.Duration {
	return time.Duration(lo+w.r.IntN(hi-lo))*day + time.Duration(w.r.IntN(9))*time.Hour
}

// say picks one of the texts, filled in, and not the one said last: a
// journal that repeats itself reads like a machine wrote it.
func (w *casework) say(list []string) string { return w.text(w.fresh(list)) }

// fresh picks one of the texts, not the one picked last.
func (w *casework) fresh(list []string) string {
	t := pick(w.r, list)
	if t == w.said && len(list) > 1 {
		t = list[(slices.Index(list, t)+1+w.r.IntN(len(list)-1))%len(list)]
	}
	w.said = t
	return t
}

func (w *casework) contactMode() wijkregie.ContactMode {
	return pickWeighted(w.r, []weighted[wijkregie.ContactMode]{
		{40, wijkregie.ContactHomeVisit}, {25, wijkregie.ContactMeeting}, {25, wijkregie.ContactPhone}, {10, wijkregie.ContactDigital},
	})
}

// visibility is a progress note's: mostly the team, some for all
// betrokkenen, a few the author's own.
func (w *casework) visibility() wijkregie.Visibility {
	return pickWeighted(w.r, []weighted[wijkregie.Visibility]{
		{70, wijkregie.VisibleToTeam}, {20, wijkregie.VisibleToInvolved}, {10, wijkregie.VisibleToMe},
	})
}

// contact writes a contact with the family; the case's last contact
// follows, as the store moves it.
func (w *casework) contact(t time.Time, mode wijkregie.ContactMode, text string) error {
	vis := wijkregie.VisibleToTeam
	if w.r.IntN(4) == 0 {
		vis = wijkregie.VisibleToInvolved
	}
	return w.note(t, wijkregie.NoteContact, mode, vis, text, w.by)
}

func (w *casework) note(t time.Time, kind wijkregie.NoteKind, mode wijkregie.ContactMode, vis wijkregie.Visibility, text, author string) error {
	w.set(t)
	n := &wijkregie.Note{MunicipalityID: MunicipalityID, CaseID: w.cs.ID, Kind: kind, Mode: mode, Date: wijkregie.Today(w.q.Now()),
		Text: text, Visibility: vis, AuthorID: author}
	if err := w.q.CreateNote(w.ctx, n); err != nil {
		return err
	}
	if kind == wijkregie.NoteContact && n.Date.After(w.cs.LastContact) {
		w.cs.LastContact = n.Date
	}
	return nil
}

// assess writes an assessment of the moment: at intake the domains
// chosen for each adult, later the same ones, the levels moved as the
// case went.
func (w *casework) assess(t time.Time, m wijkregie.AssessmentMoment) error {
	w.set(t)
	if w.scores == nil {
		w.scores = w.firstScores()
	} else {
		w.scores = w.nextScores(m)
	}
	a := &wijkregie.Assessment{MunicipalityID: MunicipalityID, CaseID: w.cs.ID, Moment: m, Date: wijkregie.Today(w.q.Now()), AssessorID: w.by,
		Instrument: wijkregie.DomainsVersion, Scores: slices.Clone(w.scores)}
	if err := w.q.CreateAssessment(w.ctx, a); err != nil {
		return err
	}
	if m == wijkregie.MomentClosure {
		w.final = a.ID
	}
	return w.event(wijkregie.EventAssessment, "", string(m))
}

// firstScores scores, per adult, the case's domains first and then
// related ones: two to five for the first adult, two or three for a
// second. The case's domains score low, with a target level; the others
// around voldoende.
func (w *casework) firstScores() []wijkregie.Score {
	var out []wijkregie.Score
	for i, p := range w.adults {
		n := max(2+w.r.IntN(4), len(w.cs.Domains))
		if i > 0 {
			n = 2 + w.r.IntN(2)
		}
		var ds []string
		for _, d := range w.cs.Domains {
			if len(ds) < n && (i == 0 || len(ds) < 2) {
				ds = append(ds, d)
			}
		}
		for _, d := range w.cs.Domains {
			for _, rel := range relatedDomains[d] {
				if len(ds) < n && !slices.Contains(ds, rel) {
					ds = append(ds, rel)
				}
			}
		}
		for _, d := range ds {
			s := wijkregie.Score{PersonID: p.ID, Domain: d, Level: 3 + w.r.IntN(2)}
			if slices.Contains(w.cs.Domains, d) {
				s.Level = 2 + w.r.IntN(2)
				if w.cs.Level == wijkregie.LevelSafety && d == "huiselijke-relaties" || w.r.IntN(12) == 0 {
					s.Level--
				}
				s.Target = min(s.Level+2, 4)
			}
			s.Rationale = domainTexts[d].levels[s.Level-1]
			out = append(out, s)
		}
	}
	return out
}

// nextScores moves the levels for a later assessment: up now and then
// while the case goes well, sometimes down while it stagnates, and at
// closure by how it ended.
func (w *casework) nextScores(m wijkregie.AssessmentMoment) []wijkregie.Score {
	out := slices.Clone(w.scores)
	good := !w.stagnating
	if m == wijkregie.MomentClosure {
		good = w.sp.closure == wijkregie.ClosureGoalsMet || w.sp.closure == wijkregie.ClosureScaledDown
	}
	for i := range out {
		s := &out[i]
		switch n := w.r.IntN(10); {
		case good && n < 5:
			s.Level++
		case !good && n < 3:
			s.Level--
		}
		s.Level = max(wijkregie.ZRMMinLevel, min(s.Level, wijkregie.ZRMMaxLevel))
		s.Rationale = domainTexts[s.Domain].levels[s.Level-1]
	}
	return out
}

// newPlan writes the plan's first version at t, its dates counted from
// base: the family's worries and strengths, and a goal per domain of the
// case (two on a single one, now and then).
func (w *casework) newPlan(t, base time.Time) error {
	w.set(t)
	p := &wijkregie.Plan{MunicipalityID: MunicipalityID, CaseID: w.cs.ID, Variant: wijkregie.PlanLight, SavedBy: w.by,
		Note: "Eerste opzet, samen met het gezin gemaakt"}
	full := w.sp.level == wijkregie.LevelSafety || w.sp.level == wijkregie.LevelIntensive && w.r.IntN(5) < 3 ||
		w.sp.level == wijkregie.LevelLight && w.r.IntN(5) == 0
	if full {
		p.Variant = wijkregie.PlanFull
	}
	w.offsets = nil
	var support []string
	for _, d := range w.cs.Domains {
		dt := domainTexts[d]
		support = append(support, dt.support)
		goals := w.goalTexts(d)
		n := 1
		if len(w.cs.Domains) == 1 && len(goals) > 1 && w.r.IntN(2) == 0 {
			n = 2
		}
		first := w.r.IntN(len(goals))
		for j := range n {
			gt := goals[(first+j)%len(goals)]
			p.Worries = append(p.Worries, wijkregie.Worry{Text: w.text(gt.worry), Priority: len(p.Worries) + 1})
			w.addGoal(p, d, gt)
		}
	}
	p.GoingWell = w.text(w.twoOf(goingWell(w.children)))
	p.OwnStrength = w.text(w.twoOf(ownStrength))
	p.SupportNeeded = "Ondersteuning nodig bij " + joinDutch(support) + "."
	w.plan = p
	w.schedule(wijkregie.Today(base))
	if err := w.q.CreatePlan(w.ctx, p); err != nil {
		return err
	}
	return w.event(wijkregie.EventPlan, "", strconv.Itoa(p.Version))
}

// goalTexts are the goals the plan can set on domain d: in a family with
// children those about the children come first.
func (w *casework) goalTexts(d string) []goalText {
	dt := domainTexts[d]
	if w.children {
		return append(slices.Clone(dt.kidsGoals), dt.goals...)
	}
	return dt.goals
}

// addGoal adds a goal from its text to p, owned by whom the text says;
// a partner organisation owns it only when it is among the betrokkenen,
// the family otherwise.
func (w *casework) addGoal(p *wijkregie.Plan, domain string, gt goalText) {
	g := wijkregie.Goal{ID: wijkregie.NewID(w.q.Now()), Domain: domain, Description: w.text(gt.description),
		SuccessCriterion: w.text(gt.criterion), Owner: gt.owner, Status: wijkregie.GoalOpen}
	if gt.owner == wijkregie.OwnerPartner {
		if w.orgs[gt.org] {
			g.OrganisationID = w.cc.orgs[gt.org]
		} else {
			g.Owner = wijkregie.OwnerFamily
		}
	}
	off := goalOffsets{target: 7 * (16 + w.r.IntN(14))}
	if w.stagnating {
		off.target = 7 * (5 + w.r.IntN(3))
	}
	for i, at := range gt.actions {
		g.Actions = append(g.Actions, wijkregie.Action{ID: wijkregie.NewID(w.q.Now()), What: w.text(at.what), Who: w.text(at.who),
			Status: wijkregie.ActionPlanned})
		ao := actionOffsets{due: 7 * (3 + 3*i + w.r.IntN(4))}
		if w.stagnating {
			ao.due = 7 * (2 + i + w.r.IntN(2))
		}
		if at.help {
			ao.start = 7 * (1 + w.r.IntN(2))
		}
		off.actions = append(off.actions, ao)
	}
	p.Goals = append(p.Goals, g)
	w.offsets = append(w.offsets, off)
}

// schedule sets the plan's dates from base: a draft's from the meeting
// expected to adopt it, so no help it agrees waits past its start.
func (w *casework) schedule(base time.Time) {
	for i := range w.plan.Goals {
		g, off := &w.plan.Goals[i], w.offsets[i]
		g.TargetDate = base.AddDate(0, 0, off.target)
		for j := range g.Actions {
			a := &g.Actions[j]
			a.Due = base.AddDate(0, 0, off.actions[j].due)
			if off.actions[j].start > 0 {
				a.Start = base.AddDate(0, 0, off.actions[j].start)
			}
		}
	}
}

// progress brings the plan up to date at t for a version that holds
// until horizon: actions due by then are done, agreed help due to start
// has started; at an evaluation (evaluating) a goal whose actions are all
// done is reached, mostly; an open goal whose target date comes before
// horizon gets a new one.
func (w *casework) progress(t, horizon time.Time, evaluating bool) {
	soon := wijkregie.Today(horizon).AddDate(0, 0, 3)
	for i := range w.plan.Goals {
		g := &w.plan.Goals[i]
		done := true
		for j := range g.Actions {
			a := &g.Actions[j]
			switch {
			case a.Status == wijkregie.ActionDone:
			case a.Due.Before(soon):
				a.Status = wijkregie.ActionDone
			case !a.Start.IsZero() && a.Start.Before(soon) || a.Due.Before(soon.AddDate(0, 0, 21)):
				a.Status = wijkregie.ActionStarted
			}
			done = done && a.Status == wijkregie.ActionDone
		}
		if g.Status != wijkregie.GoalOpen {
			continue
		}
		if evaluating && done && w.r.IntN(5) < 4 {
			g.Status = wijkregie.GoalMet
			continue
		}
		if g.TargetDate.Before(soon.AddDate(0, 0, 14)) {
			g.TargetDate = wijkregie.Today(maxTime(t, horizon)).AddDate(0, 0, 7*(6+w.r.IntN(7)))
		}
	}
}

// save writes the plan as a new version at t, with its case event.
func (w *casework) save(t time.Time, note string) error {
	w.set(t)
	w.plan.SavedBy, w.plan.Note = w.by, note
	if err := w.q.SavePlanVersion(w.ctx, w.plan, w.plan.Version); err != nil {
		return err
	}
	return w.event(wijkregie.EventPlan, "", strconv.Itoa(w.plan.Version))
}

// followEvaluation makes the regisseur's evaluation task follow the
// plan's evaluation date, as app.SavePlan does: the open task moves, or
// a new one is made.
func (w *casework) followEvaluation(d time.Time) error {
	due := wijkregie.EndOfDay(d)
	if t := w.evaluation; t != nil && t.Open() {
		if t.Due.Equal(due) {
			return nil
		}
		t.Due = due
		return w.q.UpdateTask(w.ctx, t)
	}
	w.evaluation = &wijkregie.Task{MunicipalityID: MunicipalityID, Kind: wijkregie.TaskEvaluation, CaseID: w.cs.ID, TeamID: w.cs.TeamID,
		UserID: w.by, Due: due}
	return w.q.CreateTask(w.ctx, w.evaluation)
}

// participants names who adopted the plan at the meeting.
func (w *casework) participants() string {
	var names []string
	for _, a := range w.adults {
		names = append(names, a.GivenName)
	}
	out := strings.Join(names, ", ") + ", " + w.network + ", " + w.cc.names[w.by] + " (regisseur)"
	for _, p := range w.sp.parties {
		if p.role == wijkregie.PartyCaseWorker || p.role == wijkregie.PartyOther {
			out += ", " + p.organisation
		}
	}
	return out
}

// close writes the closure as app.CloseCase does, at tl.closed: the
// final assessment shortly before, the goals' final statuses as the
// plan's last version and the plan closed, the open tasks done, and how
// the case ended. createCase closes the case itself.
func (w *casework) close(tl *timeline) error {
	reason := w.sp.closure
	if w.scores != nil && reason != wijkregie.ClosureDied && (reason != wijkregie.ClosureMoved || w.r.IntN(2) == 0) {
		if err := w.assess(tl.closed.Add(-time.Duration(1+w.r.IntN(5))*day), wijkregie.MomentClosure); err != nil {
			return err
		}
	}
	w.set(tl.closed)
	if p := w.plan; p != nil {
		for i := range p.Goals {
			if g := &p.Goals[i]; g.Status == wijkregie.GoalOpen {
				g.Status = pickWeighted(w.r, finalGoalStatus[reason])
			}
		}
		if err := w.save(tl.closed, "Afsluiting"); err != nil {
			return err
		}
		if err := w.q.ClosePlan(w.ctx, p); err != nil {
			return err
		}
	}
	if err := w.q.CompleteCaseTasks(w.ctx, MunicipalityID, w.cs.ID, w.by); err != nil {
		return err
	}
	out := closureOutcomes[reason]
	cl := &wijkregie.Closure{MunicipalityID: MunicipalityID, CaseID: w.cs.ID, Reason: reason,
		CanContinue: out.answers[0], ProblemsReduced: out.answers[1], GoalsAchieved: out.answers[2],
		FinalAssessmentID: w.final, Summary: w.text(out.summary), ClosedAt: w.q.Now(), ClosedBy: w.by}
	if w.r.IntN(100) < out.rated {
		cl.Rating = out.rating[0] + w.r.IntN(out.rating[1]-out.rating[0]+1)
		cl.Remark = pick(w.r, out.remarks)
	}
	if w.sp.rating != 0 {
		cl.Rating, cl.Remark = w.sp.rating, pick(w.r, closureOutcomes[wijkregie.ClosureGoalsMet].remarks)
	}
	return w.q.CreateClosure(w.ctx, cl)
}

// meldcode works the route from its start to the state drawn for the
// case, as app.workMeldcode does each change: the domain rule checks it,
// the route is settled, its tasks follow, a case event records it; the
// route's own columns are saved once at the end. The changes are spread
// over the time from the assignment (or the route's start) to now, the
// closure, or the move off veiligheid level.
func (w *casework) meldcode(tl *timeline) error {
	r := w.route
	state := w.sp.meldcode
	if state == mcDrawn {
		var options []meldcodeState
		switch {
		case !tl.closed.IsZero():
			options = []meldcodeState{mcReported, mcNoSuspicion, mcLastingSafe}
		case w.sp.status == wijkregie.CaseIntake:
			options = []meldcodeState{mcStarted, mcConsulted, mcWeighing}
		case w.sp.status == wijkregie.CasePlan:
			options = []meldcodeState{mcWeighing, mcReported, mcNoSuspicion}
		case w.sp.status == wijkregie.CaseExecution:
			options = []meldcodeState{mcReported, mcHelp, mcHelp, mcLastingSafe}
		default:
			options = []meldcodeState{mcHelp, mcLastingSafe}
		}
		state = options[w.r.IntN(len(options))]
	}
	lo, hi := maxTime(tl.route, tl.entered[wijkregie.CaseIntake]).Add(time.Hour), tl.now.Add(-2*time.Hour)
	switch {
	case !tl.closed.IsZero():
		hi = tl.closed.Add(-day)
	case w.sp.openedAt == wijkregie.LevelSafety && w.sp.level != wijkregie.LevelSafety:
		hi = tl.levelAt.Add(-time.Hour)
	}
	if hi.Before(lo) {
		hi = lo
	}
	ops := meldcodeOps(state)
	if len(ops) == 0 {
		return nil
	}
	var err error
	w.set(lo)
	if w.stepTask, err = w.q.OpenCaseTask(w.ctx, MunicipalityID, w.cs.ID, wijkregie.TaskMeldcode); err != nil {
		return err
	}
	// A route takes days per change, not the months a case may run: a
	// route still running was worked lately, one that ended soon after it
	// started — save lasting safety, found at its review weeks later.
	span := time.Duration(len(ops)*(2+w.r.IntN(4))) * day
	end := hi
	if hi.Sub(lo) > span {
		if state == mcStarted || state == mcConsulted || state == mcWeighing {
			lo = hi.Add(-span)
		} else {
			end = lo.Add(span)
		}
	}
	times := make([]time.Time, len(ops))
	for i := range ops {
		times[i] = lo.Add(end.Sub(lo) * time.Duration(i+1) / time.Duration(len(ops)+1))
	}
	if state == mcLastingSafe {
		times[len(ops)-1] = minTime(hi, times[len(ops)-2].Add(time.Duration(42+w.r.IntN(28))*day))
	}
	for i, op := range ops {
		w.set(times[i])
		date := wijkregie.Today(w.q.Now())
		from, to := "", ""
		switch op.kind {
		case opStep:
			st := wijkregie.MeldcodeStep{Step: r.Step, Date: date, By: w.by, Rationale: w.text(w.stepText(r))}
			if err = r.RecordStep(st); err == nil {
				err = w.q.AddMeldcodeStep(w.ctx, r, &r.Steps[len(r.Steps)-1])
			}
			from, to = wijkregie.MeldcodeEventStep, strconv.Itoa(st.Step)
		case opAnswer:
			next, _ := wijkregie.NextQuestion(r.Answers)
			a := wijkregie.MeldcodeAnswer{Question: next, Yes: op.yes, Date: date, By: w.by, Rationale: w.text(answerText(next, op.yes, w.children))}
			if err = r.Answer(a); err == nil {
				if next == 4 && op.yes {
					// The review of lasting safety: for a route that goes on,
					// some weeks ahead; for one that reached it, the day
					// question 5 was answered.
					r.ReviewDate = wijkregie.Today(tl.now).AddDate(0, 0, 14+7*w.r.IntN(6))
					if state == mcLastingSafe {
						r.ReviewDate = wijkregie.Today(times[len(ops)-1])
					}
				}
				err = w.q.AddMeldcodeAnswer(w.ctx, r, &r.Answers[len(r.Answers)-1])
			}
			from, to = wijkregie.MeldcodeEventAnswer, strconv.Itoa(next)
		case opConsult:
			c := wijkregie.Consultation{Kind: op.consult, Date: date, By: w.by}
			if op.consult == wijkregie.ConsultVeiligThuis {
				c.With, c.Anonymous, c.Summary = "Adviseur Veilig Thuis Kustregio", true,
					"Anoniem advies: de signalen rechtvaardigen een gesprek met het gezin; bij acute onveiligheid direct melden."
			} else {
				c.With, c.Summary = "Aandachtsfunctionaris huiselijk geweld, "+w.cc.teams[w.cs.TeamID],
					"Signalen samen gewogen; advies om Veilig Thuis anoniem te raadplegen en het gesprek met het gezin goed voor te bereiden."
			}
			if err = r.Consult(c); err == nil {
				err = w.q.AddConsultation(w.ctx, r, &r.Consultations[len(r.Consultations)-1])
			}
			from, to = wijkregie.MeldcodeEventConsultation, string(c.Kind)
		case opReport:
			rep := wijkregie.VeiligThuisReport{Date: date, Reference: fmt.Sprintf("VT-%d-%04d", date.Year(), 1+w.r.IntN(9999)),
				ConsentRefused: w.r.IntN(3) == 0, By: w.by}
			err = r.RecordReport(rep)
			from, to = wijkregie.MeldcodeEventReport, ""
			if err == nil {
				to = r.Report.LegalBasis
			}
		case opSafetyPlan:
			err = r.SetSafetyPlan(w.text(safetyPlanText(w.children)), w.q.Now(), w.by)
			from = wijkregie.MeldcodeEventSafetyPlan
		}
		if err != nil {
			return fmt.Errorf("route to state %d, change %d: %w", state, i, err)
		}
		closed := r.Settle(w.q.Now())
		if err := w.event(wijkregie.EventMeldcode, from, to); err != nil {
			return err
		}
		if closed {
			if err := w.event(wijkregie.EventMeldcode, wijkregie.MeldcodeEventClosed, string(r.Outcome)); err != nil {
				return err
			}
		}
		if err := w.meldcodeTasks(); err != nil {
			return err
		}
	}
	return w.q.SaveMeldcode(w.ctx, r, r.Version)
}

// meldcodeTasks makes the route's tasks follow it, as the app's
// meldcodeTasks: the task for the step due, due in the municipality's
// Meldcode working days, and while help is being organised the review of
// lasting safety; a task no longer wanted is done.
func (w *casework) meldcodeTasks() error {
	r := w.route
	step := 0
	switch {
	case !r.Open():
	case !r.StepsDone():
		step = r.Step
	case r.Outcome == wijkregie.OutcomeReport && r.Report == nil:
		step = 5
	}
	if t := w.stepTask; t != nil && t.Open() && t.Step != step {
		if err := w.q.CompleteTask(w.ctx, t, w.by); err != nil {
			return err
		}
	}
	if step > 0 && (w.stepTask == nil || !w.stepTask.Open()) {
		w.stepTask = &wijkregie.Task{MunicipalityID: MunicipalityID, Kind: wijkregie.TaskMeldcode, CaseID: w.cs.ID, TeamID: w.cs.TeamID,
			UserID: w.by, Step: step, Due: wijkregie.AddWorkingDays(w.q.Now(), w.cc.settings.MeldcodeStepDays)}
		if err := w.q.CreateTask(w.ctx, w.stepTask); err != nil {
			return err
		}
	}
	review := r.Open() && r.Outcome == wijkregie.OutcomeHelp && !r.ReviewDate.IsZero()
	switch t := w.safetyTask; {
	case review && t == nil:
		w.safetyTask = &wijkregie.Task{MunicipalityID: MunicipalityID, Kind: wijkregie.TaskSafety, CaseID: w.cs.ID, TeamID: w.cs.TeamID,
			UserID: w.by, Due: wijkregie.EndOfDay(r.ReviewDate)}
		return w.q.CreateTask(w.ctx, w.safetyTask)
	case !review && t != nil && t.Open():
		return w.q.CompleteTask(w.ctx, t, w.by)
	}
	return nil
}

// meldcodeOp is one change of a route.
type meldcodeOp struct {
	kind    int
	yes     bool
	consult wijkregie.ConsultationKind
}

const (
	opStep = iota
	opAnswer
	opConsult
	opReport
	opSafetyPlan
)

// meldcodeOps are the changes that bring a route from step 1 to state:
// the steps in order, the consultations of step 2, the afwegingsvragen
// along their decision logic, the report and the safety plan.
func meldcodeOps(state meldcodeState) []meldcodeOp {
	step, yes, no := meldcodeOp{kind: opStep}, meldcodeOp{kind: opAnswer, yes: true}, meldcodeOp{kind: opAnswer}
	colleague := meldcodeOp{kind: opConsult, consult: wijkregie.ConsultColleague}
	advice := meldcodeOp{kind: opConsult, consult: wijkregie.ConsultVeiligThuis}
	report, safety := meldcodeOp{kind: opReport}, meldcodeOp{kind: opSafetyPlan}
	weighing := []meldcodeOp{step, colleague, advice, step, step, yes}
	switch state {
	case mcConsulted:
		return []meldcodeOp{step, colleague, advice, step}
	case mcWeighing:
		return weighing
	case mcReported:
		return append(weighing, yes, step, report, safety, step)
	case mcNoSuspicion:
		return []meldcodeOp{step, colleague, step, step, no}
	case mcHelp:
		return append(weighing, no, yes, yes, step, safety, step)
	case mcLastingSafe:
		return append(weighing, no, yes, yes, step, safety, step, yes)
	}
	return nil
}

// text fills in the family's and the team's words: $naam is the first
// adult's given name, $netwerk and $Netwerk someone of their network,
// $regisseur the regisseur's given name, $zorg the first worry and $doel
// the first goal.
func (w *casework) text(s string) string {
	if !strings.Contains(s, "$") {
		return s
	}
	regisseur := strings.Fields(w.cc.names[w.by] + " regisseur")[0]
	zorg, doel := "", ""
	if w.plan != nil && len(w.plan.Goals) > 0 {
		zorg, doel = lowerFirst(w.plan.Worries[0].Text), lowerFirst(w.plan.Goals[0].Description)
	} else {
		zorg = lowerFirst(w.goalTexts(w.cs.Domains[0])[0].worry)
	}
	return strings.NewReplacer("$naam", w.adults[0].GivenName, "$Netwerk", upperFirst(w.network), "$netwerk", w.network,
		"$regisseur", regisseur, "$zorg", zorg, "$doel", doel).Replace(s)
}

func (w *casework) twoOf(list []string) string {
	i := w.r.IntN(len(list))
	j := (i + 1 + w.r.IntN(len(list)-1)) % len(list)
	return list[i] + " " + list[j]
}

// contactText is a contact in uitvoering by mode: how it went with one
// of the case's domains.
func (w *casework) contactText(mode wijkregie.ContactMode) string {
	return contactOpenings[mode] + " " + lowerFirst(w.fresh(w.progressTexts()))
}

func (w *casework) progressTexts() []string {
	return domainTexts[w.cs.Domains[w.r.IntN(len(w.cs.Domains))]].progress
}

func (w *casework) progressText() string {
	if len(w.sp.parties) > 0 && w.r.IntN(2) == 0 {
		return "Overleg met " + w.sp.parties[w.r.IntN(len(w.sp.parties))].organisation + ": " + lowerFirst(w.fresh(w.progressTexts()))
	}
	if w.children && w.r.IntN(3) == 0 {
		return w.fresh(schoolNotes)
	}
	return w.fresh(teamNotes)
}

func (w *casework) stepText(r *wijkregie.MeldcodeRoute) string {
	switch r.Step {
	case 1:
		if w.children {
			return "Signalen in kaart gebracht: de politie kwam na een ruzie waarbij de kinderen thuis waren, en de school ziet een stil en teruggetrokken kind. Feiten en eigen waarnemingen gescheiden vastgelegd."
		}
		return "Signalen in kaart gebracht: de politie kwam na een melding van de buren, en de huisarts zag letsel dat niet goed verklaard werd. Feiten en eigen waarnemingen gescheiden vastgelegd."
	case 2:
		return "Collegiale consultatie gehad met de aandachtsfunctionaris en anoniem advies gevraagd bij Veilig Thuis."
	case 3:
		return "Gesprek gevoerd met $naam over de zorgen. De ruzies worden erkend; over hoe ernstig het is, verschillen de lezingen."
	case 4:
		return "Afgewogen met het afwegingskader; de antwoorden op de afwegingsvragen staan bij de route."
	}
	if r.Report != nil {
		if r.Report.ConsentRefused {
			return "Besloten te melden bij Veilig Thuis, ook zonder instemming van het gezin: de veiligheid gaat voor."
		}
		return "Besloten te melden bij Veilig Thuis; het gezin is vooraf geïnformeerd en weet wat er gebeurt."
	}
	return "Besloten hulp te organiseren: gezinscoach en behandeling, met afspraken over het volgen van de veiligheid tot de peildatum."
}

func answerText(q int, yes, children bool) string {
	switch {
	case q == 1 && yes && children:
		return "Ja: de signalen en het gesprek met het gezin wijzen op huiselijk geweld waar de kinderen getuige van zijn."
	case q == 1 && yes:
		return "Ja: de signalen en het gesprek wijzen op huiselijk geweld tussen de partners."
	case q == 1:
		return "Nee: na het gesprek en overleg met de huisarts is er een andere verklaring voor de signalen; geen vermoeden van huiselijk geweld."
	case q == 2 && yes:
		return "Ja: er is structurele onveiligheid; het geweld herhaalt zich ondanks eerdere afspraken."
	case q == 2:
		return "Nee: geen acute of structurele onveiligheid; het was een eenmalig incident en beide volwassenen nemen verantwoordelijkheid."
	case q == 3:
		return "Ja: het wijkteam kan met de gezinscoach en GGZ Kustland passende hulp bieden en organiseren."
	case q == 4:
		return "Ja: het gezin stemt in met de hulp en het veiligheidsplan en komt de afspraken na."
	}
	return "Ja: op de peildatum is het thuis veilig gebleven; er zijn geen nieuwe incidenten en de afspraken worden nagekomen."
}

func safetyPlanText(children bool) string {
	if children {
		return "Veilig Verder Plan: als de spanning oploopt, verlaat een van de ouders het huis en belt $netwerk; de kinderen kunnen dan bij een vertrouwde volwassene uit de familie terecht. Bij direct gevaar wordt 112 gebeld. De school meldt zorgen dezelfde dag aan de regisseur. Elke twee weken bespreekt de regisseur met beide ouders hoe het gaat."
	}
	return "Veilig Verder Plan: als de spanning oploopt, gaat een van beiden een nacht naar familie of vrienden en belt $netwerk. Bij direct gevaar wordt 112 gebeld. Elke twee weken bespreekt de regisseur met beide partners hoe het gaat; een gemiste afspraak meldt de regisseur dezelfde dag aan de aandachtsfunctionaris."
}

func pick(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// joinDutch joins a list as Dutch does: "a, b en c".
func joinDutch(list []string) string {
	switch len(list) {
	case 0:
		return ""
	case 1:
		return list[0]
	}
	return strings.Join(list[:len(list)-1], ", ") + " en " + list[len(list)-1]
}

// The demo's words. Everything a user reads is Dutch, made up, and
// names nobody real: $-placeholders are filled in by casework.text.

// domainText is what the plan and the journal say about one domain:
// the goals (kidsGoals only in a family with children), the support it
// needs, progress lines, and a rationale for each ZRM level (1–5).
type domainText struct {
	goals     []goalText
	kidsGoals []goalText
	support   string
	progress  []string
	levels    [5]string
}

// goalText is a goal with the worry it answers, its goed-genoeg
// criterion and actions; org is the partner organisation that owns it
// when it is among the betrokkenen.
type goalText struct {
	worry, description, criterion string
	owner                         wijkregie.GoalOwner
	org                           string
	actions                       []actionText
}

// actionText is an action: what, who (in the family's words), and
// whether it is agreed help that starts on a date.
type actionText struct {
	what, who string
	help      bool
}

var domainTexts = map[string]domainText{
	"financien": {
		goals: []goalText{
			{"Het geld is elke maand na twee weken op en de vaste lasten worden te laat betaald.",
				"Overzicht en rust in de geldzaken",
				"Drie maanden achter elkaar zijn huur, energie en zorgverzekering op tijd betaald en er komen geen nieuwe aanmaningen.",
				wijkregie.OwnerFamily, "", []actionText{
					{"Samen de post openen en een overzicht van alle schulden maken", "$naam en $regisseur", false},
					{"Vaste lasten op automatische incasso zetten, direct na de betaaldag", "$naam", false},
				}},
			{"Er zijn schulden bij de energieleverancier, de zorgverzekeraar en de verhuurder; de post blijft ongeopend liggen.",
				"Het schuldhulptraject loopt stabiel",
				"Er is een stabilisatieovereenkomst met alle schuldeisers en het leefgeld komt elke week op tijd binnen.",
				wijkregie.OwnerPartner, "Schuldhulp Duinhaven", []actionText{
					{"Intakegesprek bij Schuldhulp Duinhaven", "$naam en de schuldhulpverlener", true},
					{"Budgetbeheer inrichten", "Schuldhulpverlener", true},
					{"Betalingsregeling afspreken met Zeewind Energie", "$naam", false},
				}},
		},
		support: "het op orde brengen van de schulden",
		progress: []string{
			"Alle post is geordend; er is een overzicht van elf schuldeisers.",
			"De aanvraag bij Schuldhulp Duinhaven is compleet ingeleverd.",
			"Huur en energie zijn deze maand op tijd betaald.",
			"Het budgetbeheer loopt; het leefgeld komt elke maandag binnen.",
			"$naam heeft zelf gebeld met de zorgverzekeraar over de premieachterstand.",
			"Er is een nieuwe aanmaning binnengekomen; samen besproken hoe die past in de regeling.",
		},
		levels: [5]string{
			"Geen inkomen en snel groeiende schulden; afsluiting van energie dreigt.",
			"Er is inkomen, maar de schulden groeien en rekeningen blijven liggen.",
			"De schulden zijn in beeld en er is een regeling, maar er worden nog betalingen gemist.",
			"De vaste lasten worden betaald; er is een regeling voor de oude schulden.",
			"Geen schulden; komt rond en houdt zelf overzicht.",
		},
	},
	"werk-opleiding": {
		goals: []goalText{
			{"Sinds het ontslag vorig jaar is er geen werk en ook geen zicht op werk.",
				"Een stap richting werk",
				"Werkt minstens twee dagdelen per week als vrijwilliger of heeft een plek in een leerwerktraject.",
				wijkregie.OwnerFamily, "", []actionText{
					{"Gesprek met de werkcoach van de gemeente", "$naam", true},
					{"Proefplaatsing als vrijwilliger bij Buurthuis De Vuurtoren", "$naam", false},
				}},
		},
		support: "de weg naar werk of vrijwilligerswerk",
		progress: []string{
			"Het gesprek met de werkcoach was positief; er is een proefplaatsing geregeld.",
			"$naam werkt nu twee ochtenden per week mee in de keuken van het buurthuis.",
			"$naam heeft een sollicitatiegesprek voor een leerwerkplek gehad.",
		},
		levels: [5]string{
			"Geen werk, opleiding of uitkering; er is geen inkomen uit werk in zicht.",
			"Werkloos en zoekt niet actief; andere problemen gaan voor.",
			"Zoekt werk met hulp van de werkcoach, of werkt onregelmatig.",
			"Heeft tijdelijk werk of volgt een opleiding die past.",
			"Vast werk of een opleiding die goed loopt.",
		},
	},
	"tijdsbesteding": {
		goals: []goalText{
			{"Er is geen dagritme meer: overdag slapen, 's nachts wakker.",
				"Een vast dagritme",
				"Staat op werkdagen voor negen uur op en heeft minstens drie vaste activiteiten per week.",
				wijkregie.OwnerFamily, "", []actionText{
					{"Weekrooster maken met vaste tijden voor opstaan, eten en slapen", "$naam en $regisseur", false},
					{"Elke dinsdag meewandelen met de wandelgroep van het buurthuis", "$naam", false},
				}},
		},
		support: "het opbouwen van een dagritme",
		progress: []string{
			"Het weekrooster hangt op de koelkast en wordt grotendeels gevolgd.",
			"$naam gaat sinds twee weken elke dinsdag mee met de wandelgroep.",
			"$naam staat door de week weer voor negen uur op.",
		},
		levels: [5]string{
			"Geen enkele structuur; ligt het grootste deel van de dag op bed.",
			"Weinig structuur; de dagen lopen in elkaar over.",
			"Enige structuur, maar valt snel terug als er iets tegenzit.",
			"Een dagritme met vaste activiteiten.",
			"Vult de dagen naar tevredenheid in.",
		},
	},
	"huisvesting": {
		goals: []goalText{
			{"Er is een huurachterstand van drie maanden; Woonstichting Duinwonen dreigt met een ontruimingsprocedure.",
				"Het huis blijft behouden",
				"Er is een betalingsregeling met Woonstichting Duinwonen die zes maanden wordt nagekomen en de ontruimingsprocedure is gestopt.",
				wijkregie.OwnerPartner, "Woonstichting Duinwonen", []actionText{
					{"Betalingsregeling afspreken met de wijkconsulent", "$naam en de wijkconsulent", false},
					{"Huurtoeslag aanvragen", "$naam", false},
				}},
			{"De woning is te klein en vochtig.",
				"Een passende woning",
				"Er is een urgentieaanvraag ingediend en er wordt elke week gereageerd op passend woningaanbod.",
				wijkregie.OwnerFamily, "", []actionText{
					{"Urgentieaanvraag indienen", "$naam en $regisseur", false},
					{"De vochtplekken melden bij de verhuurder", "$naam", false},
				}},
		},
		support: "afspraken met de verhuurder",
		progress: []string{
			"De betalingsregeling met Woonstichting Duinwonen is getekend.",
			"De huurtoeslag is toegekend; de huur gaat nu automatisch van de rekening.",
			"De wijkconsulent meldt dat de termijnen van de regeling op tijd binnenkomen.",
		},
		levels: [5]string{
			"Dakloos of acuut dreigende ontruiming.",
			"De ontruimingsprocedure loopt vanwege een huurachterstand.",
			"Er is een woning, maar de huur wordt niet altijd betaald; de verhuurder maakt zich zorgen.",
			"Een veilige, betaalbare woning; de huur wordt betaald.",
			"Woont naar wens, zonder zorgen over de woning.",
		},
	},
	"huiselijke-relaties": {
		kidsGoals: []goalText{
			{"Er is veel ruzie thuis en de kinderen zijn er getuige van.",
				"Rust en veiligheid in huis",
				"Ruzies lopen niet meer uit de hand: beide ouders gebruiken het afgesproken time-outplan en de kinderen vertellen dat het thuis rustiger is.",
				wijkregie.OwnerFamily, "", []actionText{
					{"Time-outplan opstellen met beide ouders", "Ouders en $regisseur", false},
					{"Gesprekken bij de gezinscoach van het wijkteam", "Ouders", true},
					{"Opvang van de kinderen als het thuis oploopt", "$Netwerk", false},
				}},
		},
		goals: []goalText{
			{"Er is veel ruzie thuis; de spanning loopt soms hoog op.",
				"Minder spanning thuis",
				"Er zijn vaste momenten om rustig te praten en er is drie maanden lang geen ruzie uit de hand gelopen.",
				wijkregie.OwnerFamily, "", []actionText{
					{"Relatiegesprekken bij het maatschappelijk werk", "$naam", true},
					{"Afspraken maken over wie wat doet in huis", "$naam", false},
				}},
		},
		support: "de spanningen thuis",
		progress: []string{
			"Het time-outplan is twee keer gebruikt; het bleef beide keren rustig.",
			"De gesprekken bij de gezinscoach lopen; er wordt thuis weer met elkaar gepraat.",
			"Er was deze maand één flinke ruzie; die is daarna samen uitgepraat.",
		},
		levels: [5]string{
			"Huiselijk geweld of ernstige dreiging; de veiligheid is niet gewaarborgd.",
			"Veel spanning en ruzie thuis die uit de hand loopt.",
			"Spanningen, maar er wordt over gepraat en hulp gezocht.",
			"De relaties thuis zijn overwegend goed; ruzies worden uitgepraat.",
			"Goede, steunende relaties thuis.",
		},
	},
	"geestelijke-gezondheid": {
		goals: []goalText{
			{"Angstklachten en somberheid; de deur uitgaan lukt bijna niet meer.",
				"Behandeling voor de psychische klachten",
				"Is in behandeling bij GGZ Kustland, komt de afspraken na en zegt zelf dat de dagen weer te doen zijn.",
				wijkregie.OwnerPartner, "GGZ Kustland", []actionText{
					{"Verwijzing via de huisarts naar GGZ Kustland", "$naam", false},
					{"Behandeling bij GGZ Kustland", "Behandelaar GGZ Kustland", true},
				}},
			{"Slapeloosheid en somberheid; de dagen zijn nauwelijks te doen.",
				"De dagen weer aankunnen",
				"Slaapt minstens vijf nachten per week goed en doet weer zelf de boodschappen.",
				wijkregie.OwnerFamily, "", []actionText{
					{"Wekelijks gesprek met de POH-GGZ van de huisarts", "$naam", true},
					{"Elke dag een korte wandeling, samen met $netwerk", "$naam", false},
				}},
		},
		support: "behandeling voor de psychische klachten",
		progress: []string{
			"De intake bij GGZ Kustland is geweest; de behandeling start over drie weken.",
			"$naam slaapt beter sinds de afspraken met de huisarts.",
			"$naam gaat elke week naar de POH-GGZ en vindt dat prettig.",
		},
		levels: [5]string{
			"Ernstige psychische klachten met gevaar voor zichzelf; crisiszorg nodig.",
			"Forse klachten die het dagelijks leven beheersen; geen behandeling.",
			"Klachten, maar in behandeling of op de wachtlijst; redt zich met hulp.",
			"Lichte klachten die het dagelijks leven weinig hinderen.",
			"Geen psychische klachten.",
		},
	},
	"lichamelijke-gezondheid": {
		goals: []goalText{
			{"Chronische pijnklachten; de trap op en boodschappen doen lukken nauwelijks.",
				"Pijnklachten onder controle",
				"Komt de afspraken bij huisarts en fysiotherapeut na en kan zelf de boodschappen doen.",
				wijkregie.OwnerFamily, "", []actionText{
					{"Afspraak bij de huisarts over de pijnmedicatie", "$naam", false},
					{"Fysiotherapie twee keer per week", "$naam", true},
				}},
		},
		support: "het regelen van zorg voor de lichamelijke klachten",
		progress: []string{
			"De fysiotherapie loopt; de boodschappen lukken weer met de rollator.",
			"$naam heeft nieuwe pijnmedicatie van de huisarts; dat helpt.",
		},
		levels: [5]string{
			"Acute lichamelijke problemen zonder zorg.",
			"Chronische klachten die slecht behandeld worden; afspraken worden gemist.",
			"Klachten die met behandeling beperkt onder controle zijn.",
			"De klachten zijn onder controle; afspraken worden nagekomen.",
			"Goede lichamelijke gezondheid.",
		},
	},
	"middelengebruik": {
		goals: []goalText{
			{"Er wordt dagelijks gedronken; afspraken worden gemist en het geld gaat op aan drank.",
				"Minder drinken",
				"Drinkt niet meer overdag en heeft vier weken lang geen afspraak gemist door drank.",
				wijkregie.OwnerPartner, "GGZ Kustland", []actionText{
					{"Intake bij de verslavingszorg van GGZ Kustland", "$naam", true},
					{"Een drinkdagboek bijhouden en bespreken", "$naam", false},
				}},
		},
		support: "het minderen met drinken",
		progress: []string{
			"$naam houdt het drinkdagboek bij en drinkt niet meer voor de middag.",
			"De intake bij de verslavingszorg is gepland.",
		},
		levels: [5]string{
			"Dagelijks gebruik dat het leven beheerst, met ernstige gevolgen.",
			"Fors gebruik met problemen thuis en met geld.",
			"Gebruik met lichte problemen; wil minderen.",
			"Af en toe gebruik, zonder problemen.",
			"Geen gebruik van middelen.",
		},
	},
	"basale-adl": {
		goals: []goalText{
			{"Wassen en aankleden lukken niet meer zonder hulp.",
				"De verzorging is geregeld",
				"Krijgt elke ochtend hulp bij wassen en aankleden en voelt zich verzorgd.",
				wijkregie.OwnerProfessional, "", []actionText{
					{"Wijkverpleging aanvragen via de huisarts", "$regisseur", true},
				}},
		},
		support: "de persoonlijke verzorging",
		progress: []string{
			"De wijkverpleging komt elke ochtend; dat gaat goed.",
			"$Netwerk helpt in het weekend bij het douchen.",
		},
		levels: [5]string{
			"Kan zichzelf niet verzorgen en krijgt geen hulp.",
			"De verzorging schiet ernstig tekort.",
			"Redt de verzorging met moeite; de hulp is wisselend.",
			"Verzorgt zichzelf met de hulp die er is.",
			"Verzorgt zichzelf zonder hulp.",
		},
	},
	"instrumentele-adl": {
		goals: []goalText{
			{"Het huishouden, de boodschappen en de administratie lopen vast.",
				"Het huishouden loopt",
				"Het huis is op orde en er worden elke week boodschappen gedaan, met hulp van $netwerk.",
				wijkregie.OwnerNetwork, "", []actionText{
					{"Huishoudelijke hulp aanvragen bij de Wmo", "$regisseur", true},
					{"Elke week samen boodschappen doen", "$Netwerk", false},
				}},
		},
		support: "het huishouden",
		progress: []string{
			"De huishoudelijke hulp komt sinds deze week op donderdag.",
			"$naam en $netwerk doen nu elke zaterdag samen boodschappen.",
		},
		levels: [5]string{
			"Het huishouden is volledig vastgelopen; er is geen eten in huis.",
			"Het huishouden en de boodschappen lukken grotendeels niet.",
			"Het huishouden lukt met moeite en met wisselende hulp.",
			"Het huishouden loopt, met de hulp die er is.",
			"Doet het huishouden zelf.",
		},
	},
	"sociaal-netwerk": {
		goals: []goalText{
			{"Er zijn weinig mensen om op terug te vallen; de familie woont ver weg.",
				"Meer steun uit de eigen omgeving",
				"Minstens twee mensen uit het netwerk hebben een vaste taak, zoals oppassen of meegaan naar afspraken.",
				wijkregie.OwnerNetwork, "", []actionText{
					{"Netwerkberaad organiseren met familie en vrienden", "$naam en $regisseur", false},
					{"$Netwerk vragen voor een vaste middag in de week", "$naam", false},
				}},
		},
		support: "het versterken van het netwerk",
		progress: []string{
			"Het netwerkberaad is geweest; twee mensen nemen elk een vaste middag.",
			"$Netwerk komt nu elke woensdag.",
			"$naam heeft zelf contact gezocht met een oude vriendin.",
		},
		levels: [5]string{
			"Geen contacten; volledig op zichzelf aangewezen.",
			"Vrijwel geen steunende contacten.",
			"Enkele contacten, maar weinig steun als het moeilijk is.",
			"Een netwerk dat steun biedt als dat nodig is.",
			"Een ruim en steunend netwerk.",
		},
	},
	"maatschappelijke-participatie": {
		goals: []goalText{
			{"Doet nergens meer aan mee en voelt zich buitengesloten in de buurt.",
				"Meedoen in de buurt",
				"Gaat minstens één keer per week naar een activiteit in Buurthuis De Vuurtoren.",
				wijkregie.OwnerFamily, "", []actionText{
					{"Kennismaken bij Buurthuis De Vuurtoren", "$naam en $regisseur", false},
					{"Een vaste activiteit kiezen", "$naam", false},
				}},
		},
		support: "een eerste stap naar activiteiten in de buurt",
		progress: []string{
			"$naam is mee geweest naar de koffieochtend in het buurthuis en wil terugkomen.",
			"$naam helpt sinds kort mee bij de buurtmaaltijd.",
		},
		levels: [5]string{
			"Voelt zich volledig buitengesloten; geen enkel contact met de buurt.",
			"Doet nergens aan mee en wil dat ook niet.",
			"Doet af en toe mee, maar voelt zich er niet thuis.",
			"Doet mee aan activiteiten in de buurt.",
			"Actief in de buurt, bijvoorbeeld als vrijwilliger.",
		},
	},
	"justitie": {
		goals: []goalText{
			{"Er loopt een strafzaak en er moet nog een taakstraf worden uitgevoerd.",
				"Justitiezaken afgerond",
				"De taakstraf is volledig uitgevoerd en er zijn geen nieuwe contacten met de politie.",
				wijkregie.OwnerFamily, "", []actionText{
					{"De afspraken met de reclassering nakomen", "$naam", false},
					{"De taakstraf inplannen naast de andere afspraken", "$naam en $regisseur", false},
				}},
		},
		support: "afstemming met de reclassering",
		progress: []string{
			"De taakstraf is voor de helft uitgevoerd; de reclassering is tevreden.",
			"$naam is op tijd bij de afspraak met de reclassering geweest.",
		},
		levels: [5]string{
			"Recente ernstige delicten of een vrijheidsstraf.",
			"Een lopende strafzaak of toezicht waarbij het misgaat.",
			"Afspraken met justitie worden met moeite nagekomen.",
			"Geen actuele contacten met justitie; oude zaken zijn afgerond.",
			"Geen contacten met justitie.",
		},
	},
}

// relatedDomains are the domains a worry often comes with: the intake
// scores them beside the case's own when they bear on the help question.
var relatedDomains = map[string][]string{
	"financien":                     {"werk-opleiding", "instrumentele-adl", "huisvesting"},
	"werk-opleiding":                {"financien", "tijdsbesteding"},
	"tijdsbesteding":                {"werk-opleiding", "maatschappelijke-participatie", "sociaal-netwerk"},
	"huisvesting":                   {"financien", "instrumentele-adl"},
	"huiselijke-relaties":           {"geestelijke-gezondheid", "sociaal-netwerk", "middelengebruik"},
	"geestelijke-gezondheid":        {"tijdsbesteding", "sociaal-netwerk", "lichamelijke-gezondheid"},
	"lichamelijke-gezondheid":       {"basale-adl", "instrumentele-adl", "geestelijke-gezondheid"},
	"middelengebruik":               {"geestelijke-gezondheid", "financien", "justitie"},
	"basale-adl":                    {"lichamelijke-gezondheid", "instrumentele-adl"},
	"instrumentele-adl":             {"basale-adl", "sociaal-netwerk"},
	"sociaal-netwerk":               {"maatschappelijke-participatie", "tijdsbesteding"},
	"maatschappelijke-participatie": {"sociaal-netwerk", "tijdsbesteding"},
	"justitie":                      {"middelengebruik", "werk-opleiding"},
}

// networkPeople are who a family's network may bring, in their words.
var networkPeople = []string{"oma", "opa", "tante", "de buurvrouw", "de buurman", "een vriendin", "een oud-collega"}

func goingWell(children bool) []string {
	out := []string{
		"$naam vraagt zelf om hulp en komt afspraken na.",
		"Er is een vast inkomen en het huis is netjes.",
		"Goed contact met de huisarts, die meedenkt.",
		"$naam heeft jaren gewerkt en weet waar de eigen kracht ligt.",
		"$Netwerk staat klaar om te helpen.",
	}
	if children {
		out = append(out, "De ouders zijn betrokken bij de kinderen en willen dat het thuis beter gaat.",
			"De kinderen gaan graag naar school en hebben vriendjes in de buurt.")
	}
	return out
}

var ownStrength = []string{
	"$naam houdt zelf een kasboekje bij.",
	"$Netwerk past twee middagen per week op en doet soms boodschappen.",
	"$naam heeft zelf al een afspraak bij de huisarts gemaakt.",
	"$Netwerk gaat mee naar moeilijke gesprekken.",
	"$naam weet goed wat wel en niet helpt en zegt dat ook.",
}

// Contacts with the family, by stage.
var (
	intakeContacts = map[wijkregie.ContactMode][]string{
		wijkregie.ContactHomeVisit: {"Kennismaking bij $naam thuis. Samen op een rij gezet wat er speelt; de grootste zorg: $zorg"},
		wijkregie.ContactMeeting:   {"Eerste gesprek met $naam op het wijkteamkantoor. Uitgelegd hoe het wijkteam werkt en toestemming gevraagd om met de huisarts te overleggen."},
		wijkregie.ContactPhone:     {"Telefonisch kennisgemaakt met $naam en een huisbezoek afgesproken. $naam is opgelucht dat er iemand meedenkt."},
	}
	draftContacts = []string{
		"Huisbezoek: met $naam de eerste opzet van het plan doorgelopen. $naam wil vooral beginnen met: $doel.",
		"Huisbezoek: samen de zorgen op volgorde gezet en gekeken wat $naam en $netwerk zelf kunnen doen.",
	}
	agreementContacts = []string{
		"Telefonisch: $naam heeft het plan nog eens gelezen en gaat ermee akkoord.",
		"Telefonisch: de datum voor het gezinsplanoverleg staat vast; $naam nodigt $netwerk zelf uit.",
	}
	meetingContacts = []string{
		"Gezinsplanoverleg: het plan is samen vastgesteld. Iedereen weet wie wat doet en wanneer we evalueren.",
		"Gezinsplanoverleg op het wijkteamkantoor: doelen en acties doorgenomen en vastgesteld; $netwerk doet mee.",
	}
	evaluationContacts = []string{
		"Evaluatiegesprek met $naam: wat is gelukt, wat nog niet? Het plan is bijgesteld en de volgende evaluatie gepland.",
		"Evaluatie met $naam en $netwerk: de eerste doelen zijn gehaald; afgesproken waar we ons nu op richten.",
	}
	scaleDownContacts = map[wijkregie.ContactMode][]string{
		wijkregie.ContactHomeVisit: {
			"Huisbezoek: het gaat goed. Afgesproken dat het wijkteam een stap terug doet; $naam weet waar de hulp te vinden is als het weer lastig wordt.",
			"Kort huisbezoek: de afspraken lopen; $netwerk is er nog steeds bij.",
			"Huisbezoek: samen teruggekeken op wat er bereikt is; $naam is trots op de stappen die zijn gezet.",
		},
		wijkregie.ContactMeeting: {"Gesprek op kantoor: de laatste acties uit het plan doorgenomen; er staat weinig meer open waar het wijkteam voor nodig is."},
		wijkregie.ContactPhone: {
			"Telefonisch contact: $naam redt het nu grotendeels zelf en belt als er iets is.",
			"Telefonisch contact: korte check, geen nieuwe zorgen.",
		},
		wijkregie.ContactDigital: {"Beeldbellen met $naam: het gaat goed; het volgende gesprek is het afsluitende."},
	}
	contactOpenings = map[wijkregie.ContactMode]string{
		wijkregie.ContactHomeVisit: "Huisbezoek:", wijkregie.ContactMeeting: "Gesprek op kantoor:",
		wijkregie.ContactPhone: "Telefonisch contact:", wijkregie.ContactDigital: "Beeldbellen met $naam:",
	}
	// stageContacts keep an open case in touch: a recent contact in the
	// stage it is in, by phone.
	stageContacts = map[wijkregie.CaseStatus]string{
		wijkregie.CaseIntake:    "Telefonisch contact met $naam: de gegevens van de huisarts zijn binnen; volgende week het vervolggesprek.",
		wijkregie.CasePlan:      "Telefonisch: $naam heeft nog een vraag over het plan; afgesproken die in het gezinsplanoverleg te bespreken.",
		wijkregie.CaseExecution: "Telefonisch contact: de afspraken uit het plan lopen; niets bijzonders te melden.",
		wijkregie.CaseScaleDown: "Telefonisch contact: $naam redt het nu grotendeels zelf en belt als er iets is.",
	}
)

// Progress notes.
var (
	teamNotes = []string{
		"Casusoverleg in het wijkteam: de voortgang besproken; het plan blijft zoals het is.",
		"Brief van de gemeente over de aanvraag ontvangen en met $naam doorgenomen.",
		"Afgestemd met de huisarts: geen nieuwe zorgen.",
	}
	schoolNotes = []string{
		"Contact met de school: het gaat beter met de kinderen in de klas.",
		"De intern begeleider meldt dat de kinderen weer op tijd en met ontbijt op school komen.",
	}
	gpNotes = []string{
		"Vanuit de huisartsenpraktijk: $naam is op het spreekuur geweest; de klachten nemen af.",
		"Vanuit de huisartsenpraktijk: de verwijzing is verstuurd; $naam krijgt binnenkort een uitnodiging.",
	}
	ownNotes = []string{
		"Eigen aantekening: $naam leek gespannen; volgende keer vragen hoe het echt gaat.",
		"Eigen aantekening: nagaan of de aanvraag bij de Wmo al is ontvangen.",
		"Eigen aantekening: volgende keer vragen naar de brief van de deurwaarder.",
	}
	stagnationNotes = []string{
		"Huisbezoek afgezegd door $naam; telefonisch niet bereikbaar. Brief gestuurd met een nieuwe afspraak.",
		"Opnieuw geen gehoor bij het afgesproken huisbezoek.",
	}
)

// closureOutcome is how a case with a reason ends: the youth outcome set's
// answers (can continue without help, problems reduced, goals achieved),
// the regisseur's summary, the chance in percent that the family gives a
// rating, its range, and remarks in the family's words.
type closureOutcome struct {
	answers [3]wijkregie.Answer3
	summary string
	rated   int
	rating  [2]int
	remarks []string
}

var closureOutcomes = map[string]closureOutcome{
	wijkregie.ClosureGoalsMet: {[3]wijkregie.Answer3{wijkregie.AnswerYes, wijkregie.AnswerYes, wijkregie.AnswerYes},
		"De doelen uit het plan zijn bereikt. $naam kan verder zonder het wijkteam en weet waar de hulp te vinden is.", 90, [2]int{7, 10},
		[]string{
			"Fijn dat er één iemand was die alles overzag. Ik hoefde mijn verhaal niet steeds opnieuw te vertellen.",
			"Ik kan eindelijk weer slapen zonder die stapel post op tafel.",
			"Het ging soms snel, maar we zijn er echt mee geholpen.",
			"Goed dat mijn familie mocht meedenken bij de gesprekken.",
		}},
	wijkregie.ClosureScaledDown: {[3]wijkregie.Answer3{wijkregie.AnswerPartly, wijkregie.AnswerYes, wijkregie.AnswerPartly},
		"Afgeschaald naar lichte ondersteuning: $naam houdt contact met het maatschappelijk werk; het wijkteam sluit af.", 85, [2]int{6, 9},
		[]string{"Goed dat het contact niet ineens stopt.", "Het gaat beter, maar ik ben blij dat ik nog ergens terechtkan."}},
	wijkregie.ClosureMoved: {[3]wijkregie.Answer3{wijkregie.AnswerPartly, wijkregie.AnswerPartly, wijkregie.AnswerNo},
		"Het huishouden is verhuisd naar een andere gemeente. Met toestemming van $naam is het wijkteam daar geïnformeerd.", 50, [2]int{5, 8},
		[]string{"Jammer dat we verhuizen nu het net beter ging.", "Fijn dat het nieuwe wijkteam al weet wat er speelt."}},
	wijkregie.ClosureCareElse: {[3]wijkregie.Answer3{wijkregie.AnswerNo, wijkregie.AnswerPartly, wijkregie.AnswerPartly},
		"De hulp loopt verder bij een specialistische aanbieder; het wijkteam is niet meer nodig als regisseur.", 75, [2]int{5, 8},
		[]string{"We hadden liever eerder de goede hulp gehad.", "Het was niet altijd duidelijk wie wat deed, maar nu loopt het."}},
	wijkregie.ClosureRefused: {[3]wijkregie.Answer3{wijkregie.AnswerNo, wijkregie.AnswerNo, wijkregie.AnswerNo},
		"$naam wil geen hulp meer van het wijkteam. Besproken waar de hulp te vinden is als dat verandert; er zijn geen zorgen over de veiligheid.", 30, [2]int{3, 6},
		[]string{"We redden het zelf wel.", "Veel gesprekken, maar er veranderde weinig."}},
	wijkregie.ClosureDied: {[3]wijkregie.Answer3{wijkregie.AnswerNo, wijkregie.AnswerNo, wijkregie.AnswerNo},
		"De cliënt is overleden. Met de familie is afgesproken dat de huisarts het aanspreekpunt blijft.", 0, [2]int{1, 1}, nil},
	wijkregie.ClosureOther: {[3]wijkregie.Answer3{wijkregie.AnswerPartly, wijkregie.AnswerPartly, wijkregie.AnswerPartly},
		"In overleg met $naam afgesloten: de vraag is beantwoord en verdere regie is niet nodig.", 70, [2]int{5, 8},
		[]string{"Het was goed zo.", "Prettig contact, al had het wat sneller gekund."}},
}

// finalGoalStatus is the final status of a goal still open when a case
// closes, by the closure's reason.
var finalGoalStatus = map[string][]weighted[wijkregie.GoalStatus]{
	wijkregie.ClosureGoalsMet:   {{80, wijkregie.GoalMet}, {20, wijkregie.GoalPartlyMet}},
	wijkregie.ClosureScaledDown: {{50, wijkregie.GoalMet}, {50, wijkregie.GoalPartlyMet}},
	wijkregie.ClosureMoved:      {{50, wijkregie.GoalPartlyMet}, {50, wijkregie.GoalNotMet}},
	wijkregie.ClosureCareElse:   {{50, wijkregie.GoalPartlyMet}, {50, wijkregie.GoalNotMet}},
	wijkregie.ClosureRefused:    {{100, wijkregie.GoalNotMet}},
	wijkregie.ClosureDied:       {{100, wijkregie.GoalNotMet}},
	wijkregie.ClosureOther:      {{60, wijkregie.GoalPartlyMet}, {40, wijkregie.GoalNotMet}},
}
