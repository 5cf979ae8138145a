"""Seed a bench project: one category, N strings (source text), a French translation each.
Prints: FIRST_ID LANG_ID"""
import sys

import requests

base, token, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = requests.Session()


def call(method, **p):
    r = s.post(f"{base}/api/{token}/{method}", data=p, timeout=30)
    d = r.json()
    assert d["ok"], (method, d)
    return d["result"]


langs = {l["code"]: l["id"] for l in call("getLanguages")}
cat = call("createCategory", name="Bench")
first = None
for i in range(n):
    sid = call("createString", category_id=cat, string_key=f"key.{i}",
               default_translation_language=langs["en"],
               default_translation_value=f"Source text number {i} for the bench",
               string_context="bench string")["string_id"]
    first = first or sid
    call("addTranslation", string_id=sid, translation_language=langs["fr"],
         translation_value=f"Texte source numéro {i}")
print(first, langs["fr"])
