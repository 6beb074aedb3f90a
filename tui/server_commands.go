package tui

import (
	"context"
	"io"
	"sync"
)

// commandGate bounds what commands over SSH cost the server's CPU and
// memory. A read such as `verify`, `report board` or `export actions` works
// over all the data (seconds of CPU and hundreds of MB over years of it)
// for the price of one ssh invocation, so the key rate alone would let one
// member with a script keep every core busy and hold a report's memory per
// session. Every command therefore runs
//
//   - one at a time per key: a person's next command waits in line until
//     the last one ended (a script runs its commands one after the other,
//     at the cost of one command's memory);
//   - at most MaxCommands at once on the whole server, counting only the
//     time a command computes: while it waits for its client (reading
//     stdin, or writing to a client that does not read) it gives its place
//     back, so a few stalled clients cannot keep everyone else waiting.
//
// Waiting costs nothing but the session, which the per-key session cap
// already bounds; a client that disconnects leaves the line.
type commandGate struct {
	slots chan struct{} // the whole server's places

	mu   sync.Mutex
	keys map[string]*keyTurn
}

type keyTurn struct {
	turn  chan struct{} // one place: the key's running command
	users int           // sessions holding or waiting for it
}

func newCommandGate(maxCommands int) *commandGate {
	return &commandGate{slots: make(chan struct{}, max(maxCommands, 1)), keys: map[string]*keyTurn{}}
}

// enter waits for key's turn and then for a place. It returns the
// command's ticket (leave it once), or ctx's error.
func (g *commandGate) enter(ctx context.Context, key string) (*ticket, error) {
	g.mu.Lock()
	l := g.keys[key]
	if l == nil {
		l = &keyTurn{turn: make(chan struct{}, 1)}
		g.keys[key] = l
	}
	l.users++
	g.mu.Unlock()
	t := &ticket{g: g, ctx: ctx, line: l, key: key}
	select {
	case l.turn <- struct{}{}:
	case <-ctx.Done():
		g.done(key, l)
		return nil, ctx.Err()
	}
	if err := t.take(); err != nil {
		<-l.turn
		g.done(key, l)
		return nil, err
	}
	return t, nil
}

func (g *commandGate) done(key string, l *keyTurn) {
	g.mu.Lock()
	if l.users--; l.users == 0 {
		delete(g.keys, key)
	}
	g.mu.Unlock()
}

// ticket is one command's turn and, while it computes, its place.
type ticket struct {
	g    *commandGate
	ctx  context.Context
	line *keyTurn
	key  string

	mu   sync.Mutex
	held bool
}

// take takes a place (waiting for one), unless the session ended.
func (t *ticket) take() error {
	select {
	case t.g.slots <- struct{}{}:
	case <-t.ctx.Done():
		return t.ctx.Err()
	}
	t.mu.Lock()
	t.held = true
	t.mu.Unlock()
	return nil
}

// give gives the place back, if held.
func (t *ticket) give() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.held {
		t.held = false
		<-t.g.slots
	}
}

// leave ends the command: its place and its key's turn are given back.
func (t *ticket) leave() {
	t.give()
	<-t.line.turn
	t.g.done(t.key, t.line)
}

// waitingReader and waitingWriter wrap a command's stdin and stdout: while
// a Read or Write waits on the client, the command's place is given back,
// and taken again before the command computes on.
type waitingReader struct {
	t *ticket
	r io.Reader
}

func (x waitingReader) Read(p []byte) (int, error) {
	x.t.give()
	n, err := x.r.Read(p)
	if terr := x.t.take(); terr != nil && err == nil {
		err = terr
	}
	return n, err
}

type waitingWriter struct {
	t *ticket
	w io.Writer
}

func (x waitingWriter) Write(p []byte) (int, error) {
	x.t.give()
	n, err := x.w.Write(p)
	if terr := x.t.take(); terr != nil && err == nil {
		err = terr
	}
	return n, err
}
