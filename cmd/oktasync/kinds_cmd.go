package main

import (
	"fmt"
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
		Action: func(cctx *cli.Context) error {
			reg, err := registry()
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(cctx.App.Writer, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "KIND\tPARENT\tEXPORT\tPLAN\tAPPLY\tIDENTITY\tDESCRIPTION")
			for _, k := range reg.Order() {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", k.Name, dash(k.Parent), "yes",
					yesNo(planEngine), applyCapability(k), identity(k), k.Title)
			}
			return tw.Flush()
		},
	}
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
	}
	return "no"
}

func identity(k *model.Kind) string {
	if k.Singleton != "" {
		return "singleton"
	}
	s := ""
	for i, f := range k.Identity {
		if i > 0 {
			s += "+"
		}
		s += f
	}
	return dash(s)
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
