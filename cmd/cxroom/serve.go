package main

import (
	"context"
	"io"

	"cxroom/meeting"
)

// TODO(ssh): replaced by the SSH server wiring.

type server interface {
	Addr() string
	Shutdown()
}

func startServer(ctx context.Context, a *app, g globals, addr string) (server, error) {
	return nil, meeting.Errorf(meeting.EINVALID, "serving over SSH is not built yet")
}

func runServe(ctx context.Context, g globals, args []string, stdout, stderr io.Writer) int {
	return fail(stderr, meeting.Errorf(meeting.EINVALID, "serve is not built yet"))
}
