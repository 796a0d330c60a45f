package hooks

import (
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// Log streams (api-facts §1.15, coverage §3.7 E4): the System Log sent to
// AWS EventBridge or Splunk Cloud. What the recordings show
// (TestAccResourceOktaLogStream_crud, TestAccDataSourceOktaLogStream_read):
//
//   - ids are 0oa…, created ACTIVE whatever the body's status says;
//   - the lifecycle endpoints answer 200 with an empty body (the spec says
//     the log stream);
//   - _links entries carry "method" instead of hints.allow: self (GET), and
//     deactivate or activate (POST);
//   - the Splunk token is write-only and a PUT without it succeeds;
//   - a PUT resends the EventBridge settings unchanged.
//
// From the spec: at most two per org, a unique name of up to 100
// characters, the list pages (limit default 20, maximum 200, after) and
// filters on type or status with eq, EventBridge settings are write-once
// (a PUT must carry the original values), and the per-type patterns of
// the log stream schemas (GET /api/v1/meta/schemas/logStream/{type}).
// Unverified choices: a third log stream, a duplicate name and a changed
// write-once value are 400 E0000001; deleting an ACTIVE log stream is
// refused with 403 E0000006, as for hooks (Terraform deactivates first).
var logStreamsRes = &engine.Resource{
	Name: "logStreams", TypeName: "LogStream", Prefix: "0oa", Area: "logStreams",
	Events: &engine.Events{Type: "LogStream", Create: "system.log_stream.lifecycle.create", Update: "system.log_stream.lifecycle.update", Delete: "system.log_stream.lifecycle.delete", Activate: "system.log_stream.lifecycle.activate", Deactivate: "system.log_stream.lifecycle.deactivate"},
	Coll:   "/api/v1/logStreams", IDParam: "logStreamId",
	Page:         engine.PageSpec{Def: 20, Max: 200, Cursor: true},
	CreateStatus: http.StatusOK, DeleteStatus: http.StatusNoContent, UpdateMethod: http.MethodPut,
	Life: engine.Lifecycle{Enabled: true},
	Fields: []engine.Field{
		{Path: "name", Type: engine.TString, Required: true},
		{Path: "type", Type: engine.TString, Required: true, Enum: LogStreamTypes},
		{Path: "settings", Type: engine.TObject, Required: true},
		{Path: "settings.accountId", Type: engine.TString},
		{Path: "settings.eventSourceName", Type: engine.TString},
		{Path: "settings.region", Type: engine.TString},
		{Path: "settings.host", Type: engine.TString},
		{Path: "settings.edition", Type: engine.TString},
		{Path: "settings.token", Type: engine.TString},
	},
}

// LogStreamTypes are the providers (SPEC LogStreamType).
var LogStreamTypes = []string{"aws_eventbridge", "splunk_cloud_logstreaming"}

// LogStreamMax is the per-org limit (SPEC tag LogStream).
const LogStreamMax = 2

// The per-type rules of SPEC LogStreamSchemaAws and LogStreamSchemaSplunk.
var (
	logStreamName        = regexp.MustCompile(`^.{1,100}$`)
	awsAccountID         = regexp.MustCompile(`^\d{12}$`)
	awsEventSourceName   = regexp.MustCompile(`^[\.\-_A-Za-z0-9]{1,75}$`)
	splunkHost           = regexp.MustCompile(`^([a-z0-9]+(-[a-z0-9]+)*){1,100}\.splunkcloud(gc|fed)?\.com$`)
	splunkToken          = regexp.MustCompile(`[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`)
	splunkEditions       = []string{"aws", "aws_govcloud", "gcp"}
	awsRegions           = []string{"ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ca-central-1", "eu-central-1", "eu-north-1", "eu-south-1", "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2"}
	awsWriteOnceSettings = []string{"accountId", "eventSourceName", "region"}
)

func init() {
	logStreamsRes.Prepare = prepareLogStream
	logStreamsRes.Links = logStreamLinks
	logStreamsRes.AfterCreate = func(_ *engine.Call, _ string, obj engine.Obj) *engine.APIError {
		obj["status"] = "ACTIVE"
		return nil
	}
	logStreamsRes.BeforeDelete = func(_ *engine.Call, _ string, cur engine.Obj) *engine.APIError {
		return hookRefuseActiveDelete(cur, "LogStream")
	}
	logStreamsRes.Filter = func(c *engine.Call, _ string, items []engine.Obj) ([]engine.Obj, *engine.APIError) {
		return engine.FilterList(c, items, nil, engine.FilterEq, func(o engine.Obj) func(string) ([]string, bool) {
			return func(field string) ([]string, bool) {
				switch field {
				case "type", "status":
					return []string{engine.Str(o, field)}, true
				}
				return nil, false
			}
		})
	}
	engine.Register(engine.Module{
		Name: "log-streams", Phase: 10,
		Routes: installLogStreams,
		Sample: sampleLogStreams,
	})
}

// installLogStreams serves the generic endpoints, except that the
// lifecycle endpoints answer 200 with no body, as recorded.
func installLogStreams(rt *engine.Router) {
	res := logStreamsRes
	item := res.ItemPattern()
	scope := func(m string) string { return engine.ScopeFor(res.Area, m) }
	rt.Handle("GET", res.Coll, scope("GET"), res.HandleList)
	rt.Handle("POST", res.Coll, scope("POST"), res.HandleCreate)
	rt.Handle("GET", item, scope("GET"), func(c *engine.Call) engine.Reply {
		obj, err := res.Lookup(c, "", c.Param(res.IDParam))
		if err != nil {
			return engine.Fail(err)
		}
		return engine.OK(res.Render(c, "", obj))
	})
	rt.Handle("PUT", item, scope("PUT"), func(c *engine.Call) engine.Reply {
		body, err := c.Body()
		if err != nil {
			return engine.Fail(err)
		}
		obj, err := res.Replace(c, "", c.Param(res.IDParam), body)
		if err != nil {
			return engine.Fail(err)
		}
		return engine.OK(res.Render(c, "", obj))
	})
	rt.Handle("DELETE", item, scope("DELETE"), res.HandleDelete)
	for action, status := range map[string]string{"activate": "ACTIVE", "deactivate": "INACTIVE"} {
		rt.Handle("POST", item+"/lifecycle/"+action, scope("POST"), func(c *engine.Call) engine.Reply {
			if _, err := res.SetStatus(c, "", c.Param(res.IDParam), status); err != nil {
				return engine.Fail(err)
			}
			return engine.Reply{Status: http.StatusOK}
		})
	}
}

func prepareLogStream(c *engine.Call, _ string, body, cur engine.Obj) *engine.APIError {
	name := engine.Str(body, "name")
	if strings.TrimSpace(name) == "" {
		return engine.ErrValidation("name", "name: The field cannot be left blank")
	}
	if !logStreamName.MatchString(name) {
		return engine.ErrValidation("name", "name: Name can't exceed 100 characters.")
	}
	id := ""
	if cur != nil {
		id = engine.Str(cur, "id")
		if engine.Str(body, "type") != engine.Str(cur, "type") {
			return engine.ErrValidation("type", "type: The type of a log stream can't be changed")
		}
	} else if len(c.Org.List(logStreamsRes.Name, "")) >= LogStreamMax {
		return engine.ErrValidation("logStream", "logStream: An org can have at most two log streams")
	}
	if dup := c.Org.Find(logStreamsRes.Name, "", func(o engine.Obj) bool {
		return engine.Str(o, "name") == name && engine.Str(o, "id") != id
	}); dup != nil {
		return engine.ErrValidation("name", "name: A log stream with this name already exists")
	}
	settings, _ := body["settings"].(map[string]any)
	switch engine.Str(body, "type") {
	case "aws_eventbridge":
		return prepareEventBridge(settings, cur)
	case "splunk_cloud_logstreaming":
		return prepareSplunk(settings, cur == nil)
	}
	return nil
}

func prepareEventBridge(s engine.Obj, cur engine.Obj) *engine.APIError {
	if !awsAccountID.MatchString(engine.Str(s, "accountId")) {
		return engine.ErrValidation("settings", "settings.accountId: Account number must be 12 digits.")
	}
	if !awsEventSourceName.MatchString(engine.Str(s, "eventSourceName")) {
		return engine.ErrValidation("settings", `settings.eventSourceName: Event source name can use numbers, letters, the symbols ".", "-" or "_". It must use fewer than 76 characters.`)
	}
	if !slices.Contains(awsRegions, engine.Str(s, "region")) {
		return engine.ErrValidation("settings", "settings.region: '"+engine.Str(s, "region")+"' is not a supported AWS region")
	}
	if cur == nil {
		return nil
	}
	// Write-once: the PUT must carry the values the stream was made with.
	for _, k := range awsWriteOnceSettings {
		if engine.Str(s, k) != engine.Str(cur, "settings."+k) {
			return engine.ErrValidation("settings", "settings."+k+": The value can't be changed after the log stream is created")
		}
	}
	return nil
}

func prepareSplunk(s engine.Obj, create bool) *engine.APIError {
	if !splunkHost.MatchString(engine.Str(s, "host")) {
		return engine.ErrValidation("settings", "settings.host: Host should be a domain without http or https. For example: acme.splunkcloud.com")
	}
	if !slices.Contains(splunkEditions, engine.Str(s, "edition")) {
		return engine.ErrValidation("settings", "settings.edition: '"+engine.Str(s, "edition")+"' is not one of "+strings.Join(splunkEditions, ", "))
	}
	if create && !splunkToken.MatchString(engine.Str(s, "token")) {
		return engine.ErrValidation("settings", "settings.token: The HEC token must be a UUID")
	}
	delete(s, "token") // write-only, and ignored by a PUT (SPEC LogStreamSettingsSplunkPut)
	return nil
}

// logStreamLinks replaces the default links: log streams say "method"
// where other kinds say hints.allow (VCR).
func logStreamLinks(c *engine.Call, _ string, o engine.Obj, l engine.Obj) {
	self := c.Base + "/api/v1/logStreams/" + engine.Str(o, "id")
	for k := range l {
		delete(l, k)
	}
	l["self"] = engine.Obj{"href": self, "method": "GET"}
	if engine.Str(o, "status") == "ACTIVE" {
		l["deactivate"] = engine.Obj{"href": self + "/lifecycle/deactivate", "method": "POST"}
	} else {
		l["activate"] = engine.Obj{"href": self + "/lifecycle/activate", "method": "POST"}
	}
}
