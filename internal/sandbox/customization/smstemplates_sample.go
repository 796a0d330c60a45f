package customization

import (
	"fmt"

	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// sampleSmsTemplates: the verification code text, translated.
func sampleSmsTemplates(c *engine.Call) error {
	_, err := smsTemplatesRes.Insert(c, "", engine.Obj{
		"name": "Verification code", "type": "SMS_VERIFY_CODE",
		"template": "${org.name}: your verification code is ${code}",
		"translations": engine.Obj{
			"de": "${org.name}: Ihr Bestätigungscode lautet ${code}",
			"es": "${org.name}: su código de verificación es ${code}",
			"fr": "${org.name} : votre code de vérification est ${code}",
		},
	}, nil)
	if err != nil {
		return err
	}
	return nil
}

// generateSmsTemplates makes n SMS templates for --generate.
func generateSmsTemplates(c *engine.Call, n int) error {
	for i := 0; i < n; i++ {
		if _, err := smsTemplatesRes.Insert(c, "", engine.Obj{
			"name": fmt.Sprintf("Template %04d", i), "type": "SMS_VERIFY_CODE",
			"template":     fmt.Sprintf("${org.name} %04d: ${code}", i),
			"translations": engine.Obj{"fr": fmt.Sprintf("${org.name} %04d : ${code}", i)},
		}, nil); err != nil {
			return err
		}
	}
	return nil
}
