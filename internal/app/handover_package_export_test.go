package app

import (
	"context"
	"time"

	"wijkregie"
)

// BuildHandoverPackageForTest builds a case's package as the handover
// does, without policy or audit, for the round-trip test.
func BuildHandoverPackageForTest(ctx context.Context, s *Service, municipalityID, caseID string, now time.Time) (*wijkregie.HandoverPackage, []string, error) {
	return buildPackage(ctx, s.store.R(), municipalityID, caseID, now)
}
