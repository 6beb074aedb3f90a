//go:build linux

package bench

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// clockTicks is the kernel's USER_HZ, the unit of /proc/PID/stat times: 100
// on every Linux architecture Go supports.
const clockTicks = 100

// SetChildAttrs makes the server child die with this process, however it
// ends.
func SetChildAttrs(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

// ProcRSS is the resident set of process pid, in KiB.
func ProcRSS(pid int) (int64, error) { return procStatus(pid, "VmRSS:") }

// ProcPeakRSS is the largest resident set process pid had, in KiB.
func ProcPeakRSS(pid int) (int64, error) { return procStatus(pid, "VmHWM:") }

func procStatus(pid int, field string) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, field); ok {
			f := strings.Fields(v)
			if len(f) >= 1 {
				return strconv.ParseInt(f[0], 10, 64)
			}
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}

// ProcCPU is the CPU time (user + system, all threads) process pid used.
func ProcCPU(pid int) (time.Duration, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	s := string(data)
	i := strings.LastIndexByte(s, ')') // the command name may hold spaces
	if i < 0 {
		return 0, fmt.Errorf("/proc/%d/stat does not parse", pid)
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat does not parse", pid)
	}
	// fields 14 and 15 of stat: utime, stime (f[0] is field 3)
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc/%d/stat does not parse", pid)
	}
	return time.Duration(ut+st) * time.Second / clockTicks, nil
}

// ProcRunTime is the time process pid's threads ran on a CPU, to the
// nanosecond (the sum of /proc/PID/task/*/schedstat): precise enough for
// spans of milliseconds, where ProcCPU counts in 10 ms ticks. A thread that
// ended is no longer counted, so only a span's difference means anything.
func ProcRunTime(pid int) (time.Duration, error) {
	dir := fmt.Sprintf("/proc/%d/task", pid)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	var sum int64
	for _, e := range ents {
		data, err := os.ReadFile(dir + "/" + e.Name() + "/schedstat")
		if err != nil {
			continue // the thread ended meanwhile
		}
		f := strings.Fields(string(data))
		if len(f) == 0 {
			continue
		}
		ns, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%s/%s/schedstat does not parse", dir, e.Name())
		}
		sum += ns
	}
	return time.Duration(sum), nil
}

// SelfRunTime is ProcRunTime of this process.
func SelfRunTime() (time.Duration, error) { return ProcRunTime(os.Getpid()) }

// SelfCPU is this process's CPU time so far.
func SelfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// ProcFDs is how many file descriptors process pid holds open.
func ProcFDs(pid int) (int64, error) {
	ents, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return 0, err
	}
	return int64(len(ents)), nil
}
