"""Baseline for CatalogTilingBenchmark: astroquery 0.4.6 reading every Gaia row of a large cone.

MAST drops answers above ~500,000 rows, so an astroquery user cannot ask for the cone at once: they
cover it with smaller cones (a square grid of circles of radius r on the tangent plane, spacing
1.3 r, so the circles cover the plane with some slack), r chosen from the density of a small first cone so that
each call should stay below ~300,000 rows; a cone that fails anyway (MAST drops it: denser than the
sample) is replaced by four cones of radius r / sqrt(2) covering it. They then drop the duplicates that
neighbouring cones share and the rows outside the big cone. Calls are sequential, as astroquery makes
them. Prints JSON on the last
line: rows kept, seconds, calls, rows received.
usage: astroquery_cones.py RA DEC RADIUS_DEG
"""
import json
import math
import sys
import time
import warnings

warnings.simplefilter("ignore")
import astropy.units as u  # noqa: E402
from astropy.coordinates import SkyCoord  # noqa: E402
from astroquery.mast import Catalogs  # noqa: E402  (config is read at import)

ra0, dec0, radius = (float(x) for x in sys.argv[1:4])
centre = SkyCoord(ra0, dec0, unit="deg")
start = time.time()

sample_r = min(radius, 0.05)
sample = Catalogs.query_region(centre, radius=sample_r * u.deg, catalog="Gaia")
density = max(1, len(sample)) / (math.pi * sample_r ** 2)
r = min(radius, math.sqrt(300_000 / (math.pi * density)))
step = r * 1.3  # below r * sqrt(2): slack for the sphere's curvature, so the circles still cover
calls = 1
failed = 0
received = 0
kept = {}


def cone(x, y, rr):
    """Rows of the cone of radius rr at tangent-plane offset (x, y) degrees from the centre."""
    global calls, failed, received
    dec = dec0 + y
    ra = (ra0 + x / math.cos(math.radians(dec))) % 360
    calls += 1
    try:
        table = Catalogs.query_region(SkyCoord(ra, dec, unit="deg"), radius=rr * u.deg, catalog="Gaia")
    except Exception:  # MAST dropped the answer: too many rows; four smaller cones cover this one
        failed += 1
        for dx in (-rr / 2, rr / 2):
            for dy in (-rr / 2, rr / 2):
                cone(x + dx, y + dy, rr / math.sqrt(2))
        return
    received += len(table)
    if len(table) == 0:
        return
    inside = SkyCoord(table["ra"], table["dec"], unit="deg").separation(centre).deg <= radius
    for sid in table["source_id"][inside]:
        kept[str(sid)] = True


n = int(math.ceil((radius + r) / step))
for i in range(-n, n + 1):
    for j in range(-n, n + 1):
        x, y = i * step, j * step
        if math.hypot(x, y) <= radius + r:
            cone(x, y, r)
print(json.dumps({"rows": len(kept), "seconds": time.time() - start, "calls": calls, "failed": failed,
                  "received": received}))
