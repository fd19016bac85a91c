"""Products and downloads (Mast.Caom.Products, Download/file, Download/bundle.sh) via astroquery 0.4.6."""

import os
import shutil
import tempfile
import unittest
from urllib.parse import quote

import _support  # noqa: F401  (first: network guard + emulator config check, before astroquery)
from _support import EXPECTATIONS, column, quiet, recorded_rows, sha256_file

import astropy.units as u
from astropy.coordinates import SkyCoord
from astropy.io import fits

from astroquery.exceptions import NoResultsWarning
from astroquery.mast import Observations

RECORDED_OBSID = "2003738726"
PRODUCT_COLUMNS = ["obsID", "obs_collection", "obs_id", "dataURI", "productFilename", "productType",
                   "productGroupDescription", "size"]


class TempDirTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="mast-conformance-")
        self.addCleanup(shutil.rmtree, self.tmp, True)


class RecordedProductsTest(TempDirTestCase):

    def test_get_product_list_returns_the_22_recorded_products_in_order(self):
        rows = recorded_rows("products.json")
        products = Observations.get_product_list(RECORDED_OBSID)
        self.assertEqual(len(products), 22)
        self.assertEqual(column(products, "dataURI"), [r["dataURI"] for r in rows])
        self.assertEqual(column(products, "size"), [r["size"] for r in rows])
        self.assertEqual(column(products, "productType"), [r["productType"] for r in rows])
        self.assertEqual(column(products, "productFilename"), [r["productFilename"] for r in rows])
        self.assertEqual(set(map(str, column(products, "obsID"))), {RECORDED_OBSID})

    def test_filter_products_science_keeps_the_7_recorded_science_products(self):
        rows = recorded_rows("products.json")
        products = Observations.get_product_list(RECORDED_OBSID)
        science = Observations.filter_products(products, productType=["SCIENCE"])
        self.assertEqual(len(science), 7)
        self.assertEqual(column(science, "dataURI"), [r["dataURI"] for r in rows if r["productType"] == "SCIENCE"])
        mrp = Observations.filter_products(products, mrp_only=True)
        self.assertEqual(column(mrp, "productFilename"),
                         ["u9o40504m_c0f.fits", "u9o40504m_c1f.fits", "u9o40504m_drz.fits"])

    def test_download_file_of_a_recorded_uri_has_the_recorded_size(self):
        uri = "mast:HST/product/u9o40504m_c3m.fits"
        size = [r["size"] for r in recorded_rows("products.json") if r["dataURI"] == uri][0]
        self.assertEqual(size, 207360)
        path = os.path.join(self.tmp, "u9o40504m_c3m.fits")
        status, msg, url = Observations.download_file(uri, local_path=path)
        self.assertEqual((status, msg, url), ("COMPLETE", None, None))
        self.assertEqual(os.path.getsize(path), 207360)
        with fits.open(path) as hdul:
            self.assertGreaterEqual(len(hdul), 1)
        expected = EXPECTATIONS.get("files", {}).get(uri)
        if expected:
            self.assertEqual(sha256_file(path), expected["sha256"])

    def test_download_products_of_small_recorded_files_writes_files_of_the_listed_sizes(self):
        products = Observations.get_product_list(RECORDED_OBSID)
        small = products[products["size"] < 40000]
        self.assertEqual(len(small), len([r for r in recorded_rows("products.json") if r["size"] < 40000]))
        manifest = Observations.download_products(small, download_dir=self.tmp)
        self.assertEqual(column(manifest, "Status"), ["COMPLETE"] * len(small))
        for row, path in zip(small, column(manifest, "Local Path")):
            self.assertEqual(path, os.path.join(self.tmp, "mastDownload", "HST", "U9O40504M", row["productFilename"]))
            self.assertEqual(os.path.getsize(path), row["size"], path)

    def test_download_products_with_curl_flag_writes_a_script_naming_every_science_uri(self):
        manifest = Observations.download_products(RECORDED_OBSID, download_dir=self.tmp, productType="SCIENCE",
                                                  curl_flag=True)
        self.assertEqual(len(manifest), 1)
        self.assertEqual(manifest["Status"][0], "COMPLETE")
        path = manifest["Local Path"][0]
        self.assertTrue(path.endswith(".sh") and os.path.basename(path).startswith("mastDownload_"), path)
        with open(path, encoding="utf-8", errors="replace") as f:
            script = f.read()
        self.assertGreater(len(script), 0)
        science = [r for r in recorded_rows("products.json") if r["productType"] == "SCIENCE"]
        self.assertEqual(len(science), 7)
        missing = [r["dataURI"] for r in science
                   if r["dataURI"] not in script and quote(r["dataURI"], safe="") not in script]
        self.assertEqual(missing, [], "URIs missing from the curl script")


def _synthetic_obsids():
    """Obsids chosen by the JUnit driver from the Java SyntheticSky, else the first rows of a dense cone."""
    obsids = EXPECTATIONS.get("productObsids")
    if obsids:
        return [str(o) for o in obsids]
    table = Observations.query_region(SkyCoord(210.8025, 54.3488, unit="deg"), radius=0.2 * u.deg)
    return [str(o) for o in column(table, "obsid")[:3]]


class SyntheticProductsTest(TempDirTestCase):

    @classmethod
    def setUpClass(cls):
        cls.obsids = _synthetic_obsids()
        cls.products = {o: Observations.get_product_list(o) for o in cls.obsids}

    def test_product_lists_belong_to_the_requested_observation_and_are_well_formed(self):
        self.assertGreaterEqual(len(self.obsids), 2)
        for obsid, products in self.products.items():
            with self.subTest(obsid=obsid):
                self.assertGreater(len(products), 0)
                for name in PRODUCT_COLUMNS:
                    self.assertIn(name, products.colnames)
                self.assertEqual(set(map(str, column(products, "obsID"))), {obsid})
                uris = column(products, "dataURI")
                self.assertEqual(len(uris), len(set(uris)), "duplicate dataURIs")
                self.assertTrue(all(u.startswith("mast:") for u in uris), uris)
                self.assertTrue(all(s > 0 for s in column(products, "size")))

    def test_expected_products_match_the_java_sky(self):
        expected = EXPECTATIONS.get("products")
        if not expected:
            self.skipTest("driver supplied no product expectations")
        for obsid, uris in expected.items():
            self.assertEqual(column(self.products[str(obsid)], "dataURI"), uris)

    def test_get_product_list_accepts_a_row_of_query_results(self):
        cone = Observations.query_region(SkyCoord(210.8025, 54.3488, unit="deg"), radius=0.2 * u.deg)
        row = cone[0]
        by_row = Observations.get_product_list(row)
        by_id = Observations.get_product_list(str(row["obsid"]))
        self.assertGreater(len(by_row), 0)
        self.assertEqual(column(by_row, "dataURI"), column(by_id, "dataURI"))

    def test_comma_joined_obsids_return_the_union_of_the_single_lists(self):
        joined = Observations.get_product_list(",".join(self.obsids))
        singles = [u for o in self.obsids for u in column(self.products[o], "dataURI")]
        self.assertEqual(sorted(column(joined, "dataURI")), sorted(singles))

    def test_download_products_science_writes_valid_fits_of_the_listed_sizes_and_bytes(self):
        files = EXPECTATIONS.get("files", {})
        downloaded = 0
        for obsid in self.obsids:
            science = Observations.filter_products(self.products[obsid], productType="SCIENCE")
            if len(science) == 0:
                continue
            manifest = Observations.download_products(obsid, download_dir=self.tmp, productType="SCIENCE")
            self.assertEqual(len(manifest), len(science))
            self.assertEqual(column(manifest, "Status"), ["COMPLETE"] * len(science), list(manifest["Message"]))
            for row, path in zip(science, column(manifest, "Local Path")):
                downloaded += 1
                self.assertEqual(path, os.path.join(self.tmp, "mastDownload", row["obs_collection"], row["obs_id"],
                                                    os.path.basename(row["productFilename"])))
                self.assertEqual(os.path.getsize(path), row["size"], path)
                if path.endswith(".fits"):
                    with fits.open(path, checksum=True) as hdul:
                        hdul.verify("exception")
                expected = files.get(row["dataURI"])
                if expected:
                    self.assertEqual(expected["size"], row["size"])
                    self.assertEqual(sha256_file(path), expected["sha256"], row["dataURI"])
        self.assertGreater(downloaded, 0, "no SCIENCE products among %s" % self.obsids)
        checked = [u for o in self.obsids for u in column(self.products[o], "dataURI") if u in files]
        if files:
            self.assertGreater(len(checked), 0, "no downloaded file had a Java-computed sha256")

    def test_second_download_is_served_from_cache_without_error(self):
        obsid = self.obsids[0]
        first = Observations.download_products(obsid, download_dir=self.tmp, productType="SCIENCE")
        if first is None:
            self.skipTest("no SCIENCE products")
        again = Observations.download_products(obsid, download_dir=self.tmp, productType="SCIENCE")
        self.assertEqual(column(again, "Status"), column(first, "Status"))

    def test_curl_flag_script_names_every_synthetic_uri(self):
        obsid = self.obsids[0]
        products = self.products[obsid]
        manifest = Observations.download_products(products, download_dir=self.tmp, curl_flag=True)
        self.assertEqual(manifest["Status"][0], "COMPLETE")
        with open(manifest["Local Path"][0], encoding="utf-8", errors="replace") as f:
            script = f.read()
        missing = [u for u in column(products, "dataURI") if u not in script and quote(u, safe="") not in script]
        self.assertEqual(missing, [])

    def test_filter_matching_nothing_downloads_nothing_with_NoResultsWarning(self):
        result, caught = quiet(Observations.download_products, self.products[self.obsids[0]],
                               download_dir=self.tmp, productType="NO_SUCH_TYPE")
        self.assertIsNone(result)
        self.assertTrue(any(issubclass(w.category, NoResultsWarning) for w in caught))


if __name__ == "__main__":
    unittest.main()
