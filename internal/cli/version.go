package cli

import (
	"context"
	"fmt"
	"runtime/debug"
)

// Version is set at build time with -ldflags "-X wijkregie/internal/cli.Version=…";
// otherwise the module's build information says what it can.
var Version = "dev"

func runVersion(ctx context.Context, c *cmdCtx, args []string) error {
	fs := c.flags("version", "cli.version.help")
	if err := fs.parse(args); err != nil {
		return err
	}
	v, rev := Version, ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				rev = s.Value[:12]
			}
		}
		if v == "dev" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
	}
	if rev != "" {
		v += " (" + rev + ")"
	}
	fmt.Fprintln(c.Stdout, "wijkregie "+v)
	return nil
}
