package directory

import (
	"net/http"
	"slices"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// The user lifecycle (SPEC /api/v1/users/{userId}/lifecycle/*, Okta's
// "Users API" reference for the refusals). Each operation lists the
// statuses it accepts; any other status is refused with the error Okta
// documents for it: activate on an ACTIVE user is 403 E0000016, suspend
// and unsuspend answer 400 E0000001, unlock 403 E0000032, the others 403
// E0000038 "This operation is not allowed in the user's current status."
// Operations answer 200 with {} (recorded for activate and deactivate),
// or with the token the spec documents when sendEmail=false.

// userOp is one lifecycle operation.
type userOp struct {
	from []string // accepted statuses
	// to is the new status ("" keeps it); next may choose it per user.
	to   string
	next func(u engine.Obj) string
	// refuse answers a status outside from.
	refuse func(status string) *engine.APIError
	// reply builds the answer; nil is {}.
	reply func(c *engine.Call, u engine.Obj) any
}

func errUserStatus() *engine.APIError {
	return engine.NewError(http.StatusForbidden, "E0000038", "This operation is not allowed in the user's current status.")
}

func refuseStatus(string) *engine.APIError { return errUserStatus() }

// userActivatedStatus is where activation leads: ACTIVE for a user with a
// password or a federated provider, PROVISIONED (waiting for the user to
// set one) otherwise (TestAccResourceOktaUser_updateAllAttributes#5→#6).
func userActivatedStatus(u engine.Obj) string {
	if engine.At(u, "credentials.password") != nil {
		return userActive
	}
	switch engine.Str(u, "credentials.provider.type") {
	case "FEDERATION", "SOCIAL":
		return userActive
	}
	return userProvisioned
}

// activationToken is the answer of activate/reactivate with
// sendEmail=false (SPEC UserActivationToken).
func activationToken(c *engine.Call, u engine.Obj) any {
	if c.Query().Get("sendEmail") != "false" {
		return engine.Obj{}
	}
	tok := c.Org.Secret(20)
	return engine.Obj{"activationToken": tok, "activationUrl": c.Base + "/welcome/" + tok}
}

var userOps = map[string]userOp{
	"activate": {
		from: []string{userStaged, userDeprovisioned}, next: userActivatedStatus, reply: activationToken,
		refuse: func(status string) *engine.APIError {
			if status == userActive {
				return engine.NewError(http.StatusForbidden, "E0000016", "Activation failed because the user is already active")
			}
			return errUserStatus()
		},
	},
	"reactivate": {from: []string{userProvisioned}, refuse: refuseStatus, reply: activationToken},
	"deactivate": {
		from:   []string{userStaged, userProvisioned, userActive, userRecovery, userLockedOut, userPasswordExpired, userSuspended},
		to:     userDeprovisioned,
		refuse: refuseStatus,
	},
	"suspend": {
		from: []string{userActive}, to: userSuspended,
		refuse: func(string) *engine.APIError {
			return engine.ErrBadRequest("Api validation failed: Cannot suspend a user that is not active")
		},
	},
	"unsuspend": {
		from: []string{userSuspended}, to: userActive,
		refuse: func(string) *engine.APIError {
			return engine.ErrBadRequest("Api validation failed: Cannot unsuspend a user that is not suspended")
		},
	},
	"unlock": {
		from: []string{userLockedOut}, to: userActive,
		refuse: func(string) *engine.APIError {
			return engine.NewError(http.StatusForbidden, "E0000032", "Unlock is not allowed for this user.")
		},
	},
	"expire_password": {
		from: []string{userActive, userPasswordExpired, userRecovery, userLockedOut}, to: userPasswordExpired,
		refuse: refuseStatus,
		reply:  func(c *engine.Call, u engine.Obj) any { return userRender(c, u) },
	},
	"expire_password_with_temp_password": {
		from: []string{userActive, userPasswordExpired, userRecovery, userLockedOut}, to: userPasswordExpired,
		refuse: refuseStatus,
		reply:  func(c *engine.Call, u engine.Obj) any { return engine.Obj{"tempPassword": c.Org.Secret(12)} },
	},
	"reset_password": {
		from: []string{userProvisioned, userActive, userPasswordExpired, userRecovery, userLockedOut}, to: userRecovery,
		refuse: refuseStatus,
		reply: func(c *engine.Call, u engine.Obj) any {
			if c.Query().Get("sendEmail") == "false" {
				return engine.Obj{"resetPasswordUrl": c.Base + "/reset_password/" + c.Org.Secret(20)}
			}
			return engine.Obj{}
		},
	},
	"reset_factors": {
		from:   []string{userStaged, userProvisioned, userActive, userPasswordExpired, userRecovery, userLockedOut, userSuspended},
		refuse: refuseStatus,
	},
}

func userLifecycleRoutes(rt *engine.Router) {
	manage := engine.ScopeFor("users", "POST")
	for name, op := range userOps {
		op := op
		rt.Handle("POST", "/api/v1/users/{userId}/lifecycle/"+name, manage, func(c *engine.Call) engine.Reply {
			u, err := userLookup(c, c.Param("userId"))
			if err != nil {
				return engine.Fail(err)
			}
			if err := userProtectAdmin(c, u, op.to == userDeprovisioned || op.to == userSuspended); err != nil {
				return engine.Fail(err)
			}
			if err := userTransition(c, u, op); err != nil {
				return engine.Fail(err)
			}
			if op.reply == nil {
				return engine.OK(engine.Obj{})
			}
			return engine.OK(op.reply(c, u))
		})
	}
	rt.Handle("POST", "/api/v1/users/{userId}/credentials/change_password", manage, changePassword)
	rt.Handle("POST", "/api/v1/users/{userId}/credentials/change_recovery_question", manage, changeRecoveryQuestion)
	rt.Handle("POST", "/api/v1/users/{userId}/credentials/forgot_password", manage, forgotPassword)
}

// userTransition applies a lifecycle operation to a user.
func userTransition(c *engine.Call, u engine.Obj, op userOp) *engine.APIError {
	status := engine.Str(u, "status")
	if !slices.Contains(op.from, status) {
		return op.refuse(status)
	}
	to := op.to
	if op.next != nil {
		to = op.next(u)
	}
	now := c.Org.Timestamp()
	if to != "" && to != status {
		u["status"] = to
		u["statusChanged"] = now
		if status == userStaged || status == userDeprovisioned {
			if to == userActive || to == userProvisioned {
				u["activated"] = now
			}
		}
	}
	u["lastUpdated"] = now
	return nil
}

// userProtectAdmin refuses to deactivate, suspend or delete the super
// administrator who owns the API token: the sandbox would lock its own
// client out.
func userProtectAdmin(c *engine.Call, u engine.Obj, disabling bool) *engine.APIError {
	if disabling && engine.Str(u, "id") == c.Org.AdminID {
		return engine.NewError(http.StatusForbidden, "E0000006", "You do not have permission to perform the requested action",
			"The API token's own user can't be deactivated, suspended or deleted")
	}
	return nil
}

// deleteUserHandler is DELETE /api/v1/users/{id}: a user who isn't
// DEPROVISIONED is deactivated, a DEPROVISIONED one is deleted, both with
// 204 (SPEC deleteUser; every recorded delete is this pair of calls,
// TestAccResourceOktaUser_loginUpdates#7–#8).
func deleteUserHandler(c *engine.Call) engine.Reply {
	u, err := userLookup(c, c.Param("userId"))
	if err != nil {
		return engine.Fail(err)
	}
	if err := userProtectAdmin(c, u, true); err != nil {
		return engine.Fail(err)
	}
	if engine.Str(u, "status") != userDeprovisioned {
		if err := userTransition(c, u, userOps["deactivate"]); err != nil {
			return engine.Fail(err)
		}
		return engine.NoContent()
	}
	if err := usersRes.Remove(c, "", engine.Str(u, "id")); err != nil {
		return engine.Fail(err)
	}
	return engine.NoContent()
}

// userDropRefs removes what belongs to a deleted user: its login, its
// secrets, its group memberships, its linked object values.
func userDropRefs(c *engine.Call, u engine.Obj) {
	id := engine.Str(u, "id")
	userIndexLogin(c, id, engine.Str(u, "profile.login"), "")
	c.Org.Remove(tableUserSecrets, "", id)
	c.Org.Remove(tableUserRisk, "", id)
	dropLinkedValues(c, func(v engine.Obj) bool { return engine.Str(v, "associated") == id || engine.Str(v, "primary") == id })
	dropOwner(c, id)
	for _, gid := range userGroupIDsOf(c, id) {
		c.Org.Remove(tableGroupMembers, gid, id)
	}
	c.Org.Remove(tableUserGroups, "", id)
}

// userCredentialsReply is what the credential operations answer: the
// user's credentials object (SPEC UserCredentials).
func userCredentialsReply(u engine.Obj) engine.Obj {
	creds, _ := u["credentials"].(map[string]any)
	return engine.CloneObj(creds)
}

// userOwnsPassword reports whether the user has an Okta-mastered password
// in a status that lets it be changed.
func userOwnsPassword(u engine.Obj) bool {
	st := engine.Str(u, "status")
	return engine.Str(u, "credentials.provider.type") == "OKTA" && engine.At(u, "credentials.password") != nil &&
		(st == userActive || st == userPasswordExpired || st == userRecovery)
}

func errBadCredentials(field string) *engine.APIError {
	return engine.NewError(http.StatusForbidden, "E0000014", "Update of credentials failed", field+": The credentials provided were incorrect.")
}

// changePassword is POST …/credentials/change_password: the old password
// must match; a PASSWORD_EXPIRED user becomes ACTIVE
// (TestAccResourceOktaUser_updateCredentials#13).
func changePassword(c *engine.Call) engine.Reply {
	u, err := userLookup(c, c.Param("userId"))
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if !userOwnsPassword(u) {
		return engine.Fail(engine.NewError(http.StatusForbidden, "E0000035", "Change password not allowed on specified user."))
	}
	id := engine.Str(u, "id")
	if !userCheckSecret(c, id, "password", engine.Str(body, "oldPassword.value")) {
		return engine.Fail(errBadCredentials("oldPassword"))
	}
	newPw := engine.Str(body, "newPassword.value")
	if newPw == "" {
		return engine.Fail(engine.ErrValidation("newPassword", "newPassword: The field cannot be left blank"))
	}
	userSetSecret(c, id, "password", newPw)
	now := c.Org.Timestamp()
	if engine.Str(u, "status") == userPasswordExpired {
		u["status"], u["statusChanged"] = userActive, now
	}
	u["passwordChanged"], u["lastUpdated"] = now, now
	return engine.OK(userCredentialsReply(u))
}

// changeRecoveryQuestion is POST …/credentials/change_recovery_question:
// the current password authorises the change (…_updateCredentials#7).
func changeRecoveryQuestion(c *engine.Call) engine.Reply {
	u, err := userLookup(c, c.Param("userId"))
	if err != nil {
		return engine.Fail(err)
	}
	body, err := c.Body()
	if err != nil {
		return engine.Fail(err)
	}
	if !userOwnsPassword(u) {
		return engine.Fail(engine.NewError(http.StatusForbidden, "E0000036", "Change recovery question not allowed on specified user."))
	}
	id := engine.Str(u, "id")
	if !userCheckSecret(c, id, "password", engine.Str(body, "password.value")) {
		return engine.Fail(errBadCredentials("password"))
	}
	q, a := engine.Str(body, "recovery_question.question"), engine.Str(body, "recovery_question.answer")
	if q == "" || a == "" {
		return engine.Fail(engine.ErrValidation("recovery_question", "recovery_question: A question and an answer are required"))
	}
	userSetSecret(c, id, "answer", a)
	engine.Set(u, "credentials.recovery_question", engine.Obj{"question": q})
	u["lastUpdated"] = c.Org.Timestamp()
	return engine.OK(userCredentialsReply(u))
}

// forgotPassword is POST …/credentials/forgot_password: a reset link,
// mailed or (sendEmail=false) returned (SPEC ForgotPasswordResponse).
func forgotPassword(c *engine.Call) engine.Reply {
	u, err := userLookup(c, c.Param("userId"))
	if err != nil {
		return engine.Fail(err)
	}
	if !userOwnsPassword(u) {
		return engine.Fail(engine.NewError(http.StatusForbidden, "E0000034", "Forgot password not allowed on specified user."))
	}
	if c.Query().Get("sendEmail") == "false" {
		return engine.OK(engine.Obj{"resetPasswordUrl": c.Base + "/signin/reset-password/" + c.Org.Secret(20)})
	}
	return engine.OK(engine.Obj{})
}
