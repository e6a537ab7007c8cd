// Package files keeps uploaded files behind a small interface, so that the local folder
// used by default can give way to object storage without the web layer changing. Files
// are stored under names this package makes (32 hexadecimal digits): nothing a person
// typed ever becomes part of a path. What a file is, is decided by reading its content
// (see Sniff), never by its name.
package files

import (
	"errors"
	"io"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Errors a Put can return for what was sent, as opposed to a fault of the store. The web
// layer turns each into a message next to the file field.
var (
	ErrEmpty    = errors.New("files: the file is empty")
	ErrTooLarge = errors.New("files: the file is over the size limit")
	ErrType     = errors.New("files: the file's content is not an allowed type")
	ErrPath     = errors.New("files: the file name holds a folder path")
	// ErrBadName is a stored name this package did not make: asked for by mistake or by
	// someone probing for other files.
	ErrBadName = errors.New("files: not a stored file name")
)

// Store keeps files. Put writes a file somewhere not yet visible; the caller records it
// in the database and, in the same transaction, calls Place, so that a file is in the
// store only if its record is, or Discard if anything went wrong.
type Store interface {
	// Put reads r to its end, refusing more than limit bytes, an empty file and content
	// of a type not allowed. Nothing is left behind when it fails.
	Put(r io.Reader, limit int64) (*Pending, error)
	// Open returns a stored file for reading.
	Open(name string) (*Object, error)
	// Delete removes a stored file; deleting one that is not there is not an error.
	Delete(name string) error
}

// Object is a stored file open for reading.
type Object struct {
	io.ReadSeekCloser
	Size    int64
	ModTime time.Time
}

// Pending is an uploaded file that is not yet in the store.
type Pending struct {
	Name   string // the stored name, made by the store: record it to Open the file later
	Type   Type
	Size   int64
	SHA256 string // hexadecimal

	place   func() error
	discard func() error
}

// Place moves the file into the store. Call it inside the transaction that records the
// file, last, so that a failed move rolls the record back.
func (p *Pending) Place() error { return p.place() }

// Discard removes the file, placed or not: call it when the record was not written.
func (p *Pending) Discard() error { return p.discard() }

// maxNameLength caps the name shown for a file, in characters.
const maxNameLength = 100

// CleanName checks the name an uploader gave a file and makes it fit to show: a name
// with a folder path in it (such as `..\..\boot.ini` or `/etc/passwd`) is refused with
// ErrPath; control characters are dropped; a long name is shortened, keeping its
// extension. The result is for display and the download's file name only.
func CleanName(name string) (string, error) {
	if strings.ContainsAny(name, `/\`) {
		return "", ErrPath
	}
	name = strings.ToValidUTF8(name, "")
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "." || name == ".." {
		return "", ErrPath
	}
	if name == "" {
		name = "file"
	}
	if utf8.RuneCountInString(name) > maxNameLength {
		ext := path.Ext(name)
		if utf8.RuneCountInString(ext) > 10 {
			ext = ""
		}
		r := []rune(strings.TrimSuffix(name, ext))
		name = string(r[:maxNameLength-utf8.RuneCountInString(ext)]) + ext
	}
	return name, nil
}

// DownloadName is the file name a download is offered under: the uploader's name with
// the extension of the type the content really is, so that a PNG uploaded as
// "plan.pdf" downloads as "plan.png" and opens in the right program.
func DownloadName(name string, t Type) string {
	ext := strings.ToLower(path.Ext(name))
	for _, e := range t.Exts {
		if ext == e {
			return name
		}
	}
	if knownExt(ext) {
		name = strings.TrimSuffix(name, path.Ext(name))
	}
	if name == "" {
		name = "file"
	}
	return name + t.Exts[0]
}
