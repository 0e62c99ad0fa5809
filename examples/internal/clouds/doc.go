// Package clouds gives the examples one iam.Client per cloud API: by
// default the built-in emulators, so every example runs with no set-up and
// never touches a real account, whatever credentials the environment holds.
//
// A real cloud is used only when the user opts in by setting CLOUDIAM_URL to
// a URL for iam.Open ("baidu://", "huawei://?domain_id=...",
// "aliyun-ram://", "aliyun-idaas://?instance_id=...&ou=..."): that one cloud
// is then opened with the credentials its own tools keep.
package clouds
