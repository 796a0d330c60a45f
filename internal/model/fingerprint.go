package model

import (
	"crypto/sha256"
	"encoding/hex"
)

// Fingerprint is a hash of a live body as far as configuration goes: the
// kind's volatile fields (rotation dates, a domain's verification status,
// …) and _links (which embed the
// host the client used) are left out. Export records it for every object
// it reads; apply recomputes it to refuse a stale plan.
func Fingerprint(k *Kind, body map[string]any) string {
	b, _ := DeepCopy(body).(map[string]any)
	delete(b, "_links")
	for _, f := range k.VolatileFields() {
		DeleteField(b, f)
	}
	sum := sha256.Sum256(CanonicalJSON(b))
	return hex.EncodeToString(sum[:16])
}
