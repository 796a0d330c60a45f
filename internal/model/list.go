package model

import "fmt"

// ListField decodes a list answered inside an object: the array at field
// of the JSON object data (List.Field), as objects.
func ListField(data []byte, field string) ([]map[string]any, error) {
	v, err := ParseJSON(data)
	if err != nil {
		return nil, err
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("the answer is not a JSON object holding %q", field)
	}
	raw, ok := obj[field]
	if !ok || raw == nil {
		return nil, nil
	}
	list, ok := raw.([]any)
	if !ok {
		return nil, fmt.Errorf("%q in the answer is not an array", field)
	}
	out := make([]map[string]any, 0, len(list))
	for _, it := range list {
		m, ok := it.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("an item of %q is not an object", field)
		}
		out = append(out, m)
	}
	return out, nil
}
