package org.mastspark.emulator.sky;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mastspark.emulator.sky.FitsHdus.Cards;
import org.mastspark.emulator.sky.FitsHdus.Column;
import org.mastspark.emulator.sky.FitsHdus.Hdu;

/**
 * The values and FITS layout of a synthetic SPOC-like light curve ({@code *_lc.fits} for TESS, {@code
 * *llc.fits} for Kepler) and of a TESS target pixel file ({@code *_tp.fits}): a pure function of the star and
 * the observation, so every value can be regenerated and compared.
 *
 * <p>The flux level is set by the star's magnitude ({@code 15000 * 10^(-0.4 (mag - 10))} e-/s), with photon-like
 * seeded noise; one star in four has a box-shaped transit; a block of cadences in mid-sector is a data gap
 * (quality 8, NaN fluxes) and about one cadence in 250 carries another quality flag (momentum dumps and manual
 * excludes with NaN PDCSAP flux). Transcendental functions are {@link StrictMath}'s, whose results are the same
 * on every JVM and CPU, as the bytes must be.
 */
final class LightCurveModel {
    /** Cadences of a TESS sector at 2 minutes (27.4 days). */
    static final int TESS_ROWS = 19_728;
    /** Long cadences of a Kepler quarter at 29.4 minutes (about 90 days). */
    static final int KEPLER_ROWS = 4_400;
    /** Target-pixel-file stamp: 11 x 11 pixels. */
    static final int STAMP = 11;
    /** A target pixel file keeps every 15th cadence (30 minutes), so it stays a few MB. */
    static final int TP_STRIDE = 15;

    /** What a light curve is of. {@code season} is the TESS sector or the Kepler quarter. */
    record Star(boolean kepler, long id, double mag, int season, int camera, int ccd, double ra, double dec, int rows) {
        Star {
            if (rows < 1) {
                throw new IllegalArgumentException("Invalid number of rows " + rows + ": expected at least 1");
            }
        }

        String object() {
            return (kepler ? "KIC " : "TIC ") + id;
        }
    }

    final Star star;
    /** True when only the layout is wanted: headers are counted, not formatted. */
    final boolean counting;

    final double flux0;
    final double sigma;
    final double cadenceDays;
    final double tstart;
    final int cadence0;
    /** Transit period, epoch, duration (days) and depth (fraction), or period 0 for none. */
    final double period;

    final double epoch;
    final double duration;
    final double depth;

    // Columns, one value per row.
    final double[] time;
    final float[] timecorr;
    final int[] cadenceno;
    final float[] sapFlux;
    final float[] sapFluxErr;
    final float[] sapBkg;
    final float[] sapBkgErr;
    final float[] pdcsapFlux;
    final float[] pdcsapFluxErr;
    final int[] quality;
    final double[] psfCentr1;
    final float[] psfCentr1Err;
    final double[] psfCentr2;
    final float[] psfCentr2Err;
    final double[] momCentr1;
    final float[] momCentr1Err;
    final double[] momCentr2;
    final float[] momCentr2Err;
    final float[] posCorr1;
    final float[] posCorr2;

    LightCurveModel(Star star) {
        this(star, true);
    }

    /** With {@code values} false only the layout (for the file's size) is known; the columns stay null. */
    LightCurveModel(Star star, boolean values) {
        this.star = star;
        this.counting = !values;
        this.flux0 = 15000 * StrictMath.pow(10, -0.4 * (star.mag() - 10));
        this.cadenceDays = star.kepler() ? 0.0204335 : 2.0 / 1440;
        double exposure = cadenceDays * 86400 * 0.8;
        this.sigma = Math.sqrt(flux0 / exposure + 4);
        this.tstart = star.kepler() ? 131.51 + 93.0 * star.season() : 1325.293 + 27.4 * (star.season() - 1);
        this.cadence0 = star.kepler() ? 1105 + 4500 * star.season() : 90_000 + 20_000 * (star.season() - 1);
        long h = Rng.mix(star.id() * 0x9E3779B97F4A7C15L + star.season());
        if ((h & 3) == 0) {
            Rng t = new Rng(h, 41, 0);
            period = t.range(1.2, 9.0);
            epoch = tstart + t.range(0, period);
            duration = t.range(0.06, 0.2);
            depth = t.range(0.003, 0.03);
        } else {
            period = 0;
            epoch = 0;
            duration = 0;
            depth = 0;
        }
        int n = star.rows();
        if (!values) {
            time = null;
            timecorr = null;
            cadenceno = null;
            sapFlux = sapFluxErr = sapBkg = sapBkgErr = pdcsapFlux = pdcsapFluxErr = null;
            quality = null;
            psfCentr1 = psfCentr2 = momCentr1 = momCentr2 = null;
            psfCentr1Err = psfCentr2Err = momCentr1Err = momCentr2Err = posCorr1 = posCorr2 = null;
            return;
        }
        time = new double[n];
        timecorr = new float[n];
        cadenceno = new int[n];
        sapFlux = new float[n];
        sapFluxErr = new float[n];
        sapBkg = new float[n];
        sapBkgErr = new float[n];
        pdcsapFlux = new float[n];
        pdcsapFluxErr = new float[n];
        quality = new int[n];
        psfCentr1 = new double[n];
        psfCentr1Err = new float[n];
        psfCentr2 = new double[n];
        psfCentr2Err = new float[n];
        momCentr1 = new double[n];
        momCentr1Err = new float[n];
        momCentr2 = new double[n];
        momCentr2Err = new float[n];
        posCorr1 = new float[n];
        posCorr2 = new float[n];
        Rng r = new Rng(h, 40, 0);
        double col = 50 + (star.id() % 1900);
        double row = 50 + ((star.id() / 1900) % 1900);
        int gapFrom = n / 2 - n / 40;
        int gapTo = n / 2 + n / 40;
        for (int i = 0; i < n; i++) {
            double t = tstart + i * cadenceDays;
            time[i] = t;
            cadenceno[i] = cadence0 + i;
            timecorr[i] = (float) (0.0042 * StrictMath.cos(2 * Math.PI * (t - 1300) / 365.25) + 0.0011);
            double u = r.nextDouble();
            double g1 = r.gaussian();
            double g2 = r.gaussian();
            double g3 = r.gaussian();
            double g4 = r.gaussian();
            int q = 0;
            if (i >= gapFrom && i < gapTo) {
                q = 8;
            } else if (u < 0.002) {
                q = 32;
            } else if (u < 0.003) {
                q = 128;
            } else if (u < 0.004) {
                q = 1024;
            }
            quality[i] = q;
            double pdc = flux0 * transit(t) + sigma * g1;
            double trend = flux0 * 0.002 * StrictMath.sin(2 * Math.PI * (t - tstart) / 13.7);
            double err = sigma * (1 + 0.02 * u);
            boolean gap = q == 8;
            pdcsapFlux[i] = gap || q == 32 || q == 128 ? Float.NaN : (float) pdc;
            pdcsapFluxErr[i] = gap || q == 32 || q == 128 ? Float.NaN : (float) err;
            sapFlux[i] = gap ? Float.NaN : (float) (pdc * 0.93 + trend);
            sapFluxErr[i] = gap ? Float.NaN : (float) (err * 0.97);
            sapBkg[i] =
                    gap ? Float.NaN : (float) (120 + 30 * StrictMath.sin(2 * Math.PI * (t - tstart) / 6.85) + 3 * g2);
            sapBkgErr[i] = gap ? Float.NaN : (float) (1.5 + 0.1 * u);
            psfCentr1[i] = Double.NaN;
            psfCentr1Err[i] = Float.NaN;
            psfCentr2[i] = Double.NaN;
            psfCentr2Err[i] = Float.NaN;
            momCentr1[i] = gap ? Double.NaN : col + 0.01 * g3;
            momCentr1Err[i] = gap ? Float.NaN : (float) (0.0005 + 0.0001 * u);
            momCentr2[i] = gap ? Double.NaN : row + 0.01 * g4;
            momCentr2Err[i] = gap ? Float.NaN : (float) (0.0005 + 0.0001 * u);
            posCorr1[i] = gap ? Float.NaN : (float) (0.002 * g3);
            posCorr2[i] = gap ? Float.NaN : (float) (0.002 * g4);
        }
    }

    /** The relative flux at time t: 1 outside transits, {@code 1 - depth} inside. */
    double transit(double t) {
        if (period == 0) {
            return 1;
        }
        double phase = (t - epoch) / period;
        double off = (phase - Math.rint(phase)) * period;
        return Math.abs(off) < duration / 2 ? 1 - depth : 1;
    }

    static double round6(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    /** Combined differential photometric precision (ppm) over {@code hours}. */
    double cdpp(double hours) {
        double cadences = hours / 24 / cadenceDays;
        return Math.round(1e6 * sigma / flux0 / Math.sqrt(cadences) * 1e4) / 1e4;
    }

    // ---- the light curve file ------------------------------------------------------------------------------

    List<Column> lightCurveColumns() {
        String timeUnit = star.kepler() ? "BJD - 2454833" : "BJD - 2457000, days";
        List<Column> c = new ArrayList<>();
        c.add(new Column("TIME", 'D', timeUnit, "D14.7", time));
        c.add(new Column("TIMECORR", 'E', "d", "E13.6", timecorr));
        c.add(new Column("CADENCENO", 'J', null, "I10", cadenceno));
        c.add(new Column("SAP_FLUX", 'E', "e-/s", "E14.7", sapFlux));
        c.add(new Column("SAP_FLUX_ERR", 'E', "e-/s", "E14.7", sapFluxErr));
        c.add(new Column("SAP_BKG", 'E', "e-/s", "E14.7", sapBkg));
        c.add(new Column("SAP_BKG_ERR", 'E', "e-/s", "E14.7", sapBkgErr));
        c.add(new Column("PDCSAP_FLUX", 'E', "e-/s", "E14.7", pdcsapFlux));
        c.add(new Column("PDCSAP_FLUX_ERR", 'E', "e-/s", "E14.7", pdcsapFluxErr));
        c.add(new Column(star.kepler() ? "SAP_QUALITY" : "QUALITY", 'J', null, "B16.16", quality));
        c.add(new Column("PSF_CENTR1", 'D', "pixel", "F10.5", psfCentr1));
        c.add(new Column("PSF_CENTR1_ERR", 'E', "pixel", "E14.7", psfCentr1Err));
        c.add(new Column("PSF_CENTR2", 'D', "pixel", "F10.5", psfCentr2));
        c.add(new Column("PSF_CENTR2_ERR", 'E', "pixel", "E14.7", psfCentr2Err));
        c.add(new Column("MOM_CENTR1", 'D', "pixel", "F10.5", momCentr1));
        c.add(new Column("MOM_CENTR1_ERR", 'E', "pixel", "E14.7", momCentr1Err));
        c.add(new Column("MOM_CENTR2", 'D', "pixel", "F10.5", momCentr2));
        c.add(new Column("MOM_CENTR2_ERR", 'E', "pixel", "E14.7", momCentr2Err));
        c.add(new Column("POS_CORR1", 'E', "pixels", "E14.7", posCorr1));
        c.add(new Column("POS_CORR2", 'E', "pixels", "E14.7", posCorr2));
        return c;
    }

    /** The primary header of a light curve or target pixel file. */
    Cards primaryCards(String creator) {
        Cards h = FitsHdus.primary(counting);
        h.add("EXTNAME", "PRIMARY", "name of extension");
        h.add("EXTVER", 1, "extension version number (not format version)");
        h.add("SIMDATA", false, "file is based on simulated data");
        h.add("ORIGIN", "NASA/Ames", "institution responsible for this file");
        h.add("CREATOR", creator, "pipeline job and program used");
        h.add("FILEVER", "1.0", "file format version");
        h.add("TIMVERSN", "OGIP/93-003", "OGIP memo number for file format");
        h.add("TELESCOP", star.kepler() ? "Kepler" : "TESS", "telescope");
        h.add("INSTRUME", star.kepler() ? "Kepler Photometer" : "TESS Photometer", "detector type");
        h.add("OBJECT", star.object(), "string version of target id");
        if (star.kepler()) {
            h.add("KEPLERID", star.id(), "unique Kepler target identifier");
            h.add("QUARTER", star.season(), "Observing quarter");
            h.add("MODULE", star.camera(), "CCD module");
            h.add("OUTPUT", star.ccd(), "CCD output");
            h.add("CHANNEL", 4 * (star.camera() - 1) + star.ccd(), "CCD channel");
        } else {
            h.add("TICID", star.id(), "unique tess target identifier");
            h.add("SECTOR", star.season(), "Observing sector");
            h.add("CAMERA", star.camera(), "Camera number");
            h.add("CCD", star.ccd(), "CCD chip number");
        }
        h.add("RADESYS", "ICRS", "reference frame of celestial coordinates");
        h.add("RA_OBJ", star.ra(), "[deg] right ascension");
        h.add("DEC_OBJ", star.dec(), "[deg] declination");
        h.add("EQUINOX", 2000.0, "equinox of celestial coordinate system");
        h.add(star.kepler() ? "KEPMAG" : "TESSMAG", Math.round(star.mag() * 1000) / 1000.0, "[mag] magnitude");
        h.add("TEFF", 4000 + (int) (star.id() % 3000), "[K] Effective temperature");
        h.add("RADIUS", null, "[solar radii] stellar radius");
        h.add("TSTART", round6(tstart), "observation start time in BTJD");
        h.add("TSTOP", round6(tstart + star.rows() * cadenceDays), "observation stop time in BTJD");
        return h;
    }

    /** The cards that follow a LIGHTCURVE or PIXELS table's column cards. */
    void timeCards(Cards h, String extname) {
        h.add("EXTNAME", extname, "name of extension");
        h.add("TELESCOP", star.kepler() ? "Kepler" : "TESS", "telescope");
        h.add("OBJECT", star.object(), "string version of target id");
        h.add("TIMEREF", "SOLARSYSTEM", "barycentric correction applied to times");
        h.add("TASSIGN", "SPACECRAFT", "where time is assigned");
        h.add("TIMESYS", "TDB", "time system is Barycentric Dynamical Time (TDB)");
        h.add("BJDREFI", star.kepler() ? 2454833 : 2457000, "integer part of BTJD reference date");
        h.add("BJDREFF", 0.0, "fraction of the day in BTJD reference date");
        h.add("TIMEUNIT", "d", "time unit for TIME, TSTART and TSTOP");
        h.add("TELAPSE", round6(star.rows() * cadenceDays), "[d] TSTOP - TSTART");
        h.add("LIVETIME", round6(star.rows() * cadenceDays * 0.8), "[d] TELAPSE multiplied by DEADC");
        h.add("TSTART", round6(tstart), "observation start time in BTJD");
        h.add("TSTOP", round6(tstart + star.rows() * cadenceDays), "observation stop time in BTJD");
        h.add("EXPOSURE", round6(star.rows() * cadenceDays * 0.8), "[d] time on source");
        h.add("TIMEDEL", cadenceDays, "[d] time resolution of data");
        h.add("DEADC", 0.8, "deadtime correction");
        h.add("INHERIT", true, "inherit the primary header");
    }

    List<Hdu> lightCurveHdus() {
        List<Column> columns = lightCurveColumns();
        Cards t = FitsHdus.tableCards(columns, star.rows(), counting);
        timeCards(t, "LIGHTCURVE");
        t.add("CDPP0_5", cdpp(0.5), "[ppm] RMS CDPP on 0.5-hr time scales");
        t.add("CDPP1_0", cdpp(1.0), "[ppm] RMS CDPP on 1.0-hr time scales");
        t.add("CDPP2_0", cdpp(2.0), "[ppm] RMS CDPP on 2.0-hr time scales");
        t.add("CROWDSAP", 0.9931, "Ratio of target flux to total flux in op. ap.");
        t.add("FLFRCSAP", 0.93, "Frac. of target flux w/in the op. aperture");
        t.add("PDCVAR", 0.0312, "Target variability");
        t.add("PDCMETHD", "msMAP", "PDC algorithm used for target");
        t.add("PDC_VAR", null, "Target variability");
        t.add("PDC_VARP", null, "Target variability");
        return FitsHdus.list(
                FitsHdus.primaryHdu(primaryCards(star.kepler() ? "lightcurve" : "spoc-4.0.27-lightcurve")),
                FitsHdus.table(t, columns, star.rows()),
                apertureHdu());
    }

    /** Aperture bits: 1 collected, 2 optimal aperture, 4 centroid, 8 background. */
    static int[] aperture() {
        int[] a = new int[STAMP * STAMP];
        double c = (STAMP - 1) / 2.0;
        for (int y = 0; y < STAMP; y++) {
            for (int x = 0; x < STAMP; x++) {
                double r = Math.hypot(x - c, y - c);
                a[y * STAMP + x] = r < 2.2 ? 7 : r > 4.5 ? 9 : 1;
            }
        }
        return a;
    }

    Hdu apertureHdu() {
        Cards a = FitsHdus.imageCards(STAMP, STAMP, counting);
        a.add("EXTNAME", "APERTURE", "name of extension");
        a.add("TELESCOP", star.kepler() ? "Kepler" : "TESS", "telescope");
        a.add("OBJECT", star.object(), "string version of target id");
        a.add("NPIXSAP", 13, "Number of pixels in optimal aperture");
        a.add("NPIXMISS", 0, "Number of op. aperture pixels not collected");
        a.add("INHERIT", true, "inherit the primary header");
        return FitsHdus.image(a, STAMP, STAMP, aperture());
    }

    // ---- the target pixel file -----------------------------------------------------------------------------

    int tpRows() {
        return (star.rows() + TP_STRIDE - 1) / TP_STRIDE;
    }

    /** Target-pixel-file columns: each pixel cell is the star (a Gaussian PSF at the flux level) over background. */
    Map<String, Object> tpValues() {
        int n = tpRows();
        int px = STAMP * STAMP;
        double[] t = new double[n];
        float[] tc = new float[n];
        int[] cad = new int[n];
        int[] raw = new int[n * px];
        float[] flux = new float[n * px];
        float[] fluxErr = new float[n * px];
        float[] bkg = new float[n * px];
        float[] bkgErr = new float[n * px];
        int[] q = new int[n];
        float[] pc1 = new float[n];
        float[] pc2 = new float[n];
        double c = (STAMP - 1) / 2.0;
        double[] psf = new double[px];
        double norm = 0;
        for (int k = 0; k < px; k++) {
            double dx = k % STAMP - c;
            double dy = k / STAMP - c;
            psf[k] = StrictMath.exp(-(dx * dx + dy * dy) / (2 * 1.1 * 1.1));
            norm += psf[k];
        }
        Rng r = new Rng(Rng.mix(star.id() * 0x9E3779B97F4A7C15L + star.season()), 42, 0);
        for (int j = 0; j < n; j++) {
            int i = j * TP_STRIDE;
            t[j] = time[i];
            tc[j] = timecorr[i];
            cad[j] = cadenceno[i];
            q[j] = quality[i];
            pc1[j] = posCorr1[i];
            pc2[j] = posCorr2[i];
            boolean gap = quality[i] == 8;
            double level = flux0 * transit(time[i]);
            double b = gap ? Double.NaN : sapBkg[i] / 13.0;
            for (int k = 0; k < px; k++) {
                int at = j * px + k;
                double star = level * psf[k] / norm;
                double e = Math.sqrt(star / 96 + 4);
                double v = gap ? Double.NaN : star + e * r.gaussian();
                flux[at] = (float) v;
                fluxErr[at] = gap ? Float.NaN : (float) e;
                bkg[at] = (float) b;
                bkgErr[at] = gap ? Float.NaN : 0.4f;
                raw[at] = gap ? -1 : (int) Math.max(0, Math.round((v + b) * 96 * 0.8));
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("TIME", t);
        m.put("TIMECORR", tc);
        m.put("CADENCENO", cad);
        m.put("RAW_CNTS", raw);
        m.put("FLUX", flux);
        m.put("FLUX_ERR", fluxErr);
        m.put("FLUX_BKG", bkg);
        m.put("FLUX_BKG_ERR", bkgErr);
        m.put("QUALITY", q);
        m.put("POS_CORR1", pc1);
        m.put("POS_CORR2", pc2);
        return m;
    }

    List<Hdu> targetPixelHdus() {
        Map<String, Object> v = counting ? new LinkedHashMap<>() : tpValues();
        int px = STAMP * STAMP;
        String dim = "(" + STAMP + ", " + STAMP + ")";
        List<Column> columns = List.of(
                new Column("TIME", 'D', "BJD - 2457000, days", "D14.7", v.get("TIME")),
                new Column("TIMECORR", 'E', "d", "E14.7", v.get("TIMECORR")),
                new Column("CADENCENO", 'J', null, "I10", v.get("CADENCENO")),
                new Column("RAW_CNTS", 'J', px, "count", "I8", dim, null, v.get("RAW_CNTS")),
                new Column("FLUX", 'E', px, "e-/s", "E14.7", dim, null, v.get("FLUX")),
                new Column("FLUX_ERR", 'E', px, "e-/s", "E14.7", dim, null, v.get("FLUX_ERR")),
                new Column("FLUX_BKG", 'E', px, "e-/s", "E14.7", dim, null, v.get("FLUX_BKG")),
                new Column("FLUX_BKG_ERR", 'E', px, "e-/s", "E14.7", dim, null, v.get("FLUX_BKG_ERR")),
                new Column("QUALITY", 'J', null, "B16.16", v.get("QUALITY")),
                new Column("POS_CORR1", 'E', "pixel", "E14.7", v.get("POS_CORR1")),
                new Column("POS_CORR2", 'E', "pixel", "E14.7", v.get("POS_CORR2")));
        Cards t = FitsHdus.tableCards(columns, tpRows(), counting);
        timeCards(t, "PIXELS");
        t.add("CDPP0_5", cdpp(0.5), "[ppm] RMS CDPP on 0.5-hr time scales");
        t.add("CDPP1_0", cdpp(1.0), "[ppm] RMS CDPP on 1.0-hr time scales");
        t.add("CDPP2_0", cdpp(2.0), "[ppm] RMS CDPP on 2.0-hr time scales");
        t.add("NUM_FRM", 60 * TP_STRIDE, "number of frames per time stamp");
        return FitsHdus.list(
                FitsHdus.primaryHdu(primaryCards("spoc-4.0.27-targetpixel")),
                FitsHdus.table(t, columns, tpRows()),
                apertureHdu());
    }
}
