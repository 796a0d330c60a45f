package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/oktasync/oktasync/internal/model"
	"github.com/urfave/cli/v2"
)

// Which engines this build has: a kind can be planned or applied only when
// the engine exists and the descriptor allows it.
const (
	planEngine  = true
	applyEngine = true
)

func kindsCommand() *cli.Command {
	return &cli.Command{
		HideHelpCommand: true,
		Name:            "kinds",
		Usage:           "list the kinds oktasync covers and what it can do with each",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Value: "text", Usage: "the output `FORMAT`: text, or json (with each kind's OAuth scopes)"},
		},
		Action: func(cctx *cli.Context) error {
			reg, err := registry()
			if err != nil {
				return err
			}
			switch f := cctx.String("format"); f {
			case "text":
				return writeKindsText(cctx.App.Writer, reg)
			case "json":
				return writeKindsJSON(cctx.App.Writer, reg)
			default:
				return fmt.Errorf("--format %q: use text or json", f)
			}
		},
	}
}

// kindInfo is one kind as `oktasync kinds` shows it; the text table and
// the JSON are rendered from the same values.
type kindInfo struct {
	Name   string `json:"name"`
	Parent string `json:"parent,omitempty"`
	Title  string `json:"title"`
	Export bool   `json:"export"`
	// OptIn says export and plan read the kind only when asked for
	// (--include-kind, or a tree that holds it).
	OptIn bool `json:"optIn,omitempty"`
	Plan  bool `json:"plan"`
	// Apply is "yes", "create/update", "update only", "toggle only" or
	// "no".
	Apply string `json:"apply"`
	// Identity is the natural key ("profile.name", "type+name") or
	// "singleton".
	Identity string `json:"identity"`
	// ReadScope and ManageScope are the OAuth scopes a service app needs
	// to export and plan the kind, and to apply it.
	ReadScope   string `json:"readScope"`
	ManageScope string `json:"manageScope"`
}

// kindInfos lists the kinds in dependency order (parents first).
func kindInfos(reg *model.Registry) []kindInfo {
	var out []kindInfo
	for _, k := range reg.Order() {
		out = append(out, kindInfo{
			Name: k.Name, Parent: k.Parent, Title: k.Title, Export: true, OptIn: reg.OptIn(k.Name), Plan: planEngine,
			Apply: applyCapability(k), Identity: identity(k), ReadScope: k.ReadScope(), ManageScope: k.ManageScope(),
		})
	}
	return out
}

func writeKindsText(w io.Writer, reg *model.Registry) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KIND\tPARENT\tEXPORT\tPLAN\tAPPLY\tIDENTITY\tDESCRIPTION")
	for _, k := range kindInfos(reg) {
		export := yesNo(k.Export)
		if k.OptIn {
			export = "opt-in"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", k.Name, dash(k.Parent), export,
			yesNo(k.Plan), k.Apply, dash(k.Identity), k.Title)
	}
	return tw.Flush()
}

func writeKindsJSON(w io.Writer, reg *model.Registry) error {
	data, err := json.MarshalIndent(kindInfos(reg), "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

// applyCapability is what apply can do with a kind, from its descriptor.
func applyCapability(k *model.Kind) string {
	if !applyEngine {
		return "no"
	}
	switch {
	case k.Create != nil && k.Delete != nil:
		return "yes"
	case k.Create != nil:
		return "create/update"
	case k.Update != nil:
		return "update only"
	case len(k.Toggles) > 0:
		// Switched through action endpoints only (the org's
		// communication emails: optIn and optOut).
		return "toggle only"
	}
	return "no"
}

func identity(k *model.Kind) string {
	if k.Singleton != "" {
		return "singleton"
	}
	if k.NamedBy != nil {
		return "its " + k.NamedBy.Kind
	}
	s := ""
	for i, f := range k.Identity {
		if i > 0 {
			s += "+"
		}
		s += f
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
