"""Reference angular separations for SkyMathTest: astropy's SkyCoord.separation and an exact value.

The exact value evaluates the separation of the same double-precision inputs with mpmath at 50
significant digits, so it shows the rounding error of astropy's own float64 Vincenty formula, which
for separations of nanoarcseconds along a meridian loses most of its digits to cancellation.

Run: /usr/bin/python3 connector/src/test/oracle/angular_distances.py > connector/src/test/resources/sky/angular-distances.csv
"""
import random

import astropy
import astropy.units as u
import mpmath
from astropy.coordinates import SkyCoord

mpmath.mp.dps = 50
NAS = 1e-9 / 3600.0  # one nanoarcsecond in degrees


def exact(ra1, dec1, ra2, dec2):
    d = mpmath.pi / 180
    a1, b1, a2, b2 = (mpmath.mpf(v) * d for v in (ra1, dec1, ra2, dec2))
    v1 = (mpmath.cos(b1) * mpmath.cos(a1), mpmath.cos(b1) * mpmath.sin(a1), mpmath.sin(b1))
    v2 = (mpmath.cos(b2) * mpmath.cos(a2), mpmath.cos(b2) * mpmath.sin(a2), mpmath.sin(b2))
    cross = (v1[1] * v2[2] - v1[2] * v2[1], v1[2] * v2[0] - v1[0] * v2[2], v1[0] * v2[1] - v1[1] * v2[0])
    dot = sum(x * y for x, y in zip(v1, v2))
    return mpmath.atan2(mpmath.sqrt(sum(c * c for c in cross)), dot) / d


pairs = [
    # (kind, ra1, dec1, ra2, dec2)
    ("tiny", 10.0, 20.0, 10.0, 20.0 + NAS),
    ("tiny", 10.0, 20.0, 10.0 + NAS, 20.0),
    ("tiny", 10.0, 20.0, 10.0 + NAS, 20.0 + NAS),
    ("tiny", 210.8, 54.35, 210.8, 54.35 + 1e3 * NAS),
    ("tiny", 210.8, 54.35, 210.8 + 1e6 * NAS, 54.35 - 1e6 * NAS),
    ("tiny", 0.0, 89.99, 180.0, 89.99 + 1e3 * NAS),
    ("tiny", 359.9999999999999, 0.0, 0.0, 0.0),
    ("tiny", 0.0, 0.0, 0.0, 0.0),
    ("ordinary", 0.0, 0.0, 90.0, 0.0),
    ("ordinary", 210.8024, 54.3488, 210.9, 54.2),
    ("ordinary", 359.9, -10.0, 0.1, 10.0),
    ("ordinary", 83.633, 22.0145, 266.4168, -29.0078),
    ("ordinary", 0.0, 90.0, 123.0, -45.0),
    ("antipodal", 0.0, 0.0, 180.0, 0.0),
    ("antipodal", 10.0, 20.0, 190.0, -20.0),
    ("antipodal", 10.0, 20.0, 190.0, -20.0 + NAS),
    ("antipodal", 10.0, 20.0, 190.0 + 1e3 * NAS, -20.0),
    ("antipodal", 0.0, 90.0, 0.0, -90.0),
    ("antipodal", 45.0, 89.9, 225.0, -89.9 + 1e6 * NAS),
]
rnd = random.Random(20240601)
for _ in range(20):
    pairs.append(("random", rnd.uniform(0, 360), rnd.uniform(-90, 90), rnd.uniform(0, 360), rnd.uniform(-90, 90)))

print(f"# astropy {astropy.__version__}, mpmath {mpmath.__version__} (dps 50):"
      " kind,ra1,dec1,ra2,dec2,astropy_sep_deg,exact_sep_deg")
for kind, ra1, dec1, ra2, dec2 in pairs:
    c1 = SkyCoord(ra1 * u.deg, dec1 * u.deg, frame="icrs")
    c2 = SkyCoord(ra2 * u.deg, dec2 * u.deg, frame="icrs")
    sep = c1.separation(c2).deg
    ex = exact(ra1, dec1, ra2, dec2)
    print(f"{kind},{ra1!r},{dec1!r},{ra2!r},{dec2!r},{float(sep)!r},{mpmath.nstr(ex, 25, min_fixed=-1, max_fixed=-1)}")
