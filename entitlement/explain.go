package entitlement

import (
	"strings"

	"github.com/tariffkit/tariff/catalog"
)

// Explain describes the configuration in plain words, one line per feature
// that a layer defines or that is enabled by default, and one indented line
// per attribute value of an enabled feature:
//
//	conferencing: enabled by conferencing_plus (priority 20), overriding smart_call (priority 10)
//	  sms_included: 200 = 50 from basic_call (main product) + 150 from easy_sms (priority 5)
//
// Features that no layer defines and that are disabled by default are left
// out: they are off, as the catalog says.
//
// Without options the lines name everything by ID and write values as
// catalog.Value.String does, for logs and tests. WithNames(cfg.Catalog())
// writes them for people, by name and with units:
//
//	Conferencing: enabled by Conferencing+ (priority 20), overriding Smart Call (priority 10)
//	  Domestic SMS included: 200 = 50 from Basic Call (main product) + 150 from Easy SMS (priority 5)
//
// The zero Config explains nothing: "". Explain costs one pass over every
// layer's definitions, and a string as long as its text; WithNames adds a
// look-up per name and a short string per value (about 1.2× the time in
// BenchmarkReadPaths).
func (c Config) Explain(opts ...FormatOption) string {
	if c.r == nil {
		return ""
	}
	f := newFormatter(opts)
	var sb strings.Builder
	w := c.walk()
	for fi := range c.r.features {
		fs := w.feature(int32(fi))
		if len(fs.By) == 0 && !fs.Enabled {
			continue
		}
		sb.WriteString(f.feature(fs.Feature))
		sb.WriteString(": ")
		if fs.Enabled {
			sb.WriteString("enabled")
		} else {
			sb.WriteString("disabled")
		}
		if len(fs.By) == 0 {
			sb.WriteString(" (catalog default)")
		} else {
			sb.WriteString(" by ")
			f.layer(&sb, fs.By[0].Layer)
			f.shadowed(&sb, fs.Shadowed)
		}
		sb.WriteByte('\n')
		if !fs.Enabled {
			continue
		}
		cf := &c.r.features[fi]
		for a := cf.attrLo; a < cf.attrHi; a++ {
			if av, ok := w.attribute(a); ok {
				sb.WriteString("  ")
				f.explain(&sb, av)
				sb.WriteByte('\n')
			}
		}
	}
	return sb.String()
}

// shadowed writes the layers that lost.
func (f *formatter) shadowed(sb *strings.Builder, shadowed []Source) {
	for i, s := range shadowed {
		if i == 0 {
			sb.WriteString(", overriding ")
		} else {
			sb.WriteString(", ")
		}
		f.layer(sb, s.Layer)
	}
}

// explain writes av's line to sb.
func (f *formatter) explain(sb *strings.Builder, av ResolvedValue) {
	sb.WriteString(f.attribute(av.Attribute))
	sb.WriteString(": ")
	f.value(sb, av.Attribute, av.Value)
	switch {
	case len(av.By) == 0:
		sb.WriteString(" (catalog default)")
	case av.By[0].Layer.Kind == LayerAccount:
		sb.WriteString(" set by the account")
	case len(av.By) == 1 && (av.Combine == catalog.CombineOverride || av.By[0].Layer.Quantity == 1):
		sb.WriteString(" from ")
		f.layer(sb, av.By[0].Layer)
	default:
		sb.WriteString(" = ")
		sb.WriteString(combineWord(av.Combine))
		for i := len(av.By) - 1; i >= 0; i-- { // lowest precedence first reads naturally
			s := av.By[i]
			if i != len(av.By)-1 {
				sb.WriteString(f.sep(av.Combine))
			}
			f.value(sb, av.Attribute, s.Value)
			if av.Combine == catalog.CombineSum && s.Layer.Quantity > 1 {
				sb.WriteString(" × ")
				sb.WriteString(itoa(s.Layer.Quantity))
			}
			sb.WriteString(" from ")
			f.layer(sb, s.Layer)
		}
		if av.Combine != catalog.CombineSum {
			sb.WriteString(")")
		}
	}
	f.shadowed(sb, av.Shadowed)
}

func combineWord(c catalog.Combine) string {
	switch c {
	case catalog.CombineMax:
		return "max("
	case catalog.CombineMin:
		return "min("
	case catalog.CombineUnion:
		return "union("
	}
	return ""
}

// sep separates the contributions to a combined value: "; " between the
// lists of a union written by name, whose items commas separate.
func (f *formatter) sep(c catalog.Combine) string {
	switch {
	case c == catalog.CombineSum:
		return " + "
	case c == catalog.CombineUnion && f.cat != nil:
		return "; "
	}
	return ", "
}
