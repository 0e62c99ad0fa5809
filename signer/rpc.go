package signer

import (
	"errors"
	"net/http"
)

// RPC implements the algorithm (stub, being written).
type RPC struct{}

// Name returns the algorithm name.
func (RPC) Name() string { return NameRPC }

// Sign signs r.
func (RPC) Sign(r *http.Request, body []byte, p *SignParams) error {
	return errors.New("not implemented")
}

// Verify verifies r.
func (RPC) Verify(r *http.Request, body []byte, p *VerifyParams) (*Result, error) {
	return nil, errors.New("not implemented")
}
