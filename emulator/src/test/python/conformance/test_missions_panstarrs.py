"""MastMissions (Mission Search API) and Catalogs(catalog='panstarrs') via astroquery 0.4.6.

Recorded cases are compared with the recorded files; synthetic cases with the brute-force answers the
JUnit driver computed from the Java SyntheticSky (``hstCone``, ``panstarrsCone``) and with subsets of a
larger query evaluated here with astropy's geometry.
"""

import unittest

import _support  # noqa: F401  (first: network guard + emulator config check, before astroquery)
from _support import EXPECTATIONS, column, quiet, recorded

import numpy as np
import requests
from astropy.coordinates import SkyCoord
import astropy.units as u

from astroquery.exceptions import MaxResultsWarning
from astroquery.mast import Catalogs, MastMissions
from astroquery.mast.missions import MastMissionsClass

RECORDED_TARGET = SkyCoord(40.66963, -0.01328, unit="deg")
RECORDED_INSTRUMENTS = "STIS,ACS,WFC3,COS,FGS,FOC,FOS,HRS,HSP,NICMOS,WFPC,WFPC2"
HST_CONE = (210.8025, 54.3488, 15)  # ra, dec (deg), radius (arcmin): ConformanceExpectations.MISSION_CONE
PS_CONE = (210.8025, 54.3488, 0.05)  # ra, dec, radius (deg): ConformanceExpectations.PANSTARRS_CONE
PS_RECORDED = SkyCoord(5.97517, -32.53455, unit="deg")


def _sep_deg(centre, ra, dec):
    return centre.separation(SkyCoord(np.asarray(ra, float), np.asarray(dec, float), unit="deg")).deg


class RecordedMissionsTest(unittest.TestCase):

    def test_get_column_list_is_the_recorded_hst_list(self):
        table = MastMissions.get_column_list()
        rows = recorded("mission_columns.json")
        self.assertEqual(column(table, "name"), [r["column_name"] for r in rows])
        self.assertEqual(column(table, "data_type"), [r["qual_type"] for r in rows])

    def test_recorded_search_returns_the_recorded_rows(self):
        table = MastMissions.query_region(RECORDED_TARGET, radius=3, sci_obs_type="", sci_aec="S",
                                          sci_instrume=RECORDED_INSTRUMENTS)
        rows = recorded("mission_results.json")["results"]
        self.assertEqual(column(table, "sci_data_set_name"), [r["sci_data_set_name"] for r in rows])
        self.assertEqual(column(table, "sci_pep_id"), [r["sci_pep_id"] for r in rows])
        self.assertEqual(column(table, "sci_start_time"), [r["sci_start_time"] for r in rows])
        np.testing.assert_allclose(column(table, "sci_ra"), [r["sci_ra"] for r in rows], rtol=0, atol=1e-12)

    def test_limit_1_returns_one_row_and_warns(self):
        table, caught = quiet(MastMissions.query_region, RECORDED_TARGET, radius=3, limit=1, sci_aec="S",
                              sci_instrume=RECORDED_INSTRUMENTS)
        self.assertEqual(column(table, "sci_data_set_name"), ["W1DG8D06T"])
        self.assertTrue(any(issubclass(w.category, MaxResultsWarning) for w in caught))


class SyntheticMissionsTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        ra, dec, r = HST_CONE
        cls.centre = SkyCoord(ra, dec, unit="deg")
        cls.cone = MastMissions.query_region(cls.centre, radius=r)

    def test_cone_equals_the_java_brute_force(self):
        self.assertGreater(len(self.cone), 20)
        self.assertEqual(sorted(column(self.cone, "sci_data_set_name")), EXPECTATIONS["hstCone"])

    def test_ang_sep_is_the_separation_in_arcmin_and_ascending(self):
        sep = _sep_deg(self.centre, self.cone["sci_ra"], self.cone["sci_dec"]) * 60
        np.testing.assert_allclose(np.asarray(self.cone["ang_sep"], float), sep, rtol=0, atol=1e-6)
        self.assertTrue(np.all(np.diff(np.asarray(self.cone["ang_sep"], float)) >= 0))

    def test_smaller_cone_is_the_subset_within_the_smaller_radius(self):
        small = MastMissions.query_region(self.centre, radius=7)
        sep = _sep_deg(self.centre, self.cone["sci_ra"], self.cone["sci_dec"]) * 60
        expected = {d for d, s in zip(column(self.cone, "sci_data_set_name"), sep) if s <= 7}
        self.assertEqual(set(column(small, "sci_data_set_name")), expected)

    def test_conditions_with_lists_and_negation_select_the_matching_cone_rows(self):
        table = MastMissions.query_criteria(coordinates=self.centre, radius=HST_CONE[2], sci_instrume="WFC3,ACS",
                                            sci_pi_last_name="!SMITH")
        expected = {d for d, i, p in zip(column(self.cone, "sci_data_set_name"), column(self.cone, "sci_instrume"),
                                         column(self.cone, "sci_pi_last_name"))
                    if i.strip() in ("WFC3", "ACS") and p != "SMITH"}
        self.assertTrue(expected)
        self.assertEqual(set(column(table, "sci_data_set_name")), expected)

    def test_sort_by_descending_and_offset_page(self):
        full = MastMissions.query_region(self.centre, radius=HST_CONE[2], sort_by=["sci_pep_id"], sort_desc=[True])
        peps = column(full, "sci_pep_id")
        self.assertEqual(peps, sorted(peps, reverse=True))
        page = MastMissions.query_region(self.centre, radius=HST_CONE[2], sort_by=["sci_pep_id"], sort_desc=[True],
                                         limit=5, offset=5)
        self.assertEqual(column(page, "sci_data_set_name"), column(full, "sci_data_set_name")[5:10])

    def test_radius_over_30_arcmin_is_refused_with_400(self):
        with self.assertRaises(requests.HTTPError) as ctx:
            MastMissions.query_region(self.centre, radius=31)
        self.assertEqual(ctx.exception.response.status_code, 400)
        self.assertIn("Query radius too large", ctx.exception.response.json()["detail"])

    def test_other_missions_answer_and_unknown_missions_are_400(self):
        jwst = MastMissionsClass(mission="jwst")
        table = jwst.query_region(SkyCoord(10.684708, 41.26875, unit="deg"), radius=30)
        self.assertGreater(len(table), 0)
        self.assertTrue(all(s.startswith("jw") for s in column(table, "fileSetName")))
        with self.assertRaises(requests.HTTPError) as ctx:
            MastMissionsClass(mission="nosuch").query_region(self.centre, radius=3)
        self.assertEqual(ctx.exception.response.status_code, 400)


class PanstarrsTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        ra, dec, r = PS_CONE
        cls.centre = SkyCoord(ra, dec, unit="deg")
        cls.cone = Catalogs.query_region(cls.centre, radius=r, catalog="panstarrs", table="mean")

    def test_recorded_cone_returns_the_recorded_rows(self):
        table = Catalogs.query_region(PS_RECORDED, radius=0.012, catalog="panstarrs", table="mean")
        rows = recorded("panstarrs.json")["data"]
        self.assertEqual(column(table, "objname"), [r[0] for r in rows])
        self.assertEqual(column(table, "objID"), [int(r[1]) for r in rows])
        # -999 is MAST's null: astroquery masks it
        self.assertEqual(column(table, "iMeanApMag"), [None if r[4] == -999 else r[4] for r in rows])

    def test_cone_equals_the_java_brute_force_in_objid_order(self):
        self.assertGreater(len(self.cone), 50)
        self.assertEqual([str(i) for i in column(self.cone, "objID")], EXPECTATIONS["panstarrsCone"])
        sep = _sep_deg(self.centre, self.cone["raMean"], self.cone["decMean"])
        self.assertTrue(np.all(sep <= PS_CONE[2] + 1e-12))

    def test_smaller_cone_is_the_subset_within_the_smaller_radius(self):
        small = Catalogs.query_region(self.centre, radius=0.03, catalog="panstarrs", table="mean")
        sep = _sep_deg(self.centre, self.cone["raMean"], self.cone["decMean"])
        expected = [i for i, s in zip(column(self.cone, "objID"), sep) if s <= 0.03]
        self.assertEqual(column(small, "objID"), expected)

    def test_criteria_columns_and_sort_equal_the_filtered_cone(self):
        table = Catalogs.query_criteria(coordinates=self.centre, radius=PS_CONE[2], catalog="panstarrs",
                                        table="mean", nDetections=[("gte", 10)], qualityFlag=[48, 52],
                                        columns=["objID", "nDetections", "qualityFlag", "distance"],
                                        sort_by=[("desc", "nDetections")])
        self.assertEqual(table.colnames, ["objID", "nDetections", "qualityFlag", "distance"])
        keep = [(n, i) for i, n, q in zip(column(self.cone, "objID"), column(self.cone, "nDetections"),
                                          column(self.cone, "qualityFlag")) if n >= 10 and q in (48, 52)]
        expected = [i for n, i in sorted(keep, key=lambda x: (-x[0], x[1]))]
        self.assertTrue(expected)
        self.assertEqual(column(table, "objID"), expected)
        by_id = dict(zip(column(self.cone, "objID"),
                         _sep_deg(self.centre, self.cone["raMean"], self.cone["decMean"])))
        np.testing.assert_allclose(column(table, "distance"), [by_id[i] for i in expected], rtol=0, atol=1e-9)

    def test_pagesize_and_page_return_that_slice(self):
        page, _ = quiet(Catalogs.query_criteria, coordinates=self.centre, radius=PS_CONE[2], catalog="panstarrs",
                        table="mean", nDetections=[("gte", 1)], columns=["objID"], pagesize=7, page=3)
        self.assertEqual(column(page, "objID"), column(self.cone, "objID")[14:21])

    def test_stack_holds_the_same_objects_and_detections_belong_to_them(self):
        stack = Catalogs.query_region(self.centre, radius=PS_CONE[2], catalog="panstarrs", table="stack")
        self.assertEqual(column(stack, "objID"), column(self.cone, "objID"))
        det = Catalogs.query_region(self.centre, radius=0.02, catalog="panstarrs", table="detection")
        self.assertGreater(len(det), 0)
        self.assertTrue(set(column(det, "objID")) <= set(column(self.cone, "objID")))
        self.assertTrue(np.all(_sep_deg(self.centre, det["ra"], det["dec"]) <= 0.02 + 1e-12))

    def test_radius_over_half_a_degree_is_refused_with_400(self):
        with self.assertRaises(requests.HTTPError) as ctx:
            Catalogs.query_region(self.centre, radius=0.6 * u.deg, catalog="panstarrs", table="mean")
        self.assertEqual(ctx.exception.response.status_code, 400)
        self.assertIn("maximum search radius of 0.5 degrees", ctx.exception.response.json()["detail"])


if __name__ == "__main__":
    unittest.main()
