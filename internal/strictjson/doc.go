// Package strictjson reads and writes the strict JSON that tariff's
// documents share: the catalog and the catalog set (package catalog), the
// account (package entitlement), the price book, the price-book set and
// Money (package pricing).
//
// It lives in internal/ because several packages share it and no user
// should import it, which is exactly what internal/ is for. Package catalog
// imports nothing else of ours; this package is the one exception: it is
// the JSON machinery of every document, kept out of catalog so that all of
// them read and write by the same rules and report problems the same way,
// and it imports nothing of ours itself. Its sentinels are exported by
// package catalog as its own (catalog.ErrSyntax is ErrSyntax), and every
// decoder of the library returns its *Error as the Err of a
// *catalog.DecodeError.
//
// # Reading
//
// A Decoder reads a document as the schema code pulls its values: objects
// member by member, arrays element by element, then strings, bools,
// integers, decimals (from a string or a number), RFC 3339 times (Time)
// and enum-like names. It builds no tree: memory follows what the caller
// keeps. It refuses anything that is not strict JSON (RFC 8259): data after
// the value, duplicate object keys (found by a linear search in small
// objects and a set in large ones), invalid UTF-8, unpaired \u surrogates,
// a byte that starts no value.
// A member the schema code does not know is an unknown field; null is never
// accepted where a value of another kind is wanted.
//
// Every document is held to Limits (DefaultLimits): its size, its nesting
// depth, the length of a string, the members of an object and the elements
// of an array, and the digits, exponent and length of a number. Each check
// fires where the limit is crossed, before the cost is paid.
//
// Every error is an *Error with the path (products[3].features[0].id, "$"
// for the root), the byte offset, and a Kind: one of ErrSyntax,
// ErrTrailingData, ErrDuplicateKey, ErrUnknownField, ErrMissingField,
// ErrWrongType, ErrInvalidValue, ErrLimit.
//
// Every document has an optional "format" member naming its format, read
// by Format: a document without it is read as the newest format its
// decoder knows, and an unknown name is ErrInvalidValue, worded the same
// way for every document.
//
// # Writing
//
// An Encoder appends compact JSON by hand, members in the order the caller
// writes them and zero values left out by the field helpers, then indents it
// by two spaces (Indented). Decimals are written by FormatDecimal, without
// trailing zeros, whatever shopspring/decimal's package variables say;
// times by FormatTime, in their own offset when RFC 3339 can write it and in
// UTC otherwise, so that Time reads them back as the same instant; only a
// time whose year is outside 0000–9999 in UTC as well fails. What a Decoder
// would refuse under DefaultLimits fails to encode.
package strictjson
