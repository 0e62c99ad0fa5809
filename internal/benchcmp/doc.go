// Package benchcmp measures cloudiam side by side with the official SDKs of
// Baidu AI Cloud (bce-sdk-go), Huawei Cloud (huaweicloud-sdk-go-v3) and
// Alibaba Cloud (the darabonba-openapi generic client): signing, full calls
// against the same loopback emulator, and the footprint of a program using
// all three clouds. It is a separate module so the official SDKs never
// become dependencies of cloudiam; see README.md and run.sh.
package benchcmp
