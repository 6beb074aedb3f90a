package meeting_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"cxroom/internal/memstore"
	"cxroom/meeting"
)

func fp(n int) string { return "SHA256:" + fmt.Sprintf("%043d", n) }

// TestGuestNamesAreBoundToKeys (issue 9.6): a guest's name belongs to the
// key that first used it, in the store: another key asking for it gets
// another name, after a restart too, and past the limit new guests are
// turned away instead of sharing names.
func TestGuestNamesAreBoundToKeys(t *testing.T) {
	db := memstore.New()
	clock := meeting.NewFakeClock(t0)
	svc := meeting.NewService(db, clock, nil, nil)
	bob1, err := svc.Guest(context.Background(), "bob", fp(1))
	if err != nil || bob1.Handle != "bob" || !bob1.Guest || bob1.Role != meeting.RoleMember {
		t.Fatalf("first bob: %+v %v", bob1, err)
	}
	bob2, err := svc.Guest(context.Background(), "bob", fp(2))
	if err != nil || bob2.Handle != "bob-2" {
		t.Fatalf("another key asking for bob: %+v %v", bob2, err)
	}
	// the same key keeps its name, whatever it asks for later
	if again, _ := svc.Guest(context.Background(), "alice", fp(2)); again.Handle != "bob-2" {
		t.Fatalf("key 2 asking for alice became %s", again.Handle)
	}
	// a restart: a new service over the same store changes nothing
	svc = meeting.NewService(db, clock, nil, nil)
	if who, _ := svc.Guest(context.Background(), "bob", fp(2)); who.Handle != "bob-2" {
		t.Fatalf("after a restart key 2 is %s, want bob-2", who.Handle)
	}
	if who, _ := svc.Guest(context.Background(), "bob", fp(1)); who.Handle != "bob" {
		t.Fatalf("after a restart key 1 is %s, want bob", who.Handle)
	}
	// a long name still gets a distinct, valid handle
	long := strings.Repeat("x", 32)
	a, _ := svc.Guest(context.Background(), long, fp(3))
	b, err := svc.Guest(context.Background(), long, fp(4))
	if err != nil || a.Handle == b.Handle || len(b.Handle) > 32 {
		t.Fatalf("long names: %q %q %v", a.Handle, b.Handle, err)
	}
	// many keys at once asking for one name: each gets its own
	var wg sync.WaitGroup
	got := make([]string, 20)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g, err := svc.Guest(context.Background(), "crowd", fp(100+i))
			if err != nil {
				t.Error(err)
			}
			got[i] = g.Handle
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, h := range got {
		if seen[h] {
			t.Fatalf("two keys got %s: %v", h, got)
		}
		seen[h] = true
	}
	// the limit: no name is ever handed out twice; new guests are refused
	svc.GuestLimit = 30
	for i := 0; ; i++ {
		_, err := svc.Guest(context.Background(), "late", fp(1000+i))
		if err != nil {
			if meeting.ErrorCode(err) != meeting.ECONFLICT || !strings.Contains(meeting.ErrorMessage(err), "guest places") {
				t.Fatalf("past the limit: %v", err)
			}
			break
		}
		if i > 40 {
			t.Fatal("no limit")
		}
	}
	if who, err := svc.Guest(context.Background(), "bob", fp(1)); err != nil || who.Handle != "bob" {
		t.Fatalf("a known guest past the limit: %+v %v", who, err)
	}
}
