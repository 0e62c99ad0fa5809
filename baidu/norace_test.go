//go:build !race

package baidu

const raceEnabled = false
