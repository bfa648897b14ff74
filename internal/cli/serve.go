package cli

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"

	"wijkregie/internal/app"
	"wijkregie/internal/config"
	"wijkregie/internal/demo"
	"wijkregie/internal/logging"
	"wijkregie/internal/metrics"
	"wijkregie/internal/server"
	"wijkregie/internal/store"
)

func runServe(ctx context.Context, c *cmdCtx, args []string) error {
	cfg := config.Defaults()
	fs := c.flags("serve", "cli.serve.help")
	cfg.BindStore(fs, c.Getenv, c.tr)
	envErr := cfg.BindServe(fs, c.Getenv, c.tr)
	if err := parse(fs, args); err != nil {
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
			sum, err := demo.Load(ctx, s, demo.Options{Seed: 1, Progress: c.Stderr})
			if err != nil {
				return err
			}
			log.Info("demo municipality loaded", "municipality", sum.Municipality, "households", sum.Households)
		}
	}
	svc := app.New(s, app.Options{})
	h, err := server.New(server.Config{App: svc, Catalogue: c.cat, Logger: log, Metrics: reg, SecureCookies: cfg.SecureCookies})
	if err != nil {
		return err
	}
	reg.GaugeFunc("wijkregie_store_open_connections", "Open connections of the store's write pool.", func() float64 { return float64(s.Stats().OpenConnections) })
	reg.GaugeFunc("wijkregie_store_wait_total", "Times a request waited for a connection of the store's write pool.", func() float64 { return float64(s.Stats().WaitCount) })

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return &config.Error{Setting: "--addr (WIJKREGIE_ADDR)", Value: cfg.Addr, Key: "cli.config.listen"}
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	log.Info("listening", "addr", ln.Addr().String(), "store", string(s.Dialect()), "target", store.DescribeTarget(store.Options{DataDir: cfg.DataDir, DB: cfg.DB}))
	c.say("cli.serve.luistert", "url", "http://"+ln.Addr().String())

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
	cfg.BindStore(fs, c.Getenv, c.tr)
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := cfg.ValidateStore(); err != nil {
		return err
	}
	s, err := store.Open(ctx, store.Options{DataDir: cfg.DataDir, DB: cfg.DB})
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := s.Migrate(ctx)
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
	cfg := config.Defaults()
	fs := c.flags("demo", "cli.demo.help")
	cfg.BindStore(fs, c.Getenv, c.tr)
	seed := fs.Int64("seed", 1, c.T("cli.demo.seed"))
	households := fs.Int("households", 60, c.T("cli.demo.households"))
	if err := parse(fs, args); err != nil {
		return err
	}
	if *households < 1 || *households > demo.MaxHouseholds {
		return usage("cli.demo.households.ongeldig")
	}
	s, err := openStore(ctx, &cfg, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	empty, err := demo.Empty(ctx, s)
	if err != nil {
		return err
	}
	if !empty {
		return usage("cli.demo.niet_leeg")
	}
	sum, err := demo.Load(ctx, s, demo.Options{Seed: *seed, Households: *households, Progress: c.Stderr})
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
}
