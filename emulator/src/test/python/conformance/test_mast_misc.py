"""Session, name resolution and Portal protocol details seen through astroquery 0.4.6."""

import os
import shutil
import tempfile
import unittest

import _support  # noqa: F401  (first: network guard + emulator config check, before astroquery)
from _support import column, quiet, recorded

import requests

from astropy.coordinates import SkyCoord

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


if __name__ == "__main__":
    unittest.main()
