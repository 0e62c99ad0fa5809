package iam_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/cloudiam-go/cloudiam/iam"
	"github.com/cloudiam-go/cloudiam/iam/iamtest"
)

func ExampleRotateAccessKey() {
	ctx := context.Background()
	c := iamtest.NewFake() // any *iam.Client: iam.Open(ctx, os.Getenv("CLOUDIAM_URL"))
	_, _ = c.CreateUser(ctx, &iam.CreateUserInput{Name: "deploy_bot"})
	old, _ := c.CreateAccessKey(ctx, "deploy_bot")

	rot, err := iam.RotateAccessKey(ctx, c, "deploy_bot", old.ID, func(ctx context.Context, k *iam.AccessKey) error {
		// Prove the new key works before the old one goes: store it, deploy
		// it, or sign a request with it (a client opened with k.ID and k.Secret).
		return nil
	})
	var re *iam.RotationError
	if errors.As(err, &re) {
		fmt.Println("stopped at", re.Step, "-", re.State)
		return
	}
	keys, _ := c.ListAccessKeys(ctx, "deploy_bot")
	fmt.Println(len(keys), "key; it is the new one:", keys[0].ID == rot.New.ID)
	// Output: 1 key; it is the new one: true
}

func ExampleRotateAccessKey_confirmFails() {
	ctx := context.Background()
	c := iamtest.NewFake()
	_, _ = c.CreateUser(ctx, &iam.CreateUserInput{Name: "deploy_bot"})
	old, _ := c.CreateAccessKey(ctx, "deploy_bot")

	_, err := iam.RotateAccessKey(ctx, c, "deploy_bot", old.ID, func(context.Context, *iam.AccessKey) error {
		return errors.New("the deploy did not accept the new key")
	})
	var re *iam.RotationError
	if errors.As(err, &re) {
		fmt.Println(re.Step, re.RolledBack)
	}
	keys, _ := c.ListAccessKeys(ctx, "deploy_bot")
	fmt.Println(len(keys), keys[0].ID == old.ID, keys[0].Status)
	// Output:
	// confirm true
	// 1 true Active
}

func ExampleProvision() {
	ctx := context.Background()
	clouds := []iam.Cloud{
		{Name: "first", Client: iamtest.NewFake()}, // in a service: iam.Open per cloud
		{Name: "second", Client: iamtest.NewFake(iamtest.WithoutFields(iam.FieldEmail))},
	}
	res, err := iam.Provision(ctx, clouds, &iam.ProvisionInput{
		Name:                  "oncall",
		Email:                 "oncall@example.com",
		Password:              iam.NewSecret("Pv-9f!Ka2#pLx7"),
		PasswordResetRequired: true,
		AccessKey:             true,
	})
	if err != nil {
		fmt.Println(err) // a *iam.ProvisionError; everything created was removed again
		return
	}
	for _, r := range res {
		fmt.Println(r.Cloud, r.User.Name, r.AccessKey != nil, r.Skipped)
	}
	// Output:
	// first oncall true []
	// second oncall true [Email]
}
