package apps

import (
	"bytes"
	"io"
	"net/http"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// App logo upload (SPEC uploadApplicationLogo; recorded
// TestAccResourceOktaAppBasicAuthApplication_crud#1): a multipart form
// whose `file` part is a PNG, JPEG, GIF or SVG image of less than 1 MB,
// answered 201 without a body. The app's _links.logo then points at the
// uploaded file instead of the default logo. Table appLogos (keyed by app
// id) keeps {id, fileId, type}; the image itself is not kept.

const (
	tableAppLogos = "appLogos"
	appLogoMax    = 1 << 20
)

func init() {
	engine.Register(engine.Module{
		Name: "app-logos", Phase: 42,
		Routes: func(rt *engine.Router) {
			rt.Handle("POST", "/api/v1/apps/{appId}/logo", engine.ScopeFor("apps", "POST"), appLogoUpload)
		},
	})
}

func errLogo(cause string) *engine.APIError {
	return engine.ErrValidation("file", "file: "+cause)
}

func appLogoUpload(c *engine.Call) engine.Reply {
	id := c.Param("appId")
	if c.Org.Get(engine.TableApps, "", id) == nil {
		return engine.Fail(engine.ErrNotFound(id, appsRes.TypeName))
	}
	r := c.Request()
	r.Body = http.MaxBytesReader(nil, r.Body, appLogoMax+64<<10)
	f, _, err := r.FormFile("file")
	if err != nil {
		return engine.Fail(errLogo("A multipart form with the image as its file part is required"))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, appLogoMax+1))
	if err != nil || len(data) > appLogoMax {
		return engine.Fail(errLogo("The image must be smaller than 1 MB"))
	}
	typ := appImageType(data)
	if typ == "" {
		return engine.Fail(errLogo("The image must be a PNG, JPEG, GIF or SVG file"))
	}
	logo := engine.Obj{"id": id, "fileId": c.Org.NewID("fs0"), "type": typ}
	c.Org.Put(tableAppLogos, "", id, logo)
	emitApp(c, evLogo, id)
	// The answer names the stored file, as recorded.
	return engine.Reply{Status: http.StatusCreated, Header: http.Header{"Location": {appLogoHref(c, logo)}}}
}

// appImageType sniffs the accepted image formats.
func appImageType(data []byte) string {
	switch ct := http.DetectContentType(data); ct {
	case "image/png", "image/jpeg", "image/gif":
		return ct
	}
	head := bytes.ToLower(data[:min(len(data), 512)])
	if bytes.Contains(head, []byte("<svg")) {
		return "image/svg+xml"
	}
	return ""
}

// appLogoLinks is the app's _links.logo: the uploaded image, or Okta's
// default logo.
func appLogoLinks(c *engine.Call, appID string) []any {
	if l := c.Org.Get(tableAppLogos, "", appID); l != nil {
		return []any{engine.Obj{"name": "medium", "href": appLogoHref(c, l), "type": engine.Str(l, "type")}}
	}
	return []any{engine.Obj{"name": "medium", "href": c.Base + "/assets/img/logos/default.png", "type": "image/png"}}
}

func appLogoHref(c *engine.Call, logo engine.Obj) string {
	return c.Base + "/bc/image/fileStoreRecord?id=" + engine.Str(logo, "fileId")
}
