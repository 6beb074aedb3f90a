//go:build !linux

package bench

import (
	"errors"
	"os/exec"
	"time"
)

var errNoProc = errors.New("the fan-out benchmark reads the server's memory and CPU from /proc: run it on Linux")

// SetChildAttrs does nothing here: the child is stopped when the run ends.
func SetChildAttrs(*exec.Cmd) {}

// ProcRSS needs /proc.
func ProcRSS(int) (int64, error) { return 0, errNoProc }

// ProcPeakRSS needs /proc.
func ProcPeakRSS(int) (int64, error) { return 0, errNoProc }

// ProcCPU needs /proc.
func ProcCPU(int) (time.Duration, error) { return 0, errNoProc }

// ProcRunTime needs /proc.
func ProcRunTime(int) (time.Duration, error) { return 0, errNoProc }

// SelfRunTime needs /proc.
func SelfRunTime() (time.Duration, error) { return 0, errNoProc }

// SelfCPU is not measured here.
func SelfCPU() time.Duration { return 0 }

// ProcFDs needs /proc.
func ProcFDs(int) (int64, error) { return 0, errNoProc }
