package main

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Report is bench/report.json.
type Report struct {
	Date    string `json:"date"`
	Machine string `json:"machine"`
	// Export is oktasync's export; Baseline the hand-written SDK exporter's
	// export of the same org; Comparison their ratios.
	Export     *ExportResult `json:"export,omitempty"`
	Baseline   *ExportResult `json:"baseline,omitempty"`
	Comparison *Comparison   `json:"comparison,omitempty"`
	Plan       *PlanResult   `json:"plan,omitempty"`
	Apply      *ApplyResult  `json:"apply,omitempty"`
	// Incremental is a pull request's plan read from the tree's marker and
	// the System Log, next to the full read's.
	Incremental *IncrementalResult `json:"incremental,omitempty"`
}

// ApplyResult is apply creating about 1,000 objects in an org that has none
// of them.
type ApplyResult struct {
	Tier          string  `json:"tier"`
	WindowSeconds float64 `json:"windowSeconds"`
	Objects       int     `json:"objects"`
	Steps         int     `json:"steps"`
	Parallelism   int     `json:"parallelism"`
	// WallSeconds is the whole run (reading the org, the stale check, the
	// steps); ExecuteSeconds the steps alone.
	WallSeconds    float64 `json:"wallSeconds"`
	ExecuteSeconds float64 `json:"executeSeconds"`
	Floors
	Requests    int                     `json:"requests"`
	RateLimited int                     `json:"rateLimited429s"`
	Buckets     map[string]BucketResult `json:"buckets"`
}

// PlanResult is `oktasync diff` of two large offline trees.
type PlanResult struct {
	Objects int `json:"objectsPerTree"`
	Changed int `json:"changedObjects"`
	Steps   int `json:"steps"`
	// WallSeconds and PeakRSSMiB are a run with an empty validation
	// cache (cold), the Warm ones the next run, with the cache the cold
	// one filled.
	WallSeconds     float64 `json:"wallSeconds"`
	PeakRSSMiB      float64 `json:"peakRSSMiB"`
	WarmWallSeconds float64 `json:"warmWallSeconds"`
	WarmPeakRSSMiB  float64 `json:"warmPeakRSSMiB"`
	// Phases, timed in-process on the same trees: where the time goes.
	ReadSeconds         float64 `json:"readBothTreesSeconds"`
	ValidateSeconds     float64 `json:"validateBothTreesSeconds"`
	WarmValidateSeconds float64 `json:"warmValidateBothTreesSeconds"`
	ComputeSeconds      float64 `json:"computeSeconds"`
}

// ExportResult is one export of a generated org.
type ExportResult struct {
	Exporter      string  `json:"exporter"`
	Org           string  `json:"org"`
	Tier          string  `json:"tier"`
	RateScale     float64 `json:"rateScale"`
	LatencyMillis float64 `json:"latencyMillis"`
	WindowSeconds float64 `json:"windowSeconds"`
	// Objects is what the exporter wrote: objects in oktasync's tree,
	// files for the baseline.
	Objects     int     `json:"objects"`
	WallSeconds float64 `json:"wallSeconds"`
	Floors
	Requests int `json:"requests"`
	// MinRequests is the fewest calls that can read the org (from
	// oktasync's tree of it), with the System Log read that positions the
	// tree's marker (logPositionRequests): the minimal complete set of
	// oktasync's export, the same figure for both exporters.
	MinRequests  int                     `json:"minimumListRequests"`
	CallRatio    float64                 `json:"requestsToMinimumRatio"`
	RateLimited  int                     `json:"rateLimited429s"`
	PeakInFlight int                     `json:"peakConcurrency"`
	Buckets      map[string]BucketResult `json:"buckets"`
	// AppSubresources are the child lists of the apps bucket, against
	// their minimum (oktasync's export only).
	AppSubresources *SubresourceResult `json:"appSubresources,omitempty"`
	// Tail is the run's work after its last response (with -timeline;
	// oktasync's export only).
	Tail *Tail `json:"tail,omitempty"`
}

// Tail is what an export run does after its last response (tail.go).
type Tail struct {
	Seconds    float64 `json:"seconds"`
	CPUSeconds float64 `json:"cpuSeconds"`
}

// BucketResult is one rate-limit bucket's use.
type BucketResult struct {
	Limit       int `json:"limitPerWindow"`
	Requests    int `json:"requests"`
	RateLimited int `json:"rateLimited"`
	// FloorSecs is the bucket's floor at its published limit,
	// BudgetFloorSecs at the client's share of it (floor.go).
	FloorSecs       float64 `json:"floorSeconds"`
	BudgetFloorSecs float64 `json:"budgetFloorSeconds"`
}

// Floors are a run's rate-limit floors (floor.go) and its wall time's
// ratio to each: FloorSeconds at the buckets' published limits,
// BudgetFloorSeconds at the share of each bucket the client allows itself
// (CapacityPercent, okta.DefaultMaxCapacity). Both depend on where in its
// rate-limit window the run started (WindowOffsetSeconds).
type Floors struct {
	FloorSeconds        float64 `json:"floorSeconds"`
	FloorRatio          float64 `json:"wallToFloorRatio"`
	BudgetFloorSeconds  float64 `json:"budgetFloorSeconds"`
	BudgetFloorRatio    float64 `json:"wallToBudgetFloorRatio"`
	CapacityPercent     int     `json:"capacityPercent"`
	WindowOffsetSeconds float64 `json:"windowOffsetSeconds"`
}

// floors computes a run's floors from its buckets' use, and records each
// bucket's in buckets.
func floors(f floorModel, wall float64, buckets map[string]BucketResult) Floors {
	out := Floors{CapacityPercent: f.capacity, WindowOffsetSeconds: round(f.offset.Seconds())}
	for name, b := range buckets {
		b.FloorSecs, b.BudgetFloorSecs = f.bucket(b.Requests, b.Limit)
		buckets[name] = b
		out.FloorSeconds = math.Max(out.FloorSeconds, b.FloorSecs)
		out.BudgetFloorSeconds = math.Max(out.BudgetFloorSeconds, b.BudgetFloorSecs)
	}
	if out.FloorSeconds > 0 {
		out.FloorRatio = round(wall / out.FloorSeconds)
	}
	if out.BudgetFloorSeconds > 0 {
		out.BudgetFloorRatio = round(wall / out.BudgetFloorSeconds)
	}
	return out
}

// Comparison is baseline ÷ oktasync: above 1 means oktasync is faster or
// makes fewer calls by that factor.
type Comparison struct {
	WallRatio    float64                     `json:"wallBaselineToOktasync"`
	CallRatio    float64                     `json:"requestsBaselineToOktasync"`
	Baseline429s int                         `json:"baseline429s"`
	Oktasync429s int                         `json:"oktasync429s"`
	Buckets      map[string]BucketComparison `json:"buckets"`
}

// BucketComparison is one bucket's calls by both exporters.
type BucketComparison struct {
	Baseline int     `json:"baselineRequests"`
	Oktasync int     `json:"oktasyncRequests"`
	Ratio    float64 `json:"ratio,omitempty"` // 0 when oktasync made no call there
}

func markdown(rep Report) string {
	var b strings.Builder

	if ex, bl, c := rep.Export, rep.Baseline, rep.Comparison; ex != nil && bl != nil && c != nil {
		fmt.Fprintf(&b, "## Export: oktasync vs. a hand-written Okta Go SDK exporter\n\n")
		fmt.Fprintf(&b, "The same generated org (%s), each run against a fresh sandbox: tier %s, windows of %.0f s (rate scale %g), %g ms latency; %s.\n\n",
			ex.Org, ex.Tier, ex.WindowSeconds, ex.RateScale, ex.LatencyMillis, rep.Machine)
		fmt.Fprintf(&b, "| measure | SDK baseline | oktasync | baseline / oktasync |\n|---|---:|---:|---:|\n")
		fmt.Fprintf(&b, "| wall time | %.2f s | %.2f s | **%.2f×** |\n", bl.WallSeconds, ex.WallSeconds, c.WallRatio)
		fmt.Fprintf(&b, "| API calls | %d | %d | **%.2f×** |\n", bl.Requests, ex.Requests, c.CallRatio)
		fmt.Fprintf(&b, "| 429s | %d | %d | |\n", bl.RateLimited, ex.RateLimited)
		fmt.Fprintf(&b, "| rate-limit floor for the calls made | %.2f s | %.2f s | |\n", bl.FloorSeconds, ex.FloorSeconds)
		fmt.Fprintf(&b, "| calls / minimal complete set (%d) | %.2f | %.2f | |\n", ex.MinRequests, bl.CallRatio, ex.CallRatio)
		fmt.Fprintf(&b, "| peak concurrency | %d | %d | |\n", bl.PeakInFlight, ex.PeakInFlight)
		fmt.Fprintf(&b, "| objects written | %d files | %d objects | |\n\n", bl.Objects, ex.Objects)
		fmt.Fprintf(&b, "| bucket | limit/window | SDK baseline calls (429s) | oktasync calls (429s) | baseline / oktasync |\n|---|---:|---:|---:|---:|\n")
		for _, n := range bucketNames(bl, ex) {
			bb, ob := bl.Buckets[n], ex.Buckets[n]
			limit := max(bb.Limit, ob.Limit)
			ratio := "–"
			if r := c.Buckets[n].Ratio; r > 0 {
				ratio = fmt.Sprintf("%.2f×", r)
			}
			fmt.Fprintf(&b, "| `%s` | %d | %d (%d) | %d (%d) | %s |\n", n, limit, bb.Requests, bb.RateLimited, ob.Requests, ob.RateLimited, ratio)
		}
		b.WriteString("\n")
	}
	if ex := rep.Export; ex != nil {
		fmt.Fprintf(&b, "## oktasync export of the generated org (%s)\n\n", ex.Org)
		fmt.Fprintf(&b, "Tier %s, windows of %.0f s (rate scale %g), %d objects, %s.\n\n", ex.Tier, ex.WindowSeconds, ex.RateScale, ex.Objects, rep.Machine)
		fmt.Fprintf(&b, "| measure | value |\n|---|---|\n")
		fmt.Fprintf(&b, "| wall time | %.2f s |\n%s", ex.WallSeconds, floorRows(ex.Floors))
		fmt.Fprintf(&b, "| API calls | %d |\n| minimal complete set (lists, reads, log position) | %d |\n| calls / minimum | %.2f |\n", ex.Requests, ex.MinRequests, ex.CallRatio)
		fmt.Fprintf(&b, "| 429s | %d |\n| peak concurrency | %d |\n", ex.RateLimited, ex.PeakInFlight)
		if t := ex.Tail; t != nil {
			fmt.Fprintf(&b, "| after the last response: wall | %.2f s |\n| after the last response: CPU (user + system) | %.2f s |\n", t.Seconds, t.CPUSeconds)
		}
		b.WriteString("\n")
		b.WriteString(bucketHeader)
		for _, n := range bucketNames(ex) {
			b.WriteString(bucketRow(n, ex.Buckets[n]))
		}
		if sr := ex.AppSubresources; sr != nil {
			fmt.Fprintf(&b, "\nApp sub-resource lists (every /api/v1/apps/{id}/… call is charged to the apps bucket), against the fewest that read them:\n\n")
			fmt.Fprintf(&b, "| kind | listed under | calls | minimum |\n|---|---|---:|---:|\n%s", subresourceRows(sr))
		}
	}
	if a := rep.Apply; a != nil {
		fmt.Fprintf(&b, "\n## Apply: creating %d objects (%d steps)\n\n", a.Objects, a.Steps)
		fmt.Fprintf(&b, "Tier %s, windows of %.0f s, parallelism %d.\n\n| measure | value |\n|---|---|\n", a.Tier, a.WindowSeconds, a.Parallelism)
		fmt.Fprintf(&b, "| wall time (org check, lock, read, stale check, backup, steps with journal) | %.2f s |\n| steps alone | %.2f s |\n%s| API calls | %d |\n| 429s | %d |\n\n",
			a.WallSeconds, a.ExecuteSeconds, floorRows(a.Floors), a.Requests, a.RateLimited)
		b.WriteString(bucketHeader)
		names := make([]string, 0, len(a.Buckets))
		for n := range a.Buckets {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			b.WriteString(bucketRow(n, a.Buckets[n]))
		}
	}
	if p := rep.Plan; p != nil {
		fmt.Fprintf(&b, "\n## Plan of two offline trees (oktasync diff)\n\n")
		fmt.Fprintf(&b, "| measure | cold (empty validation cache) | warm (cache of the cold run) |\n|---|---|---|\n")
		fmt.Fprintf(&b, "| objects per tree | %d | %d |\n| changed objects | %d | %d |\n| steps | %d | %d |\n",
			p.Objects, p.Objects, p.Changed, p.Changed, p.Steps, p.Steps)
		fmt.Fprintf(&b, "| wall time | %.2f s | %.2f s |\n| peak memory | %.0f MiB | %.0f MiB |\n",
			p.WallSeconds, p.WarmWallSeconds, p.PeakRSSMiB, p.WarmPeakRSSMiB)
		fmt.Fprintf(&b, "| of which: reading both trees (YAML) | %.2f s | %.2f s |\n| of which: validating both trees | %.2f s | %.2f s |\n| of which: computing the plan | %.2f s | %.2f s |\n",
			p.ReadSeconds, p.ReadSeconds, p.ValidateSeconds, p.WarmValidateSeconds, p.ComputeSeconds, p.ComputeSeconds)
	}
	if rep.Incremental != nil {
		b.WriteString(incrementalMarkdown(rep.Incremental))
	}
	return b.String()
}

// floorRows are a run's floors as rows of a measure/value table.
func floorRows(f Floors) string {
	return fmt.Sprintf("| rate-limit floor (published limits) | %.2f s |\n| wall / floor | %.2f |\n"+
		"| floor at the client's budget (%d%% of each bucket) | %.2f s |\n| wall / budget floor | %.2f |\n"+
		"| run started into its rate-limit window | %.2f s |\n",
		f.FloorSeconds, f.FloorRatio, f.CapacityPercent, f.BudgetFloorSeconds, f.BudgetFloorRatio, f.WindowOffsetSeconds)
}

const bucketHeader = "| bucket | limit/window | calls | 429s | floor (s) | budget floor (s) |\n|---|---|---|---|---|---|\n"

func bucketRow(name string, bk BucketResult) string {
	return fmt.Sprintf("| `%s` | %d | %d | %d | %.2f | %.2f |\n", name, bk.Limit, bk.Requests, bk.RateLimited, bk.FloorSecs, bk.BudgetFloorSecs)
}

func round(f float64) float64 { return math.Round(f*100) / 100 }
