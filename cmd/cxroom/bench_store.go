package main

import (
	"context"
	"io"

	"cxroom/meeting"
)

// TODO(bench): the store benchmark.
func benchStore(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) int {
	return fail(stderr, meeting.Errorf(meeting.EINVALID, "bench store is not built yet"))
}
