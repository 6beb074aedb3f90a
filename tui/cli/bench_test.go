package cli

// The cost of one command line over SSH: the tree is built per invocation.

import (
	"context"
	"io"
	"testing"
)

func BenchmarkRunWhoamiRemote(b *testing.B) {
	f := newFixture(b)
	b.ReportAllocs()
	for b.Loop() {
		e := &Env{Stdout: io.Discard, Stderr: io.Discard, Actor: member, Svc: f.svc, Agendas: f.set, Remote: true}
		if Run(context.Background(), e, []string{"whoami"}) != 0 {
			b.Fatal("whoami")
		}
	}
}

func BenchmarkRunActionsRemote(b *testing.B) {
	f := newFixture(b)
	b.ReportAllocs()
	for b.Loop() {
		e := &Env{Stdout: io.Discard, Stderr: io.Discard, Actor: member, Svc: f.svc, Agendas: f.set, Remote: true}
		if Run(context.Background(), e, []string{"actions", "--json"}) != 0 {
			b.Fatal("actions")
		}
	}
}
