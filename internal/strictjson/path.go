package strictjson

import (
	"strconv"
	"strings"
)

// Seg is one step of a JSON path: an object key or an array index.
type Seg struct {
	Key     string
	Index   int
	IsIndex bool
}

// FormatPath writes segs as a path: products[3].features[0].attributes.x,
// or $ for the root. A key that is not made of letters, digits, '_' and '-'
// is written quoted in brackets: attributes["a.b"].
func FormatPath(segs []Seg) string {
	if len(segs) == 0 {
		return "$"
	}
	var sb strings.Builder
	for i, s := range segs {
		switch {
		case s.IsIndex:
			sb.WriteByte('[')
			sb.WriteString(strconv.Itoa(s.Index))
			sb.WriteByte(']')
		case plainKey(s.Key):
			if i > 0 {
				sb.WriteByte('.')
			}
			sb.WriteString(s.Key)
		default:
			sb.WriteByte('[')
			sb.WriteString(strconv.Quote(s.Key))
			sb.WriteByte(']')
		}
	}
	return sb.String()
}

// JoinPath appends rel, a path as FormatPath writes it relative to the
// value at base, to base: JoinPath("values.x", "bands[1].value") is
// "values.x.bands[1].value"; a rel of "$" gives base back.
func JoinPath(base, rel string) string {
	switch {
	case rel == "$" || rel == "":
		return base
	case base == "$" || base == "":
		return rel
	case rel[0] == '[':
		return base + rel
	}
	return base + "." + rel
}

func plainKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}
