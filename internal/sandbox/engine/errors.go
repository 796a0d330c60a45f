package engine

import (
	"fmt"
	"net/http"
)

// APIError is an Okta error object plus the HTTP status it travels with.
// Codes and summaries are the ones real Okta returns (api-facts §4.2); clients
// are expected to branch on errorCode only, so summaries may be free text.
type APIError struct {
	status  int
	code    string
	summary string
	causes  []string
}

func (e *APIError) Error() string { return fmt.Sprintf("%d %s %s", e.status, e.code, e.summary) }

// body renders the error the way Okta does: errorLink repeats the code and
// errorId is a per-request id with Okta's "oae" prefix.
func (e *APIError) body(errorID string) map[string]any {
	causes := make([]any, 0, len(e.causes))
	for _, c := range e.causes {
		causes = append(causes, map[string]any{"errorSummary": c})
	}
	return map[string]any{
		"errorCode":    e.code,
		"errorSummary": e.summary,
		"errorLink":    e.code,
		"errorId":      errorID,
		"errorCauses":  causes,
	}
}

// ErrValidation is E0000001, Okta's answer to a schema or business-rule
// violation; each cause names the offending property.
func ErrValidation(summary string, causes ...string) *APIError {
	return &APIError{http.StatusBadRequest, "E0000001", "Api validation failed: " + summary, causes}
}

// ErrMalformed is E0000003: the body is not JSON or has the wrong types.
func ErrMalformed() *APIError {
	return &APIError{http.StatusBadRequest, "E0000003", "The request body was not well-formed.", nil}
}

// ErrNotFound is E0000007 naming the object and Okta's type name.
func ErrNotFound(id, typeName string) *APIError {
	return &APIError{http.StatusNotFound, "E0000007",
		fmt.Sprintf("Not found: Resource not found: %s (%s)", id, typeName), nil}
}

func errPathNotFound() *APIError {
	return &APIError{http.StatusNotFound, "E0000008", "The requested path was not found", nil}
}

func errInvalidToken() *APIError {
	return &APIError{http.StatusUnauthorized, "E0000011", "Invalid token provided", nil}
}

func errForbidden() *APIError {
	return &APIError{http.StatusForbidden, "E0000006", "You do not have permission to perform the requested action", nil}
}

func errMethodNotAllowed() *APIError {
	return &APIError{http.StatusMethodNotAllowed, "E0000022", "The endpoint does not support the provided HTTP method", nil}
}

func errRateLimited() *APIError {
	return &APIError{http.StatusTooManyRequests, "E0000047", "API call exceeded rate limit due to too many requests.", nil}
}

func errInternal() *APIError {
	return &APIError{http.StatusInternalServerError, "E0000009", "Internal Server Error", nil}
}

func errUnavailable() *APIError {
	return &APIError{http.StatusServiceUnavailable, "E0000010", "Service is temporarily unavailable", nil}
}

func errLengthRequired() *APIError {
	return &APIError{http.StatusLengthRequired, "E0000003", "The request body was not well-formed.", []string{"Content-Length is required"}}
}

// ErrBadRequest is a plain 400 E0000001 without the "Api validation failed"
// prefix, used for lifecycle refusals whose exact text Okta does not document.
func ErrBadRequest(summary string, causes ...string) *APIError {
	return &APIError{http.StatusBadRequest, "E0000001", summary, causes}
}

// NewError is an Okta error with its own code and summary, for the answers
// the named constructors do not cover (E0000056, E0000148, a 403 naming its
// cause, …).
func NewError(status int, code, summary string, causes ...string) *APIError {
	return &APIError{status, code, summary, causes}
}
