package authservers

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

func seedAuthServers(c *engine.Call) error {
	as, err := authServersRes.Insert(c, "", engine.Obj{
		"name":        "default",
		"description": "Default Authorization Server for your Applications",
		"audiences":   []any{"api://default"},
		"issuerMode":  "ORG_URL",
	}, nil)
	if err != nil {
		return err
	}
	as["default"] = true
	id := engine.Str(as, "id")
	for _, s := range authServerMyAccountScopes {
		if _, err := authServerScopesRes.Insert(c, id, engine.Obj{
			"name": s[0], "displayName": s[1], "description": s[2],
			"consent": "IMPLICIT", "metadataPublish": "ALL_CLIENTS",
		}, nil); err != nil {
			return err
		}
	}
	pol, err := authServerPoliciesRes.Insert(c, id, engine.Obj{
		"type": "OAUTH_AUTHORIZATION_POLICY", "name": "Default Policy",
		"description": "Default policy description",
		"priority":    1,
		"conditions":  engine.Obj{"clients": engine.Obj{"include": []any{"ALL_CLIENTS"}}},
	}, nil)
	if err != nil {
		return err
	}
	_, err = authServerRulesRes.Insert(c, engine.Str(pol, "id"), engine.Obj{
		"type": "RESOURCE_ACCESS", "name": "Default Policy Rule", "priority": 1,
		"conditions": engine.Obj{
			"people":     engine.Obj{"groups": engine.Obj{"include": []any{"EVERYONE"}}},
			"grantTypes": engine.Obj{"include": engine.AnyStrings(authServerDefaultGrantTypes)},
			"scopes":     engine.Obj{"include": []any{"*"}},
		},
		"actions": engine.Obj{"token": engine.Obj{
			"accessTokenLifetimeMinutes":  60,
			"refreshTokenLifetimeMinutes": 0,
			"refreshTokenWindowMinutes":   10080,
		}},
	}, nil)
	if err != nil {
		return err
	}
	return nil
}

// authServerDefaultGrantTypes are the grant types of the default server's
// "Default Policy Rule".
var authServerDefaultGrantTypes = []string{
	"client_credentials", "authorization_code", "urn:ietf:params:oauth:grant-type:device_code",
	"interaction_code", "implicit", "password",
}
