"""Session, name resolution and Portal protocol details seen through astroquery 0.4.6."""

import unittest

import _support  # noqa: F401  (first: network guard + emulator config check, before astroquery)
from _support import column

import requests

from astroquery.exceptions import RemoteServiceError, ResolverError
from astroquery.mast import Mast, utils


class SessionTest(unittest.TestCase):

    def test_session_info_without_token_is_anonymous(self):
        info = Mast.session_info()
        self.assertIsInstance(info, dict)
        self.assertIs(info.get("anon"), True)
        self.assertEqual(info.get("ezid"), "anonymous")
        self.assertIsNone(info.get("token"))


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


if __name__ == "__main__":
    unittest.main()
