package reader

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// readRegular reads a workbook file whole. Only a regular file is read (a
// named pipe would wait forever for a writer, a device such as /dev/zero
// never ends, even through a symbolic link), and the size limit holds for
// what is read, not for what Stat said before (a file may grow meanwhile).
func readRegular(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, &FileError{Problem: "file not found", Hint: "check the workbook's name and folder"}
		}
		return nil, &FileError{Problem: "cannot open the file", Err: err}
	}
	if err := regular(st); err != nil {
		return nil, err
	}
	if st.Size() > maxFileBytes {
		return nil, tooLarge(st.Size())
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &FileError{Problem: "cannot open the file", Err: err}
	}
	defer f.Close()
	// The file may have been replaced between Stat and Open.
	if st, err = f.Stat(); err != nil {
		return nil, &FileError{Problem: "cannot read the file", Err: err}
	}
	if err := regular(st); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, maxFileBytes+1))
	if err != nil {
		return nil, &FileError{Problem: "cannot read the file", Err: err}
	}
	if len(data) > maxFileBytes {
		return nil, tooLarge(int64(len(data)))
	}
	return data, nil
}

// regular returns an error for anything but a regular file.
func regular(st os.FileInfo) error {
	m := st.Mode()
	switch {
	case m.IsRegular():
		return nil
	case m.IsDir():
		return &FileError{Problem: "this is a folder, not a workbook"}
	case m&os.ModeNamedPipe != 0:
		return &FileError{Problem: "this is a named pipe (FIFO), not a workbook file", Hint: "give the path of a workbook saved on disk"}
	case m&os.ModeDevice != 0 || m&os.ModeCharDevice != 0:
		return &FileError{Problem: "this is a device, not a workbook file", Hint: "give the path of a workbook saved on disk"}
	}
	return &FileError{Problem: "this is not a regular file", Hint: "give the path of a workbook saved on disk"}
}

func tooLarge(n int64) error {
	return &FileError{Problem: fmt.Sprintf("the file is too large (%d MB or more, at most %d MB)", n>>20, maxFileBytes>>20)}
}
