package engine

import (
	"fmt"
	"math/rand"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Fault kinds that --faults can inject.
const (
	Fault500   = "500"
	Fault503   = "503"
	Fault429   = "429"
	FaultReset = "reset"
)

// Faults maps a fault kind to its probability per request.
type Faults map[string]float64

// ParseFaults reads "500=0.05,reset=0.02,429=0.02".
func ParseFaults(spec string) (Faults, error) {
	f := Faults{}
	if strings.TrimSpace(spec) == "" {
		return f, nil
	}
	total := 0.0
	for _, part := range strings.Split(spec, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return nil, fmt.Errorf("--faults: %q is not fault=probability (e.g. 500=0.05)", part)
		}
		switch k {
		case Fault500, Fault503, Fault429, FaultReset:
		default:
			return nil, fmt.Errorf("--faults: unknown fault %q; use 500, 503, 429 or reset", k)
		}
		p, err := strconv.ParseFloat(v, 64)
		if err != nil || p < 0 || p > 1 {
			return nil, fmt.Errorf("--faults: probability for %s must be a number between 0 and 1, got %q", k, v)
		}
		f[k] = p
		total += p
	}
	if total > 1 {
		return nil, fmt.Errorf("--faults: probabilities add up to %.2f, more than 1", total)
	}
	return f, nil
}

func (f Faults) String() string {
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + strconv.FormatFloat(f[k], 'f', -1, 64)
	}
	return strings.Join(parts, ",")
}

// injector draws faults. A reset is injected half the time before the
// request is handled and half the time after (the change is made, the answer
// is lost), because the second case is the one that tests whether a client
// can create without duplicating.
type injector struct {
	mu     sync.Mutex
	faults Faults
	rnd    *rand.Rand
}

type faultDraw struct {
	kind  string
	after bool // for resets: drop the connection after handling
}

func (in *injector) draw() faultDraw {
	if len(in.faults) == 0 {
		return faultDraw{}
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	x := in.rnd.Float64()
	for _, k := range []string{Fault500, Fault503, Fault429, FaultReset} {
		p := in.faults[k]
		if x < p {
			return faultDraw{kind: k, after: k == FaultReset && in.rnd.Intn(2) == 1}
		}
		x -= p
	}
	return faultDraw{}
}
