// Package demo builds Duinhaven, a fictional municipality with
// neighbourhood teams, partner organisations, staff and households, for
// `wijkregie demo`, `wijkregie serve --demo`, tests and benchmarks.
//
// Everything is made up and, where it could collide with the real world,
// taken from ranges meant for examples: BSNs from the range reserved for
// testing, e-mail addresses under .example, phone numbers outside the
// ranges in use. The same seed and size give the same residents, addresses,
// BSNs and relations; record ids differ per load.
package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"

	"wijkregie"
	"wijkregie/internal/auth"
	"wijkregie/internal/store"
)

// MunicipalityID is the CBS-style code of Gemeente Duinhaven. GM9901 is no
// real municipality's code.
const MunicipalityID = "GM9901"

// Password is the password of every demo account; the README documents it.
// A demo store is for trying the product out, never for real data.
const Password = "wijkregie-demo"

// MaxHouseholds is the largest demo Load makes.
const MaxHouseholds = 1_000_000

// Account is a documented demo login. Team and Organisation are display
// names; empty when the role has none.
type Account struct {
	Email        string
	Name         string
	Role         wijkregie.Role
	Team         string
	Organisation string
}

// Reporter is told how many households are done.
type Reporter interface {
	Add(n int64)
	Done()
}

// Options size and shape a demo. The zero value gives the default demo.
type Options struct {
	Seed       int64 // 0 means 1
	Households int   // 0 means 60; at most MaxHouseholds
	// Progress, when set, is asked for a progress reporter for demos of
	// 10,000 households or more; the command line makes a bar in Dutch.
	Progress func(total int64) Reporter
	// PasswordParams hash the demo password; the zero value means
	// auth.DefaultParams. Tests pass cheap ones.
	PasswordParams auth.Params
	// Signals is the size of the signal history (scale.go); 0 means none,
	// only the demo's few story signals. At most MaxSignals.
	Signals int
	// SignalProgress is Progress for the signal history.
	SignalProgress func(total int64) Reporter
}

// Summary says what Load made.
type Summary struct {
	Municipality  string // the municipality's name
	Teams         int
	Organisations int
	Users         int
	Households    int
	Persons       int
}

// ErrNotEmpty is returned by Load for a store that already holds a
// municipality: demo data must never mix with real data. The command line
// checks Empty first and says so in Dutch; this text is for logs.
var ErrNotEmpty = errors.New("demo: the store already holds a municipality")

// batchSize is the number of households per transaction: large enough that
// commits (a sync to disk each on SQLite) do not dominate, small enough
// that a transaction holds little memory and the writer lock only briefly.
const batchSize = 1000

// progressFrom is the size from which Load shows a progress bar.
const progressFrom = 10_000

// Random streams: each part of the demo draws from its own, so a change to
// how involvements are drawn does not rename every resident.
const (
	streamAddresses = iota + 1
	streamPeople
	streamBSNs
	streamCaseload
)

// Empty reports whether the store holds no municipality at all, the only
// state in which Load may fill it.
func Empty(ctx context.Context, s *store.Store) (bool, error) {
	ms, err := s.R().Municipalities(ctx)
	if err != nil {
		return false, err
	}
	return len(ms) == 0, nil
}

// Load fills an empty store with the demo municipality and returns what it
// made. It refuses a store that holds any municipality (ErrNotEmpty); call
// Empty first to say so kindly. Households are written in transactions of
// a thousand: when one fails, Load stops and the store keeps what was
// written before, so start again with an empty store.
func Load(ctx context.Context, s *store.Store, o Options) (*Summary, error) {
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Households == 0 {
		o.Households = 60
	}
	if o.Households < 0 || o.Households > MaxHouseholds {
		// The command line passes the user's number on, so the message is Dutch.
		return nil, fmt.Errorf("demo: households must be 1 to %d, not %d", MaxHouseholds, o.Households)
	}
	if o.Signals < 0 || o.Signals > MaxSignals {
		return nil, fmt.Errorf("demo: signals must be 0 to %d, not %d", MaxSignals, o.Signals)
	}
	if o.PasswordParams == (auth.Params{}) {
		o.PasswordParams = auth.DefaultParams
	}
	// Hashing is slow on purpose; one hash serves every demo account.
	hash, err := auth.HashPassword(Password, o.PasswordParams)
	if err != nil {
		return nil, fmt.Errorf("demo: hash password: %w", err)
	}
	seed := uint64(o.Seed)
	bsns, err := newBSNPool(rand.New(rand.NewPCG(seed, streamBSNs)))
	if err != nil {
		return nil, err
	}

	sum := &Summary{Municipality: municipalityName}
	org := organisationFor(o.Households)
	var teams []wijkregie.Team
	load := &caseload{r: rand.New(rand.NewPCG(seed, streamCaseload)), cases: rand.New(rand.NewPCG(seed, streamCases)),
		work: rand.New(rand.NewPCG(seed, streamCasework)), professional: map[string][]string{}}
	err = s.Tx(ctx, func(q *store.Q) error {
		ms, err := q.Municipalities(ctx)
		if err != nil {
			return err
		}
		if len(ms) > 0 {
			return ErrNotEmpty
		}
		teams, err = createOrganisation(ctx, q, org, hash, load, sum)
		return err
	})
	if errors.Is(err, ErrNotEmpty) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}

	plan := newAddressPlan(rand.New(rand.NewPCG(seed, streamAddresses)), o.Households, org.teams)
	gen := &people{r: rand.New(rand.NewPCG(seed, streamPeople)), bsns: bsns, used: map[string]bool{}}
	var bar Reporter
	if o.Progress != nil && o.Households >= progressFrom {
		bar = o.Progress(int64(o.Households))
		defer bar.Done()
	}
	for start := 0; start < o.Households; start += batchSize {
		end := min(start+batchSize, o.Households)
		err := s.Tx(ctx, func(q *store.Q) error {
			for i := start; i < end; i++ {
				n, err := createHousehold(ctx, q, plan.address(i), teams, gen, load)
				if err != nil {
					return err
				}
				sum.Households++
				sum.Persons += n
				if bar != nil {
					bar.Add(1)
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("demo households %d–%d: %w", start+1, end, err)
		}
	}
	if o.Signals != 0 {
		if _, err := createSignalHistory(ctx, s, o, org.staff, seed); err != nil {
			return nil, fmt.Errorf("demo signal history: %w", err)
		}
	}
	if err := s.Tx(ctx, func(q *store.Q) error { return createSignals(ctx, q) }); err != nil {
		return nil, fmt.Errorf("demo signals: %w", err)
	}
	if err := s.Tx(ctx, func(q *store.Q) error { return createConsents(ctx, q) }); err != nil {
		return nil, fmt.Errorf("demo consents: %w", err)
	}
	if err := s.Tx(ctx, func(q *store.Q) error { return createCapacities(ctx, q) }); err != nil {
		return nil, fmt.Errorf("demo capacities: %w", err)
	}
	if err := createArrears(ctx, s); err != nil { // vroeg.go
		return nil, fmt.Errorf("demo arrears: %w", err)
	}
	return sum, nil
}

// createOrganisation makes the municipality with its teams, partner
// organisations, staff and sociale kaart, and records in the audit log that
// demo data was loaded. It returns the teams, and fills in the caseload's
// staff.
func createOrganisation(ctx context.Context, q *store.Q, org organisation, hash string, load *caseload, sum *Summary) ([]wijkregie.Team, error) {
	if err := q.CreateMunicipality(ctx, &wijkregie.Municipality{ID: MunicipalityID, Name: municipalityName}); err != nil {
		return nil, fmt.Errorf("municipality: %w", err)
	}
	rec := wijkregie.SystemActor(MunicipalityID).Record(wijkregie.Event{
		Action: "demo.laden", SubjectKind: "gemeente", SubjectID: MunicipalityID, Purpose: "beheer",
	})
	if err := q.AppendAudit(ctx, rec); err != nil {
		return nil, err
	}
	teamIDs := map[string]string{}
	var teams []wijkregie.Team
	for _, ts := range org.teams {
		t := wijkregie.Team{MunicipalityID: MunicipalityID, Name: ts.name, Areas: ts.areas}
		if err := q.CreateTeam(ctx, &t); err != nil {
			return nil, fmt.Errorf("team %s: %w", ts.name, err)
		}
		teamIDs[t.Name] = t.ID
		teams = append(teams, t)
	}
	orgIDs := map[string]string{}
	for _, spec := range organisationSpecs {
		org := spec
		org.MunicipalityID = MunicipalityID
		if err := q.CreateOrganisation(ctx, &org); err != nil {
			return nil, fmt.Errorf("organisation %s: %w", org.Name, err)
		}
		orgIDs[org.Name] = org.ID
	}
	for _, st := range org.staff {
		u := wijkregie.User{
			MunicipalityID: MunicipalityID, Email: st.Email, Name: st.Name, Role: st.Role,
			TeamID: teamIDs[st.Team], OrganisationID: orgIDs[st.Organisation], Expertise: st.expertise,
		}
		if err := q.CreateUser(ctx, &u, hash); err != nil {
			return nil, fmt.Errorf("user %s: %w", u.Email, err)
		}
		switch {
		case st.Email == staff[0].Email:
			load.docPro, load.docTeam = u.ID, u.TeamID
			load.professional[u.TeamID] = append(load.professional[u.TeamID], u.ID)
		case st.Role == wijkregie.RoleProfessional:
			load.professional[u.TeamID] = append(load.professional[u.TeamID], u.ID)
		case st.Role == wijkregie.RolePartner && st.Email == staff[2].Email:
			load.partner = u.ID
		}
	}
	if err := createCatalogue(ctx, q); err != nil {
		return nil, err
	}
	sum.Teams, sum.Organisations, sum.Users = len(teams), len(organisationSpecs), len(org.staff)
	return teams, nil
}

// createHousehold writes one household at addr with its members and
// involvements, and returns the number of members.
func createHousehold(ctx context.Context, q *store.Q, addr wijkregie.Address, teams []wijkregie.Team, gen *people, load *caseload) (int, error) {
	h := wijkregie.Household{MunicipalityID: MunicipalityID, Address: addr}
	for i := range teams {
		if teams[i].Serves(addr.Postcode) {
			h.TeamID = teams[i].ID
			break
		}
	}
	if err := q.CreateHousehold(ctx, &h); err != nil {
		return 0, err
	}
	members := gen.household()
	for i := range members {
		m := &members[i]
		if err := q.CreatePerson(ctx, &m.person); err != nil {
			return 0, err
		}
		err := q.AddMember(ctx, &wijkregie.Member{
			MunicipalityID: MunicipalityID, HouseholdID: h.ID, PersonID: m.person.ID, Relation: m.relation, From: m.from,
		})
		if err != nil {
			return 0, err
		}
	}
	if err := load.involve(ctx, q, &h); err != nil {
		return 0, err
	}
	return len(members), nil
}
