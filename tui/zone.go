package tui

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// zoneName is what an IANA time zone name can look like ("Europe/Lisbon",
// "America/Argentina/Buenos_Aires", "Etc/GMT+3"): no dots, so no path tricks.
var zoneName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,3}$`)

// LocalZone is this machine's time zone by its IANA name ($TZ, else where
// /etc/localtime points), for what the local screen schedules; time.Local
// when it has no name to find.
func LocalZone() *time.Location {
	if loc := loadZone(strings.TrimPrefix(os.Getenv("TZ"), ":")); loc != nil {
		return loc
	}
	if target, err := os.Readlink("/etc/localtime"); err == nil {
		if _, name, ok := strings.Cut(filepath.ToSlash(target), "zoneinfo/"); ok {
			if loc := loadZone(name); loc != nil {
				return loc
			}
		}
	}
	return time.Local
}

// zoneFromEnv is the time zone an SSH client sent (TZ, with OpenSSH's
// SendEnv TZ), or nil.
func zoneFromEnv(env []string) *time.Location {
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "TZ="); ok {
			return loadZone(strings.TrimPrefix(v, ":"))
		}
	}
	return nil
}

func loadZone(name string) *time.Location {
	if len(name) > 64 || !zoneName.MatchString(name) {
		return nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil
	}
	return loc
}
