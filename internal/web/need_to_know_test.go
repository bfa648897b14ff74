package web_test

import (
	"context"
	"testing"

	"wijkregie"
	"wijkregie/internal/store"
)

// shareCase records, straight in the store, that a member of the case's
// household agreed today to share information with the organisation:
// what lets a partner read beyond the case's frame (docs/privacy.md,
// "Need-to-know for partners"). The registry's own rules are tested in
// internal/app.
func (e *env) shareCase(t *testing.T, caseID, organisationID string) {
	t.Helper()
	ctx := context.Background()
	pro := e.actor(wijkregie.RoleProfessional)
	c, err := e.store.R().Case(ctx, pro.MunicipalityID, caseID)
	if err != nil {
		t.Fatal(err)
	}
	ms, _, err := e.store.R().HouseholdMembers(ctx, pro.MunicipalityID, c.HouseholdID)
	if err != nil || len(ms) == 0 {
		t.Fatalf("the case's household: %d members, %v", len(ms), err)
	}
	person := ms[0].PersonID
	consent := &wijkregie.Consent{MunicipalityID: pro.MunicipalityID, PersonID: person, OrganisationID: organisationID,
		Purpose: wijkregie.ConsentShareInformation, Domains: []string{"financien"}, GivenOn: wijkregie.Today(e.svc.Now()),
		Method: wijkregie.ConsentOral, GivenBy: []wijkregie.ConsentGiver{{PersonID: person, Capacity: wijkregie.GiverSelf}}, RecordedBy: pro.UserID}
	if err := e.store.Tx(ctx, func(q *store.Q) error { return q.CreateConsent(ctx, consent) }); err != nil {
		t.Fatal(err)
	}
}
