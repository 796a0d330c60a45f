// Package customization emulates brands and their themes (brands.go): the
// default brand every org has (brands_seed.go), custom brands, and the
// theme each brand gets. Samples sit in brands_sample.go.
//
// Tables owned: brands, themes. Read from other families: apps (a brand's
// default app). Phase 60. ThemeDefaults and ThemeLogo are exported for
// the conformance tests (internal/sandbox/conformance,
// customization_*_test.go).
package customization
