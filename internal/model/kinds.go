package model

// BuiltinKinds returns fresh copies of oktasync's kind descriptors (wave 1).
// Each family lives in its own kinds_*.go file. Facts come from Okta's
// Management API spec and recorded traffic; choices that are ours are noted
// in each descriptor's Notes.
func BuiltinKinds() []Kind {
	var ks []Kind
	for _, family := range [][]Kind{
		groupKinds(),
		schemaKinds(),
		appKinds(),
		appDepthKinds(),
		policyKinds(),
		authServerKinds(),
		idpKinds(),
		zoneAndOriginKinds(),
		authenticatorAndHookKinds(),
		brandKinds(),
		orgKinds(),
		securityKinds(),
		emailAndSMSKinds(),
		domainKinds(),
		brandPageKinds(),
		emailTemplateKinds(),
		iamKinds(),
	} {
		ks = append(ks, family...)
	}
	return ks
}

// commonReadOnly are the server-owned fields of almost every kind.
var commonReadOnlyFields = [...]string{"id", "created", "lastUpdated", "_links", "_embedded"}

// readOnly returns the common read-only fields plus extra ones.
func readOnly(extra ...string) []string {
	return append(append([]string(nil), commonReadOnlyFields[:]...), extra...)
}

func get(path string) *Endpoint  { return &Endpoint{Method: "GET", Path: path} }
func post(path string) *Endpoint { return &Endpoint{Method: "POST", Path: path} }
func put(path string) *Endpoint  { return &Endpoint{Method: "PUT", Path: path} }
func del(path string) *Endpoint  { return &Endpoint{Method: "DELETE", Path: path} }
func status() []string           { return []string{"ACTIVE", "INACTIVE"} }
func anyOf(vals ...string) []any {
	out := make([]any, len(vals))
	for i, v := range vals {
		out[i] = v
	}
	return out
}

// lifecycle returns the usual activate/deactivate pair under base.
func lifecycle(base string) *Lifecycle {
	return &Lifecycle{
		StatusField: "status",
		Statuses:    status(),
		Activate:    post(base + "/lifecycle/activate"),
		Deactivate:  post(base + "/lifecycle/deactivate"),
	}
}
