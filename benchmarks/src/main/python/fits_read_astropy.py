"""astropy's side of FitsReadBenchmark: one process reads every light curve's LIGHTCURVE table.

Usage: fits_read_astropy.py DIR
For each *.fits file under DIR (sorted): fits.open, then every column of the LIGHTCURVE HDU converted to a
numpy array (scaling applied as astropy does) and summed (NaN skipped), so that every cell is decoded.
Prints one JSON line: files, rows, bytes (file sizes), seconds, cpu_seconds, sum (a checksum of the sums).
"""
import json
import os
import sys
import time

import numpy as np
from astropy.io import fits


def main():
    root = sys.argv[1]
    files = sorted(
        os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".fits"))
    t0, c0 = time.perf_counter(), time.process_time()
    rows = 0
    size = 0
    total = 0.0
    for path in files:
        size += os.path.getsize(path)
        with fits.open(path, memmap=False) as h:
            data = h["LIGHTCURVE"].data
            rows += len(data)
            for name in data.columns.names:
                total += float(np.nansum(np.asarray(data[name], dtype=np.float64)))
    print(json.dumps({"files": len(files), "rows": rows, "bytes": size,
                      "seconds": time.perf_counter() - t0, "cpu_seconds": time.process_time() - c0,
                      "sum": total}))


if __name__ == "__main__":
    main()
