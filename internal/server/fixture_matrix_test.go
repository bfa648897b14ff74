package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/auth"
	"wijkregie/internal/demo"
	"wijkregie/internal/locale"
	"wijkregie/internal/metrics"
	"wijkregie/internal/pdf/pdftest"
	"wijkregie/internal/server"
	"wijkregie/internal/store"
)

// The access matrix's world: the demo municipality with one family of
// its own (household H, a mother and a child called Matrixsma), an
// earlier case C0 that closed and the open case C, and every record a
// path of the API can name, each holding a text of its own so that a
// response can be searched for what its reader may not see.

// Distinctive texts: each one marks a record, so finding it in a body
// proves the record (or part of it) was shown.
const (
	mxName       = "Matrixsma"            // the family name of the mother and the child
	mxNoteAll    = "NOTITIE-ALLEN-MX7Q"   // a journal note for all betrokkenen
	mxNoteTeam   = "NOTITIE-TEAM-MX7Q"    // a journal note for the team
	mxNoteGGZ    = "NOTITIE-GGZ-MX7Q"     // the other partner organisation's note, for all betrokkenen
	mxZRM        = "ZRM-TOELICHTING-MX7Q" // the rationale of a ZRM score
	mxMeldcode   = "MELDCODE-STAP-MX7Q"   // the Meldcode route's first step
	mxSignalTeam = "SIGNAAL-TEAM-MX7Q"    // the team's own signals
	mxSignalGGZ  = "SIGNAAL-GGZ-MX7Q"     // the other partner organisation's signal
	mxEscalation = "OPSCHALING-MX7Q"      // an opschaling
	mxDecision   = "DOORZETTING-MX7Q"     // a doorzettingsbesluit
	mxGoalGP     = "DOEL-HUISARTS-MX7Q"   // the plan goal of the demo partner's organisation (financien)
	mxGoalGGZ    = "DOEL-GGZ-MX7Q"        // the other partner organisation's goal
	mxGoalFamily = "DOEL-GEZIN-MX7Q"      // the family's own goal
	mxGroundVT   = "GRONDSLAG-VT-MX7Q"    // Veilig Thuis's sharing ground
	mxAssign     = "REGIEREDEN-MX7Q"      // why the lead chose the regisseur
	mxEmergency  = "NOODREDEN-MX7Q: crisisdienst belt, regisseur is ziek."
	mxClosure    = "AFSLUITING-MX7Q"  // the summary of the closed case C0
	mxTriage     = "TRIAGEREDEN-MX7Q" // the reason of the triage that opened C
	mxRegisseur  = "professional@duinhaven.example"
)

// mxFamilyTexts are all of the family's texts: who is not involved sees
// none of them.
var mxFamilyTexts = []string{mxName, mxNoteAll, mxNoteTeam, mxNoteGGZ, mxZRM, mxMeldcode, mxSignalTeam, mxSignalGGZ,
	mxEscalation, mxDecision, mxGoalGP, mxGoalGGZ, mxGoalFamily, mxGroundVT, mxAssign, mxEmergency, mxClosure, mxTriage}

// mxWorld is the server on one store with the fixture's ids and a token
// per actor.
type mxWorld struct {
	t      *testing.T
	s      *store.Store
	svc    *app.Service
	cfg    server.Config
	srv    *httptest.Server
	tokens map[string]string // actor key (mxActor.key's user) → API token
	users  map[string]*wijkregie.User
	totp   map[string]*mxAuthenticator // the audit log's readers' second factor, by actor key
	ids    map[string]string           // fixture record → id
}

type mxResponse struct {
	status int
	header http.Header
	body   []byte
}

func (r *mxResponse) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body %s: %v", r.body, err)
	}
	return m
}

func (r *mxResponse) want(t *testing.T, status int) *mxResponse {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	return r
}

func (r *mxResponse) id(t *testing.T) string {
	t.Helper()
	id, _ := r.json(t)["id"].(string)
	if id == "" {
		t.Fatalf("no id in %s", r.body)
	}
	return id
}

// do sends one request with the token of user (a key of w.tokens).
func (w *mxWorld) do(user, method, path string, body any, header ...string) *mxResponse {
	w.t.Helper()
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			w.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, w.srv.URL+path, rd)
	if err != nil {
		w.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if user != "" {
		tok, ok := w.tokens[user]
		if !ok {
			w.t.Fatalf("no token for %q", user)
		}
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := w.srv.Client().Do(req)
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

// mxReadable is a body as its reader reads it: a PDF's text, whose
// compressed pages no search for a family's text would see into.
func mxReadable(t testing.TB, h http.Header, body []byte) []byte {
	t.Helper()
	if h.Get("Content-Type") != "application/pdf" {
		return body
	}
	return []byte(pdftest.Read(t, body).AllText())
}

// mxDay is the date n days from today, as a body writes it.
func mxDay(n int) string {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		panic(err)
	}
	return time.Now().In(loc).AddDate(0, 0, n).Format(time.DateOnly)
}

// The fixture's users, by the keys the matrix's actors use.
const (
	uRegisseur = "regisseur"      // professional@ (Wijkteam Centrum)
	uColleague = "collega"        // i.pinas, Centrum, not involved
	uLead      = "teamleider"     // teamleider@, lead of Centrum
	uLeadOther = "teamleider-x"   // m.dehaan, lead of Noord
	uProOther  = "professional-x" // y.tahiri, Noord
	uPartner   = "partner"        // partner@, Huisartsenpraktijk De Duinroos
	uPartnerO  = "partner-ggz"    // a user of GGZ Kustland, involved with H
	uPartnerN  = "partner-woon"   // a user of Woonstichting Duinwonen, not involved
	uPolicy    = "beleid"
	uInspector = "toezicht"
	uAdmin     = "beheer"
	uPrivacy   = "privacy"
	uBreaker   = "a.brouwer" // Noord; takes the emergency access the privacy officer reviews
	uSpare     = "t.vanderlinden"
)

// mxPartnerPassword is the password of the partner users the fixture
// makes (the demo's users have demo.Password).
const mxPartnerPassword = "een lang wachtwoord voor de matrix"

// newMxWorld loads the demo, starts the server and builds the fixture
// through the API, as the team and the partners would.
func newMxWorld(t *testing.T, s *store.Store) *mxWorld {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.Load(ctx, s, demo.Options{Households: 30, PasswordParams: cheap}); err != nil {
		t.Fatal(err)
	}
	cat, err := locale.Load()
	if err != nil {
		t.Fatal(err)
	}
	w := &mxWorld{t: t, s: s, svc: app.New(s, app.Options{PasswordParams: cheap}),
		tokens: map[string]string{}, users: map[string]*wijkregie.User{}, ids: map[string]string{}}
	w.cfg = server.Config{App: w.svc, Catalogue: cat, Logger: slog.New(slog.DiscardHandler), Metrics: metrics.NewRegistry()}
	h, err := server.New(w.cfg)
	if err != nil {
		t.Fatal(err)
	}
	w.srv = httptest.NewServer(h)
	t.Cleanup(w.srv.Close)

	for key, email := range map[string]string{
		uRegisseur: "professional@duinhaven.example", uColleague: "i.pinas@duinhaven.example",
		uLead: "teamleider@duinhaven.example", uLeadOther: "m.dehaan@duinhaven.example",
		uProOther: "y.tahiri@duinhaven.example", uPartner: "partner@duinhaven.example",
		uPolicy: "beleid@duinhaven.example", uInspector: "toezicht@duinhaven.example",
		uAdmin: "beheer@duinhaven.example", uPrivacy: "privacy@duinhaven.example",
		uBreaker: "a.brouwer@duinhaven.example", uSpare: "t.vanderlinden@duinhaven.example",
	} {
		w.login(key, email)
	}
	orgs, err := s.R().Organisations(ctx, demo.MunicipalityID)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		switch o.Name {
		case "GGZ Kustland":
			w.ids["org-ggz"] = o.ID
		case "Woonstichting Duinwonen":
			w.ids["org-woon"] = o.ID
		case "Basisschool De Zeester":
			w.ids["org-school"] = o.ID
		case "Veilig Thuis Kustregio":
			w.ids["org-vt"] = o.ID
		case "Zeewind Energie":
			w.ids["org-energie"] = o.ID
		}
	}
	w.ids["org-gp"] = w.users[uPartner].OrganisationID
	w.ids["team"] = w.users[uRegisseur].TeamID
	// Partner users of two other organisations, made by beheer.
	for key, org := range map[string]string{uPartnerO: w.ids["org-ggz"], uPartnerN: w.ids["org-woon"]} {
		email := key + ".matrix@duinhaven.example"
		w.do(uAdmin, "POST", "/api/v1/medewerkers", map[string]any{"email": email, "naam": "Partner " + key, "rol": "partner",
			"organisatie": org, "wachtwoord": mxPartnerPassword}).want(t, http.StatusCreated)
		w.login(key, email)
	}
	w.build()
	return w
}

func (w *mxWorld) login(key, email string) {
	w.t.Helper()
	ctx := context.Background()
	u, _, err := w.s.R().UserByEmail(ctx, demo.MunicipalityID, email)
	if err != nil {
		w.t.Fatalf("user %s: %v", email, err)
	}
	tok, _, err := w.svc.CreateToken(ctx, wijkregie.ActorOf(u), u.ID, "matrix")
	if err != nil {
		w.t.Fatal(err)
	}
	w.tokens[key], w.users[key] = tok, u
}

// etag reads path as user and returns its ETag.
func (w *mxWorld) etag(user, path string) string {
	w.t.Helper()
	r := w.do(user, "GET", path, nil).want(w.t, http.StatusOK)
	tag := r.header.Get("ETag")
	if tag == "" {
		w.t.Fatalf("GET %s has no ETag", path)
	}
	return tag
}

// build makes the family, its closed case C0 and its open case C with
// everything the routes name.
func (w *mxWorld) build() {
	t := w.t
	ids := w.ids
	// The family.
	ids["mother"] = w.do(uRegisseur, "POST", "/api/v1/personen", map[string]any{"voornaam": "Ysolde", "achternaam": mxName,
		"geboortedatum": "1986-05-14"}).want(t, http.StatusCreated).id(t)
	ids["child"] = w.do(uRegisseur, "POST", "/api/v1/personen", map[string]any{"voornaam": "Tijn", "achternaam": mxName,
		"geboortedatum": "2015-02-20"}).want(t, http.StatusCreated).id(t)
	ids["household"] = w.do(uRegisseur, "POST", "/api/v1/huishoudens", map[string]any{
		"adres": map[string]any{"straat": "Matrixlaan", "huisnummer": 7, "postcode": "2582AB", "woonplaats": "Duinhaven"},
		"leden": []map[string]any{
			{"persoon": ids["mother"], "relatie": "ouder", "vanaf": "2015-01-01"},
			{"persoon": ids["child"], "relatie": "kind", "vanaf": "2015-02-20"},
		}}).want(t, http.StatusCreated).id(t)
	hh := w.do(uRegisseur, "GET", "/api/v1/huishoudens/"+ids["household"], nil).want(t, http.StatusOK).json(t)
	if hh["team"] != ids["team"] {
		t.Fatalf("the household's team is %v, want the regisseur's %s", hh["team"], ids["team"])
	}

	// C0: opened, worked by the regisseur and closed.
	ids["case-closed"] = w.openCase("meervoudig", "licht", mxSignalTeam+" (eerder)", "Eerdere zorgen.")
	w.assign(ids["case-closed"])
	w.do(uRegisseur, "POST", "/api/v1/casussen/"+ids["case-closed"]+"/afsluiting", map[string]any{"reden": "doelen-bereikt",
		"kanZonderHulp": "ja", "problemenVerminderd": "ja", "doelenBereikt": "ja", "samenvatting": mxClosure},
		"If-Match", w.etag(uRegisseur, "/api/v1/casussen/"+ids["case-closed"])).want(t, http.StatusCreated)

	// C: a safety case, so the Meldcode route runs.
	ids["case"] = w.openCase("veiligheid", "", mxSignalTeam, mxTriage)
	w.assign(ids["case"])
	cp := "/api/v1/casussen/" + ids["case"]
	ids["party-gp"] = w.do(uRegisseur, "POST", cp+"/betrokkenen", map[string]any{"medewerker": w.users[uPartner].ID, "rol": "hulpverlener"}).
		want(t, http.StatusCreated).id(t)
	w.do(uRegisseur, "POST", cp+"/betrokkenen", map[string]any{"medewerker": w.users[uPartnerO].ID, "rol": "hulpverlener"}).
		want(t, http.StatusCreated)

	// The other organisation's own signal on the family (not triaged:
	// the triage screen routes read it) and its note for all involved.
	ids["signal"] = w.do(uPartnerO, "POST", "/api/v1/signalen", map[string]any{"soort": "zorgmelding", "huishouden": ids["household"],
		"bron": "anders", "domeinen": []string{"geestelijke-gezondheid"}, "omschrijving": mxSignalGGZ, "urgentie": "normaal"}).
		want(t, http.StatusCreated).id(t)
	w.do(uPartnerO, "POST", cp+"/journaal", map[string]any{"soort": "voortgang", "datum": mxDay(0), "tekst": mxNoteGGZ,
		"zichtbaarheid": "betrokkenen"}).want(t, http.StatusCreated)

	// The team's notes.
	w.do(uRegisseur, "POST", cp+"/journaal", map[string]any{"soort": "voortgang", "datum": mxDay(0), "tekst": mxNoteAll,
		"zichtbaarheid": "betrokkenen"}).want(t, http.StatusCreated)
	w.do(uRegisseur, "POST", cp+"/journaal", map[string]any{"soort": "contact", "contactvorm": "huisbezoek", "datum": mxDay(0),
		"tekst": mxNoteTeam, "zichtbaarheid": "team"}).want(t, http.StatusCreated)

	// ZRM at intake.
	ids["assessment"] = w.do(uRegisseur, "POST", cp+"/zrm-metingen", map[string]any{"moment": "intake", "datum": mxDay(0),
		"scores": []map[string]any{{"persoon": ids["mother"], "domein": "financien", "niveau": 2, "toelichting": mxZRM, "doelniveau": 4}}}).
		want(t, http.StatusCreated).id(t)

	// The plan: the GP practice's goal in financien, GGZ's goal, the family's.
	plan := w.do(uRegisseur, "POST", cp+"/plan", map[string]any{
		"variant": "licht",
		"doelen": []map[string]any{
			{"domein": "financien", "omschrijving": mxGoalGP, "goedGenoeg": "De vaste lasten worden betaald.", "streefdatum": mxDay(90),
				"eigenaar": "partner", "organisatie": ids["org-gp"],
				"acties": []map[string]any{{"wat": "Intakegesprek.", "wie": "Huisarts", "wanneer": mxDay(14)}}},
			{"domein": "geestelijke-gezondheid", "omschrijving": mxGoalGGZ, "goedGenoeg": "Slaapt weer.", "streefdatum": mxDay(90),
				"eigenaar": "partner", "organisatie": ids["org-ggz"]},
			{"domein": "financien", "omschrijving": mxGoalFamily, "goedGenoeg": "De regeling loopt.", "streefdatum": mxDay(90),
				"eigenaar": "gezin"},
		},
		"vastgesteldOp": mxDay(0), "deelnemers": "Moeder, de regisseur", "evaluatiedatum": mxDay(42),
	}).want(t, http.StatusCreated).json(t)
	goals, _ := plan["doelen"].([]any)
	if len(goals) != 3 {
		t.Fatalf("plan goals %v", plan["doelen"])
	}
	ids["goal"], _ = goals[0].(map[string]any)["id"].(string)

	// The Meldcode route's first step.
	w.do(uRegisseur, "POST", cp+"/meldcode/stappen", map[string]any{"stap": 1, "datum": mxDay(0), "toelichting": mxMeldcode},
		"If-Match", w.etag(uRegisseur, cp+"/meldcode")).want(t, http.StatusCreated)

	// The mandate's powers.
	ids["escalation"] = w.do(uRegisseur, "POST", cp+"/opschalingen", map[string]any{"organisatie": ids["org-ggz"],
		"aan": "Manager zorg GGZ Kustland", "onderwerp": mxEscalation}).want(t, http.StatusCreated).id(t)
	ids["decision"] = w.do(uRegisseur, "POST", cp+"/doorzettingsbesluiten", map[string]any{"soort": "stoppen", "besluit": mxDecision,
		"motivering": "Geen vooruitgang.", "organisaties": []string{ids["org-ggz"]}}).want(t, http.StatusCreated).id(t)

	// Veilig Thuis shares on a legal ground; a consent names the school.
	ids["ground"] = w.do(uRegisseur, "POST", cp+"/deelgrondslagen", map[string]any{"organisatie": ids["org-vt"], "grondslag": "meldcode",
		"doelen": []string{"informatie-delen"}, "toelichting": mxGroundVT}).want(t, http.StatusCreated).id(t)
	ids["consent"] = w.recordConsent(ids["org-school"], "informatie-delen")

	// The regisseur's evaluation task, and a match notification.
	for _, it := range w.list(uRegisseur, "/api/v1/taken?paginaGrootte=100") {
		if it["casus"] == ids["case"] && it["soort"] == "evaluatie" {
			ids["task"], _ = it["id"].(string)
		}
	}
	if ids["task"] == "" {
		t.Fatal("no evaluation task for the regisseur")
	}
	for _, it := range w.list(uRegisseur, "/api/v1/meldingen?paginaGrootte=100") {
		ids["notification"], _ = it["id"].(string)
		break
	}
	if ids["notification"] == "" {
		t.Fatal("the regisseur has no notification")
	}

	// An emergency access by a professional of another team.
	ids["emergency"] = w.do(uBreaker, "POST", cp+"/nood-toegangen", map[string]any{"reden": mxEmergency}).want(t, http.StatusCreated).id(t)

	// A request of the mother to correct her data, with the privacy officer.
	ids["rights"] = w.do(uPrivacy, "POST", "/api/v1/rechtenverzoeken", map[string]any{"persoon": ids["mother"], "soort": "rectificatie",
		"ontvangenOp": mxDay(0), "verzoek": "Mijn tweede voornaam ontbreekt."}).want(t, http.StatusCreated).id(t)

	// The audit log's readers link an authenticator app (docs/privacy.md,
	// "Het auditlog"), as the account page does.
	w.totp = map[string]*mxAuthenticator{}
	for _, key := range []string{uAdmin, uPrivacy} {
		w.totp[key] = w.linkAuthenticator(key)
	}

	// The directory's records.
	ids["user"] = w.users[uRegisseur].ID
	ids["spare"] = w.users[uSpare].ID
	for _, it := range w.list(uAdmin, "/api/v1/sociale-kaart?paginaGrootte=1") {
		ids["service"], _ = it["id"].(string)
	}
}

// openCase registers a signal of the team on the family and triages it.
func (w *mxWorld) openCase(besluit, niveau, description, reason string) string {
	t := w.t
	sig := w.do(uRegisseur, "POST", "/api/v1/signalen", map[string]any{"soort": "zorgmelding", "huishouden": w.ids["household"], "bron": "school",
		"domeinen": []string{"financien", "huiselijke-relaties"}, "omschrijving": description, "urgentie": "normaal"}).
		want(t, http.StatusCreated).id(t)
	body := map[string]any{"besluit": besluit, "reden": reason}
	if niveau != "" {
		body["niveau"] = niveau
	}
	tr := w.do(uRegisseur, "POST", "/api/v1/signalen/"+sig+"/triage", body).want(t, http.StatusCreated).json(t)
	c, _ := tr["casus"].(string)
	if c == "" {
		t.Fatalf("triage gave no case: %v", tr)
	}
	return c
}

// assign makes the documented professional the regisseur, as the lead.
func (w *mxWorld) assign(caseID string) {
	path := "/api/v1/casussen/" + caseID + "/regisseur"
	w.do(uLead, "PUT", path, map[string]any{"medewerker": w.users[uRegisseur].ID, "reden": mxAssign,
		"mandaat": map[string]any{"escalatie": "Teamleider Wijkteam Centrum"}}, "If-Match", w.etag(uLead, path)).want(w.t, http.StatusOK)
}

// recordConsent records the mother's consent naming org for purpose (in
// financien), as the regisseur, and returns its id.
func (w *mxWorld) recordConsent(org, purpose string) string {
	return w.do(uRegisseur, "POST", "/api/v1/toestemmingen", map[string]any{"persoon": w.ids["mother"], "organisatie": org, "doel": purpose,
		"domeinen": []string{"financien"}, "gegevenOp": mxDay(0), "wijze": "mondeling",
		"gegevenDoor": []map[string]any{{"persoon": w.ids["mother"], "hoedanigheid": "betrokkene"}}}).want(w.t, http.StatusCreated).id(w.t)
}

// withdrawConsent withdraws a consent at once, as the regisseur.
func (w *mxWorld) withdrawConsent(id string) {
	path := "/api/v1/toestemmingen/" + id
	w.do(uRegisseur, "POST", path+"/intrekken", map[string]any{}, "If-Match", w.etag(uRegisseur, path)).want(w.t, http.StatusOK)
}

// list returns the items of a list answer.
func (w *mxWorld) list(user, path string) []map[string]any {
	w.t.Helper()
	var l struct {
		Resultaten []map[string]any `json:"resultaten"`
	}
	r := w.do(user, "GET", path, nil).want(w.t, http.StatusOK)
	if err := json.Unmarshal(r.body, &l); err != nil {
		w.t.Fatalf("GET %s: %v", path, err)
	}
	return l.Resultaten
}

// spareParty makes sure the spare professional is a current betrokkene of
// C, for a DELETE to end, and returns the betrokkene's id.
func (w *mxWorld) spareParty() string {
	cp := "/api/v1/casussen/" + w.ids["case"] + "/betrokkenen"
	for _, it := range w.list(uRegisseur, cp+"?paginaGrootte=100") {
		if it["medewerker"] == w.users[uSpare].ID && it["tot"] == nil {
			id, _ := it["id"].(string)
			return id
		}
	}
	return w.do(uRegisseur, "POST", cp, map[string]any{"medewerker": w.users[uSpare].ID, "rol": "hulpverlener"}).
		want(w.t, http.StatusCreated).id(w.t)
}

// hasAny reports which of texts body holds.
func hasAny(body []byte, texts []string) []string {
	var out []string
	for _, s := range texts {
		if strings.Contains(string(body), s) {
			out = append(out, s)
		}
	}
	return out
}

// mxAuthenticator is a user's authenticator app: it hands out each code
// once, as the server takes each once.
type mxAuthenticator struct {
	key  []byte
	last int64
}

// code returns the next code the server accepts now.
func (a *mxAuthenticator) code(t *testing.T) string {
	t.Helper()
	cur := auth.TOTPStepAt(time.Now())
	step := max(a.last+1, cur-1)
	if step > cur+1 {
		t.Fatal("the authenticator used every code the server takes now")
	}
	a.last = step
	return auth.HOTP(a.key, uint64(step), auth.TOTPDigits)
}

// linkAuthenticator sets up the second factor of the actor key's user
// through a web session, as the account page does.
func (w *mxWorld) linkAuthenticator(key string) *mxAuthenticator {
	t, ctx, u := w.t, context.Background(), w.users[key]
	t.Helper()
	session, _, err := w.svc.Login(ctx, demo.MunicipalityID, u.Email, demo.Password, "192.0.2.71")
	if err != nil {
		t.Fatal(err)
	}
	setup, err := w.svc.StartSecondFactor(ctx, wijkregie.ActorOf(u), session)
	if err != nil {
		t.Fatal(err)
	}
	secret, err := auth.DecodeTOTPSecret(strings.ReplaceAll(setup.Secret, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	a := &mxAuthenticator{key: secret}
	if _, err := w.svc.ConfirmSecondFactor(ctx, wijkregie.ActorOf(u), session, a.code(t)); err != nil {
		t.Fatal(err)
	}
	return a
}
