package kpi

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Expr is a parsed arithmetic formula over metric names: + − × ÷,
// parentheses, unary minus and numbers. It is a small recursive-descent
// parser rather than an expression library: the grammar is four operators,
// and evaluating it can do nothing but arithmetic (no calls, no I/O).
type Expr struct {
	root node
	src  string
}

type node interface {
	eval(env func(string) (float64, error)) (float64, error)
	String() string
}

type num float64
type ident string
type unary struct{ x node }
type binary struct {
	op   byte
	l, r node
}

func (n num) eval(func(string) (float64, error)) (float64, error) { return float64(n), nil }
func (n num) String() string                                      { return strconv.FormatFloat(float64(n), 'f', -1, 64) }

func (n ident) eval(env func(string) (float64, error)) (float64, error) { return env(string(n)) }
func (n ident) String() string                                          { return string(n) }

func (u unary) eval(env func(string) (float64, error)) (float64, error) {
	v, err := u.x.eval(env)
	return -v, err
}
func (u unary) String() string {
	if _, ok := u.x.(binary); ok {
		return "-(" + u.x.String() + ")"
	}
	return "-" + u.x.String()
}

// DivByZeroError is a division whose denominator is zero.
type DivByZeroError struct{ Denominator string }

// Error writes the message as users read it.
func (e *DivByZeroError) Error() string { return e.Denominator + " is 0" }

func (b binary) eval(env func(string) (float64, error)) (float64, error) {
	l, err := b.l.eval(env)
	if err != nil {
		return 0, err
	}
	r, err := b.r.eval(env)
	if err != nil {
		return 0, err
	}
	switch b.op {
	case '+':
		return l + r, nil
	case '-':
		return l - r, nil
	case '*':
		return l * r, nil
	default:
		if r == 0 {
			return 0, &DivByZeroError{Denominator: b.r.String()}
		}
		return l / r, nil
	}
}

func (b binary) String() string {
	wrap := func(n node, right bool) string {
		if c, ok := n.(binary); ok && (prec(c.op) < prec(b.op) || right && prec(c.op) == prec(b.op)) {
			return "(" + c.String() + ")"
		}
		return n.String()
	}
	return wrap(b.l, false) + " " + string(b.op) + " " + wrap(b.r, true)
}

func prec(op byte) int {
	if op == '+' || op == '-' {
		return 1
	}
	return 2
}

// FormulaError is a formula that does not parse, with the position (in
// runes, from 1) of the problem.
type FormulaError struct {
	Pos int
	Msg string
}

// Error writes the message as users read it.
func (e *FormulaError) Error() string { return fmt.Sprintf("column %d: %s", e.Pos, e.Msg) }

// ParseFormula parses a formula such as "(revenue - cogs) / revenue * 100".
// The operators × ÷ − are accepted as well as * / -.
func ParseFormula(src string) (*Expr, error) {
	if len(src) > 1000 {
		return nil, &FormulaError{1, "formula too long (1000 characters at most)"}
	}
	p := &parser{src: []rune(src)}
	p.next()
	root, err := p.expr(0)
	if err != nil {
		return nil, err
	}
	if p.tok != tokEOF {
		return nil, p.errorf("unexpected %q", p.text)
	}
	return &Expr{root: root, src: src}, nil
}

// Names returns the metric names the formula uses, in order of first use.
func (e *Expr) Names() []string {
	var names []string
	seen := map[string]bool{}
	var walk func(n node)
	walk = func(n node) {
		switch n := n.(type) {
		case ident:
			if !seen[string(n)] {
				seen[string(n)] = true
				names = append(names, string(n))
			}
		case unary:
			walk(n.x)
		case binary:
			walk(n.l)
			walk(n.r)
		}
	}
	walk(e.root)
	return names
}

// Eval computes the formula, asking env for each metric's value.
func (e *Expr) Eval(env func(name string) (float64, error)) (float64, error) {
	return e.root.eval(env)
}

// String returns the formula in canonical form.
func (e *Expr) String() string { return e.root.String() }

const (
	tokEOF = iota
	tokNum
	tokIdent
	tokOp
	tokLParen
	tokRParen
)

type parser struct {
	src   []rune
	pos   int // rune index after the current token
	start int // rune index of the current token
	tok   int
	text  string
	depth int
}

func (p *parser) errorf(format string, args ...any) error {
	return &FormulaError{Pos: p.start + 1, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) next() {
	for p.pos < len(p.src) && unicode.IsSpace(p.src[p.pos]) {
		p.pos++
	}
	p.start = p.pos
	if p.pos >= len(p.src) {
		p.tok, p.text = tokEOF, ""
		return
	}
	r := p.src[p.pos]
	switch {
	case r >= '0' && r <= '9' || r == '.':
		for p.pos < len(p.src) && (p.src[p.pos] >= '0' && p.src[p.pos] <= '9' || p.src[p.pos] == '.') {
			p.pos++
		}
		p.tok = tokNum
	case unicode.IsLetter(r) || r == '_':
		for p.pos < len(p.src) && (unicode.IsLetter(p.src[p.pos]) || unicode.IsDigit(p.src[p.pos]) || p.src[p.pos] == '_') {
			p.pos++
		}
		p.tok = tokIdent
	case strings.ContainsRune("+-*/×÷−", r):
		p.pos++
		p.tok = tokOp
	case r == '(':
		p.pos++
		p.tok = tokLParen
	case r == ')':
		p.pos++
		p.tok = tokRParen
	default:
		p.pos++
		p.tok = -1
	}
	p.text = string(p.src[p.start:p.pos])
}

func (p *parser) op() byte {
	switch p.text {
	case "+":
		return '+'
	case "-", "−":
		return '-'
	case "*", "×":
		return '*'
	default:
		return '/'
	}
}

// expr parses operators of precedence >= min (1: + -, 2: * /).
func (p *parser) expr(min int) (node, error) {
	left, err := p.operand()
	if err != nil {
		return nil, err
	}
	for p.tok == tokOp && prec(p.op()) >= min {
		op := p.op()
		p.next()
		right, err := p.expr(prec(op) + 1)
		if err != nil {
			return nil, err
		}
		left = binary{op: op, l: left, r: right}
	}
	return left, nil
}

func (p *parser) operand() (node, error) {
	switch p.tok {
	case tokNum:
		v, err := strconv.ParseFloat(p.text, 64)
		if err != nil {
			return nil, p.errorf("%q is not a number", p.text)
		}
		p.next()
		return num(v), nil
	case tokIdent:
		n := ident(p.text)
		p.next()
		return n, nil
	case tokOp:
		if op := p.op(); op == '-' || op == '+' {
			p.next()
			x, err := p.operand()
			if err != nil {
				return nil, err
			}
			if op == '+' {
				return x, nil
			}
			return unary{x}, nil
		}
		return nil, p.errorf("%q needs a value before it", p.text)
	case tokLParen:
		p.depth++
		if p.depth > 100 {
			return nil, p.errorf("too many nested parentheses")
		}
		p.next()
		x, err := p.expr(0)
		if err != nil {
			return nil, err
		}
		if p.tok != tokRParen {
			return nil, p.errorf("missing ')'")
		}
		p.depth--
		p.next()
		return x, nil
	case tokEOF:
		return nil, p.errorf("the formula ends too early")
	}
	return nil, p.errorf("unexpected %q", p.text)
}

// Sign is the sign a report prints for an operator: −, ×, ÷ and +.
func Sign(op byte) string {
	switch op {
	case '-':
		return "−"
	case '*':
		return "×"
	case '/':
		return "÷"
	}
	return string(op)
}

// Format writes the formula with each metric name replaced by name(metric)
// and the operators written as op(byte) does, with the parentheses String
// would put: "3 534,44 ÷ 49 780,84 × 100".
func (e *Expr) Format(name func(string) string, op func(byte) string) string {
	var f func(n node) string
	f = func(n node) string {
		switch n := n.(type) {
		case ident:
			return name(string(n))
		case unary:
			if _, ok := n.x.(binary); ok {
				return op('-') + "(" + f(n.x) + ")"
			}
			return op('-') + f(n.x)
		case binary:
			wrap := func(c node, right bool) string {
				if cb, ok := c.(binary); ok && (prec(cb.op) < prec(n.op) || right && prec(cb.op) == prec(n.op)) {
					return "(" + f(c) + ")"
				}
				return f(c)
			}
			return wrap(n.l, false) + " " + op(n.op) + " " + wrap(n.r, true)
		}
		return n.String()
	}
	return f(e.root)
}
