package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/kpireport/kpireport/kpi"
	"github.com/kpireport/kpireport/templates"
)

// configName is the name of a client folder's config.
const configName = "kpis.yaml"

// maxDepth bounds how deep batch looks for client folders below a PATH:
// a folder of clients, or a folder of folders of clients (by office).
const maxDepth = 2

// job is one workbook to report on, with the config it is reported with.
type job struct {
	workbook string
	// config is the client folder's kpis.yaml, or "" for the -c config.
	config string
	// err is a problem found before the work: a broken config, a client
	// folder with no workbook or several.
	err error
}

// skipped is a file of a searched folder that is not reported on, and why
// (a message key, batch.skip_KEY).
type skipped struct {
	file, reason string
	// quiet marks files that are plainly not workbooks (a logo, a PDF),
	// listed in the summary files but not in the terminal.
	quiet bool
}

// clientError is a client folder that cannot be reported on as it is:
// message keys, written in the batch's language once it is known.
type clientError struct {
	key, hintKey string
	args         map[string]string
	lang         string
}

func (e *clientError) Error() string { return templates.Message(e.lang, e.key, e.args) }

func (e *clientError) hint() string { return templates.Message(e.lang, e.hintKey, e.args) }

// finder turns batch's PATHs into jobs.
type finder struct {
	jobs    []job
	skipped []skipped
	seen    map[string]bool
}

// findJobs returns the jobs of the PATHs (workbooks, folders of workbooks,
// folders of client folders) and the files of the searched folders that
// are not workbooks, each with its reason.
func findJobs(paths []string) ([]job, []skipped, error) {
	f := &finder{seen: map[string]bool{}}
	for _, p := range paths {
		st, err := os.Stat(p)
		switch {
		case err != nil || !st.IsDir():
			cfg := filepath.Join(filepath.Dir(p), configName)
			if !isFile(cfg) {
				cfg = ""
			}
			f.add(job{workbook: p, config: cfg}) // a missing file fails as that workbook
		default:
			if err := f.walk(p, 0); err != nil {
				return nil, nil, err
			}
		}
	}
	return f.jobs, f.skipped, nil
}

func (f *finder) add(j job) {
	key := j.workbook
	if abs, err := filepath.Abs(key); err == nil {
		key = abs
	}
	if f.seen[key] {
		return
	}
	f.seen[key] = true
	f.jobs = append(f.jobs, j)
}

func (f *finder) skip(file, key string, quiet bool) {
	f.skipped = append(f.skipped, skipped{file: file, reason: "batch.skip_" + key, quiet: quiet})
}

// walk searches a folder: a client folder when it holds a kpis.yaml, else
// its workbooks (reported with -c) and its sub-folders.
func (f *finder) walk(dir string, depth int) error {
	if isFile(filepath.Join(dir, configName)) {
		return f.client(dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		if e.IsDir() {
			switch {
			case strings.HasPrefix(e.Name(), "."):
			case depth < maxDepth:
				if err := f.walk(path, depth+1); err != nil {
					return err
				}
			default:
				f.skip(path, "deep", false)
			}
			continue
		}
		if key, quiet := f.classify(e.Name()); key != "" {
			if key != "ignore" {
				f.skip(path, key, quiet)
			}
			continue
		}
		f.add(job{workbook: path})
	}
	return nil
}

// client makes the job of a client folder: its only workbook, or the one
// its config names under workbook.file.
func (f *finder) client(dir string) error {
	cfgPath := filepath.Join(dir, configName)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	cfg, cerr := kpi.Load(cfgPath)
	named := ""
	if cerr == nil {
		named = cfg.WorkbookPath()
	}
	var books []string
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		if e.IsDir() || e.Name() == configName {
			continue
		}
		if cerr == nil && cfg.Logo != "" && samePath(path, cfg.LogoPath()) {
			continue
		}
		if key, quiet := f.classify(e.Name()); key != "" {
			if key != "ignore" {
				f.skip(path, key, quiet)
			}
			continue
		}
		if named != "" && !samePath(path, named) {
			f.skip(path, "not_named", false)
			continue
		}
		books = append(books, path)
	}
	sort.Strings(books)
	j := job{config: cfgPath, err: cerr}
	switch {
	case named != "":
		j.workbook = named
	case len(books) == 1:
		j.workbook = books[0]
	case len(books) == 0:
		j.workbook = dir
		if j.err == nil {
			j.err = &clientError{key: "batch.no_workbook", hintKey: "batch.no_workbook_hint"}
		}
	default:
		j.workbook = dir
		names := make([]string, len(books))
		for i, b := range books {
			names[i] = filepath.Base(b)
		}
		if j.err == nil {
			j.err = &clientError{key: "batch.several_workbooks", hintKey: "batch.several_workbooks_hint",
				args: map[string]string{"files": strings.Join(names, ", "), "file": names[0]}}
		}
	}
	f.add(j)
	return nil
}

// classify returns "" for a workbook, else the message key of the reason
// it is skipped ("ignore" for hidden files, never named), and whether it
// is plainly not a workbook.
func (f *finder) classify(name string) (key string, quiet bool) {
	ext := strings.ToLower(filepath.Ext(name))
	book := ext == ".xlsx" || ext == ".xlsm" || ext == ".ods"
	switch {
	case strings.HasPrefix(name, "~$"):
		return "lock", false // Excel's lock file of an open workbook
	case strings.HasPrefix(name, "._"):
		return "appledouble", false // macOS's metadata on shared drives
	case strings.HasPrefix(name, ".~lock."):
		return "lock", false // LibreOffice's
	case strings.HasPrefix(name, "."):
		return "ignore", true
	case strings.EqualFold(name, "summary.csv") || strings.EqualFold(name, "summary.json"):
		return "ignore", true // a batch's own summary (the name is the batch's): never advised to save as .xlsx
	case book:
		return "", false
	case ext == ".xls":
		return "xls", false
	case ext == ".xlsb":
		return "xlsb", false
	case ext == ".csv" || ext == ".tsv":
		return "csv", false
	case ext == ".xlt" || ext == ".xltx" || ext == ".xltm" || ext == ".ots":
		return "template", false
	case ext == ".numbers":
		return "numbers", false
	case ext == ".tmp" || strings.HasSuffix(name, "~"):
		return "temp", false
	}
	return "other", true
}

func isFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && !st.IsDir()
}
