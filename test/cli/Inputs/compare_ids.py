"""Fails unless two `maplens scan --format=json` outputs list the same ids
for the same project-relative locations (the checkouts differ in path)."""
import json
import sys

def load(path):
    doc = json.load(open(path))
    assert doc["version"] == 1, doc.get("version")
    return sorted((s["project_file"], s["line"], s["column"], s["id"]) for s in doc["sites"])

a, b = load(sys.argv[1]), load(sys.argv[2])
if a != b or not a:
    sys.exit("ids differ or are empty:\n%s\n%s" % (a, b))
print("same %d ids" % len(a))
