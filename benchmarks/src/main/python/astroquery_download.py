"""Baseline for DownloadBenchmark: astroquery 0.4.6 Observations.download_products on a table of
products (HEAD then GET per file, sequential), into a download directory. Prints files, bytes and
seconds as JSON on the last line.
usage: astroquery_download.py PRODUCTS_JSON DOWNLOAD_DIR
PRODUCTS_JSON: a list of {"dataURI", "obs_collection", "obs_id", "productFilename"}.
"""
import json
import os
import sys
import time
import warnings

warnings.simplefilter("ignore")
from astropy.table import Table  # noqa: E402
from astroquery.mast import Observations  # noqa: E402  (config is read at import)

rows = json.load(open(sys.argv[1]))
table = Table(rows=[(r["dataURI"], r["obs_collection"], r["obs_id"], r["productFilename"]) for r in rows],
              names=("dataURI", "obs_collection", "obs_id", "productFilename"))
start = time.time()
manifest = Observations.download_products(table, download_dir=sys.argv[2], cache=False)
seconds = time.time() - start
complete = sum(1 for s in manifest["Status"] if s == "COMPLETE")
size = 0
for p in manifest["Local Path"]:
    if os.path.exists(p):
        size += os.path.getsize(p)
print(json.dumps({"files": len(rows), "complete": complete, "bytes": size, "seconds": seconds}))
