"""Session, name resolution and Portal protocol details seen through astroquery 0.4.6."""

import io
import os
import shutil
import tempfile
import unittest
import zipfile

import _support  # noqa: F401  (first: network guard + emulator config check, before astroquery)
from _support import column, quiet, recorded

import requests

from astropy.coordinates import SkyCoord
from astropy.wcs import WCS
from astropy.wcs.utils import proj_plane_pixel_scales

from astroquery.exceptions import AuthenticationWarning, NoResultsWarning, RemoteServiceError, ResolverError
from astroquery.mast import Catalogs, Mast, Tesscut, Zcut, utils

M103 = SkyCoord(23.34086, 60.658, unit="deg")
ZCUT_RECORDED = SkyCoord(189.49206, 62.20615, unit="deg")


class SessionTest(unittest.TestCase):

    def test_session_info_without_token_is_anonymous(self):
        info = Mast.session_info()
        self.assertIsInstance(info, dict)
        self.assertIs(info.get("anon"), True)
        self.assertEqual(info.get("ezid"), "anonymous")
        self.assertIsNone(info.get("token"))


    def test_login_with_an_unknown_token_only_warns_in_0_4_6(self):
        try:
            _, caught = quiet(Mast.login, token="not-a-valid-token")
            self.assertTrue(any(issubclass(w.category, AuthenticationWarning) for w in caught),
                            [str(w.message) for w in caught])
        finally:
            Mast.logout()
        self.assertIs(Mast.session_info().get("anon"), True)


class NameLookupTest(unittest.TestCase):

    def test_resolve_object_returns_the_recorded_m103_position(self):
        c = utils.resolve_object("M103")
        self.assertAlmostEqual(c.ra.deg, 23.34086, places=9)
        self.assertAlmostEqual(c.dec.deg, 60.658, places=9)

    def test_unknown_name_raises_ResolverError(self):
        with self.assertRaises(ResolverError):
            utils.resolve_object("NoSuchObject-xyzzy-4711")


class PortalProtocolTest(unittest.TestCase):

    def test_cone_without_ra_is_a_RemoteServiceError(self):
        with self.assertRaises(RemoteServiceError):
            Mast.service_request("Mast.Caom.Cone", {"dec": 54.3488, "radius": 0.2})

    def test_get_request_with_quoted_json_is_accepted(self):
        # 0.4.6 sends Mast.Name.Lookup as GET ?request=<quoted json>; the Portal must answer GETs too.
        r = requests.get(_support.EMULATOR_URL + "/api/v0/invoke",
                         params={"request": '{"service": "Mast.Name.Lookup", "params": {"input": "M103", '
                                            '"format": "json"}}'})
        self.assertEqual(r.status_code, 200)
        entry = r.json()["resolvedCoordinate"][0]
        self.assertEqual((entry["ra"], entry["decl"]), (23.34086, 60.658))

    def test_columnsconfig_answers_json_for_any_config_id(self):
        r = requests.post(_support.EMULATOR_URL + "/portal/Mashup/Mashup.asmx/columnsconfig",
                          data="colConfigId=Mast.Some.Unknown.Service",
                          headers={"Content-type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status_code, 200)
        self.assertIsInstance(r.json(), dict)

    def test_unknown_top_level_keys_are_ignored(self):
        params = {"ra": 23.34086, "dec": 60.658, "radius": 0.2}
        table = Mast.service_request("Mast.Caom.Cone", params, removenullcolumns=False, use_json=False)
        plain = Mast.service_request("Mast.Caom.Cone", params)
        self.assertEqual(column(table, "obsid"), column(plain, "obsid"))
        self.assertEqual(len(table), 19)


class HscSpectraBundleTest(unittest.TestCase):

    def test_download_hsc_spectra_with_curl_flag_fetches_the_bundle_script(self):
        tmp = tempfile.mkdtemp(prefix="mast-conformance-")
        self.addCleanup(shutil.rmtree, tmp, True)
        spectra = Catalogs.get_hsc_spectra()[:2]
        manifest = Catalogs.download_hsc_spectra(spectra, download_dir=tmp, curl_flag=True)
        self.assertEqual(column(manifest, "Status"), ["COMPLETE"])
        path = column(manifest, "Local Path")[0]
        self.assertTrue(os.path.isfile(path) and os.path.getsize(path) > 0, path)


class ServiceApiTest(unittest.TestCase):
    """Non-Portal services of mast-api.md section 15 (items 5-7), with their recorded answers."""

    def call(self, endpoint, fn, *args, **kwargs):
        try:
            return quiet(fn, *args, **kwargs)[0]
        except requests.HTTPError as e:
            if not _support.is_http_404(e):
                raise
            _support.known_gap(self, e, "%s is not served (mast-api.md 15)" % endpoint)

    def test_tesscut_get_sectors_returns_the_recorded_sector(self):
        table = self.call("/tesscut/api/v0.1/sector", Tesscut.get_sectors, coordinates=M103)
        expected = recorded("tess_sector.json")["results"][0]
        self.assertEqual(len(table), 1)
        self.assertEqual(table["sectorName"][0], expected["sectorName"])
        self.assertEqual((int(table["sector"][0]), int(table["camera"][0]), int(table["ccd"][0])), (1, 1, 3))

    def test_zcut_get_surveys_returns_the_recorded_surveys(self):
        # zcut_survey.json was recorded at astroquery's test position, that of the recorded Zcut zips
        surveys = quiet(Zcut.get_surveys, ZCUT_RECORDED)[0]
        self.assertEqual(surveys, recorded("zcut_survey.json")["surveys"])

    def test_zcut_get_surveys_outside_every_field_warns_and_is_empty(self):
        surveys, caught = quiet(Zcut.get_surveys, M103)
        self.assertEqual(surveys, [])
        self.assertEqual([str(w.message) for w in caught if issubclass(w.category, NoResultsWarning)],
                         ["Coordinates are not in an available deep field survey."])


class ZcutCutoutTest(unittest.TestCase):
    """Zcut.get_cutouts and Zcut.download_cutouts (0.4.6 sends format=, newer clients cutout_format=)."""

    ASTROCUT = "/zcut/api/v0.1/astrocut"
    GN_CENTRE = (189.228621, 62.238572)  # every GOODS-N mosaic's CRVAL (the recorded file's)
    SURVEYS = ["candels_gn_60mas", "candels_gn_30mas", "goods_north"]
    MOSAICS = {"candels_gn_60mas": ["f105w", "f125w", "f160w"],
               "candels_gn_30mas": ["f606w", "f814w", "f850lp"],
               "goods_north": ["f435w", "f606w", "f775w", "f850lp"]}

    def served(self, query):
        """The members of the zip the emulator serves for an astrocut GET, by name."""
        r = requests.get(_support.EMULATOR_URL + self.ASTROCUT + "?" + query)
        self.assertEqual(r.status_code, 200)
        with zipfile.ZipFile(io.BytesIO(r.content)) as z:
            self.assertEqual({i.compress_type for i in z.infolist()}, {zipfile.ZIP_STORED})
            return {name: z.read(name) for name in z.namelist()}

    def test_get_cutouts_gives_one_hdulist_per_survey_with_the_recorded_structure(self):
        cutouts = quiet(Zcut.get_cutouts, ZCUT_RECORDED, size=[5, 7])[0]  # (ny, nx)
        self.assertEqual([c.filename for c in cutouts],
                         ["%s_189.492060_62.206150_5.0pix-x-7.0pix_astrocut.fits" % s for s in self.SURVEYS])
        for survey, hdus in zip(self.SURVEYS, cutouts):
            hdus.verify("exception")
            primary = hdus[0].header
            self.assertEqual((primary["SIMPLE"], primary["BITPIX"], primary["NAXIS"], primary["EXTEND"]),
                             (True, 8, 0, True))
            self.assertEqual((primary["ORIGIN"], primary["DATE"], primary["PROCVER"]),
                             ("STScI/MAST", "2020-12-01", "0.6"))
            self.assertEqual((primary["RA_OBJ"], primary["DEC_OBJ"]), (189.49206, 62.20615))
            self.assertEqual([h.name for h in hdus], ["PRIMARY"] + ["CUTOUT"] * len(self.MOSAICS[survey]))
            for band, h in zip(self.MOSAICS[survey], hdus[1:]):
                self.assertEqual(h.data.shape, (5, 7))
                self.assertEqual(h.data.dtype.name, "float32")
                self.assertEqual((h.header["CTYPE1"], h.header["CTYPE2"]), ("RA---TAN", "DEC--TAN"))
                self.assertEqual((h.header["CRVAL1"], h.header["CRVAL2"]), self.GN_CENTRE)
                self.assertIn("_" + band + "_", h.header["ORIG_FLE"])
                x, y = WCS(h.header).world_to_pixel_values(189.49206, 62.20615)
                self.assertLessEqual(abs(float(x) - 3), 0.5)
                self.assertLessEqual(abs(float(y) - 2), 0.5)
                scale = abs(proj_plane_pixel_scales(WCS(h.header))) * 3600
                self.assertAlmostEqual(scale[0], 0.06 if "60mas" in survey else 0.03, places=9)

    def test_get_cutouts_of_a_survey_without_data_there_warns(self):
        coord = SkyCoord(189.28065571, 62.17415175, unit="deg")
        cutouts, caught = quiet(Zcut.get_cutouts, coord, survey="candels_gn_30mas")
        self.assertEqual(cutouts, [])
        self.assertEqual([str(w.message) for w in caught if issubclass(w.category, NoResultsWarning)],
                         ["Target is not in an available deep field survey. Cutout not performed."])
        one = quiet(Zcut.get_cutouts, coord, survey="3dhst_goods-n")[0]
        self.assertEqual(len(one), 1)
        self.assertEqual(one[0][1].data.shape, (5, 5))

    def test_download_cutouts_fits_are_the_files_the_emulator_serves(self):
        tmp = tempfile.mkdtemp(prefix="mast-conformance-")
        self.addCleanup(shutil.rmtree, tmp, True)
        table = quiet(Zcut.download_cutouts, ZCUT_RECORDED, size=5, path=tmp)[0]
        served = self.served("ra=189.49206&dec=62.20615&y=5&x=5&units=px&cutout_format=fits")
        paths = column(table, "Local Path")
        self.assertEqual([os.path.basename(p) for p in paths], list(served))
        for p in paths:
            with open(p, "rb") as f:
                self.assertEqual(f.read(), served[os.path.basename(p)], p)
        # inflated: the zip itself is gone
        self.assertEqual(sorted(os.listdir(tmp)), sorted(served))

    def test_download_cutouts_jpg_with_image_parameters_are_the_files_the_emulator_serves(self):
        tmp = tempfile.mkdtemp(prefix="mast-conformance-")
        self.addCleanup(shutil.rmtree, tmp, True)
        table = quiet(Zcut.download_cutouts, ZCUT_RECORDED, size=[4, 6], survey="candels_gn_30mas",
                      cutout_format="jpg", path=tmp, invert=True, stretch="linear")[0]
        served = self.served("ra=189.49206&dec=62.20615&y=4&x=6&units=px&survey=candels_gn_30mas"
                             "&cutout_format=jpg&invert=True&stretch=linear")
        expected = ["hlsp_candels_hst_acs_gn-tot-30mas_%s_v1.0_drz_189.492060_62.206150_4.0pix-x-6.0pix_astrocut.jpg"
                    % band for band in self.MOSAICS["candels_gn_30mas"]]
        self.assertEqual(list(served), expected)
        paths = column(table, "Local Path")
        self.assertEqual([os.path.basename(p) for p in paths], expected)
        for p in paths:
            with open(p, "rb") as f:
                data = f.read()
            self.assertEqual(data, served[os.path.basename(p)], p)
            self.assertEqual(data[:3], b"\xff\xd8\xff")
        plain = self.served("ra=189.49206&dec=62.20615&y=4&x=6&units=px&survey=candels_gn_30mas&format=jpg")
        self.assertNotEqual(list(plain.values()), list(served.values()), "invert and stretch change the images")


if __name__ == "__main__":
    unittest.main()
