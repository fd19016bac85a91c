"""Baseline for ConnectorReadBenchmark: astroquery 0.4.6 reading CAOM rows from the emulator.

MAST drops queries above ~500,000 rows, so the rows are read as astroquery users read them: one
query_criteria per declination band, sequentially. Prints rows, seconds and the CPU seconds this process
used while reading (user + system, of the Python side only) as JSON on the last line.
usage: astroquery_bands.py LO1:HI1 LO2:HI2 ...
"""
import json
import resource
import sys
import time
import warnings

warnings.simplefilter("ignore")
from astroquery.mast import Observations  # noqa: E402  (config is read at import)


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


rows = 0
start = time.time()
cpu_start = cpu()
for band in sys.argv[1:]:
    lo, hi = (float(x) for x in band.split(":"))
    table = Observations.query_criteria(s_dec=[lo, hi])
    rows += len(table)
print(json.dumps({"rows": rows, "seconds": time.time() - start, "cpu": cpu() - cpu_start}))
