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

// Error is an error a person may be shown: Message is safe to display.
type Error struct {
	Code    string
	Message string
	Field   string // the form field or query parameter at fault, if any
	// Reason says what is wrong with Field (one of the Reason constants), so that a page
	// can put it in the words of the field's label; Min and Max are the bounds it names.
	Reason   string
	Min, Max int
}

// Reasons a query parameter is refused. Message names the raw parameter, for open data
// clients; pages word the reason with the field's label instead.
const (
	ReasonTooLong     = "too_long"     // longer than Max characters
	ReasonWholeNumber = "whole_number" // not a whole number from Min to Max
	ReasonNotAnOption = "not_an_option"
)

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// Errorf returns an *Error with a formatted, displayable message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// InvalidField returns an EINVALID *Error about one field or parameter.
func InvalidField(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Message: fmt.Sprintf(format, args...), Field: field}
}

// InvalidParam returns an EINVALID *Error about one query parameter, with its reason.
func InvalidParam(field, reason string, min, max int, format string, args ...any) *Error {
	e := InvalidField(field, format, args...)
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

// ErrorMessage returns a message safe to show a person.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Sorry, there is a problem with the service. Try again later."
}

// FieldErrors maps a form field name to the message shown next to it. The order of
// Fields keeps the error summary in page order.
type FieldErrors struct {
	Fields   []string
	Messages map[string]string
	// Codes are the errors given as a code and a value (see AddCode), for the web layer
	// to put into words.
	Codes map[string]FieldCode
}

// FieldCode is a field's error as a stable code and the value it is about.
type FieldCode struct{ Code, Value string }

// AddCode records a field's error as a code, and the value it concerns, unless the field
// already has an error. Its message is the code until the web layer words it.
func (fe *FieldErrors) AddCode(field, code, value string) {
	if fe.Get(field) != "" {
		return
	}
	if fe.Codes == nil {
		fe.Codes = map[string]FieldCode{}
	}
	fe.Codes[field] = FieldCode{code, value}
	fe.Add(field, code)
}

// Add records msg for field unless the field already has a message.
func (fe *FieldErrors) Add(field, msg string) {
	if fe.Messages == nil {
		fe.Messages = map[string]string{}
	}
	if _, ok := fe.Messages[field]; ok {
		return
	}
	fe.Fields = append(fe.Fields, field)
	fe.Messages[field] = msg
}

// Any reports whether any field has an error.
func (fe *FieldErrors) Any() bool { return fe != nil && len(fe.Fields) > 0 }

// Get returns the message for field, or "".
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
	return fmt.Sprintf("invalid: %s: %s", fe.Fields[0], fe.Messages[fe.Fields[0]])
}
