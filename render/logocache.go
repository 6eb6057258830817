package render

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// MaxLogoSide is the most pixels a logo may declare across or down: more
// is refused before decoding (4,000 × 4,000 decodes to 64 MB).
const MaxLogoSide = 4000

// maxLogoBytes bounds the logo file read.
const maxLogoBytes = 20 << 20

// LogoSizeError is a logo image declaring more pixels than MaxLogoSide.
type LogoSizeError struct {
	Width, Height, Max int
}

func (e *LogoSizeError) Error() string {
	return fmt.Sprintf("the image is %d × %d pixels, more than %d × %d: save it smaller (%d pixels across is plenty)",
		e.Width, e.Height, e.Max, e.Max, logoPixels)
}

// logoKey names one version of a logo file: a batch decodes it once, and
// a logo saved again meanwhile is read again.
type logoKey struct {
	path string
	size int64
	mod  time.Time
}

// logoEntry is a logo ready to embed, made once however many reports ask.
type logoEntry struct {
	once sync.Once
	data []byte
	typ  string
	err  error
}

var (
	logoMu    sync.Mutex
	logoCache = map[logoKey]*logoEntry{}
)

// loadLogo reads and prepares the logo at path, once per version of the
// file: only a regular file, at most maxLogoBytes, its declared size
// checked before it is decoded.
func loadLogo(path string) ([]byte, string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, "", err
	}
	if !st.Mode().IsRegular() {
		return nil, "", errors.New("not a regular file (a folder, a named pipe or a device)")
	}
	key := logoKey{path, st.Size(), st.ModTime()}
	logoMu.Lock()
	e := logoCache[key]
	if e == nil {
		if len(logoCache) >= 16 { // a long-running process sees few logos
			clear(logoCache)
		}
		e = &logoEntry{}
		logoCache[key] = e
	}
	logoMu.Unlock()
	e.once.Do(func() { e.data, e.typ, e.err = readLogo(path) })
	return e.data, e.typ, e.err
}

func readLogo(path string) ([]byte, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return nil, "", errors.New("not a regular file (a folder, a named pipe or a device)")
	}
	data, err := io.ReadAll(io.LimitReader(f, maxLogoBytes+1))
	if err != nil {
		return nil, "", err
	}
	if len(data) > maxLogoBytes {
		return nil, "", fmt.Errorf("the file is larger than %d MB: a logo needs far less", maxLogoBytes>>20)
	}
	return logoImage(data)
}
