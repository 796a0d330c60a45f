package baseline

import (
	"fmt"
	"path"
)

func (e *exporter) groups() error {
	groups, err := all(e.c.GroupAPI.ListGroups(e.ctx).Execute())
	if err != nil {
		return err
	}
	for _, g := range groups {
		full, _, err := e.c.GroupAPI.GetGroup(e.ctx, g.GetId()).Execute()
		if err != nil {
			return err
		}
		if _, err := e.save("groups", "", full); err != nil {
			return err
		}
	}
	return nil
}

func (e *exporter) groupRules() error {
	rules, err := all(e.c.GroupAPI.ListGroupRules(e.ctx).Execute())
	if err != nil {
		return err
	}
	for _, r := range rules {
		if _, err := e.save("group-rules", "", r); err != nil {
			return err
		}
	}
	return nil
}

func (e *exporter) groupSchema() error {
	s, _, err := e.c.SchemaAPI.GetGroupSchema(e.ctx).Execute()
	if err != nil {
		return err
	}
	_, err = e.save("group-schema", "", s)
	return err
}

func (e *exporter) userTypes() error {
	types, err := all(e.c.UserTypeAPI.ListUserTypes(e.ctx).Execute())
	if err != nil {
		return err
	}
	for _, t := range types {
		id, err := e.save("user-types", "", t)
		if err != nil {
			return err
		}
		// A type's schema is addressed by the last segment of its
		// _links.schema.href (the SDK's UserType keeps _links only among
		// its additional properties).
		href, err := stringAt(t, "_links", "schema", "href")
		if err != nil || href == "" {
			return fmt.Errorf("user type %s has no _links.schema.href", id)
		}
		s, _, err := e.c.SchemaAPI.GetUserSchema(e.ctx, path.Base(href)).Execute()
		if err != nil {
			return err
		}
		if _, err := e.save("user-schemas", id, s); err != nil {
			return err
		}
	}
	return nil
}

func (e *exporter) apps() error {
	apps, err := all(e.c.ApplicationAPI.ListApplications(e.ctx).Execute())
	if err != nil {
		return err
	}
	for _, a := range apps {
		id, err := idOf(a)
		if err != nil {
			return err
		}
		full, _, err := e.c.ApplicationAPI.GetApplication(e.ctx, id).Execute()
		if err != nil {
			return err
		}
		if _, err := e.save("apps", "", full); err != nil {
			return err
		}
		assignments, err := all(e.c.ApplicationGroupsAPI.ListApplicationGroupAssignments(e.ctx, id).Execute())
		if err != nil {
			return err
		}
		for _, g := range assignments {
			if _, err := e.save("app-group-assignments", id, g); err != nil {
				return err
			}
		}
	}
	return nil
}

func (e *exporter) policies() error {
	for _, typ := range policyTypes {
		policies, err := policyList(e.c.PolicyAPI.ListPolicies(e.ctx).Type_(typ).Execute())
		if err != nil {
			return err
		}
		for _, p := range policies {
			id, err := idOf(p)
			if err != nil {
				return err
			}
			var full any
			typed, resp, err := e.c.PolicyAPI.GetPolicy(e.ctx, id).Execute()
			if full = typed; err != nil {
				if full, err = decoded(resp, err); err != nil {
					return err
				}
			}
			if _, err := e.save("policies", "", full); err != nil {
				return err
			}
			// The SDK's rule union (v5.0.2) has no member for MFA_ENROLL
			// rules: they decode to an empty value that marshals to
			// nothing. A script that must not lose them reads the raw
			// JSON the SDK leaves in the response body.
			rules, err := allRaw(e.c.PolicyAPI.ListPolicyRules(e.ctx, id).Execute())
			if err != nil {
				return err
			}
			for _, r := range rules {
				if _, err := e.save("policy-rules", id, r); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (e *exporter) authServers() error {
	servers, err := all(e.c.AuthorizationServerAPI.ListAuthorizationServers(e.ctx).Execute())
	if err != nil {
		return err
	}
	for _, as := range servers {
		id, err := e.save("authorization-servers", "", as)
		if err != nil {
			return err
		}
		scopes, err := all(e.c.AuthorizationServerScopesAPI.ListOAuth2Scopes(e.ctx, id).Execute())
		if err != nil {
			return err
		}
		for _, s := range scopes {
			if _, err := e.save("auth-server-scopes", id, s); err != nil {
				return err
			}
		}
		claims, err := all(e.c.AuthorizationServerClaimsAPI.ListOAuth2Claims(e.ctx, id).Execute())
		if err != nil {
			return err
		}
		for _, cl := range claims {
			if _, err := e.save("auth-server-claims", id, cl); err != nil {
				return err
			}
		}
		policies, err := all(e.c.AuthorizationServerPoliciesAPI.ListAuthorizationServerPolicies(e.ctx, id).Execute())
		if err != nil {
			return err
		}
		for _, p := range policies {
			pid, err := e.save("auth-server-policies", id, p)
			if err != nil {
				return err
			}
			rules, err := all(e.c.AuthorizationServerRulesAPI.ListAuthorizationServerPolicyRules(e.ctx, id, pid).Execute())
			if err != nil {
				return err
			}
			for _, r := range rules {
				if _, err := e.save("auth-server-policy-rules", pid, r); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (e *exporter) idpKeys() error {
	keys, err := all(e.c.IdentityProviderAPI.ListIdentityProviderKeys(e.ctx).Execute())
	if err != nil {
		return err
	}
	for _, k := range keys {
		if _, err := e.save("idp-keys", "", k); err != nil {
			return err
		}
	}
	return nil
}

func (e *exporter) idps() error {
	idps, err := all(e.c.IdentityProviderAPI.ListIdentityProviders(e.ctx).Execute())
	if err != nil {
		return err
	}
	for _, p := range idps {
		if _, err := e.save("idps", "", p); err != nil {
			return err
		}
	}
	return nil
}

func (e *exporter) zones() error {
	zones, err := all(e.c.NetworkZoneAPI.ListNetworkZones(e.ctx).Execute())
	if err != nil {
		return err
	}
	for _, z := range zones {
		if _, err := e.save("network-zones", "", z); err != nil {
			return err
		}
	}
	return nil
}

func (e *exporter) trustedOrigins() error {
	origins, err := all(e.c.TrustedOriginAPI.ListTrustedOrigins(e.ctx).Execute())
	if err != nil {
		return err
	}
	for _, o := range origins {
		if _, err := e.save("trusted-origins", "", o); err != nil {
			return err
		}
	}
	return nil
}

func (e *exporter) authenticators() error {
	auths, err := all(e.c.AuthenticatorAPI.ListAuthenticators(e.ctx).Execute())
	if err != nil {
		return err
	}
	for _, a := range auths {
		if _, err := e.save("authenticators", "", a); err != nil {
			return err
		}
	}
	return nil
}

func (e *exporter) eventHooks() error {
	hooks, err := all(e.c.EventHookAPI.ListEventHooks(e.ctx).Execute())
	if err != nil {
		return err
	}
	for _, h := range hooks {
		if _, err := e.save("event-hooks", "", h); err != nil {
			return err
		}
	}
	return nil
}

func (e *exporter) inlineHooks() error {
	hooks, err := all(e.c.InlineHookAPI.ListInlineHooks(e.ctx).Execute())
	if err != nil {
		return err
	}
	for _, h := range hooks {
		if _, err := e.save("inline-hooks", "", h); err != nil {
			return err
		}
	}
	return nil
}

func (e *exporter) brands() error {
	brands, err := all(e.c.BrandsAPI.ListBrands(e.ctx).Execute())
	if err != nil {
		return err
	}
	for _, b := range brands {
		id, err := e.save("brands", "", b)
		if err != nil {
			return err
		}
		themes, err := all(e.c.ThemesAPI.ListBrandThemes(e.ctx, id).Execute())
		if err != nil {
			return err
		}
		for _, t := range themes {
			if _, err := e.save("themes", id, t); err != nil {
				return err
			}
		}
	}
	return nil
}

func (e *exporter) emailServers() error {
	// The list is one object, {"email-servers": [...]}, not paged.
	list, _, err := e.c.EmailServerAPI.ListEmailServers(e.ctx).Execute()
	if err != nil {
		return err
	}
	for _, s := range list.GetEmailServers() {
		if _, err := e.save("email-servers", "", s); err != nil {
			return err
		}
	}
	return nil
}

func (e *exporter) smsTemplates() error {
	templates, err := all(e.c.TemplateAPI.ListSmsTemplates(e.ctx).Execute())
	if err != nil {
		return err
	}
	for _, t := range templates {
		if _, err := e.save("sms-templates", "", t); err != nil {
			return err
		}
	}
	return nil
}
