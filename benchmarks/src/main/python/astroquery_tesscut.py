"""Baseline for CutoutBenchmark: astroquery 0.4.6 Tesscut.download_cutouts in a loop, one call per
(target, sector), sequential, as a user without a bulk tool writes it. Prints requests, files and seconds as
JSON on the last line.
usage: astroquery_tesscut.py REQUESTS_CSV SIZE DOWNLOAD_DIR
REQUESTS_CSV: lines "ra,dec,sector" (degrees, degrees, sector number), no header.
"""
import json
import os
import sys
import time
import warnings

warnings.simplefilter("ignore")
from astropy.coordinates import SkyCoord  # noqa: E402
from astroquery.mast import Tesscut  # noqa: E402  (config is read at import)

requests = []
with open(sys.argv[1]) as f:
    for line in f:
        if line.strip():
            ra, dec, sector = line.split(",")
            requests.append((float(ra), float(dec), int(sector)))
size = int(sys.argv[2])
out = sys.argv[3]
os.makedirs(out, exist_ok=True)
files = 0
start = time.time()
for ra, dec, sector in requests:
    table = Tesscut.download_cutouts(coordinates=SkyCoord(ra, dec, unit="deg"), size=size, sector=sector, path=out)
    files += len(table)
seconds = time.time() - start
on_disk = sum(1 for n in os.listdir(out) if n.endswith(".fits"))
print(json.dumps({"requests": len(requests), "files": files, "on_disk": on_disk, "seconds": seconds}))
