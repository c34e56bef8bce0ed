package entitlement

import (
	"strconv"
	"strings"

	"github.com/tariffkit/tariff/catalog"
)

// FormatOption configures the text Config.Explain and Change.Format write.
type FormatOption func(*formatter)

// WithNames makes Config.Explain and Change.Format write for people rather
// than for logs, reading names and units from c:
//
//   - a product, feature or attribute by its Name, or by its ID when c
//     does not know it or gives it no name;
//   - a number with the Unit of its attribute ("50 GB", "100 Mbit/s"),
//     and without trailing zeros ("1.5", not "1.50"); a value that is not
//     a number never gets a unit;
//   - a string list as its items separated by commas ("+15550100,
//     +15550101"), "(none)" when it has none;
//   - a band rule as its bands ("by arpu: below 50 → 5 GB, otherwise
//     10 GB").
//
// Looking a name up costs a map look-up, no allocation. WithNames(nil) is
// the same as no WithNames: IDs, and values as catalog.Value.String writes
// them. The catalog should be the one the configuration was resolved
// against (Config.Catalog); with another, what it does not know is written
// by ID.
func WithNames(c *catalog.Catalog) FormatOption {
	return func(f *formatter) { f.cat = c }
}

// formatter writes IDs, layers and values, by name when it has a catalog.
type formatter struct {
	cat *catalog.Catalog // nil: IDs, and values as Value.String writes them
}

func newFormatter(opts []FormatOption) formatter {
	var f formatter
	for _, o := range opts {
		if o != nil {
			o(&f)
		}
	}
	return f
}

// named returns name, or id when name is empty.
func named(name, id string) string {
	if name == "" {
		return id
	}
	return name
}

func (f *formatter) product(id string) string {
	n, _ := f.cat.ProductName(id)
	return named(n, id)
}

func (f *formatter) feature(id string) string {
	n, _ := f.cat.FeatureName(id)
	return named(n, id)
}

func (f *formatter) attribute(id string) string {
	n, _ := f.cat.AttributeName(id)
	return named(n, id)
}

// layer writes l as Layer.String does, naming its product.
func (f *formatter) layer(sb *strings.Builder, l Layer) {
	if f.cat == nil || l.Kind != LayerMain && l.Kind != LayerAddOn {
		l.writeTo(sb)
		return
	}
	l.Product = f.product(l.Product)
	l.writeTo(sb)
}

// value writes v, a value of attribute attr.
func (f *formatter) value(sb *strings.Builder, attr string, v catalog.Value) {
	if f.cat == nil {
		sb.WriteString(v.String())
		return
	}
	if r := v.Rule(); r != nil {
		sb.WriteString("by ")
		sb.WriteString(r.Fact)
		sb.WriteString(": ")
		for i, b := range r.Bands {
			if i > 0 {
				sb.WriteString(", ")
			}
			if b.Below.Valid {
				sb.WriteString("below ")
				sb.WriteString(b.Below.Decimal.String())
			} else {
				sb.WriteString("otherwise")
			}
			sb.WriteString(" → ")
			f.constant(sb, attr, b.Value)
		}
		return
	}
	f.constant(sb, attr, v)
}

// constant writes v, a constant (or unset) value of attribute attr.
func (f *formatter) constant(sb *strings.Builder, attr string, v catalog.Value) {
	switch v.Type() {
	case catalog.TypeInteger, catalog.TypeDecimal, catalog.TypeQuantity:
		if i, ok := v.AsInt(); ok {
			sb.WriteString(strconv.FormatInt(i, 10))
		} else {
			d, _ := v.AsDecimal()
			sb.WriteString(d.String())
		}
		if unit, _ := f.cat.AttributeUnit(attr); unit != "" {
			sb.WriteByte(' ')
			sb.WriteString(unit)
		}
	case catalog.TypeStringList:
		if v.Len() == 0 {
			sb.WriteString("(none)")
		}
		for i := range v.Len() {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString(v.Item(i))
		}
	default:
		sb.WriteString(v.String())
	}
}
