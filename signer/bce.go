package signer

import (
	"errors"
	"net/http"
)

// BCE implements the algorithm (stub, being written).
type BCE struct{}

// Name returns the algorithm name.
func (BCE) Name() string { return NameBCE }

// Sign signs r.
func (BCE) Sign(r *http.Request, body []byte, p *SignParams) error {
	return errors.New("not implemented")
}

// Verify verifies r.
func (BCE) Verify(r *http.Request, body []byte, p *VerifyParams) (*Result, error) {
	return nil, errors.New("not implemented")
}
