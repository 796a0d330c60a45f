package customization

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

func sampleBrands(c *engine.Call) error {
	dashboard := ""
	if app := c.Org.Find(engine.TableApps, "", func(o engine.Obj) bool { return engine.Str(o, "name") == "okta_enduser" }); app != nil {
		dashboard = engine.Str(app, "id")
	}
	brands := []struct {
		body  engine.Obj
		theme engine.Obj
	}{
		{body: engine.Obj{"name": "Customer Portal", "locale": "en", "removePoweredByOkta": true,
			"customPrivacyPolicyUrl": "https://www.example.com/privacy", "agreeToCustomPrivacyPolicy": true,
			"defaultApp": engine.Obj{"appInstanceId": dashboard}},
			theme: engine.Obj{"primaryColorHex": "#0b5394", "primaryColorContrastHex": "#ffffff",
				"secondaryColorHex": "#f3f6f9", "secondaryColorContrastHex": "#000000",
				"signInPageTouchPointVariant": "BACKGROUND_SECONDARY_COLOR", "endUserDashboardTouchPointVariant": "WHITE_LOGO_BACKGROUND",
				"errorPageTouchPointVariant": "BACKGROUND_SECONDARY_COLOR", "emailTemplateTouchPointVariant": "OKTA_DEFAULT",
				"loadingPageTouchPointVariant": "OKTA_DEFAULT"}},
		{body: engine.Obj{"name": "Partner Hub", "locale": "fr",
			"defaultApp": engine.Obj{"classicApplicationUri": "https://partners.example.com/"}},
			theme: engine.Obj{"primaryColorHex": "#38761d", "primaryColorContrastHex": "#ffffff",
				"secondaryColorHex": "#d9ead3", "secondaryColorContrastHex": "#000000",
				"signInPageTouchPointVariant": "OKTA_DEFAULT", "endUserDashboardTouchPointVariant": "FULL_THEME",
				"errorPageTouchPointVariant": "OKTA_DEFAULT", "emailTemplateTouchPointVariant": "FULL_THEME"}},
		{body: engine.Obj{"name": "Contractor Access"},
			theme: engine.Obj{"primaryColorHex": "#990000", "secondaryColorHex": "#eeeeee",
				"signInPageTouchPointVariant": "OKTA_DEFAULT", "endUserDashboardTouchPointVariant": "LOGO_ON_FULL_WHITE_BACKGROUND",
				"errorPageTouchPointVariant": "OKTA_DEFAULT", "emailTemplateTouchPointVariant": "OKTA_DEFAULT",
				"loadingPageTouchPointVariant": "NONE"}},
	}
	for _, b := range brands {
		obj, err := brandsRes.Insert(c, "", engine.Obj{"name": b.body["name"]}, nil)
		if err != nil {
			return err
		}
		id := engine.Str(obj, "id")
		if len(b.body) > 1 {
			upd, err := brandsRes.Replace(c, "", id, b.body)
			if err != nil {
				return err
			}
			brandDropTimestamps(upd)
		}
		for _, t := range c.Org.List("themes", id) {
			upd, err := themesRes.Replace(c, id, engine.Str(t, "id"), b.theme)
			if err != nil {
				return err
			}
			brandDropTimestamps(upd)
		}
	}
	return nil
}
