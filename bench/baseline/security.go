package baseline

import (
	"encoding/json"
	"errors"

	"github.com/okta/okta-sdk-golang/v5/okta"
)

// The sign-in security kinds. The SDK v5 has an API for each, but types
// some answers differently from what Okta sends: behaviors' timestamps
// ("2025-08-25 08:23:50.0") are not RFC 3339, a UI schema's elements are an
// array where it expects an object, the lockout settings an object where
// it expects an array, and the policy types it predates (POST_AUTH_SESSION,
// SESSION_VIOLATION_DETECTION, DEVICE_SIGNAL_COLLECTION, CLIENT_UPDATE) fit
// no member of its policy union. A script that must not lose them keeps the
// JSON of such an answer, which the SDK's error carries (decoded). A policy
// type the org lacks answers E0000015, which the script skips.

// newPolicyTypes are the policy types the SDK v5 cannot decode.
var newPolicyTypes = []string{"POST_AUTH_SESSION", "ENTITY_RISK", "SESSION_VIOLATION_DETECTION", "DEVICE_SIGNAL_COLLECTION", "CLIENT_UPDATE"}

// decoded returns the JSON of a successful answer the SDK could not decode.
func decoded(resp *okta.APIResponse, err error) (json.RawMessage, error) {
	var oe *okta.GenericOpenAPIError
	if err != nil && resp != nil && resp.StatusCode < 300 && errors.As(err, &oe) {
		return oe.Body(), nil
	}
	if err != nil {
		return nil, err
	}
	return nil, errors.New("the answer decoded; read it typed")
}

// rawList is a list answer's items, typed or not.
func rawList(data json.RawMessage) ([]json.RawMessage, error) {
	var items []json.RawMessage
	return items, json.Unmarshal(data, &items)
}

func (e *exporter) newPolicies() error {
	for _, typ := range newPolicyTypes {
		_, resp, err := e.c.PolicyAPI.ListPolicies(e.ctx).Type_(typ).Execute()
		if featureOff(err) {
			continue
		}
		data := json.RawMessage(nil)
		if err == nil {
			// The union left them empty; the JSON is in the body.
			var items []json.RawMessage
			if derr := json.NewDecoder(resp.Body).Decode(&items); derr != nil {
				return derr
			}
			data, _ = json.Marshal(items)
		} else if data, err = decoded(resp, err); err != nil {
			return err
		}
		policies, err := rawList(data)
		if err != nil {
			return err
		}
		for _, p := range policies {
			id, err := e.save("policies", "", p)
			if err != nil {
				return err
			}
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

// featureOff reports Okta's "feature not enabled" (E0000015).
func featureOff(err error) bool {
	var oe *okta.GenericOpenAPIError
	if !errors.As(err, &oe) {
		return false
	}
	var body struct {
		ErrorCode string `json:"errorCode"`
	}
	return json.Unmarshal(oe.Body(), &body) == nil && body.ErrorCode == "E0000015"
}

func (e *exporter) behaviors() error {
	_, resp, err := e.c.BehaviorAPI.ListBehaviorDetectionRules(e.ctx).Execute()
	data, err := decoded(resp, err)
	if err != nil {
		return err
	}
	items, err := rawList(data)
	if err != nil {
		return err
	}
	for _, b := range items {
		if _, err := e.save("behaviors", "", b); err != nil {
			return err
		}
	}
	return nil
}

func (e *exporter) deviceAssurances() error {
	items, err := all(e.c.DeviceAssuranceAPI.ListDeviceAssurancePolicies(e.ctx).Execute())
	if err != nil {
		return err
	}
	for _, d := range items {
		if _, err := e.save("device-assurance-policies", "", d); err != nil {
			return err
		}
	}
	return nil
}

func (e *exporter) uiSchemas() error {
	_, resp, err := e.c.UISchemaAPI.ListUISchemas(e.ctx).Execute()
	data, err := decoded(resp, err)
	if err != nil {
		return err
	}
	items, err := rawList(data)
	if err != nil {
		return err
	}
	for _, u := range items {
		if _, err := e.save("ui-schemas", "", u); err != nil {
			return err
		}
	}
	return nil
}

func (e *exporter) captchas() error {
	items, err := all(e.c.CAPTCHAAPI.ListCaptchaInstances(e.ctx).Execute())
	if err != nil {
		return err
	}
	for _, c := range items {
		if _, err := e.save("captchas", "", c); err != nil {
			return err
		}
	}
	settings, _, err := e.c.CAPTCHAAPI.GetOrgCaptchaSettings(e.ctx).Execute()
	if err != nil {
		return err
	}
	_, err = e.save("org-captcha-settings", "", settings)
	return err
}

func (e *exporter) orgSecurity() error {
	ti, _, err := e.c.ThreatInsightAPI.GetCurrentConfiguration(e.ctx).Execute()
	if err != nil {
		return err
	}
	if _, err := e.save("threat-insight", "", ti); err != nil {
		return err
	}
	_, resp, err := e.c.AttackProtectionAPI.GetUserLockoutSettings(e.ctx).Execute()
	data, err := decoded(resp, err)
	if err != nil {
		return err
	}
	_, err = e.save("user-lockout-settings", "", data)
	return err
}
