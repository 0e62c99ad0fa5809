package baidu

import "time"

// SetSigningClock sets the clock c signs with, for tests that move an
// emulator's clock.
func SetSigningClock(c *Client, now func() time.Time) { c.now = now }
