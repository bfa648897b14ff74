package cli

import (
	"context"
	"errors"
	"flag"
	"path/filepath"
	"time"

	"wijkregie"
	"wijkregie/internal/app"
	"wijkregie/internal/config"
	"wijkregie/internal/store"
)

// open opens the configured store without migrating it. A store that cannot
// be reached or created is a bad setting: the message names --db or --data;
// a BSN key that cannot be used names --bsn-sleutel or WIJKREGIE_BSN_SLEUTEL.
func open(ctx context.Context, cfg *config.Config, observe func(string, time.Duration, error)) (*store.Store, error) {
	if err := cfg.ValidateStore(); err != nil {
		return nil, err
	}
	keys, err := cfg.BSNKeys()
	if err != nil {
		return nil, err
	}
	s, err := store.Open(ctx, store.Options{DataDir: cfg.DataDir, DB: cfg.DB, Observe: observe, BSNKeys: keys})
	var ke *store.BSNKeyError
	if errors.As(err, &ke) {
		return nil, cfg.BSNKeyFileError(ke.Path, ke.Err)
	}
	if err != nil {
		return nil, cfg.StoreError(err)
	}
	return s, nil
}

// migrate brings the store's schema up to date; BSN keys that do not open
// the store's BSNs are a bad setting.
func migrate(ctx context.Context, cfg *config.Config, s *store.Store) (int, error) {
	n, err := s.Migrate(ctx)
	var mm *store.ErrBSNKeyMismatch
	if errors.As(err, &mm) {
		return n, cfg.BSNKeyMismatchError(filepath.Join(cfg.DataDir, store.BSNKeyFile), err)
	}
	return n, err
}

// openStore opens the configured store and brings its schema up to date:
// migrations are embedded and applied at start by every command.
// observe, when not nil, is told the store's timings.
func openStore(ctx context.Context, cfg *config.Config, observe func(string, time.Duration, error)) (*store.Store, error) {
	s, err := open(ctx, cfg, observe)
	if err != nil {
		return nil, err
	}
	if _, err := migrate(ctx, cfg, s); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// spec describes a command that works on the store.
type spec struct {
	help  string                 // catalogue key of the -h text
	flags func(fs *flag.FlagSet) // binds the command's own flags
	// check runs after parsing and before the store is opened, so a wrong
	// invocation is named without waiting for a database.
	check func() error
	// user makes adminCmd take --email and look the user up.
	user bool
}

// storeCmd parses the store flags and the command's own, opens and
// migrates the store, runs fn and closes the store.
func (c *cmdCtx) storeCmd(ctx context.Context, args []string, sp spec, fn func(s *store.Store, svc *app.Service) error) error {
	cfg := config.Defaults()
	fs := c.flags(c.name, sp.help)
	cfg.BindStore(fs.FlagSet, c.Getenv, c.tr)
	if sp.flags != nil {
		sp.flags(fs.FlagSet)
	}
	if err := fs.parse(args); err != nil {
		return err
	}
	if sp.check != nil {
		if err := sp.check(); err != nil {
			return err
		}
	}
	s, err := openStore(ctx, &cfg, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	return fn(s, app.New(s, app.Options{}))
}

// adminSession is what the administration commands share: the application
// and the system actor of one municipality.
type adminSession struct {
	svc   *app.Service
	actor wijkregie.Actor
}

// adminCmd is storeCmd for administration inside one municipality: it adds
// --gemeente and resolves it to the system actor, and with sp.user adds
// --email (required) and passes fn the user it names.
func (c *cmdCtx) adminCmd(ctx context.Context, args []string, sp spec, fn func(a *adminSession, u *wijkregie.User) error) error {
	var gemeente, email string
	own, ownCheck := sp.flags, sp.check
	sp.flags = func(fs *flag.FlagSet) {
		fs.StringVar(&gemeente, "gemeente", "", c.T("cli.vlag.gemeente"))
		if sp.user {
			fs.StringVar(&email, "email", "", c.T("cli.vlag.email"))
		}
		if own != nil {
			own(fs)
		}
	}
	sp.check = func() error {
		if sp.user && email == "" {
			return usage("cli.vlag.email.verplicht")
		}
		if ownCheck != nil {
			return ownCheck()
		}
		return nil
	}
	return c.storeCmd(ctx, args, sp, func(_ *store.Store, svc *app.Service) error {
		mid, err := municipality(ctx, svc, gemeente)
		if err != nil {
			return err
		}
		a := &adminSession{svc: svc, actor: adminActor(mid)}
		var u *wijkregie.User
		if sp.user {
			if u, err = a.userByEmail(ctx, email); err != nil {
				return err
			}
		}
		return fn(a, u)
	})
}

// userByEmail finds a user of the session's municipality; an unknown
// address is a usage error, as a mistyped option is.
func (a *adminSession) userByEmail(ctx context.Context, email string) (*wijkregie.User, error) {
	u, err := a.svc.UserByEmail(ctx, a.actor, email)
	if wijkregie.ErrorCode(err) == wijkregie.ENOTFOUND {
		return nil, usage("cli.user.onbekend", "email", email)
	}
	return u, err
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
