package signer

import (
	"errors"
	"net/http"
)

// ACS3 implements the algorithm (stub, being written).
type ACS3 struct{}

// Name returns the algorithm name.
func (ACS3) Name() string { return NameACS3 }

// Sign signs r.
func (ACS3) Sign(r *http.Request, body []byte, p *SignParams) error {
	return errors.New("not implemented")
}

// Verify verifies r.
func (ACS3) Verify(r *http.Request, body []byte, p *VerifyParams) (*Result, error) {
	return nil, errors.New("not implemented")
}
