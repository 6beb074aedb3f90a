package tui

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"cxroom/internal/teamfile"
	"cxroom/meeting"
)

// TeamFile is the team file, re-read when it changes on disk so `cxroom
// team add` takes effect for the next SSH session without a restart. A file
// that stops parsing keeps the last good team (and is logged): a typo must
// not lock everyone out mid-meeting.
type TeamFile struct {
	path string
	log  *slog.Logger

	mu      sync.Mutex
	mtime   time.Time
	size    int64
	team    *meeting.Team
	err     error
	checked time.Time // last stat: Get is called on every frame of every session

	// seen is the team and when the file was last checked, as get left
	// them: Cached reads it without the lock while it is fresh (every
	// session asks, after every change of its room)
	seen atomic.Pointer[seenTeam]
}

type seenTeam struct {
	team    *meeting.Team
	checked time.Time
}

// OpenTeamFile reads path. A missing file is an empty team (err is nil);
// a file that does not parse is an error.
func OpenTeamFile(path string, log *slog.Logger) (*TeamFile, error) {
	t := &TeamFile{path: path, log: log}
	t.reload()
	if t.err != nil {
		return nil, t.err
	}
	return t, nil
}

// Path returns the file's path.
func (t *TeamFile) Path() string { return t.path }

// Exists reports whether the file exists.
func (t *TeamFile) Exists() bool {
	_, err := os.Stat(t.path)
	return err == nil
}

// Get returns the current team (never nil), checking the file first: use
// it where identity is decided (authentication, a new session).
func (t *TeamFile) Get() *meeting.Team { return t.get(0) }

// Cached returns the team, checking the file at most once a second: use it
// for display (names on every frame of every session).
func (t *TeamFile) Cached() *meeting.Team {
	if v := t.seen.Load(); v != nil && time.Since(v.checked) < time.Second {
		return v.team
	}
	return t.get(time.Second)
}

func (t *TeamFile) get(maxAge time.Duration) *meeting.Team {
	t.mu.Lock()
	defer t.mu.Unlock()
	if now := time.Now(); maxAge == 0 || now.Sub(t.checked) >= maxAge {
		t.checked = now
		info, err := os.Stat(t.path)
		switch {
		case err == nil && (!info.ModTime().Equal(t.mtime) || info.Size() != t.size):
			t.reloadLocked()
		case os.IsNotExist(err) && t.size != 0:
			t.reloadLocked() // the file was removed: nobody is on the team
			t.size = 0
		}
	}
	if t.team == nil {
		return &meeting.Team{}
	}
	t.seen.Store(&seenTeam{team: t.team, checked: t.checked})
	return t.team
}

func (t *TeamFile) reload() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.reloadLocked()
	t.seen.Store(nil) // Cached checks the file first
}

func (t *TeamFile) reloadLocked() {
	info, err := os.Stat(t.path)
	if os.IsNotExist(err) {
		t.team, t.err = &meeting.Team{}, nil
		return
	}
	data, err := readBounded(t.path)
	if err != nil {
		t.err = err
		return
	}
	team, err := teamfile.Parse(filepath.Base(t.path), data)
	if err != nil {
		t.err = err
		t.mtime, t.size = info.ModTime(), info.Size() // report once, not on every Get
		if t.log != nil && t.team != nil {
			t.log.Error("team file no longer parses; keeping the last good team", "file", t.path, "err", err)
		}
		return
	}
	t.team, t.err = team, nil
	t.mtime, t.size = info.ModTime(), info.Size()
}

// readBounded reads the team file, refusing one larger than teamfile.MaxSize
// (it is re-read on every change, by every new session).
func readBounded(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read the team file: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, teamfile.MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("read the team file: %w", err)
	}
	return data, nil
}
