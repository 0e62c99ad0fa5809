// Package store is the in-memory state behind every emulator (baidutest,
// huaweitest, aliyuntest) and behind iamtest.NewFake: users, console login
// profiles, access keys (including the emulator's own root keys, so that keys
// created through an API authenticate afterwards), and the nonces seen by
// replay-protected signatures. It knows nothing of any cloud's wire format;
// each emulator maps its own fields onto it and keeps cloud-only attributes
// in Attrs. All methods are safe for concurrent use, and every value handed
// out is a copy.
//
// The store validates nothing a cloud would validate (name syntax, lengths,
// required fields): that is each emulator's job, because the rules differ per
// cloud. It enforces only what is common to all of them: unique user names,
// unique IDs, the per-user access key limit, and referential integrity (keys
// and login profiles belong to an existing user and go away with it).
package store
