// Package strictjson reads and writes the strict JSON that tariff's document
// formats share: the catalog (package catalog) and the account (package
// entitlement).
//
// It lives in internal/ because two packages share it and no user should
// import it, which is exactly what internal/ is for. DESIGN.md has package
// catalog import nothing of ours; this package is the one exception: it is
// catalog's JSON machinery, moved out of catalog so that entitlement's
// account format reads and writes by the same rules and reports problems the
// same way, and it imports nothing of ours itself. Its sentinels are
// exported by package catalog as its own (catalog.ErrSyntax is ErrSyntax),
// which is why their text names the catalog.
//
// # Reading
//
// Scan turns a document into a tree of Node values, refusing anything that
// is not strict JSON (RFC 8259): data after the value, duplicate object
// keys, invalid UTF-8, unpaired \u surrogates, and nesting deeper than
// MaxDepth. Numbers keep their text, so they can be read exactly. A Decoder
// then walks the tree with the JSON path of every step kept for errors:
// objects with a callback per member (unknown members are errors), lists,
// strings, bools, integers, decimals (from a string or a number, exponent
// within ±MaxDecimalExponent) and enum-like names. null is never accepted
// where a value of another kind is wanted.
//
// Every error is an *Error with the path (products[3].features[0].id, "$"
// for the root), the byte offset, and a Kind: one of ErrSyntax,
// ErrTrailingData, ErrDuplicateKey, ErrUnknownField, ErrMissingField,
// ErrWrongType, ErrInvalidValue.
//
// # Writing
//
// An Encoder appends compact JSON by hand, members in the order the caller
// writes them and zero values left out by the field helpers, then indents it
// by two spaces (Indented). Decimals are written by FormatDecimal, in plain
// notation without trailing zeros, whatever shopspring/decimal's package
// variables say.
package strictjson
