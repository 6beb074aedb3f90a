package tui

import "github.com/hinshun/vt10x"

type vterm struct{ vt vt10x.Terminal }

func newVTerm(w, h int) *vterm { return &vterm{vt10x.New(vt10x.WithSize(w, h))} }

func (v *vterm) Write(p []byte) { _, _ = v.vt.Write(p) }

func (v *vterm) String() string { return v.vt.String() }

func (v *vterm) Resize(w, h int) { v.vt.Resize(w, h) }
