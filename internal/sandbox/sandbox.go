package sandbox

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"

	// Every family registers its kinds from init(); importing them all
	// here is what makes sandbox.New serve a whole org.
	_ "github.com/oktasync/oktasync/internal/sandbox/apps"
	_ "github.com/oktasync/oktasync/internal/sandbox/authenticators"
	_ "github.com/oktasync/oktasync/internal/sandbox/authservers"
	_ "github.com/oktasync/oktasync/internal/sandbox/customization"
	_ "github.com/oktasync/oktasync/internal/sandbox/directory"
	_ "github.com/oktasync/oktasync/internal/sandbox/hooks"
	_ "github.com/oktasync/oktasync/internal/sandbox/iam"
	_ "github.com/oktasync/oktasync/internal/sandbox/identitysources"
	_ "github.com/oktasync/oktasync/internal/sandbox/idps"
	_ "github.com/oktasync/oktasync/internal/sandbox/mappings"
	_ "github.com/oktasync/oktasync/internal/sandbox/network"
	_ "github.com/oktasync/oktasync/internal/sandbox/operations"
	_ "github.com/oktasync/oktasync/internal/sandbox/org"
	_ "github.com/oktasync/oktasync/internal/sandbox/policies"
	_ "github.com/oktasync/oktasync/internal/sandbox/security"
)

// The engine's public types, under the names every caller already uses.
type (
	// Server is one sandbox org behind an http.Handler.
	Server = engine.Server
	// Options configure a sandbox org.
	Options = engine.Options
	// Tier names the org's SKU (rate limits, concurrency cap).
	Tier = engine.Tier
	// Faults maps a fault kind to its probability per request.
	Faults = engine.Faults
	// Stats is the JSON document at /_sandbox/stats.
	Stats = engine.Stats
	// BucketStats are one rate-limit bucket's totals.
	BucketStats = engine.BucketStats
)

// The tiers.
const (
	TierDeveloper  = engine.TierDeveloper
	TierEnterprise = engine.TierEnterprise
	TierWorkforce  = engine.TierWorkforce
)

// Fault kinds that --faults can inject.
const (
	Fault500   = engine.Fault500
	Fault503   = engine.Fault503
	Fault429   = engine.Fault429
	FaultReset = engine.FaultReset
)

// New builds a whole org: every family's system objects, then the sample
// or generated objects, or the saved state when Options.StateFile exists.
func New(opts Options) (*Server, error) { return engine.New(opts) }

// ParseFaults reads "500=0.05,reset=0.02,429=0.02".
func ParseFaults(spec string) (Faults, error) { return engine.ParseFaults(spec) }

// ParseGenerate reads "groups=5000,apps=1000,policies=200"; the kinds are
// the families' generators.
func ParseGenerate(spec string) (map[string]int, error) { return engine.ParseGenerate(spec) }

// GeneratableKinds lists the names --generate accepts.
func GeneratableKinds() []string { return engine.GeneratableKinds() }

// Features lists the optional features a Sample org has on (see
// engine.Features).
func Features() []string { return engine.Features() }
