package pricing

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/internal/strictjson"
)

// FormatBookVersionsV1 is the value of the "format" member of a price-book
// set JSON document: the versions of a price book (see the package
// documentation, section "Price-book versions").
const FormatBookVersionsV1 = "tariff.pricebookset.v1"

var _ json.Marshaler = (*BookVersions)(nil)

// DecodeBookVersions decodes a price-book set JSON document (see
// "Price-book versions" in the package documentation): each version's book
// is read as DecodeBook reads a price book, held to the same strictness and
// limits, then built with NewBook, and the set with NewBookVersions.
//
// A document that is not well-formed, strict price-book set JSON gives a
// *catalog.DecodeError (Document "price book set", matching
// catalog.ErrSyntax and the sentinel of the rule broken) whose path runs
// from the root of the set, e.g.
// versions[1].book.charges[0].price.amount. A well-formed document
// describing invalid books or an invalid set gives a *catalog.ValidationError
// listing every problem of every book (under versions[ID].book) and of the
// set. On error the set is nil. It takes time in proportion to the
// document.
func DecodeBookVersions(data []byte) (*BookVersions, error) {
	var docs []versionDoc
	err := decodeDocument(data, "price book set", func(d *bookDecoder) (err error) {
		docs, err = d.bookSet()
		return err
	})
	if err != nil {
		return nil, err
	}
	var ps problems
	vs := make([]BookVersion, len(docs))
	failed := make(map[string]bool) // paths of the versions whose book is invalid
	for i, doc := range docs {
		vs[i] = BookVersion{ID: doc.id, From: doc.from, Existing: doc.existing}
		b, err := NewBook(doc.book)
		if err != nil {
			path := elem("versions", i, doc.id) + ".book"
			failed[path] = true
			ps.prefixed(path+".", err)
			continue
		}
		vs[i].Book = b
	}
	s, err := NewBookVersions(vs...)
	if err == nil {
		return s, nil
	}
	// The set's own problems, but "no price book" for a book reported above.
	var ve *catalog.ValidationError
	if !errors.As(err, &ve) {
		return nil, err
	}
	for _, p := range ve.Problems {
		if !(failed[p.Path] && p.Code == catalog.CodeInvalidVersion) {
			ps.list = append(ps.list, p)
		}
	}
	return nil, ps.err()
}

// prefixed adds err's problems with prefix before each path, or one
// problem at prefix holding err's text when err is not a *catalog.ValidationError.
func (ps *problems) prefixed(prefix string, err error) {
	var ve *catalog.ValidationError
	if !errors.As(err, &ve) {
		ps.add(prefix, catalog.CodeInvalidVersion, "%v", err)
		return
	}
	for _, p := range ve.Problems {
		p.Path = prefix + p.Path
		ps.list = append(ps.list, p)
	}
}

// versionDoc is one version of a set as decoded, before its book is built.
type versionDoc struct {
	id             string
	from, existing time.Time
	book           PriceBook
}

func (d *bookDecoder) bookSet() ([]versionDoc, error) {
	var vs []versionDoc
	err := d.object(func(key []byte) (bool, error) {
		var err error
		switch string(key) {
		case "format":
			_, err = d.Format(FormatBookVersionsV1)
		case "versions":
			vs, err = strictjson.List(&d.Decoder, d.bookVersion)
		default:
			return false, nil
		}
		return true, err
	}, "versions")
	return vs, err
}

func (d *bookDecoder) bookVersion() (versionDoc, error) {
	var v versionDoc
	err := d.object(func(key []byte) (bool, error) {
		var err error
		switch string(key) {
		case "id":
			v.id, err = d.Str()
		case "from":
			v.from, err = d.Time()
		case "existing":
			v.existing, err = d.Time()
		case "book":
			v.book, err = d.book()
		default:
			return false, nil
		}
		return true, err
	}, "id", "book")
	return v, err
}

type bookSetJSON struct {
	Format   string            `json:"format"`
	Versions []bookVersionJSON `json:"versions"`
}

type bookVersionJSON struct {
	ID       string   `json:"id"`
	From     string   `json:"from,omitempty"`
	Existing string   `json:"existing,omitempty"`
	Book     bookJSON `json:"book"`
}

// MarshalJSON encodes the set as price-book set JSON (see "Price-book
// versions" in the package documentation), indented by two spaces: the
// versions in order, each with its id, its from and existing when they are
// set (RFC 3339 with as many fraction digits as needed, in the time's own
// offset when RFC 3339 can write it, else in UTC), and its book exactly as
// Book.MarshalJSON writes it. DecodeBookVersions of the result gives an
// equal set, and encoding that gives the same bytes. It takes time in
// proportion to the set.
//
// A nil or empty set has no price-book set JSON: MarshalJSON returns an
// error wrapping ErrUnencodable and ErrNoBook. A book that Book.MarshalJSON
// cannot encode, a time outside the years 0000–9999 or a document larger
// than the decoding limit give an error wrapping ErrUnencodable.
func (s *BookVersions) MarshalJSON() ([]byte, error) {
	if s.Len() == 0 {
		return nil, fmt.Errorf("%w: %w: a set without versions", ErrUnencodable, ErrNoBook)
	}
	doc := bookSetJSON{Format: FormatBookVersionsV1, Versions: make([]bookVersionJSON, len(s.vs))}
	for i, v := range s.vs {
		path := elem("versions", i, v.ID)
		e := &bookEncoder{}
		vj := bookVersionJSON{ID: v.ID, Book: e.book(&v.Book.def)}
		if e.err != nil {
			return nil, fmt.Errorf("pricing: %s.book: %w", path, e.err)
		}
		var err error
		if vj.From, err = instantText(path+".from", v.From); err != nil {
			return nil, err
		}
		if vj.Existing, err = instantText(path+".existing", v.Existing); err != nil {
			return nil, err
		}
		doc.Versions[i] = vj
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	out := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	if limit := strictjson.DefaultLimits.Document; len(out) > limit {
		return nil, fmt.Errorf("%w: a document of %d bytes, more than %d", ErrUnencodable, len(out), limit)
	}
	return out, nil
}

// instantText formats t for the member at path: "" for the zero time, else
// as strictjson.FormatTime writes it (RFC 3339 in t's own offset when RFC
// 3339 can write it, in UTC otherwise).
func instantText(path string, t time.Time) (string, error) {
	if t.IsZero() {
		return "", nil
	}
	s, err := strictjson.FormatTime(t)
	if err != nil {
		return "", fmt.Errorf("%w: %s: %v", ErrUnencodable, path, err)
	}
	return s, nil
}
