// Package logging opens cxroom's log: structured (text or JSON, one event
// per line), rotated by size in the data folder, or on stderr when a
// service manager collects it; and it summarises events a stranger could
// repeat at will (Tally) instead of writing a line for each.
package logging

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	charmlog "charm.land/log/v2"
	"github.com/charmbracelet/colorprofile"
	"gopkg.in/natefinch/lumberjack.v2"
)

// Defaults.
const (
	FileName          = "cxroom.log"
	DefaultMaxSizeMB  = 10 // a file is rotated when it would grow past this
	DefaultMaxBackups = 3  // rotated files kept beside it
)

// Options say where and how to log.
type Options struct {
	Dir    string // the data folder: the log is Dir/cxroom.log
	File   string // a path instead of Dir/cxroom.log; "-" is stderr
	Format string // "text" (the default) or "json"
	Level  slog.Leveler

	MaxSizeMB  int // 0: DefaultMaxSizeMB
	MaxBackups int // 0: DefaultMaxBackups

	// Service is set by `cxroom serve`: under systemd or in a container the
	// log goes to stderr (the journal or the container runtime keeps it)
	// unless File names a file. The TUI never logs to stderr: it owns the
	// terminal.
	Service bool

	Stderr io.Writer               // nil: os.Stderr
	Getenv func(key string) string // nil: os.Getenv
	Exists func(path string) bool  // nil: os.Stat (for /.dockerenv)
}

// Log is an open log.
type Log struct {
	*slog.Logger
	// Writer is where the lines go, for libraries that log on their own
	// (RouteLibraries).
	Writer io.Writer
	format string
	path   string // "" on stderr
	closer io.Closer
}

// CheckFormat returns an error naming the choices when format is not one.
func CheckFormat(format string) error {
	switch format {
	case "", "text", "json":
		return nil
	}
	return fmt.Errorf("log format %q is not one of text or json", format)
}

// Open opens the log described by o. A log file that cannot be opened is an
// error: the caller decides whether to go on without one.
func Open(o Options) (*Log, error) {
	if err := CheckFormat(o.Format); err != nil {
		return nil, err
	}
	if o.Stderr == nil {
		o.Stderr = os.Stderr
	}
	l := &Log{format: o.Format}
	switch {
	case o.File == "-" || o.File == "" && o.Service && underServiceManager(o):
		l.Writer = o.Stderr
	default:
		path := o.File
		if path == "" {
			if o.Dir == "" {
				return nil, errors.New("logging: no data folder and no log file")
			}
			path = filepath.Join(o.Dir, FileName)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("create the log folder: %w", err)
		}
		// Fail now, not on the first line: lumberjack opens lazily.
		f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			return nil, fmt.Errorf("open the log: %w", err)
		}
		_ = f.Close()
		rot := &lumberjack.Logger{
			Filename:   path,
			MaxSize:    orDefault(o.MaxSizeMB, DefaultMaxSizeMB),
			MaxBackups: orDefault(o.MaxBackups, DefaultMaxBackups),
		}
		l.Writer, l.closer, l.path = rot, rot, path
	}
	l.Logger = slog.New(newHandler(l.Writer, o))
	return l, nil
}

// Discard is a log that writes nothing.
func Discard() *Log {
	return &Log{Logger: slog.New(slog.DiscardHandler), Writer: io.Discard}
}

func newHandler(w io.Writer, o Options) slog.Handler {
	ho := &slog.HandlerOptions{Level: o.Level}
	var h slog.Handler
	if o.Format == "json" {
		h = slog.NewJSONHandler(w, ho)
	} else {
		h = slog.NewTextHandler(w, ho)
	}
	return h
}

func orDefault(n, def int) int {
	if n <= 0 {
		return def
	}
	return n
}

// underServiceManager reports whether systemd (INVOCATION_ID, JOURNAL_STREAM)
// or a container runtime (container=…, /.dockerenv) runs the process.
func underServiceManager(o Options) bool {
	getenv, exists := o.Getenv, o.Exists
	if getenv == nil {
		getenv = os.Getenv
	}
	if exists == nil {
		exists = func(p string) bool { _, err := os.Stat(p); return err == nil }
	}
	for _, k := range []string{"INVOCATION_ID", "JOURNAL_STREAM", "container"} {
		if getenv(k) != "" {
			return true
		}
	}
	return exists("/.dockerenv")
}

// Where says where the log goes, for people: a path, or "stderr".
func (l *Log) Where() string {
	if l.path == "" {
		if l.Writer == io.Discard {
			return "nowhere"
		}
		return "stderr"
	}
	return l.path
}

// Close closes the log file (nothing on stderr).
func (l *Log) Close() error {
	if l == nil || l.closer == nil {
		return nil
	}
	return l.closer.Close()
}

// RouteLibraries sends what libraries log on their own — slog's default
// logger (the SSH package) and charm's default logger (Wish) — into this
// log, in its format and without colours: charm's logger picks its colours
// from the terminal it was first made for, and its escapes would otherwise
// land in the file.
func (l *Log) RouteLibraries() {
	f := charmlog.LogfmtFormatter
	if l.format == "json" {
		f = charmlog.JSONFormatter
	}
	cl := charmlog.NewWithOptions(l.Writer, charmlog.Options{Formatter: f, ReportTimestamp: true})
	cl.SetColorProfile(colorprofile.NoTTY)
	charmlog.SetDefault(cl)
	slog.SetDefault(l.Logger)
}
