package baidu_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/cloudiam-go/cloudiam/baidu"
	"github.com/cloudiam-go/cloudiam/iam"
)

// A group with a read-only system policy, and a user in it: the portable
// calls, as on every cloud.
func ExampleClient_IAM_groups() {
	c, done := emulated()
	defer done()
	ctx := context.Background()
	client := c.IAM()

	if _, err := client.CreateUser(ctx, &iam.CreateUserInput{Name: "analyst"}); err != nil {
		log.Fatal(err)
	}
	if _, err := client.CreateGroup(ctx, &iam.CreateGroupInput{Name: "readers", Description: "read-only access"}); err != nil {
		log.Fatal(err)
	}
	// Baidu's system policies need their type: policyType=System.
	readOnly := iam.PolicyRef{Name: "CAReadAccessPolicy", Type: iam.PolicySystem}
	if err := client.AttachGroupPolicy(ctx, "readers", readOnly); err != nil {
		log.Fatal(err)
	}
	if err := client.AddUserToGroup(ctx, "readers", "analyst"); err != nil {
		log.Fatal(err)
	}
	for p, err := range client.ListGroupPolicies(ctx, "readers") {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("policy:", p.Name, p.Type)
	}
	for u, err := range client.ListGroupUsers(ctx, "readers") {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("member:", u.Name)
	}

	// The portable deletes take the user out of its groups and detach the
	// group's policies first, as Baidu would refuse the deletes otherwise.
	if err := client.DeleteUser(ctx, "analyst"); err != nil {
		log.Fatal(err)
	}
	if err := client.DeleteGroup(ctx, "readers"); err != nil {
		log.Fatal(err)
	}
	// Output:
	// policy: CAReadAccessPolicy system
	// member: analyst
}

// A custom policy in Baidu's ACL format: the service stores it with its own
// id injected, so the document read back differs from the one sent.
func ExampleClient_CreatePolicy() {
	c, done := emulated()
	defer done()
	ctx := context.Background()

	out, err := c.CreatePolicy(ctx, &baidu.CreatePolicyInput{
		Name:     "bcc_read",
		Document: `{"accessControlList":[{"service":"bcc","region":"bj","effect":"Allow","permission":["READ"],"resource":["*"]}]}`,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(out.Policy.Name, out.Policy.Type)
	fmt.Println(out.Policy.Document == `{"accessControlList":[{"effect":"Allow","permission":["READ"],"region":"bj","resource":["*"],"service":"bcc"}],"id":"policy_`+out.Policy.ID+`"}`)

	withUser(c)
	if _, err := c.AttachPolicyToUser(ctx, &baidu.AttachPolicyToUserInput{UserName: "test_user", PolicyName: "bcc_read", PolicyType: baidu.PolicyCustom}); err != nil {
		log.Fatal(err)
	}
	// The native delete keeps Baidu's semantics: an attached policy is
	// refused (the portable DeletePolicy detaches it first).
	_, err = c.DeletePolicy(ctx, &baidu.DeletePolicyInput{PolicyName: "bcc_read"})
	fmt.Println(errors.Is(err, iam.ErrFailedPrecondition))
	ents, err := c.ListPolicyAttachedEntities(ctx, &baidu.ListPolicyAttachedEntitiesInput{PolicyID: out.Policy.ID})
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range ents.Entities {
		fmt.Println(e.Type, e.Name)
	}
	// Output:
	// bcc_read Custom
	// true
	// true
	// UserPolicy test_user
}

// The account's live quotas, behind Baidu's published limits.
func ExampleClient_GetAccountSummary() {
	c, done := emulated()
	defer done()
	out, err := c.GetAccountSummary(context.Background(), nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(out.Limits.Groups, out.Limits.UsersPerGroup, out.Limits.PoliciesPerGroup)
	// Output: 50 20 5
}
