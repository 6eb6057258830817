//go:build unix

package main

import (
	"os"
	"syscall"
)

// umask is the process's file mode creation mask, read once at start
// (setting it and setting it back, before any goroutine writes a file).
var umask = func() os.FileMode {
	m := syscall.Umask(0)
	syscall.Umask(m)
	return os.FileMode(m)
}()

// processAlive reports whether a process of that PID runs (or may run:
// another user's process answers EPERM).
func processAlive(pid int) bool {
	return syscall.Kill(pid, 0) != syscall.ESRCH
}

// lockFolder takes an exclusive lock on a folder for the time of the
// renames, so that two runs writing the same report's PDF and JSON rename
// them one pair after the other. It returns the function releasing it.
func lockFolder(dir string) func() {
	f, err := os.Open(dir)
	if err != nil {
		return func() {}
	}
	if syscall.Flock(int(f.Fd()), syscall.LOCK_EX) != nil {
		f.Close()
		return func() {}
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}
}

// stopSignals are the signals that stop a command cleanly.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}
