"""Baseline for NameResolutionBenchmark: astroquery 0.4.6 resolves names one request each
(Mast.Name.Lookup), sequentially. Prints names and seconds as JSON on the last line.
usage: astroquery_resolve.py NAMES_FILE
"""
import json
import sys
import time
import warnings

warnings.simplefilter("ignore")
from astroquery.mast import utils  # noqa: E402  (config is read at import)

names = [n.strip() for n in open(sys.argv[1]) if n.strip()]
start = time.time()
resolved = 0
for name in names:
    try:
        utils.resolve_object(name)
        resolved += 1
    except Exception:  # unknown names raise ResolverError; the request was made all the same
        pass
print(json.dumps({"names": len(names), "resolved": resolved, "seconds": time.time() - start}))
