"""Baselines for CrossmatchBenchmark: the nearest right row within a radius of every left row, by a k-d tree.

Methods, on the .npy files CrossmatchBenchmark writes (left_id, left_ra, left_dec, right_id, ... in NPY_DIR):
  astropy  astropy's match_coordinates_sky (nthneighbor=1; a k-d tree over the right side in one process),
           then the pairs whose separation is at most the radius;
  ckdtree  LSDB's per-partition kernel: scipy's cKDTree built on the right side's unit vectors, queried with
           k=1 and distance_upper_bound = the chord of the radius (boundary included), with WORKERS threads
           (the build is single-threaded in scipy).
Writes the pairs (left_id << 32 | right_id, sorted int64) to OUT_NPY and prints JSON on the last line: load and
match seconds, CPU seconds (all threads, load and match), pairs, peak RSS (VmHWM), and (with --checksum) the SHA-256 of the six columns' bytes in the order
CrossmatchBenchmark hashes them.
usage: crossmatch_kdtree.py NPY_DIR METHOD WORKERS RADIUS_ARCSEC OUT_NPY [--checksum]
"""
import hashlib
import json
import os
import resource
import sys
import time
import warnings

warnings.simplefilter("ignore")
import numpy as np  # noqa: E402
import astropy.units as u  # noqa: E402  (imports outside the timings, as the JVM's start is outside Spark's)
from astropy.coordinates import SkyCoord, match_coordinates_sky  # noqa: E402
from scipy.spatial import cKDTree  # noqa: E402

npy_dir, method, workers, radius_arcsec, out = sys.argv[1:6]
workers = int(workers)
radius_arcsec = float(radius_arcsec)
checksum = "--checksum" in sys.argv[6:]



def peak_rss_kb():
    """VmHWM of this process; getrusage's ru_maxrss is not used: Linux carries it over exec from the JVM that
    started this process, so it would show the JVM's peak."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


t0 = time.perf_counter()
c0 = time.process_time()
cols = {}
for side in ("left", "right"):
    for c in ("id", "ra", "dec"):
        cols[side + "_" + c] = np.load(os.path.join(npy_dir, f"{side}_{c}.npy"))
t_load = time.perf_counter() - t0

t0 = time.perf_counter()
c1 = time.process_time()
if method == "astropy":
    left = SkyCoord(cols["left_ra"], cols["left_dec"], unit="deg")
    right = SkyCoord(cols["right_ra"], cols["right_dec"], unit="deg")
    idx, sep, _ = match_coordinates_sky(left, right, nthneighbor=1)
    keep = sep <= radius_arcsec * u.arcsec
    li = np.nonzero(keep)[0]
    ri = idx[keep]
elif method == "ckdtree":
    def unit(ra, dec):
        ra = np.radians(ra)
        dec = np.radians(dec)
        c = np.cos(dec)
        return np.column_stack((c * np.cos(ra), c * np.sin(ra), np.sin(dec)))

    chord = 2 * np.sin(np.radians(radius_arcsec / 3600.0) / 2)
    tree = cKDTree(unit(cols["right_ra"], cols["right_dec"]), compact_nodes=True, balanced_tree=True)
    dist, idx = tree.query(
        unit(cols["left_ra"], cols["left_dec"]), k=1, distance_upper_bound=np.nextafter(chord, np.inf),
        workers=workers)
    keep = np.isfinite(dist)
    li = np.nonzero(keep)[0]
    ri = idx[keep]
else:
    raise SystemExit(f"unknown method {method!r}: expected astropy or ckdtree")
t_match = time.perf_counter() - t0
cpu = time.process_time() - c0  # user + system seconds of every thread, load and match

pairs = np.sort((cols["left_id"][li].astype(np.int64) << 32) | cols["right_id"][ri].astype(np.int64))
np.save(out, pairs)
result = {
    "method": method,
    "workers": workers,
    "load_s": t_load,
    "match_s": t_match,
    "cpu_s": cpu,
    "pairs": int(pairs.size),
    "peak_rss_kb": peak_rss_kb(),
}
if checksum:
    h = hashlib.sha256()
    for side in ("left", "right"):
        for c in ("id", "ra", "dec"):
            h.update(np.ascontiguousarray(cols[side + "_" + c]).astype("<" + cols[side + "_" + c].dtype.str[1:]).tobytes())
    result["sha256"] = h.hexdigest()
print(json.dumps(result))
