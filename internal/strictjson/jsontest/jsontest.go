// Package jsontest builds the hostile documents that the tests of tariff's
// JSON decoders feed them, and measures what a decode costs.
package jsontest

import (
	"runtime"
	"strconv"
)

// Members returns n object members "k0": value, "k1": value, ... as JSON
// text, without braces.
func Members(n int, value string) []byte {
	b := make([]byte, 0, n*(len(value)+12))
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `"k`...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, `":`...)
		b = append(b, value...)
	}
	return b
}

// Elements returns n array elements value, value, ... as JSON text,
// without brackets.
func Elements(n int, value string) []byte {
	b := make([]byte, 0, n*(len(value)+1))
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, value...)
	}
	return b
}

// Repeat returns s n times.
func Repeat(s string, n int) []byte {
	b := make([]byte, 0, n*len(s))
	for range n {
		b = append(b, s...)
	}
	return b
}

// Join concatenates its arguments, strings or byte slices.
func Join(parts ...any) []byte {
	var b []byte
	for _, p := range parts {
		switch p := p.(type) {
		case string:
			b = append(b, p...)
		case []byte:
			b = append(b, p...)
		default:
			panic("jsontest.Join: not a string or []byte")
		}
	}
	return b
}

// OpeningAt returns the offset of the first '[' or '{' of doc that opens
// the given nesting level (the root value is at level 1), or -1.
func OpeningAt(doc []byte, level int) int {
	depth := 0
	for i := 0; i < len(doc); i++ {
		switch doc[i] {
		case '"':
			for i++; i < len(doc) && doc[i] != '"'; i++ {
				if doc[i] == '\\' {
					i++
				}
			}
		case '[', '{':
			if depth++; depth == level {
				return i
			}
		case ']', '}':
			depth--
		}
	}
	return -1
}

// Allocated returns the bytes f allocates, as the runtime counts them.
func Allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
