package strictjson

// numProblem says what is wrong with a number, if anything.
type numProblem uint8

const (
	numOK       numProblem = iota
	numSyntax              // not the JSON number grammar
	numDigits              // more significant digits than Limits.Digits
	numExponent            // an exponent beyond ±Limits.Exponent
	numLong                // longer than Limits.NumberText
)

// scanNumber reads a JSON number at the start of b within lim and returns
// its length n and what is wrong with it: numSyntax with n where the
// grammar broke; numDigits with n at the first digit beyond the bound;
// numLong with n = lim.NumberText; numExponent with n = 0 (the exponent is
// known only at the end). It reads at most lim.NumberText+1 bytes, so a
// number of any length costs at most that.
//
// The digits counted are those of the coefficient as written, leading zeros
// left out and trailing zeros counted, and the exponent is that of the
// coefficient (the written exponent less the digits after the point): the
// digits and exponent shopspring/decimal gives the parsed value.
func scanNumber[T string | []byte](b T, lim *Limits) (n int, p numProblem) {
	truncated := len(b) > lim.NumberText
	if truncated {
		b = b[:lim.NumberText+1]
	}
	// broken reports a grammar error at n, or the length bound when the
	// number was cut short there.
	broken := func() (int, numProblem) {
		if truncated && n >= len(b) {
			return lim.NumberText, numLong
		}
		return n, numSyntax
	}
	sig, frac, exp := 0, 0, 0
	if n < len(b) && b[n] == '-' {
		n++
	}
	switch {
	case n < len(b) && b[n] == '0':
		n++
	case n < len(b) && '1' <= b[n] && b[n] <= '9':
		for n < len(b) && isDigit(b[n]) {
			if sig++; sig > lim.Digits {
				return n, numDigits
			}
			n++
		}
	default:
		return broken()
	}
	if n < len(b) && b[n] == '.' {
		n++
		start := n
		for n < len(b) && isDigit(b[n]) {
			if sig > 0 || b[n] != '0' {
				if sig++; sig > lim.Digits {
					return n, numDigits
				}
			}
			n++
		}
		if n == start {
			return broken()
		}
		frac = n - start
	}
	if n < len(b) && (b[n] == 'e' || b[n] == 'E') {
		n++
		neg := false
		if n < len(b) && (b[n] == '+' || b[n] == '-') {
			neg = b[n] == '-'
			n++
		}
		start := n
		for n < len(b) && isDigit(b[n]) {
			if exp < 1<<24 { // beyond any bound; saturate rather than overflow
				exp = exp*10 + int(b[n]-'0')
			}
			n++
		}
		if n == start {
			return broken()
		}
		if neg {
			exp = -exp
		}
	}
	if n > lim.NumberText {
		return lim.NumberText, numLong
	}
	if e := exp - frac; e < -lim.Exponent || e > lim.Exponent {
		return 0, numExponent
	}
	return n, numOK
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
