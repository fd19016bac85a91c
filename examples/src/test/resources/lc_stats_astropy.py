"""The independent reference for TessLightCurveStatsTest: per light curve, with astropy and numpy.

Usage: lc_stats_astropy.py FILE...
Prints one JSON line per file: name, TICID, SECTOR (primary header), n_cadences, n_good (QUALITY == 0), and
the median and sample standard deviation (ddof=1) of PDCSAP_FLUX over good cadences whose flux is not NaN.
"""
import json
import os
import sys

import numpy as np
from astropy.io import fits

for path in sys.argv[1:]:
    with fits.open(path) as h:
        data = h["LIGHTCURVE"].data
        quality = np.asarray(data["QUALITY"])
        flux = np.asarray(data["PDCSAP_FLUX"], dtype=np.float64)
        good = (quality == 0) & ~np.isnan(flux)
        print(json.dumps({
            "name": os.path.basename(path),
            "TICID": int(h[0].header["TICID"]),
            "SECTOR": int(h[0].header["SECTOR"]),
            "n_cadences": int(len(data)),
            "n_good": int(np.count_nonzero(quality == 0)),
            "median": float(np.median(flux[good])) if good.any() else None,
            "std": float(np.std(flux[good], ddof=1)) if good.sum() > 1 else None,
        }))
