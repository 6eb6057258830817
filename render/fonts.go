package render

import (
	"strings"
	"sync"

	"codeberg.org/go-pdf/fpdf"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// The report's fonts: the Go fonts, embedded (subsetted by fpdf), with
// accents, €, « », ’ and the no-break space.
const (
	familyRegular = "Go"
	familyBold    = "GoBold"
)

var (
	parseOnce  sync.Once
	ttRegular  *truetype.Font
	ttBold     *truetype.Font
	parseError error
)

func parsedFonts() (*truetype.Font, *truetype.Font, error) {
	parseOnce.Do(func() {
		ttRegular, parseError = truetype.Parse(goregular.TTF)
		if parseError == nil {
			ttBold, parseError = truetype.Parse(gobold.TTF)
		}
	})
	return ttRegular, ttBold, parseError
}

// fontSet ties the fonts go-chart is handed to the fpdf families drawing
// them, and keeps text within the glyphs the fonts have.
type fontSet struct {
	regular, bold *truetype.Font
}

func newFontSet(pdf *fpdf.Fpdf) (*fontSet, error) {
	reg, bold, err := parsedFonts()
	if err != nil {
		return nil, err
	}
	pdf.AddUTF8FontFromBytes(familyRegular, "", goregular.TTF)
	pdf.AddUTF8FontFromBytes(familyBold, "", gobold.TTF)
	return &fontSet{regular: reg, bold: bold}, pdf.Error()
}

func (fs *fontSet) family(f *truetype.Font) string {
	if f == fs.bold {
		return familyBold
	}
	return familyRegular
}

// substitutes replace characters the Go fonts lack with ones they have.
var substitutes = map[rune]string{
	'\u202f': "\u00a0", // narrow no-break space, French thousands
	'\u2009': "\u00a0", // thin space
	'\u2007': "\u00a0", // figure space
	'\u2011': "-",
	'\u2212': "-",
	'\u2713': "v",
	'\u2714': "v",
	'\u2717': "x",
}

// sanitize replaces the characters the fonts have no glyph for, which fpdf
// would draw as empty boxes without a word of warning.
func (fs *fontSet) sanitize(s string) string {
	ok := true
	for _, r := range s {
		if r >= 0x80 && fs.regular.Index(r) == 0 {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x80 || fs.regular.Index(r) != 0:
			b.WriteRune(r)
		case substitutes[r] != "":
			b.WriteString(substitutes[r])
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}
