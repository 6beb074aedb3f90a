package agendas

import (
	"testing"

	"cxroom/meeting"
)

// FuzzParse: Parse never panics; what it refuses it refuses with one safe
// line naming the file and a line; what it accepts satisfies every
// invariant, and written back out as YAML parses to the same agenda.
//
// The seeds are whole agenda files, which Go's fuzzer is slow to minimise:
// for real fuzzing, add -fuzzminimizetime=2s.
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
		// The walk and yaml.v3's strict decoding agree: what the walk
		// accepts, KnownFields decoding accepts too.
		p := &parser{name: "fuzz.yaml"}
		if _, _, err := p.parse(data); err == nil {
			if err := p.strict(data); err != nil {
				t.Fatalf("the walk accepts what strict decoding refuses: %v", err)
			}
		}
		a, err := Parse("fuzz.yaml", data)
		if err != nil {
			if meeting.ErrorCode(err) != meeting.EINVALID {
				t.Fatalf("code %s: %v", meeting.ErrorCode(err), err)
			}
			checkErrorShape(t, "fuzz.yaml", err)
			return
		}
		if a.Source != "fuzz.yaml" {
			t.Fatalf("source %q", a.Source)
		}
		checkInvariants(t, a)
		roundTrip(t, a)
	})
}
