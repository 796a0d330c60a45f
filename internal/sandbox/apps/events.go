package apps

import "github.com/oktasync/oktasync/internal/sandbox/engine"

// The System Log events of the apps' hand-written sub-resources (Okta's
// event-type catalog). Each names the app (AppInstance) first, as Okta's
// do; the generic app writes emit through appsRes.Events.
const (
	evKeysGenerate     = "app.keys.generate"
	evKeysClone        = "app.keys.clone"
	evCSRGenerate      = "app.app_instance.csr.generate"
	evCSRPublish       = "app.app_instance.csr.publish"
	evCSRRevoke        = "app.app_instance.csr.revoke"
	evSecretCreate     = "app.oauth2.credentials.lifecycle.create"
	evSecretActivate   = "app.oauth2.credentials.lifecycle.activate"
	evSecretDeactivate = "app.oauth2.credentials.lifecycle.deactivate"
	evSecretDelete     = "app.oauth2.credentials.lifecycle.delete"
	evGrant            = "app.oauth2.client.privilege.grant"
	evRevoke           = "app.oauth2.client.privilege.revoke"
	evLogo             = "application.configuration.update_logo"
	// evConfig is a change to an app's provisioning: its features and its
	// provisioning connection.
	evConfig = "application.configuration.update"
	// evUserSchema is a change to the app's user profile (its app user
	// schema, in the Profile Editor).
	evUserSchema     = "directory.app_user_profile.update"
	evPushCreate     = "application.provision.group_push.mapping.created"
	evPushActivate   = "application.provision.group_push.activate_mapping"
	evPushDeactivate = "application.provision.group_push.deactivate_mapping"
	evPushRemove     = "application.provision.group_push.removed"
	evAppUpdate      = "application.lifecycle.update"
)

// emitApp records eventType for a change under the app appID, naming the
// app first and then the changed object, if any.
func emitApp(c *engine.Call, eventType, appID string, more ...engine.Target) {
	app := c.Org.Get(engine.TableApps, "", appID)
	if app == nil {
		return
	}
	c.Emit(eventType, append([]engine.Target{appsRes.TargetOf(app)}, more...)...)
}

// pushTarget names a group push mapping in an event.
func pushTarget(m engine.Obj) engine.Target {
	return engine.Target{ID: engine.Str(m, "id"), Type: targetGroupPushMap, DisplayName: engine.Str(m, "id")}
}

// The target types naming an app's sub-objects in events, after the app.
const (
	targetFeature       = "AppFeature"
	targetConnection    = "AppProvisioningConnection"
	targetAppUserSchema = "AppUserSchema"
	targetScopeGrant    = "OAuth2ScopeGrant"
	targetGroupPushMap  = "GroupPushMapping"
)

// child is the target of an app's sub-object.
func child(typ, id, name string) engine.Target {
	return engine.Target{ID: id, Type: typ, DisplayName: name}
}
