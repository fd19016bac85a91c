"""Catalog queries (TIC, Gaia DR2, HSC v3) via astroquery 0.4.6."""

import unittest

import _support  # noqa: F401  (first: network guard + emulator config check, before astroquery)
from _support import column, quiet, recorded_rows

import astropy.units as u
import numpy as np
from astropy.coordinates import SkyCoord

from astroquery.exceptions import RemoteServiceError
from astroquery.mast import Catalogs

M101 = SkyCoord(210.8025, 54.3488, unit="deg")

# catalog keyword -> (id column, ra column, dec column) as real MAST names them
CONE_CATALOGS = {
    "Tic": ("ID", "ra", "dec"),
    "Gaia": ("source_id", "ra", "dec"),
    "Hsc": ("MatchID", "MatchRA", "MatchDec"),
}


def _separation_deg(centre, table, ra_col, dec_col):
    return centre.separation(SkyCoord(np.asarray(table[ra_col], float), np.asarray(table[dec_col], float),
                                      unit="deg")).deg


class RecordedCatalogsTest(unittest.TestCase):

    def test_tic_criteria_bmag_objtype_returns_the_7_recorded_ids(self):
        table = Catalogs.query_criteria(catalog="Tic", Bmag=[30, 50], objType="STAR")
        rows = recorded_rows("tic.json")
        self.assertEqual([str(i) for i in column(table, "ID")], [str(r["ID"]) for r in rows])
        self.assertEqual([str(i) for i in column(table, "ID")],
                         ["10000732589", "10000732652", "10000732653", "10000869229", "10000732586",
                          "10000732587", "10000869228"])
        # The recording is what MAST answered (null Bmag, objType EXTENDED), not a re-evaluation of the filter.
        self.assertEqual(column(table, "objType"), [r["objType"] for r in rows])
        self.assertTrue(np.all(np.isnan(np.asarray(table["Bmag"], float))))

    def test_diskdetective_criteria_with_objectname_returns_the_7_recorded_rows(self):
        table = Catalogs.query_criteria(catalog="DiskDetective", objectname="M10", radius=2, state="complete")
        rows = recorded_rows("dd.json")
        self.assertEqual(len(table), 7)
        self.assertEqual(column(table, "designation"), [r["designation"] for r in rows])
        self.assertEqual(column(table, "ZooniverseID"), [r["ZooniverseID"] for r in rows])

    def test_hsc_matchid_v2_uses_the_same_recorded_members(self):
        table = Catalogs.query_hsc_matchid(82371983, version=2)
        self.assertEqual([int(s) for s in column(table, "SourceID")],
                         [int(r["SourceID"]) for r in recorded_rows("matchid.json")])

    def test_hsc_matchid_returns_the_9_recorded_members(self):
        table = Catalogs.query_hsc_matchid(82371983)
        rows = recorded_rows("matchid.json")
        self.assertEqual(len(table), 9)
        self.assertEqual(set(int(m) for m in column(table, "MatchID")), {82371983})
        self.assertEqual([int(s) for s in column(table, "SourceID")], [int(r["SourceID"]) for r in rows])
        self.assertEqual(column(table, "ImageName"), [r["ImageName"] for r in rows])

    def test_get_hsc_spectra_returns_the_26_recorded_spectra(self):
        table = Catalogs.get_hsc_spectra()
        rows = recorded_rows("spectra.json")
        self.assertEqual(len(table), 26)
        self.assertEqual(column(table, "DatasetName"), [r["DatasetName"] for r in rows])
        self.assertEqual([int(v) for v in column(table, "SpectrumType")], [int(r["SpectrumType"]) for r in rows])


class SyntheticCatalogConeTest(unittest.TestCase):
    # At the driver's scale (0.05) the synthetic catalogs hold ~200 TIC stars per square degree, so a
    # 0.05 deg cone is usually empty; 0.2 deg gives tens of rows per catalog.
    RADIUS = 0.2

    @classmethod
    def setUpClass(cls):
        cls.tables = {cat: Catalogs.query_region(M101, radius=cls.RADIUS * u.deg, catalog=cat)
                      for cat in CONE_CATALOGS}

    def test_cone_rows_are_non_empty_unique_and_inside_the_cone(self):
        for cat, (id_col, ra_col, dec_col) in CONE_CATALOGS.items():
            with self.subTest(catalog=cat):
                table = self.tables[cat]
                self.assertGreater(len(table), 0)
                for name in (id_col, ra_col, dec_col):
                    self.assertIn(name, table.colnames)
                ids = column(table, id_col)
                self.assertEqual(len(ids), len(set(ids)), "duplicate %s" % id_col)
                sep = _separation_deg(M101, table, ra_col, dec_col)
                self.assertTrue(np.all(sep <= self.RADIUS + 1e-9), sep.max())

    def test_default_catalog_is_hsc_v3(self):
        table = Catalogs.query_region(M101, radius=self.RADIUS * u.deg)
        self.assertEqual(column(table, "MatchID"), column(self.tables["Hsc"], "MatchID"))

    def test_smaller_cone_is_the_subset_within_the_smaller_radius(self):
        for cat, (id_col, ra_col, dec_col) in CONE_CATALOGS.items():
            with self.subTest(catalog=cat):
                big = self.tables[cat]
                small_r = self.RADIUS / 2
                small, _ = quiet(Catalogs.query_region, M101, radius=small_r * u.deg, catalog=cat)
                sep = _separation_deg(M101, big, ra_col, dec_col)
                expected = {i for i, s in zip(column(big, id_col), sep) if s <= small_r}
                self.assertEqual(set(column(small, id_col)), expected)


    def test_gaia_version_1_queries_dr1(self):
        try:
            table = Catalogs.query_region(M101, radius=self.RADIUS * u.deg, catalog="Gaia", version=1)
        except RemoteServiceError as e:
            if "Unknown service" not in str(e):
                raise
            _support.known_gap(self, e, "Mast.Catalogs.GaiaDR1.Cone is not served (0.4.6 sends it for version=1)")
        self.assertGreater(len(table), 0)
        self.assertTrue(np.all(_separation_deg(M101, table, "ra", "dec") <= self.RADIUS + 1e-9))

    def test_galex_and_ctl_cones_lie_inside_the_cone(self):
        for cat in ("Galex", "Ctl"):
            with self.subTest(catalog=cat):
                table, _ = quiet(Catalogs.query_region, M101, radius=0.5 * u.deg, catalog=cat)
                self.assertGreater(len(table), 0)
                self.assertTrue(np.all(_separation_deg(M101, table, "ra", "dec") <= 0.5 + 1e-9))


class SyntheticTicCriteriaTest(unittest.TestCase):

    def test_tic_criteria_with_position_equal_the_cone_rows_satisfying_the_criteria(self):
        radius = 0.2
        cone = Catalogs.query_region(M101, radius=radius * u.deg, catalog="Tic")
        tmag = np.asarray(cone["Tmag"], float)
        wanted = (tmag >= 8) & (tmag <= 10) & np.array([t == "STAR" for t in column(cone, "objType")])
        expected = {str(i) for i, keep in zip(column(cone, "ID"), wanted) if keep}
        table, _ = quiet(Catalogs.query_criteria, catalog="Tic", Tmag=[8, 10], objType="STAR",
                         coordinates=M101, radius=radius)
        self.assertEqual({str(i) for i in column(table, "ID")}, expected)
        if len(table):
            t = np.asarray(table["Tmag"], float)
            self.assertTrue(np.all((t >= 8) & (t <= 10)))
            self.assertEqual(set(column(table, "objType")), {"STAR"})
            self.assertTrue(np.all(_separation_deg(M101, table, "ra", "dec") <= radius + 1e-9))

    def test_tic_criteria_with_ra_dec_ranges_satisfy_every_criterion(self):
        # The emulator refuses unbounded synthetic catalog scans: bound ra/dec (< 100 square degrees).
        table = Catalogs.query_criteria(catalog="Tic", Tmag=[8, 10], objType="STAR", ra=[205, 215], dec=[52, 56])
        self.assertGreater(len(table), 0)
        t = np.asarray(table["Tmag"], float)
        self.assertTrue(np.all((t >= 8) & (t <= 10)), t)
        self.assertEqual(set(column(table, "objType")), {"STAR"})
        ra = np.asarray(table["ra"], float)
        dec = np.asarray(table["dec"], float)
        self.assertTrue(np.all((ra >= 205) & (ra <= 215) & (dec >= 52) & (dec <= 56)))
        ids = column(table, "ID")
        self.assertEqual(len(ids), len(set(ids)))


if __name__ == "__main__":
    unittest.main()
