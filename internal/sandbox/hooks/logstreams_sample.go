package hooks

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// sampleLogStreams fills the org's two log streams: the System Log to the
// security team's Splunk Cloud, and an EventBridge source that was set up
// for a data lake and is switched off.
func sampleLogStreams(c *engine.Call) error {
	for _, ls := range []struct {
		body     engine.Obj
		inactive bool
	}{
		{body: engine.Obj{"name": "Security SIEM (Splunk)", "type": "splunk_cloud_logstreaming", "settings": engine.Obj{
			"host": "acme-security.splunkcloud.com", "edition": "aws", "token": "5f0c8b1e-3a2d-4c6e-9b7a-1d2e3f4a5b6c"}}},
		{body: engine.Obj{"name": "Data lake (EventBridge)", "type": "aws_eventbridge", "settings": engine.Obj{
			"accountId": "123456789012", "eventSourceName": "okta-system-log-datalake", "region": "us-east-1"}},
			inactive: true},
	} {
		obj, err := logStreamsRes.Insert(c, "", ls.body, nil)
		if err != nil {
			return err
		}
		if ls.inactive {
			obj["status"] = "INACTIVE"
		}
	}
	return nil
}
