package main

import (
	"context"
	"io"

	"cxroom/meeting"
)

// TODO(bench): replaced by the benchmark commands.

func runBench(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) int {
	return fail(stderr, meeting.Errorf(meeting.EINVALID, "bench is not built yet"))
}
