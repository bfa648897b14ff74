package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"wijkregie"
	"wijkregie/internal/demo"
	"wijkregie/internal/request"
	"wijkregie/internal/route"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// The web matrix: the access matrix of the web UI's route table (the
// session-cookie set), on the API matrix's world and actor states
// (fixture_matrix_test.go, access_matrix_test.go): every route × every
// actor state × both stores, against a decision written by hand from the
// same documents — docs/privacy.md (What is processed…, Need-to-know for
// partners, Nood-toegang, Het auditlog), docs/consent.md, docs/casework.md,
// docs/triage.md and the README's roles — not from internal/policy.
//
// The codes are the API matrix's, read as a browser sees them:
//
//   - allowed: a page answers 200; a form post gets past the policy: the
//     page again with the error beside the field (200, 400, 409 or 422),
//     or a 303 only on the routes of wxRedirectOK, where nothing the
//     other cells read can change
//     4  not found (404): the friendly Dutch page, as for a path that
//     does not exist
//     3  forbidden (403); for a case page, the page "U heeft geen toegang"
//     with the emergency access form (privacy.md, Nood-toegang)
//   - not shown to a partner: 403 or 404
//     9  told it has access already: sent to the case (303), nothing recorded
//
// A form post is sent as a browser sends it from the same origin (Origin
// and Sec-Fetch-Site), so http.CrossOriginProtection lets it through and
// the policy is what decides. Allowed cells post a form that validation
// refuses; refused cells post a valid form (wxValidForms), so a hole in
// the policy would show as a change, not hide behind a validation error.

const (
	// A page only the team working with the family opens and changes:
	// its regisseur and the lead of its team (casework.md, triage.md).
	wxTeamChange = mxTeamChange
	// The case page itself: one of the team outside the case is offered
	// emergency access (403, privacy.md Nood-toegang); a partner involved
	// sees the frame, one not involved does not find it.
	wxCasePage = "+ 3 + 3 3 | + + + + + | + 4 | 3 3 3 3"
	// The audit log's readers (README, privacy.md Het auditlog).
	wxAuditReaders = "3 3 3 3 3 | 3 3 3 3 3 | 3 3 | 3 3 + +"
)

// wxExpect is the web matrix, by route pattern.
var wxExpect = map[string]string{
	"/":                     "4 4 4 4 4 | 4 4 4 4 4 | 4 4 | 4 4 4 4", // a path that does not exist
	"GET /static/{file...}": mxAll,
	"GET /inloggen":         mxAll,
	"POST /inloggen":        mxAll, // wrong credentials: refused beside the field
	"POST /uitloggen":       mxAll,
	"GET /{$}":              mxAll,
	"GET /account":          mxAll,
	// Everyone's own API tokens; {id} is one of the regisseur's.
	"POST /account/tokens":                mxAll,
	"POST /account/tokens/{id}/intrekken": mxOwnInbox,
	"GET /inbox":                          mxAll,
	"POST /inbox/{id}/gelezen":            mxOwnInbox,

	// Households and persons, as the API's (decisions.md, privacy.md).
	"GET /huishoudens":                                  mxCasework,
	"GET /huishoudens/nieuw":                            mxTeamWork,
	"POST /huishoudens":                                 mxTeamWork,
	"GET /huishoudens/{id}":                             mxFrame,
	"GET /huishoudens/{id}/leden/nieuw":                 wxTeamChange,
	"POST /huishoudens/{id}/leden":                      wxTeamChange,
	"POST /huishoudens/{id}/leden/{persoon}/beeindigen": wxTeamChange,
	"GET /personen/zoeken":                              mxTeamWork,
	"POST /personen/zoeken":                             mxTeamWork,
	"GET /personen/nieuw":                               mxTeamWork,
	"POST /personen":                                    mxTeamWork,
	"GET /personen/{id}":                                mxMembers,
	"GET /personen/{id}/auditlog":                       "+ 4 + 4 4 | 3 3 3 3 3 | 3 3 | 3 3 + 3",
	"GET /personen/{id}/samenvoegen":                    wxTeamChange,
	"POST /personen/{id}/samenvoegen/zoeken":            wxTeamChange,
	"GET /personen/{id}/samenvoegen/{duplicaat}":        wxTeamChange,
	"POST /personen/{id}/samenvoegen/{duplicaat}":       wxTeamChange,
	// Consents (consent.md): recorded and withdrawn by the team working
	// with the family.
	"GET /personen/{id}/toestemmingen/nieuw": wxTeamChange,
	"POST /personen/{id}/toestemmingen":      wxTeamChange,
	"GET /toestemmingen/{id}/intrekken":      wxTeamChange,
	"POST /toestemmingen/{id}/intrekken":     wxTeamChange,

	// Signals: {id} is GGZ's signal on the family (see mxExpect).
	"GET /signalen":              mxCasework,
	"GET /signalen/nieuw":        mxCasework,
	"POST /signalen":             mxCasework,
	"GET /signalen/{id}":         "+ + + 4 4 | 4 4 4 4 4 | + 4 | 3 3 3 3",
	"GET /signalen/{id}/triage":  "+ + + 4 4 | 3 3 3 3 3 | 3 3 | 3 3 3 3",
	"POST /signalen/{id}/triage": "+ + + 4 4 | 3 3 3 3 3 | 3 3 | 3 3 3 3",
	"GET /triage":                mxTeamWork,

	// Cases.
	"GET /casussen":                                           mxCasework,
	"GET /casussen/{id}":                                      wxCasePage,
	"POST /casussen/{id}/status":                              wxTeamChange,
	"POST /casussen/{id}/niveau":                              wxTeamChange,
	"POST /casussen/{id}/betrokkenen":                         wxTeamChange,
	"POST /casussen/{id}/betrokkenen/{betrokkene}/beeindigen": wxTeamChange,
	"POST /casussen/{id}/mijnplan/gelezen":                    wxTeamChange, // a family's message from Mijn Plan read (mijnplan.md, Berichten)
	"GET /casussen/{id}/regisseur":                            mxAssignRow,
	"POST /casussen/{id}/regisseur":                           mxAssignRow,
	"POST /casussen/{id}/opschalingen":                        mxMandate,
	"POST /casussen/{id}/opschalingen/{opschaling}":           mxMandate,
	"POST /casussen/{id}/doorzettingsmacht":                   mxMandate,
	// Working the case (casework.md): no partner sees the ZRM, the whole
	// plan or the Meldcode route; the journal is everyone's the case is
	// open to, each note as far as its visibility allows.
	"GET /casussen/{id}/zrm":                                     mxContent,
	"GET /casussen/{id}/zrm/nieuw":                               wxTeamChange,
	"GET /casussen/{id}/zrm/{meting}":                            mxContent,
	"POST /casussen/{id}/zrm":                                    wxTeamChange,
	"GET /casussen/{id}/plan":                                    mxContent,
	"GET /casussen/{id}/plan/bewerken":                           wxTeamChange,
	"POST /casussen/{id}/plan":                                   wxTeamChange,
	"GET /casussen/{id}/inlogcode":                               wxTeamChange,
	"POST /casussen/{id}/inlogcode":                              wxTeamChange,
	"GET /casussen/{id}/plan/versies/{versie}":                   mxContent,
	"GET /casussen/{id}/plan/vergelijken":                        mxContent,
	"GET /casussen/{id}/plan/gezinsplan.pdf":                     mxContent, // docs/gezinsplan.md
	"POST /casussen/{id}/plan/doelen/{doel}/voortgang":           "3 3 3 3 3 | 4 4 + 4 + | 4 4 | 3 3 3 3",
	"GET /casussen/{id}/journaal":                                mxFrame,
	"POST /casussen/{id}/journaal":                               mxFrame,
	"GET /casussen/{id}/meldcode":                                mxContent,
	"POST /casussen/{id}/meldcode/stap":                          wxTeamChange,
	"POST /casussen/{id}/meldcode/vraag":                         wxTeamChange,
	"POST /casussen/{id}/meldcode/consultatie":                   wxTeamChange,
	"POST /casussen/{id}/meldcode/melding":                       wxTeamChange,
	"POST /casussen/{id}/meldcode/veiligheidsplan":               wxTeamChange,
	"GET /casussen/{id}/afsluiten":                               wxTeamChange,
	"POST /casussen/{id}/afsluiten":                              wxTeamChange,
	"POST /casussen/{id}/grondslag":                              wxTeamChange,
	"POST /casussen/{id}/deelgrondslagen":                        wxTeamChange,
	"POST /casussen/{id}/deelgrondslagen/{grondslag}/beeindigen": wxTeamChange,
	// Emergency access: the team's staff outside the case; who has access
	// is sent to the case; partners and the other roles never.
	"POST /casussen/{id}/nood-toegang":    "9 + 9 + + | 3 3 3 3 3 | 3 3 | 3 3 3 3",
	"GET /nood-toegang":                   mxPrivOnly,
	"GET /nood-toegang/{id}":              mxPrivOnly,
	"POST /nood-toegang/{id}/beoordeling": mxPrivOnly,

	// Tasks: {id} is the regisseur's evaluation task of C.
	"GET /taken":                  mxTeamWork,
	"GET /taken/{id}":             mxTask,
	"POST /taken/{id}/opschorten": mxTask,
	"POST /taken/{id}/hervatten":  mxTask,
	"POST /taken/{id}/verlengen":  mxTask,
	"POST /taken/{id}/afronden":   mxTask,
	// The team overview: a lead's own team (casework.md).
	"GET /overzicht": "3 3 + + 3 | 3 3 3 3 3 | 3 3 | 3 3 3 3",

	// Settings and retention (triage.md, privacy.md Bewaartermijnen).
	"GET /instellingen":                "+ + + + + | 3 3 3 3 3 | 3 3 | 3 3 + 3",
	"POST /instellingen":               mxAdminOnly,
	"GET /bewaartermijnen":             "3 3 3 3 3 | 3 3 3 3 3 | 3 3 | 3 3 + +",
	"POST /bewaartermijnen":            mxAdminOnly,
	"POST /bewaartermijnen/proefdraai": "3 3 3 3 3 | 3 3 3 3 3 | 3 3 | 3 3 + +",

	// The directory: everyone reads the social map, organisations and
	// teams; beheer manages them and the users.
	"GET /sociale-kaart":                                      mxAll,
	"GET /sociale-kaart/{id}":                                 mxAll,
	"GET /beheer/sociale-kaart/nieuw":                         mxAdminOnly,
	"POST /beheer/sociale-kaart":                              mxAdminOnly,
	"GET /beheer/sociale-kaart/{id}":                          mxAdminOnly,
	"POST /beheer/sociale-kaart/{id}":                         mxAdminOnly,
	"GET /beheer/organisaties":                                mxAll,
	"GET /beheer/organisaties/nieuw":                          mxAdminOnly,
	"POST /beheer/organisaties":                               mxAdminOnly,
	"GET /beheer/organisaties/{id}":                           mxAdminOnly,
	"POST /beheer/organisaties/{id}":                          mxAdminOnly,
	"GET /beheer/teams":                                       mxAll,
	"GET /beheer/teams/nieuw":                                 mxAdminOnly,
	"POST /beheer/teams":                                      mxAdminOnly,
	"GET /beheer/teams/{id}":                                  mxAdminOnly,
	"POST /beheer/teams/{id}":                                 mxAdminOnly,
	"GET /beheer/medewerkers":                                 "+ + + + + | 3 3 3 3 3 | 3 3 | 3 3 + 3",
	"GET /beheer/medewerkers/nieuw":                           mxAdminOnly,
	"POST /beheer/medewerkers":                                mxAdminOnly,
	"GET /beheer/medewerkers/{id}":                            mxAdminOnly,
	"POST /beheer/medewerkers/{id}":                           mxAdminOnly,
	"POST /beheer/medewerkers/{id}/wachtwoord":                mxAdminOnly,
	"POST /beheer/medewerkers/{id}/tokens/{token}/intrekken":  mxAdminOnly,
	"POST /beheer/medewerkers/{id}/tweede-factor/verwijderen": mxAdminOnly,

	// The audit log and its second factor: beheer and the privacy officer
	// (issue 5; privacy.md Het auditlog); the chain check is the log
	// manager's.
	"GET /account/tweede-factor":             wxAuditReaders,
	"POST /account/tweede-factor":            wxAuditReaders,
	"POST /account/tweede-factor/bevestigen": wxAuditReaders,
	"GET /account/tweede-factor/controle":    wxAuditReaders,
	"POST /account/tweede-factor/controle":   wxAuditReaders,
	"GET /beheer/auditlog":                   wxAuditReaders,
	"POST /beheer/auditlog/controle":         mxAdminOnly,

	// One outreach, as the API's (docs/outreach.md): {id} is the family's.
	"GET /vroegsignalering/{id}":                  mxOutreach,
	"POST /vroegsignalering/{id}/contactpogingen": mxOutreach,
	"POST /vroegsignalering/{id}/toewijzing":      mxOutreach,
	"POST /vroegsignalering/{id}/afronding":       mxOutreach,

	// Vroegsignalering's lists and figures, as the API's (docs/outreach.md).
	"GET /vroegsignalering":                   mxTeamWork,
	"GET /vroegsignalering/per-straat":        mxTeamWork,
	"GET /vroegsignalering/monitor":           mxOutreachMonitor,
	"GET /vroegsignalering/schuldeisers":      mxCreditorFeedback,
	"GET /vroegsignalering/schuldeisers/{id}": mxCreditorFeedback,

	// The dashboards: the reports' readers, as the API's (docs/uitkomsten.md).
	"GET /dashboard":          mxReports,
	"GET /dashboard/werklast": mxReports,
	// Their figures as CSV, audited as an export.
	"GET /dashboard/csv":          mxReports,
	"GET /dashboard/werklast/csv": mxReports,
	// The composed report each reader makes (Rapporten als PDF): without
	// a query the lead's own team's month (so the lead of another team
	// gets the own), beleid's and toezicht's the council's.
	"GET /dashboard/rapport": mxReports,
	// The lead's own team's capacity (docs/uitkomsten.md, Capaciteit): the
	// page has no team in its path, so the lead of another team opens
	// the own.
	"GET /team/capaciteit":  wxCapacity,
	"POST /team/capaciteit": wxCapacity,

	// The creditors' file, as the API's delivery (docs/vroegsignalering.md):
	// a lead and beheer. An allowed post without a file is refused beside
	// the field.
	"GET /vroegsignalering/inlezen":  mxImportArrears,
	"POST /vroegsignalering/inlezen": mxImportArrears,
	// The overdrachtspakket (docs/overdrachtspakket.md): downloaded by the
	// regisseur and the lead of the case's team; read in by a team lead or
	// beheer.
	"GET /casussen/{id}/overdracht/pakket.json": wxTeamChange,
	"GET /casussen/{id}/overdracht/pakket.pdf":  wxTeamChange,
	"GET /overdrachtspakketten/inlezen":         "3 3 + + 3 | 3 3 3 3 3 | 3 3 | 3 3 + 3",
	"POST /overdrachtspakketten/inlezen":        "3 3 + + 3 | 3 3 3 3 3 | 3 3 | 3 3 + 3",

	// Handover (docs/overdracht.md): as in the API matrix. The offer form
	// and the case's block are the sender's; one offer is the sender's
	// and the receiving lead's (LX); the household's move is the
	// household's change. Empty forms are refused beside their fields
	// (no receiver, no regisseur, no reason, no version read).
	"GET /casussen/{id}/overdracht/nieuw": wxTeamChange,
	"POST /casussen/{id}/overdracht":      wxTeamChange,
	"GET /overdrachten":                   mxTeamWork,
	"GET /overdrachten/{id}":              "+ 4 + + 4 | 3 3 3 3 3 | 3 3 | 3 3 3 3",
	"POST /overdrachten/{id}/acceptatie":  mxHandoverReceiver,
	"POST /overdrachten/{id}/afwijzing":   mxHandoverReceiver,
	"POST /overdrachten/{id}/intrekking":  mxHandoverSender,
	"POST /overdrachten/{id}/afronding":   mxHandoverSender,
	"GET /huishoudens/{id}/adres":         wxTeamChange,
	"POST /huishoudens/{id}/adres":        wxTeamChange,

	// Inzage and the other rights: the privacy officer (privacy.md). The
	// restriction is lifted by the privacy officer who recorded it; the
	// information notice is the team's that sees the person.
	"GET /inzageverzoek":                                 mxPrivOnly,
	"POST /inzageverzoek":                                mxPrivOnly,
	"GET /personen/{id}/inzage":                          mxPrivOnly,
	"GET /rechtenverzoeken":                              mxPrivOnly,
	"POST /rechtenverzoeken/zoeken":                      mxPrivOnly,
	"POST /rechtenverzoeken":                             mxPrivOnly,
	"GET /rechtenverzoeken/{id}":                         mxPrivOnly,
	"POST /rechtenverzoeken/{id}/besluit":                mxPrivOnly,
	"POST /rechtenverzoeken/{id}/verlenging":             mxPrivOnly,
	"POST /personen/{id}/beperking-opheffen":             mxPrivOnly,
	"GET /personen/{id}/informatieverstrekking":          wxTeamChange,
	"POST /huishoudens/{hh}/informatieverstrekking/{id}": wxTeamChange,

	// The public concern form (docs/zorgmelding.md): no login, the same
	// pages for everyone, a session or not. The empty post is refused by
	// validation (no token), which keeps the input and registers nothing.
	"GET /zorgmelding":                      mxAll,
	"GET /zorgmelding/{gemeente}":           mxAll,
	"POST /zorgmelding/{gemeente}":          mxAll,
	"GET /zorgmelding/{gemeente}/ontvangen": mxAll,
}

// wxRedirectOK are the posts whose allowed answer may be a 303: they
// change nothing another cell reads (a session of its own, a record made
// for the cell, a dry run, a notification nobody else's cell reads).
var wxRedirectOK = map[string]bool{
	"POST /uitloggen":                                         true, // a session made for the cell
	"POST /account/tokens/{id}/intrekken":                     true, // a token made for the cell
	"POST /beheer/medewerkers/{id}/tokens/{token}/intrekken":  true,
	"POST /toestemmingen/{id}/intrekken":                      true, // a consent made for the cell
	"POST /inbox/{id}/gelezen":                                true,
	"POST /casussen/{id}/betrokkenen/{betrokkene}/beeindigen": true, // a betrokkene made for the cell
	"POST /account/tweede-factor":                             true, // without a step-up: sent to the step-up form
	"POST /beheer/medewerkers/{id}/tweede-factor/verwijderen": true, // a user without one
}

// wxSeesOn are texts an actor reads on one page only, as documented.
var wxSeesOn = map[string]map[string][]string{
	"C": {
		"GET /signalen":              {mxSignalGGZ, mxSignalTeam},
		"GET /signalen/{id}":         {mxSignalGGZ},
		"GET /signalen/{id}/triage":  {mxName, mxSignalGGZ, mxSignalTeam, mxTriage},
		"POST /signalen/{id}/triage": {mxName, mxSignalGGZ, mxSignalTeam, mxTriage},
		"GET /triage":                {mxSignalGGZ},
		"GET /taken":                 {mxSignalGGZ},
		// The team works its outreaches together: the residents' names,
		// on the page and on the page drawn again after a form's error.
		"GET /vroegsignalering/{id}":                  {mxName},
		"POST /vroegsignalering/{id}/contactpogingen": {mxName},
		"POST /vroegsignalering/{id}/toewijzing":      {mxName},
		"POST /vroegsignalering/{id}/afronding":       {mxName},
	},
	// The receiving lead reads what the open offer holds (the handover
	// package), on its page and on the page drawn again after an error.
	"LX": {
		"GET /overdrachten/{id}":             {mxName, mxZRM, mxSignalTeam, mxGoalGP, mxGoalGGZ, mxGoalFamily},
		"POST /overdrachten/{id}/acceptatie": {mxName, mxZRM, mxSignalTeam, mxGoalGP, mxGoalGGZ, mxGoalFamily},
		"POST /overdrachten/{id}/afwijzing":  {mxName, mxZRM, mxSignalTeam, mxGoalGP, mxGoalGGZ, mxGoalFamily},
	},
	"Y": {
		"GET /personen/{id}/inzage":              mxFamilyTexts,
		"GET /nood-toegang":                      {mxEmergency},
		"GET /nood-toegang/{id}":                 {mxEmergency},
		"POST /nood-toegang/{id}/beoordeling":    {mxEmergency},
		"GET /rechtenverzoeken":                  {mxName},
		"GET /rechtenverzoeken/{id}":             {mxName},
		"POST /rechtenverzoeken/{id}/besluit":    {mxName},
		"POST /rechtenverzoeken/{id}/verlenging": {mxName},
		"POST /rechtenverzoeken/zoeken":          {mxName},
		"POST /rechtenverzoeken":                 {mxName},
	},
}

// wxMustShow are texts an allowed page must hold: the access the rules
// grant is really given.
var wxMustShow = map[string]map[string][]string{
	"R": {"GET /casussen/{id}/journaal": {mxNoteAll, mxNoteTeam, mxNoteGGZ}, "GET /personen/{id}": {mxName},
		"GET /casussen/{id}/plan/gezinsplan.pdf": {mxName, mxGoalGP, mxGoalFamily}},
	"L": {"GET /casussen/{id}/journaal": {mxNoteAll, mxNoteTeam}, "GET /casussen/{id}/zrm/{meting}": {mxZRM},
		"GET /casussen/{id}/plan/gezinsplan.pdf": {mxName, mxGoalGP, mxGoalFamily}},
	"C":  {"GET /signalen/{id}": {mxSignalGGZ}, "GET /vroegsignalering/{id}": {mxName}},
	"P0": {"GET /casussen/{id}": {mxRegisseur}},
	"PI": {"GET /personen/{id}": {mxName}, "GET /casussen/{id}/journaal": {mxNoteAll}},
	"PU": {"GET /casussen/{id}": {mxGoalGP}},
	"PG": {"GET /personen/{id}": {mxName}, "GET /casussen/{id}/journaal": {mxNoteAll}, "GET /casussen/{id}": {mxGoalGP}},
	"PO": {"GET /casussen/{id}/journaal": {mxNoteGGZ}, "GET /signalen/{id}": {mxSignalGGZ}},
	"Y":  {"GET /nood-toegang/{id}": {mxEmergency}, "GET /rechtenverzoeken/{id}": {mxName}},
}

// wxKnown: column → pattern → a page whose answer differs from the
// documents, for the lead to decide (mxKnownCell's meaning).
var wxKnown = map[string]map[string]mxKnownCell{
	// None: the one the first run found — the page of a person's access
	// log showed beheer the person's name, where the documents give beheer
	// ids only — was fixed (app.PersonAccessLog).
}

// wxWorld is the API matrix's world with a browser session per actor.
type wxWorld struct {
	*mxWorld
	sessions map[string]string // actor key → session secret
	client   *http.Client
	addr     int // the next client address a login comes from
}

func newWxWorld(t *testing.T, s *store.Store) *wxWorld {
	t.Helper()
	w := &wxWorld{mxWorld: newMxWorld(t, s), sessions: map[string]string{},
		client: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	for key := range w.users {
		w.sessions[key] = w.session(key)
	}
	// The audit log's readers show their second factor once in the
	// session, as the step-up form asks (privacy.md, Het auditlog).
	for key, a := range w.totp {
		if _, err := w.svc.StepUpSession(context.Background(), wijkregie.ActorOf(w.users[key]), w.sessions[key], a.code(t)); err != nil {
			t.Fatalf("step-up of %s: %v", key, err)
		}
	}
	return w
}

// session logs the actor key's user in, as the login form does, and
// returns the session's secret. Each login comes from an address of its
// own, so the login throttle never counts the matrix's logins together.
func (w *wxWorld) session(key string) string {
	w.t.Helper()
	u := w.users[key]
	password := demo.Password
	if key == uPartnerO || key == uPartnerN {
		password = mxPartnerPassword
	}
	w.addr++
	secret, _, err := w.svc.Login(context.Background(), demo.MunicipalityID, u.Email, password,
		fmt.Sprintf("198.51.100.%d", w.addr%250+1))
	if err != nil {
		w.t.Fatalf("login %s: %v", key, err)
	}
	return secret
}

// page sends one request as the browser of session: a GET, or a form
// post from the same origin.
func (w *wxWorld) page(session, method, path string, form url.Values) *mxResponse {
	w.t.Helper()
	var rd io.Reader
	if method != http.MethodGet {
		rd = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, w.srv.URL+path, rd)
	if err != nil {
		w.t.Fatal(err)
	}
	if method != http.MethodGet {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", w.srv.URL)
	}
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.AddCookie(&http.Cookie{Name: request.SessionCookie, Value: session})
	res, err := w.client.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		w.t.Fatal(err)
	}
	return &mxResponse{status: res.StatusCode, header: res.Header, body: mxReadable(w.t, res.Header, data)}
}

// TestWebAccessMatrix checks every web route for every actor state on both
// stores against wxExpect, and every page for texts its reader may not
// see.
func TestWebAccessMatrix(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		w := newWxWorld(t, s)
		routes := wxRoutes(t, w)
		cells := 0
		for pass := passNone; pass <= passGround; pass++ {
			w.enterPass(pass)
			for _, rt := range routes {
				codes := wxCodes(t, rt.Pattern)
				for i, a := range mxActors {
					if a.pass != pass {
						continue
					}
					cells++
					w.check(t, rt.Pattern, a, codes[i])
				}
			}
			w.leavePass(pass)
		}
		t.Logf("web access matrix: %d routes × %d actor states = %d cells on this store", len(routes), len(mxActors), cells)
		if cells != len(routes)*len(mxActors) {
			t.Errorf("checked %d cells, want %d", cells, len(routes)*len(mxActors))
		}
	})
}

// wxRoutes takes the web UI's routes from the sets server.New mounts
// (each with a row in wxExpect: matrixRoutes).
func wxRoutes(t *testing.T, w *wxWorld) []route.Route {
	t.Helper()
	return matrixRoutes(t, w.cfg, "web", func(p string) string { return p }, wxExpect, "internal/server/web_matrix_test.go")
}

// wxCodes parses a row into one code per column.
func wxCodes(t *testing.T, key string) []byte {
	t.Helper()
	row := strings.NewReplacer(" ", "", "|", "").Replace(wxExpect[key])
	if len(row) != len(mxColumns) {
		t.Fatalf("row %s has %d cells, want %d", key, len(row), len(mxColumns))
	}
	for _, c := range []byte(row) {
		if !strings.ContainsRune("+349-", rune(c)) {
			t.Fatalf("row %s: unknown code %q", key, c)
		}
	}
	return []byte(row)
}

// request turns a web route into the request a cell sends: the session,
// the path with the fixture's ids and the form.
func (w *wxWorld) request(key string, a mxActor, allowed bool) (session, method, path string, form url.Values) {
	ids := w.ids
	session = w.sessions[a.user]
	method, rest, ok := strings.Cut(key, " ")
	if !ok {
		return session, http.MethodGet, "/matrix-onbekend", nil
	}
	segs := strings.Split(strings.TrimPrefix(rest, "/"), "/")
	for i, s := range segs {
		switch s {
		case "{$}":
			segs[i] = ""
		case "{file...}":
			segs[i] = "wijkregie.css"
		case "{id}":
			segs[i] = map[string]string{
				"organisaties": ids["org-gp"], "teams": ids["team"], "sociale-kaart": ids["service"], "medewerkers": ids["user"],
				"huishoudens": ids["household"], "personen": ids["mother"], "signalen": ids["signal"], "casussen": ids["case"],
				"taken": ids["task"], "toestemmingen": ids["consent"], "nood-toegang": ids["emergency"], "inbox": ids["notification"],
				"vroegsignalering": w.outreach(),
				"rechtenverzoeken": ids["rights"], "informatieverstrekking": ids["mother"],
				"schuldeisers": w.creditor(),
				"overdrachten": w.handover(),
			}[segs[i-1]]
			if segs[i-1] == "tokens" {
				segs[i] = w.spareToken()
			}
		case "{hh}":
			segs[i] = ids["household"]
		case "{gemeente}":
			segs[i] = demo.MunicipalityID
		case "{token}":
			segs[i] = w.spareToken()
		case "{persoon}", "{duplicaat}":
			// The child: ending the mother's membership would change whose
			// consent counts.
			segs[i] = ids["child"]
		case "{betrokkene}":
			segs[i] = w.spareParty()
		case "{opschaling}":
			segs[i] = ids["escalation"]
		case "{meting}":
			segs[i] = ids["assessment"]
		case "{versie}":
			segs[i] = "1"
		case "{grondslag}":
			segs[i] = ids["ground"]
		case "{doel}":
			segs[i] = ids["goal"]
		}
		if (segs[i] == "" && s != "{$}") || strings.HasPrefix(segs[i], "{") {
			w.t.Fatalf("%s: no fixture id for %s", key, s)
		}
	}
	switch key {
	case "POST /toestemmingen/{id}/intrekken":
		// Each cell withdraws a consent of its own.
		segs[1] = w.recordConsent(ids["org-school"], "informatie-delen")
	case "POST /beheer/medewerkers/{id}/tweede-factor/verwijderen":
		segs[2] = ids["spare"]
	case "POST /uitloggen":
		session = w.session(a.user)
	case "POST /account/tweede-factor":
		// A session without the step-up: one with it would replace the
		// reader's authenticator, which later cells use.
		session = w.session(a.user)
	}
	path = "/" + strings.Join(segs, "/")
	switch key {
	case "GET /casussen/{id}/plan/vergelijken":
		path += "?van=1&tot=1"
	case "GET /huishoudens/{id}/leden/nieuw":
		// The form adds a person found by a search.
		path += "?persoon=" + ids["child"]
	}
	if method != http.MethodPost {
		return session, method, path, nil
	}
	form = url.Values{}
	if f, ok := wxValidForms[key]; ok && !allowed {
		form = f(w)
	}
	if f, ok := wxInvalidForms[key]; ok && allowed {
		form = f(w)
	}
	return session, method, path, form
}

// spareToken makes an API token of the regisseur for a cell to revoke.
func (w *wxWorld) spareToken() string {
	w.t.Helper()
	u := w.users[uRegisseur]
	_, tok, err := w.svc.CreateToken(context.Background(), wijkregie.ActorOf(u), u.ID, "matrix-reserve")
	if err != nil {
		w.t.Fatal(err)
	}
	return tok.ID
}

// version is the current version of an API resource, read as the
// regisseur, for a form that names the version it was shown.
func (w *wxWorld) version(path string) string {
	w.t.Helper()
	var v struct {
		Versie json.Number `json:"versie"`
	}
	r := w.do(uRegisseur, http.MethodGet, path, nil).want(w.t, http.StatusOK)
	if err := json.Unmarshal(r.body, &v); err != nil || v.Versie == "" {
		w.t.Fatalf("GET %s: no versie (%v)", path, err)
	}
	return v.Versie.String()
}

// wxInvalidForms are the forms allowed cells post where the empty form
// would be a whole change: each is refused by validation.
var wxInvalidForms = map[string]func(w *wxWorld) url.Values{
	// Geen actie without its reason.
	"POST /signalen/{id}/triage": func(*wxWorld) url.Values { return url.Values{"besluit": {"geen-actie"}} },
	// The person, the rest missing: the page names the fields.
	"POST /rechtenverzoeken": func(w *wxWorld) url.Values { return url.Values{"persoon": {w.ids["mother"]}} },
	// A reason too short for emergency access.
	"POST /casussen/{id}/nood-toegang": func(*wxWorld) url.Values { return url.Values{"reden": {"Crisis."}} },
	// Negative hours for the regisseur: beside the field for the lead of
	// the team, "not of your team" for the lead of another.
	"POST /team/capaciteit": func(w *wxWorld) url.Values { return url.Values{"uren-" + w.users[uRegisseur].ID: {"-1"}} },
}

// wxValidForms are whole, valid forms for the refused cells: the policy
// must refuse them on its own. A page that fails validation is drawn
// again, and drawing it is refused too for one who may not see the case:
// an empty form would let a hole in the change's decision hide behind
// the page's. Posts not listed send an empty form in every cell: most
// are refused by the role check before any handler runs; the others (a
// ZRM, a plan, a consent, a member, a Meldcode question, a merge search)
// are the next to get a whole form here, since a page drawn again after
// validation, and refused for itself, could hide a hole in the change.
var wxValidForms = map[string]func(w *wxWorld) url.Values{
	"POST /team/capaciteit": func(w *wxWorld) url.Values { return url.Values{"uren-" + w.users[uRegisseur].ID: {"32"}} },
	// A code for the mother, who may have one: a refused cell that made
	// it would answer 201 with the slip.
	"POST /casussen/{id}/inlogcode": func(w *wxWorld) url.Values { return url.Values{"persoon": {w.ids["mother"]}} },
	"POST /vroegsignalering/{id}/contactpogingen": func(*wxWorld) url.Values {
		return url.Values{"soort": {"brief"}, "datum": {mxDay(0)}, "dagdeel": {"ochtend"}, "bereikt": {"nee"}}
	},
	"POST /vroegsignalering/{id}/toewijzing": func(w *wxWorld) url.Values {
		return url.Values{"versie": {w.version("/api/v1/vroegsignalen/" + w.outreach())}, "aanMij": {"ja"}}
	},
	"POST /vroegsignalering/{id}/afronding": func(w *wxWorld) url.Values {
		return url.Values{"versie": {w.version("/api/v1/vroegsignalen/" + w.outreach())}, "resultaat": {"definitief-geen-contact"}}
	},
	"POST /casussen/{id}/status": func(w *wxWorld) url.Values {
		return url.Values{"versie": {w.version(w.casePath(""))}, "status": {"plan"}, "reden": {"Matrixcontrole."}}
	},
	"POST /casussen/{id}/niveau": func(w *wxWorld) url.Values {
		return url.Values{"versie": {w.version(w.casePath(""))}, "niveau": {"intensief"}, "reden": {"Matrixcontrole."}}
	},
	"POST /casussen/{id}/grondslag": func(w *wxWorld) url.Values {
		return url.Values{"versie": {w.version(w.casePath(""))}, "grondslag": {"jeugdwet"}, "toelichting": {"Matrixcontrole."}}
	},
	"POST /casussen/{id}/betrokkenen": func(w *wxWorld) url.Values {
		return url.Values{"medewerker": {w.ids["spare"]}, "rol": {"hulpverlener"}}
	},
	"POST /casussen/{id}/deelgrondslagen": func(w *wxWorld) url.Values {
		return url.Values{"organisatie": {w.ids["org-energie"]}, "grondslag": {"wgs"}, "doelen": {"informatie-delen"},
			"toelichting": {"Matrixcontrole."}}
	},
	"POST /casussen/{id}/deelgrondslagen/{grondslag}/beeindigen": func(*wxWorld) url.Values {
		return url.Values{"reden": {"Matrixcontrole."}}
	},
	"POST /casussen/{id}/opschalingen": func(w *wxWorld) url.Values {
		return url.Values{"organisatie": {w.ids["org-ggz"]}, "aan": {"Manager zorg"}, "onderwerp": {"Matrixcontrole."}}
	},
	"POST /casussen/{id}/opschalingen/{opschaling}": func(w *wxWorld) url.Values {
		return url.Values{"versie": {w.version(w.casePath("/opschalingen/" + w.ids["escalation"]))}, "status": {"beantwoord"},
			"antwoord": {"Matrixcontrole."}}
	},
	"POST /casussen/{id}/doorzettingsmacht": func(w *wxWorld) url.Values {
		return url.Values{"soort": {"stoppen"}, "besluit": {"Matrixcontrole."}, "motivering": {"Matrixcontrole."},
			"organisaties": {w.ids["org-ggz"]}}
	},
	"POST /casussen/{id}/plan/doelen/{doel}/voortgang": func(w *wxWorld) url.Values {
		return url.Values{"planversie": {w.version(w.casePath("/plan"))}, "status": {"open"}}
	},
	"POST /casussen/{id}/journaal": func(*wxWorld) url.Values {
		return url.Values{"soort": {"voortgang"}, "datum": {mxDay(0)}, "tekst": {"Matrixcontrole."}, "zichtbaarheid": {"alleen-ik"}}
	},
	"POST /casussen/{id}/meldcode/stap": func(w *wxWorld) url.Values {
		return url.Values{"versie": {w.version(w.casePath("/meldcode"))}, "stap": {"2"}, "datum": {mxDay(0)}, "toelichting": {"Matrixcontrole."}}
	},
	"POST /casussen/{id}/meldcode/consultatie": func(*wxWorld) url.Values {
		return url.Values{"soort": {"collega"}, "met": {"Een collega"}, "datum": {mxDay(0)}, "samenvatting": {"Matrixcontrole."}}
	},
	"POST /casussen/{id}/meldcode/veiligheidsplan": func(w *wxWorld) url.Values {
		return url.Values{"versie": {w.version(w.casePath("/meldcode"))}, "veiligheidsplan": {"Matrixcontrole."}}
	},
	"POST /casussen/{id}/nood-toegang": func(*wxWorld) url.Values {
		return url.Values{"reden": {"Matrixcontrole: een crisis waarvoor ik de casus nu moet zien."}}
	},
	"POST /signalen/{id}/triage": func(*wxWorld) url.Values {
		return url.Values{"besluit": {"geen-actie"}, "reden": {"Matrixcontrole."}}
	},
	"POST /huishoudens/{id}/leden/{persoon}/beeindigen": func(*wxWorld) url.Values { return url.Values{"tot": {mxDay(0)}} },
	"POST /huishoudens/{hh}/informatieverstrekking/{id}": func(*wxWorld) url.Values {
		return url.Values{"verzondenOp": {mxDay(0)}, "wijze": {"post"}}
	},
	"POST /personen/{id}/samenvoegen/{duplicaat}": func(*wxWorld) url.Values { return url.Values{"bevestig": {"ja"}} },
	"POST /casussen/{id}/regisseur": func(w *wxWorld) url.Values {
		return url.Values{"versie": {w.version(w.casePath(""))}, "regisseur": {w.users[uRegisseur].ID}, "vanaf": {mxDay(0)},
			"escalatie": {"Teamleider Wijkteam Centrum"}, "bevoegdheden": {"Hulp inzetten."}, "reden": {"Matrixcontrole."}}
	},
	// Whole, though C's running Meldcode route would refuse the closure
	// as a conflict after the policy: a 409 in a refused cell fails it.
	"POST /casussen/{id}/afsluiten": func(w *wxWorld) url.Values {
		return url.Values{"versie": {w.version(w.casePath(""))}, "reden": {"doelen-bereikt"}, "kanZonderHulp": {"ja"},
			"problemenVerminderd": {"ja"}, "doelenBereikt": {"ja"}, "samenvatting": {"Matrixcontrole."}}
	},
	"POST /casussen/{id}/meldcode/melding": func(w *wxWorld) url.Values {
		return url.Values{"versie": {w.version(w.casePath("/meldcode"))}, "datum": {mxDay(0)}, "kenmerk": {"VT-MATRIX-1"}}
	},
	"POST /taken/{id}/hervatten": func(w *wxWorld) url.Values {
		return url.Values{"versie": {w.version("/api/v1/taken/" + w.ids["task"])}, "reden": {"Matrixcontrole."}}
	},
	"POST /taken/{id}/opschorten": func(w *wxWorld) url.Values {
		return url.Values{"versie": {w.version("/api/v1/taken/" + w.ids["task"])}, "reden": {"Matrixcontrole."}}
	},
	"POST /taken/{id}/verlengen": func(w *wxWorld) url.Values {
		return url.Values{"versie": {w.version("/api/v1/taken/" + w.ids["task"])}, "nieuweDatum": {mxDay(30)}, "reden": {"Matrixcontrole."}}
	},
	"POST /taken/{id}/afronden": func(w *wxWorld) url.Values {
		return url.Values{"versie": {w.version("/api/v1/taken/" + w.ids["task"])}}
	},
}

// casePath is the API path of the open case C with rest.
func (w *wxWorld) casePath(rest string) string { return "/api/v1/casussen/" + w.ids["case"] + rest }

// check sends one cell's request and compares the answer with the code.
func (w *wxWorld) check(t *testing.T, key string, a mxActor, code byte) {
	t.Helper()
	session, method, path, form := w.request(key, a, code == '+' || code == '9')
	r := w.page(session, method, path, form)
	want := string(code)
	cell := fmt.Sprintf("web %s as %s (%s)", key, a.col, mxPassNames[a.pass])
	if r.status >= 500 {
		t.Errorf("%s: %d, a server error: %.300s", cell, r.status, r.body)
		return
	}
	sees := slices.Concat(a.sees, wxSeesOn[a.col][key])
	k, isKnown := wxKnown[a.col][key]
	switch {
	case wxAnswers(want, key, r) && !(isKnown && len(wxHas(r.body, k.shows)) > 0):
		if isKnown {
			t.Logf("%s follows the documented rule now: remove its KNOWN entry", cell)
		}
	case isKnown && wxAnswers(k.code, key, r):
		t.Logf("KNOWN %s: %d, documented %s: %s", cell, r.status, wxMeaning[want], k.why)
		sees = slices.Concat(sees, k.shows)
	default:
		t.Errorf("%s: %d (%s), want %s: %.300s", cell, r.status, r.header.Get("Location"), wxMeaning[want], wxText(r.body))
	}
	var forbidden []string
	for _, s := range mxFamilyTexts {
		if !slices.Contains(sees, s) {
			forbidden = append(forbidden, s)
		}
	}
	if leaked := wxHas(r.body, forbidden); len(leaked) > 0 {
		t.Errorf("%s: LEAK, the page (%d) shows %q", cell, r.status, leaked)
	}
	if must := wxMustShow[a.col][key]; len(must) > 0 && want == "+" {
		for _, s := range must {
			if len(wxHas(r.body, []string{s})) == 0 {
				t.Errorf("%s: the page (%d) lacks %q, which the rules show this actor", cell, r.status, s)
			}
		}
	}
}

// wxHas reports which of texts the page holds, as written or as HTML
// escapes it.
func wxHas(body []byte, texts []string) []string {
	var out []string
	for _, s := range texts {
		if strings.Contains(string(body), s) || strings.Contains(string(body), html.EscapeString(s)) {
			out = append(out, s)
		}
	}
	return out
}

// wxText is a page's text without its markup, for a failure message.
func wxText(body []byte) string {
	s := string(body)
	if i := strings.Index(s, "<main"); i >= 0 {
		s = s[i:]
	}
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
			b.WriteByte(' ')
		case !in:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// wxAnswers reports whether the page is what code means.
func wxAnswers(code, key string, r *mxResponse) bool {
	switch code {
	case "+":
		if strings.HasPrefix(key, "GET ") {
			return r.status == http.StatusOK
		}
		switch r.status {
		case http.StatusOK, http.StatusBadRequest, http.StatusConflict, http.StatusUnprocessableEntity:
			return true
		case http.StatusSeeOther:
			return wxRedirectOK[key]
		case http.StatusUnauthorized, http.StatusTooManyRequests:
			// The login form again: wrong credentials, or too many of them
			// from the matrix's one address.
			return key == "POST /inloggen"
		}
		return false
	case "3":
		return r.status == http.StatusForbidden
	case "4":
		return r.status == http.StatusNotFound
	case "-":
		return r.status == http.StatusForbidden || r.status == http.StatusNotFound
	case "9":
		return r.status == http.StatusSeeOther
	}
	return false
}

var wxMeaning = map[string]string{
	"-": "nothing shown (403 or 404)",
	"+": "allowed (200; a post past the policy: the form again, or a 303 where nothing changes)",
	"3": "403 (forbidden)",
	"4": "404 (refused looks like missing)",
	"9": "303 to the case (has access already)",
}
