"""Runs one astroquery 0.4.6 query against the MAST emulator and writes its rows as JSON.

Used by the connector's agreement tests: the same query through astroquery and through
spark.read().format("mast") must give the same rows and values. The emulator's URL is configured
through $XDG_CONFIG_HOME/astropy/astroquery.cfg before astroquery is imported.

usage: astroquery_dump.py SPEC_JSON OUT_JSON
SPEC_JSON: {"call": "query_criteria" | "query_region" | "get_product_list" | "service_request"
            | "missions_query_region" (mission, coordinates, radius_arcmin, kwargs)
            | "panstarrs_query_region" (coordinates, radius deg, kwargs: table, data_release, columns, ...),
            "kwargs": {...}, "coordinates": "ra dec" (query_region), "radius": deg,
            "service": ..., "params": {...} (service_request)
            | "tesscut_get_sectors" (coordinates, radius deg): rows sectorName, sector, camera, ccd
            | "tesscut_download_cutouts" (coordinates, size px, sector or null, path)
            | "zcut_get_surveys" (coordinates, radius deg): rows {survey, order}
            | "zcut_download_cutouts" (coordinates, size px, survey or null, cutout_format, path)
            | "list_missions": rows {mission, order} | "get_metadata" (query_type): get_metadata's rows
            | "mission_column_list" (mission): MastMissionsClass(mission).get_column_list() rows
            | "session_info" (token): Observations.login(token) then session_info(), one row with the
              attrib members flattened as attrib.<key>}
The download calls write into path (a fresh directory per call: astroquery names its zip by the second) and
return one row per file astroquery extracted: {file (the zip member name), sha256, bytes}.
"""
import hashlib
import os
import json
import math
import sys
import warnings

import numpy as np


def cell(column, i):
    value = column[i]
    if np.ma.is_masked(value):
        return None
    if isinstance(value, (np.floating, float)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, bytes):
        return value.decode()
    return str(value)


def position(spec):
    """The spec's "ra dec" (degrees) as astroquery's callers pass it: a SkyCoord."""
    from astropy.coordinates import SkyCoord
    ra, dec = (float(x) for x in spec["coordinates"].split())
    return SkyCoord(ra, dec, unit="deg")


def main():
    spec = json.load(open(sys.argv[1]))
    from astropy import units as u
    from astropy.coordinates import SkyCoord
    from astroquery.mast import Mast, Observations

    warnings.simplefilter("ignore")
    call = spec["call"]
    if call == "query_criteria":
        table = Observations.query_criteria(**spec["kwargs"])
    elif call == "query_region":
        ra, dec = (float(x) for x in spec["coordinates"].split())
        table = Observations.query_region(SkyCoord(ra, dec, unit="deg"), radius=spec["radius"] * u.deg)
    elif call == "get_product_list":
        table = Observations.get_product_list(spec["obsids"])
    elif call == "resolve_object":
        from astroquery.mast import utils
        rows = []
        for name in spec["names"]:
            c = utils.resolve_object(name)
            rows.append({"name": name, "ra": float(c.ra.deg), "dec": float(c.dec.deg)})
        json.dump({"rows": rows}, open(sys.argv[2], "w"))
        print("astroquery resolve_object: %d names" % len(rows))
        return
    elif call == "missions_query_region":
        from astroquery.mast.missions import MastMissionsClass
        ra, dec = (float(x) for x in spec["coordinates"].split())
        missions = MastMissionsClass(mission=spec.get("mission", "hst"))
        table = missions.query_region(SkyCoord(ra, dec, unit="deg"), radius=spec["radius_arcmin"] * u.arcmin,
                                      **spec.get("kwargs", {}))
    elif call == "panstarrs_query_region":
        from astroquery.mast import Catalogs
        ra, dec = (float(x) for x in spec["coordinates"].split())
        table = Catalogs.query_region(SkyCoord(ra, dec, unit="deg"), radius=spec["radius"] * u.deg,
                                      catalog="panstarrs", **spec.get("kwargs", {}))
    elif call == "tesscut_get_sectors":
        from astroquery.mast import Tesscut
        table = Tesscut.get_sectors(coordinates=position(spec), radius=spec["radius"] * u.deg)
    elif call == "zcut_get_surveys":
        from astroquery.mast import Zcut
        surveys = Zcut.get_surveys(position(spec), radius=spec["radius"] * u.deg)
        rows = [{"survey": name, "order": i} for i, name in enumerate(surveys)]
        json.dump({"rows": rows}, open(sys.argv[2], "w"))
        print("astroquery %s rows: %d" % (call, len(rows)))
        return
    elif call in ("tesscut_download_cutouts", "zcut_download_cutouts"):
        path = spec["path"]
        os.makedirs(path, exist_ok=True)
        if call == "tesscut_download_cutouts":
            from astroquery.mast import Tesscut
            table = Tesscut.download_cutouts(coordinates=position(spec), size=spec["size"],
                                             sector=spec.get("sector"), path=path)
        else:
            from astroquery.mast import Zcut
            table = Zcut.download_cutouts(position(spec), size=spec["size"], survey=spec.get("survey"),
                                          cutout_format=spec.get("cutout_format", "fits"), path=path)
        rows = []
        prefix = os.path.join(path, "")
        for local in table["Local Path"]:
            data = open(local, "rb").read()
            rows.append({"file": local[len(prefix):], "sha256": hashlib.sha256(data).hexdigest(),
                         "bytes": len(data)})
        json.dump({"rows": rows}, open(sys.argv[2], "w"))
        print("astroquery %s files: %d" % (call, len(rows)))
        return
    elif call == "list_missions":
        rows = [{"mission": m, "order": i} for i, m in enumerate(Observations.list_missions())]
        json.dump({"rows": rows}, open(sys.argv[2], "w"))
        print("astroquery %s rows: %d" % (call, len(rows)))
        return
    elif call == "get_metadata":
        table = Observations.get_metadata(spec["query_type"])
    elif call == "mission_column_list":
        from astroquery.mast.missions import MastMissionsClass
        table = MastMissionsClass(mission=spec["mission"]).get_column_list()
    elif call == "session_info":
        Observations.login(token=spec["token"])
        info = Observations.session_info(verbose=False)
        row = {k: v for k, v in info.items() if k != "attrib"}
        for k, v in (info.get("attrib") or {}).items():
            row["attrib." + k] = v
        json.dump({"rows": [row]}, open(sys.argv[2], "w"))
        print("astroquery %s rows: 1" % call)
        return
    elif call == "service_request":
        table = Mast.service_request(spec["service"], spec["params"])
    else:
        raise SystemExit("unknown call " + call)
    rows = []
    if table is not None:
        names = [n for n in table.colnames if n != "_selected_"]
        for i in range(len(table)):
            rows.append({n: cell(table[n], i) for n in names})
    json.dump({"rows": rows}, open(sys.argv[2], "w"))
    print("astroquery %s rows: %d" % (call, len(rows)))


if __name__ == "__main__":
    main()
