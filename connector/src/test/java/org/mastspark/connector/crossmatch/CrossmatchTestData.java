package org.mastspark.connector.crossmatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.testing.PythonOracle;

/**
 * Test data and independent references for the cross-match tests: deterministic sky positions (uniform,
 * polar caps, a strip across ra = 0, dense patches), a brute-force matcher (a sweep in declination, exact
 * chords), numpy {@code .npy} files for the astropy oracle, and the running of {@code /usr/bin/python3}.
 */
final class CrossmatchTestData {
    static final String PYTHON = "/usr/bin/python3";

    /** Columns {@code id} (long), {@code ra}, {@code dec} (double, degrees). */
    static final StructType POSITIONS = new StructType()
            .add("id", DataTypes.LongType, false)
            .add("ra", DataTypes.DoubleType, true)
            .add("dec", DataTypes.DoubleType, true);

    private CrossmatchTestData() {}

    /** Positions as two arrays of equal length, in degrees; the index is the row's id. */
    record Sky(double[] ra, double[] dec) {
        int size() {
            return ra.length;
        }
    }

    /** Accumulates positions. */
    static final class SkyBuilder {
        private final SplittableRandom rnd;
        private final List<double[]> points = new ArrayList<>();

        SkyBuilder(long seed) {
            rnd = new SplittableRandom(seed);
        }

        SkyBuilder add(double ra, double dec) {
            points.add(new double[] {ra, dec});
            return this;
        }

        /** {@code n} positions uniform on the sphere. */
        SkyBuilder uniform(int n) {
            for (int i = 0; i < n; i++) {
                add(360 * rnd.nextDouble(), Math.toDegrees(Math.asin(2 * rnd.nextDouble() - 1)));
            }
            return this;
        }

        /** {@code n} positions uniform (by area) within {@code capDeg} of a pole ({@code north} or south). */
        SkyBuilder cap(int n, double capDeg, boolean north) {
            double zMin = Math.cos(Math.toRadians(capDeg));
            for (int i = 0; i < n; i++) {
                double z = 1 - (1 - zMin) * rnd.nextDouble();
                double dec = Math.toDegrees(Math.asin(z));
                add(360 * rnd.nextDouble(), north ? dec : -dec);
            }
            return this;
        }

        /** {@code n} positions uniform in ra [360 - halfWidth, 360) and [0, halfWidth), dec in [dec0, dec1]. */
        SkyBuilder wrapStrip(int n, double halfWidthDeg, double dec0, double dec1) {
            for (int i = 0; i < n; i++) {
                double ra = -halfWidthDeg + 2 * halfWidthDeg * rnd.nextDouble();
                ra = ra < 0 ? ra + 360 : ra;
                if (ra >= 360) {
                    ra = Math.nextDown(360.0);
                }
                add(ra, dec0 + (dec1 - dec0) * rnd.nextDouble());
            }
            return this;
        }

        /** {@code n} positions uniform within {@code radiusDeg} of (ra, dec) (a small disc). */
        SkyBuilder disc(int n, double ra, double dec, double radiusDeg) {
            for (int i = 0; i < n; i++) {
                double r = Math.toRadians(radiusDeg) * Math.sqrt(rnd.nextDouble());
                double[] p = offset(ra, dec, r, 2 * Math.PI * rnd.nextDouble());
                add(p[0], p[1]);
            }
            return this;
        }

        Sky build() {
            double[] ra = new double[points.size()];
            double[] dec = new double[points.size()];
            for (int i = 0; i < ra.length; i++) {
                ra[i] = points.get(i)[0];
                dec[i] = points.get(i)[1];
            }
            return new Sky(ra, dec);
        }
    }

    /** The point {@code rRad} radians from (ra, dec) towards position angle {@code pa} (exact on the sphere). */
    static double[] offset(double raDeg, double decDeg, double rRad, double pa) {
        double d = Math.toRadians(decDeg);
        double dec2 = Math.asin(Math.sin(d) * Math.cos(rRad) + Math.cos(d) * Math.sin(rRad) * Math.cos(pa));
        double dra =
                Math.atan2(Math.sin(pa) * Math.sin(rRad) * Math.cos(d), Math.cos(rRad) - Math.sin(d) * Math.sin(dec2));
        double ra2 = raDeg + Math.toDegrees(dra);
        ra2 = ((ra2 % 360) + 360) % 360;
        if (ra2 >= 360) {
            ra2 = 0;
        }
        return new double[] {ra2, Math.toDegrees(dec2)};
    }

    /** The squared distance of the unit vectors of two positions (degrees). */
    static double chordSquared(double ra1, double dec1, double ra2, double dec2) {
        double a1 = Math.toRadians(ra1);
        double d1 = Math.toRadians(dec1);
        double a2 = Math.toRadians(ra2);
        double d2 = Math.toRadians(dec2);
        double dx = Math.cos(d1) * Math.cos(a1) - Math.cos(d2) * Math.cos(a2);
        double dy = Math.cos(d1) * Math.sin(a1) - Math.cos(d2) * Math.sin(a2);
        double dz = Math.sin(d1) - Math.sin(d2);
        return dx * dx + dy * dy + dz * dz;
    }

    /** The squared chord of an angle in arcseconds. */
    static double chordSquaredOf(double arcsec) {
        double c = 2 * Math.sin(Math.toRadians(arcsec / 3600) / 2);
        return c * c;
    }

    /** The angle in arcseconds of a squared chord. */
    static double arcsecOf(double chordSquared) {
        return Math.toDegrees(2 * Math.asin(Math.sqrt(chordSquared) / 2)) * 3600;
    }

    /** A DataFrame of {@link #POSITIONS}, the id of each row its index. */
    static Dataset<Row> frame(SparkSession spark, Sky sky) {
        List<Row> rows = new ArrayList<>(sky.size());
        for (int i = 0; i < sky.size(); i++) {
            rows.add(RowFactory.create((long) i, sky.ra()[i], sky.dec()[i]));
        }
        return spark.createDataFrame(rows, POSITIONS);
    }

    /** A pair's key: left id and right id (both below 2^31). */
    static long key(long left, long right) {
        return (left << 31) | right;
    }

    static String pair(long key) {
        return "(" + (key >>> 31) + ", " + (key & 0x7fffffffL) + ")";
    }

    /**
     * Every pair (left index, right index) with {@code minArcsec <= separation <= radiusArcsec} (on squared
     * chords, boundary included), to its separation in arcseconds; by a sweep over the right side sorted by
     * declination (|dec1 - dec2| never exceeds the separation), exact everywhere on the sphere.
     */
    static Map<Long, Double> bruteForce(Sky left, Sky right, double radiusArcsec, double minArcsec) {
        Map<Long, Double> out = new HashMap<>();
        sweep(left, right, radiusArcsec, minArcsec, (l, r, c2) -> out.put(key(l, r), arcsecOf(c2)));
        return out;
    }

    /**
     * The {@code k} nearest right rows of each left row within [minArcsec, radiusArcsec] (ties broken by the
     * right index), without holding every pair.
     */
    static Map<Long, Double> bruteForceNearest(Sky left, Sky right, double radiusArcsec, double minArcsec, int k) {
        Comparator<double[]> byDistanceThenRight =
                Comparator.<double[]>comparingDouble(c -> c[0]).thenComparingDouble(c -> c[1]);
        List<TreeSet<double[]>> best = new ArrayList<>(left.size());
        for (int i = 0; i < left.size(); i++) {
            best.add(null);
        }
        sweep(left, right, radiusArcsec, minArcsec, (l, r, c2) -> {
            TreeSet<double[]> m = best.get(l);
            if (m == null) {
                m = new TreeSet<>(byDistanceThenRight);
                best.set(l, m);
            }
            m.add(new double[] {c2, r});
            if (m.size() > k) {
                m.pollLast();
            }
        });
        Map<Long, Double> out = new HashMap<>();
        for (int l = 0; l < best.size(); l++) {
            if (best.get(l) != null) {
                for (double[] c : best.get(l)) {
                    out.put(key(l, (long) c[1]), arcsecOf(c[0]));
                }
            }
        }
        return out;
    }

    /** The k nearest of each left row's pairs (ties broken by the right id). */
    static Map<Long, Double> nearest(Map<Long, Double> pairs, int k) {
        Map<Long, List<Map.Entry<Long, Double>>> byLeft = new HashMap<>();
        pairs.entrySet()
                .forEach(e -> byLeft.computeIfAbsent(e.getKey() >>> 31, x -> new ArrayList<>())
                        .add(e));
        Map<Long, Double> out = new HashMap<>();
        for (List<Map.Entry<Long, Double>> l : byLeft.values()) {
            l.sort(Map.Entry.<Long, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
            l.subList(0, Math.min(k, l.size())).forEach(e -> out.put(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** A pair found by {@link #sweep}. */
    interface PairSink {
        void accept(int left, int right, double chordSquared);
    }

    private static double[][] unitVectors(Sky sky) {
        double[][] u = new double[sky.size()][];
        for (int i = 0; i < u.length; i++) {
            double a = Math.toRadians(sky.ra()[i]);
            double d = Math.toRadians(sky.dec()[i]);
            u[i] = new double[] {Math.cos(d) * Math.cos(a), Math.cos(d) * Math.sin(a), Math.sin(d)};
        }
        return u;
    }

    private static void sweep(Sky left, Sky right, double radiusArcsec, double minArcsec, PairSink sink) {
        double max = chordSquaredOf(radiusArcsec);
        double min = minArcsec == 0 ? 0 : chordSquaredOf(minArcsec);
        Integer[] order = new Integer[right.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> right.dec()[i]));
        double[] sortedDec = new double[order.length];
        for (int i = 0; i < order.length; i++) {
            sortedDec[i] = right.dec()[order[i]];
        }
        double[][] lu = unitVectors(left);
        double[][] ru = unitVectors(right);
        double window = radiusArcsec / 3600 * (1 + 1e-9) + 1e-12;
        for (int l = 0; l < left.size(); l++) {
            double dec = left.dec()[l];
            double[] a = lu[l];
            int from = lowerBound(sortedDec, dec - window);
            for (int s = from; s < sortedDec.length && sortedDec[s] <= dec + window; s++) {
                int r = order[s];
                double[] b = ru[r];
                double dx = a[0] - b[0];
                double dy = a[1] - b[1];
                double dz = a[2] - b[2];
                double c2 = dx * dx + dy * dy + dz * dz;
                if (c2 <= max && c2 >= min) {
                    sink.accept(l, r, c2);
                }
            }
        }
    }

    private static int lowerBound(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * The pairs of a cross-match result to their separation in arcseconds, failing on a pair seen twice.
     *
     * @param leftId the column of the left id, {@code rightId} of the right id, {@code dist} of the distance
     */
    static Map<Long, Double> pairs(Dataset<Row> result, String leftId, String rightId, String dist) {
        Map<Long, Double> out = new HashMap<>();
        for (Row r : result.select(leftId, rightId, dist).collectAsList()) {
            long key = key(((Number) r.get(0)).longValue(), ((Number) r.get(1)).longValue());
            assertThat(out.put(key, r.getDouble(2)))
                    .as("pair %s returned twice", pair(key))
                    .isNull();
        }
        return out;
    }

    /**
     * Asserts the same pair sets and separations within {@code toleranceArcsec}; on a difference, names up to
     * ten missing and ten extra pairs.
     */
    static void assertSamePairs(Map<Long, Double> actual, Map<Long, Double> expected, double toleranceArcsec) {
        List<String> missing = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        List<String> far = new ArrayList<>();
        expected.forEach((k, d) -> {
            Double a = actual.get(k);
            if (a == null) {
                missing.add(pair(k) + " at " + d + "\"");
            } else if (!(Math.abs(a - d) <= toleranceArcsec)) {
                far.add(pair(k) + ": " + a + "\" instead of " + d + "\"");
            }
        });
        actual.forEach((k, d) -> {
            if (!expected.containsKey(k)) {
                extra.add(pair(k) + " at " + d + "\"");
            }
        });
        assertThat(missing)
                .as("%d pairs missing of %d, e.g. %s", missing.size(), expected.size(), head(missing))
                .isEmpty();
        assertThat(extra)
                .as("%d pairs too many, e.g. %s", extra.size(), head(extra))
                .isEmpty();
        assertThat(far)
                .as("%d separations differ, e.g. %s", far.size(), head(far))
                .isEmpty();
    }

    private static List<String> head(List<String> l) {
        return l.subList(0, Math.min(10, l.size()));
    }

    // ---- numpy files --------------------------------------------------------------------------------

    /** Writes an (n, 2) float64 array of (ra, dec) rows as a numpy {@code .npy} file. */
    static void writeNpy(Path file, Sky sky) throws IOException {
        String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + sky.size() + ", 2), }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + h.length + 16 * sky.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93)
                .put("NUMPY".getBytes(StandardCharsets.US_ASCII))
                .put((byte) 1)
                .put((byte) 0);
        b.putShort((short) h.length).put(h);
        for (int i = 0; i < sky.size(); i++) {
            b.putDouble(sky.ra()[i]).putDouble(sky.dec()[i]);
        }
        Files.write(file, b.array());
    }

    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<>|]?[a-z]\\d)'");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\((\\d*),?\\s*\\)");

    /** A one-dimensional {@code .npy} array, {@code <i8} or {@code <f8}, as doubles or longs. */
    private static ByteBuffer readNpy(Path file, String descr, int[] length) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        b.position(8);
        int headerLength = b.getShort() & 0xffff;
        byte[] h = new byte[headerLength];
        b.get(h);
        String header = new String(h, StandardCharsets.US_ASCII);
        Matcher d = DESCR.matcher(header);
        Matcher s = SHAPE.matcher(header);
        assertThat(d.find() && s.find()).as("header of %s: %s", file, header).isTrue();
        assertThat(d.group(1)).as("dtype of %s", file).isEqualTo(descr);
        length[0] = s.group(1).isEmpty() ? 0 : Integer.parseInt(s.group(1));
        return b.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    static long[] readLongs(Path file) throws IOException {
        int[] n = new int[1];
        ByteBuffer b = readNpy(file, "<i8", n);
        long[] out = new long[n[0]];
        b.asLongBuffer().get(out);
        return out;
    }

    static double[] readDoubles(Path file) throws IOException {
        int[] n = new int[1];
        ByteBuffer b = readNpy(file, "<f8", n);
        double[] out = new double[n[0]];
        b.asDoubleBuffer().get(out);
        return out;
    }

    /**
     * Runs a Python script of the test resources with {@code /usr/bin/python3} (skipping the test where astropy
     * or SciPy is missing, failing on CI) and returns its output; fails when it exits with an error.
     */
    static String runPython(String resource, Path workDir, String... args) throws Exception {
        PythonOracle.require("astropy", "numpy", "scipy");
        Path script = workDir.resolve(resource.substring(resource.lastIndexOf('/') + 1));
        try (InputStream in = CrossmatchTestData.class.getResourceAsStream(resource)) {
            assertThat(in).as("test resource %s", resource).isNotNull();
            Files.copy(in, script);
        }
        List<String> cmd = new ArrayList<>(List.of(PYTHON, script.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES))
                .as("python ran for 5 minutes: %s", log)
                .isTrue();
        assertThat(p.exitValue()).as("python failed: %s", log).isZero();
        return log;
    }
}
