package agendas

import (
	"fmt"
	"testing"
	"time"

	"cxroom/meeting"
)

func FuzzParse(f *testing.F) {
	for _, name := range builtinFiles {
		data, err := rituals.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, c := range brokenFiles {
		f.Add([]byte(c.data))
	}
	f.Add([]byte(goodUser))
	f.Add([]byte("id: a&b\ntitle: *b\n"))
	f.Add([]byte("%YAML 1.1\n---\n!!map {id: x}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		stage := "parse"
		done := make(chan struct{})
		go func() {
			select {
			case <-done:
			case <-time.After(3 * time.Second):
				panic(fmt.Sprintf("hang in %s on %q", stage, data))
			}
		}()
		defer close(done)
		a, err := Parse("fuzz.yaml", data)
		if err != nil {
			stage = "error"
			if meeting.ErrorCode(err) != meeting.EINVALID {
				t.Fatalf("code %s: %v", meeting.ErrorCode(err), err)
			}
			checkErrorShape(t, "fuzz.yaml", err)
			return
		}
		if a.Source != "fuzz.yaml" {
			t.Fatalf("source %q", a.Source)
		}
		stage = "invariants"
		checkInvariants(t, a)
		stage = "roundtrip"
		roundTrip(t, a)
	})
}
