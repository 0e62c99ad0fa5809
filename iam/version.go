package iam

// Version is cloudiam's version, sent in every User-Agent.
const Version = "0.1.0"
