package main

// The subset of CycloneDX 1.5 (https://cyclonedx.org/docs/1.5/json/) this
// command writes. Field order follows the specification's examples, so the
// JSON reads top-down: format, subject, components.

type bom struct {
	BOMFormat    string      `json:"bomFormat"`
	SpecVersion  string      `json:"specVersion"`
	SerialNumber string      `json:"serialNumber"`
	Version      int         `json:"version"`
	Metadata     metadata    `json:"metadata"`
	Components   []component `json:"components"`
}

type metadata struct {
	Timestamp string    `json:"timestamp,omitempty"`
	Tools     tools     `json:"tools"`
	Component component `json:"component"`
}

// tools is the 1.5 form (an object of components), not 1.4's array.
type tools struct {
	Components []component `json:"components"`
}

type component struct {
	Type        string     `json:"type"`
	BOMRef      string     `json:"bom-ref,omitempty"`
	Name        string     `json:"name"`
	Version     string     `json:"version,omitempty"`
	Description string     `json:"description,omitempty"`
	Hashes      []hash     `json:"hashes,omitempty"`
	PURL        string     `json:"purl,omitempty"`
	Properties  []property `json:"properties,omitempty"`
}

type hash struct {
	Alg     string `json:"alg"`
	Content string `json:"content"`
}

type property struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}
