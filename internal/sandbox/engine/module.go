package engine

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
)

// Module is one kind's Okta knowledge: its endpoints, the system objects
// every org has, what --sample adds, and how --generate makes many. Each
// kind's file in its family's package registers one module from init(),
// so adding a kind means adding a file, not editing a central switch. The registry is written once at
// start-up and read-only afterwards.
type Module struct {
	// Name is the module's name, which --generate takes
	// (groups=5000).
	Name string
	// Phase orders seeding and sample building: a module may refer to
	// objects of any module with a lower phase.
	Phase int
	// Routes registers the endpoints.
	Routes func(rt *Router)
	// Seed makes the system objects every org has.
	Seed func(c *Call) error
	// Sample adds what --sample builds: a realistic small org.
	Sample func(c *Call) error
	// Generate builds n objects for --generate name=n.
	Generate func(c *Call, n int) error
	// OnDelete are side effects on this module's data when an object of
	// another module's table is deleted, keyed by that table's name: a
	// deleted group takes its app assignments with it. They run after the
	// deleted kind's own AfterDelete, in module order.
	OnDelete map[string]DeleteHook
	// Features are the optional features (Options.Features) the module's
	// endpoints depend on. A --sample org has them all on, so that it
	// shows every kind.
	Features []string
}

// DeleteHook reacts to the deletion of cur, an object of another module's
// table under parentID.
type DeleteHook func(c *Call, parentID string, cur Obj)

var modules = map[string]Module{}

// Register adds a kind's module to the registry. Families call it from
// init(); a name registered twice panics.
func Register(m Module) {
	if _, dup := modules[m.Name]; dup {
		panic("sandbox: module registered twice: " + m.Name)
	}
	modules[m.Name] = m
}

func modulesInOrder() []Module {
	out := make([]Module, 0, len(modules))
	for _, m := range modules {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Phase != out[j].Phase {
			return out[i].Phase < out[j].Phase
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// GeneratableKinds lists the names --generate accepts.
func GeneratableKinds() []string {
	var out []string
	for _, m := range modulesInOrder() {
		if m.Generate != nil {
			out = append(out, m.Name)
		}
	}
	sort.Strings(out)
	return out
}

// ParseGenerate reads "groups=5000,apps=1000,policies=200".
func ParseGenerate(spec string) (map[string]int, error) {
	out := map[string]int{}
	if strings.TrimSpace(spec) == "" {
		return out, nil
	}
	for _, part := range strings.Split(spec, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		var n int
		if ok {
			_, err := fmt.Sscanf(v, "%d", &n)
			ok = err == nil && n >= 0
		}
		if !ok {
			return nil, fmt.Errorf("--generate: %q is not kind=count (e.g. groups=5000)", part)
		}
		if m, found := modules[k]; !found || m.Generate == nil {
			return nil, fmt.Errorf("--generate: unknown kind %q; known: %s", k, strings.Join(GeneratableKinds(), ", "))
		}
		out[k] = n
	}
	return out, nil
}

// deleteHooks collects the modules' onDelete hooks per table, in module
// order.
func deleteHooks() map[string][]DeleteHook {
	out := map[string][]DeleteHook{}
	for _, m := range modulesInOrder() {
		for _, table := range sortedTables(m.OnDelete) {
			out[table] = append(out[table], m.OnDelete[table])
		}
	}
	return out
}

func sortedTables(m map[string]DeleteHook) []string {
	return slices.Sorted(maps.Keys(m))
}

// generate runs the generators in phase order so that generated objects can
// refer to generated objects of earlier phases.
func (s *Server) generate(c *Call, counts map[string]int) error {
	for _, m := range modulesInOrder() {
		n, ok := counts[m.Name]
		if !ok || m.Generate == nil {
			continue
		}
		if err := m.Generate(c, n); err != nil {
			return fmt.Errorf("sandbox: generate %s: %w", m.Name, err)
		}
	}
	return nil
}
