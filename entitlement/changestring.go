package entitlement

import "strings"

// String describes the change for a log or a person, by IDs:
// "switch on conferencing", "switch off call_waiting",
// "set call_forwarding.max_forwarded_calls to 10",
// "change call_forwarding.max_forwarded_calls from 3 to 10",
// "unset call_forwarding.max_forwarded_calls (was 3)". It is Format
// without options.
func (c Change) String() string { return c.Format() }

// Format describes the change as String does; WithNames(cat) writes it for
// people instead, the feature or attribute by name and values with their
// units: "switch on Conferencing", "change Mailbox storage from 2 GB to
// 10 GB", "unset Follow-me numbers (was +15550100, +15550101)". A change
// of an attribute is named by the attribute alone (attribute IDs are
// unique in a catalog), by its ID when the catalog gives it no name. A
// Kind that is not one of the change kinds is "invalid change of" the
// target. Format costs a string as long as its text.
func (c Change) Format(opts ...FormatOption) string {
	f := newFormatter(opts)
	var sb strings.Builder
	switch c.Kind {
	case SwitchOn, SwitchOff:
		sb.WriteString(c.Kind.String())
		sb.WriteByte(' ')
		f.target(&sb, c)
	case SetValue:
		sb.WriteString("set ")
		f.target(&sb, c)
		sb.WriteString(" to ")
		f.value(&sb, c.Attribute, c.To)
	case Modify:
		sb.WriteString("change ")
		f.target(&sb, c)
		sb.WriteString(" from ")
		f.value(&sb, c.Attribute, c.From)
		sb.WriteString(" to ")
		f.value(&sb, c.Attribute, c.To)
	case Unset:
		sb.WriteString("unset ")
		f.target(&sb, c)
		sb.WriteString(" (was ")
		f.value(&sb, c.Attribute, c.From)
		sb.WriteByte(')')
	default:
		sb.WriteString("invalid change of ")
		f.target(&sb, c)
	}
	return sb.String()
}

// target writes what c changes: its feature, or its attribute (by ID,
// feature.attribute).
func (f *formatter) target(sb *strings.Builder, c Change) {
	switch {
	case f.cat != nil && c.Attribute != "":
		sb.WriteString(f.attribute(c.Attribute))
	case f.cat != nil:
		sb.WriteString(f.feature(c.Feature))
	case c.Attribute != "":
		sb.WriteString(c.Feature)
		sb.WriteByte('.')
		sb.WriteString(c.Attribute)
	default:
		sb.WriteString(c.Feature)
	}
}
