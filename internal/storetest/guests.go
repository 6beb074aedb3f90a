package storetest

import (
	"strings"
	"testing"

	"cxroom/meeting"
)

const (
	fpAnn = "SHA256:" + "annannannannannannannannannannannannannannn"
	fpBob = "SHA256:" + "bobbobbobbobbobbobbobbobbobbobbobbobbobbob0"
)

// guestPasses: a pass is kept under its handle, found by its key's
// fingerprint, refused when invalid or when the handle is taken.
func guestPasses(t *testing.T, db meeting.Store) {
	ann := &meeting.GuestPass{Handle: "ann", Fingerprint: fpAnn, CreatedAt: now}
	must(t, db.CreateGuestPass(bg, ann))
	if ann.ID != "ANN" {
		t.Fatalf("a pass is kept under its handle: id %q", ann.ID)
	}
	got, err := db.GuestPass(bg, "ann")
	must(t, err)
	if got.Handle != "ann" || got.Fingerprint != fpAnn || !got.CreatedAt.Equal(now) {
		t.Fatalf("get: %+v", got)
	}
	_, err = db.GuestPass(bg, "bob")
	wantCode(t, err, meeting.ENOTFOUND, "does not exist")
	must(t, db.CreateGuestPass(bg, &meeting.GuestPass{Handle: "bob", Fingerprint: fpBob, CreatedAt: now}))
	mine, err := db.GuestPasses(bg, fpAnn)
	must(t, err)
	if len(mine) != 1 || mine[0].Handle != "ann" {
		t.Fatalf("ann's key: %+v", mine)
	}
	if none, err := db.GuestPasses(bg, "SHA256:"+strings.Repeat("x", 43)); err != nil || len(none) != 0 {
		t.Fatalf("an unknown key: %v %+v", err, none)
	}
	all, err := db.GuestPasses(bg, "")
	must(t, err)
	if len(all) != 2 || all[0].Handle != "ann" || all[1].Handle != "bob" {
		t.Fatalf("all: %+v", all)
	}
	before := Dump(t, db)
	if err := db.CreateGuestPass(bg, &meeting.GuestPass{Handle: "ann", Fingerprint: fpBob, CreatedAt: now}); err == nil {
		t.Fatal("a second pass for ann was stored")
	}
	err = db.CreateGuestPass(bg, &meeting.GuestPass{Handle: "cy", Fingerprint: "md5:aa", CreatedAt: now})
	wantCode(t, err, meeting.EINVALID, "fingerprint")
	err = db.CreateGuestPass(bg, &meeting.GuestPass{Handle: "Not A Handle", Fingerprint: fpBob, CreatedAt: now})
	if meeting.ErrorCode(err) != meeting.EINVALID {
		t.Fatalf("a bad handle: %v", err)
	}
	if Dump(t, db) != before {
		t.Fatal("a refused pass changed the store")
	}
}
