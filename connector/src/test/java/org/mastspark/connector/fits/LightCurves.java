package org.mastspark.connector.fits;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTable;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;
import nom.tam.util.FitsOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * TESS-like light-curve files written with nom-tam-fits for the source's tests: a primary HDU with TICID,
 * SECTOR, TESSMAG, OBJECT, CROWDED and an empty-valued PDC_VAR card, a LIGHTCURVE table (TIME double, FLUX
 * float, CADENCENO int, optionally QUALITY int) and an APERTURE image (3 x 4 ints). The values follow the
 * formulas below, which the tests restate independently.
 */
final class LightCurves {
    private LightCurves() {}

    static double time(long ticid, int row) {
        return 1000.0 + ticid + row * 0.25;
    }

    static float flux(long ticid, int row) {
        return ticid * 10f + row;
    }

    static int cadence(int row) {
        return 100 + row;
    }

    static int quality(int row) {
        return row % 3;
    }

    static int aperture(long ticid, int y, int x) {
        return (int) ticid + 10 * y + x;
    }

    static double tessmag(long ticid) {
        return 8.5 + ticid / 100.0;
    }

    static byte[] lightCurve(long ticid, int rows) throws Exception {
        return lightCurve(ticid, rows, false);
    }

    static byte[] lightCurve(long ticid, int rows, boolean withQuality) throws Exception {
        BasicHDU<?> primary = BasicHDU.getDummyHDU();
        Header h = primary.getHeader();
        h.addValue("TICID", ticid, "TESS input catalog id");
        h.addValue("SECTOR", 7, "observing sector");
        h.addValue("TESSMAG", tessmag(ticid), "TESS magnitude");
        h.addValue("OBJECT", "TIC " + ticid, "target");
        h.addValue("CROWDED", ticid % 2 == 0, "a logical card");
        h.addLine(HeaderCard.create("PDC_VAR =                      / empty value"));
        double[] time = new double[rows];
        float[] flux = new float[rows];
        int[] cad = new int[rows];
        int[] quality = new int[rows];
        for (int i = 0; i < rows; i++) {
            time[i] = time(ticid, i);
            flux[i] = flux(ticid, i);
            cad[i] = cadence(i);
            quality[i] = quality(i);
        }
        BinaryTable bt = BinaryTable.fromColumnMajor(
                withQuality ? new Object[] {time, flux, cad, quality} : new Object[] {time, flux, cad});
        BinaryTableHDU table = bt.toHDU();
        table.setColumnName(0, "TIME", null);
        table.setColumnName(1, "FLUX", null);
        table.setColumnName(2, "CADENCENO", null);
        if (withQuality) {
            table.setColumnName(3, "QUALITY", null);
        }
        table.getHeader().addValue("EXTNAME", "LIGHTCURVE", "");
        table.getHeader().addValue("EXPOSURE", 20.5, "days");
        int[][] ap = new int[3][4];
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                ap[y][x] = aperture(ticid, y, x);
            }
        }
        BasicHDU<?> image = Fits.makeHDU(ap);
        image.getHeader().addValue("EXTNAME", "APERTURE", "");
        return write(primary, table, image);
    }

    /** A file whose only table is named OTHER (no LIGHTCURVE). */
    static byte[] otherTable(long ticid) throws Exception {
        BasicHDU<?> primary = BasicHDU.getDummyHDU();
        primary.getHeader().addValue("TICID", ticid, "");
        BinaryTableHDU table =
                BinaryTable.fromColumnMajor(new Object[] {new double[] {1, 2}}).toHDU();
        table.setColumnName(0, "TIME", null);
        table.getHeader().addValue("EXTNAME", "OTHER", "");
        return write(primary, table);
    }

    static byte[] write(BasicHDU<?>... hdus) throws Exception {
        Fits fits = new Fits();
        for (BasicHDU<?> h : hdus) {
            fits.addHDU(h);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FitsOutputStream o = new FitsOutputStream(out)) {
            fits.write(o);
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    /** Writes {@code bytes} to {@code uri} on its Hadoop FileSystem (local, HDFS, S3A). */
    static void put(Configuration conf, String uri, byte[] bytes) throws IOException {
        Path p = new Path(uri);
        FileSystem fs = p.getFileSystem(conf);
        try (OutputStream o = fs.create(p, true)) {
            o.write(bytes);
        }
    }
}
