package entitlement

import (
	"errors"
	"strconv"
	"strings"
)

// Reason says why the add-on cannot be ordered, in a few words a portal can
// show beside it, by IDs for logs or, given WithNames(cat), by the catalog's
// product names for people:
//
//   - *EligibilityError: "needs arpu at least 50" (facts have no names in a
//     catalog: the condition as catalog.FactCondition.String writes it);
//   - *NotAllowedError: "not available with Basic Call";
//   - *RequiresError: "requires Easy SMS";
//   - *ExcludesError: "cannot be combined with Mailbox Plus", the other
//     add-on named;
//   - *QuantityError: "at most 3";
//   - *ConflictError: "conflicts with Advanced forwarding", the other
//     add-on named;
//   - *NotForSaleError: "not for sale";
//   - any other error: its text.
//
// It is "" for an add-on that can be ordered, and costs a string as long
// as its text.
func (o AddOnOffer) Reason(opts ...FormatOption) string {
	if o.Err == nil {
		return ""
	}
	f := newFormatter(opts)
	other := func(pair [2]string) string {
		if pair[0] == o.AddOn {
			return f.product(pair[1])
		}
		if pair[1] == o.AddOn {
			return f.product(pair[0])
		}
		return f.product(pair[0]) + " and " + f.product(pair[1])
	}
	var (
		el  *EligibilityError
		na  *NotAllowedError
		req *RequiresError
		ex  *ExcludesError
		qty *QuantityError
		con *ConflictError
		nfs *NotForSaleError
	)
	switch err := o.Err; {
	case errors.As(err, &el):
		return "needs " + el.Condition.String()
	case errors.As(err, &na):
		return "not available with " + f.product(na.Main)
	case errors.As(err, &req):
		return "requires " + f.product(req.Requires)
	case errors.As(err, &ex):
		return "cannot be combined with " + other(ex.AddOns)
	case errors.As(err, &qty):
		return "at most " + strconv.Itoa(qty.Max)
	case errors.As(err, &con):
		return "conflicts with " + other(con.AddOns)
	case errors.As(err, &nfs):
		return "not for sale"
	default:
		return strings.TrimPrefix(err.Error(), "entitlement: ")
	}
}
