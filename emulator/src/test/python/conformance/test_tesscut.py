"""TESScut through astroquery 0.4.6: sectors, cutouts (in memory and downloaded) and the target pixel files.

Expected sectors come from an independent implementation of the documented footprint model (emulator
README, "TESScut"): astropy's ecliptic frame and the textbook gnomonic formulas, not the emulator's code.
"""

import io
import math
import os
import shutil
import tempfile
import unittest
import zipfile

import _support  # noqa: F401  (first: network guard + emulator config check, before astroquery)
from _support import quiet

import numpy as np
import requests

import astropy.units as u
from astropy.coordinates import BarycentricMeanEcliptic, SkyCoord
from astropy.io import fits
from astropy.wcs import WCS

from astroquery.exceptions import NoResultsWarning
from astroquery.mast import Catalogs, Tesscut

PIXEL_DEG = 21.0 / 3600
NO_FFIS = "No FFIs found for input target. Cutout not performed."


def model_sectors(ra, dec):
    """(sector, camera, ccd) of every CCD holding (ra, dec) in the documented model, in order."""
    ecl = SkyCoord(ra * u.deg, dec * u.deg).transform_to(BarycentricMeanEcliptic(equinox="J2000"))
    lam, beta = ecl.lon.rad, ecl.lat.rad
    out = []
    for s in range(1, 105):
        south = ((s - 1) // 13) % 2 == 0
        lam0 = math.radians(315.8 + (s - 1) * 360.0 / 13)
        for camera in range(1, 5):
            t = math.radians(18 + 24 * (camera - 1))
            beta0 = -t if south else t
            cosc = math.sin(beta0) * math.sin(beta) + math.cos(beta0) * math.cos(beta) * math.cos(lam - lam0)
            if cosc <= 0:
                continue
            xi = math.cos(beta) * math.sin(lam - lam0) / cosc
            eta = (math.cos(beta0) * math.sin(beta) - math.sin(beta0) * math.cos(beta) * math.cos(lam - lam0)) / cosc
            # x across the strip (with longitude in the south, against it in the north), y towards the pole
            x = (xi if south else -xi) * 180 / math.pi / PIXEL_DEG
            y = (-eta if south else eta) * 180 / math.pi / PIXEL_DEG
            i, j = math.floor(x + 0.5), math.floor(y + 0.5)
            if not (-2048 <= i <= 2047 and -2048 <= j <= 2047):
                continue
            ccd = (1 if i >= 0 else 2) if j < 0 else (3 if i < 0 else 4)
            out.append((s, camera, ccd))
    return out


def rows(table):
    return [(int(table["sector"][k]), int(table["camera"][k]), int(table["ccd"][k])) for k in range(len(table))]


class SectorsTest(unittest.TestCase):

    def test_get_sectors_returns_the_models_ccds(self):
        for ra, dec in [(107.27, -70.0), (350.0, -45.0), (150.0, 30.0), (270.0, 66.5607), (84.29, -80.47)]:
            with self.subTest(ra=ra, dec=dec):
                table = Tesscut.get_sectors(coordinates=SkyCoord(ra, dec, unit="deg"))
                expected = model_sectors(ra, dec)
                self.assertTrue(expected)
                self.assertEqual(rows(table), expected)
                self.assertEqual(list(table["sectorName"]),
                                 ["tess-s%04d-%d-%d" % r for r in expected])

    def test_a_position_on_the_ecliptic_is_in_no_sector(self):
        table, caught = quiet(Tesscut.get_sectors, coordinates=SkyCoord(100.0, 23.3, unit="deg"))
        self.assertEqual(model_sectors(100.0, 23.3), [])
        self.assertEqual(len(table), 0)
        self.assertIn("Coordinates are not in any TESS sector.", [str(w.message) for w in caught])

    def test_moving_target_sectors(self):
        table = Tesscut.get_sectors(objectname="Eleonora", moving_target=True)
        # astroquery's remote test: the first row of Eleonora is tess-s0006-1-1.
        self.assertEqual(table["sectorName"][0], "tess-s0006-1-1")
        self.assertEqual(rows(table)[0], (6, 1, 1))
        ceres = Tesscut.get_sectors(objectname="Ceres", moving_target=True, mt_type="small_body")
        # astroquery's documentation: Ceres in sectors 29, 43, 44, 92 and 97.
        self.assertEqual([int(s) for s in ceres["sector"]], [29, 43, 44, 92, 97])

    def test_unknown_moving_target_is_an_http_error(self):
        with self.assertRaises(requests.HTTPError) as e:
            Tesscut.get_sectors(objectname="NoSuchBody-4711", moving_target=True)
        self.assertEqual(e.exception.response.status_code, 400)

    def test_a_bad_radius_unit_is_a_400(self):
        r = requests.get(_support.EMULATOR_URL + "/tesscut/api/v0.1/sector",
                         params={"ra": "107.27", "dec": "-70.0", "radius": "5x"})
        self.assertEqual(r.status_code, 400)
        self.assertIn("'radius'", r.json()["msg"])


class CutoutsTest(unittest.TestCase):

    def tmpdir(self):
        d = tempfile.mkdtemp(prefix="mast-tesscut-")
        self.addCleanup(shutil.rmtree, d, True)
        return d

    def check_tpf(self, hdul, ra, dec, ny, nx, sector, camera, ccd):
        self.assertEqual([h.name for h in hdul], ["PRIMARY", "PIXELS", "APERTURE"])
        p = hdul[0].header
        self.assertEqual((p["SECTOR"], p["CAMERA"], p["CCD"]), (sector, camera, ccd))
        self.assertEqual((p["RA_OBJ"], p["DEC_OBJ"]), (ra, dec))
        self.assertEqual((p["ORIGIN"], p["CREATOR"], p["TELESCOP"]), ("STScI/MAST", "astrocut", "TESS"))
        t = hdul[1]
        self.assertEqual(t.columns.names, ["TIME", "TIMECORR", "CADENCENO", "RAW_CNTS", "FLUX", "FLUX_ERR",
                                           "FLUX_BKG", "FLUX_BKG_ERR", "QUALITY", "POS_CORR1", "POS_CORR2",
                                           "FFI_FILE"])
        n = ny * nx
        self.assertEqual(t.columns.formats, ["D", "E", "J", "%dJ" % n, "%dE" % n, "%dE" % n, "%dE" % n,
                                             "%dE" % n, "J", "E", "E", "38A"])
        for k in range(4, 9):
            self.assertEqual(t.header["TDIM%d" % k], "(%d, %d)" % (nx, ny))
        self.assertEqual(t.header["TNULL4"], -1)
        self.assertEqual(t.data["FLUX"].shape, (1266, ny, nx))
        self.assertTrue((t.data["RAW_CNTS"] == -1).all())
        self.assertTrue((t.data["FLUX_BKG"] == 0).all())
        times = t.data["TIME"]
        self.assertAlmostEqual(times[0], p["TSTART"] + 1 / 96, places=9)
        self.assertTrue((np.diff(times) > 0).all())
        a = hdul[2]
        self.assertEqual(a.data.dtype, np.dtype(">i4"))
        self.assertEqual(a.data.shape, (ny, nx))
        w = WCS(a.header)
        x, y = w.world_to_pixel(SkyCoord(ra, dec, unit="deg"))
        # astrocut's limits [round(c - n/2), round(c + n/2)) put the centre within half a pixel of n/2.
        self.assertLessEqual(abs(float(x) - nx / 2), 0.5 + 1e-6)
        self.assertLessEqual(abs(float(y) - ny / 2), 0.5 + 1e-6)

    def test_get_cutouts_returns_target_pixel_files(self):
        c = SkyCoord(107.27, -70.0, unit="deg")
        hdus = Tesscut.get_cutouts(coordinates=c, size=[5, 7], sector=1)
        self.assertEqual(len(hdus), 1)
        self.assertEqual(hdus[0].filename, "tess-s0001-4-3_107.2700000_-70.0000000_5-x-7_astrocut.fits")
        self.check_tpf(hdus[0], 107.27, -70.0, 5, 7, 1, 4, 3)
        several = Tesscut.get_cutouts(coordinates=c, size=3, sector=[1, 28])
        self.assertEqual([h[0].header["SECTOR"] for h in several], [1, 28])

    def test_get_cutouts_without_coverage_warns_no_ffis(self):
        hdus, caught = quiet(Tesscut.get_cutouts, coordinates=SkyCoord(100.0, 23.3, unit="deg"), size=5)
        self.assertEqual(hdus, [])
        self.assertIn(NO_FFIS, [str(w.message) for w in caught])

    def test_download_cutouts_writes_the_bytes_the_emulator_serves(self):
        d = self.tmpdir()
        c = SkyCoord(107.27, -70.0, unit="deg")
        manifest, _ = quiet(Tesscut.download_cutouts, coordinates=c, size=5, sector=[1, 2], path=d)
        paths = list(manifest["Local Path"])
        self.assertEqual([os.path.basename(p) for p in paths],
                         ["tess-s0001-4-3_107.2700000_-70.0000000_5-x-5_astrocut.fits",
                          "tess-s0002-4-3_107.2700000_-70.0000000_5-x-5_astrocut.fits"])
        # The same request as 0.4.6 builds it, fetched directly.
        r = requests.get(_support.EMULATOR_URL
                         + "/tesscut/api/v0.1/astrocut?ra=107.27&dec=-70.0&y=5&x=5&units=px&sector=[1, 2]")
        self.assertEqual(r.status_code, 200)
        z = zipfile.ZipFile(io.BytesIO(r.content))
        self.assertTrue(all(i.compress_type == zipfile.ZIP_DEFLATED for i in z.infolist()))
        for path in paths:
            with open(path, "rb") as f:
                self.assertEqual(f.read(), z.read(os.path.basename(path)), path)
        with fits.open(paths[1]) as hdul:
            self.check_tpf(hdul, 107.27, -70.0, 5, 5, 2, 4, 3)

    def test_download_cutouts_without_coverage_warns_no_ffis(self):
        d = self.tmpdir()
        manifest, caught = quiet(Tesscut.download_cutouts, coordinates=SkyCoord(100.0, 23.3, unit="deg"), path=d)
        self.assertEqual(len(manifest), 0)
        self.assertIn(NO_FFIS, [str(w.message) for w in caught])

    def test_a_bright_tic_star_is_the_brightest_pixel_where_the_wcs_puts_it(self):
        centre = SkyCoord(107.27, -70.0, unit="deg")
        tic, _ = quiet(Catalogs.query_region, centre, radius=0.5 * u.deg, catalog="Tic")
        tmag = np.array(tic["Tmag"], dtype=float)
        coords = SkyCoord(np.array(tic["ra"], dtype=float), np.array(tic["dec"], dtype=float), unit="deg")
        best = None
        inner = coords.separation(centre) < 0.4 * u.deg
        for k in np.argsort(tmag):
            if not inner[k]:
                continue
            near = coords.separation(coords[k]) < 5 * u.arcmin
            if not np.any(near & (tmag < tmag[k] + 4) & (np.arange(len(tmag)) != k)):
                best = k
                break
        self.assertIsNotNone(best)
        star = coords[best]
        hdul = Tesscut.get_cutouts(coordinates=star, size=11, sector=1)[0]
        flux = np.median(hdul[1].data["FLUX"], axis=0)
        j, i = np.unravel_index(np.argmax(flux), flux.shape)
        x, y = WCS(hdul[2].header).world_to_pixel(star)
        self.assertEqual((i, j), (int(round(float(x))), int(round(float(y)))))

    def test_moving_target_cutouts(self):
        hdus = Tesscut.get_cutouts(objectname="Eleonora", moving_target=True, size=5, sector=6)
        self.assertEqual(len(hdus), 1)
        self.assertEqual(hdus[0].filename, "Eleonora_1462.29-1489.665_5-x-5_astrocut.fits")
        h = hdus[0]
        self.assertEqual([x.name for x in h], ["PRIMARY", "PIXELS"])
        self.assertEqual(h[0].header["OBJECT"], "Eleonora")
        self.assertNotIn("RA_OBJ", h[0].header)
        self.assertEqual(h[1].columns.names[-4:], ["TGT_X", "TGT_Y", "TGT_RA", "TGT_DEC"])
        self.assertEqual(h[1].data["FLUX"].shape, (1266, 5, 5))
        d = self.tmpdir()
        manifest, _ = quiet(Tesscut.download_cutouts, objectname="Eleonora", moving_target=True, size=5,
                            sector=6, path=d)
        r = requests.get(_support.EMULATOR_URL
                         + "/tesscut/api/v0.1/moving_target/astrocut?obj_id=Eleonora&y=5&x=5&units=px&sector=6")
        served = zipfile.ZipFile(io.BytesIO(r.content)).read("Eleonora_1462.29-1489.665_5-x-5_astrocut.fits")
        with open(manifest["Local Path"][0], "rb") as f:
            self.assertEqual(f.read(), served)

if __name__ == "__main__":
    unittest.main()
