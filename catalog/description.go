package catalog

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// validDescription reports whether s can serve as a description: empty (no
// description), or valid UTF-8 without control characters other than line
// feeds that neither starts nor ends with white space, so that a
// description is never blank and prints as the text it holds.
func validDescription(s string) bool {
	if s == "" {
		return true
	}
	if !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return r != '\n' && unicode.IsControl(r) }) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	return !unicode.IsSpace(first) && !unicode.IsSpace(last)
}

// description reports the description s of the element at path when it is
// not valid text.
func (v *validator) description(path func() string, s string) {
	if !validDescription(s) {
		v.add(path()+".description", CodeInvalidName, "invalid description %q: control characters, or white space at an end", s)
	}
}
