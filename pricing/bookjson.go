package pricing

import (
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/internal/strictjson"
)

// FormatBookV1 is the value of the "format" member of a price book JSON
// document in the format this package reads and writes (see the package
// documentation, section "Price book JSON").
const FormatBookV1 = "tariff.pricebook.v1"

// decimalInRange checks a decimal against the number limits every
// document is held to: at most 100 significant digits (those of its
// coefficient) and an exponent within ±1000.
func decimalInRange(x decimal.Decimal) error {
	lim := strictjson.DefaultLimits
	if e := x.Exponent(); e < -int32(lim.Exponent) || e > int32(lim.Exponent) {
		return fmt.Errorf("exponent %d beyond ±%d", e, lim.Exponent)
	}
	if n := x.NumDigits(); n > lim.Digits {
		return fmt.Errorf("%d significant digits, more than %d", n, lim.Digits)
	}
	return nil
}

// DecodeBook decodes a price book JSON document (see "Price book JSON" in
// the package documentation) and builds the Book with NewBook.
//
// A document that is not well-formed, strict price book JSON gives a
// *catalog.DecodeError (Document "price book") naming the JSON path and
// matching catalog.ErrSyntax and the sentinel of the rule broken; a
// well-formed document describing an invalid book gives
// NewBook's *catalog.ValidationError, listing every problem. On error the Book is
// nil.
func DecodeBook(data []byte) (*Book, error) {
	def, err := decodeBook(data)
	if err != nil {
		return nil, err
	}
	return NewBook(def)
}

// decodeError returns err, an error from decoding the document named doc,
// as a *catalog.DecodeError when it is a *strictjson.Error, unchanged
// otherwise.
func decodeError(doc string, err error) error {
	if e, ok := err.(*strictjson.Error); ok {
		return &catalog.DecodeError{Document: doc, Path: e.Path, Offset: e.Offset, Err: e}
	}
	return err
}

// bookDecoder reads a price book as strictjson.Decoder streams it. An
// error between members or elements (a missing comma, the end of input) is
// placed at the enclosing object or array.
type bookDecoder struct {
	strictjson.Decoder
}

func decodeBook(data []byte) (PriceBook, error) {
	var book PriceBook
	err := decodeDocument(data, "price book", func(d *bookDecoder) (err error) {
		book, err = d.book()
		return err
	})
	if err != nil {
		return PriceBook{}, err
	}
	return book, nil
}

// decodeDocument reads data as one document, named doc in errors, whose
// value root reads (a price book, or a set of them), and turns a decoding
// error into a *catalog.DecodeError.
func decodeDocument(data []byte, doc string, root func(d *bookDecoder) error) error {
	d := &bookDecoder{Decoder: strictjson.NewDecoder(data)}
	d.SeparatorAtContainer = true
	return decodeError(doc, d.Document(func() error { return root(d) }))
}

// object reads an object, calling field for each member with the path
// pointing at its key; field reads the member's value and reports whether
// the key is known. required lists keys that must be present; a missing
// one is reported where the object ends.
func (d *bookDecoder) object(field func(key []byte) (bool, error), required ...string) error {
	var seen uint
	err := d.Object(func(key []byte) (bool, error) {
		for i, k := range required {
			if string(key) == k {
				seen |= 1 << i
			}
		}
		return field(key)
	})
	if err != nil {
		return err
	}
	for i, k := range required {
		if seen&(1<<i) == 0 {
			return d.Missing(d.End()-1, k)
		}
	}
	return nil
}

// integer reads a JSON number that is an integer literal in int32's range.
func (d *bookDecoder) integer() (int, error) {
	off := d.Offset()
	text, err := d.Number()
	if err != nil {
		return 0, err
	}
	i, err := strconv.ParseInt(text, 10, 32)
	if err != nil {
		return 0, d.Fail(off, strictjson.ErrInvalidValue, "%s is not an integer in range", text)
	}
	return int(i), nil
}

// name reads a string and parses it with parse; what names the kind of
// value for the error.
func name[T any](d *bookDecoder, what string, parse func(string) (T, bool)) (T, error) {
	return strictjson.Name(&d.Decoder, what, parse)
}

func (d *bookDecoder) book() (PriceBook, error) {
	var b PriceBook
	err := d.object(func(key []byte) (bool, error) {
		var err error
		switch string(key) {
		case "format":
			_, err = d.Format(FormatBookV1)
		case "currency":
			b.Currency, err = name(d, "currency", func(s string) (Currency, bool) {
				c, err := ParseCurrency(s)
				return c, err == nil
			})
		case "charges":
			b.Charges, err = strictjson.List(&d.Decoder, d.charge)
		case "free":
			b.Free, err = d.Strings()
		case "discounts":
			b.Discounts, err = strictjson.List(&d.Decoder, d.plan)
		default:
			return false, nil
		}
		return true, err
	}, "currency")
	if err != nil {
		return PriceBook{}, err
	}
	// A price carries its book's currency.
	for i := range b.Charges {
		b.Charges[i].Price.Currency = b.Currency
	}
	return b, nil
}

func (d *bookDecoder) charge() (Charge, error) {
	var c Charge
	err := d.object(func(key []byte) (bool, error) {
		var err error
		switch string(key) {
		case "id":
			c.ID, err = d.Str()
		case "name":
			c.Name, err = d.Str()
		case "product":
			c.Product, err = d.Str()
		case "kind":
			c.Kind, err = name(d, "charge kind", ParseChargeKind)
		case "period":
			err = d.object(func(key []byte) (bool, error) {
				var err error
				switch string(key) {
				case "unit":
					c.Period.Unit, err = name(d, "period unit", ParsePeriodUnit)
				case "count":
					c.Period.Count, err = d.integer()
				default:
					return false, nil
				}
				return true, err
			}, "unit")
		case "meter":
			c.Meter, err = d.Str()
		case "unit":
			c.Unit, err = d.Str()
		case "allowance":
			c.Allowance, err = d.Str()
		case "aggregate":
			c.Aggregate, err = name(d, "aggregation", ParseAggregation)
		case "allowance_grant":
			c.Grant, err = name(d, "allowance grant", ParseAllowanceGrant)
		case "price":
			c.Price, err = d.price()
		default:
			return false, nil
		}
		return true, err
	}, "id", "product", "kind", "price")
	return c, err
}

func (d *bookDecoder) price() (Price, error) {
	var p Price
	var has struct{ amount, tiers, percent bool }
	err := d.object(func(key []byte) (bool, error) {
		var err error
		switch string(key) {
		case "model":
			p.Model, err = name(d, "price model", ParseModel)
		case "amount":
			p.Amount, err = d.Decimal()
			has.amount = true
		case "tiers":
			p.Tiers, err = strictjson.List(&d.Decoder, d.tier)
			has.tiers = true
		case "flat_at_zero":
			p.FlatAtZero, err = d.Bool()
		case "block_size":
			p.BlockSize, err = d.Decimal()
		case "free_units":
			p.FreeUnits, err = d.Decimal()
		case "percent":
			p.Percent, err = d.Decimal()
			has.percent = true
		case "fixed":
			p.Fixed, err = d.Decimal()
		case "min_fee":
			p.MinFee, err = d.NullDecimal()
		case "max_fee":
			p.MaxFee, err = d.NullDecimal()
		case "minimum":
			p.Minimum, err = d.NullDecimal()
		case "maximum":
			p.Maximum, err = d.NullDecimal()
		default:
			return false, nil
		}
		return true, err
	}, "model")
	if err != nil {
		return Price{}, err
	}
	// The figure that defines each model must be written out: a missing
	// one would otherwise price at a silent zero.
	need, ok := "", true
	switch p.Model {
	case ModelFlat, ModelPerUnit, ModelPackage:
		need, ok = "amount", has.amount
	case ModelGraduated, ModelVolume:
		need, ok = "tiers", has.tiers
	case ModelPercentage:
		need, ok = "percent", has.percent
	}
	if !ok {
		d.Push(need)
		return Price{}, d.Fail(d.End()-1, strictjson.ErrMissingField, "a %s price needs %q", p.Model, need)
	}
	return p, nil
}

func (d *bookDecoder) tier() (Tier, error) {
	var t Tier
	err := d.object(func(key []byte) (bool, error) {
		var err error
		switch string(key) {
		case "up_to":
			t.UpTo, err = d.NullDecimal()
		case "unit":
			t.Unit, err = d.Decimal()
		case "flat":
			t.Flat, err = d.Decimal()
		default:
			return false, nil
		}
		return true, err
	})
	return t, err
}

func (d *bookDecoder) plan() (DiscountPlan, error) {
	var p DiscountPlan
	err := d.object(func(key []byte) (bool, error) {
		var err error
		switch string(key) {
		case "id":
			p.ID, err = d.Str()
		case "product":
			p.Product, err = d.Str()
		case "entries":
			p.Entries, err = strictjson.List(&d.Decoder, d.entry)
		default:
			return false, nil
		}
		return true, err
	}, "id", "product", "entries")
	return p, err
}

func (d *bookDecoder) entry() (DiscountEntry, error) {
	var e DiscountEntry
	err := d.object(func(key []byte) (bool, error) {
		var err error
		switch string(key) {
		case "charge":
			e.Charge, err = d.Str()
		case "min_volume":
			e.MinVolume, err = d.Decimal()
		case "percent":
			e.Percent, err = d.Decimal()
		default:
			return false, nil
		}
		return true, err
	}, "charge", "min_volume", "percent")
	return e, err
}
