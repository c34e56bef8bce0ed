package pricing

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"
)

// ErrUnencodable is returned (wrapped, with the path of the culprit) by
// Book.MarshalJSON for a decimal with more than 100 significant digits or an
// exponent beyond ±1000, which DecodeBook would refuse. No other valid Book
// is unencodable.
var ErrUnencodable = errors.New("pricing: cannot encode as price book JSON")

var _ json.Marshaler = (*Book)(nil)

type bookJSON struct {
	Format    string       `json:"format"`
	Currency  string       `json:"currency"`
	Charges   []chargeJSON `json:"charges"`
	Free      []string     `json:"free,omitempty"`
	Discounts []planJSON   `json:"discounts,omitempty"`
}

type chargeJSON struct {
	ID        string      `json:"id"`
	Name      string      `json:"name,omitempty"`
	Product   string      `json:"product"`
	Kind      string      `json:"kind"`
	Period    *periodJSON `json:"period,omitempty"`
	Meter     string      `json:"meter,omitempty"`
	Unit      string      `json:"unit,omitempty"`
	Allowance string      `json:"allowance,omitempty"`
	Aggregate string      `json:"aggregate,omitempty"`       // left out for sum
	Grant     string      `json:"allowance_grant,omitempty"` // left out for prorated
	Price     priceJSON   `json:"price"`
}

type periodJSON struct {
	Unit  string `json:"unit"`
	Count int    `json:"count,omitempty"`
}

// priceJSON holds decimals as strings; an empty string is left out.
type priceJSON struct {
	Model      string     `json:"model"`
	Amount     string     `json:"amount,omitempty"`
	Tiers      []tierJSON `json:"tiers,omitempty"`
	FlatAtZero bool       `json:"flat_at_zero,omitempty"`
	BlockSize  string     `json:"block_size,omitempty"`
	FreeUnits  string     `json:"free_units,omitempty"`
	Percent    string     `json:"percent,omitempty"`
	Fixed      string     `json:"fixed,omitempty"`
	MinFee     string     `json:"min_fee,omitempty"`
	MaxFee     string     `json:"max_fee,omitempty"`
	Minimum    string     `json:"minimum,omitempty"`
	Maximum    string     `json:"maximum,omitempty"`
}

type tierJSON struct {
	UpTo string `json:"up_to,omitempty"`
	Unit string `json:"unit,omitempty"`
	Flat string `json:"flat,omitempty"`
}

type planJSON struct {
	ID      string      `json:"id"`
	Product string      `json:"product"`
	Entries []entryJSON `json:"entries"`
}

type entryJSON struct {
	Charge    string `json:"charge"`
	MinVolume string `json:"min_volume"`
	Percent   string `json:"percent"`
}

// MarshalJSON encodes the book as price book JSON (see "Price book JSON" in
// the package documentation), indented by two spaces: members in a fixed
// order, decimals as strings keeping their written places ("2.00") and
// their exponent when it is positive ("15e2"), every figure a price's model
// needs written out and figures it does not use (and zeros that are
// optional) left out, a charge's aggregate and allowance_grant only when
// they are not the defaults (sum, prorated), prices without a currency
// (they carry the book's). DecodeBook of the result gives an equal Book,
// and encoding that gives the same bytes.
//
// A nil *Book, or the zero Book, has no price book JSON: MarshalJSON
// returns an error wrapping ErrUnencodable and ErrNoBook. (encoding/json
// writes null for a nil *Book without calling MarshalJSON.)
func (b *Book) MarshalJSON() ([]byte, error) {
	if !b.built() {
		return nil, fmt.Errorf("%w: %w", ErrUnencodable, ErrNoBook)
	}
	e := &bookEncoder{}
	doc := e.book(&b.def)
	if e.err != nil {
		return nil, e.err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// bookEncoder turns a validated definition into its JSON shape, keeping
// the first error met.
type bookEncoder struct{ err error }

// dec formats x with its own places, or "" for an optional zero.
func (e *bookEncoder) dec(path string, x decimal.Decimal, optional bool) string {
	if optional && x.IsZero() {
		return ""
	}
	if err := decimalInRange(x); err != nil {
		if e.err == nil {
			e.err = fmt.Errorf("%w: %s: %v", ErrUnencodable, path, err)
		}
		return "0"
	}
	switch exp := x.Exponent(); {
	case exp < 0:
		return x.StringFixed(-exp) // "2.00" stays "2.00"
	case exp == 0 || x.IsZero():
		return x.String()
	default:
		// Written with its exponent (15e2, as decoded from "1.5e3"), so that
		// the digits never exceed what DecodeBook accepts.
		return x.Coefficient().String() + "e" + strconv.Itoa(int(exp))
	}
}

func (e *bookEncoder) nullDec(path string, x decimal.NullDecimal) string {
	if !x.Valid {
		return ""
	}
	return e.dec(path, x.Decimal, false)
}

func (e *bookEncoder) book(d *PriceBook) bookJSON {
	out := bookJSON{
		Format:   FormatBookV1,
		Currency: d.Currency.Code(),
		Charges:  make([]chargeJSON, len(d.Charges)),
		Free:     d.Free,
	}
	for i := range d.Charges {
		c := &d.Charges[i]
		cj := chargeJSON{ID: c.ID, Name: c.Name, Product: c.Product, Kind: c.Kind.String(), Meter: c.Meter, Unit: c.Unit,
			Allowance: c.Allowance}
		if c.Kind == ChargeRecurring {
			cj.Period = &periodJSON{Unit: c.Period.Unit.String(), Count: c.Period.Count}
		}
		if c.Aggregate != AggregateSum {
			cj.Aggregate = c.Aggregate.String()
		}
		if c.Grant != AllowanceProrated {
			cj.Grant = c.Grant.String()
		}
		cj.Price = e.price("charges["+c.ID+"].price", &c.Price)
		out.Charges[i] = cj
	}
	for _, p := range d.Discounts {
		pj := planJSON{ID: p.ID, Product: p.Product, Entries: make([]entryJSON, len(p.Entries))}
		for j, en := range p.Entries {
			path := fmt.Sprintf("discounts[%s].entries[%d]", p.ID, j)
			pj.Entries[j] = entryJSON{
				Charge:    en.Charge,
				MinVolume: e.dec(path+".min_volume", en.MinVolume, false),
				Percent:   e.dec(path+".percent", en.Percent, false),
			}
		}
		out.Discounts = append(out.Discounts, pj)
	}
	return out
}

func (e *bookEncoder) price(path string, p *Price) priceJSON {
	pj := priceJSON{
		Model:      p.Model.String(),
		FlatAtZero: p.FlatAtZero,
		BlockSize:  e.dec(path+".block_size", p.BlockSize, p.Model != ModelPackage),
		FreeUnits:  e.dec(path+".free_units", p.FreeUnits, true),
		Fixed:      e.dec(path+".fixed", p.Fixed, true),
		MinFee:     e.nullDec(path+".min_fee", p.MinFee),
		MaxFee:     e.nullDec(path+".max_fee", p.MaxFee),
		Minimum:    e.nullDec(path+".minimum", p.Minimum),
		Maximum:    e.nullDec(path+".maximum", p.Maximum),
	}
	switch p.Model {
	case ModelFlat, ModelPerUnit, ModelPackage:
		pj.Amount = e.dec(path+".amount", p.Amount, false)
	case ModelPercentage:
		pj.Percent = e.dec(path+".percent", p.Percent, false)
	case ModelGraduated, ModelVolume:
		pj.Tiers = make([]tierJSON, len(p.Tiers))
		for i, t := range p.Tiers {
			tpath := fmt.Sprintf("%s.tiers[%d]", path, i)
			pj.Tiers[i] = tierJSON{
				UpTo: e.nullDec(tpath+".up_to", t.UpTo),
				Unit: e.dec(tpath+".unit", t.Unit, true),
				Flat: e.dec(tpath+".flat", t.Flat, true),
			}
		}
	}
	return pj
}
