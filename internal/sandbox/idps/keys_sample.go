package idps

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Self-signed RSA-2048 test certificates for the sample org (valid
// 2025-01-01 to 2045-01-01). Generated once and embedded: key generation
// from a seeded source is not deterministic in modern Go, and the sample
// must be.
const (
	CertAcme = "MIIDJDCCAgygAwIBAgICA+gwDQYJKoZIhvcNAQELBQAwSzELMAkGA1UEBhMCVVMxGTAXBgNVBAoT" +
		"EEFjbWUgUGFydG5lciBJbmMxITAfBgNVBAMTGGlkcC5hY21lLXBhcnRuZXIuZXhhbXBsZTAeFw0y" +
		"NTAxMDEwMDAwMDBaFw00NTAxMDEwMDAwMDBaMEsxCzAJBgNVBAYTAlVTMRkwFwYDVQQKExBBY21l" +
		"IFBhcnRuZXIgSW5jMSEwHwYDVQQDExhpZHAuYWNtZS1wYXJ0bmVyLmV4YW1wbGUwggEiMA0GCSqG" +
		"SIb3DQEBAQUAA4IBDwAwggEKAoIBAQCldNjzv8TzLKogvPe4wXxu8mdjjBYkidrMGQ+k0GbZfYEL" +
		"mFqZHGvDSOEGA3qEsBHzayTCKhWHtkrBqWAc+FS16KjWTDnnr8hu9pTnEGu3AYffajub0tlyntL7" +
		"Rfd3N+D9t33NTvM0zxN2t7sitZJeSXmWy4IUpknFWh6FzGg1eq4QUh2UPopRqNFbHS0+XXZzHIHl" +
		"vEQdlqOWn2n5RdXCG54N7IBUCNFLhqRn9paQn64huR1Z7gTvhP7kM7Qc12GExUfww1xz+BI7Gw1x" +
		"d3wDdVAbNilOVCADd/wGDWWGNidyV1+qzu0uxblJjCoaXstl5vZRMwrz+/qhb2jYH6CnAgMBAAGj" +
		"EjAQMA4GA1UdDwEB/wQEAwIHgDANBgkqhkiG9w0BAQsFAAOCAQEAJlqpDRsBaxykyx8fSWyZ+mDw" +
		"DrJxukFYE7+SbT1xhxLX80Mfg6pvaLS5ekx5xIF0w1mwxQtnFxlZ9e0tmjwIZ3ZlMkcIPgw48N49" +
		"kxAhihg+bVWyjKHcyQt3VStqSU5Rh9NMsnvxdCf/FnIMjBhoAX9dLlkaEPsTku7BGT2rHG++jLbC" +
		"6Juwqb4rJXUpCZ7l99rE/wJkhmwcJwAmTUnV3N8fO8IgRvENa9ZhV2sB2ZFj2nfhNY2ekfkfZcHK" +
		"pC0G7/YWoxtRDFtXLZWUmK972BbpAy3K+id+dkxliX1ErXRhTJTp0kSw9N+GrIFifh7mn0NGryYy" +
		"8kHhzF67AKL7Yw=="
	idpKeyCertContoso = "MIIDEjCCAfqgAwIBAgICA+kwDQYJKoZIhvcNAQELBQAwQjELMAkGA1UEBhMCVVMxFDASBgNVBAoT" +
		"C0NvbnRvc28gTHRkMR0wGwYDVQQDExRhZGZzLmNvbnRvc28uZXhhbXBsZTAeFw0yNTAxMDEwMDAw" +
		"MDBaFw00NTAxMDEwMDAwMDBaMEIxCzAJBgNVBAYTAlVTMRQwEgYDVQQKEwtDb250b3NvIEx0ZDEd" +
		"MBsGA1UEAxMUYWRmcy5jb250b3NvLmV4YW1wbGUwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEK" +
		"AoIBAQC+En+raL1NBp+LLVMLCmkH3bVLaNWp+HkwkgJ9JQ+g6dsd3T7j94hLgdNVJRcfcUCn2Brf" +
		"RtG6y8q/cKpyXbXlatcAjSB2htwePAC7Dsn6Yt1J1RrCQV44+G+k0ytj61TwT5+B+ua+XN4u+W4g" +
		"gzqdz0hRUzFGJjXUsFcUnEDWwlvAIgW1akjl/zBh6orkLRzjbNrcRwW9TjIOxg1Fy9kwjscjDR1i" +
		"cpr6WyhMVTI7/lpGg3+9KzviBR+UFD/1Pxv7HzSxXjsr+H0O82migcAD19XEbAh2Ore7JZfVrQ4V" +
		"vGfjkoySN0xIlkihcjIqvfO2t5gXNu2NTKa+smKCQkOZAgMBAAGjEjAQMA4GA1UdDwEB/wQEAwIH" +
		"gDANBgkqhkiG9w0BAQsFAAOCAQEAGaTKjLKREQx7mkr4ELde7tEFODH2iZ+Fpeg43ouohurClW2N" +
		"OaEC8fuqwQUHC9hKiDcOzD15g2Bq71CqtfRQp6IcULbHj/ppxEnar5G1zjv1aKvRSqhGIq+tn9Fo" +
		"oe0vyaIg2yAEOJIPJ5Z0btOhwvLVGU6AINXxXB65kCi2F+/PmsGBuaA6EtjS8BrirBBJ0lwzM9nH" +
		"7OdGqbGfjTq5yzlFC1/lwgcwz5iZB3fL9YJyqveLPy+7CqrRMheUP13DDLau0g2MqoA8C4uIxKsA" +
		"+K8injhWWrsC0/AOc2a6rigj6vuqLR3hFw+AoimIkBx9R6ZgxRAp+ivMkPAGKhA8eA=="
	CertFabrikam = "MIIDDDCCAfSgAwIBAgICA+owDQYJKoZIhvcNAQELBQAwPzELMAkGA1UEBhMCVVMxETAPBgNVBAoT" +
		"CEZhYnJpa2FtMR0wGwYDVQQDExRzc28uZmFicmlrYW0uZXhhbXBsZTAeFw0yNTAxMDEwMDAwMDBa" +
		"Fw00NTAxMDEwMDAwMDBaMD8xCzAJBgNVBAYTAlVTMREwDwYDVQQKEwhGYWJyaWthbTEdMBsGA1UE" +
		"AxMUc3NvLmZhYnJpa2FtLmV4YW1wbGUwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQCy" +
		"hIQA24NykehqNqft7qAmvQ7Ym4MV7ymd9ynCT6wZrvIlRpw8AkSSWVrM7nDDSEtCbyT6jTqv5hWr" +
		"14vO/D/+QGMZgZTNAQkqECqA6WDPEjrpdrsmqhqm/VvLaJdKZhNYsRLyzrTACoNt2JR4ZlHGIZq2" +
		"5A9nb/JQLceFQUx64FqdOVnt0Ln96GsR5v19yhKsNIQXljuKZMqDRBpYxtLUgyw+E5sQg1TgN+4A" +
		"uJL4E5g+P6yqjkvDad3anFdrJTiALvDTAb2SdoK7DU0WvsIWIDZPelI5Iqt2P19Zw3R5KOFlof2j" +
		"uKmL6eTaiaWxQYtWxzHsYQS0O0QUi3wFkZyzAgMBAAGjEjAQMA4GA1UdDwEB/wQEAwIHgDANBgkq" +
		"hkiG9w0BAQsFAAOCAQEAK+WodPEC4YGViAhekJz6uQaoaVyJ2kEg7mVFuv+Z/rkWAsoPy1ETCyVg" +
		"htDuLFoHBW/r/cAe6qGrmcKgf0RYjIuL0hD/gVhaxuxYIJL0WhTFELzB6lazHwDrHTbtY2BA7S7y" +
		"6lGoFL13U2Fo9XjquGz4JbPI+nMO/UQumIEzrsT8JfsyNBneBGuXZS1ZEcSkC7rYWZoNNP9EMdXC" +
		"PABDQX9kz102yd7CpRH1vnVX53A2O9uUaqPzDa5ra/Lij3HPk9+AsTfuCXCRn5Mb3augdWDjJD+5" +
		"JZDWTL3+jQrhDaDu9tZ2MNz39m8HpvnnmuwbzL6YplwtzogS1+YBG7JmiQ=="
)

// SampleCerts are the certificates sampleIdPKeys uploads, in order.
var SampleCerts = []string{CertAcme, idpKeyCertContoso, CertFabrikam}

func sampleIdPKeys(c *engine.Call) error {
	for _, cert := range SampleCerts {
		if _, err := idpKeyInsert(c, engine.Obj{"x5c": []any{cert}}); err != nil {
			return err
		}
	}
	return nil
}
