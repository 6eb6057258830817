// Package xmlscan walks the XML of spreadsheet parts (SpreadsheetML's
// sheets and shared strings, OpenDocument's content.xml) with a byte
// scanner rather than encoding/xml, and cuts a streamed part into pieces
// that end after a row, so that a sheet of any size is read in bounded
// memory and in time linear in its size. It knows nothing of cells'
// meaning: the reader's xlsx and ods sources do.
package xmlscan

import (
	"bytes"
	"io"
	"strconv"
	"strings"
)

// Pieces cuts a sheet's XML stream into pieces that end on a row boundary
// (after a </row> or a self-closing <row/>), so that a piece never splits a
// tag, a value or an entity. Two buffers take turns: when a piece is handed
// out, the scanner is done with the one before, whose buffer takes the rest.
type Pieces struct {
	r     io.Reader
	rest  []byte // read, not yet handed out
	spare []byte // the buffer of the piece before the current one
	size  int    // how much to gather before cutting a piece
	// searched is how much of rest is known to hold no row boundary, so
	// that a row longer than a piece is searched once, not at every read.
	searched int
	eof      bool
	err      error
}

// pieceSize is how much is gathered at most before a piece is cut.
const pieceSize = 1 << 20

// NewPieces cuts the stream r, of total bytes when known, into pieces.
func NewPieces(r io.Reader, total uint64) *Pieces {
	size := pieceSize
	if total+1 < uint64(size) {
		size = int(total) + 1 // a small sheet: one piece, one buffer
	}
	return &Pieces{r: r, size: size, rest: make([]byte, 0, size)}
}

// Err returns the error that ended the stream early, nil at its end.
func (p *Pieces) Err() error { return p.err }

// NewPiecesOf cuts the stream r into pieces of about size bytes: small
// pieces let the tests cut a sheet at every place.
func NewPiecesOf(r io.Reader, size int) *Pieces {
	return &Pieces{r: r, size: size, rest: make([]byte, 0, size)}
}

// Next returns the next piece, or false at the end of the stream.
func (p *Pieces) Next() ([]byte, bool) {
	for {
		if len(p.rest) >= p.size || p.eof {
			from := max(0, p.searched-maxTagBack)
			cut := rowBoundary(p.rest[from:])
			if cut > 0 {
				cut += from
			}
			p.searched = len(p.rest)
			if p.eof && cut <= 0 {
				cut = len(p.rest)
			}
			if cut > 0 {
				piece := p.rest[:cut]
				tail := p.rest[cut:]
				if cap(p.spare) < len(tail)+p.size {
					p.spare = make([]byte, 0, len(tail)+2*p.size)
				}
				p.rest, p.spare = append(p.spare[:0], tail...), p.rest
				p.searched = len(p.rest) // the rest was searched: no boundary in it
				return piece, true
			}
			if p.eof {
				return nil, false
			}
		}
		if len(p.rest) == cap(p.rest) { // a row longer than a piece
			p.rest = append(make([]byte, 0, 2*cap(p.rest)+p.size), p.rest...)
		}
		n, err := p.r.Read(p.rest[len(p.rest):cap(p.rest)])
		p.rest = p.rest[:len(p.rest)+n]
		if err != nil {
			p.eof = true
			if err != io.EOF {
				p.err = err
			}
		}
	}
}

// maxTagBack is how far back from its end a row's end tag or self-closing
// row tag may start: the name, a namespace prefix and a row's attributes.
const maxTagBack = 512

// rowBoundary returns the offset just after the last complete row element
// of b, or -1. It looks at most maxTagBack bytes back from each "row>" or
// "/>", so that its time is linear in len(b) whatever b holds (a cell of
// megabytes of "row>", a row of a million cells).
func rowBoundary(b []byte) int {
	end := -1
	for hi := len(b); ; {
		k := bytes.LastIndex(b[:hi], []byte("row>"))
		if k < 0 {
			break
		}
		lo := max(0, k-maxTagBack)
		if j := bytes.LastIndexByte(b[lo:k], '<'); j >= 0 {
			j += lo
			if b[j+1] == '/' && isRowName(b[j+2:k+3]) {
				end = k + 4
				break
			}
		}
		hi = k
	}
	if i := bytes.LastIndex(b, []byte("/>")); i > end {
		lo := max(0, i-maxTagBack)
		if j := bytes.LastIndexByte(b[lo:i], '<'); j >= 0 {
			name := b[lo+j+1 : i]
			if k := bytes.IndexAny(name, " \t\r\n"); k >= 0 {
				name = name[:k]
			}
			if isRowName(name) {
				end = i + 2
			}
		}
	}
	return end
}

// isRowName reports whether an element name is a row (row, or OpenDocument's
// table-row), with or without a namespace prefix.
func isRowName(name []byte) bool {
	if c := bytes.IndexByte(name, ':'); c >= 0 {
		name = name[c+1:]
	}
	return string(name) == "row" || string(name) == "table-row" // SpreadsheetML, OpenDocument
}

// Scanner walks the tags of an XML part. It understands what SpreadsheetML
// parts contain (elements, attributes, text, entities, CDATA-free content)
// and ignores namespace prefixes, comments and processing instructions.
type Scanner struct {
	// B is the XML being scanned; Pos the offset of the next byte to read.
	B   []byte
	Pos int
}

type Tag struct {
	// Name is the element's local name when it is one the readers look
	// at (see knownNames), "" otherwise.
	Name string
	// Attrs are the raw bytes of the attributes.
	Attrs []byte
	// End marks a closing tag, SelfClosing an element without content.
	End, SelfClosing bool
}

// Attr returns an attribute's value.
func (t Tag) Attr(name string) string {
	v, ok := t.AttrRaw(name)
	if !ok {
		return ""
	}
	if bytes.IndexByte(v, '&') < 0 {
		switch string(v) { // the usual cell types, without allocating
		case "s":
			return "s"
		case "n":
			return "n"
		case "str":
			return "str"
		case "inlineStr":
			return "inlineStr"
		case "b":
			return "b"
		case "e":
			return "e"
		}
	}
	return Unescape(v)
}

// AttrRaw returns an attribute's raw bytes.
func (t Tag) AttrRaw(name string) ([]byte, bool) {
	a := t.Attrs
	for len(a) > 0 {
		i := bytes.IndexByte(a, '=')
		if i < 0 {
			return nil, false
		}
		key := bytes.TrimSpace(a[:i])
		if j := bytes.IndexByte(key, ':'); j >= 0 {
			key = key[j+1:]
		}
		a = a[i+1:]
		for len(a) > 0 && (a[0] == ' ' || a[0] == '\n' || a[0] == '\t' || a[0] == '\r') {
			a = a[1:]
		}
		if len(a) == 0 || (a[0] != '"' && a[0] != '\'') {
			return nil, false
		}
		q := a[0]
		j := bytes.IndexByte(a[1:], q)
		if j < 0 {
			return nil, false
		}
		if string(key) == name {
			return a[1 : j+1], true
		}
		a = a[j+2:]
	}
	return nil, false
}

// Next returns the next element tag.
func (sc *Scanner) Next() (Tag, bool) {
	for {
		i := bytes.IndexByte(sc.B[sc.Pos:], '<')
		if i < 0 {
			sc.Pos = len(sc.B)
			return Tag{}, false
		}
		start := sc.Pos + i + 1
		j := bytes.IndexByte(sc.B[start:], '>')
		if j < 0 {
			sc.Pos = len(sc.B)
			return Tag{}, false
		}
		body := sc.B[start : start+j]
		sc.Pos = start + j + 1
		if len(body) == 0 || body[0] == '?' || body[0] == '!' {
			continue
		}
		var t Tag
		if body[0] == '/' {
			t.End = true
			body = body[1:]
		}
		if n := len(body); n > 0 && body[n-1] == '/' {
			t.SelfClosing = true
			body = body[:n-1]
		}
		k := bytes.IndexAny(body, " \t\r\n")
		name := body
		if k >= 0 {
			name, t.Attrs = body[:k], body[k+1:]
		}
		if c := bytes.IndexByte(name, ':'); c >= 0 {
			name = name[c+1:]
		}
		t.Name = internName(name)
		return t, true
	}
}

// knownNames are the element names the readers look at; others are read as
// "" without allocating, which keeps a 200,000-row sheet fast.
var knownNames = []string{"row", "c", "v", "f", "is", "t", "si", "r", "rPh", "sheetData", "worksheet",
	// The styles' number formats (reader/styles.go).
	"numFmt", "cellXfs", "xf",
	// OpenDocument's (reader/ods.go).
	"table", "table-row", "table-cell", "covered-table-cell", "p", "s", "tab", "annotation", "style", "table-properties",
	// The merged cells after a sheet's rows (reader/merges.go).
	"mergeCell"}

func internName(b []byte) string {
	for _, n := range knownNames {
		if string(b) == n { // no allocation: the compiler compares in place
			return n
		}
	}
	return ""
}

// Text returns the text inside the element just opened, up to its end tag
// named end: the concatenation of its <t> runs for rich text and inline
// strings (phonetic <rPh> runs left out), else its character data.
func (sc *Scanner) Text(end string) string {
	// The common case, <v>123</v>: the text runs straight to the end tag.
	if end == "v" || end == "f" {
		if i := bytes.IndexByte(sc.B[sc.Pos:], '<'); i >= 0 {
			rest := sc.B[sc.Pos+i:]
			if len(rest) > len(end)+2 && rest[1] == '/' && string(rest[2:2+len(end)]) == end && rest[2+len(end)] == '>' {
				v := Unescape(sc.B[sc.Pos : sc.Pos+i])
				sc.Pos += i + len(end) + 3
				return v
			}
		}
	}
	var b strings.Builder
	depthT := false
	skip := 0
	plain := end == "v" || end == "f" || end == "t"
	for {
		i := bytes.IndexByte(sc.B[sc.Pos:], '<')
		if i < 0 {
			sc.Pos = len(sc.B)
			return b.String()
		}
		if (plain || depthT) && skip == 0 {
			b.WriteString(Unescape(sc.B[sc.Pos : sc.Pos+i]))
		}
		tg, ok := sc.Next()
		if !ok {
			return b.String()
		}
		switch {
		case tg.Name == end && tg.End:
			return b.String()
		case tg.Name == "rPh" && !tg.SelfClosing:
			if tg.End {
				skip--
			} else {
				skip++
			}
		case tg.Name == "t" && !tg.SelfClosing:
			depthT = !tg.End
		}
	}
}

// Unescape decodes XML entities and Excel's _xHHHH_ escapes.
func Unescape(b []byte) string {
	if bytes.IndexByte(b, '&') < 0 && !bytes.Contains(b, []byte("_x")) {
		return string(b)
	}
	s := string(b)
	if strings.IndexByte(s, '&') >= 0 {
		var out strings.Builder
		for {
			i := strings.IndexByte(s, '&')
			if i < 0 {
				out.WriteString(s)
				break
			}
			out.WriteString(s[:i])
			s = s[i:]
			j := strings.IndexByte(s, ';')
			if j < 0 {
				out.WriteString(s)
				break
			}
			ent := s[1:j]
			switch {
			case ent == "amp":
				out.WriteByte('&')
			case ent == "lt":
				out.WriteByte('<')
			case ent == "gt":
				out.WriteByte('>')
			case ent == "quot":
				out.WriteByte('"')
			case ent == "apos":
				out.WriteByte('\'')
			case strings.HasPrefix(ent, "#x") || strings.HasPrefix(ent, "#X"):
				if n, err := strconv.ParseUint(ent[2:], 16, 32); err == nil {
					out.WriteRune(rune(n))
				}
			case strings.HasPrefix(ent, "#"):
				if n, err := strconv.ParseUint(ent[1:], 10, 32); err == nil {
					out.WriteRune(rune(n))
				}
			default:
				out.WriteString(s[:j+1])
			}
			s = s[j+1:]
		}
		s = out.String()
	}
	for {
		i := strings.Index(s, "_x")
		if i < 0 || i+7 > len(s) || s[i+6] != '_' {
			return s
		}
		n, err := strconv.ParseUint(s[i+2:i+6], 16, 32)
		if err != nil {
			return s
		}
		s = s[:i] + string(rune(n)) + s[i+7:]
	}
}
