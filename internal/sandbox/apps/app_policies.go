package apps

import "github.com/oktasync/oktasync/internal/sandbox/engine"

// appSystemAccessPolicy is the org's default authentication policy.
func appSystemAccessPolicy(c *engine.Call) engine.Obj {
	return c.Org.Find(engine.TablePolicies, "", func(o engine.Obj) bool {
		return engine.Str(o, "type") == "ACCESS_POLICY" && engine.BoolAt(o, "system")
	})
}

// appAccessPolicyID is the app's authentication policy: its assignment,
// or the system ACCESS_POLICY when it has none or that policy is gone.
func appAccessPolicyID(c *engine.Call, appID string) string {
	if a := c.Org.Get(engine.TableAppAccessPolicy, "", appID); a != nil {
		if pid := engine.Str(a, "policyId"); c.Org.Get(engine.TablePolicies, "", pid) != nil {
			return pid
		}
	}
	if p := appSystemAccessPolicy(c); p != nil {
		return engine.Str(p, "id")
	}
	return ""
}

// appAssignPolicy binds an app to an ACCESS_POLICY (its authentication
// policy) or to a PROFILE_ENROLLMENT policy (TF
// okta_policy_profile_enrollment_apps calls this endpoint for those;
// coverage.md §5 item 1).
func appAssignPolicy(c *engine.Call, appID, policyID string) *engine.APIError {
	app := c.Org.Get(engine.TableApps, "", appID)
	if app == nil {
		return engine.ErrNotFound(appID, appsRes.TypeName)
	}
	pol := c.Org.Get(engine.TablePolicies, "", policyID)
	if pol == nil {
		return engine.ErrNotFound(policyID, "Policy")
	}
	switch engine.Str(pol, "type") {
	case "ACCESS_POLICY":
		c.Org.Put(engine.TableAppAccessPolicy, "", appID, engine.Obj{"id": appID, "policyId": policyID})
	case "PROFILE_ENROLLMENT":
		c.Org.Put(engine.TableAppProfileEnrollment, "", appID, engine.Obj{"id": appID, "policyId": policyID})
	default:
		return engine.ErrValidation("policyId", "policyId: Policy "+policyID+" is not an authentication policy (ACCESS_POLICY) or a profile enrollment policy (PROFILE_ENROLLMENT)")
	}
	app["lastUpdated"] = c.Org.Timestamp()
	return nil
}

// appProfileEnrollmentID is the app's PROFILE_ENROLLMENT policy: its
// assignment, or the system one when it has none or that policy is gone.
func appProfileEnrollmentID(c *engine.Call, appID string) string {
	if a := c.Org.Get(engine.TableAppProfileEnrollment, "", appID); a != nil {
		if pid := engine.Str(a, "policyId"); c.Org.Get(engine.TablePolicies, "", pid) != nil {
			return pid
		}
	}
	if pe := c.Org.Find(engine.TablePolicies, "", func(p engine.Obj) bool {
		return engine.Str(p, "type") == "PROFILE_ENROLLMENT" && engine.BoolAt(p, "system")
	}); pe != nil {
		return engine.Str(pe, "id")
	}
	return ""
}

// appAssignPolicyHandler is PUT /api/v1/apps/{appId}/policies/{policyId}:
// 204, replacing any previous assignment (SPEC assignApplicationPolicy).
func appAssignPolicyHandler(c *engine.Call) engine.Reply {
	if err := appAssignPolicy(c, c.Param("appId"), c.Param("policyId")); err != nil {
		return engine.Fail(err)
	}
	if app := c.Org.Get(engine.TableApps, "", c.Param("appId")); app != nil {
		c.Emit("application.policy.sign_on.update", appsRes.TargetOf(app),
			engine.Target{ID: c.Param("policyId"), Type: "Policy", DisplayName: engine.Str(c.Org.Get(engine.TablePolicies, "", c.Param("policyId")), "name")})
	}
	return engine.NoContent()
}
