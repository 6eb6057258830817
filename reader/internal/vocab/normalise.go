package vocab

import (
	"strings"
	"unicode"
)

// Words is a header normalised: its tokens, and the reason it names no
// month's figure at all, if any.
type Words struct {
	// Tokens are the header's meaningful words, folded, in order, each once.
	Tokens []string
	// Excluded says why the header names no metric's monthly figure
	// ("running total", "plan", "ratio", "average", "annual", "tax
	// included"), or is "" when nothing excludes it.
	Excluded string
}

// Tokens returns the normalised tokens of a header: "Nb. clients début de
// mois" gives [nombre client debut mois], "Chiffre d'affaires H.T. (k€)"
// gives [chiffre affaire ht].
func Tokens(header string) []string { return Normalise(header).Tokens }

// rawWord is a run of letters and digits as written, folded.
type rawWord struct {
	text string
	dot  bool // followed at once by a full stop: "Nb.", "C.A."
	gap  bool // preceded by a space
}

// split cuts a header into folded words of letters and digits, as
// licensecheck's Dict.split does; '#' and '%' are words of their own, a
// currency sign is dropped, "n°" is "no." and letters separated by full
// stops ("C.A.", "H.T.") are joined.
func split(header string) []rawWord {
	var words []rawWord
	var cur []rune
	gap := false
	flush := func(dot bool) {
		if len(cur) > 0 {
			words = append(words, rawWord{text: string(cur), dot: dot, gap: gap})
			cur, gap = cur[:0], false
		}
	}
	for _, r := range header {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue // a combining accent
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur = appendFolded(cur, r)
			continue
		case (r == '°' || r == 'º') && string(cur) == "n":
			cur = append(cur[:0], 'n', 'o')
			flush(true)
			continue
		case r == '.':
			flush(true)
			continue
		}
		flush(false)
		if unicode.IsSpace(r) {
			gap = true
		}
		if r == '#' || r == '%' {
			words = append(words, rawWord{text: string(r)})
		}
	}
	flush(false)
	return joinInitials(words)
}

// joinInitials joins runs of single letters written with full stops:
// "c.a." is "ca", "h.t" is "ht"; a space ends a run ("C.A. H.T.").
func joinInitials(words []rawWord) []rawWord {
	out := words[:0]
	for i := 0; i < len(words); {
		j := i
		var b strings.Builder
		for j < len(words) && len([]rune(words[j].text)) == 1 && unicode.IsLetter([]rune(words[j].text)[0]) &&
			(words[j].dot || j > i && words[j-1].dot) && (j == i || !words[j].gap) {
			b.WriteString(words[j].text)
			j++
			if !words[j-1].dot {
				break
			}
		}
		if j-i >= 2 {
			out = append(out, rawWord{text: b.String(), dot: words[j-1].dot})
			i = j
			continue
		}
		out = append(out, words[i])
		i++
	}
	return out
}

// appendFolded appends r lower-cased and without its accent; œ and æ
// become two letters.
func appendFolded(buf []rune, r rune) []rune {
	r = unicode.ToLower(r)
	switch r {
	case 'à', 'á', 'â', 'ã', 'ä', 'å':
		r = 'a'
	case 'ç':
		r = 'c'
	case 'è', 'é', 'ê', 'ë':
		r = 'e'
	case 'ì', 'í', 'î', 'ï':
		r = 'i'
	case 'ñ':
		r = 'n'
	case 'ò', 'ó', 'ô', 'õ', 'ö':
		r = 'o'
	case 'ù', 'ú', 'û', 'ü':
		r = 'u'
	case 'ÿ', 'ý':
		r = 'y'
	case 'œ':
		return append(buf, 'o', 'e')
	case 'æ':
		return append(buf, 'a', 'e')
	}
	return append(buf, r)
}

// Normalise turns a header into the words it is matched on.
func Normalise(header string) Words {
	raw := split(header)
	var w Words
	// Phrases first, while the small words are still there.
	var jb strings.Builder
	jb.WriteByte(' ')
	for _, r := range raw {
		jb.WriteString(r.text)
		jb.WriteByte(' ')
	}
	joined := jb.String()
	for _, p := range excludedPhrases {
		if strings.Contains(joined, p.phrase) {
			w.Excluded = p.reason
			return w
		}
	}
	seen := map[string]bool{}
	add := func(t string) {
		if !seen[t] {
			seen[t] = true
			w.Tokens = append(w.Tokens, t)
		}
	}
	for i := 0; i < len(raw); i++ {
		t := raw[i].text
		next := ""
		if i+1 < len(raw) {
			next = raw[i+1].text
		}
		switch {
		case t == "per" || t == "par":
			// "Ventes par mois" is the month's sales; "CA par client",
			// "Cost per order" are ratios.
			if monthWords[next] {
				i++
				continue
			}
			w.Excluded, w.Tokens = "ratio", nil
			return w
		case t == "no" && (raw[i].dot || next == "of" || next == "de"):
			add("nombre")
			continue
		case t == "hors" && (next == "taxe" || next == "taxes" || next == "tva"):
			add("ht")
			i++
			continue
		case smallWords[t] || unitWords[t] || isDigits(t):
			continue
		}
		for _, e := range expand(t) {
			e = singular(e)
			if r, ok := rewrites[e]; ok {
				e = r
			}
			if reason, ok := excludedWords[e]; ok {
				w.Excluded, w.Tokens = reason, nil
				return w
			}
			add(e)
		}
	}
	return w
}

// expand returns an abbreviation's words, or the word itself.
func expand(t string) []string {
	if e, ok := abbreviations[t]; ok {
		return strings.Fields(e)
	}
	return []string{t}
}

// singular folds a French or English plural to the singular: ventes →
// vente, nouveaux → nouveau, commerciaux → commercial, processes → process;
// processus, mois and frais stay.
func singular(t string) string {
	if len(t) <= 3 || invariable[t] {
		return t
	}
	switch {
	case strings.HasSuffix(t, "eaux"):
		return t[:len(t)-1]
	case strings.HasSuffix(t, "aux"):
		return t[:len(t)-3] + "al"
	case strings.HasSuffix(t, "sses"):
		return t[:len(t)-2]
	case strings.HasSuffix(t, "ss"), strings.HasSuffix(t, "us"), strings.HasSuffix(t, "is"):
		return t
	case strings.HasSuffix(t, "s"):
		t = t[:len(t)-1]
	}
	// French past participles in the feminine: engagée → engagé.
	if len(t) > 4 && strings.HasSuffix(t, "ee") {
		t = t[:len(t)-1]
	}
	return t
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
