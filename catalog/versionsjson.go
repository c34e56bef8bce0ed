package catalog

import (
	"time"

	"github.com/tariffkit/tariff/internal/strictjson"
)

// FormatVersionsV1 is the value of the "format" member of a catalog set
// JSON document, a Versions in the format this package reads and writes
// (see the package documentation, section "Versions").
const FormatVersionsV1 = "tariff.catalogset.v1"

// DecodeVersions decodes a catalog set JSON document (see "Versions" in the
// package documentation), builds each version's catalog with New and the
// set with NewVersions.
//
// Decoding is strict and bounded as Decode's: the whole set is one
// document, held to the decoding limits of "JSON format" (its size, its
// nesting depth counted from the set's root, and so on), and each catalog
// is read exactly as a catalog document is. A document that is not
// well-formed, strict set JSON gives a *DecodeError whose path starts at
// the set's root (versions[1].catalog.products[0].id); it matches ErrSyntax
// and the sentinel of the rule broken, as Decode's errors do. A version
// other than the first without "from" is a missing field.
//
// A well-formed document describing an invalid set gives a
// *ValidationError listing every problem: those of each version's catalog,
// their paths under the version (versions[2026-01].products[x].kind), and
// those NewVersions finds. While a version's catalog is invalid, the set is
// checked as if that catalog were empty, and the problems NewVersions finds
// only in the composed catalogs (see Compose) are not looked for. On error
// the *Versions is nil.
//
// Cost: decoding takes time in proportion to the document; building takes
// what New and NewVersions take, which grows with the number of versions
// times the size of all of them.
func DecodeVersions(data []byte) (*Versions, error) {
	d := newDecoder(data)
	var docs []versionDoc
	err := d.Document(func() (err error) {
		docs, err = d.versionSet()
		return err
	})
	if err != nil {
		return nil, decodeError("catalog set", err)
	}
	return buildVersions(docs)
}

// MarshalJSON encodes the set as a catalog set JSON document, indented by
// two spaces: the versions in order, each with its id, its from and
// existing instants (left out when zero) written as "JSON format" in the
// package documentation says (RFC 3339, in their own offset when RFC 3339
// can write it, else in UTC), and its catalog as Catalog.MarshalJSON
// writes it. The output is stable: equal sets give equal bytes, and
// DecodeVersions gives back an equal set, its instants equal by
// time.Time.Equal. A nil *Versions encodes as null.
//
// It returns an error matching ErrUnencodable when a catalog cannot be
// encoded (see ErrUnencodable), when an instant's year is outside 0000 to
// 9999 even in UTC, or when the document would cross the decoding limits.
// Cost: one pass over every catalog.
func (s *Versions) MarshalJSON() ([]byte, error) {
	if s == nil {
		return []byte("null"), nil
	}
	e := newEncoder()
	e.Open('{')
	e.IDField("format", FormatVersionsV1)
	strictjson.ObjectList(&e.Encoder, "versions", s.vs, func(v *Version) {
		e.IDField("id", v.ID)
		e.TimeField("from", v.From)
		e.TimeField("existing", v.Existing)
		e.Key("catalog")
		e.definition(&v.Catalog.orEmpty().def)
		e.Pop()
	})
	e.Close('}')
	return e.Indented()
}

// versionDoc is a version as a set document holds it: its catalog not yet
// built.
type versionDoc struct {
	id             string
	from, existing time.Time
	def            Definition
}

// versionSet reads the root object of a set document.
func (d *decoder) versionSet() ([]versionDoc, error) {
	var docs []versionDoc
	hasVersions := false
	off := d.Offset()
	err := d.Object(func(key []byte) (bool, error) {
		var err error
		switch string(key) {
		case "format":
			_, err = d.Format(FormatVersionsV1)
		case "versions":
			var out strictjson.Builder[versionDoc]
			err = d.Array(func(i int) error {
				v, err := d.version(i)
				out.Add(v)
				return err
			})
			docs = out.Slice()
			hasVersions = true
		default:
			return false, nil
		}
		return true, err
	})
	if err == nil && !hasVersions {
		err = d.Missing(off, "versions")
	}
	return docs, err
}

// version reads version i of the versions array; its catalog is read by
// definition, as a catalog document is.
func (d *decoder) version(i int) (versionDoc, error) {
	var v versionDoc
	hasID, hasFrom, hasCatalog := false, false, false
	off := d.Offset()
	err := d.Object(func(key []byte) (bool, error) {
		var err error
		switch string(key) {
		case "id":
			v.id, err = d.Str()
			hasID = true
		case "from":
			v.from, err = d.Time()
			hasFrom = true
		case "existing":
			v.existing, err = d.Time()
		case "catalog":
			v.def, err = d.definition()
			hasCatalog = true
		default:
			return false, nil
		}
		return true, err
	})
	switch {
	case err != nil:
	case !hasID:
		err = d.Missing(off, "id")
	case !hasFrom && i > 0:
		err = d.Missing(off, "from")
	case !hasCatalog:
		err = d.Missing(off, "catalog")
	}
	return v, err
}

// buildVersions builds each version's catalog and the set, gathering every
// problem: those of the catalogs, then those of the set, checked with an
// empty catalog for each invalid one.
func buildVersions(docs []versionDoc) (*Versions, error) {
	vs := make([]Version, len(docs))
	var probs []Problem
	for i, doc := range docs {
		c, err := New(doc.def)
		if err != nil {
			probs = append(probs, prefixed(versionPath(i, doc.id), err)...)
			c = &Catalog{}
		}
		vs[i] = Version{ID: doc.id, From: doc.from, Existing: doc.existing, Catalog: c}
	}
	if len(probs) == 0 {
		return NewVersions(vs...)
	}
	probs = append(probs, newUnchecked(vs).check()...)
	return nil, &ValidationError{Problems: probs}
}
