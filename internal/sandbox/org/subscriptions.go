package org

import (
	"net/http"
	"slices"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Admin role notification subscriptions (SPEC SubscriptionAPI; recorded
// TestAccResourceOktaRoleSubscription_crud): for each standard admin role
// and notification type, whether the role's admins get it by email.
// Every pair exists; an admin role is subscribed unless unsubscribed.
// Answers are {notificationType, channels: ["email"], status, _links:
// {self, subscribe|unsubscribe}}; subscribe and unsubscribe answer 200
// without a body. Table roleSubscriptions keeps the changed pairs, keyed
// role/type.
const tableRoleSubscriptions = "roleSubscriptions"

var (
	subscriptionRoles = []string{"API_ACCESS_MANAGEMENT_ADMIN", "API_ADMIN", "APP_ADMIN", "GROUP_MEMBERSHIP_ADMIN",
		"HELP_DESK_ADMIN", "MOBILE_ADMIN", "ORG_ADMIN", "READ_ONLY_ADMIN", "REPORT_ADMIN", "SUPER_ADMIN", "USER_ADMIN"}
	notificationTypes = []string{"AD_AGENT", "AGENT_AUTO_UPDATE_NOTIFICATION", "AGENT_AUTO_UPDATE_NOTIFICATION_LDAP", "APP_IMPORT",
		"CONNECTOR_AGENT", "IWA_AGENT", "LDAP_AGENT", "OKTA_ANNOUNCEMENT", "OKTA_ISSUE", "OKTA_UPDATE",
		"RATELIMIT_NOTIFICATION", "REPORT_SUSPICIOUS_ACTIVITY", "USER_DEPROVISION", "USER_LOCKED_OUT"}
)

func init() {
	engine.Register(engine.Module{
		Name: "role-subscriptions", Phase: 0,
		Routes: func(rt *engine.Router) {
			read, manage := engine.ScopeFor("roles", "GET"), engine.ScopeFor("roles", "POST")
			base := "/api/v1/roles/{roleRef}/subscriptions"
			rt.Handle("GET", base, read, func(c *engine.Call) engine.Reply {
				role, err := subscriptionRole(c)
				if err != nil {
					return engine.Fail(err)
				}
				out := make([]any, len(notificationTypes))
				for i, t := range notificationTypes {
					out[i] = subscriptionRender(c, role, t)
				}
				return engine.OK(out)
			})
			rt.Handle("GET", base+"/{notificationType}", read, func(c *engine.Call) engine.Reply {
				role, typ, err := subscriptionPair(c)
				if err != nil {
					return engine.Fail(err)
				}
				return engine.OK(subscriptionRender(c, role, typ))
			})
			for _, op := range []string{"subscribe", "unsubscribe"} {
				status := op + "d"
				rt.Handle("POST", base+"/{notificationType}/"+op, manage, func(c *engine.Call) engine.Reply {
					role, typ, err := subscriptionPair(c)
					if err != nil {
						return engine.Fail(err)
					}
					c.Org.Put(tableRoleSubscriptions, "", role+"/"+typ, engine.Obj{"id": role + "/" + typ, "status": status})
					return engine.Reply{Status: http.StatusOK}
				})
			}
		},
	})
}

func subscriptionRole(c *engine.Call) (string, *engine.APIError) {
	role := c.Param("roleRef")
	if !slices.Contains(subscriptionRoles, role) {
		return "", engine.ErrNotFound(role, "Role")
	}
	return role, nil
}

func subscriptionPair(c *engine.Call) (string, string, *engine.APIError) {
	role, err := subscriptionRole(c)
	if err != nil {
		return "", "", err
	}
	typ := c.Param("notificationType")
	if !slices.Contains(notificationTypes, typ) {
		return "", "", engine.ErrNotFound(typ, "NotificationType")
	}
	return role, typ, nil
}

func subscriptionRender(c *engine.Call, role, typ string) engine.Obj {
	status := "subscribed"
	if s := c.Org.Get(tableRoleSubscriptions, "", role+"/"+typ); s != nil {
		status = engine.Str(s, "status")
	}
	self := c.Base + "/api/v1/roles/" + role + "/subscriptions/" + typ
	next := "unsubscribe"
	if status == "unsubscribed" {
		next = "subscribe"
	}
	return engine.Obj{
		"notificationType": typ, "channels": []any{"email"}, "status": status,
		"_links": engine.Obj{
			"self": engine.Obj{"href": self},
			next:   engine.Obj{"href": self + "/" + next, "hints": engine.Obj{"allow": []any{"POST"}}},
		},
	}
}
