"""The astropy oracle for the FITS reader's tests: prints one HDU of a FITS file as JSON lines.

Usage: astropy_fits_dump.py FILE [--hdu HDU] [--keywords K1,K2] [--rows START:STOP]

HDU is an index (0-based), EXTNAME or EXTNAME,EXTVER; default: the first BINTABLE HDU.
Line 1: {"kind": "table"|"image", "rows": n, "columns": [...], "keywords": {K: value}}
  keywords are looked up in the HDU's header, then the primary's (as the reader does); an undefined (empty)
  value or a missing card is null.
Then one JSON object per row ({column: value}); an image HDU gives one line {"naxis": [...], "data": nested}.

Tables are read with astropy's defaults (Table.read: TSCAL/TZERO applied, unsigned conventions, TNULL
masked) except mask_invalid=False, so that NaN stays NaN as in the reader instead of becoming masked.
With --rows the table is opened with fits.open(memmap=True) and only those rows are converted (for files of
several GB); TNULL masking is then done here the way Table.read does it (scaled value == TNULL).
Encoding: masked -> null, NaN -> "NaN", +-inf -> "Infinity"/"-Infinity", arrays -> nested lists,
complex -> [re, im], bytes -> str (ASCII, trailing blanks stripped as fits.open's FITS_rec presents
them; Table.read keeps them), numpy scalars -> JSON numbers (floats exactly, as repr of the
float64 they widen to).
"""
import json
import math
import sys
import warnings

import numpy as np
from astropy.io import fits
from astropy.table import Table

warnings.simplefilter("ignore")


def conv(v):
    if v is None or v is np.ma.masked:
        return None
    if isinstance(v, np.ma.MaskedArray):
        data = v.data
        mask = np.ma.getmaskarray(v)
        return [None if m.all() else conv(d) for d, m in zip(_iter(data), _iter(mask))] if data.ndim > 0 else (
            None if mask else conv(data[()]))
    if isinstance(v, np.ndarray):
        if v.ndim == 0:
            return conv(v[()])
        return [conv(x) for x in v]
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (np.integer, int)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        f = float(v)
        if math.isnan(f):
            return "NaN"
        if math.isinf(f):
            return "Infinity" if f > 0 else "-Infinity"
        return f
    if isinstance(v, (np.complexfloating, complex)):
        return [conv(np.real(v)), conv(np.imag(v))]
    if isinstance(v, (bytes, np.bytes_)):
        return v.decode("ascii").rstrip()
    if isinstance(v, (str, np.str_)):
        return str(v).rstrip()
    if isinstance(v, (list, tuple)):
        return [conv(x) for x in v]
    raise TypeError("cannot encode %r (%s)" % (v, type(v)))


def _iter(a):
    return [a[i] for i in range(a.shape[0])]


def header_value(h, k):
    if k not in h:
        return None
    v = h[k]
    if isinstance(v, fits.card.Undefined):
        return None
    return conv(v)


def heap_slice(full, col, start, stop):
    desc = np.rec.recarray.field(full, col.name)[start:stop]
    raw = full._get_raw_data()
    dt = np.dtype(col.format.recformat.dtype).newbyteorder(">")
    out = np.empty(len(desc), dtype=object)
    for i, (count, offset) in enumerate(desc):
        begin = full._heapoffset + int(offset)
        out[i] = raw[begin : begin + int(count) * dt.itemsize].view(dt)
    return out


def pick(hdul, spec):
    if spec is None:
        for i, h in enumerate(hdul):
            if isinstance(h, fits.BinTableHDU):
                return i
        raise SystemExit("no BINTABLE HDU")
    if spec.isdigit():
        return int(spec)
    if "," in spec:
        name, ver = spec.split(",")
        return hdul.index_of((name.strip(), int(ver)))
    return hdul.index_of(spec)


def main():
    args = sys.argv[1:]
    path = args[0]
    opts = dict(zip(args[1::2], args[2::2]))
    keywords = [k for k in opts.get("--keywords", "").split(",") if k]
    rows = opts.get("--rows")
    out = sys.stdout
    # memmap only for row slices of big files: astropy refuses to memory-map scaled images
    with fits.open(path, memmap=rows is not None) as hdul:
        index = pick(hdul, opts.get("--hdu"))
        hdu = hdul[index]
        kw = {}
        for k in keywords:
            v = header_value(hdu.header, k)
            if v is None and k not in hdu.header:
                v = header_value(hdul[0].header, k)
            kw[k] = v
        if not isinstance(hdu, fits.BinTableHDU):
            data = hdu.data
            naxis = [hdu.header["NAXIS%d" % (i + 1)] for i in range(hdu.header["NAXIS"])]
            out.write(json.dumps({"kind": "image", "hdu": index, "rows": 1, "columns": ["naxis", "data"],
                                  "keywords": kw}) + "\n")
            out.write(json.dumps({"naxis": naxis, "data": conv(data)}) + "\n")
            return
        if rows is None:
            table = Table.read(hdul, hdu=index, mask_invalid=False)
            start = 0
        else:
            start, stop = (int(x) for x in rows.split(":"))
            rec = hdu.data[start:stop]
            table = Table()
            for col in hdu.columns:
                if col.format.format in ("P", "Q"):
                    # astropy 5.2.1 loses the heap of a row slice (hdu.data[a:b] has _heapoffset 0 and its raw
                    # data is the sliced rows only, so heap arrays come from the rows' bytes), and converting the
                    # whole column takes minutes for millions of rows: do for the slice what its _convert_p
                    # does for the whole table (descriptor from the raw field, elements from the raw heap)
                    values = heap_slice(hdu.data, col, start, stop)
                else:
                    values = rec[col.name]
                if col.null is not None:
                    values = np.ma.MaskedArray(values, mask=(values == col.null))
                table[col.name] = values
        names = table.colnames
        out.write(json.dumps({"kind": "table", "hdu": index, "rows": hdu.header["NAXIS2"], "start": start,
                              "columns": names, "keywords": kw}) + "\n")
        for row in table:
            out.write(json.dumps({n: conv(row[n]) for n in names}) + "\n")


if __name__ == "__main__":
    main()
