package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"cxroom/meeting"
)

func backupCmd(e *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE|-",
		Short: "Write a consistent backup of the whole database",
		Long: `Write a consistent backup of the whole database (a snapshot: writes going on meanwhile
are not half in it). Locally to FILE (never over an existing one), or with - to stdout.
Over SSH, a facilitator's backup streams to the session's stdout, so another machine
can take it, from cron for instance; restore stays on the server's own machine.`,
		Example: `  cxroom backup cx-2026-12-01.bak
  ssh -p 2222 HOST backup > cx-$(date +%F).bak`,
		DisableFlagsInUseLine: true,
		Args:                  words(0, 1, "one backup file"),
		RunE: func(c *cobra.Command, args []string) error {
			if e.Remote {
				if len(args) == 1 && args[0] != "-" {
					return forbiddenf("backup to a file works only on the server's own machine; over SSH the backup comes to you: %s backup > cx.bak", e.join())
				}
				if err := meeting.Check(e.Actor, meeting.OpBackup, meeting.Subject{}); err != nil {
					return err
				}
				if e.Admin == nil {
					return forbiddenf("this server does not offer backups over SSH")
				}
				if err := e.Admin.Backup(e.Stdout); err != nil {
					return fmt.Errorf("backup: %w", err)
				}
				return nil
			}
			if len(args) == 0 {
				return usagef("say where the backup goes: cxroom backup FILE (or - for stdout)")
			}
			path := args[0]
			if path != "-" {
				if _, err := os.Stat(path); err == nil {
					return usagef("%s already exists; pick a new file name", meeting.CleanLine(path, 200))
				}
			}
			if err := e.open(c.Context(), false); err != nil {
				return err
			}
			if e.Admin == nil {
				return forbiddenf("backup works only on the server's own machine")
			}
			if e.Missing != "" {
				return usagef("there is no data folder at %s, so there is nothing to back up", e.Missing)
			}
			if path == "-" {
				return e.Admin.Backup(e.Stdout)
			}
			size, err := e.Admin.BackupFile(path)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "backed up to %s (%d bytes)\n", path, size)
			return nil
		},
	}
}

func restoreCmd(e *Env) *cobra.Command {
	var force bool
	c := &cobra.Command{
		Use:   "restore FILE [--force]",
		Short: "Replace the database with a backup",
		Long: `Replace the whole database with a backup made by cxroom backup. The backup is checked
first: a file that is not a cxroom backup changes nothing. A data folder that already
holds meetings is replaced only with --force.`,
		Example:               "  cxroom --data /srv/cx restore cx-2026-12-01.bak --force",
		DisableFlagsInUseLine: true,
		Annotations:           local(),
		Args:                  words(1, 1, "one backup file"),
		RunE: func(c *cobra.Command, args []string) error {
			path := args[0]
			shown := meeting.CleanLine(path, 200)
			info, err := os.Stat(path)
			switch {
			case errors.Is(err, fs.ErrNotExist):
				return usagef("there is no backup file %s", shown)
			case err != nil:
				return usagef("cannot read %s", shown)
			case info.IsDir():
				return usagef("%s is a folder; restore takes a backup file, made with `cxroom backup FILE`", shown)
			}
			if err := e.open(c.Context(), true); err != nil {
				return err
			}
			if e.Admin == nil {
				return forbiddenf("restore works only on the server's own machine")
			}
			empty, err := e.Admin.Empty(c.Context())
			if err != nil {
				return err
			}
			if !empty && !force {
				return usagef("the data folder already holds meetings; add --force to replace everything in it with the backup")
			}
			if err := e.Admin.RestoreFile(path); err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "restored from %s\n", path)
			return nil
		},
	}
	c.Flags().BoolVar(&force, "force", false, "replace a data folder that holds meetings")
	return c
}
