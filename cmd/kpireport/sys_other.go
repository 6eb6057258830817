//go:build !unix

package main

import "os"

// umask: Windows has none; files are made readable and writable, as
// os.Create makes them.
var umask os.FileMode = 0

// processAlive cannot tell on this system: temporary files are then
// stale by their age only.
func processAlive(pid int) bool { return true }

// lockFolder does nothing on this system.
func lockFolder(dir string) func() { return func() {} }

// stopSignals are the signals that stop a command cleanly.
var stopSignals = []os.Signal{os.Interrupt}
