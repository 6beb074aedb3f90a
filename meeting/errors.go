// Package meeting is cxroom's domain: the records a CX leadership ritual
// produces, their validation, the meeting clock, the live Room shared by
// every participant, and the interfaces the store implements. It imports no
// Badger and no Bubble Tea.
package meeting

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Code classifies an error so each edge (CLI, TUI, SSH) maps it once to a
// message and an exit status.
type Code string

const (
	EINVALID   Code = "invalid"
	ENOTFOUND  Code = "not_found"
	EFORBIDDEN Code = "forbidden"
	ECONFLICT  Code = "conflict"
	EINTERNAL  Code = "internal"
)

// Error is an error meant for a person: Message is one sentence.
type Error struct {
	Code    Code
	Message string
	Err     error // optional cause, for logs
	// Retry: for a refusal to go faster, how long until the same request
	// may pass (a screen takes the sentence away then)
	Retry time.Duration
}

// RetryAfter returns how long until a request refused for going too fast
// may pass, or 0 when err is no such refusal.
func RetryAfter(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.Retry
	}
	return 0
}

func (e *Error) Error() string {
	if e.Err != nil && e.Message == "" {
		return e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an *Error with a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, or EINTERNAL.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the human sentence for err. Internal errors keep
// their text (wrapped with context) because it is all we have.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	return err.Error()
}

// IsNotFound reports whether err is a not-found error.
func IsNotFound(err error) bool { return ErrorCode(err) == ENOTFOUND }

// Public returns err as people may see it. Errors meant for people (an
// *Error with a message) and a cancelled context pass unchanged. Anything
// else is an internal failure (the store, the disk, a bug): it is logged
// with a short reference, and the person gets one sentence naming that
// reference, never the internal text (a path, a library's message).
func Public(log *slog.Logger, err error) error {
	var e *Error
	switch {
	case err == nil, errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.As(err, &e) && e.Message != "":
		return err // written for people (a full disk says so itself)
	}
	ref := newRef()
	if log != nil {
		log.Error("internal error", "ref", ref, "err", err)
	}
	return &Error{Code: EINTERNAL, Err: err,
		Message: fmt.Sprintf("nothing was saved (ref %s); something went wrong on the server, so try again or tell whoever runs cxroom", ref)}
}

// newRef is a short random reference that ties what a person saw to the
// log line with the cause.
func newRef() string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return strings.ToUpper(hex.EncodeToString(b[:]))
}
