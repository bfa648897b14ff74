package store_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"wijkregie"
	"wijkregie/internal/store"
	"wijkregie/internal/testdb"
)

// Tenant isolation: every record belongs to one municipality, and nothing
// of one may reach a user of another. The fixtures below give two
// municipalities the same names, e-mail addresses, BSN, address, session
// and token hashes, so only the tenant key tells them apart.

// tenant is one municipality's fixture.
type tenant struct {
	m         string
	team      *wijkregie.Team
	org       *wijkregie.Organisation
	pro       *wijkregie.User // professional, regisseur of household
	lead      *wijkregie.User
	partner   *wijkregie.User
	person    *wijkregie.Person
	household *wijkregie.Household
	token     *store.Token
	audits    int64
}

// Shared by both tenants on purpose.
const (
	sharedSessionHash = "sessie-hash"
	sharedTokenHash   = "token-hash"
	sharedBSN         = wijkregie.BSN("111222333")
)

func newTenant(t *testing.T, s *store.Store, c *clock, m string, audits int) *tenant {
	t.Helper()
	ctx := t.Context()
	newMunicipality(t, s, m)
	tn := &tenant{m: m, audits: int64(audits)}
	tn.team = newTeam(t, s, m, "Centrum", "1011")
	tn.org = newOrganisation(t, s, m, "GGZ Centrum", wijkregie.OrgGGZ)
	user := func(email string, role wijkregie.Role, team, org string) *wijkregie.User {
		u := &wijkregie.User{MunicipalityID: m, Email: email, Name: email, Role: role, TeamID: team, OrganisationID: org}
		mustTx(t, s, func(q *store.Q) error { return q.CreateUser(ctx, u, "hash-van-"+m) })
		return u
	}
	tn.pro = user("anna@wijkteam.example", wijkregie.RoleProfessional, tn.team.ID, "")
	tn.lead = user("bert@wijkteam.example", wijkregie.RoleTeamLead, tn.team.ID, "")
	tn.partner = user("cor@ggz.example", wijkregie.RolePartner, "", tn.org.ID)
	tn.person = newPerson(t, s, m, "Jansen", sharedBSN)
	tn.household = newHousehold(t, s, m, tn.team.ID, "1011AB", 1)
	addMember(t, s, m, tn.household.ID, tn.person.ID, wijkregie.RelationParent, day(2020, 1, 1), time.Time{})
	involve(t, s, m, tn.household.ID, tn.pro.ID, wijkregie.InvolvementCoordinator, time.Time{}, time.Time{})
	involve(t, s, m, tn.household.ID, tn.partner.ID, wijkregie.InvolvementContributor, time.Time{}, time.Time{})
	mustTx(t, s, func(q *store.Q) error {
		return q.CreateSession(ctx, &store.Session{MunicipalityID: m, IDHash: sharedSessionHash, UserID: tn.pro.ID,
			CreatedAt: start, LastSeenAt: start, ExpiresAt: start.Add(time.Hour)})
	})
	tn.token = &store.Token{MunicipalityID: m, UserID: tn.pro.ID, Name: "koppeling", Hash: sharedTokenHash}
	mustTx(t, s, func(q *store.Q) error { return q.CreateToken(ctx, tn.token) })
	actor := wijkregie.ActorOf(tn.pro)
	for range audits {
		appendEvents(t, s, c, actor, wijkregie.Event{Action: "persoon.lezen", SubjectKind: "persoon", SubjectID: tn.person.ID, PersonID: tn.person.ID})
	}
	return tn
}

func TestTenantReadsStayInTheirMunicipality(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		a := newTenant(t, s, c, "GM0001", 3)
		b := newTenant(t, s, c, "GM0002", 5)
		r := s.R()
		notFound := func(what string, err error) {
			t.Helper()
			if got := wijkregie.ErrorCode(err); got != wijkregie.ENOTFOUND {
				t.Errorf("%s of B via A: code %q (%v), want %q", what, got, err, wijkregie.ENOTFOUND)
			}
		}

		// Single records: B's ids are unknown to A.
		_, err := r.Team(ctx, a.m, b.team.ID)
		notFound("Team", err)
		_, err = r.Organisation(ctx, a.m, b.org.ID)
		notFound("Organisation", err)
		_, err = r.User(ctx, a.m, b.pro.ID)
		notFound("User", err)
		_, err = r.Person(ctx, a.m, b.person.ID)
		notFound("Person", err)
		_, err = r.Household(ctx, a.m, b.household.ID)
		notFound("Household", err)

		// Shared keys find A's own record.
		u, hash, err := r.UserByEmail(ctx, a.m, "anna@wijkteam.example")
		if err != nil || u.ID != a.pro.ID || u.MunicipalityID != a.m || hash != "hash-van-"+a.m {
			t.Errorf("UserByEmail(A) = %s of %s with %q, %v; want A's Anna with A's hash", idOf(u), mOf(u), hash, err)
		}
		sess, err := r.Session(ctx, a.m, sharedSessionHash, start)
		if err != nil || sess.UserID != a.pro.ID || sess.MunicipalityID != a.m {
			t.Errorf("Session(A) = %+v, %v; want A's session", sess, err)
		}
		tok, err := r.TokenByHash(ctx, a.m, sharedTokenHash)
		if err != nil || tok.ID != a.token.ID || tok.MunicipalityID != a.m {
			t.Errorf("TokenByHash(A) = %+v, %v; want A's token", tok, err)
		}

		// Lists hold A's rows only.
		teams, err := r.Teams(ctx, a.m)
		check(t, "Teams", err, ids(teams, func(x wijkregie.Team) string { return x.MunicipalityID + "/" + x.ID }), a.m+"/"+a.team.ID)
		orgs, err := r.Organisations(ctx, a.m)
		check(t, "Organisations", err, ids(orgs, func(x wijkregie.Organisation) string { return x.MunicipalityID + "/" + x.ID }), a.m+"/"+a.org.ID)
		users, total, err := r.Users(ctx, a.m, store.UserFilter{})
		check(t, "Users", err, ids(users, func(x wijkregie.User) string { return x.MunicipalityID + "/" + x.ID }),
			a.m+"/"+a.pro.ID, a.m+"/"+a.lead.ID, a.m+"/"+a.partner.ID)
		checkTotal(t, "Users", total, 3)
		users, total, err = r.Users(ctx, a.m, store.UserFilter{TeamID: b.team.ID})
		check(t, "Users in B's team", err, ids(users, func(x wijkregie.User) string { return x.ID }))
		checkTotal(t, "Users in B's team", total, 0)
		toks, err := r.Tokens(ctx, a.m, b.pro.ID)
		check(t, "Tokens of B's user", err, ids(toks, func(x store.Token) string { return x.ID }))
		toks, err = r.Tokens(ctx, a.m, a.pro.ID)
		check(t, "Tokens", err, ids(toks, func(x store.Token) string { return x.MunicipalityID + "/" + x.ID }), a.m+"/"+a.token.ID)

		hhID := func(x store.HouseholdSummary) string { return x.MunicipalityID + "/" + x.ID }
		for _, sc := range []struct {
			name  string
			scope wijkregie.HouseholdScope
			want  []string
		}{
			{"all", wijkregie.HouseholdScope{All: true}, []string{a.m + "/" + a.household.ID}},
			{"B's team", wijkregie.HouseholdScope{TeamID: b.team.ID}, nil},
			{"B's user", wijkregie.HouseholdScope{UserID: b.pro.ID}, nil},
			{"A's user", wijkregie.HouseholdScope{UserID: a.pro.ID}, []string{a.m + "/" + a.household.ID}},
		} {
			hs, total, err := r.Households(ctx, a.m, sc.scope, store.Page{})
			check(t, "Households "+sc.name, err, ids(hs, hhID), sc.want...)
			checkTotal(t, "Households "+sc.name, total, len(sc.want))
		}
		ms, ps, err := r.HouseholdMembers(ctx, a.m, b.household.ID)
		if err != nil || len(ms) != 0 || len(ps) != 0 {
			t.Errorf("HouseholdMembers(A, B's household) = %d members, %d persons, %v; want none", len(ms), len(ps), err)
		}
		ms, ps, err = r.HouseholdMembers(ctx, a.m, a.household.ID)
		check(t, "HouseholdMembers", err, ids(ps, func(x wijkregie.Person) string { return x.MunicipalityID + "/" + x.ID }), a.m+"/"+a.person.ID)
		phs, err := r.PersonHouseholds(ctx, a.m, b.person.ID)
		check(t, "PersonHouseholds of B's person", err, phs)
		invs, err := r.Involvements(ctx, a.m, b.household.ID)
		check(t, "Involvements of B's household", err, ids(invs, func(x wijkregie.Involvement) string { return x.UserID }))
		invs, err = r.Involvements(ctx, a.m, a.household.ID)
		check(t, "Involvements", err, ids(invs, func(x wijkregie.Involvement) string { return x.MunicipalityID + "/" + x.UserID }),
			a.m+"/"+a.pro.ID, a.m+"/"+a.partner.ID)

		counts, err := r.Counts(ctx, a.m, wijkregie.HouseholdScope{All: true})
		if diff := cmp.Diff(counts, store.Counts{Teams: 1, Organisations: 1, Users: 3, Households: 1, Persons: 1}); err != nil || diff != "" {
			t.Errorf("Counts(A) err %v, (-got +want):\n%s", err, diff)
		}

		recs, total, err := r.Audit(ctx, a.m, store.AuditFilter{})
		check(t, "Audit", err, uniq(ids(recs, func(x wijkregie.AuditRecord) string { return x.MunicipalityID + "/" + x.UserID })), a.m+"/"+a.pro.ID)
		checkTotal(t, "Audit", total, int(a.audits))
		recs, total, err = r.Audit(ctx, a.m, store.AuditFilter{PersonID: b.person.ID})
		check(t, "Audit of B's person", err, ids(recs, func(x wijkregie.AuditRecord) string { return x.Hash }))
		checkTotal(t, "Audit of B's person", total, 0)
		for _, tn := range []*tenant{a, b} {
			if n, err := r.AuditLength(ctx, tn.m); err != nil || n != tn.audits {
				t.Errorf("AuditLength(%s) = %d, %v; want %d", tn.m, n, err, tn.audits)
			}
		}

		// The chains are separate: breaking B's leaves A's whole.
		testdb.Tamper(t, s, `UPDATE audit_log SET action = 'iets-anders' WHERE municipality_id = 'GM0002' AND seq = 2`)
		if brk, n, err := r.VerifyAudit(ctx, a.m, nil); brk != nil || n != a.audits || err != nil {
			t.Errorf("VerifyAudit(A) after tampering with B = %+v, %d, %v; want nil, %d, nil", brk, n, err, a.audits)
		}
		if brk, _, err := r.VerifyAudit(ctx, b.m, nil); err != nil || brk == nil || brk.Seq != 2 {
			t.Errorf("VerifyAudit(B) = %+v, %v; want a break at 2", brk, err)
		}
	})
}

func TestTenantWritesCannotReachAnotherMunicipality(t *testing.T) {
	eachAt(t, func(t *testing.T, s *store.Store, c *clock) {
		ctx := t.Context()
		a := newTenant(t, s, c, "GM0001", 1)
		b := newTenant(t, s, c, "GM0002", 1)
		refused := func(what, code string, fn func(q *store.Q) error) {
			t.Helper()
			err := tryTx(s, fn)
			if got := wijkregie.ErrorCode(err); got != code {
				t.Errorf("%s across tenants: code %q (%v), want %q", what, got, err, code)
			}
		}

		// B's records, addressed with A's key.
		team := *b.team
		team.MunicipalityID, team.Name = a.m, "Overgenomen"
		refused("UpdateTeam", wijkregie.ENOTFOUND, func(q *store.Q) error { return q.UpdateTeam(ctx, &team) })
		org := *b.org
		org.MunicipalityID, org.Name = a.m, "Overgenomen"
		refused("UpdateOrganisation", wijkregie.ENOTFOUND, func(q *store.Q) error { return q.UpdateOrganisation(ctx, &org) })
		user := *b.lead
		user.MunicipalityID, user.TeamID, user.Name = a.m, a.team.ID, "Overgenomen"
		refused("UpdateUser", wijkregie.ENOTFOUND, func(q *store.Q) error { return q.UpdateUser(ctx, &user) })
		refused("SetPassword", wijkregie.ENOTFOUND, func(q *store.Q) error { return q.SetPassword(ctx, a.m, b.pro.ID, "overgenomen") })
		refused("RevokeToken", wijkregie.ENOTFOUND, func(q *store.Q) error { return q.RevokeToken(ctx, a.m, b.pro.ID, b.token.ID) })
		refused("EndInvolvement", wijkregie.ENOTFOUND, func(q *store.Q) error { return q.EndInvolvement(ctx, a.m, b.household.ID, b.pro.ID) })

		// A's records may not point at B's.
		refused("AddMember of B's person", wijkregie.ENOTFOUND, func(q *store.Q) error {
			return q.AddMember(ctx, &wijkregie.Member{MunicipalityID: a.m, HouseholdID: a.household.ID, PersonID: b.person.ID, Relation: wijkregie.RelationChild, From: day(2021, 1, 1)})
		})
		refused("AddMember to B's household", wijkregie.ENOTFOUND, func(q *store.Q) error {
			return q.AddMember(ctx, &wijkregie.Member{MunicipalityID: a.m, HouseholdID: b.household.ID, PersonID: a.person.ID, Relation: wijkregie.RelationChild, From: day(2021, 1, 1)})
		})
		refused("Involve B's user", wijkregie.ENOTFOUND, func(q *store.Q) error {
			return q.Involve(ctx, &wijkregie.Involvement{MunicipalityID: a.m, HouseholdID: a.household.ID, UserID: b.lead.ID, Kind: wijkregie.InvolvementContributor})
		})
		refused("Involve with B's household", wijkregie.ENOTFOUND, func(q *store.Q) error {
			return q.Involve(ctx, &wijkregie.Involvement{MunicipalityID: a.m, HouseholdID: b.household.ID, UserID: a.lead.ID, Kind: wijkregie.InvolvementContributor})
		})
		refused("CreateUser in B's team", wijkregie.EINVALID, func(q *store.Q) error {
			return q.CreateUser(ctx, &wijkregie.User{MunicipalityID: a.m, Email: "dirk@wijkteam.example", Name: "Dirk", Role: wijkregie.RoleProfessional, TeamID: b.team.ID}, "h")
		})
		refused("CreateUser in B's organisation", wijkregie.EINVALID, func(q *store.Q) error {
			return q.CreateUser(ctx, &wijkregie.User{MunicipalityID: a.m, Email: "dirk@ggz.example", Name: "Dirk", Role: wijkregie.RolePartner, OrganisationID: b.org.ID}, "h")
		})
		refused("CreateHousehold in B's team", wijkregie.EINVALID, func(q *store.Q) error {
			return q.CreateHousehold(ctx, &wijkregie.Household{MunicipalityID: a.m, TeamID: b.team.ID,
				Address: wijkregie.Address{Street: "Dorpsstraat", Number: 3, Postcode: "1011AB", Town: "Ergens"}})
		})

		// Sessions: the same hash in both; A's changes leave B's alone.
		mustTx(t, s, func(q *store.Q) error {
			return q.TouchSession(ctx, a.m, sharedSessionHash, start.Add(time.Minute), start.Add(10*time.Hour))
		})
		if sess, err := s.R().Session(ctx, b.m, sharedSessionHash, start); err != nil || !sess.ExpiresAt.Equal(kept(start.Add(time.Hour))) {
			t.Errorf("B's session after A's TouchSession = %+v, %v; want it unchanged", sess, err)
		}
		mustTx(t, s, func(q *store.Q) error { return q.DeleteSession(ctx, a.m, sharedSessionHash) })
		mustTx(t, s, func(q *store.Q) error { return q.DeleteUserSessions(ctx, a.m, b.pro.ID) })
		mustTx(t, s, func(q *store.Q) error {
			_, err := q.DeleteExpiredSessions(ctx, a.m, start.Add(24*time.Hour))
			return err
		})
		if _, err := s.R().Session(ctx, b.m, sharedSessionHash, start); err != nil {
			t.Errorf("B's session after A's deletions: %v; want it still there", err)
		}

		// And B is as it was.
		for what, err := range map[string]error{
			"team": sameAs(s.R().Team(ctx, b.m, b.team.ID))(b.team),
			"org":  sameAs(s.R().Organisation(ctx, b.m, b.org.ID))(b.org),
			"user": sameAs(s.R().User(ctx, b.m, b.lead.ID))(b.lead),
		} {
			if err != nil {
				t.Errorf("B's %s after A's attempts: %v", what, err)
			}
		}
		if _, hash, err := s.R().UserByEmail(ctx, b.m, b.pro.Email); err != nil || hash != "hash-van-"+b.m {
			t.Errorf("B's password hash = %q, %v; want it unchanged", hash, err)
		}
		if _, err := s.R().TokenByHash(ctx, b.m, sharedTokenHash); err != nil {
			t.Errorf("B's token after A's RevokeToken: %v", err)
		}
		if invs, err := s.R().Involvements(ctx, b.m, b.household.ID); err != nil || len(invs) != 2 {
			t.Errorf("B's involvements = %d, %v; want 2", len(invs), err)
		}
	})
}

// sameAs returns a check that a read record equals want.
func sameAs[T any](got *T, err error) func(want *T) error {
	return func(want *T) error {
		if err != nil {
			return err
		}
		if diff := cmp.Diff(got, want); diff != "" {
			return &diffError{diff}
		}
		return nil
	}
}

type diffError struct{ diff string }

func (e *diffError) Error() string { return "changed (-got +want):\n" + e.diff }

// check compares the ids a list returned with the ids wanted, in any order.
func check(t *testing.T, what string, err error, got []string, want ...string) {
	t.Helper()
	if err != nil {
		t.Errorf("%s: %v", what, err)
		return
	}
	if diff := cmp.Diff(got, want, cmpopts.EquateEmpty(), cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
		t.Errorf("%s (-got +want):\n%s", what, diff)
	}
}

func checkTotal(t *testing.T, what string, got, want int) {
	t.Helper()
	if got != want {
		t.Errorf("%s total = %d, want %d", what, got, want)
	}
}

func uniq(xs []string) []string {
	slices.Sort(xs)
	return slices.Compact(xs)
}

func idOf(u *wijkregie.User) string {
	if u == nil {
		return "<nil>"
	}
	return u.ID
}

func mOf(u *wijkregie.User) string {
	if u == nil {
		return "<nil>"
	}
	return u.MunicipalityID
}

// The static half: every SQL statement in the store's source names the
// tenant key, so a query added tomorrow that forgets it fails here before
// it reaches a review.

// tenantFree says which statements may leave out municipality_id, and why.
var tenantFree = []struct {
	why   string
	match func(stmt string, tables []string) bool
}{
	// Ping: touches no table.
	{"SELECT 1", func(s string, _ []string) bool { return s == "SELECT 1" }},
	// Migrate serialises concurrent migrations on PostgreSQL.
	{"pg_advisory_xact_lock", func(s string, _ []string) bool {
		return regexp.MustCompile(`^SELECT pg_advisory_xact_lock\(\d+\)$`).MatchString(s)
	}},
	// The tenant table itself: its key is id, and listing tenants for the
	// login form is the one query that spans them.
	{"municipalities", func(_ string, ts []string) bool { return onlyTables(ts, "municipalities") }},
	// The schema version belongs to the whole store, not to a tenant.
	{"schema_migrations", func(_ string, ts []string) bool { return onlyTables(ts, "schema_migrations") }},
	// The schema's own catalogue (PersonDataTables): which tables hold a
	// person's data, the same for every tenant.
	{"information_schema.columns", func(_ string, ts []string) bool { return onlyTables(ts, "information_schema") }},
	{"sqlite_master", func(_ string, ts []string) bool { return onlyTables(ts, "sqlite_master") }},
	// An expression over its parameters alone (the Dutch calendar day of
	// a moment, measures.go): it reads no table, so no tenant's rows.
	// Last, so the entries above keep their own statements.
	{"no table", func(_ string, ts []string) bool { return len(ts) == 0 }},
}

func onlyTables(ts []string, table string) bool {
	return len(ts) > 0 && !slices.ContainsFunc(ts, func(t string) bool { return t != table })
}

var (
	isSQL       = regexp.MustCompile(`(?is)^\W*select\b|\bselect\b.*\bfrom\b|\binsert\s+into\b|\bupdate\s+\w+\s+set\b|\bdelete\s+from\b`)
	tableRef    = regexp.MustCompile(`(?i)\b(?:from|into|update|join)\s+([a-z_][a-z0-9_]*)`)
	whitespaces = regexp.MustCompile(`\s+`)
)

// sqlStatement is a piece of SQL found in the source.
type sqlStatement struct {
	pos  token.Position
	text string // whitespace collapsed
}

// sqlStatements finds every string expression in files that holds SQL: a
// literal, a constant, or a concatenation of them with local variables and
// constants (resolved by name), so a statement built in parts is read whole.
func sqlStatements(fset *token.FileSet, files []*ast.File) []sqlStatement {
	consts := map[string]string{}
	// Package constants and variables first; a few rounds resolve
	// constants defined from constants.
	for range 3 {
		for _, f := range files {
			for _, d := range f.Decls {
				if g, ok := d.(*ast.GenDecl); ok && (g.Tok == token.CONST || g.Tok == token.VAR) {
					for _, sp := range g.Specs {
						vs := sp.(*ast.ValueSpec)
						for i, v := range vs.Values {
							if i < len(vs.Names) {
								if s := stringText(v, consts); s != "" {
									consts[vs.Names[i].Name] = s
								}
							}
						}
					}
				}
			}
		}
	}
	var out []sqlStatement
	add := func(n ast.Node, text string) {
		text = strings.TrimSpace(whitespaces.ReplaceAllString(text, " "))
		if isSQL.MatchString(text) {
			out = append(out, sqlStatement{fset.Position(n.Pos()), text})
		}
	}
	for _, f := range files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					if vs, ok := sp.(*ast.ValueSpec); ok {
						for _, v := range vs.Values {
							add(v, stringText(v, consts))
						}
					}
				}
			case *ast.FuncDecl:
				if d.Body == nil {
					continue
				}
				// Local string variables of this function, by name; a
				// variable assigned twice holds both texts.
				scope := maps.Clone(consts)
				ast.Inspect(d.Body, func(n ast.Node) bool {
					switch n := n.(type) {
					case *ast.AssignStmt:
						for i, rhs := range n.Rhs {
							if id, ok := n.Lhs[min(i, len(n.Lhs)-1)].(*ast.Ident); ok {
								if s := stringText(rhs, scope); s != "" {
									scope[id.Name] += s
								}
							}
						}
					case *ast.ValueSpec:
						for i, v := range n.Values {
							if s := stringText(v, scope); s != "" && i < len(n.Names) {
								scope[n.Names[i].Name] += s
							}
						}
					}
					return true
				})
				for _, root := range stringRoots(d.Body) {
					add(root, stringText(root, scope))
				}
			}
		}
	}
	return out
}

// stringRoots returns the string literals and + chains in n that are not
// themselves an operand of a + chain.
func stringRoots(n ast.Node) []ast.Expr {
	inner := map[ast.Expr]bool{}
	ast.Inspect(n, func(n ast.Node) bool {
		if b, ok := n.(*ast.BinaryExpr); ok && b.Op == token.ADD {
			inner[b.X], inner[b.Y] = true, true
		}
		return true
	})
	var roots []ast.Expr
	ast.Inspect(n, func(n ast.Node) bool {
		switch e := n.(type) {
		case *ast.BasicLit:
			if e.Kind == token.STRING && !inner[e] {
				roots = append(roots, e)
			}
		case *ast.BinaryExpr:
			if e.Op == token.ADD && !inner[e] {
				roots = append(roots, e)
			}
		}
		return true
	})
	return roots
}

// stringText concatenates every string literal in e and the text of every
// identifier known in names.
func stringText(e ast.Expr, names map[string]string) string {
	var b strings.Builder
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BasicLit:
			if n.Kind == token.STRING {
				if s, err := strconv.Unquote(n.Value); err == nil {
					b.WriteString(s)
				}
			}
		case *ast.Ident:
			b.WriteString(names[n.Name])
		}
		return true
	})
	return b.String()
}

// tenantViolations returns the statements that neither name
// municipality_id nor match the allowlist, and marks the allowlist entries
// used.
func tenantViolations(stmts []sqlStatement, used map[string]bool) []sqlStatement {
	var bad []sqlStatement
	for _, st := range stmts {
		if strings.Contains(st.text, "municipality_id") {
			continue
		}
		var tables []string
		for _, m := range tableRef.FindAllStringSubmatch(st.text, -1) {
			tables = append(tables, strings.ToLower(m[1]))
		}
		ok := false
		for _, a := range tenantFree {
			if a.match(st.text, tables) {
				used[a.why], ok = true, true
				break
			}
		}
		if !ok {
			bad = append(bad, st)
		}
	}
	return bad
}

func parseStoreSource(t *testing.T) (*token.FileSet, []*ast.File) {
	t.Helper()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	if len(files) < 5 {
		t.Fatalf("parsed %d store files; run from internal/store", len(files))
	}
	return fset, files
}

func TestEveryQueryNamesTheTenant(t *testing.T) {
	stmts := sqlStatements(parseStoreSource(t))
	// A sanity floor: the store has dozens of statements; finding few
	// means the search broke, not that the store got smaller.
	if len(stmts) < 40 {
		t.Fatalf("found %d SQL statements in internal/store; the search must be broken", len(stmts))
	}
	used := map[string]bool{}
	for _, st := range tenantViolations(stmts, used) {
		t.Errorf("%s: statement does not filter on municipality_id:\n\t%s", st.pos, st.text)
	}
	for _, a := range tenantFree {
		if !used[a.why] {
			t.Errorf("allowlist entry %q matched no statement; remove it", a.why)
		}
	}
}

// TestTenantCheckCatchesForgottenFilters proves the check above can fail.
func TestTenantCheckCatchesForgottenFilters(t *testing.T) {
	const src = `package store

const badConst = "SELECT id FROM persons WHERE bsn = $1"
const cols = "municipality_id, id"

func f() {
	q.x.QueryContext(ctx, "SELECT name FROM teams WHERE id = $1", id)          // bad literal
	q.x.QueryContext(ctx, ` + "`SELECT `+cols+` FROM teams WHERE id = $1`" + `, id) // names it through a constant
	where := " FROM users WHERE role = $1"
	q.x.QueryContext(ctx, "SELECT COUNT(*)"+where, role)                      // bad, built in parts
	good := " FROM users WHERE municipality_id = $1"
	q.x.QueryContext(ctx, "SELECT COUNT(*)"+good, m)
	q.x.QueryContext(ctx, "DELETE FROM sessions WHERE expires_at < $1", now)  // bad
	q.x.QueryContext(ctx, "SELECT id FROM municipalities JOIN teams ON teams.municipality_id = municipalities.id") // names it
	q.x.QueryContext(ctx, "SELECT t.id FROM municipalities m JOIN teams t ON t.name = m.name") // bad: not only the tenant table
	q.x.QueryContext(ctx, "UPDATE municipalities SET name = $2 WHERE id = $1") // allowed
	log.Printf("update failed: select another")                               // not SQL
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "fake.go", src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, st := range tenantViolations(sqlStatements(fset, []*ast.File{f}), map[string]bool{}) {
		got = append(got, st.text)
	}
	want := []string{
		"SELECT id FROM persons WHERE bsn = $1",
		"SELECT name FROM teams WHERE id = $1",
		"SELECT COUNT(*) FROM users WHERE role = $1",
		"DELETE FROM sessions WHERE expires_at < $1",
		"SELECT t.id FROM municipalities m JOIN teams t ON t.name = m.name",
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("flagged statements (-got +want):\n%s", diff)
	}
}
