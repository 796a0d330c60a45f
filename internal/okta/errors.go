package okta

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Okta error codes the client itself relies on. Callers branch on codes like
// these, never on ErrorSummary, which is prose for people and changes.
const (
	CodeNotFound          = "E0000007" // 404 resource not found
	CodeRateLimitExceeded = "E0000047" // 429 too many requests
)

// APIError is a non-2xx answer from Okta. It carries everything needed to
// report the failure and to quote it to Okta support (RequestID), and nothing
// from the request's credentials.
type APIError struct {
	Method string
	Path   string // URL path only: queries can be long and say nothing useful here
	Status int

	ErrorCode    string // Okta's errorCode (E0000xxx), or the OAuth "error" on the token endpoint
	ErrorSummary string // for people; never branch on it
	ErrorID      string
	RequestID    string // X-Okta-Request-Id
	ErrorCauses  []string
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %d", e.Method, e.Path, e.Status)
	if e.ErrorCode != "" {
		b.WriteString(" " + e.ErrorCode)
	}
	if e.ErrorSummary != "" {
		b.WriteString(" " + e.ErrorSummary)
	} else if e.ErrorCode == "" {
		b.WriteString(" " + http.StatusText(e.Status))
	}
	if len(e.ErrorCauses) > 0 {
		b.WriteString(": " + strings.Join(e.ErrorCauses, "; "))
	}
	if e.RequestID != "" {
		b.WriteString(" (request id " + e.RequestID + ")")
	}
	return b.String()
}

// errorBody covers both error shapes Okta returns: the Management API's
// {errorCode, errorSummary, ...} and the OAuth endpoints' {error,
// error_description}.
type errorBody struct {
	ErrorCode    string `json:"errorCode"`
	ErrorSummary string `json:"errorSummary"`
	ErrorID      string `json:"errorId"`
	ErrorCauses  []struct {
		ErrorSummary string `json:"errorSummary"`
	} `json:"errorCauses"`

	OAuthError       string `json:"error"`
	OAuthDescription string `json:"error_description"`
}

// maxErrorText bounds how much of an unparseable error body ends up in an
// error message (an HTML page from a proxy, say).
const maxErrorText = 200

// newAPIError builds an APIError from a response. A body that is not an Okta
// error object still yields a usable error: its start becomes the summary.
func newAPIError(method, path string, status int, header http.Header, body []byte) *APIError {
	e := &APIError{
		Method:    method,
		Path:      path,
		Status:    status,
		RequestID: header.Get("X-Okta-Request-Id"),
	}
	var eb errorBody
	if json.Unmarshal(body, &eb) == nil {
		e.ErrorCode = eb.ErrorCode
		e.ErrorSummary = eb.ErrorSummary
		e.ErrorID = eb.ErrorID
		for _, c := range eb.ErrorCauses {
			if c.ErrorSummary != "" {
				e.ErrorCauses = append(e.ErrorCauses, c.ErrorSummary)
			}
		}
		if e.ErrorCode == "" && eb.OAuthError != "" {
			e.ErrorCode = eb.OAuthError
			e.ErrorSummary = eb.OAuthDescription
		}
	}
	if e.ErrorCode == "" && e.ErrorSummary == "" {
		if text := strings.TrimSpace(string(body)); text != "" {
			if len(text) > maxErrorText {
				text = text[:maxErrorText] + "…"
			}
			e.ErrorSummary = strings.ToValidUTF8(text, "?")
		}
	}
	return e
}

// TransportError is a request that got no HTTP response: connection refused
// or reset, EOF, timeout, TLS failure.
type TransportError struct {
	Method string
	Path   string
	Err    error
}

func (e *TransportError) Error() string {
	return fmt.Sprintf("%s %s: %v", e.Method, e.Path, e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }

// transient reports whether trying again could help. Certificate and TLS
// handshake failures are configuration problems and will not heal; almost
// everything else at this layer (resets, EOF, timeouts, refused connections
// while a proxy restarts) can.
func (e *TransportError) transient() bool {
	var (
		unknownAuthority x509.UnknownAuthorityError
		invalidCert      x509.CertificateInvalidError
		hostname         x509.HostnameError
		verification     *tls.CertificateVerificationError
		recordHeader     tls.RecordHeaderError
	)
	switch {
	case errors.Is(e.Err, context.Canceled):
		return false
	case errors.As(e.Err, &unknownAuthority),
		errors.As(e.Err, &invalidCert),
		errors.As(e.Err, &hostname),
		errors.As(e.Err, &verification),
		errors.As(e.Err, &recordHeader):
		return false
	}
	return true
}

// IsNotFound reports whether err is Okta's 404.
func IsNotFound(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.Status == http.StatusNotFound
}

// ErrorCode returns Okta's errorCode from err, or "" when err is not an
// APIError.
func ErrorCode(err error) string {
	var e *APIError
	if errors.As(err, &e) {
		return e.ErrorCode
	}
	return ""
}

// CodeFeatureNotEnabled is Okta's answer for a feature the org's SKU or
// settings lack ("You do not have permission to access the feature you are
// requesting"): authorization servers without API Access Management, a
// policy type whose feature is off.
const CodeFeatureNotEnabled = "E0000015"

// IsFeatureNotEnabled reports whether err says the org lacks the feature:
// there is nothing of that kind to read, which is not a failure.
func IsFeatureNotEnabled(err error) bool { return ErrorCode(err) == CodeFeatureNotEnabled }

// StatusCode returns the HTTP status from err, or 0 when err is not an
// APIError.
func StatusCode(err error) int {
	var e *APIError
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

// IsTransient reports whether err may go away if the same request is sent
// again later: a 429, a 5xx other than 501, or a transport error. The client
// has already retried such errors as far as it safely could; callers use this
// to decide on their own, higher-level recovery (for example looking up a
// create whose outcome is unknown).
func IsTransient(err error) bool {
	var ae *APIError
	if errors.As(err, &ae) {
		return retryableStatus(ae.Status)
	}
	var te *TransportError
	if errors.As(err, &te) {
		return te.transient()
	}
	return false
}

// retryableStatus is the set of statuses that mean "not processed, or failed
// in a way that may pass": 429 and 5xx except 501 Not Implemented.
func retryableStatus(status int) bool {
	return status == http.StatusTooManyRequests ||
		(status >= 500 && status <= 599 && status != http.StatusNotImplemented)
}
