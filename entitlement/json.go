package entitlement

import (
	"errors"
	"slices"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/tariffkit/tariff/catalog"
	"github.com/tariffkit/tariff/internal/strictjson"
)

// The values of the "format" member of an account JSON document (see the
// package documentation, section "JSON format"). DecodeAccount reads both;
// Account.MarshalJSON writes AccountFormatV2. Version 2 adds the
// main-product history (main_from and past_mains) and, later and optional
// under the same format, the terms instants of versioned catalogs
// (main_terms, and terms on past mains and add-ons): a decoder older than
// them refuses a document that carries one as an unknown field.
const (
	AccountFormatV1 = "tariff.account.v1"
	AccountFormatV2 = "tariff.account.v2"
)

// ErrUnencodable is returned (wrapped, with the path of the culprit) by
// Account.MarshalJSON for an account the format cannot represent: a feature
// state other than enabled or disabled, a feature state or attribute value
// set twice, an unset Value, a string that is not valid UTF-8, a time RFC
// 3339 can write neither in its own offset nor in UTC (a year outside
// 0000..9999 in both), or anything beyond the limits DecodeAccount
// holds a document to (a decimal with more than 100 significant digits or
// an exponent beyond ±1000, trailing zeros dropped; a string longer than 1
// MiB; see "JSON format"). Resolve refuses all but the last three.
// Notices.MarshalJSON returns it too, for notices its form cannot hold.
var ErrUnencodable = errors.New("entitlement: cannot encode as account JSON")

// DecodeAccount decodes an account JSON document, in format
// AccountFormatV2 or AccountFormatV1 (see "JSON format" in the package
// documentation).
//
// Decoding is strict in the catalog's way: unknown fields, duplicate keys,
// trailing data, null, values of the wrong JSON kind, invalid UTF-8, a bad
// time, state or format, and a document beyond the decoding limits each
// give a *catalog.DecodeError (Document "account") naming the JSON path and
// matching catalog.ErrSyntax and the sentinel of the rule broken. Numbers are read from their text,
// never through float64. Attribute values are typed by their attribute's
// type in c (catalog.DecodeValue); the value of an attribute c does not
// know, or of any attribute when c is nil, is typed by its JSON shape, so
// that Resolve can report the unknown attribute.
//
// DecodeAccount does not resolve: an account that names unknown products,
// breaks the assignment rules or holds values outside their constraints
// decodes, and Resolve reports it. Empty lists and objects decode as nil.
func DecodeAccount(data []byte, c *catalog.Catalog) (Account, error) {
	d := &decoder{Decoder: strictjson.NewDecoder(data), cat: c}
	var a Account
	err := d.Document(func() (err error) {
		a, err = d.account()
		return err
	})
	if err != nil {
		return Account{}, decodeError(err)
	}
	return a, nil
}

// decodeError returns err as a *catalog.DecodeError of an account when it
// is a *strictjson.Error, unchanged otherwise.
func decodeError(err error) error {
	if e, ok := err.(*strictjson.Error); ok {
		return &catalog.DecodeError{Document: "account", Path: e.Path, Offset: e.Offset, Err: e}
	}
	return err
}

type decoder struct {
	strictjson.Decoder
	cat *catalog.Catalog

	// Version 1 documents know no history and no terms; a document without
	// a format is read as the latest version, of which version 1 is a
	// subset. A member only version 2 knows, read before a format of
	// version 1, is reported when the format is: early holds that report.
	v1, formatRead bool
	early          *strictjson.Error
}

// v2Member reports whether the member key, which only version 2 knows, is
// known here: not in a version 1 document. Read before the format, the
// first such member is remembered, to be reported as unknown should the
// format say version 1.
func (d *decoder) v2Member(key []byte) bool {
	if d.v1 {
		return false
	}
	if !d.formatRead && d.early == nil {
		d.early = &strictjson.Error{Path: d.Path(), Offset: d.KeyOffset(), Kind: catalog.ErrUnknownField,
			Detail: "unknown field " + strconv.Quote(string(key))}
	}
	return true
}

func (d *decoder) account() (Account, error) {
	var a Account
	hasID, hasMain := false, false
	off := d.Offset()
	err := d.Object(func(key []byte) (bool, error) {
		var err error
		switch string(key) {
		case "format":
			var f string
			f, err = d.Format(AccountFormatV2, AccountFormatV1)
			d.formatRead, d.v1 = true, f == AccountFormatV1
			if d.v1 && err == nil && d.early != nil {
				err = d.early
			}
		case "id":
			a.ID, err = d.Str()
			hasID = true
		case "main":
			a.Main, err = d.Str()
			hasMain = true
		case "main_from", "main_terms", "past_mains":
			if !d.v2Member(key) {
				return false, nil
			}
			switch string(key) {
			case "main_from":
				a.MainFrom, err = d.Time()
			case "main_terms":
				a.MainTerms, err = d.Time()
			default:
				a.PastMains, err = d.pastMains()
			}
		case "add_ons":
			a.AddOns, err = strictjson.List(&d.Decoder, d.assignment)
		case "states":
			a.States, err = d.states()
		case "values":
			a.Values, err = d.values()
		case "facts":
			a.Facts, err = d.facts()
		default:
			return false, nil
		}
		return true, err
	})
	switch {
	case err != nil:
		return Account{}, err
	case !hasID:
		return Account{}, d.Missing(off, "id")
	case !hasMain:
		return Account{}, d.Missing(off, "main")
	}
	return a, nil
}

// pastMains decodes the list of past main products: each an object with
// product, from and terms, from optional on the first only (zero: since
// always), terms optional (zero: from).
func (d *decoder) pastMains() ([]MainPeriod, error) {
	i := 0
	return strictjson.List(&d.Decoder, func() (MainPeriod, error) {
		first := i == 0
		i++
		var p MainPeriod
		hasProduct, hasFrom := false, false
		off := d.Offset()
		err := d.Object(func(key []byte) (bool, error) {
			var err error
			switch string(key) {
			case "product":
				p.Product, err = d.Str()
				hasProduct = true
			case "from":
				p.From, err = d.Time()
				hasFrom = true
			case "terms":
				p.Terms, err = d.Time()
			default:
				return false, nil
			}
			return true, err
		})
		switch {
		case err != nil:
		case !hasProduct:
			err = d.Missing(off, "product")
		case !hasFrom && !first:
			err = d.Missing(off, "from")
		}
		return p, err
	})
}

func (d *decoder) assignment() (Assignment, error) {
	var asg Assignment
	hasAddOn := false
	off := d.Offset()
	err := d.Object(func(key []byte) (bool, error) {
		var err error
		switch string(key) {
		case "add_on":
			asg.AddOn, err = d.Str()
			hasAddOn = true
		case "quantity":
			asg.Quantity, err = d.Int()
		case "from":
			asg.From, err = d.Time()
		case "until":
			asg.Until, err = d.Time()
		case "terms":
			if !d.v2Member(key) {
				return false, nil
			}
			asg.Terms, err = d.Time()
		default:
			return false, nil
		}
		return true, err
	})
	if err == nil && !hasAddOn {
		err = d.Missing(off, "add_on")
	}
	return asg, err
}

func parseState(s string) (catalog.State, bool) {
	for _, st := range []catalog.State{catalog.Enabled, catalog.Disabled} {
		if s == st.String() {
			return st, true
		}
	}
	return catalog.Undefined, false
}

// states decodes feature ID → "enabled" | "disabled", in document order.
func (d *decoder) states() ([]StateSetting, error) {
	var out strictjson.Builder[StateSetting]
	err := d.Object(func(key []byte) (bool, error) {
		st, err := strictjson.Name(&d.Decoder, "state", parseState)
		out.Add(StateSetting{Feature: string(key), State: st})
		return true, err
	})
	return out.Slice(), err
}

// values decodes attribute ID → value, in document order, each typed by its
// attribute in the catalog. A value is checked against the limits where it
// stands, then decoded on its own by catalog.DecodeValue.
func (d *decoder) values() ([]catalog.AttributeValue, error) {
	var out strictjson.Builder[catalog.AttributeValue]
	err := d.Object(func(key []byte) (bool, error) {
		id := string(key)
		t := catalog.TypeInvalid
		if d.cat != nil {
			if attr, _, ok := d.cat.Attribute(id); ok {
				t = attr.Type
			}
		}
		off := d.Offset()
		if err := d.Skip(); err != nil {
			return true, err
		}
		v, err := catalog.DecodeValue(d.Data()[off:d.End()], t)
		if err != nil {
			var e *strictjson.Error
			if errors.As(err, &e) {
				return true, d.Within(off, e)
			}
			return true, err
		}
		out.Add(catalog.AttributeValue{Attribute: id, Value: v})
		return true, nil
	})
	return out.Slice(), err
}

// facts decodes fact name → decimal.
func (d *decoder) facts() (map[string]decimal.Decimal, error) {
	var out map[string]decimal.Decimal
	err := d.Object(func(key []byte) (bool, error) {
		x, err := d.Decimal()
		if out == nil {
			out = map[string]decimal.Decimal{}
		}
		out[string(key)] = x
		return true, err
	})
	return out, err
}

// MarshalJSON encodes a as an account JSON document in format
// AccountFormatV2, indented by two spaces, members in the order the package
// documentation lists them: format, id and main (always), then main_from
// and main_terms (left out when zero), past_mains, add_ons, states, values
// and facts (each left out when empty). In past_mains, from is left out
// only on the first element, when zero; terms, in past_mains and add_ons,
// whenever zero. Facts are written with their names sorted, so the
// output is stable: equal accounts give equal bytes.
//
// DecodeAccount gives a back — with nil for empty lists and maps, decimals
// and times equal by Equal, and times in UTC or a fixed zone (see "JSON
// format") — for every account whose values have their attribute's type in
// the catalog it is decoded against, which includes every account Resolve
// accepts and every account DecodeAccount returns. Errors match
// ErrUnencodable.
func (a Account) MarshalJSON() ([]byte, error) {
	e := &encoder{Encoder: strictjson.Encoder{Refusal: ErrUnencodable}}
	e.account(&a)
	return e.Indented()
}

type encoder struct {
	strictjson.Encoder
}

func (e *encoder) account(a *Account) {
	e.Open('{')
	e.IDField("format", AccountFormatV2)
	e.IDField("id", a.ID)
	e.IDField("main", a.Main)
	e.TimeField("main_from", a.MainFrom)
	e.TimeField("main_terms", a.MainTerms)
	i := 0
	strictjson.ObjectList(&e.Encoder, "past_mains", a.PastMains, func(p *MainPeriod) {
		e.IDField("product", p.Product)
		if i == 0 {
			e.TimeField("from", p.From)
		} else {
			e.Key("from") // zero included: only the first period may leave it out
			e.Time(p.From)
			e.Pop()
		}
		e.TimeField("terms", p.Terms)
		i++
	})
	strictjson.ObjectList(&e.Encoder, "add_ons", a.AddOns, func(asg *Assignment) {
		e.IDField("add_on", asg.AddOn)
		e.IntField("quantity", asg.Quantity)
		e.TimeField("from", asg.From)
		e.TimeField("until", asg.Until)
		e.TimeField("terms", asg.Terms)
	})
	if len(a.States) > 0 {
		e.Key("states")
		e.Open('{')
		set := make(map[string]bool, len(a.States))
		for _, st := range a.States {
			e.Key(st.Feature)
			if set[st.Feature] {
				e.Fail("feature state set twice")
			}
			set[st.Feature] = true
			ok := st.State == catalog.Enabled || st.State == catalog.Disabled
			if !ok {
				e.Fail("feature state must be enabled or disabled")
			}
			e.Str(st.State.String())
			e.Pop()
		}
		e.Close('}')
		e.Pop()
	}
	if len(a.Values) > 0 {
		e.Key("values")
		e.Open('{')
		set := make(map[string]bool, len(a.Values))
		for _, av := range a.Values {
			e.Key(av.Attribute)
			if set[av.Attribute] {
				e.Fail("attribute value set twice")
			}
			set[av.Attribute] = true
			e.value(av.Value)
			e.Pop()
		}
		e.Close('}')
		e.Pop()
	}
	if len(a.Facts) > 0 {
		e.Key("facts")
		e.Open('{')
		names := make([]string, 0, len(a.Facts))
		for name := range a.Facts {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			e.Key(name)
			e.Decimal(a.Facts[name])
			e.Pop()
		}
		e.Close('}')
		e.Pop()
	}
	e.Close('}')
}

// value writes an attribute value in the shape that types it without a
// catalog (catalog.Value.MarshalShapedJSON): an account document declares
// no attributes, and a decoder types the value of an attribute its catalog
// does not know by that shape.
func (e *encoder) value(v catalog.Value) {
	b, err := v.MarshalShapedJSON()
	if err != nil {
		e.Fail("%v", err)
		e.Literal("null")
		return
	}
	e.Raw(b)
}
