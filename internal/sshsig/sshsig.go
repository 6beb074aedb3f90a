// Package sshsig signs and verifies messages in OpenSSH's SSHSIG format
// (PROTOCOL.sshsig), the format of `ssh-keygen -Y sign` and `-Y verify`, so
// a signature made here is checked by stock OpenSSH and one made by
// ssh-keygen is checked here.
//
//	blob   = "SSHSIG" uint32(1) string(publickey) string(namespace)
//	         string(reserved) string(hash_algorithm) string(signature)
//	signed = "SSHSIG" string(namespace) string(reserved)
//	         string(hash_algorithm) string(H(message))
//
// and the blob is armored as base64 between "-----BEGIN SSH SIGNATURE-----"
// and "-----END SSH SIGNATURE-----".
package sshsig

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/ssh"
)

const (
	magic   = "SSHSIG"
	version = 1
	begin   = "-----BEGIN SSH SIGNATURE-----"
	end     = "-----END SSH SIGNATURE-----"
	// MaxArmored bounds an armored signature: an RSA-16384 key and its
	// signature armor to under 6 KB.
	MaxArmored = 16 << 10
)

// Errors a caller tells apart.
var (
	// ErrMalformed: the input is not an armored SSHSIG signature.
	ErrMalformed = errors.New("not an SSH signature")
	// ErrNamespace: the signature is for another namespace.
	ErrNamespace = errors.New("signature for another namespace")
	// ErrMismatch: the signature does not match the message (a different
	// message, or a damaged signature).
	ErrMismatch = errors.New("signature does not match the message")
)

// Signature is a parsed SSHSIG signature.
type Signature struct {
	PublicKey ssh.PublicKey
	Namespace string
	HashAlg   string // "sha256" or "sha512"
	Sig       *ssh.Signature
	blob      []byte
}

// Armor returns the signature armored as ssh-keygen writes it.
func (s *Signature) Armor() []byte { return armor(s.blob) }

type wireBlob struct {
	Version   uint32
	PublicKey []byte
	Namespace string
	Reserved  string
	HashAlg   string
	Signature []byte
}

type signedData struct {
	Namespace string
	Reserved  string
	HashAlg   string
	Hash      []byte
}

func hashOf(alg string, msg []byte) ([]byte, error) {
	switch alg {
	case "sha256":
		h := sha256.Sum256(msg)
		return h[:], nil
	case "sha512":
		h := sha512.Sum512(msg)
		return h[:], nil
	}
	return nil, fmt.Errorf("%w: hash algorithm %q", ErrMalformed, alg)
}

func toSign(namespace, alg string, msg []byte) ([]byte, error) {
	h, err := hashOf(alg, msg)
	if err != nil {
		return nil, err
	}
	return append([]byte(magic), ssh.Marshal(signedData{Namespace: namespace, HashAlg: alg, Hash: h})...), nil
}

// Sign signs msg for namespace with s (sha512, as ssh-keygen does) and
// returns the armored signature, ending in a newline.
func Sign(s ssh.Signer, namespace string, msg []byte) ([]byte, error) {
	if namespace == "" {
		return nil, errors.New("sshsig: a namespace is required")
	}
	data, err := toSign(namespace, "sha512", msg)
	if err != nil {
		return nil, err
	}
	var sig *ssh.Signature
	if as, ok := s.(ssh.AlgorithmSigner); ok && s.PublicKey().Type() == ssh.KeyAlgoRSA {
		sig, err = as.SignWithAlgorithm(rand.Reader, data, ssh.KeyAlgoRSASHA512)
	} else {
		sig, err = s.Sign(rand.Reader, data)
	}
	if err != nil {
		return nil, fmt.Errorf("sshsig: sign: %w", err)
	}
	blob := append([]byte(magic), ssh.Marshal(wireBlob{Version: version, PublicKey: s.PublicKey().Marshal(),
		Namespace: namespace, HashAlg: "sha512", Signature: ssh.Marshal(sig)})...)
	return armor(blob), nil
}

func armor(blob []byte) []byte {
	enc := base64.StdEncoding.EncodeToString(blob)
	var b bytes.Buffer
	b.WriteString(begin + "\n")
	for len(enc) > 70 {
		b.WriteString(enc[:70] + "\n")
		enc = enc[70:]
	}
	b.WriteString(enc + "\n" + end + "\n")
	return b.Bytes()
}

// Parse reads an armored signature. Whatever is around the armor lines
// (blank lines, a trailing newline) is ignored; anything else is
// ErrMalformed.
func Parse(armored []byte) (*Signature, error) {
	if len(armored) > MaxArmored {
		return nil, fmt.Errorf("%w: %d bytes is too long", ErrMalformed, len(armored))
	}
	text := strings.TrimSpace(strings.ReplaceAll(string(armored), "\r\n", "\n"))
	if len(text) < len(begin)+len(end) || !strings.HasPrefix(text, begin) || !strings.HasSuffix(text, end) {
		return nil, fmt.Errorf("%w: no SSH SIGNATURE armor", ErrMalformed)
	}
	body := strings.Join(strings.Fields(text[len(begin):len(text)-len(end)]), "")
	blob, err := base64.StdEncoding.DecodeString(body)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if len(blob) < len(magic)+4 || string(blob[:len(magic)]) != magic {
		return nil, fmt.Errorf("%w: no SSHSIG preamble", ErrMalformed)
	}
	var w wireBlob
	if err := ssh.Unmarshal(blob[len(magic):], &w); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if w.Version != version {
		return nil, fmt.Errorf("%w: version %d", ErrMalformed, w.Version)
	}
	pk, err := ssh.ParsePublicKey(w.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("%w: public key: %v", ErrMalformed, err)
	}
	if _, err := hashOf(w.HashAlg, nil); err != nil {
		return nil, err
	}
	sig := new(ssh.Signature)
	if err := ssh.Unmarshal(w.Signature, sig); err != nil {
		return nil, fmt.Errorf("%w: signature: %v", ErrMalformed, err)
	}
	return &Signature{PublicKey: pk, Namespace: w.Namespace, HashAlg: w.HashAlg, Sig: sig, blob: blob}, nil
}

// Verify checks that s signs msg for namespace with its public key.
func (s *Signature) Verify(namespace string, msg []byte) error {
	if s.Namespace != namespace {
		return fmt.Errorf("%w: %q, not %q", ErrNamespace, s.Namespace, namespace)
	}
	if s.Sig.Format == ssh.KeyAlgoRSA { // SHA-1: OpenSSH refuses these too
		return fmt.Errorf("%w: an ssh-rsa (SHA-1) signature", ErrMismatch)
	}
	data, err := toSign(namespace, s.HashAlg, msg)
	if err != nil {
		return err
	}
	if err := s.PublicKey.Verify(data, s.Sig); err != nil {
		return fmt.Errorf("%w: %v", ErrMismatch, err)
	}
	return nil
}

// Verify parses armored and checks it signs msg for namespace; it returns
// the key that signed.
func Verify(armored []byte, namespace string, msg []byte) (ssh.PublicKey, error) {
	s, err := Parse(armored)
	if err != nil {
		return nil, err
	}
	if err := s.Verify(namespace, msg); err != nil {
		return nil, err
	}
	return s.PublicKey, nil
}

// AllowedSigner is one line of an OpenSSH allowed_signers file: principal,
// the namespaces it may sign for, and the key.
func AllowedSigner(principal string, namespaces []string, key ssh.PublicKey) string {
	line := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(key)))
	return fmt.Sprintf("%s namespaces=%q %s", principal, strings.Join(namespaces, ","), line)
}
