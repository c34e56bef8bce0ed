package strictjson

// Limits bounds what a document may hold, so that decoding costs time in
// proportion to the input and memory in proportion to what the schema keeps,
// whatever the input. Crossing one is an *Error of kind ErrLimit at the path
// and offset where it was crossed, found before the cost is paid: a document
// that is too long is refused before its first byte is read, a number at its
// first digit beyond the bound, a string at its first byte beyond the bound.
type Limits struct {
	// Document is the size of a document in bytes, below 4 GiB (offsets
	// are kept in 32 bits where a decoder keeps many).
	Document int
	// Depth is how deep arrays and objects may nest; the value at the root
	// is at depth 1.
	Depth int
	// String is the length of a string (a key or a value) in bytes as
	// written between its quotes, escapes included.
	String int
	// Members is the number of members of one object.
	Members int
	// Elements is the number of elements of one array.
	Elements int
	// Digits is the number of significant digits of a number, or of a
	// decimal written as a string: the digits of its coefficient, leading
	// zeros left out, trailing zeros counted (1.50 has three, 0.05 one).
	Digits int
	// Exponent bounds the exponent of a number, or of a decimal written as
	// a string, to ±Exponent: the exponent of its coefficient as written
	// (1.5e2 is 15×10¹, 0.001 is 1×10⁻³).
	Exponent int
	// NumberText is the length of a number, or of a decimal written as a
	// string, in bytes.
	NumberText int
}

// DefaultLimits are the limits of every tariff document: the catalog, the
// account, the price book and Money.
//
//   - Document, 256 MiB: a catalog of 50,000 products as the encoder writes
//     it (indented, twenty features a product) takes about 150 MB.
//   - Depth, 64: the deepest document the formats define is about ten
//     levels; band rules nested inside band rules are refused by
//     validation long before 64.
//   - String, 1 MiB: IDs and names are short; a megabyte is far beyond any
//     of them and small enough that no single string dominates memory.
//   - Members and Elements, 1,000,000: ten times the largest catalog the
//     benchmarks build.
//   - Digits 100, Exponent 1000: what the price book has always accepted;
//     no amount, rate or quantity needs more.
//   - NumberText, 1108 bytes: more than any number within the two bounds
//     above takes, in plain notation or with an exponent.
var DefaultLimits = Limits{
	Document:   256 << 20,
	Depth:      64,
	String:     1 << 20,
	Members:    1_000_000,
	Elements:   1_000_000,
	Digits:     100,
	Exponent:   1000,
	NumberText: 100 + 1000 + 8,
}

// The names of the limits, in Error.Limit.
const (
	LimitDocument   = "document"
	LimitDepth      = "depth"
	LimitString     = "string"
	LimitMembers    = "members"
	LimitElements   = "elements"
	LimitDigits     = "digits"
	LimitExponent   = "exponent"
	LimitNumberText = "number"
)
