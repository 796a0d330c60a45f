package customization

import (
	"crypto/sha256"
	"crypto/tls"
	"fmt"
	"net/http"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// upsertDomainCertificate takes a MANUAL certificate (SPEC
// DomainCertificate: type PEM, certificate, certificateChain, privateKey,
// all required) and answers 204. The certificate must parse, match the
// private key and name the domain; an OKTA_MANAGED domain becomes MANUAL.
// The domain then shows publicCertificate (subject, fingerprint,
// expiration). The private key is a secret: checked, never stored.
func upsertDomainCertificate(c *engine.Call) engine.Reply {
	obj, err := domainsRes.Lookup(c, "", c.Param("domainId"))
	if err != nil {
		return engine.Fail(err)
	}
	if engine.Str(obj, "id") == defaultDomainID {
		return engine.Fail(engine.NewError(http.StatusForbidden, "E0000006",
			"You do not have permission to perform the requested action", "The default domain's certificate is managed by Okta"))
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if err := engine.CheckShape(body, []engine.Field{
		{Path: "type", Type: engine.TString, Required: true, Enum: []string{"PEM"}},
		{Path: "certificate", Type: engine.TString, Required: true},
		{Path: "certificateChain", Type: engine.TString, Required: true},
		{Path: "privateKey", Type: engine.TString, Required: true},
	}); err != nil {
		return engine.Fail(err)
	}
	meta, err := domainCertificateMeta(engine.Str(obj, "domain"), engine.Str(body, "certificate"), engine.Str(body, "privateKey"))
	if err != nil {
		return engine.Fail(err)
	}
	obj["certificateSourceType"] = "MANUAL"
	obj["publicCertificate"] = meta
	c.Emit(eventDomainCertUpload, domainsRes.TargetOf(obj))
	return engine.NoContent()
}

// domainCertificateMeta checks a PEM certificate and key pair for a domain
// and returns the certificate's metadata as Okta shows it.
func domainCertificateMeta(domain, certPEM, keyPEM string) (engine.Obj, *engine.APIError) {
	pair, err := tls.X509KeyPair([]byte(certPEM), []byte(keyPEM))
	if err != nil {
		msg := err.Error()
		field := "certificate"
		if strings.Contains(msg, "private key") {
			field = "privateKey"
		}
		return nil, engine.ErrValidation(field, field+": "+msg)
	}
	// Since Go 1.23 the pair's Leaf is the parsed first certificate.
	cert := pair.Leaf
	if err := cert.VerifyHostname(domain); err != nil {
		return nil, engine.ErrValidation("certificate", "certificate: the certificate is not valid for "+domain)
	}
	sum := sha256.Sum256(cert.Raw)
	hexes := make([]string, len(sum))
	for i, b := range sum {
		hexes[i] = fmt.Sprintf("%02X", b)
	}
	return engine.Obj{
		"subject":     "CN=" + cert.Subject.CommonName,
		"fingerprint": strings.Join(hexes, ":"),
		"expiration":  cert.NotAfter.UTC().Format("2006-01-02T15:04:05.000Z"),
	}, nil
}
