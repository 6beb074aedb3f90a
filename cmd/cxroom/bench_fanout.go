package main

import (
	"context"
	"io"

	"cxroom/meeting"
)

// TODO(bench): the fan-out benchmark over real SSH.
func benchFanout(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) int {
	return fail(stderr, meeting.Errorf(meeting.EINVALID, "bench fanout is not built yet"))
}
