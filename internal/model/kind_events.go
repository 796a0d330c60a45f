package model

import (
	"slices"
	"sort"
	"strings"
)

// LogEvents is what Okta's System Log records when an object of a kind
// changes: the event types that touch it and the LogTarget type that
// names the object among an event's targets. An incremental plan reads
// the events since the tree's marker and re-reads the kinds they touch
// (see Registry.EventKinds); Okta knowledge stays here, in descriptors.
type LogEvents struct {
	// TargetType is the target[].type of the object ("UserGroup",
	// "PolicyRule", "AppInstance").
	TargetType string
	// Types are the event types that change objects of the kind.
	Types []string
	// Ignore are event types that name the kind's objects without
	// changing their configuration (a group's membership).
	Ignore []string
	// Shared says that events of many other types name objects of
	// TargetType too and are nothing to this kind: they change no
	// configuration (a User's sign-ins) or another kind maps them (a
	// group's create, for the groups kind). An event not in Types is then
	// ignored, not a change no kind maps. Use it only when Types are
	// Okta's known names: an unknown one would pass unseen.
	Shared bool
	// TargetID, when set, is the one target ID that names the kind's
	// object: for singleton kinds that share a target type (the org's
	// billing and technical contacts, both OrgContact).
	TargetID string
	// Unverified says Okta's event-type catalog does not confirm the
	// types or the target: the sandbox emits them, but a real org may log
	// the change otherwise. An incremental plan then still re-reads the
	// kind whenever an event names something no descriptor places, as it
	// does a kind with no Log.
	Unverified bool
}

// TargetOf returns the ID of the target that names an object of the kind
// in an event's targets, "" when none does.
func (l *LogEvents) TargetOf(targets []LogTarget) string {
	if l == nil {
		return ""
	}
	for _, t := range targets {
		if t.Type == l.TargetType && (l.TargetID == "" || t.ID == l.TargetID) {
			return t.ID
		}
	}
	return ""
}

// LogTarget is one target of a System Log event.
type LogTarget struct {
	ID, Type, DisplayName string
}

// EventMatch says what an event means for the registry's kinds.
type EventMatch struct {
	// Kinds are the kinds the event changes, each with the ID of the
	// object its targets name.
	Kinds map[string]string
	// Unmapped is set when the event names an object of a type some kind
	// declares but no kind lists the event's type: a change the plan
	// cannot place, so it must read the whole org.
	Unmapped bool
	// Unplaced is set when the event names no type any kind declares and
	// is not one of the events that never change configuration
	// (NonConfigEvents): it may concern a kind whose descriptor has no
	// Log, which must then be read again.
	Unplaced bool
}

// NonConfigEvents are prefixes of the System Log event types that never
// change an org's configuration: a user's sign-ins, sessions, profile and
// lifecycle (users are data, not configuration), tokens and grants, an
// app's signing keys, CSRs and logo (not in its configuration), devices
// and API tokens (data and credentials, api-facts §1.12), Okta's own
// security and rate-limit notices, and the emails and SMS it sends. The
// emails are the catalog's system.email.* message events one by one: its
// system.email.template.* events are configuration (a template's
// customizations and settings).
var NonConfigEvents = []string{
	"user.", "app.oauth2.", "policy.evaluate_sign_on", "security.threat.", "security.request.",
	"system.org.rate_limit.", "system.operation.rate_limit.", "system.client.rate_limit.", "system.sms.",
	"system.email.account_unlock.", "system.email.bounce.", "system.email.challenge_factor_redeemed",
	"system.email.delivery", "system.email.mfa_enroll_notification.", "system.email.mfa_reset_notification.",
	"system.email.new_device_notification.", "system.email.password_reset.", "system.email.send_factor_verify_message",
	"application.user_membership.", "application.provision.", "group.user_membership.",
	"app.keys.", "app.app_instance.csr.", "application.configuration.update_logo",
	"device.", "system.api_token.",
}

// EventKinds maps one System Log event to the kinds it changes. An event
// whose targets name no type any descriptor knows (a sign-in, a user's
// password change) changes no configuration and maps to nothing.
func (r *Registry) EventKinds(eventType string, targets []LogTarget) EventMatch {
	m := EventMatch{Kinds: map[string]string{}}
	known := false
	for _, k := range r.kinds {
		if k.Log == nil {
			continue
		}
		id := k.Log.TargetOf(targets)
		if id == "" {
			continue
		}
		if slices.Contains(k.Log.Ignore, eventType) || k.Log.Shared && !slices.Contains(k.Log.Types, eventType) {
			continue
		}
		known = true
		if slices.Contains(k.Log.Types, eventType) {
			m.Kinds[k.Name] = id
		}
	}
	m.Unmapped = known && len(m.Kinds) == 0
	if !known && len(m.Kinds) == 0 {
		m.Unplaced = true
		for _, p := range NonConfigEvents {
			if strings.HasPrefix(eventType, p) {
				m.Unplaced = false
			}
		}
	}
	return m
}

// FollowsLog says an incremental plan can take the kind's changes from the
// System Log alone: it has a Log descriptor the catalog confirms. The
// others are re-read whenever an event names something no descriptor
// places.
func (k *Kind) FollowsLog() bool { return k.Log != nil && !k.Log.Unverified }

// LogKinds are the names of the kinds whose descriptors say which events
// touch them, sorted.
func (r *Registry) LogKinds() []string {
	var out []string
	for _, k := range r.kinds {
		if k.Log != nil {
			out = append(out, k.Name)
		}
	}
	sort.Strings(out)
	return out
}
