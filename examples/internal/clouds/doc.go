// Package clouds gives the examples one iam.Client per cloud API: the real
// service when that cloud's environment credentials are set, otherwise an
// in-process emulator, so every example runs with no set-up.
//
// Real clouds are chosen by the variables each cloud's own tools read:
// Baidu BCE_ACCESS_KEY_ID / BCE_SECRET_ACCESS_KEY, Huawei HUAWEICLOUD_SDK_AK /
// HUAWEICLOUD_SDK_SK (+ HUAWEICLOUD_SDK_DOMAIN_ID), Alibaba
// ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET; IDaaS also
// needs CLOUDIAM_IDAAS_INSTANCE_ID and CLOUDIAM_IDAAS_OU (the EIAM instance
// and the organizational unit new users go to).
package clouds
