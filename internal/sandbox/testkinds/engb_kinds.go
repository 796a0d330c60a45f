package testkinds

import (
	"embed"
	"errors"
	"io/fs"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/oktasync/oktasync/schemas"
)

// The engine-capability kinds of half B (issue 18): each stands for a
// wave-2 kind whose own descriptor is not on main yet, and uses the
// capability that kind needs. Their names start with "test-", their
// endpoints are the real ones with "test-" in one segment (so that they
// never clash with the real kinds' emulation when those land), and their
// bodies, defaults and answers follow the real endpoints (coverage.md §3.5
// to §3.7, the v6.1.0 spec). Prefer the real kinds once they are on main.

// EngBKinds returns the test kinds' descriptors.
func EngBKinds() []model.Kind {
	ep := func(method, path string) *model.Endpoint { return &model.Endpoint{Method: method, Path: path} }
	return []model.Kind{
		{
			// Stands for Okta's self-service org features
			// (GET /api/v1/features, POST /api/v1/features/{id}/{ENABLE|DISABLE}):
			// a top-level implicit kind (every org has its features, none
			// is created or deleted) whose status is a toggle with an
			// endpoint per value. Name, description and stage are Okta's.
			Name: "test-features", Title: "Org feature (test)", Schema: "test-features.json", ScopeArea: "features",
			SlugFields: []string{"name"}, Identity: []string{"name"}, IDPrefixes: []string{"ftr"},
			Implicit: true,
			List:     model.List{Path: "/api/v1/test-features"},
			Get:      ep("GET", "/api/v1/test-features/{id}"),
			Toggles: []model.Toggle{{Field: "status", Created: "DISABLED", Actions: []model.ToggleAction{
				{Value: "ENABLED", Verb: "enable", Endpoint: *ep("POST", "/api/v1/test-features/{id}/ENABLE")},
				{Value: "DISABLED", Verb: "disable", Endpoint: *ep("POST", "/api/v1/test-features/{id}/DISABLE")},
			}}},
			ReadOnly: []string{"id", "_links", "description", "stage", "type"},
		},
		{
			// Stands for app-provisioning-connections (C4,
			// /api/v1/apps/{appId}/connections/default): one per app,
			// made with it (implicit singleton); updated by a partial
			// POST; its status is toggled by lifecycle/activate and
			// /deactivate (ENABLED/DISABLED); the token is write-only.
			// Activating it is what turns an app's features[] non-empty.
			Name: "test-app-connections", Title: "App provisioning connection (test)", Schema: "test-app-connections.json",
			ScopeArea: "apps", Parent: "apps", ChildDir: "test-provisioning", Singleton: "default", Implicit: true,
			List:       model.List{Path: "/api/v1/apps/{parentId}/test-connections/default", Singleton: true},
			Get:        ep("GET", "/api/v1/apps/{parentId}/test-connections/default"),
			Update:     ep("POST", "/api/v1/apps/{parentId}/test-connections/default"),
			UpdateMode: model.UpdatePartial,
			Toggles: []model.Toggle{{Field: "status", Created: "DISABLED", Actions: []model.ToggleAction{
				{Value: "ENABLED", Verb: "activate", Endpoint: *ep("POST", "/api/v1/apps/{parentId}/test-connections/default/lifecycle/activate")},
				{Value: "DISABLED", Verb: "deactivate", Endpoint: *ep("POST", "/api/v1/apps/{parentId}/test-connections/default/lifecycle/deactivate")},
			}}},
			Secrets:  []model.SecretField{{Path: "profile.token", Mode: model.SecretAlways}},
			ReadOnly: []string{"_links"},
		},
		{
			// Stands for app-features (C3, /api/v1/apps/{appId}/features):
			// a fixed set per app that exists once provisioning is on, so
			// its list is gated on the app's features[] (empty in 1,039
			// of 1,061 recorded apps). The real kind updates by a PUT
			// whose body is the capabilities object itself, which needs a
			// descriptor field of its own; this test kind is read-only.
			Name: "test-app-features", Title: "App feature (test)", Schema: "test-app-features.json",
			ScopeArea: "apps", Parent: "apps", ChildDir: "test-features", IDField: "name",
			SlugFields: []string{"name"}, Identity: []string{"name"}, Implicit: true,
			List: model.List{Path: "/api/v1/apps/{parentId}/test-features",
				When: &model.Condition{Field: "features", NotEmpty: true}},
			Get:      ep("GET", "/api/v1/apps/{parentId}/test-features/{id}"),
			ReadOnly: []string{"_links", "description", "status"},
		},
		{
			// Stands for push-providers (E2, /api/v1/push-providers): FCM's
			// configuration.serviceAccountJson is a write-only JSON object,
			// APNs' configuration.tokenSigningKey a write-only PEM block.
			Name: "test-push-providers", Title: "Push provider (test)", Schema: "test-push-providers.json", ScopeArea: "pushProviders",
			SlugFields: []string{"name"}, Identity: []string{"name"}, IDPrefixes: []string{"ppc"},
			List:   model.List{Path: "/api/v1/test-push-providers"},
			Get:    ep("GET", "/api/v1/test-push-providers/{id}"),
			Create: ep("POST", "/api/v1/test-push-providers"),
			Update: ep("PUT", "/api/v1/test-push-providers/{id}"),
			Delete: ep("DELETE", "/api/v1/test-push-providers/{id}"),
			Secrets: []model.SecretField{
				{Path: "configuration.serviceAccountJson", Mode: model.SecretAlways, Format: model.SecretJSON,
					When: map[string]any{"providerType": "FCM"}},
				{Path: "configuration.tokenSigningKey", Mode: model.SecretAlways, Format: model.SecretPEM,
					When: map[string]any{"providerType": "APNS"}},
			},
			ReadOnly: []string{"id", "_links", "lastUpdatedDate", "configuration.projectId"},
		},
		{
			// Stands for custom-domains (D7, /api/v1/domains): listed as
			// {domains:[…]}, created at once, verified only once the
			// customer publishes the DNS records it answers with
			// (dnsRecords); the org's own Okta domain is a read-only
			// system entry. Create takes domain and certificateSourceType;
			// the brand is set by a PUT.
			Name: "test-custom-domains", Title: "Custom domain (test)", Schema: "test-custom-domains.json", ScopeArea: "domains",
			SlugFields: []string{"domain"}, Identity: []string{"domain"}, IDPrefixes: []string{"OcD"},
			List:         model.List{Path: "/api/v1/test-domains", Field: "domains"},
			Get:          ep("GET", "/api/v1/test-domains/{id}"),
			Create:       ep("POST", "/api/v1/test-domains"),
			CreateFields: []string{"domain", "certificateSourceType"},
			Update:       ep("PUT", "/api/v1/test-domains/{id}"),
			Delete:       ep("DELETE", "/api/v1/test-domains/{id}"),
			Verify: &model.Verification{
				Endpoint:    *ep("POST", "/api/v1/test-domains/{id}/verify"),
				StatusField: "validationStatus", Verified: []string{"VERIFIED", "COMPLETED"},
				Records:  model.DNSRecords{Path: "dnsRecords", Type: "recordType", Name: "fqdn", Value: "values"},
				Volatile: []string{"publicCertificate"},
			},
			Refs:      []model.RefField{{Path: "brandId", Target: "brands"}},
			ReadOnly:  []string{"id", "_links"},
			Immutable: []string{"domain", "certificateSourceType"},
			System: &model.SystemRule{Match: []map[string]any{{"certificateSourceType": "OKTA_MANAGED", "id": "default"}},
				Role: "default", Allowed: model.SystemReadOnly},
		},
		{
			// Stands for sign-in-pages (D4,
			// /api/v1/brands/{brandId}/pages/sign-in/customized): one per
			// brand, made with it; pageContent is a large HTML string that
			// a plan must show as a line diff.
			Name: "test-sign-in-pages", Title: "Sign-in page (test)", Schema: "test-sign-in-pages.json", ScopeArea: "brands",
			Parent: "brands", ChildDir: "test-pages", Singleton: "sign-in", Implicit: true,
			List:   model.List{Path: "/api/v1/brands/{parentId}/test-pages/sign-in/customized", Singleton: true},
			Get:    ep("GET", "/api/v1/brands/{parentId}/test-pages/sign-in/customized"),
			Update: ep("PUT", "/api/v1/brands/{parentId}/test-pages/sign-in/customized"),
		},
	}
}

//go:embed engb_schemas/*.json
var engbSchemas embed.FS

// EngBSchemas are the test kinds' file schemas, named "<kind>.json".
func EngBSchemas() fs.FS {
	sub, err := fs.Sub(engbSchemas, "engb_schemas")
	if err != nil {
		panic(err) // the embedded directory exists: a build error otherwise
	}
	return sub
}

// WithEngBKinds adds the test kinds to kinds (the built-in ones, say).
func WithEngBKinds(kinds []model.Kind) []model.Kind {
	return append(append([]model.Kind(nil), kinds...), EngBKinds()...)
}

// Schemas layers the test kinds' schemas (both halves') over base (the
// repository's).
func Schemas(base fs.FS) fs.FS { return layered{EngBSchemas(), EngASchemas(), base} }

// EngBRegistry is the built-in registry with the test kinds.
func EngBRegistry() (*model.Registry, error) {
	return model.NewRegistryFrom(WithEngBKinds(model.BuiltinKinds()), Schemas(schemas.FS()))
}

// layered opens a file from the first file system that has it.
type layered []fs.FS

func (l layered) Open(name string) (fs.File, error) {
	for _, f := range l {
		file, err := f.Open(name)
		if err == nil || !errors.Is(err, fs.ErrNotExist) {
			return file, err
		}
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}
