package cli

import (
	"context"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/config"
	"wijkregie/internal/store"
)

// openStore opens the configured store and brings its schema up to date:
// migrations are embedded and applied at start by every command.
// observe, when not nil, is told the store's timings.
func openStore(ctx context.Context, cfg *config.Config, observe func(string, time.Duration, error)) (*store.Store, error) {
	if err := cfg.ValidateStore(); err != nil {
		return nil, err
	}
	s, err := store.Open(ctx, store.Options{DataDir: cfg.DataDir, DB: cfg.DB, Observe: observe})
	if err != nil {
		return nil, err
	}
	if _, err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// municipality resolves --gemeente: given, or the store's only one.
func municipality(ctx context.Context, svc *app.Service, given string) (string, error) {
	ms, err := svc.Municipalities(ctx)
	if err != nil {
		return "", err
	}
	if given != "" {
		for _, m := range ms {
			if m.ID == given {
				return given, nil
			}
		}
		return "", usage("cli.gemeente.onbekend", "gemeente", given)
	}
	switch len(ms) {
	case 0:
		return "", usage("cli.gemeente.geen")
	case 1:
		return ms[0].ID, nil
	}
	return "", usage("cli.gemeente.kies")
}

// adminActor is the actor for command-line administration: whoever can run
// the binary against the store holds the keys already. Its actions are
// audited as "systeem".
func adminActor(municipalityID string) wijkregie.Actor { return wijkregie.SystemActor(municipalityID) }
