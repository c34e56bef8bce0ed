package entitlement

import (
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
//   - a value as catalog.Catalog.FormatValue writes it: a number with the
//     Unit of its attribute ("50 GB", "100 Mbit/s") and without trailing
//     zeros, a string list as its items separated by commas ("+15550100,
//     +15550101").
//
// Each name costs a map look-up, each value a short string. WithNames(nil) is
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
	sb.WriteString(f.cat.FormatValue(attr, v))
}
