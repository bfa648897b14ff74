package app

import (
	"context"

	"wijkregie"
)

// residentOIDC is the OpenID Connect relying party of Mijn Plan.
type residentOIDC struct{}

// ResidentOIDCEnabled reports whether residents may log in through OpenID
// Connect (DigiD) on this installation.
func (s *Service) ResidentOIDCEnabled() bool {
	s.resident.mu.RLock()
	defer s.resident.mu.RUnlock()
	return s.resident.oidc != nil
}

// StartResidentOIDC begins an OpenID Connect login for a resident of the
// municipality and returns the provider's address to send them to.
func (s *Service) StartResidentOIDC(ctx context.Context, municipalityID string) (string, error) {
	return "", wijkregie.NotFound()
}

// FinishResidentOIDC completes an OpenID Connect login from the provider's
// answer and starts a resident session.
func (s *Service) FinishResidentOIDC(ctx context.Context, state, code, providerError, clientAddr string) (string, *wijkregie.User, error) {
	return "", nil, wijkregie.NotFound()
}
