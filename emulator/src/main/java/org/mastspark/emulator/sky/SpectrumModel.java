package org.mastspark.emulator.sky;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.mastspark.emulator.sky.FitsHdus.Cards;
import org.mastspark.emulator.sky.FitsHdus.Column;
import org.mastspark.emulator.sky.FitsHdus.Hdu;

/**
 * The values and FITS layout of synthetic 1-d spectra, a pure function of the observation: an HST COS-like
 * {@code *_x1d.fits} (one {@code SCI} table row per detector segment, array cells of {@code NELEM} values) and
 * a JWST-like {@code *_x1d.fits} (one {@code EXTRACT1D} table per spectrum, EXTVER 1..n, scalar columns, DQ as
 * uint32 stored as {@code J} with {@code TZERO = 2147483648}). The target's magnitude sets the flux level; the
 * continuum carries a few absorption lines; the edges of each segment are flagged in DQ.
 */
final class SpectrumModel {
    /** COS FUV: pixels per segment. */
    static final int HST_NELEM = 16_384;

    static final String[] HST_SEGMENTS = {"FUVA", "FUVB"};

    /** What a spectrum is of: the observation's identifiers and a seed for its values. */
    record Target(
            String telescope,
            String instrument,
            String element,
            String rootname,
            String name,
            double ra,
            double dec,
            double mag,
            double exptime,
            long key) {}

    private SpectrumModel() {}

    static double round6(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    private static Cards primary(Target t, int extensions, boolean counting) {
        Cards h = new Cards(counting)
                .add("SIMPLE", true, "conforms to FITS standards")
                .add("BITPIX", 8, "array data type")
                .add("NAXIS", 0, "number of array dimensions")
                .add("EXTEND", true, "file contains extensions")
                .add("NEXTEND", extensions, "number of standard extensions");
        h.add("ORIGIN", "STScI/MAST", "organization responsible for this file");
        h.add("FILETYPE", "x1d", "type of data found in data file");
        h.add("TELESCOP", t.telescope(), "telescope used to acquire data");
        h.add("INSTRUME", t.instrument(), "identifier for instrument used to acquire data");
        h.add("ROOTNAME", t.rootname(), "rootname of the observation set");
        h.add("TARGNAME", t.name(), "proposer's target name");
        h.add("RA_TARG", round6(t.ra()), "[deg] right ascension of the target");
        h.add("DEC_TARG", round6(t.dec()), "[deg] declination of the target");
        h.add("OPT_ELEM", t.element(), "optical element in use");
        h.add("EXPTIME", t.exptime(), "[s] exposure duration");
        h.add("TARGMAG", Math.round(t.mag() * 1000) / 1000.0, "[mag] synthetic target magnitude");
        return h;
    }

    // ---- HST COS-like x1d ---------------------------------------------------------------------------------

    /** The values of an HST x1d, one array per column, row-major over the segments. */
    record Hst(
            byte[] segment,
            double[] exptime,
            int[] nelem,
            double[] wavelength,
            float[] flux,
            float[] error,
            float[] errorLower,
            float[] gross,
            float[] gcounts,
            float[] net,
            float[] background,
            short[] dq,
            float[] dqWgt) {}

    static Hst hstValues(Target t) {
        int rows = HST_SEGMENTS.length;
        int n = HST_NELEM;
        byte[] segment = new byte[4 * rows];
        double[] exptime = new double[rows];
        int[] nelem = new int[rows];
        double[] wl = new double[rows * n];
        float[] flux = new float[rows * n];
        float[] error = new float[rows * n];
        float[] errorLower = new float[rows * n];
        float[] gross = new float[rows * n];
        float[] gcounts = new float[rows * n];
        float[] net = new float[rows * n];
        float[] background = new float[rows * n];
        short[] dq = new short[rows * n];
        float[] dqWgt = new float[rows * n];
        // Continuum at 1300 A: erg/s/cm2/A for the target's magnitude; 1 count/s per 1e-15 of flux.
        double f0 = 3.6e-9 * StrictMath.pow(10, -0.4 * t.mag());
        double sensitivity = 1e-15;
        Rng r = new Rng(t.key(), 50, 0);
        double[] lines = {1206.5, 1238.8, 1302.2, 1334.5, 1393.8, 1402.8};
        for (int s = 0; s < rows; s++) {
            byte[] name = HST_SEGMENTS[s].getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(name, 0, segment, 4 * s, 4);
            exptime[s] = t.exptime();
            nelem[s] = n;
            double start = s == 0 ? 1290.0 : 1130.0;
            for (int k = 0; k < n; k++) {
                int i = s * n + k;
                double w = start + k * 0.00997;
                double absorb = 1;
                for (double l : lines) {
                    double d = (w - l) / 0.15;
                    absorb -= 0.6 * StrictMath.exp(-d * d / 2);
                }
                double f = f0 * StrictMath.pow(w / 1300, -2) * absorb;
                double rate = f / sensitivity;
                double bkg = 0.002;
                double counts = Math.max(1, (rate + bkg) * t.exptime());
                double e = Math.sqrt(counts) / t.exptime() * sensitivity;
                double noisy = f + e * r.gaussian();
                boolean edge = k < 200 || k >= n - 200;
                wl[i] = w;
                flux[i] = (float) noisy;
                error[i] = (float) e;
                errorLower[i] = (float) e;
                net[i] = (float) (noisy / sensitivity);
                background[i] = (float) bkg;
                gross[i] = (float) (noisy / sensitivity + bkg);
                gcounts[i] = (float) ((noisy / sensitivity + bkg) * t.exptime());
                dq[i] = (short) (edge ? 128 : r.nextInt(400) == 0 ? 4 : 0);
                dqWgt[i] = dq[i] == 0 ? 1f : 0f;
            }
        }
        return new Hst(
                segment, exptime, nelem, wl, flux, error, errorLower, gross, gcounts, net, background, dq, dqWgt);
    }

    static List<Hdu> hstHdus(Target t, boolean values) {
        Hst v = values ? hstValues(t) : null;
        int n = HST_NELEM;
        String fluxUnit = "erg /s /cm**2 /angstrom";
        List<Column> columns = List.of(
                new Column("SEGMENT", 'A', 4, null, null, null, null, v == null ? null : v.segment()),
                new Column("EXPTIME", 'D', "s", "F8.3", v == null ? null : v.exptime()),
                new Column("NELEM", 'J', null, "I6", v == null ? null : v.nelem()),
                new Column("WAVELENGTH", 'D', n, "angstrom", null, null, null, v == null ? null : v.wavelength()),
                new Column("FLUX", 'E', n, fluxUnit, null, null, null, v == null ? null : v.flux()),
                new Column("ERROR", 'E', n, fluxUnit, null, null, null, v == null ? null : v.error()),
                new Column("ERROR_LOWER", 'E', n, fluxUnit, null, null, null, v == null ? null : v.errorLower()),
                new Column("GROSS", 'E', n, "count /s", null, null, null, v == null ? null : v.gross()),
                new Column("GCOUNTS", 'E', n, "count", null, null, null, v == null ? null : v.gcounts()),
                new Column("NET", 'E', n, "count /s", null, null, null, v == null ? null : v.net()),
                new Column("BACKGROUND", 'E', n, "count /s", null, null, null, v == null ? null : v.background()),
                new Column("DQ", 'I', n, null, null, null, null, v == null ? null : v.dq()),
                new Column("DQ_WGT", 'E', n, null, null, null, null, v == null ? null : v.dqWgt()));
        int rows = HST_SEGMENTS.length;
        Cards sci = FitsHdus.tableCards(columns, rows, !values);
        sci.add("EXTNAME", "SCI", "extension name");
        sci.add("EXTVER", 1, "extension version number");
        sci.add("ROOTNAME", t.rootname(), "rootname of the observation set");
        sci.add("EXPTIME", t.exptime(), "[s] exposure time");
        sci.add("SPORDER", 1, "spectral order");
        sci.add("BUNIT", fluxUnit, "brightness units");
        return FitsHdus.list(FitsHdus.primaryHdu(primary(t, 1, !values)), FitsHdus.table(sci, columns, rows));
    }

    // ---- JWST x1d -----------------------------------------------------------------------------------------

    /** Spectra in a JWST x1d: 1 to 3. */
    static int jwstSpectra(Target t) {
        return 1 + new Rng(t.key(), 51, 0).nextInt(3);
    }

    /** Rows of spectrum {@code ext} (1-based): 400 to 2047. */
    static int jwstRows(Target t, int ext) {
        return 400 + new Rng(t.key(), 52, ext).nextInt(1648);
    }

    /** The values of one EXTRACT1D table; {@code dq} holds the uint32 values (0 to 2^32 - 1). */
    record Jwst(
            double[] wavelength,
            double[] flux,
            double[] fluxError,
            double[] surfBright,
            double[] sbError,
            long[] dq,
            double[] background,
            double[] bkgdError,
            double[] npixels) {
        int[] dqStored() {
            int[] s = new int[dq.length];
            for (int i = 0; i < dq.length; i++) {
                s[i] = (int) (dq[i] - 2147483648L);
            }
            return s;
        }
    }

    static Jwst jwstValues(Target t, int ext) {
        int n = jwstRows(t, ext);
        Rng r = new Rng(t.key(), 53, ext);
        double start = r.range(0.6, 3.0);
        double step = r.range(0.0005, 0.003);
        double jy = 3631 * StrictMath.pow(10, -0.4 * (t.mag() + (ext - 1) * 0.7));
        double[] wl = new double[n];
        double[] flux = new double[n];
        double[] fluxError = new double[n];
        double[] sb = new double[n];
        double[] sbError = new double[n];
        long[] dq = new long[n];
        double[] bkg = new double[n];
        double[] bkgErr = new double[n];
        double[] npix = new double[n];
        for (int i = 0; i < n; i++) {
            double w = start + i * step;
            double f = jy * StrictMath.pow(w / 2.0, -1.5);
            double e = 0.01 * f + 1e-7;
            wl[i] = w;
            flux[i] = f + e * r.gaussian();
            fluxError[i] = e;
            sb[i] = flux[i] * 42.5;
            sbError[i] = e * 42.5;
            bkg[i] = 0.05 + 0.001 * r.gaussian();
            bkgErr[i] = 0.001;
            npix[i] = 5.0;
            double u = r.nextDouble();
            // DO_NOT_USE (bit 0) at the ends; the top bit (REFERENCE_PIXEL) now and then, which only an unsigned
            // reading of the TZERO-shifted J column gets right.
            dq[i] = i < 5 || i >= n - 5 ? 1 : u < 0.01 ? 0x80000001L : u < 0.03 ? 4 : u < 0.031 ? 0xFFFFFFFFL : 0;
        }
        return new Jwst(wl, flux, fluxError, sb, sbError, dq, bkg, bkgErr, npix);
    }

    static List<Hdu> jwstHdus(Target t, boolean values) {
        int spectra = jwstSpectra(t);
        List<Hdu> hdus = new ArrayList<>();
        hdus.add(FitsHdus.primaryHdu(primary(t, spectra, !values)));
        for (int ext = 1; ext <= spectra; ext++) {
            Jwst v = values ? jwstValues(t, ext) : null;
            int rows = jwstRows(t, ext);
            List<Column> columns = List.of(
                    new Column("WAVELENGTH", 'D', "um", null, v == null ? null : v.wavelength()),
                    new Column("FLUX", 'D', "Jy", null, v == null ? null : v.flux()),
                    new Column("FLUX_ERROR", 'D', "Jy", null, v == null ? null : v.fluxError()),
                    new Column("SURF_BRIGHT", 'D', "MJy/sr", null, v == null ? null : v.surfBright()),
                    new Column("SB_ERROR", 'D', "MJy/sr", null, v == null ? null : v.sbError()),
                    new Column("DQ", 'J', 1, null, null, null, 2147483648L, v == null ? null : v.dqStored()),
                    new Column("BACKGROUND", 'D', "MJy/sr", null, v == null ? null : v.background()),
                    new Column("BKGD_ERROR", 'D', "MJy/sr", null, v == null ? null : v.bkgdError()),
                    new Column("NPIXELS", 'D', null, null, v == null ? null : v.npixels()));
            Cards h = FitsHdus.tableCards(columns, rows, !values);
            h.add("EXTNAME", "EXTRACT1D", "extension name");
            h.add("EXTVER", ext, "extension value");
            h.add("SRCTYPE", "POINT", "source type used for calibration");
            h.add("SPORDER", 1, "spectral order number");
            hdus.add(FitsHdus.table(h, columns, rows));
        }
        return hdus;
    }
}
