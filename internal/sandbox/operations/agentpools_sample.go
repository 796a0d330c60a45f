package operations

import (
	"github.com/oktasync/oktasync/internal/sandbox/engine"
)

// sampleAgentPools installs what a company with an on-premises Active
// Directory has: one AD pool for its domain with two agents on domain
// controllers, one of them a version behind.
func sampleAgentPools(c *engine.Call) error {
	pid := c.Org.NewID("0oa")
	last := c.Org.Now().UnixMilli()
	agent := func(host, version, status string) engine.Obj {
		latest := version == agentLatest["AD"]
		return engine.Obj{
			"id": c.Org.NewID("a53"), "name": host, "type": "AD", "operationalStatus": status,
			"updateStatus": "Success", "updateMessage": "", "version": version, "lastConnection": engine.JSONInt(int(last)),
			"isLatestGAedVersion": latest, "latestGAedVersion": latest, "poolId": pid, "isHidden": false,
		}
	}
	c.Org.Put(tableAgentPools, "", pid, engine.Obj{
		"id": pid, "name": "corp.sandbox.example.com", "type": "AD", "operationalStatus": "OPERATIONAL",
		"agents": []any{agent("DC01", agentLatest["AD"], "OPERATIONAL"), agent("DC02", "3.21.0", "OPERATIONAL")},
	})
	return nil
}
