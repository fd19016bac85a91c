package org.mastspark.emulator.sky;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * TESS-like SPOC 2-minute light curves ({@code *_lc.fits}) for tests and benchmarks, the same files the
 * emulator serves as the {@code _lc.fits} products of TESS observations: a primary HDU with {@code TICID},
 * {@code SECTOR}, {@code CAMERA}, {@code CCD}, {@code TESSMAG}, {@code RA_OBJ}, {@code DEC_OBJ}; a
 * {@code LIGHTCURVE} binary table with the 20 SPOC columns ({@code TIME} D ... {@code POS_CORR2} E, 100 bytes
 * a row) and their units; an {@code APERTURE} int32 image. The bytes are a pure function of the arguments.
 *
 * <pre>{@code
 * List<Path> files = LightCurves.write(dir, 2000, LightCurves.DEFAULT_ROWS); // 2,000 files of about 2 MB
 * }</pre>
 */
public final class LightCurves {
    /** Rows of a full sector at 2-minute cadence (27.4 days): 19,728, about 2 MB a file. */
    public static final int DEFAULT_ROWS = LightCurveModel.TESS_ROWS;

    private LightCurves() {}

    /**
     * Writes one light curve.
     *
     * @param ticId the star's TIC id (TICID, OBJECT 'TIC n'); also seeds the noise, the sky position and
     *     whether the star transits (one in four)
     * @param tmag the TESS magnitude (TESSMAG): PDCSAP_FLUX is about {@code 15000 * 10^(-0.4 (tmag - 10))} e-/s
     * @param sector the sector (1 to 99): sets TIME (BTJD) and CADENCENO
     * @param rows the number of cadences, at least 1
     * @param out receives the whole file; not closed
     */
    public static void write(long ticId, double tmag, int sector, int rows, OutputStream out) throws IOException {
        out.write(bytes(ticId, tmag, sector, rows));
    }

    /** The bytes of {@link #write(long, double, int, int, OutputStream)}'s file. */
    public static byte[] bytes(long ticId, double tmag, int sector, int rows) {
        if (sector < 1 || sector > 99) {
            throw new IllegalArgumentException("Invalid sector " + sector + ": expected 1 to 99");
        }
        if (!(tmag > -2 && tmag < 25)) {
            throw new IllegalArgumentException("Invalid TESS magnitude " + tmag + ": expected -2 to 25");
        }
        return FitsHdus.bytes(new LightCurveModel(star(ticId, tmag, sector, rows)).lightCurveHdus());
    }

    /** The file name SPOC would give the light curve: {@code tess<date>-s<sector>-<ticid>-0000-s_lc.fits}. */
    public static String fileName(long ticId, int sector) {
        return String.format(Locale.ROOT, "tess2019000000000-s%04d-%016d-0000-s_lc.fits", sector, ticId);
    }

    /**
     * Writes {@code count} light curves to {@code dir} (created if absent): TIC ids {@code firstTicId + k},
     * sector {@code 1 + k % 13}, TESS magnitudes spread over 7 to 15 by a seeded draw per star.
     *
     * @return the files written, in order
     */
    public static List<Path> write(Path dir, long firstTicId, int count, int rows) throws IOException {
        if (count < 0) {
            throw new IllegalArgumentException("Invalid count " + count + ": expected 0 or more");
        }
        long[] ids = new long[count];
        double[] mags = new double[count];
        int[] sectors = new int[count];
        for (int k = 0; k < count; k++) {
            ids[k] = firstTicId + k;
            mags[k] = magnitude(ids[k]);
            sectors[k] = 1 + k % 13;
        }
        return write(dir, ids, mags, sectors, rows);
    }

    /** Writes one light curve per (TIC id, magnitude, sector) to {@code dir}, named by {@link #fileName}. */
    public static List<Path> write(Path dir, long[] ticIds, double[] tmags, int[] sectors, int rows)
            throws IOException {
        if (ticIds.length != tmags.length || ticIds.length != sectors.length) {
            throw new IllegalArgumentException("ticIds, tmags and sectors differ in length: " + ticIds.length + ", "
                    + tmags.length + ", " + sectors.length);
        }
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>(ticIds.length);
        for (int k = 0; k < ticIds.length; k++) {
            Path f = dir.resolve(fileName(ticIds[k], sectors[k]));
            Files.write(f, bytes(ticIds[k], tmags[k], sectors[k], rows));
            files.add(f);
        }
        return files;
    }

    /** The TESS magnitude {@link #write(Path, long, int, int)} gives a TIC id: 7 to 15. */
    public static double magnitude(long ticId) {
        return Math.round(new Rng(ticId, 43, 0).range(7, 15) * 1000) / 1000.0;
    }

    static LightCurveModel.Star star(long ticId, double tmag, int sector, int rows) {
        Rng r = new Rng(ticId, 44, sector);
        double ra = Math.round(r.range(0, 360) * 1e6) / 1e6;
        double dec = Math.round(Math.toDegrees(Math.asin(2 * r.nextDouble() - 1)) * 1e6) / 1e6;
        return new LightCurveModel.Star(false, ticId, tmag, sector, 1 + r.nextInt(4), 1 + r.nextInt(4), ra, dec, rows);
    }
}
