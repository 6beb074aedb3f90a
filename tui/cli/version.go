package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// VersionLine is "cxroom VERSION (revision REV, TIME[, modified]) goX.Y
// OS/ARCH": the version set at build time, else the module's, and the VCS
// revision from the build info.
func VersionLine(set string) string {
	info, ok := debug.ReadBuildInfo()
	return versionLine(set, info, ok)
}

func versionLine(set string, info *debug.BuildInfo, ok bool) string {
	v := set
	var rev, when string
	modified := false
	if ok {
		if v == "" || v == "dev" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	if v == "" || v == "(devel)" {
		v = "devel"
	}
	line := "cxroom " + v
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		line += " (revision " + rev
		if when != "" {
			line += ", " + when
		}
		if modified {
			line += ", modified"
		}
		line += ")"
	}
	return fmt.Sprintf("%s %s %s/%s", line, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

func versionCmd(e *Env) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the version and the source revision it was built from",
		Example: "  cxroom version",
		Args:    noWords,
		RunE: func(*cobra.Command, []string) error {
			set := ""
			if e.Local != nil {
				set = e.Local.Version
			}
			_, err := fmt.Fprintln(e.Stdout, VersionLine(set))
			return err
		},
	}
}
