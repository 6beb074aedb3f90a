//go:build !linux

package main

import (
	"errors"
	"os/exec"
	"time"
)

var errNoProc = errors.New("bench fanout reads the server's memory and CPU from /proc: run it on Linux")

func setChildAttrs(*exec.Cmd)            {}
func procRSS(int) (int64, error)         { return 0, errNoProc }
func procCPU(int) (time.Duration, error) { return 0, errNoProc }
func selfCPU() time.Duration             { return 0 }
