package vocab

import (
	"slices"
	"sort"
	"strconv"
	"strings"
)

// The thresholds of a match. A header names a metric when its score is at
// least Accept and leads the runner-up's by at least Margin; a metric
// scoring at least Floor is a candidate worth naming in a question.
//
// With the Dice coefficient, a two-word synonym and a header with one more
// word score 0.8 ("Ventes France" against "Ventes": 0.67, a question), and a
// three-word synonym with one more word 0.86: a word the vocabulary does not
// know may change what a short header means, less so a long one.
const (
	Accept = 0.85
	Margin = 0.1
	Floor  = 0.5
)

// Candidate is a metric and how well a header names it, from 0 to 1.
type Candidate struct {
	Metric string
	Score  float64
}

// Result is what Match says of a header.
type Result struct {
	// Metric is the metric the header names, or "" when it names none or
	// no metric is a clear winner.
	Metric string
	// Score is the winner's score (the best candidate's when Metric is "").
	Score float64
	// RunnerUp is the second best candidate, if any, and its score.
	RunnerUp      string
	RunnerUpScore float64
	// Candidates are the metrics scoring at least Floor, best first: when
	// Metric is "", the question to ask ("Nombre de clients": customers at
	// the start or at the end of the month?).
	Candidates []Candidate
	// Excluded says why the header names no month's figure ("running
	// total", "plan", "ratio", "average", "annual", "tax included"), or "".
	Excluded string
}

// synonym is a compiled synonym: its tokens, sorted, and weight.
type synonym struct {
	metric int // index in table
	kind   kind
	tokens []string
	weight float64
}

var (
	synonyms []synonym
	byToken  = map[string][]int{} // token -> indexes in synonyms
	byMetric = map[string]int{}   // metric -> index in table
)

func init() {
	for i, e := range table {
		byMetric[e.metric] = i
		add := func(text string, weight float64) {
			w := Normalise(text)
			if w.Excluded != "" || len(w.Tokens) == 0 {
				panic("vocab: synonym " + strconv.Quote(text) + " of " + e.metric + " names nothing")
			}
			toks := slices.Sorted(slices.Values(w.Tokens))
			for _, s := range synonyms {
				if s.metric == i && slices.Equal(s.tokens, toks) {
					return // a spelling of another synonym
				}
			}
			n := len(synonyms)
			synonyms = append(synonyms, synonym{metric: i, kind: e.kind, tokens: toks, weight: weight})
			for _, t := range toks {
				byToken[t] = append(byToken[t], n)
			}
		}
		add(strings.ReplaceAll(e.metric, "_", " "), 1)
		for _, text := range slices.Concat(e.fr, e.en) {
			weight := 1.0
			if w, rest, ok := strings.Cut(text, " "); ok {
				if v, err := strconv.ParseFloat(w, 64); err == nil {
					weight, text = v, rest
				}
			}
			add(text, weight)
		}
	}
}

// Metrics returns the metrics the vocabulary knows, in the table's order.
func Metrics() []string {
	out := make([]string, len(table))
	for i, e := range table {
		out[i] = e.metric
	}
	return out
}

// Match tells which metric a header names: "Gain sur investissement",
// "Nbre de commandes", "Nb. clients début mois", "total_mrr" each name one;
// "Nombre de clients" is a question between two; "CA budget" and "% CA"
// name none.
func Match(header string) Result {
	w := Normalise(header)
	if w.Excluded != "" {
		return Result{Excluded: w.Excluded}
	}
	scores := map[int]float64{}
	for _, t := range w.Tokens {
		for _, n := range byToken[t] {
			s := &synonyms[n]
			if v := s.score(w.Tokens); v > scores[s.metric] {
				scores[s.metric] = v
			}
		}
	}
	ranked := make([]Candidate, 0, len(scores))
	for m, v := range scores {
		ranked = append(ranked, Candidate{table[m].metric, v})
	}
	sort.Slice(ranked, func(i, j int) bool {
		if ranked[i].Score != ranked[j].Score {
			return ranked[i].Score > ranked[j].Score
		}
		return ranked[i].Metric < ranked[j].Metric
	})
	var r Result
	if len(ranked) == 0 {
		return r
	}
	r.Score = ranked[0].Score
	if len(ranked) > 1 {
		r.RunnerUp, r.RunnerUpScore = ranked[1].Metric, ranked[1].Score
	}
	for _, c := range ranked {
		if c.Score >= Floor {
			r.Candidates = append(r.Candidates, c)
		}
	}
	if r.Score >= Accept && r.Score-r.RunnerUpScore >= Margin {
		r.Metric = ranked[0].Metric
	}
	return r
}

// Score returns how well a header names a metric, from 0 to 1, whatever
// other metric it may name better. A metric the vocabulary does not know
// is compared with its own name ("cash_in" with "Cash in").
func Score(header, metric string) float64 {
	w := Normalise(header)
	if w.Excluded != "" {
		return 0
	}
	return scoreTokens(w.Tokens, metric)
}

func scoreTokens(tokens []string, metric string) float64 {
	i, known := byMetric[metric]
	if !known {
		own := Normalise(strings.ReplaceAll(metric, "_", " "))
		s := synonym{metric: -1, tokens: slices.Sorted(slices.Values(own.Tokens)), weight: 1}
		return s.score(tokens)
	}
	best := 0.0
	for _, t := range tokens {
		for _, n := range byToken[t] {
			if s := &synonyms[n]; s.metric == i {
				best = max(best, s.score(tokens))
			}
		}
	}
	return best
}

// Closest returns the header that comes closest to naming a metric, and its
// score, for the error saying the metric is missing: the header scoring
// best for it (the first of equals) among those that name no other metric
// and are no running total, plan or ratio; "" and 0 when none scores at
// least Floor.
func Closest(headers []string, metric string) (header string, score float64) {
	for _, h := range headers {
		w := Normalise(h)
		if w.Excluded != "" {
			continue
		}
		if m := Match(h).Metric; m != "" && m != metric {
			continue
		}
		if v := scoreTokens(w.Tokens, metric); v > score {
			header, score = h, v
		}
	}
	if score < Floor {
		return "", 0
	}
	return header, score
}

// score is the weighted Dice coefficient of a header's tokens and the
// synonym's, 2·|H∩S| / (|H|+|S|), after dropping from H the optional words
// the synonym lacks ("Total", "HT", "Nb" before a count, "fin" after a
// balance). A header sharing only optional words with the synonym ("Mois",
// "Total") scores 0.
func (s *synonym) score(header []string) float64 {
	h, inter, meaningful := 0, 0, false
	for _, t := range header {
		opt := optional[t] || s.kind.optional(t)
		if _, in := slices.BinarySearch(s.tokens, t); in {
			h++
			inter++
			meaningful = meaningful || !opt
			continue
		}
		if !opt {
			h++
		}
	}
	if !meaningful {
		return 0
	}
	return s.weight * 2 * float64(inter) / float64(h+len(s.tokens))
}

// optional reports whether a word may stand in a header of this kind of
// metric without changing what it names: "Nb" before a count, "fin"
// after a balance.
func (k kind) optional(t string) bool {
	return k == count && countOptional[t] || k == stock && stockOptional[t]
}
