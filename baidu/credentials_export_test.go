package baidu

import "time"

// SetSigningClock sets the clock c signs with, for tests that move an
// emulator's clock.
func SetSigningClock(c *Client, now func() time.Time) { c.now = now }

// SetCleanupTimeout shortens the bound of clean-ups for a test and returns
// the function that restores it.
func SetCleanupTimeout(d time.Duration) (restore func()) {
	old := cleanupTimeout
	cleanupTimeout = d
	return func() { cleanupTimeout = old }
}
