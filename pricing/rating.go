package pricing

import (
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/entitlement"
)

// Errors returned by rating.
var (
	// ErrInvalidUsage is returned for a usage record with a negative
	// quantity, and for two records with the same ID: each record is rated
	// once, whatever the host resubmits.
	ErrInvalidUsage = errors.New("pricing: invalid usage record")
	// ErrUnratedUsage is matched by *UnratedError: a usage record in the
	// period that no usage charge in force at its instant rates. Silently
	// dropping it would lose revenue, billing it at another product's rate
	// would charge a price the customer never agreed to.
	ErrUnratedUsage = errors.New("pricing: no usage charge rates this meter")
	// ErrAllowance is returned when a usage charge's allowance attribute
	// holds a value that is not a number.
	ErrAllowance = errors.New("pricing: allowance attribute is not numeric")
)

// UnratedError reports a usage record that no usage charge in force at its
// instant rates: no product of the account's configuration then has a
// charge for its meter (the product that rates it was assigned later,
// ended earlier, or the account was not yet active).
type UnratedError struct {
	Record string // the record's ID
	Meter  string
	At     time.Time
}

func (e *UnratedError) Error() string {
	return fmt.Sprintf("pricing: usage record %q (meter %q at %s): no usage charge in force rates it",
		e.Record, e.Meter, e.At.Format(time.RFC3339))
}

// Unwrap returns ErrUnratedUsage.
func (e *UnratedError) Unwrap() error { return ErrUnratedUsage }

// UsageRecord is one metered use: Quantity units of Meter (minutes to
// Brazil, domestic SMS, GB stored; the amount of a payment for a percentage
// price) at instant At. ID identifies the record at its source; a quote
// refuses two records with the same non-empty ID, and names the records
// each usage line rated by their IDs.
type UsageRecord struct {
	ID       string
	Meter    string
	Quantity decimal.Decimal
	At       time.Time
}

// Rate rates the usage records of ch's meter that fall in p against one
// resolved configuration cfg, in force for the whole period: what a quote
// does for a period in which nothing changes, for one charge. The units of
// the allowance attribute ch.Allowance (a numeric attribute; no value, or
// no allowance named, is 0) come off first, record by record in time
// order, and the rest is priced by ch.Price (see "Rating" in the package
// documentation for the aggregations). It returns the usage line and, when
// the charge has a minimum commitment the usage does not reach, a true-up
// line.
//
// Records of other meters and records outside p are ignored; a negative
// quantity or a repeated ID is an error wrapping ErrInvalidUsage, a reversed
// or empty period one wrapping ErrInvalidPeriod, a charge that is not a
// usage charge or has an unknown Aggregate or Grant one wrapping
// ErrInvalidQuote. Rate knows no price book,
// so it applies no volume discount; a quote does.
func Rate(ch Charge, cfg entitlement.Config, records []UsageRecord, p Period, opts ...QuoteOption) ([]Line, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if ch.Kind != ChargeUsage || ch.Aggregate > AggregateLast || ch.Grant > AllowanceFull {
		return nil, fmt.Errorf("%w: charge %s is not a usage charge with a known aggregation and allowance grant", ErrInvalidQuote, ch.ID)
	}
	if err := checkRecords(records); err != nil {
		return nil, err
	}
	o := newOptions(opts)
	if o.cat == nil {
		o.cat = cfg.Catalog()
	}
	q := newQuoter(o, nil, p)
	tl := singleTimeline(cfg, p)
	var recs []int32
	for i := range records {
		if rec := &records[i]; rec.Meter == ch.Meter && p.Contains(rec.At) {
			recs = append(recs, int32(i))
		}
	}
	sortRecords(records, recs)
	u := usage{q: &q, tl: &tl}
	u.runs = []run{{ch: &ch, first: 0, end: 1}}
	for _, i := range recs {
		u.runs[0].recs = append(u.runs[0].recs, rated{rec: &records[i]})
	}
	if err := u.consume(u.runs); err != nil {
		return nil, err
	}
	return u.line(nil, &u.runs[0])
}

// checkRecords refuses negative quantities and repeated IDs.
func checkRecords(records []UsageRecord) error {
	for i := range records {
		if rec := &records[i]; rec.Quantity.Sign() < 0 {
			return fmt.Errorf("%w: record %q (%s) has a negative quantity %s", ErrInvalidUsage, rec.ID, rec.Meter, rec.Quantity)
		}
	}
	return checkRecordIDs(records)
}

// sortRecords puts the indexes recs of records in the order records are
// rated: by instant, then ID and quantity, so that the result does not
// depend on the order the host listed them in. Usage feeds are mostly in
// time order already: the indexes are sorted only when they are not, on
// the instants' nanoseconds where they fit an int64.
func sortRecords(records []UsageRecord, recs []int32) {
	compare := func(i, j int32) int {
		a, b := &records[i], &records[j]
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		if a.ID != b.ID {
			if a.ID < b.ID {
				return -1
			}
			return 1
		}
		return a.Quantity.Cmp(b.Quantity)
	}
	if slices.IsSortedFunc(recs, compare) {
		return
	}
	type keyed struct {
		ns int64
		i  int32
	}
	keys := make([]keyed, len(recs))
	for n, i := range recs {
		t := records[i].At
		if sec := t.Unix(); sec < -9e9 || sec > 9e9 {
			slices.SortFunc(recs, compare) // beyond UnixNano's range (1678–2262)
			return
		}
		keys[n] = keyed{t.UnixNano(), i}
	}
	slices.SortFunc(keys, func(a, b keyed) int {
		if a.ns != b.ns {
			if a.ns < b.ns {
				return -1
			}
			return 1
		}
		return compare(a.i, b.i)
	})
	for n := range keys {
		recs[n] = keys[n].i
	}
}

// checkRecordIDs refuses two records with the same non-empty ID. It sorts
// the IDs' 64-bit hashes, on the stack for up to 64 records, and looks for
// the repeated ID only when two hashes are equal: a usage batch has no map
// to build and no strings to sort.
func checkRecordIDs(records []UsageRecord) error {
	var buf [64]uint64
	hashes := buf[:0]
	for i := range records {
		if id := records[i].ID; id != "" {
			hashes = append(hashes, maphash.String(recordSeed, id))
		}
	}
	slices.Sort(hashes)
	for i := 1; i < len(hashes); i++ {
		if hashes[i] == hashes[i-1] {
			return findRepeatedID(records) // a repeated ID, or two IDs whose hashes collide
		}
	}
	return nil
}

var recordSeed = maphash.MakeSeed()

// findRepeatedID returns the error for the first record whose non-empty ID
// an earlier record has, nil if there is none.
func findRepeatedID(records []UsageRecord) error {
	seen := make(map[string]struct{}, len(records))
	for i := range records {
		id := records[i].ID
		if id == "" {
			continue
		}
		if _, ok := seen[id]; ok {
			return fmt.Errorf("%w: record %q appears twice", ErrInvalidUsage, id)
		}
		seen[id] = struct{}{}
	}
	return nil
}

// allowance returns the units cfg includes in attribute attr: its numeric
// value, 0 when it has none (or a negative one).
func allowance(ch *Charge, cfg entitlement.Config) (decimal.Decimal, error) {
	if ch.Allowance == "" {
		return decimal.Zero, nil
	}
	v, ok := cfg.Value(ch.Allowance)
	if !ok {
		return decimal.Zero, nil
	}
	d, ok := v.AsDecimal()
	if !ok {
		return decimal.Zero, fmt.Errorf("%w: charge %s reads %s = %s", ErrAllowance, ch.ID, ch.Allowance, v)
	}
	if d.Sign() < 0 {
		return decimal.Zero, nil
	}
	return d, nil
}

// label names a usage charge in line descriptions: its Name, else its
// Meter, else its ID.
func (c *Charge) label() string {
	switch {
	case c.Name != "":
		return c.Name
	case c.Meter != "":
		return c.Meter
	}
	return c.ID
}
