import cds.healpix.CompassPoint.Cardinal;
import cds.healpix.CompassPoint.MainWind;
import cds.healpix.FlatHashIterator;
import cds.healpix.Healpix;
import cds.healpix.HealpixNested;
import cds.healpix.NeighbourList;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes the HEALPix golden values that HealpixGoldenTest compares against, computed with CDS
 * healpix-java (BSD-3, Debian package libcds-healpix-java) as an independent oracle. Not compiled by
 * Maven; run by hand, see README.md in this directory.
 */
public final class HealpixGolden {
    private static final long SEED = 20_240_601L;
    /**
     * What a point tests: exact special values (poles, ra 0/360, dec at z = +-2/3), points constructed
     * on base-face edges or polar-face meridians (on a boundary up to rounding), points within 1e-1 to
     * 1e-12 degrees of a pole, and uniform points on the sphere.
     */
    private static final String[] KINDS = {"special", "face-edge", "meridian", "near-pole", "uniform"};

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "connector/src/test/resources/sky");
        Files.createDirectories(dir);
        writeNest(dir.resolve("healpix-nest.csv"));
        writeCells(dir.resolve("healpix-cells.csv"));
        writeCones(dir.resolve("healpix-cones.csv"));
        writeCircumscribing(dir.resolve("healpix-circumscribing.csv"));
    }

    /**
     * For sample cells of every order: the largest great-circle distance from the oracle's centre to
     * 4000 points of the oracle's path along the cell's edge (1000 per side), i.e. the radius of the
     * cell's circumscribing cone as the oracle draws the cell.
     */
    private static void writeCircumscribing(Path file) throws IOException {
        SplittableRandom rnd = new SplittableRandom(SEED + 2);
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
            out.println("# CDS healpix-java " + version() + ": order,cell,max_distance_deg from center() to"
                    + " pathAlongCellEdge(cell, S, false, 1000)");
            for (int k = 0; k < 30; k++) {
                HealpixNested hp = Healpix.getNested(k);
                long n = 1L << k;
                long faceCells = n * n;
                List<Long> cells = new ArrayList<>();
                for (int f = 0; f < 12; f++) {
                    cells.add(f * faceCells);
                    cells.add(f * faceCells + faceCells - 1);
                    cells.add(f * faceCells + spread(n - 1));
                    cells.add(f * faceCells + (spread(n - 1) << 1));
                }
                for (int i = 0; i < 16; i++) {
                    cells.add(rnd.nextLong(12 * faceCells));
                }
                for (long c : cells.stream().distinct().sorted().toList()) {
                    double[] ctr = hp.center(c);
                    double[][] path = hp.pathAlongCellEdge(c, Cardinal.S, false, 1000);
                    double max = 0;
                    for (double[] p : path) {
                        max = Math.max(max, distanceDeg(ctr[0], ctr[1], p[0], p[1]));
                    }
                    out.println(k + "," + c + "," + max);
                }
            }
        }
    }

    /** Great-circle distance in degrees between two (lon, lat) points in radians (Vincenty form). */
    private static double distanceDeg(double l1, double b1, double l2, double b2) {
        double dl = l2 - l1;
        double a = Math.cos(b2) * Math.sin(dl);
        double b = Math.cos(b1) * Math.sin(b2) - Math.sin(b1) * Math.cos(b2) * Math.cos(dl);
        double dot = Math.sin(b1) * Math.sin(b2) + Math.cos(b1) * Math.cos(b2) * Math.cos(dl);
        return Math.toDegrees(Math.atan2(Math.hypot(a, b), dot));
    }

    /** Points (ra, dec in degrees) and their order-29 cell; the generator checks the nesting. */
    private static void writeNest(Path file) throws IOException {
        List<double[]> points = points();
        HealpixNested[] hp = new HealpixNested[30];
        for (int k = 0; k < 30; k++) {
            hp[k] = Healpix.getNested(k);
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
            out.println("# CDS healpix-java " + version() + ": kind,ra_deg,dec_deg,cell_at_order_29"
                    + " (the cell at order k is cell_at_order_29 >> 2*(29-k); the generator checked"
                    + " that the oracle gives exactly that at every order 0..29)");
            for (double[] p : points) {
                double lon = Math.toRadians(p[0]);
                double lat = Math.toRadians(p[1]);
                long h29 = hp[29].hash(lon, lat);
                for (int k = 0; k < 29; k++) {
                    long hk = hp[k].hash(lon, lat);
                    if (hk != h29 >>> (2 * (29 - k))) {
                        throw new IllegalStateException("oracle not nested at order " + k + " for " + p[0] + ","
                                + p[1] + ": " + hk + " vs " + (h29 >>> (2 * (29 - k))));
                    }
                }
                out.println(KINDS[(int) p[2]] + "," + p[0] + "," + p[1] + "," + h29);
            }
        }
    }

    private static List<double[]> points() {
        List<double[]> pts = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(SEED);
        double zTransition = Math.toDegrees(Math.asin(2.0 / 3.0));
        double[] specialRa = {0.0, -0.0, 360.0, Math.nextDown(360.0), Double.MIN_VALUE, 1e-12, 45, 90, 135, 180,
            225, 270, 315, Math.nextDown(90.0), Math.nextUp(90.0), 123.456789};
        double[] specialDec = {90, -90, Math.nextDown(90.0), Math.nextUp(-90.0), 90 - 1e-10, -90 + 1e-10,
            89.9999999, -89.9999999, 0, -0.0, zTransition, -zTransition, Math.nextUp(zTransition),
            Math.nextDown(zTransition), Math.nextUp(-zTransition), Math.nextDown(-zTransition), 41.8,
            -41.8, 41.82, -41.82, 1e-300, -1e-300, 60, -60};
        for (double ra : specialRa) {
            for (double dec : specialDec) {
                pts.add(new double[] {ra, dec, 0});
            }
        }
        // Points on the edges of the equatorial base faces, where 0.5 + ra/90 -+ 0.75 sin(dec) is an
        // integer, and on the meridians separating the polar base faces.
        for (int i = 0; i < 200; i++) {
            double z = rnd.nextDouble(-2.0 / 3.0, 2.0 / 3.0);
            double dec = Math.toDegrees(Math.asin(z));
            int m = rnd.nextInt(5);
            double tt = (i % 2 == 0) ? m - 0.5 + 0.75 * z : m - 0.5 - 0.75 * z;
            double ra = ((tt * 90.0) % 360.0 + 360.0) % 360.0;
            pts.add(new double[] {ra, dec, 1});
        }
        for (int i = 0; i < 100; i++) {
            double dec = rnd.nextDouble(zTransition, 90.0) * (i % 2 == 0 ? 1 : -1);
            pts.add(new double[] {90.0 * rnd.nextInt(5), dec, 2});
        }
        // Close to the poles, where the polar formula needs full precision.
        for (int i = 0; i < 100; i++) {
            double dec = (90.0 - Math.pow(10, -rnd.nextDouble(1, 12))) * (i % 2 == 0 ? 1 : -1);
            pts.add(new double[] {rnd.nextDouble(0, 360), dec, 3});
        }
        // Uniform on the sphere.
        while (pts.size() < 2000) {
            double ra = rnd.nextDouble(0, 360);
            double dec = Math.toDegrees(Math.asin(rnd.nextDouble(-1, 1)));
            pts.add(new double[] {ra, dec, 4});
        }
        return pts;
    }

    /** Sample cells: centre, vertices (S, E, N, W) and neighbours (S, SE, E, SW, NE, W, NW, N). */
    private static void writeCells(Path file) throws IOException {
        SplittableRandom rnd = new SplittableRandom(SEED + 1);
        MainWind[] winds = {MainWind.S, MainWind.SE, MainWind.E, MainWind.SW, MainWind.NE, MainWind.W,
            MainWind.NW, MainWind.N};
        Cardinal[] corners = {Cardinal.S, Cardinal.E, Cardinal.N, Cardinal.W};
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
            out.println("# CDS healpix-java " + version() + ": order,cell,center_ra,center_dec,"
                    + "S_ra,S_dec,E_ra,E_dec,N_ra,N_dec,W_ra,W_dec,"
                    + "nb_S,nb_SE,nb_E,nb_SW,nb_NE,nb_W,nb_NW,nb_N (degrees; -1 = no neighbour)");
            for (int k = 0; k < 30; k++) {
                HealpixNested hp = Healpix.getNested(k);
                long n = 1L << k;
                long faceCells = n * n;
                List<Long> cells = new ArrayList<>();
                for (int f = 0; f < 12; f++) {
                    // The four corner cells of each base face: poles, face corners, 3-face vertices.
                    cells.add(f * faceCells);
                    cells.add(f * faceCells + faceCells - 1);
                    cells.add(f * faceCells + spread(n - 1));
                    cells.add(f * faceCells + (spread(n - 1) << 1));
                    // An edge cell on the south-east and south-west sides.
                    long mid = n / 2;
                    cells.add(f * faceCells + spread(mid));
                    cells.add(f * faceCells + (spread(mid) << 1));
                }
                for (int i = 0; i < 8; i++) {
                    cells.add(rnd.nextLong(12 * faceCells));
                }
                for (long c : cells.stream().distinct().sorted().toList()) {
                    StringBuilder sb = new StringBuilder();
                    sb.append(k).append(',').append(c);
                    double[] ctr = hp.center(c);
                    sb.append(',').append(Math.toDegrees(ctr[0])).append(',').append(Math.toDegrees(ctr[1]));
                    for (Cardinal card : corners) {
                        double[] v = hp.vertex(c, card);
                        sb.append(',').append(Math.toDegrees(v[0])).append(',').append(Math.toDegrees(v[1]));
                    }
                    NeighbourList nl = hp.neighbours(c);
                    for (MainWind w : winds) {
                        sb.append(',').append(nl.contains(w) ? nl.get(w) : -1);
                    }
                    out.println(sb);
                }
            }
        }
    }

    /** Cones (ra, dec, radius in degrees, order) and the cells CDS reports as overlapping them. */
    private static void writeCones(Path file) throws IOException {
        double[][] cones = {
            {210.8, 54.35, 0.5, 6}, {210.8, 54.35, 0.05, 10}, {0.0, 0.0, 3.0, 5}, {359.9, -0.1, 1.0, 7},
            {45.0, 89.5, 2.0, 6}, {123.0, -89.9, 1.0, 8}, {90.0, 41.8103149, 1.0, 7}, {10.0, 20.0, 30.0, 3},
            {200.0, -60.0, 0.001, 16}, {83.63, 22.01, 1e-5, 22}, {270.0, 66.56, 0.0003, 18},
            {180.0, 0.0, 90.0, 2}
        };
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
            out.println("# CDS healpix-java " + version()
                    + ": ra_deg,dec_deg,radius_deg,order,cells (space-separated, overlappingCells flattened)");
            for (double[] c : cones) {
                int k = (int) c[3];
                var bmoc = Healpix.getNested(k)
                        .newConeComputer(Math.toRadians(c[2]))
                        .overlappingCells(Math.toRadians(c[0]), Math.toRadians(c[1]));
                StringBuilder sb = new StringBuilder();
                FlatHashIterator it = bmoc.flatHashIterator();
                while (it.hasNext()) {
                    sb.append(sb.length() == 0 ? "" : " ").append(it.next());
                }
                out.println(c[0] + "," + c[1] + "," + c[2] + "," + k + "," + sb);
            }
        }
    }

    private static long spread(long v) {
        long r = 0;
        for (int i = 0; i < 32; i++) {
            r |= ((v >>> i) & 1L) << (2 * i);
        }
        return r;
    }

    private static String version() {
        return System.getProperty("oracle.version", "0.30.2 (Debian libcds-healpix-java 0.30.2+ds-1)");
    }
}
