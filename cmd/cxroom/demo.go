package main

import (
	"context"
	"io"

	"cxroom/meeting"
)

// TODO(demo): replaced by the demo data command.

func runDemo(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) int {
	return fail(stderr, meeting.Errorf(meeting.EINVALID, "demo is not built yet"))
}
