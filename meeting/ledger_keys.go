package meeting

// SetLedgerSigner sets what signs the ledger's heads in the hub's rooms and
// through a service using the hub: the server's SSH host key.
func (h *Hub) SetLedgerSigner(s HeadSigner) { h.sign.Store(&s) }

// LedgerSigner returns what signs the ledger's heads (nil: nothing).
func (h *Hub) LedgerSigner() HeadSigner {
	if p := h.sign.Load(); p != nil {
		return *p
	}
	return nil
}

// SetLedgerSigner sets what signs the ledger's heads for this service (a
// service with a hub otherwise uses the hub's).
func (s *Service) SetLedgerSigner(sign HeadSigner) { s.sign = sign }

// ledgerSigner is the service's signer, else its hub's.
func (s *Service) ledgerSigner() HeadSigner {
	if s.sign != nil {
		return s.sign
	}
	if s.Hub != nil {
		return s.Hub.LedgerSigner()
	}
	return nil
}

// signerOf is the room's signer.
func (r *Room) signerOf() HeadSigner {
	if r.signer == nil {
		return nil
	}
	return r.signer()
}
