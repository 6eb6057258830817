package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Every output lands whole or not at all: it is written to a temporary
// file in its folder, then renamed over its name. The temporary files are
// named .kpireport-NAME.PID-RANDOM.tmp, so that a later run in that folder
// knows them for its own and removes those a killed run left: when the
// process that made one is no longer running (Unix), when it is this very
// process but not one of its files in progress (a container gives every run
// the same PID), or when it is older than staleAfter (a temporary file
// lives for the milliseconds of a write and a rename; this covers Windows,
// where no PID is looked up, and a PID reused since).

const (
	tmpPrefix  = ".kpireport-"
	tmpSuffix  = ".tmp"
	staleAfter = time.Minute
)

// output is one file to write.
type output struct {
	path string
	data []byte
}

var (
	tmpMu   sync.Mutex
	live    = map[string]bool{} // this process's temporary files in progress
	cleaned = map[string]bool{} // the folders already rid of stale ones
)

// writeOutputs writes outs, all or none: each to a temporary file, then,
// unless ctx is done, each renamed over its name, the folders locked
// meanwhile so that a concurrent run's PDF and JSON do not mix with ours.
// When a rename fails after an earlier one succeeded, the earlier file is
// put back as it was (from a hard link kept for the time of the renames),
// or, where no link can be made, the error says which file is from which run.
func writeOutputs(ctx context.Context, lang string, outs ...output) (err error) {
	var tmps, backups []string
	defer func() {
		tmpMu.Lock()
		for _, t := range append(tmps, backups...) {
			if t != "" {
				os.Remove(t) // renamed ones are gone already
				delete(live, t)
			}
		}
		tmpMu.Unlock()
	}()
	for _, o := range outs {
		dir := filepath.Dir(o.path)
		if err := checkFolder(dir, lang); err != nil {
			return err
		}
		removeStale(dir)
		t, err := writeTemp(o.path, o.data)
		if err != nil {
			return err
		}
		tmps = append(tmps, t)
	}
	if ctx.Err() != nil {
		return &interruptedError{lang: lang}
	}
	unlock := lockFolders(outs)
	defer unlock()
	existed := make([]bool, len(outs))
	for i, o := range outs {
		backup := ""
		if _, err := os.Lstat(o.path); err == nil {
			existed[i] = true
			if len(outs) > 1 {
				backup = newTempName(o.path, "old")
				if os.Link(o.path, backup) != nil {
					backup = ""
				}
				register(backup)
			}
		}
		backups = append(backups, backup)
		if err := os.Rename(tmps[i], o.path); err != nil {
			if i == 0 {
				return &writeError{path: o.path, err: err}
			}
			return rollBack(outs[:i], backups, existed, o.path, err, lang)
		}
		tmps[i] = ""
	}
	return nil
}

// rollBack puts the files renamed before failed could not be back as they
// were before this run: the earlier file from its link, or none when there
// was none. It returns the error to report.
func rollBack(done []output, backups []string, existed []bool, failed string, err error, lang string) error {
	for i, o := range done {
		switch {
		case backups[i] != "":
			if os.Rename(backups[i], o.path) == nil {
				backups[i] = ""
				continue
			}
		case !existed[i]:
			if os.Remove(o.path) == nil {
				continue
			}
		}
		return &pairError{pdf: o.path, json: failed, err: err, lang: lang}
	}
	return &writeError{path: failed, err: err}
}

// writeError is an output that could not be written.
type writeError struct {
	path string
	err  error
}

func (e *writeError) Error() string { return "writing " + e.path + ": " + e.err.Error() }
func (e *writeError) Unwrap() error { return e.err }

// writeTemp writes data to a new temporary file beside path, with the
// permissions the file will have: those of the file it replaces, else
// those the umask leaves.
func writeTemp(path string, data []byte) (string, error) {
	dir, base := filepath.Split(path)
	if len(base) > 100 {
		base = base[:100]
	}
	f, err := os.CreateTemp(dir, tmpPrefix+base+"."+strconv.Itoa(os.Getpid())+"-*"+tmpSuffix)
	if err != nil {
		return "", &writeError{path: path, err: err}
	}
	name := f.Name()
	register(name)
	_, werr := f.Write(data)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(name, newMode(path))
	}
	if werr != nil {
		os.Remove(name)
		tmpMu.Lock()
		delete(live, name)
		tmpMu.Unlock()
		return "", &writeError{path: path, err: werr}
	}
	return name, nil
}

// newMode is the permissions of a file written at path.
func newMode(path string) os.FileMode {
	if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
		return st.Mode().Perm()
	}
	return 0o666 &^ umask
}

// newTempName returns an unused temporary name beside path, registered as
// this process's.
func newTempName(path, tag string) string {
	dir, base := filepath.Split(path)
	if len(base) > 100 {
		base = base[:100]
	}
	return filepath.Join(dir, tmpPrefix+base+"."+strconv.Itoa(os.Getpid())+"-"+tag+strconv.FormatInt(time.Now().UnixNano(), 36)+tmpSuffix)
}

func register(name string) {
	if name == "" {
		return
	}
	tmpMu.Lock()
	live[name] = true
	tmpMu.Unlock()
}

// removeStale removes, once per folder and process, the temporary files a
// killed run of kpireport left in dir.
func removeStale(dir string) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return
	}
	tmpMu.Lock()
	defer tmpMu.Unlock()
	if cleaned[abs] {
		return
	}
	cleaned[abs] = true
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, tmpPrefix) || !strings.HasSuffix(name, tmpSuffix) || !e.Type().IsRegular() {
			continue
		}
		path := filepath.Join(dir, name)
		if live[path] {
			continue
		}
		if stale(name, e) {
			os.Remove(path)
		}
	}
}

// stale reports whether a temporary file of ours was left by a run that
// is over.
func stale(name string, e os.DirEntry) bool {
	if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > staleAfter {
		return true
	}
	rest := strings.TrimSuffix(name, tmpSuffix)
	rest = rest[strings.LastIndexByte(rest, '.')+1:]
	pid, err := strconv.Atoi(rest[:max(0, strings.IndexByte(rest, '-'))])
	if err != nil || pid <= 0 {
		return false
	}
	return pid == os.Getpid() || !processAlive(pid) // ours but not in progress, or its process is gone
}

// lockFolders takes the lock of each output's folder, in order, and
// returns the function that releases them.
func lockFolders(outs []output) func() {
	seen := map[string]bool{}
	var unlocks []func()
	for _, o := range outs {
		dir := filepath.Dir(o.path)
		if seen[dir] {
			continue
		}
		seen[dir] = true
		unlocks = append(unlocks, lockFolder(dir))
	}
	return func() {
		for i := len(unlocks) - 1; i >= 0; i-- {
			unlocks[i]()
		}
	}
}
