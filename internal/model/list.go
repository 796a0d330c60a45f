package model

import "fmt"

// WrappedItems reads the objects of a list answer that is an object
// holding them at l.ItemsField (see List.ItemsField). A missing or null
// field is an empty list; anything else that is not an array of objects
// is an error naming the field.
func (l List) WrappedItems(data []byte) ([]map[string]any, error) {
	v, err := ParseJSON(data)
	if err != nil {
		return nil, fmt.Errorf("the list answer is not JSON: %w", err)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("the list answer is not a JSON object with %q", l.ItemsField)
	}
	raw, has := obj[l.ItemsField]
	if !has || raw == nil {
		return nil, nil
	}
	arr, ok := raw.([]any)
	if !ok {
		return nil, fmt.Errorf("the list answer's %q is not an array", l.ItemsField)
	}
	out := make([]map[string]any, 0, len(arr))
	for i, item := range arr {
		m, ok := item.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("the list answer's %q[%d] is not an object", l.ItemsField, i)
		}
		out = append(out, m)
	}
	return out, nil
}
