package catalog

import "github.com/tariffkit/tariff/internal/strictjson"

// This file holds the decoding of a product object and of its eligibility
// conditions; jsondecode.go the rest of a catalog document.

func (d *decoder) product() (Product, error) {
	var p Product
	hasID, hasKind := false, false
	off := d.Offset()
	err := d.Object(func(key []byte) (bool, error) {
		var err error
		switch string(key) {
		case "id":
			p.ID, err = d.Str()
			hasID = true
		case "name":
			p.Name, err = d.Str()
		case "description":
			p.Description, err = d.Str()
		case "kind":
			p.Kind, err = strictjson.Name(&d.Decoder, "kind", ParseKind)
			hasKind = true
		case "priority":
			p.Priority, err = d.Int()
		case "allowed_main":
			p.AllowedMain, err = d.Strings()
		case "requires":
			p.Requires, err = d.Strings()
		case "excludes":
			p.Excludes, err = d.Strings()
		case "max_quantity":
			p.MaxQuantity, err = d.Int()
		case "one_off":
			p.OneOff, err = d.Bool()
		case "eligible":
			p.Eligible, err = strictjson.List(&d.Decoder, d.condition)
		case "groups":
			p.Groups, err = d.Strings()
		case "features":
			p.Features, err = strictjson.List(&d.Decoder, d.setting)
		default:
			return false, nil
		}
		return true, err
	})
	switch {
	case err != nil:
	case !hasID:
		err = d.Missing(off, "id")
	case !hasKind:
		err = d.Missing(off, "kind")
	}
	return p, err
}

// condition reads {"fact": ..., "operator": ..., "value": decimal}, every
// member required.
func (d *decoder) condition() (FactCondition, error) {
	var c FactCondition
	hasFact, hasOp, hasValue := false, false, false
	off := d.Offset()
	err := d.Object(func(key []byte) (bool, error) {
		var err error
		switch string(key) {
		case "fact":
			c.Fact, err = d.Str()
			hasFact = true
		case "operator":
			c.Operator, err = strictjson.Name(&d.Decoder, "operator", ParseOperator)
			hasOp = true
		case "value":
			c.Value, err = d.Decimal()
			hasValue = true
		default:
			return false, nil
		}
		return true, err
	})
	switch {
	case err != nil:
	case !hasFact:
		err = d.Missing(off, "fact")
	case !hasOp:
		err = d.Missing(off, "operator")
	case !hasValue:
		err = d.Missing(off, "value")
	}
	return c, err
}
