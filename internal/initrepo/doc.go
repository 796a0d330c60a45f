// Package initrepo writes what a repository needs to manage an Okta org
// with oktasync through GitHub pull requests: the four workflows (plan on
// pull request, apply on merge, nightly backup, drift check), a starter
// okta.yaml without secrets, var files for a preview and a production org,
// and a README section that explains the flow.
//
// The templates are embedded from templates/. The workflows there are the
// single source of truth: examples/github-actions/ holds byte-identical
// copies for people who read the repository rather than run `oktasync
// init`, and a test fails when the two differ.
//
// Write never overwrites a file unless told to (Force). It checks every
// target before writing any, so a refusal leaves the repository as it was.
// The README is the one file that is added to rather than replaced: the
// section is appended to an existing README, between markers, and only
// replaced (with Force) when the markers are already there.
package initrepo
