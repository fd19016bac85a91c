package org.mastspark.emulator.sky;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mastspark.emulator.sky.FitsHdus.Cards;
import org.mastspark.emulator.sky.FitsHdus.Hdu;
import org.mastspark.emulator.sky.TessFootprints.Frame;

/**
 * TESScut target pixel files as astrocut 1.2 writes them (research note cutouts-api.md section 6), with values
 * from the synthetic sky: a PRIMARY header without data, the {@code PIXELS} table (one row per 30-minute FFI,
 * {@value #ROWS} rows per sector: two orbits of {@value #ORBIT_CADENCES} cadences with a one-day downlink gap)
 * and the {@code APERTURE} int32 image carrying the cutout's linear TAN WCS. Header cards go through
 * nom-tam-fits ({@link FitsHdus}); the table bytes are written directly.
 *
 * <p>FLUX is the sky seen by the CCD: a background that drifts over the sector, every TIC star near the cutout
 * (Gaussian PSF of sigma {@value #PSF_SIGMA} pixel integrated over each pixel, 15,000 e-/s at Tmag 10) and
 * Gaussian noise of FLUX_ERR. Pixels off the CCD are NaN in FLUX and FLUX_ERR and 0 in APERTURE. RAW_CNTS is
 * -1 (its TNULL), FLUX_BKG, FLUX_BKG_ERR, POS_CORR1/2 and CADENCENO are 0, as astrocut writes them. Every value
 * is a pure function of the sky's seed and the request, so the same request gives the same bytes.
 */
public final class TargetPixelFiles {
    /** Cadences per orbit (30-minute FFIs). */
    public static final int ORBIT_CADENCES = 633;
    /** Rows of a sector's PIXELS table. */
    public static final int ROWS = 2 * ORBIT_CADENCES;
    /** Cadence in days. */
    public static final double CADENCE_DAYS = 1.0 / 48;
    /** The mid-sector downlink gap in days. */
    public static final double GAP_DAYS = 1.0;
    /** TSTART (BTJD) of sector 1; sector s starts {@code (s - 1) * 27.4} days later. */
    public static final double FIRST_TSTART = 1325.29;

    public static final double SECTOR_DAYS = 27.4;
    static final double PSF_SIGMA = 0.75;
    /** e-/s of a Tmag 10 star. */
    static final double ZERO_POINT_FLUX = 15_000;

    static final String PROCVER = "1.2.0";
    private static final double[] NORMALS = normals();
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS", Locale.ROOT);
    private static final LocalDateTime BTJD_ZERO = LocalDateTime.of(2014, 12, 8, 12, 0, 0);

    private TargetPixelFiles() {}

    /** TSTART (BTJD days) of a sector. */
    public static double tstart(int sector) {
        return FIRST_TSTART + (sector - 1) * SECTOR_DAYS;
    }

    /** TSTOP (BTJD days) of a sector: the end of its last FFI. */
    public static double tstop(int sector) {
        return tstart(sector) + ROWS * CADENCE_DAYS + GAP_DAYS;
    }

    /** Start (BTJD) of the FFI of row {@code i} of a sector. */
    public static double ffiStart(int sector, int i) {
        return tstart(sector) + i * CADENCE_DAYS + (i >= ORBIT_CADENCES ? GAP_DAYS : 0);
    }

    /** The TIME column of row {@code i}: the FFI's mid-time. */
    public static double time(int sector, int i) {
        return ffiStart(sector, i) + CADENCE_DAYS / 2;
    }

    /**
     * A cutout of a fixed target.
     *
     * @param ra requested centre (RA_OBJ)
     * @param dec requested centre (DEC_OBJ)
     * @param ccd the CCD cut
     * @param frame its camera frame
     * @param x0 camera pixel column of the cutout's first pixel
     * @param y0 camera pixel row of the cutout's first pixel
     * @param nx columns
     * @param ny rows
     */
    public record Cutout(
            double ra, double dec, TessFootprints.Ccd ccd, Frame frame, long x0, long y0, int nx, int ny) {}

    /** The bytes of the target pixel file of a fixed-target cutout. */
    public static byte[] write(SyntheticSky sky, Cutout c) {
        int n = c.nx() * c.ny();
        int sector = c.ccd().sector();
        // The static scene: background plus stars, NaN off the CCD.
        float[] scene = new float[n];
        float[] err = new float[n];
        int[] aperture = new int[n];
        double background = background(sky.seed(), c.ra(), c.dec());
        double[] flux = new double[n];
        java.util.Arrays.fill(flux, background);
        double halfDiagonal = Math.hypot(c.nx(), c.ny()) / 2 + 4;
        double[] centre = c.frame().sky(c.x0() + (c.nx() - 1) / 2.0, c.y0() + (c.ny() - 1) / 2.0);
        for (double[] star :
                sky.ticStarsInCone(centre[0], centre[1], halfDiagonal * TessFootprints.PIXEL_ARCSEC / 3600)) {
            double[] p = c.frame().pixel(star[0], star[1]);
            if (p != null) {
                addStar(flux, c.nx(), c.ny(), p[0] - c.x0(), p[1] - c.y0(), starFlux(star[2]));
            }
        }
        int missing = 0;
        for (int j = 0; j < c.ny(); j++) {
            for (int i = 0; i < c.nx(); i++) {
                int k = j * c.nx() + i;
                if (c.frame().ccdOfPixel(c.x0() + i, c.y0() + j) == c.ccd().ccd()) {
                    aperture[k] = 1;
                    scene[k] = (float) flux[k];
                    err[k] = (float) Math.sqrt(flux[k] / 1425.0 + 0.01);
                } else {
                    missing++;
                    scene[k] = Float.NaN;
                    err[k] = Float.NaN;
                }
            }
        }
        long noiseSeed = Rng.mix(sky.seed()
                ^ Rng.mix(Double.doubleToLongBits(c.ra()) * 31 + sector)
                ^ Double.doubleToLongBits(c.dec())
                ^ (c.x0() << 20)
                ^ c.y0());

        Cards primary = primary(c.ccd(), c.ra(), c.dec(), null);
        List<Hdu> hdus = new ArrayList<>();
        hdus.add(FitsHdus.primaryHdu(primary));
        hdus.add(pixels(primary, c.ccd(), c.nx(), c.ny(), scene, err, noiseSeed, null, 0));
        hdus.add(aperture(primary, c, aperture, missing));
        return FitsHdus.bytes(hdus);
    }

    /**
     * The path-focused target pixel file of a moving target in one sector (research note 6.4): each row's
     * cutout is centred on the target's position at that FFI, the PRIMARY has OBJECT and no RA_OBJ/DEC_OBJ,
     * PIXELS gains TGT_X, TGT_Y (CCD pixel, 0-based), TGT_RA and TGT_DEC, and there is no APERTURE (optional
     * in astrocut: it would be the whole FFI). The scene is the target on a flat background (no stars).
     */
    public static byte[] writeMoving(
            SyntheticSky sky,
            TessFootprints.MovingTarget target,
            TessFootprints.Ccd ccd,
            double sizeX,
            double sizeY,
            boolean degrees) {
        Frame frame = TessFootprints.frame(ccd.sector(), ccd.camera());
        double[][] path = new double[ROWS][];
        int nx = 0;
        int ny = 0;
        double t0 = tstart(ccd.sector());
        double span = tstop(ccd.sector()) - t0;
        for (int i = 0; i < ROWS; i++) {
            double[] xy = target.pixel(ccd, (time(ccd.sector(), i) - t0) / span);
            long[] lx = limits(xy[0], sizeX, degrees);
            long[] ly = limits(xy[1], sizeY, degrees);
            nx = (int) (lx[1] - lx[0]);
            ny = (int) (ly[1] - ly[0]);
            double[] radec = frame.sky(xy[0], xy[1]);
            path[i] = new double[] {
                xy[0] < 0 ? xy[0] + TessFootprints.CCD_PIXELS : xy[0],
                xy[1] < 0 ? xy[1] + TessFootprints.CCD_PIXELS : xy[1],
                radec[0],
                radec[1],
                xy[0] - lx[0],
                xy[1] - ly[0]
            };
        }
        Cards primary = primary(ccd, 0, 0, target.name());
        long seed = Rng.mix(sky.seed() ^ target.name().hashCode() * 31L + ccd.sector());
        List<Hdu> hdus = new ArrayList<>();
        hdus.add(FitsHdus.primaryHdu(primary));
        hdus.add(pixels(
                primary, ccd, nx, ny, new float[nx * ny], new float[nx * ny], seed, path, starFlux(target.tmag())));
        return FitsHdus.bytes(hdus);
    }

    /**
     * astrocut's cutout limits along one axis: {@code [round(c - size/2), round(c + size/2))} in pixels (sizes
     * in degrees divided by the pixel scale), at least one pixel; rounding half to even, as numpy's.
     */
    public static long[] limits(double centre, double size, boolean degrees) {
        double half = (degrees ? size * 3600 / TessFootprints.PIXEL_ARCSEC : size) / 2;
        long lo = (long) Math.rint(centre - half);
        long hi = (long) Math.rint(centre + half);
        if (lo == hi) {
            lo = (long) Math.floor(centre);
            hi = lo + 1;
        }
        return new long[] {lo, hi};
    }

    /** A double card value: integral values written as {@code 2000.0} (nom-tam-fits would write {@code 2.E3}). */
    static Object real(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? FitsHdus.Literal.of(v) : (Object) v;
    }

    /** e-/s of a star of TESS magnitude {@code tmag}. */
    static double starFlux(double tmag) {
        return ZERO_POINT_FLUX * Math.pow(10, -0.4 * (tmag - 10));
    }

    /** The background (e-/s per pixel) of a field: 20 to 80, from the seed and the position. */
    static double background(long seed, double ra, double dec) {
        Rng r = new Rng(seed, 950, (long) Math.floor(ra) * 1000 + (long) Math.floor(dec + 90));
        return 20 + 60 * r.nextDouble();
    }

    /** Adds a star at cutout pixel coordinates (px, py) (pixel centres at integers) to a flux image. */
    static void addStar(double[] flux, int nx, int ny, double px, double py, double total) {
        int reach = 4;
        int i0 = Math.max(0, (int) Math.floor(px) - reach);
        int i1 = Math.min(nx - 1, (int) Math.ceil(px) + reach);
        int j0 = Math.max(0, (int) Math.floor(py) - reach);
        int j1 = Math.min(ny - 1, (int) Math.ceil(py) + reach);
        if (i0 > i1 || j0 > j1) {
            return;
        }
        double[] fx = new double[i1 - i0 + 1];
        for (int i = i0; i <= i1; i++) {
            fx[i - i0] = cdf((i + 0.5 - px) / PSF_SIGMA) - cdf((i - 0.5 - px) / PSF_SIGMA);
        }
        for (int j = j0; j <= j1; j++) {
            double fy = cdf((j + 0.5 - py) / PSF_SIGMA) - cdf((j - 0.5 - py) / PSF_SIGMA);
            for (int i = i0; i <= i1; i++) {
                flux[j * nx + i] += total * fx[i - i0] * fy;
            }
        }
    }

    /** The standard normal CDF (Abramowitz and Stegun 7.1.26 through erf, error below 1.5e-7). */
    static double cdf(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double y = 1
                - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592)
                        * t
                        * Math.exp(-x * x);
        return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
    }

    /** The background drift of row i: a slow scattered-light ramp at the start of each orbit. */
    static double drift(int i) {
        int inOrbit = i % ORBIT_CADENCES;
        return 15 * Math.exp(-inOrbit / 40.0);
    }

    /** QUALITY of row i: 32 (reaction wheel desaturation) every 3.125 days. */
    static int quality(int i) {
        return i % 150 == 149 ? 32 : 0;
    }

    /** Cards of the primary HDU (also inherited into the extensions). {@code object} non-null for moving targets. */
    static Cards primary(TessFootprints.Ccd ccd, double ra, double dec, String object) {
        int s = ccd.sector();
        double tstart = tstart(s);
        double tstop = tstop(s);
        Cards h = new Cards(false)
                .add("SIMPLE", true, "conforms to FITS standards")
                .add("BITPIX", 8, "array data type")
                .add("NAXIS", 0, "number of array dimensions")
                .add("EXTEND", true, "file contains extensions")
                .add("NEXTEND", object == null ? 2 : 1, "number of standard extensions")
                .add("EXTNAME", "PRIMARY", "name of extension")
                .add("EXTVER", 1, "extension version number (not format version)")
                .add("SIMDATA", false, "file is based on simulated data")
                .add("ORIGIN", "STScI/MAST", "institution responsible for creating this file")
                .add("DATE", date(tstop + 5).substring(0, 10), "file creation date.")
                .add("TSTART", real(tstart), "observation start time in TJD of first FFI")
                .add("TSTOP", real(tstop), "observation stop time in TJD of last FFI")
                .add("DATE-OBS", date(tstart), "TSTART as UTC calendar date of first FFI")
                .add("DATE-END", date(tstop), "TSTOP as UTC calendar date of last FFI")
                .add("CREATOR", "astrocut", "software used to produce this file")
                .add("PROCVER", PROCVER, "software version")
                .add("FILEVER", "1.0", "file format version")
                .add("TIMVERSN", "OGIP/93-003", "OGIP memo number for file format")
                .add("TELESCOP", "TESS", "telescope")
                .add("INSTRUME", "TESS Photometer", "detector type")
                .add("DATA_REL", 1 + (s - 1) / 2, "data release version number")
                .add("SECTOR", s, "Observing sector")
                .add("CAMERA", ccd.camera(), "Camera number")
                .add("CCD", ccd.ccd(), "CCD chip number")
                .add("RADESYS", "ICRS", "reference frame of celestial coordinates")
                .add("EQUINOX", real(2000.0), "equinox of celestial coordinate system");
        if (object == null) {
            h.add("RA_OBJ", real(ra), "[deg] right ascension").add("DEC_OBJ", real(dec), "[deg] declination");
        }
        return h.add("FFI_TYPE", "SPOC", "the FFI type used to make the cutouts")
                .add("TIMEREF", "SOLARSYSTEM", "barycentric correction applied to times")
                .add("TASSIGN", "SPACECRAFT", "where time is assigned")
                .add("TIMESYS", "TDB", "time system is Barycentric Dynamical Time (TDB)")
                .add("BJDREFI", 2457000, "integer part of BTJD reference date")
                .add("BJDREFF", real(0.0), "fraction of the day in BTJD reference date")
                .add("TIMEUNIT", "d", "time unit for TIME, TSTART and TSTOP")
                .add("TELAPSE", real(tstop - tstart), "[d] TSTOP - TSTART")
                .add("OBJECT", object == null ? "" : object, "string version of target id")
                .add("TCID", 0, "unique tess target identifier")
                .add("PXTABLE", 0, "pixel table id")
                .add("PMRA", real(0.0), "[mas/yr] RA proper motion")
                .add("PMDEC", real(0.0), "[mas/yr] Dec proper motion")
                .add("PMTOTAL", real(0.0), "[mas/yr] total proper motion")
                .add("TESSMAG", real(0.0), "[mag] TESS magnitude")
                .add("TEFF", real(0.0), "[K] Effective temperature")
                .add("LOGG", real(0.0), "[cm/s2] log10 surface gravity")
                .add("MH", real(0.0), "[log10([M/H])] metallicity")
                .add("RADIUS", real(0.0), "[solar radii] stellar radius")
                .add("TICVER", 0, "TICVER")
                .add("TICID", "", "unique tess target identifier");
    }

    /** Primary cards an extension inherits (astrocut copies every primary card not already present). */
    private static final java.util.Set<String> NOT_INHERITED =
            java.util.Set.of("SIMPLE", "BITPIX", "NAXIS", "EXTEND", "NEXTEND", "EXTNAME", "EXTVER", "COMMENT");

    private static void inherit(Cards to, Cards primary, java.util.Set<String> present) {
        java.util.Set<String> except = new java.util.HashSet<>(NOT_INHERITED);
        except.addAll(present);
        to.addAll(primary, except);
    }

    /**
     * The PIXELS table. For a moving target ({@code path} non-null: per row {TGT_X, TGT_Y, TGT_RA, TGT_DEC, and
     * the target's cutout pixel coordinates}), the scene is a background and the target ({@code targetFlux}) at
     * its position in each row, and four TGT_ columns follow FFI_FILE.
     */
    static Hdu pixels(
            Cards primary,
            TessFootprints.Ccd ccd,
            int nx,
            int ny,
            float[] scene,
            float[] err,
            long noiseSeed,
            double[][] path,
            double targetFlux) {
        boolean moving = path != null;
        int n = nx * ny;
        String dim = "(" + nx + ", " + ny + ")";
        Cards h = new Cards(false)
                .add("XTENSION", "BINTABLE", "binary table extension")
                .add("BITPIX", 8, "array data type")
                .add("NAXIS", 2, "number of array dimensions")
                .add("NAXIS1", 66 + 20 * n + (moving ? 32 : 0), "length of dimension 1")
                .add("NAXIS2", ROWS, "length of dimension 2")
                .add("PCOUNT", 0, "number of group parameters")
                .add("GCOUNT", 1, "number of groups")
                .add("TFIELDS", moving ? 16 : 12, "number of table fields");
        column(h, 1, "TIME", "D", "BJD - 2457000, days", "D14.7", null, null);
        column(h, 2, "TIMECORR", "E", "d", "E14.7", null, null);
        column(h, 3, "CADENCENO", "J", null, "I10", null, null);
        column(h, 4, "RAW_CNTS", n + "J", "count", "I8", -1, dim);
        column(h, 5, "FLUX", n + "E", "e-/s", "E14.7", null, dim);
        column(h, 6, "FLUX_ERR", n + "E", "e-/s", "E14.7", null, dim);
        column(h, 7, "FLUX_BKG", n + "E", "e-/s", "E14.7", null, dim);
        column(h, 8, "FLUX_BKG_ERR", n + "E", "e-/s", "E14.7", null, dim);
        column(h, 9, "QUALITY", "J", null, "B16.16", null, null);
        column(h, 10, "POS_CORR1", "E", "pixel", "E14.7", null, null);
        column(h, 11, "POS_CORR2", "E", "pixel", "E14.7", null, null);
        column(h, 12, "FFI_FILE", "38A", "pixel", null, null, null);
        if (moving) {
            column(h, 13, "TGT_X", "D", "pixel", null, null, null);
            column(h, 14, "TGT_Y", "D", "pixel", null, null, null);
            column(h, 15, "TGT_RA", "D", "deg", null, null, null);
            column(h, 16, "TGT_DEC", "D", "deg", null, null, null);
        }
        h.add("INHERIT", true, "inherit the primary header")
                .add("EXTNAME", "PIXELS", "name of extension")
                .add("EXPOSURE", real(0.8 * ROWS * CADENCE_DAYS), "[d] time on source")
                .add("TIMEREF", "SOLARSYSTEM", "barycentric correction applied to times")
                .add("TIMEPIXR", real(0.5), "bin time beginning=0 middle=0.5 end=1")
                .add("TIERRELA", 1.16e-05, "[d] relative time error")
                .add("INT_TIME", real(1.98), "[s] photon accumulation time per frame")
                .add("READTIME", real(0.02), "[s] readout time per frame")
                .add("FRAMETIM", real(2.0), "[s] frame time (INT_TIME + READTIME)")
                .add("NUM_FRM", 900, "number of frames per time stamp")
                .add("TIMEDEL", real(CADENCE_DAYS), "[d] time resolution of data")
                .add("DEADC", real(0.8), "deadtime correction")
                .add("NREADOUT", 720, "number of read per cadence")
                .add("WCS_FFI", ffiName(ccd, ROWS / 2) + "c.fits", "FFI of the WCS");
        inherit(h, primary, java.util.Set.of("TIMEREF"));

        int rowBytes = 66 + 20 * n + (moving ? 32 : 0);
        int s = ccd.sector();
        byte[] rawCnts = new byte[4 * n];
        java.util.Arrays.fill(rawCnts, (byte) 0xFF);
        byte[] errBytes = new byte[4 * n];
        ByteBuffer eb = ByteBuffer.wrap(errBytes);
        for (float e : err) {
            eb.putFloat(e);
        }
        return new Hdu(h, (long) rowBytes * ROWS, out -> {
            long state = noiseSeed;
            float[] rowScene = scene;
            float[] rowErr = err;
            for (int i = 0; i < ROWS; i++) {
                double t = time(s, i);
                out.putDouble(t);
                out.putFloat((float) (0.004 * Math.cos(2 * Math.PI * (t - 1300) / 365.25)));
                out.putInt(0);
                out.put(rawCnts);
                if (path != null) {
                    rowScene = new float[n];
                    rowErr = new float[n];
                    movingScene(nx, ny, path[i], targetFlux, rowScene, rowErr);
                }
                double drift = drift(i);
                for (int k = 0; k < n; k++) {
                    state += 0x9E3779B97F4A7C15L;
                    double g = NORMALS[(int) (Rng.mix(state) >>> 48)];
                    float v = rowScene[k];
                    out.putFloat(
                            Float.isNaN(v) ? Float.NaN : (float) (Math.rint((v + drift + g * rowErr[k]) * 64) / 64));
                }
                if (path != null) {
                    for (float e : rowErr) {
                        out.putFloat(e);
                    }
                } else {
                    out.put(errBytes);
                }
                out.position(out.position() + 8 * n);
                out.putInt(quality(i));
                out.putFloat(0f);
                out.putFloat(0f);
                out.put(ffiName(ccd, i).getBytes(StandardCharsets.US_ASCII));
                if (path != null) {
                    out.putDouble(path[i][0]);
                    out.putDouble(path[i][1]);
                    out.putDouble(path[i][2]);
                    out.putDouble(path[i][3]);
                }
            }
        });
    }

    /** A moving target's row: a background of 40 e-/s plus the target at its position in the cutout. */
    private static void movingScene(int nx, int ny, double[] p, double targetFlux, float[] scene, float[] err) {
        double[] flux = new double[nx * ny];
        java.util.Arrays.fill(flux, 40);
        addStar(flux, nx, ny, p[4], p[5], targetFlux);
        for (int k = 0; k < flux.length; k++) {
            scene[k] = (float) flux[k];
            err[k] = (float) Math.sqrt(flux[k] / 1425.0 + 0.01);
        }
    }

    private static void column(
            Cards h, int k, String name, String form, String unit, String disp, Integer tnull, String dim) {
        h.add("TTYPE" + k, name, "column title");
        h.add("TFORM" + k, form, "column format");
        if (unit != null) {
            h.add("TUNIT" + k, unit, "column units");
        }
        if (disp != null) {
            h.add("TDISP" + k, disp, "column display format");
        }
        if (tnull != null) {
            h.add("TNULL" + k, tnull, "column null value");
        }
        if (dim != null) {
            h.add("TDIM" + k, dim, "column dimensions");
        }
    }

    private static Hdu aperture(Cards primary, Cutout c, int[] aperture, int missing) {
        double[] crval = c.frame().boresight();
        double[] pc = c.frame().pc();
        Cards h = FitsHdus.imageCards(c.nx(), c.ny(), false)
                .add("INHERIT", true, "inherit the primary header")
                .add("EXTNAME", "APERTURE", "extension name")
                .add("WCSAXES", 2, "Number of coordinate axes")
                .add("CRPIX1", real(c.frame().x0() - c.x0() + 1), "Pixel coordinate of reference point")
                .add("CRPIX2", real(c.frame().y0() - c.y0() + 1), "Pixel coordinate of reference point")
                .add("PC1_1", pc[0], "Coordinate transformation matrix element")
                .add("PC1_2", pc[1], "Coordinate transformation matrix element")
                .add("PC2_1", pc[2], "Coordinate transformation matrix element")
                .add("PC2_2", pc[3], "Coordinate transformation matrix element")
                .add("CDELT1", real(1.0), "[deg] Coordinate increment at reference point")
                .add("CDELT2", real(1.0), "[deg] Coordinate increment at reference point")
                .add("CUNIT1", "deg", "Units of coordinate increment and value")
                .add("CUNIT2", "deg", "Units of coordinate increment and value")
                .add("CTYPE1", "RA---TAN", "Right ascension, gnomonic projection")
                .add("CTYPE2", "DEC--TAN", "Declination, gnomonic projection")
                .add("CRVAL1", real(crval[0]), "[deg] Coordinate value at reference point")
                .add("CRVAL2", real(crval[1]), "[deg] Coordinate value at reference point")
                .add("LONPOLE", real(180.0), "[deg] Native longitude of celestial pole")
                .add("LATPOLE", real(crval[1]), "[deg] Native latitude of celestial pole")
                .add("RADESYS", "ICRS", "Equatorial coordinate system")
                .add("NPIXMISS", missing, "Number of pixels off the detector")
                .add("NPIXSAP", "", "Number of pixels in optimal aperture")
                .add("WCS_MSEP", real(0.0), "[deg] Max offset between cutout WCS and FFI WCS")
                .add("WCS_SIG", real(0.0), "[deg] Error measurement of cutout WCS fit");
        inherit(h, primary, java.util.Set.of("RADESYS"));
        return FitsHdus.image(h, c.nx(), c.ny(), aperture);
    }

    /** The FFI of row i: {@code tess<yyyyDDDHHmmss>-s<ssss>-<camera>-<ccd>-0120-s_ffi} (38 characters). */
    static String ffiName(TessFootprints.Ccd ccd, int i) {
        LocalDateTime t = utc(ffiStart(ccd.sector(), i));
        return String.format(
                Locale.ROOT,
                "tess%04d%03d%02d%02d%02d-s%04d-%d-%d-0120-s_ffi",
                t.getYear(),
                t.getDayOfYear(),
                t.getHour(),
                t.getMinute(),
                t.getSecond(),
                ccd.sector(),
                ccd.camera(),
                ccd.ccd());
    }

    /** UTC of a BTJD (TDB) time, to the millisecond (TDB - UTC taken as 69.184 s). */
    public static LocalDateTime utc(double btjd) {
        long millis = Math.round(btjd * 86_400_000.0) - 69_184;
        return BTJD_ZERO.plusNanos(millis * 1_000_000L);
    }

    static String date(double btjd) {
        return ISO.format(utc(btjd));
    }

    /** 65,536 standard normal values from a fixed generator: noise indexed by a hash, no per-value transcendental. */
    private static double[] normals() {
        double[] out = new double[1 << 16];
        Rng r = new Rng(20260101, 951, 0);
        for (int k = 0; k < out.length; k++) {
            out[k] = r.gaussian();
        }
        return out;
    }
}
