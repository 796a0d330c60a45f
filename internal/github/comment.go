package github

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxBodySize is the largest comment or issue body GitHub accepts: 65,536
// characters. Fit measures bytes, which are never fewer than characters, so
// a body within MaxBodySize bytes is within GitHub's limit however GitHub
// counts.
const MaxBodySize = 65536

// Marker returns the hidden first line that identifies our comment or issue,
// or an error when name cannot be used. Only letters, digits, '.', '_' and
// '-' are allowed: nothing that could close the HTML comment early or break
// the first line.
func Marker(name string) (string, error) {
	ok := name != "" && len(name) <= 64
	for i, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		case i > 0 && (r == '.' || r == '_' || r == '-'):
		default:
			ok = false
		}
	}
	if !ok {
		return "", fmt.Errorf("github: marker %q must be letters, digits, '.', '_' or '-' (at most 64, starting with a letter or digit)", name)
	}
	return "<!-- " + name + " -->", nil
}

// hasMarker reports whether body is one of ours: the marker is its first
// line. Requiring the first line (not "contains") keeps a comment that
// merely quotes ours from being taken for it.
func hasMarker(body, marker string) bool {
	first, _, _ := strings.Cut(strings.TrimLeft(body, "\r\n\t "), "\n")
	return strings.TrimSpace(first) == marker
}

// Compose builds the body we send: the marker line, then content cut to fit
// MaxBodySize (see Fit). It reports whether content was cut.
func Compose(marker, content, artifactURL string) (string, bool) {
	room := MaxBodySize - len(marker) - 1
	fitted, cut := Fit(content, room, artifactURL)
	return marker + "\n" + fitted, cut
}

// Fit returns s unchanged when it has at most limit bytes. Otherwise it keeps
// the longest run of whole lines from the start that fits together with
// what must follow it, namely:
//
//   - the closing fence of a code block the cut leaves open, and a
//     </details> for every collapsible section left open, so that the rest
//     of the comment renders as intended instead of as one code block;
//   - a note that the comment was cut, linking artifactURL (the full plan)
//     when there is one.
//
// Only when not even the first line fits is a line cut, at a character
// boundary. The result never exceeds limit bytes (for a limit of at least a few
// hundred bytes, which the note needs).
func Fit(s string, limit int, artifactURL string) (string, bool) {
	if len(s) <= limit {
		return s, false
	}
	lines := strings.SplitAfter(s, "\n")
	total := len(lines)
	if lines[total-1] == "" {
		total-- // s ends with a newline: SplitAfter's last element is empty
	}
	note := func(kept int) string {
		n := fmt.Sprintf("\n> [!NOTE]\n> This comment was cut to stay under GitHub's limit of %d characters: it shows %d of %d lines.", MaxBodySize, kept, total)
		if artifactURL != "" {
			n += " The full plan is in the workflow artifact: " + artifactURL
		} else {
			n += " The full plan is in the workflow run's artifacts."
		}
		return n + "\n"
	}
	// The note for the total line count is at least as long as any note we
	// will write (the count of kept lines has no more digits).
	noteRoom := len(note(total))
	var (
		st, bestState mdState
		best, size    int
		bestSize      int
	)
	for i, l := range lines {
		size += len(l)
		if size+noteRoom > limit {
			break
		}
		st.feed(l)
		// A line may close a fence and so make the closers shorter: check
		// after feeding it, and remember the last prefix that fits whole.
		if size+st.closersLen()+noteRoom <= limit {
			best, bestSize, bestState = i+1, size, st
		}
	}
	if best == 0 {
		// Not even the first line fits (one enormous line): cut inside
		// it, at a character boundary.
		cut := min(max(0, limit-noteRoom), len(s))
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		return s[:cut] + note(0), true
	}
	// Every kept line ends with a newline: the whole of s does not fit, so
	// the last line of s is never among them.
	return s[:bestSize] + bestState.closers() + note(best), true
}

// mdState follows what a Markdown prefix leaves open: a fenced code block
// (and the fence that opened it) and nested <details> elements outside of
// code. It is the least a cut must close for GitHub to render the rest.
type mdState struct {
	fence   string // the opening fence while inside a code block, else ""
	details int    // <details> opened and not yet closed
}

// feed advances the state over one line.
func (st *mdState) feed(line string) {
	t := strings.TrimRight(line, "\r\n")
	// CommonMark allows up to three spaces before a fence.
	trimmed := strings.TrimLeft(t, " ")
	indent := len(t) - len(trimmed)
	if st.fence != "" {
		// A closing fence: the same character, at least as long, nothing after.
		if indent <= 3 && strings.HasPrefix(trimmed, st.fence) && strings.Trim(strings.TrimSpace(trimmed), st.fence[:1]) == "" {
			st.fence = ""
		}
		return
	}
	if indent <= 3 {
		if f := fenceOf(trimmed); f != "" {
			st.fence = f
			return
		}
	}
	lower := strings.ToLower(t)
	st.details += strings.Count(lower, "<details")
	st.details -= strings.Count(lower, "</details>")
	if st.details < 0 {
		st.details = 0
	}
}

// fenceOf returns the run of three or more backticks or tildes that opens
// a code block at the start of s, or "".
func fenceOf(s string) string {
	if len(s) < 3 || (s[0] != '`' && s[0] != '~') {
		return ""
	}
	n := 0
	for n < len(s) && s[n] == s[0] {
		n++
	}
	if n < 3 {
		return ""
	}
	// A backtick fence's info string may not contain a backtick.
	if s[0] == '`' && strings.Contains(s[n:], "`") {
		return ""
	}
	return s[:n]
}

func (st *mdState) closers() string {
	var b strings.Builder
	if st.fence != "" {
		b.WriteString(st.fence + "\n")
	}
	for range st.details {
		b.WriteString("\n</details>\n")
	}
	return b.String()
}

func (st *mdState) closersLen() int {
	n := 0
	if st.fence != "" {
		n += len(st.fence) + 1
	}
	return n + st.details*len("\n</details>\n")
}

// Comment is an issue or pull-request comment.
type Comment struct {
	ID      int64  `json:"id"`
	Body    string `json:"body"`
	HTMLURL string `json:"html_url"`
	User    struct {
		Login string `json:"login"`
	} `json:"user"`
}

// CommentOptions say what UpsertComment writes where.
type CommentOptions struct {
	// PR is the pull request's number.
	PR int
	// Marker names the comment (see Marker), e.g. "oktasync-plan".
	Marker string
	// Body is the Markdown to post; it is cut to fit when too long.
	Body string
	// ArtifactURL is linked from the note when Body had to be cut.
	ArtifactURL string
	// Author, when set, is the only login whose comments count as ours
	// (e.g. "github-actions[bot]"), so that someone else's comment that
	// starts with the marker is never overwritten.
	Author string
}

// CommentAction says what UpsertComment did.
type CommentAction string

// The things UpsertComment can do.
const (
	CommentCreated   CommentAction = "created"
	CommentUpdated   CommentAction = "updated"
	CommentUnchanged CommentAction = "unchanged"
)

// CommentResult reports what UpsertComment did.
type CommentResult struct {
	Action CommentAction
	ID     int64
	URL    string
	// Truncated is set when the body was cut to fit; Size is what was sent.
	Truncated bool
	Size      int
}

// UpsertComment keeps exactly one marked comment on a pull request: it
// pages through the PR's comments for the first one carrying the marker
// and updates it (or leaves it alone if the text is the same), or creates
// it when there is none.
func (c *Client) UpsertComment(ctx context.Context, o CommentOptions) (CommentResult, error) {
	if o.PR <= 0 {
		return CommentResult{}, errors.New("github: a pull request number is needed")
	}
	marker, err := Marker(o.Marker)
	if err != nil {
		return CommentResult{}, err
	}
	body, cut := Compose(marker, o.Body, o.ArtifactURL)
	res := CommentResult{Truncated: cut, Size: len(body)}

	existing, err := c.findComment(ctx, o.PR, marker, o.Author)
	if err != nil {
		return res, err
	}
	var got Comment
	switch {
	case existing == nil:
		res.Action = CommentCreated
		_, err = c.do(ctx, http.MethodPost, c.repoPath("issues", strconv.Itoa(o.PR), "comments"), nil, map[string]string{"body": body}, &got)
	case existing.Body == body:
		res.Action, got = CommentUnchanged, *existing
	default:
		res.Action = CommentUpdated
		_, err = c.do(ctx, http.MethodPatch, c.repoPath("issues", "comments", strconv.FormatInt(existing.ID, 10)), nil, map[string]string{"body": body}, &got)
	}
	if err != nil {
		return res, err
	}
	res.ID, res.URL = got.ID, got.HTMLURL
	return res, nil
}

// findComment returns the first (oldest) marked comment, or nil. GitHub
// lists issue comments oldest first, so an older comment of ours always
// wins over one that a race may have added later.
func (c *Client) findComment(ctx context.Context, pr int, marker, author string) (*Comment, error) {
	var found *Comment
	err := c.list(ctx, c.repoPath("issues", strconv.Itoa(pr), "comments"), nil, func(raw json.RawMessage) (bool, error) {
		var page []Comment
		if err := json.Unmarshal(raw, &page); err != nil {
			return false, fmt.Errorf("github: listing the comments of #%d: %w", pr, err)
		}
		for i := range page {
			if hasMarker(page[i].Body, marker) && (author == "" || strings.EqualFold(page[i].User.Login, author)) {
				found = &page[i]
				return true, nil
			}
		}
		return false, nil
	})
	return found, err
}
