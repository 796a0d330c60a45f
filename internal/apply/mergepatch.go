package apply

import "github.com/oktasync/oktasync/internal/model"

// mergePatch applies a JSON merge patch (RFC 7386) to target and returns
// the result; neither argument is modified. Objects merge key by key, a null
// removes the key, and anything else (arrays included) replaces the target's
// value whole. This is how the plan's update bodies are written, and how
// apply keeps the fields a file does not manage before a full-replace PUT.
func mergePatch(target, patch any) any {
	pm, ok := patch.(map[string]any)
	if !ok {
		return model.DeepCopy(patch)
	}
	tm, ok := target.(map[string]any)
	out := make(map[string]any, len(tm)+len(pm))
	if ok {
		for k, v := range tm {
			out[k] = model.DeepCopy(v)
		}
	}
	for k, v := range pm {
		if v == nil {
			delete(out, k)
			continue
		}
		out[k] = mergePatch(out[k], v)
	}
	return out
}
