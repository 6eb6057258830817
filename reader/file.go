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
			return nil, fileErr("not_found", nil)
		}
		return nil, fileErr("cannot_open", err)
	}
	if err := regular(st); err != nil {
		return nil, err
	}
	if st.Size() > maxFileBytes {
		return nil, tooLarge(st.Size())
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fileErr("cannot_open", err)
	}
	defer f.Close()
	// The file may have been replaced between Stat and Open.
	if st, err = f.Stat(); err != nil {
		return nil, fileErr("cannot_read", err)
	}
	if err := regular(st); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, maxFileBytes+1))
	if err != nil {
		return nil, fileErr("cannot_read", err)
	}
	if len(data) > maxFileBytes {
		return nil, tooLarge(int64(len(data)))
	}
	return data, nil
}

// regular returns an error for anything but a regular file: kinds folder,
// fifo, device and not_regular.
func regular(st os.FileInfo) error {
	m := st.Mode()
	switch {
	case m.IsRegular():
		return nil
	case m.IsDir():
		return fileErr("folder", nil)
	case m&os.ModeNamedPipe != 0:
		return fileErr("fifo", nil)
	case m&(os.ModeDevice|os.ModeCharDevice) != 0:
		return fileErr("device", nil)
	}
	return fileErr("not_regular", nil)
}

func tooLarge(n int64) error {
	return fileErr("too_large", nil, "size", fmt.Sprint(n>>20), "max", fmt.Sprint(maxFileBytes>>20))
}
