//go:build race

package signer

// raceEnabled reports a build with the race detector, under which sync.Pool
// drops some of what it is given, so allocation counts are not a normal
// build's.
const raceEnabled = true
