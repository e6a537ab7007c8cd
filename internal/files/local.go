package files

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
)

// Local keeps files in a folder on this machine (LD_FILES_DIR): each under
// <root>/<first two digits of its name>/<name>. Uploads are written to <root>/incoming
// first and renamed into place, which on one file system is atomic: a file is either
// whole in the store or not there at all. Folders are made on the first upload.
type Local struct {
	root string
}

// NewLocal returns the store rooted at dir.
func NewLocal(dir string) *Local { return &Local{root: dir} }

var storedName = regexp.MustCompile(`^[0-9a-f]{32}$`)

// path returns where a stored name lives, refusing anything this package did not make.
func (l *Local) path(name string) (string, error) {
	if !storedName.MatchString(name) {
		return "", ErrBadName
	}
	return filepath.Join(l.root, name[:2], name), nil
}

func (l *Local) incoming() string { return filepath.Join(l.root, "incoming") }

// Put writes r into the incoming folder under a new random name, counting, hashing and
// then sniffing it. On any failure, including a body cut off mid-upload, the partial
// file is removed.
func (l *Local) Put(r io.Reader, limit int64) (_ *Pending, err error) {
	name, err := newName()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(l.incoming(), 0o750); err != nil {
		return nil, fmt.Errorf("files: make incoming folder: %w", err)
	}
	tmp := filepath.Join(l.incoming(), name+".part")
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_RDWR, 0o640)
	if err != nil {
		return nil, fmt.Errorf("files: create: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("files: write upload: %w", err)
	}
	switch {
	case n > limit:
		return nil, ErrTooLarge
	case n == 0:
		return nil, ErrEmpty
	}
	t, err := Sniff(f, n)
	if err != nil {
		return nil, err
	}
	if err := f.Sync(); err != nil {
		return nil, fmt.Errorf("files: sync: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("files: close: %w", err)
	}
	final, _ := l.path(name)
	p := &Pending{Name: name, Type: t, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}
	p.place = func() error {
		if err := os.MkdirAll(filepath.Dir(final), 0o750); err != nil {
			return fmt.Errorf("files: make folder: %w", err)
		}
		if err := os.Rename(tmp, final); err != nil {
			return fmt.Errorf("files: place %s: %w", name, err)
		}
		return nil
	}
	p.discard = func() error {
		return errors.Join(removeIfThere(tmp), removeIfThere(final))
	}
	return p, nil
}

// Open opens a stored file.
func (l *Local) Open(name string) (*Object, error) {
	p, err := l.path(name)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("files: open %s: %w", name, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("files: stat %s: %w", name, err)
	}
	return &Object{ReadSeekCloser: f, Size: st.Size(), ModTime: st.ModTime()}, nil
}

// Delete removes a stored file.
func (l *Local) Delete(name string) error {
	p, err := l.path(name)
	if err != nil {
		return err
	}
	return removeIfThere(p)
}

func removeIfThere(p string) error {
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("files: remove: %w", err)
	}
	return nil
}

// newName is 128 random bits in hexadecimal.
func newName() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("files: random name: %w", err)
	}
	return hex.EncodeToString(b), nil
}
