package cli

import (
	"context"
	"errors"
	"flag"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"wijkregie/internal/app"
	"wijkregie/internal/config"
	"wijkregie/internal/demo"
	"wijkregie/internal/logging"
	"wijkregie/internal/metrics"
	"wijkregie/internal/oidc"
	"wijkregie/internal/server"
	"wijkregie/internal/store"
)

func runServe(ctx context.Context, c *cmdCtx, args []string) error {
	cfg := config.Defaults()
	fs := c.flags("serve", "cli.serve.help")
	cfg.BindStore(fs.FlagSet, c.Getenv, c.tr)
	envErr := cfg.BindServe(fs.FlagSet, c.Getenv, c.tr)
	if err := fs.parse(args); err != nil {
		return err
	}
	if envErr != nil {
		return envErr
	}
	if err := cfg.ValidateServe(); err != nil {
		return err
	}
	log := logging.New(c.Stderr, cfg.Level())
	reg := metrics.NewRegistry()

	// Bind first: a busy port fails at once, not after minutes of loading
	// a large demo. Connections that arrive meanwhile wait in the backlog.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return cfg.ListenError(err)
	}
	defer ln.Close()

	s, err := openStore(ctx, &cfg, reg.ObserveStore)
	if err != nil {
		return err
	}
	defer s.Close()
	if cfg.Demo {
		empty, err := demo.Empty(ctx, s)
		if err != nil {
			return err
		}
		if empty {
			sum, err := demo.Load(ctx, s, demo.Options{Seed: 1, Progress: c.demoProgress})
			if err != nil {
				return err
			}
			log.Info("demo municipality loaded", "municipality", sum.Municipality, "households", sum.Households)
		}
	}
	svc := app.New(s, app.Options{})
	if oc := cfg.OIDCConfig(); oc != nil {
		// Mijn Plan's "Inloggen met DigiD" (docs/mijnplan.md); validated above.
		p, err := oidc.New(*oc)
		if err != nil {
			return err
		}
		svc.ConfigureResidentOIDC(p)
	}
	proxies, _ := cfg.TrustedProxies() // validated above
	h, err := server.New(server.Config{App: svc, Catalogue: c.cat, Logger: log, Metrics: reg,
		SecureCookies: cfg.SecureCookies, TrustedProxies: proxies, PublicURL: cfg.PublicURL})
	if err != nil {
		return err
	}
	reg.GaugeFunc("wijkregie_store_open_connections", "Open connections of the store's write pool.", func() float64 { return float64(s.Stats().OpenConnections) })
	reg.GaugeFunc("wijkregie_store_wait_total", "Times a request waited for a connection of the store's write pool.", func() float64 { return float64(s.Stats().WaitCount) })

	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	log.Info("listening", "addr", ln.Addr().String(), "store", string(s.Dialect()), "target", store.DescribeTarget(store.Options{DataDir: cfg.DataDir, DB: cfg.DB}))
	c.say("cli.serve.luistert", "url", "http://"+ln.Addr().String())

	go sweepSessions(ctx, svc, log)
	go retentionDaily(ctx, svc, log)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Graceful shutdown: stop accepting, let in-flight requests finish.
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 25*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

func runMigrate(ctx context.Context, c *cmdCtx, args []string) error {
	cfg := config.Defaults()
	fs := c.flags("migrate", "cli.migrate.help")
	cfg.BindStore(fs.FlagSet, c.Getenv, c.tr)
	if err := fs.parse(args); err != nil {
		return err
	}
	s, err := open(ctx, &cfg, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := migrate(ctx, &cfg, s)
	if err != nil {
		return err
	}
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	c.say("cli.migrate.klaar", "aantal", n, "versie", v)
	return nil
}

func runDemo(ctx context.Context, c *cmdCtx, args []string) error {
	var seed int64
	var households, signals int
	most := thousands(demo.MaxHouseholds)
	return c.storeCmd(ctx, args, spec{
		help: "cli.demo.help",
		flags: func(fs *flag.FlagSet) {
			fs.Int64Var(&seed, "seed", 1, c.T("cli.demo.seed"))
			fs.IntVar(&households, "households", 60, c.T("cli.demo.households", "max", most))
			fs.IntVar(&signals, "signals", 0, c.T("cli.demo.signals", "max", thousands(demo.MaxSignals)))
		},
		check: func() error {
			if households < 1 || households > demo.MaxHouseholds {
				return usage("cli.demo.households.ongeldig", "max", most)
			}
			if signals < 0 || signals > demo.MaxSignals {
				return usage("cli.demo.signals.ongeldig", "max", thousands(demo.MaxSignals))
			}
			return nil
		},
	}, func(s *store.Store, _ *app.Service) error {
		empty, err := demo.Empty(ctx, s)
		if err != nil {
			return err
		}
		if !empty {
			return usage("cli.demo.niet_leeg")
		}
		sum, err := demo.Load(ctx, s, demo.Options{Seed: seed, Households: households, Progress: c.demoProgress, Signals: signals,
			SignalProgress: func(total int64) demo.Reporter { return c.bar(c.T("cli.demo.voortgang.signalen"), total) }})
		if err != nil {
			return err
		}
		c.say("cli.demo.klaar", "gemeente", sum.Municipality, "teams", sum.Teams, "organisaties", sum.Organisations,
			"medewerkers", sum.Users, "huishoudens", sum.Households, "personen", sum.Persons)
		for _, a := range demo.Accounts() {
			c.say("cli.demo.account", "email", a.Email, "rol", string(a.Role))
		}
		c.say("cli.demo.wachtwoord", "wachtwoord", demo.Password)
		return nil
	})
}

// thousands writes n the Dutch way, with a point between thousands:
// 1.000.000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

// sweepSessions deletes expired sessions every hour until ctx ends, so the
// sessions table holds only live ones.
func sweepSessions(ctx context.Context, svc *app.Service, log *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if n, err := svc.SweepSessions(ctx); err != nil && ctx.Err() == nil {
			log.Error("sweeping sessions", "error", err.Error())
		} else if n > 0 {
			log.Info("expired sessions removed", "count", n)
		}
		// Mijn Plan's resident sessions, OIDC logins under way and old
		// inlogcodes (internal/app/resident.go).
		if n, err := svc.SweepResidentAccess(ctx); err != nil && ctx.Err() == nil {
			log.Error("sweeping resident access", "error", err.Error())
		} else if n > 0 {
			log.Info("expired resident access removed", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
