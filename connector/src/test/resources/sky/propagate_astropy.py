"""astropy's epoch propagation of stars, the oracle of ProperMotionTest.

Usage: propagate_astropy.py IN.csv OUT.csv

IN.csv has no header; each line is ra,dec,pmra,pmdec,ref_epoch,target_epoch (degrees, mas/yr with pmra =
mu_alpha* cos(dec), Julian years). OUT.csv gets one line per input line: ra,dec at the target epoch from
SkyCoord.apply_space_motion (ERFA's pmsafe/starpm) with zero radial velocity, once with the star at a large
distance (1 Mpc) and once at a tiny one (1e-6 pc, 0.2 au), printed with repr() so the doubles survive the trip:
ra_far,dec_far,ra_near,dec_near.

ERFA moves the star on a straight line, as ProperMotion does, but adds the light time and a special-relativistic
correction of the space velocity; both grow with the star's transverse speed, which is why the two distances are
given (at 1 Mpc pmsafe lowers the distance until the speed is about 1% of c).
"""
import sys
import warnings

import numpy as np
import astropy.units as u
from astropy.coordinates import SkyCoord
from astropy.time import Time

data = np.loadtxt(sys.argv[1], delimiter=",", ndmin=2)
ra, dec, pmra, pmdec, ref, target = data.T


def propagate(distance_pc):
    with warnings.catch_warnings():
        # "distance overridden (Note 6)": pmsafe's speed limit at 1 Mpc, expected
        warnings.simplefilter("ignore")
        c = SkyCoord(
            ra=ra * u.deg,
            dec=dec * u.deg,
            pm_ra_cosdec=pmra * u.mas / u.yr,
            pm_dec=pmdec * u.mas / u.yr,
            distance=distance_pc * u.pc,
            radial_velocity=0 * u.km / u.s,
            obstime=Time(ref, format="jyear"),
        )
        moved = c.apply_space_motion(new_obstime=Time(target, format="jyear"))
    return moved.ra.deg, moved.dec.deg


far = propagate(1e6)
near = propagate(1e-6)
with open(sys.argv[2], "w") as out:
    for i in range(len(ra)):
        out.write(",".join(repr(float(v)) for v in (far[0][i], far[1][i], near[0][i], near[1][i])) + "\n")
