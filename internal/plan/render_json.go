package plan

import "io"

// RenderJSON writes the plan in its versioned JSON form: the same bytes as
// Save, so that what `--format json` prints is exactly what `--out` saves
// and `apply` reads.
func RenderJSON(w io.Writer, p *Plan) error { return p.Save(w) }
