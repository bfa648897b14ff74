// Command wijkregie is the working platform of Dutch social neighbourhood
// teams. Run `wijkregie help` for its commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"wijkregie/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], cli.Env{Getenv: os.Getenv, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
	stop()
	os.Exit(code)
}
