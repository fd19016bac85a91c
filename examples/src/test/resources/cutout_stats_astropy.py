"""The independent reference for TessCutoutPhotometryTest: per TESScut cutout, with astropy and numpy.

Usage: cutout_stats_astropy.py FILE...
Prints one JSON line per file: name, SECTOR, CAMERA, CCD (primary header), n_good (cadences with QUALITY == 0),
and over those cadences the median and sample standard deviation (ddof=1) of the cutout's summed FLUX (NaN pixels
skipped, in double precision).
"""
import json
import os
import sys

import numpy as np
from astropy.io import fits

for path in sys.argv[1:]:
    with fits.open(path) as h:
        data = h["PIXELS"].data
        good = np.asarray(data["QUALITY"]) == 0
        flux = np.asarray(data["FLUX"], dtype=np.float64)[good]
        summed = np.nansum(flux.reshape(len(flux), -1), axis=1)
        print(json.dumps({
            "name": os.path.basename(path),
            "SECTOR": int(h[0].header["SECTOR"]),
            "CAMERA": int(h[0].header["CAMERA"]),
            "CCD": int(h[0].header["CCD"]),
            "n_good": int(good.sum()),
            "median": float(np.median(summed)) if len(summed) else None,
            "std": float(np.std(summed, ddof=1)) if len(summed) > 1 else None,
        }))
