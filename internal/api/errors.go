package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/localdigital/localdigital/internal/locale"
	"github.com/localdigital/localdigital/internal/model"
	"github.com/localdigital/localdigital/internal/store"
)

// StatusOf is the one place where an error code becomes an HTTP status. The rest of the
// site calls it too, so that a code means the same status everywhere.
func StatusOf(code string) int {
	switch code {
	case model.EINVALID:
		return http.StatusBadRequest
	case model.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case model.EFORBIDDEN:
		return http.StatusForbidden
	case model.ENOTFOUND:
		return http.StatusNotFound
	case model.ECONFLICT:
		return http.StatusConflict
	case model.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

var errNoEndpoint = model.Errorf(model.ENOTFOUND, "api.errors.no_endpoint", "OpenAPI", PathOpenAPI)

// errorBody is the shape of every error response: {"error": {"code": ..., "message": ...}}.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// WriteError answers with err as a JSON error. People see only a code and a message safe
// to show; an internal error's detail goes to log, which may be nil.
func WriteError(w http.ResponseWriter, err error, log *slog.Logger) {
	code, msg := codeAndMessage(err)
	if store.IsUnavailable(err) {
		code, msg = model.EUNAVAILABLE, locale.English.T("api.errors.unavailable")
		w.Header().Set("Retry-After", "30")
	}
	status := StatusOf(code)
	if status == http.StatusInternalServerError {
		code = model.EINTERNAL
		if log != nil {
			log.Error("api: request failed", "err", err)
		}
	}
	writeJSON(w, status, errorBody{Error: errorDetail{Code: code, Message: msg}}, log)
}

// codeAndMessage reads a model error, in English (open data clients read one language).
// Form errors count as invalid input, with the first field's message.
func codeAndMessage(err error) (code, msg string) {
	var fe *model.FieldErrors
	if errors.As(err, &fe) && fe.Any() {
		return model.EINVALID, locale.English.Msg(fe.Msg(fe.Fields[0]))
	}
	return model.ErrorCode(err), locale.English.Error(err)
}

// writeJSON writes v as the response body. Ampersands and angle brackets are written as
// they are, not as \u0026: the body is served as JSON with nosniff, never as HTML.
func writeJSON(w http.ResponseWriter, status int, v any, log *slog.Logger) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil && log != nil {
		log.Warn("api: write response", "err", err)
	}
}
