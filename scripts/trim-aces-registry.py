#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Makes data/aces/aces-transforms.json from the Academy registry (transforms.json, schemaVersion
1.0.0, as kept in ../shared/reference/aces-transforms.json): one entry per transformId with the
registry versions that list it, dropping the URLs. Run again when the registry changes:
    scripts/trim-aces-registry.py ../shared/reference/aces-transforms.json data/aces/aces-transforms.json
"""
import json
import sys

src, dst = sys.argv[1], sys.argv[2]
registry = json.load(open(src))
entries = {}
for version, block in registry["transformsData"].items():
    for t in block["transforms"]:
        e = entries.setdefault(t["transformId"], {
            "transformId": t["transformId"],
            "userName": t.get("userName", ""),
            "transformType": t.get("transformType", ""),
            "inverseTransformId": t.get("inverseTransformId") or "",
            "previousEquivalentTransformIds": sorted(set(t.get("previousEquivalentTransformIds") or [])),
            "versions": [],
        })
        e["versions"].append(version)
out = {
    "source": "Academy ACES transform registry transforms.json (schemaVersion %s), trimmed by "
              "scripts/trim-aces-registry.py" % registry["schemaVersion"],
    "transforms": sorted(entries.values(), key=lambda e: e["transformId"]),
}
with open(dst, "w") as f:
    json.dump(out, f, indent=0, sort_keys=False)
    f.write("\n")
