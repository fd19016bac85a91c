"""The astropy oracle of MastCrossmatchAstropyTest.

Usage: python3 astropy_crossmatch.py <dir> <radius_arcsec>

Reads <dir>/left.npy and <dir>/right.npy (float64, shape (n, 2): ra, dec in degrees; the row index is
the id) and writes, as .npy files in <dir>:
  all_left.npy, all_right.npy (int64), all_sep.npy (float64, degrees): astropy's search_around_sky, every
    pair within the radius;
  nn_left.npy, nn_right.npy (int64), nn_sep.npy (float64, degrees): match_coordinates_sky (the nearest
    right row of each left row), kept where the separation is <= the radius.
"""
import os
import sys

import numpy as np
import astropy.units as u
from astropy.coordinates import SkyCoord, match_coordinates_sky, search_around_sky


def main():
    d = sys.argv[1]
    radius = float(sys.argv[2]) * u.arcsec
    left = np.load(os.path.join(d, "left.npy"))
    right = np.load(os.path.join(d, "right.npy"))
    lc = SkyCoord(ra=left[:, 0] * u.deg, dec=left[:, 1] * u.deg, frame="icrs")
    rc = SkyCoord(ra=right[:, 0] * u.deg, dec=right[:, 1] * u.deg, frame="icrs")

    il, ir, sep, _ = search_around_sky(lc, rc, radius)
    np.save(os.path.join(d, "all_left.npy"), np.asarray(il, dtype="<i8"))
    np.save(os.path.join(d, "all_right.npy"), np.asarray(ir, dtype="<i8"))
    np.save(os.path.join(d, "all_sep.npy"), np.asarray(sep.deg, dtype="<f8"))

    idx, sep2d, _ = match_coordinates_sky(lc, rc)
    keep = sep2d <= radius
    np.save(os.path.join(d, "nn_left.npy"), np.nonzero(keep)[0].astype("<i8"))
    np.save(os.path.join(d, "nn_right.npy"), np.asarray(idx[keep], dtype="<i8"))
    np.save(os.path.join(d, "nn_sep.npy"), np.asarray(sep2d[keep].deg, dtype="<f8"))
    print("astropy: %d pairs within %s, %d nearest within it" % (len(il), radius, int(keep.sum())))


if __name__ == "__main__":
    main()
