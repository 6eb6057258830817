package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

// version is set at link time (-ldflags "-X main.version=v1.2.3"); else
// the module's version from the build info is used.
var version = ""

func cmdVersion(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("version", "version", "kpireport version", stderr)
	if _, err := fs.parse(args, stdout); err != nil {
		return err
	}
	v := version
	if v == "" {
		v = "(devel)"
		if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
			v = info.Main.Version
		}
	}
	fmt.Fprintf(stdout, "kpireport %s\n", v)
	return nil
}
