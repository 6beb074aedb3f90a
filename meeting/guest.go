package meeting

import (
	"context"
	"regexp"
	"strconv"
	"time"
)

// GuestPass binds a guest's name to the SSH key that first used it, for
// good: a name is never handed to another key (after a restart, or however
// many guests came), and a key keeps the name it got first, so nobody can
// act as another guest or collect names.
type GuestPass struct {
	ID          string    `json:"id"` // the handle in capitals: the store keys passes by it
	Handle      string    `json:"handle"`
	Fingerprint string    `json:"fingerprint"` // SHA256:… of the public key
	CreatedAt   time.Time `json:"created_at"`
}

// MaxGuests bounds the guest names a server keeps: past it, new guests are
// turned away (names are never reused).
const MaxGuests = 10000

var fingerprintRE = regexp.MustCompile(`^SHA256:[A-Za-z0-9+/]{43}$`)

// Validate checks a pass before it is stored.
func (g *GuestPass) Validate() error {
	if _, err := ParseHandle(g.Handle); err != nil {
		return err
	}
	if g.ID != "" && g.ID != NormalizeID(g.Handle) {
		return Errorf(EINVALID, "a guest pass is kept under its handle")
	}
	if !fingerprintRE.MatchString(g.Fingerprint) {
		return Errorf(EINVALID, "a guest pass needs the key's SHA256 fingerprint")
	}
	if g.CreatedAt.IsZero() {
		return Errorf(EINVALID, "a guest pass needs the time it was made")
	}
	return nil
}

// GuestStore keeps guest passes.
type GuestStore interface {
	// CreateGuestPass stores a pass under its Handle.
	CreateGuestPass(ctx context.Context, g *GuestPass) error
	GuestPass(ctx context.Context, handle string) (*GuestPass, error)
	// GuestPasses lists the passes of the key with fingerprint fp ("" for
	// all), by handle.
	GuestPasses(ctx context.Context, fp string) ([]*GuestPass, error)
}

// Guest returns the identity of a guest (a server run with --open) holding
// the key with fingerprint fp: the name that key got first, else the name
// asked for (already a valid handle that is not a team member's), or
// name-2, name-3… when another key holds it. Names are kept in the store,
// so a restart changes nothing.
func (s *Service) Guest(ctx context.Context, asked, fp string) (Actor, error) {
	asked = NormalizeHandle(asked)
	var pass *GuestPass
	err := s.store.Atomically(ctx, func(tx Tx) error {
		pass = nil
		mine, err := tx.GuestPasses(ctx, fp)
		if err != nil {
			return err
		}
		if len(mine) > 0 {
			pass = mine[0]
			return nil
		}
		all, err := tx.GuestPasses(ctx, "")
		if err != nil {
			return err
		}
		if limit := s.guestLimit(); len(all) >= limit {
			return Errorf(ECONFLICT, "this server has given out all of its %d guest places; ask whoever runs it for a place on the team", limit)
		}
		for i := 1; i <= 100; i++ {
			h := asked
			if i > 1 {
				suffix := "-" + strconv.Itoa(i)
				h = NormalizeHandle(asked[:min(len(asked), 32-len(suffix))] + suffix)
			}
			if _, err := tx.GuestPass(ctx, h); err == nil {
				continue
			} else if !IsNotFound(err) {
				return err
			}
			pass = &GuestPass{Handle: h, Fingerprint: fp, CreatedAt: s.Clock.Now()}
			return tx.CreateGuestPass(ctx, pass)
		}
		return Errorf(ECONFLICT, "too many guests use the name %s; connect with another user name (ssh other@host)", asked)
	})
	if err != nil {
		return Actor{}, s.public(err)
	}
	return Actor{Handle: pass.Handle, Name: pass.Handle, Role: RoleMember, Guest: true}, nil
}

func (s *Service) guestLimit() int {
	if s.GuestLimit > 0 {
		return s.GuestLimit
	}
	return MaxGuests
}

// NormalizeHandle trims what a handle may not end with after a cut.
func NormalizeHandle(h string) string {
	for len(h) > 0 && (h[len(h)-1] == '.' || h[len(h)-1] == '-' || h[len(h)-1] == '_') {
		h = h[:len(h)-1]
	}
	if len(h) > 32 {
		h = h[:32]
	}
	return h
}
