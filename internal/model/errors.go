// Package model holds the platform's domain types and their validation. It knows nothing of
// HTTP or SQL, so that every layer above can share one vocabulary.
package model

import (
	"errors"
	"fmt"
)

// Error codes: a small, stable vocabulary mapped to HTTP status codes in exactly one place
// (api.StatusOf). API clients see these strings, so they never change.
const (
	ECONFLICT     = "conflict"
	EINTERNAL     = "internal"
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	EUNAVAILABLE  = "unavailable" // the database is away for a moment; try again
)

// Error is an error a person may be shown. It carries no sentence: Key is the message
// catalog's key for it (internal/locale) and Args its arguments as name/value pairs, put
// into words by the web layer in the page's language and by the API in English.
type Error struct {
	Code  string
	Key   string
	Args  []any
	Field string // the form field or query parameter at fault, if any
	// Reason says what is wrong with Field (one of the Reason constants), so that a page
	// can put it in the words of the field's label; Min and Max are the bounds it names.
	Reason   string
	Min, Max int
}

// Reasons a query parameter is refused. Key's message names the raw parameter, for open
// data clients; pages word the reason with the field's label instead.
const (
	ReasonTooLong     = "too_long"     // longer than Max characters
	ReasonWholeNumber = "whole_number" // not a whole number from Min to Max
	ReasonNotAnOption = "not_an_option"
)

// Error is the code and the message's key, with its arguments if any, for logs; people
// read the message in words (locale.Printer.Error).
func (e *Error) Error() string {
	if len(e.Args) == 0 {
		return e.Code + ": " + e.Key
	}
	return fmt.Sprintf("%s: %s %v", e.Code, e.Key, e.Args)
}

// MessageKey is the error's catalog key and arguments (locale.Message).
func (e *Error) MessageKey() (string, []any) { return e.Key, e.Args }

// Errorf returns an *Error with code whose message is the catalog's key, with args as
// name/value pairs.
func Errorf(code, key string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args}
}

// InvalidField returns an EINVALID *Error about one field or parameter.
func InvalidField(field, key string, args ...any) *Error {
	return &Error{Code: EINVALID, Key: key, Args: args, Field: field}
}

// InvalidParam returns an EINVALID *Error about one query parameter, with its reason.
func InvalidParam(field, reason string, min, max int, key string, args ...any) *Error {
	e := InvalidField(field, key, args...)
	e.Reason, e.Min, e.Max = reason, min, max
	return e
}

// ErrorCode returns the code of the first *Error in err's chain, or EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}

// Msg is a sentence as a catalog key and its arguments (name/value pairs).
type Msg struct {
	Key  string
	Args []any
}

// MessageKey is the message's catalog key and arguments (locale.Message).
func (m Msg) MessageKey() (string, []any) { return m.Key, m.Args }

// Lines is a list of sentences given as one argument of another (every bad row of an
// import, say): the printer writes each in words, one to a line.
type Lines []Msg

// EachMessage calls f with each sentence's key and arguments, in order.
func (l Lines) EachMessage(f func(key string, args []any)) {
	for _, m := range l {
		f(m.Key, m.Args)
	}
}

// labelOf is the label of code in labels, or code itself as the key when labels lacks
// it: the printer shows an unknown key as it is, as the code was shown before.
func labelOf(labels map[string]Msg, code string) Msg {
	if m, ok := labels[code]; ok {
		return m
	}
	return Msg{Key: code}
}

// FieldErrors maps a form field name to the message shown next to it. The order of
// Fields keeps the error summary in page order.
type FieldErrors struct {
	Fields []string
	// Msgs are the fields' messages as catalog keys with arguments.
	Msgs map[string]Msg
	// Messages are the same in words, filled in by Word (the web layer does, before a
	// page shows them).
	Messages map[string]string
}

// Add records the message key, with args as name/value pairs, for field unless the field
// already has a message.
func (fe *FieldErrors) Add(field, key string, args ...any) {
	fe.AddMsg(field, Msg{Key: key, Args: args})
}

// AddMsg records m for field unless the field already has a message.
func (fe *FieldErrors) AddMsg(field string, m Msg) {
	if fe.Msgs == nil {
		fe.Msgs = map[string]Msg{}
	}
	if _, ok := fe.Msgs[field]; ok {
		return
	}
	fe.Fields = append(fe.Fields, field)
	fe.Msgs[field] = m
}

// AddError records err's message for field: a model *Error's key and arguments, or
// errors.internal.
func (fe *FieldErrors) AddError(field string, err error) {
	var e *Error
	if errors.As(err, &e) {
		fe.AddMsg(field, Msg{Key: e.Key, Args: e.Args})
		return
	}
	fe.Add(field, "errors.internal")
}

// Merge adds other's messages, in its order, to fields that have none yet.
func (fe *FieldErrors) Merge(other *FieldErrors) {
	if other == nil {
		return
	}
	for _, f := range other.Fields {
		fe.AddMsg(f, other.Msgs[f])
	}
}

// Word puts every message into words with words (the web layer's printer), for Get and
// the error summary.
func (fe *FieldErrors) Word(words func(Msg) string) {
	if fe == nil {
		return
	}
	fe.Messages = make(map[string]string, len(fe.Fields))
	for _, f := range fe.Fields {
		fe.Messages[f] = words(fe.Msgs[f])
	}
}

// Any reports whether any field has an error.
func (fe *FieldErrors) Any() bool { return fe != nil && len(fe.Fields) > 0 }

// Has reports whether field has an error.
func (fe *FieldErrors) Has(field string) bool {
	if fe == nil {
		return false
	}
	_, ok := fe.Msgs[field]
	return ok
}

// Msg returns field's message as a key and arguments.
func (fe *FieldErrors) Msg(field string) Msg {
	if fe == nil {
		return Msg{}
	}
	return fe.Msgs[field]
}

// Get returns the message for field in words (after Word), or "".
func (fe *FieldErrors) Get(field string) string {
	if fe == nil {
		return ""
	}
	return fe.Messages[field]
}

// Error lets FieldErrors travel as an error with code EINVALID.
func (fe *FieldErrors) Error() string {
	if !fe.Any() {
		return "no errors"
	}
	return fmt.Sprintf("invalid: %s: %s", fe.Fields[0], fe.Msgs[fe.Fields[0]].Key)
}
