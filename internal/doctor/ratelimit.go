package doctor

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/oktasync/oktasync/internal/okta"
)

// --- 5. rate limit ----------------------------------------------------------

// checkRateLimit reads the shared /api/v1 bucket's headers: that bucket
// carries most of an export. It reuses the last answer when that came from
// the bucket, and otherwise makes one read the credentials allow there (the
// next one, when the org lacks the first one's area).
func (d *doctor) checkRateLimit(ctx context.Context) {
	if d.client == nil {
		d.rep.add(CheckRateLimit, Skip, "no granted scope to read with", "")
		return
	}
	if d.last == nil || !inSharedBucket(d.lastPath) {
		for _, probe := range d.headroomProbes() {
			resp, err := d.client.Do(ctx, okta.Request{Path: probe})
			if err == nil {
				d.note(resp, probe)
				break
			}
			if okta.ErrorCode(err) == codeFeatureNotEnabled {
				continue
			}
			if okta.StatusCode(err) == http.StatusTooManyRequests {
				d.rep.add(CheckRateLimit, Warn, "the /api/v1 bucket is exhausted right now (429)",
					"wait for the window to reset; if this is usual, lower other integrations' use, run with a lower --max-capacity, or ask Okta Support for higher limits")
				return
			}
			if d.last == nil {
				d.rep.add(CheckRateLimit, Warn, "could not read the rate-limit headers: "+err.Error(), "run doctor again")
				return
			}
			break
		}
	}
	if d.last == nil {
		d.rep.add(CheckRateLimit, Warn, "no answer to read the rate-limit headers from", "run doctor again")
		return
	}
	bucket := "the /api/v1 bucket"
	if !inSharedBucket(d.lastPath) {
		bucket = "the bucket of GET " + pathOnly(d.lastPath)
	}
	limit, errL := strconv.Atoi(d.last.Header.Get("X-Rate-Limit-Limit"))
	remaining, errR := strconv.Atoi(d.last.Header.Get("X-Rate-Limit-Remaining"))
	if errL != nil || errR != nil || limit <= 0 {
		d.rep.add(CheckRateLimit, Warn, "the org's answers carry no X-Rate-Limit headers",
			"a proxy may be stripping them; without them oktasync cannot pace itself under Okta's limits")
		return
	}
	pct := remaining * 100 / limit
	reset := ""
	if r, err := strconv.ParseInt(d.last.Header.Get("X-Rate-Limit-Reset"), 10, 64); err == nil {
		// On the server's clock, to the second: Reset − Date.
		if date, err := http.ParseTime(d.last.Header.Get("Date")); err == nil {
			if in := time.Unix(r, 0).Sub(date); in >= 0 {
				reset = fmt.Sprintf("; the window resets in %s", in.Round(time.Second))
			}
		}
	}
	detail := fmt.Sprintf("%s: %d of %d requests left in this window (%d%%)%s", bucket, remaining, limit, pct, reset)
	if pct < headroomWarnPercent {
		d.rep.add(CheckRateLimit, Warn, detail,
			"something else is using the org's rate limit: a run now would mostly wait; run later, lower other integrations' use, or ask Okta Support for higher limits")
		return
	}
	d.rep.add(CheckRateLimit, Pass, detail, "")
}

// headroomProbes are the reads in the shared /api/v1 bucket the
// credentials may make; none when they may make none.
func (d *doctor) headroomProbes() []string {
	have := scopeSet(d.cfg.Scopes)
	var out []string
	for _, p := range probes(d.reg) {
		if p.shared && (!d.oauth || covers(have, "okta."+p.area+".read")) {
			out = append(out, p.path)
		}
	}
	return out
}

// inSharedBucket reports whether a GET of path is charged to Okta's shared
// /api/v1 bucket.
func inSharedBucket(path string) bool {
	return path != "" && okta.BucketFor(http.MethodGet, path) == okta.SharedBucket
}
