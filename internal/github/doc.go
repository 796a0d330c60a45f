// Package github is the small part of GitHub's REST API that oktasync's
// GitHub Actions workflows need, so that their logic is Go (tested here,
// against a fake API on loopback) rather than inline shell or JavaScript.
//
// # What it does
//
//   - UpsertComment keeps ONE plan comment on a pull request. The comment is
//     found by a hidden marker on its first line (<!-- oktasync-plan -->):
//     every push updates that comment instead of adding another, and an
//     unchanged plan is not even re-sent.
//   - UpsertIssue keeps ONE open issue for a recurring finding (drift), found
//     by its marker among the open issues, and closes it once the finding is
//     gone.
//   - FindPlan answers, for a commit pushed to main, "which pull request did
//     this commit merge, and where is the plan that was reviewed for that
//     pull request's last commit?", so that apply runs exactly the reviewed
//     plan and never plans again by itself.
//
// # Size
//
// GitHub refuses a comment or issue body over 65,536 characters. Fit cuts a
// body that is too long at a line boundary, closes a code fence or a
// <details> element the cut left open (so the rest of the comment still
// renders), and appends a note that links the full plan. Sizes are counted
// in bytes: a byte count is never smaller than a character count (nor a
// UTF-16 one), so the check holds whichever way GitHub counts.
//
// # The token
//
// The client authenticates with GITHUB_TOKEN (the workflow's own token,
// with the permissions the job grants). It is sent only to the API host of
// GITHUB_API_URL: Link URLs on another host are refused rather than
// followed, plain http is accepted only for loopback (tests), and every error
// message is scrubbed of the token in case a server or proxy echoes it.
//
// # Retries
//
// GETs and PATCHes are retried on transport errors, 5xx and rate-limit
// answers, since repeating them is harmless. A POST is never retried: when
// its outcome is unknown, a retry could create a second comment or issue,
// which is exactly what this package exists to prevent.
package github
