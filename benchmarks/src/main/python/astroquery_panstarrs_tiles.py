"""Baseline for PanstarrsTiledReadBenchmark: astroquery 0.4.6 reading a Pan-STARRS region larger than one
cone may ask (0.5 degree), as its users must: one Catalogs.query_region per tile cone, page by page,
then de-duplicating the rows of overlapping cones and keeping those in the region. Prints rows and
seconds as JSON on the last line.
usage: astroquery_panstarrs_tiles.py RA DEC RADIUS PAGESIZE TILE_RA:TILE_DEC:TILE_R ...
"""
import json
import math
import sys
import time
import warnings

warnings.simplefilter("ignore")
from astropy import units as u  # noqa: E402
from astropy.coordinates import SkyCoord  # noqa: E402
from astroquery.mast import Catalogs  # noqa: E402  (config is read at import)


def sep(ra1, dec1, ra2, dec2):
    p1, p2 = math.radians(dec1), math.radians(dec2)
    dl = math.radians(ra2 - ra1)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return math.degrees(2 * math.asin(min(1.0, math.sqrt(a))))


ra0, dec0, r0, pagesize = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
columns = ["objID", "raMean", "decMean", "gMeanPSFMag", "rMeanPSFMag", "iMeanPSFMag", "nDetections"]
seen = set()
calls = 0
start = time.time()
for tile in sys.argv[5:]:
    tra, tdec, tr = (float(x) for x in tile.split(":"))
    page = 1
    while True:
        table = Catalogs.query_region(SkyCoord(tra, tdec, unit="deg"), radius=tr * u.deg, catalog="panstarrs",
                                      table="mean", columns=columns, sort_by="objID.asc", page=page,
                                      pagesize=pagesize)
        calls += 1
        for oid, ra, dec in zip(table["objID"], table["raMean"], table["decMean"]):
            if sep(ra0, dec0, float(ra), float(dec)) <= r0:
                seen.add(int(oid))
        if len(table) < pagesize:
            break
        page += 1
print(json.dumps({"rows": len(seen), "seconds": time.time() - start, "requests": calls}))
