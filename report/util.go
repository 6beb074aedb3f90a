package report

import "cxroom/meeting"

// clip is user text cut to one short line for an error message.
func clip(s string) string { return meeting.CleanLine(s, 40) }
