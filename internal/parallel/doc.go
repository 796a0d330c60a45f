// Package parallel runs independent per-index work on every core. The
// model: the caller owns a slice of results, one slot per index; each call
// of the work function writes only its own slot and reads nothing another
// call writes, so the results, merged in index order afterwards, do not
// depend on timing. Workers take indexes in chunks, because a hand-over per
// index keeps the scheduler busy waking them (tree validation and plan
// preparation of 65k-object trees).
package parallel
