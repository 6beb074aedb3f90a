package main

import (
	"context"
	"fmt"
	"io"

	"cxroom/tui/cli"
)

// runBench dispatches `cxroom bench fanout|store …`: measurements that
// print figures, never pass/fail.
func runBench(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "cxroom: usage: cxroom bench fanout [--clients N] [--actions K] [--json] | cxroom bench store [--json]")
		return cli.ExitUsage
	}
	switch args[0] {
	case "fanout":
		return benchFanout(ctx, g, args[1:], stdout, stderr)
	case "store":
		return benchStore(ctx, g, args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "cxroom: unknown benchmark %q; try fanout or store\n", args[0])
	return cli.ExitUsage
}
