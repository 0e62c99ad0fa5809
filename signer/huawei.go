package signer

import (
	"errors"
	"net/http"
)

// Huawei implements the algorithm (stub, being written).
type Huawei struct{}

// Name returns the algorithm name.
func (Huawei) Name() string { return NameHuawei }

// Sign signs r.
func (Huawei) Sign(r *http.Request, body []byte, p *SignParams) error {
	return errors.New("not implemented")
}

// Verify verifies r.
func (Huawei) Verify(r *http.Request, body []byte, p *VerifyParams) (*Result, error) {
	return nil, errors.New("not implemented")
}
