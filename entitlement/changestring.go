package entitlement

// String describes the change for a log or a person, by IDs:
// "switch on conferencing", "switch off call_waiting",
// "set call_forwarding.max_forwarded_calls to 10",
// "change call_forwarding.max_forwarded_calls from 3 to 10",
// "unset call_forwarding.max_forwarded_calls (was 3)".
func (c Change) String() string {
	target := c.Feature
	if c.Attribute != "" {
		target += "." + c.Attribute
	}
	switch c.Kind {
	case SwitchOn, SwitchOff:
		return c.Kind.String() + " " + target
	case SetValue:
		return "set " + target + " to " + c.To.String()
	case Modify:
		return "change " + target + " from " + c.From.String() + " to " + c.To.String()
	case Unset:
		return "unset " + target + " (was " + c.From.String() + ")"
	}
	return "invalid change of " + target
}
