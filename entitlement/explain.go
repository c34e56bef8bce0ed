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
func (c Config) Explain() string {
	if c.r == nil {
		return ""
	}
	var sb strings.Builder
	w := c.walk()
	for f := range c.r.features {
		fs := w.feature(int32(f))
		if len(fs.By) == 0 && !fs.Enabled {
			continue
		}
		sb.WriteString(fs.Feature)
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
			fs.By[0].Layer.writeTo(&sb)
			writeShadowed(&sb, fs.Shadowed)
		}
		sb.WriteByte('\n')
		if !fs.Enabled {
			continue
		}
		cf := &c.r.features[f]
		for a := cf.attrLo; a < cf.attrHi; a++ {
			if av, ok := w.attribute(a); ok {
				sb.WriteString("  ")
				av.explain(&sb)
				sb.WriteByte('\n')
			}
		}
	}
	return sb.String()
}

func writeShadowed(sb *strings.Builder, shadowed []Source) {
	for i, s := range shadowed {
		if i == 0 {
			sb.WriteString(", overriding ")
		} else {
			sb.WriteString(", ")
		}
		s.Layer.writeTo(sb)
	}
}

// explain writes av's line to sb.
func (av AttributeValue) explain(sb *strings.Builder) {
	sb.WriteString(av.Attribute)
	sb.WriteString(": ")
	sb.WriteString(av.Value.String())
	switch {
	case len(av.By) == 0:
		sb.WriteString(" (catalog default)")
	case av.By[0].Layer.Kind == LayerAccount:
		sb.WriteString(" set by the account")
	case len(av.By) == 1 && (av.Combine == catalog.CombineOverride || av.By[0].Layer.Quantity == 1):
		sb.WriteString(" from ")
		av.By[0].Layer.writeTo(sb)
	default:
		sb.WriteString(" = ")
		sb.WriteString(combineWord(av.Combine))
		for i := len(av.By) - 1; i >= 0; i-- { // lowest precedence first reads naturally
			s := av.By[i]
			if i != len(av.By)-1 {
				sb.WriteString(sep(av.Combine))
			}
			sb.WriteString(s.Value.String())
			if av.Combine == catalog.CombineSum && s.Layer.Quantity > 1 {
				sb.WriteString(" × ")
				sb.WriteString(itoa(s.Layer.Quantity))
			}
			sb.WriteString(" from ")
			s.Layer.writeTo(sb)
		}
		if av.Combine != catalog.CombineSum {
			sb.WriteString(")")
		}
	}
	writeShadowed(sb, av.Shadowed)
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

func sep(c catalog.Combine) string {
	if c == catalog.CombineSum {
		return " + "
	}
	return ", "
}
