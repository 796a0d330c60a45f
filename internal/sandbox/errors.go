package sandbox

import (
	"fmt"
	"net/http"
)

// apiError is an Okta error object plus the HTTP status it travels with.
// Codes and summaries are the ones real Okta returns (api-facts §4.2); clients
// are expected to branch on errorCode only, so summaries may be free text.
type apiError struct {
	status  int
	code    string
	summary string
	causes  []string
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s %s", e.status, e.code, e.summary) }

// body renders the error the way Okta does: errorLink repeats the code and
// errorId is a per-request id with Okta's "oae" prefix.
func (e *apiError) body(errorID string) map[string]any {
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

// errValidation is E0000001, Okta's answer to a schema or business-rule
// violation; each cause names the offending property.
func errValidation(summary string, causes ...string) *apiError {
	return &apiError{http.StatusBadRequest, "E0000001", "Api validation failed: " + summary, causes}
}

// errMalformed is E0000003: the body is not JSON or has the wrong types.
func errMalformed() *apiError {
	return &apiError{http.StatusBadRequest, "E0000003", "The request body was not well-formed.", nil}
}

func errNotFound(id, typeName string) *apiError {
	return &apiError{http.StatusNotFound, "E0000007",
		fmt.Sprintf("Not found: Resource not found: %s (%s)", id, typeName), nil}
}

func errPathNotFound() *apiError {
	return &apiError{http.StatusNotFound, "E0000008", "The requested path was not found", nil}
}

func errInvalidToken() *apiError {
	return &apiError{http.StatusUnauthorized, "E0000011", "Invalid token provided", nil}
}

func errForbidden() *apiError {
	return &apiError{http.StatusForbidden, "E0000006", "You do not have permission to perform the requested action", nil}
}

func errMethodNotAllowed() *apiError {
	return &apiError{http.StatusMethodNotAllowed, "E0000022", "The endpoint does not support the provided HTTP method", nil}
}

func errRateLimited() *apiError {
	return &apiError{http.StatusTooManyRequests, "E0000047", "API call exceeded rate limit due to too many requests.", nil}
}

func errInternal() *apiError {
	return &apiError{http.StatusInternalServerError, "E0000009", "Internal Server Error", nil}
}

func errUnavailable() *apiError {
	return &apiError{http.StatusServiceUnavailable, "E0000010", "Service is temporarily unavailable", nil}
}

func errLengthRequired() *apiError {
	return &apiError{http.StatusLengthRequired, "E0000003", "The request body was not well-formed.", []string{"Content-Length is required"}}
}

// errConflict is a 409, used where Okta documents one (duplicate brand name, …).
func errConflict(summary string) *apiError {
	return &apiError{http.StatusConflict, "E0000001", "Api validation failed: " + summary, nil}
}

// errBadRequest is a plain 400 E0000001 without the "Api validation failed"
// prefix, used for lifecycle refusals whose exact text Okta does not document.
func errBadRequest(summary string, causes ...string) *apiError {
	return &apiError{http.StatusBadRequest, "E0000001", summary, causes}
}

// newError is an Okta error with its own code and summary, for the answers
// the named constructors do not cover (E0000056, E0000148, a 403 naming its
// cause, …).
func newError(status int, code, summary string, causes ...string) *apiError {
	return &apiError{status, code, summary, causes}
}
