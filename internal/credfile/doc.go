// Package credfile is the plumbing the providers' credential sources share
// (baidu, huawei, aliyun): reading a file of secrets with a size bound,
// warning when its group or others may read it, and parsing the INI files
// the clouds' command-line tools and SDKs write. Each provider keeps its own
// error values and messages; this package never returns or logs a file's
// contents.
package credfile
