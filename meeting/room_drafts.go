package meeting

import (
	"context"
	"time"
	"unicode/utf8"
)

// Draft is a form someone had open in the room: which form, what it was
// about, what they had typed and where the cursor was. The room keeps it
// when their connection drops, for the rest of the meeting, and gives it
// back when they rejoin: a half-typed record is not lost to a flaky link.
type Draft struct {
	Kind   string            // which form ("action", "issue", "review:blocked", …)
	Target string            // the record it edits or hangs from (an issue ID), or ""
	Values map[string]string // field key → text as typed
	Focus  int               // the focused field
}

// Limits of what a room keeps for people who left: one draft per person,
// each bounded by the record limits, and at most maxKept people per room
// (the longest gone are forgotten first), so a stream of strangers cannot
// grow a room's memory.
const (
	maxDraftFields = 32
	maxDraftKey    = 32
	maxDraftValue  = MaxNotes // the largest field of any record
	maxDraftBytes  = 64 << 10
	maxKept        = 64
)

// kept is what the room holds for someone who left: their open draft and
// since when their hand was up (zero: it was down).
type kept struct {
	draft  *Draft
	handAt time.Time
	seq    uint64 // when it was kept, to forget the oldest first
}

// cleanDraft bounds d and strips escape sequences from its text (it is
// shown back only to its author, but it is still text from a client).
func cleanDraft(d *Draft) *Draft {
	if d == nil {
		return nil
	}
	c := &Draft{Kind: CleanLine(d.Kind, maxDraftKey), Target: CleanLine(d.Target, MaxName), Focus: max(d.Focus, 0), Values: map[string]string{}}
	if c.Focus > maxDraftFields {
		c.Focus = 0
	}
	size := 0
	for k, v := range d.Values {
		if len(c.Values) == maxDraftFields {
			break
		}
		k = CleanLine(k, maxDraftKey)
		v = StripSequences(v)
		if utf8.RuneCountInString(v) > maxDraftValue {
			v = string([]rune(v)[:maxDraftValue])
		}
		if size += len(k) + len(v); size > maxDraftBytes {
			break
		}
		c.Values[k] = v
	}
	return c
}

// KeepDraft keeps d as a's open form, to give back with TakeDraft when
// they rejoin (nil forgets it). Only someone in the room who may add
// records has drafts.
func (r *Room) KeepDraft(ctx context.Context, a Actor, d *Draft) error {
	d = cleanDraft(d)
	return r.exec(ctx, func() (string, error) {
		if r.people[a.Handle] == nil || r.check(a, OpAddRecord, "", Subject{}) != nil {
			return "", errNoChange
		}
		if d == nil {
			if k := r.kept[a.Handle]; k != nil {
				k.draft = nil
				r.forget(a.Handle)
			}
			return "", errNoChange
		}
		r.keep(a.Handle).draft = d
		return "", errNoChange // nothing anyone else sees changed
	})
}

// TakeDraft returns a's kept draft, if any, and forgets it: the screen that
// reopens it keeps it from then on.
func (r *Room) TakeDraft(ctx context.Context, a Actor) (d *Draft, err error) {
	err = r.exec(ctx, func() (string, error) {
		if k := r.kept[a.Handle]; k != nil {
			d, k.draft = k.draft, nil
			r.forget(a.Handle)
		}
		return "", errNoChange
	})
	return d, err
}

// keep returns the room's record for handle, making room for it (on the
// loop goroutine).
func (r *Room) keep(handle string) *kept {
	if r.kept == nil {
		r.kept = map[string]*kept{}
	}
	k := r.kept[handle]
	if k == nil {
		if len(r.kept) >= maxKept {
			oldest := ""
			for h, x := range r.kept {
				if oldest == "" || x.seq < r.kept[oldest].seq {
					oldest = h
				}
			}
			delete(r.kept, oldest)
		}
		k = &kept{}
		r.kept[handle] = k
	}
	r.keptSeq++
	k.seq = r.keptSeq
	return k
}

// forget drops handle's record once it holds nothing.
func (r *Room) forget(handle string) {
	if k := r.kept[handle]; k != nil && k.draft == nil && k.handAt.IsZero() {
		delete(r.kept, handle)
	}
}
