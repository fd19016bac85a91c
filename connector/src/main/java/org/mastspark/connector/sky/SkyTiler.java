package org.mastspark.connector.sky;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plans a sky-tiled read: covers a region that holds more rows than one request may return (or that is
 * wider than one request may ask for) with nested HEALPix cells, finer where the sky is denser, so that
 * every cell's circumscribing cone stays within the service's limits. Knows nothing of MAST: the
 * service is a {@link ConeCounter} and its limits are {@link Limits}, so every read path (Portal
 * catalogs, Pan-STARRS, missions) can use it.
 *
 * <p>How it works:
 *
 * <ol>
 *   <li>the density is sampled with a small cone at the region's centre, grown until it holds a few
 *       hundred rows or covers the region;
 *   <li>if the region's bounding cone fits one request (radius and expected rows), it is counted, and a
 *       count within the limit gives a single whole-region tile;
 *   <li>otherwise the region is covered with cells at the coarsest order whose cones are expected to hold
 *       at most {@link Limits#probeFraction} of the row limit; each cell's cone is counted and a cell
 *       whose cone holds too many rows (or that the service could not count) is split into its four
 *       children, whose expectation is the parent's measured density; cells whose cones hold no row are
 *       dropped, and so are cells whose cones miss the region. A cell on the region's rim is asked for
 *       a smaller cone holding the part of its circumscribing cone inside the region
 *       ({@link SkyRegion#clip}).
 * </ol>
 *
 * A cone is only ever counted when its expected rows are within {@link Limits#probeFraction} of the
 * limit, so requests beyond the service's cap are avoided rather than provoked. Counts run in parallel
 * ({@link Limits#parallelism}).
 *
 * <p>A service that cannot count rows but limits the cone one request may ask (Mission Search: 30 arcmin;
 * Pan-STARRS' catalogs API: 0.5 degree) and pages what a cone holds is planned by {@link #fixed}: the same
 * tiles, cut by the cone limit alone.
 */
public final class SkyTiler {
    /** Rows the density sample aims for before it stops growing. */
    private static final long SAMPLE_ROWS = 200;

    private static final int SAMPLE_STEPS = 8;

    /**
     * The service under the planner: how many rows a cone holds.
     *
     * <p>Implementations return the exact count, or {@link #OVER_LIMIT} when the service cannot answer
     * because the cone holds more than it can return (a truncated answer, a dropped connection).
     */
    @FunctionalInterface
    public interface ConeCounter {
        /** Returned by {@link #count} for a cone holding more rows than the service can return. */
        long OVER_LIMIT = -1;

        /** Rows in the cone of {@code radius} degrees around {@code (ra, dec)}, or {@link #OVER_LIMIT}. */
        long count(double ra, double dec, double radius);
    }

    /**
     * The service's limits.
     *
     * @param maxRows most rows one request (one cone) may return: MAST's Portal result cap (500,000),
     *     HSC's {@code nr} and GALEX's {@code maxrecords} (50,000), a mission's {@code limit}
     * @param maxRadius the largest cone radius one request may ask for, degrees (0.5 for Pan-STARRS, 0.5
     *     (30 arcmin) for missions, 180 where there is none)
     * @param probeFraction a cone is counted only when its expected rows are at most this fraction of
     *     {@code maxRows} (0 to 1; 0.25 leaves room for a four-fold density contrast)
     * @param parallelism counts asked at once
     * @param maxTiles the planner fails beyond this many tiles (a region far too large for the service)
     * @param maxCounts the most counting requests the plan may make: it fails with {@link TooManyCounts}
     *     before asking counts that would exceed it
     */
    public record Limits(
            long maxRows, double maxRadius, double probeFraction, int parallelism, int maxTiles, int maxCounts) {
        public Limits {
            if (maxRows < 1) {
                throw new IllegalArgumentException("maxRows must be at least 1, was " + maxRows);
            }
            if (!(maxRadius > 0 && maxRadius <= 180)) {
                throw new IllegalArgumentException("maxRadius must be in (0, 180] degrees, was " + maxRadius);
            }
            if (!(probeFraction > 0 && probeFraction <= 1)) {
                throw new IllegalArgumentException("probeFraction must be in (0, 1], was " + probeFraction);
            }
            if (parallelism < 1 || maxTiles < 1 || maxCounts < 1) {
                throw new IllegalArgumentException("parallelism, maxTiles and maxCounts must be at least 1");
            }
        }

        /**
         * Limits with a quarter of the row cap as counting threshold, 4 counts at once, 100,000 tiles, no
         * ceiling on counts.
         */
        public static Limits of(long maxRows, double maxRadius) {
            return new Limits(maxRows, maxRadius, 0.25, 4, 100_000, Integer.MAX_VALUE);
        }

        public Limits withParallelism(int n) {
            return new Limits(maxRows, maxRadius, probeFraction, n, maxTiles, maxCounts);
        }

        public Limits withMaxCounts(int n) {
            return new Limits(maxRows, maxRadius, probeFraction, parallelism, maxTiles, n);
        }
    }

    /**
     * The plan would need more counting requests than {@link Limits#maxCounts}; thrown before they are
     * asked.
     */
    public static final class TooManyCounts extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final long counts;
        private final String what;

        TooManyCounts(long counts, String what) {
            super("The plan would make at least " + counts + " counting requests (" + what + ")");
            this.counts = counts;
            this.what = what;
        }

        /** Counting requests the plan would make at least (those made included). */
        public long counts() {
            return counts;
        }

        /** What the counts are, for messages. */
        public String what() {
            return what;
        }
    }

    /**
     * A plan: tiles sorted by order and cell, and how many counting requests it took.
     *
     * @param tiles the tiles, each with its cone's row count
     * @param counts counting requests made (the density sample included)
     * @param density the sampled density, rows per square degree
     */
    public record Plan(List<SkyTile> tiles, int counts, double density) {
        /** Rows the tiles' cones hold in total (rows near cell borders are counted in several cones). */
        public long coneRows() {
            return tiles.stream().mapToLong(SkyTile::rows).sum();
        }
    }

    private final Limits limits;
    private final ConeCounter counter;
    private final AtomicInteger counts = new AtomicInteger();

    private SkyTiler(Limits limits, ConeCounter counter) {
        this.limits = limits;
        this.counter = counter;
    }

    /**
     * Plans the tiles of a region.
     *
     * @throws IllegalStateException when a cell at order 29 still holds too many rows, or more than
     *     {@link Limits#maxTiles} tiles would be needed
     */
    public static Plan plan(SkyRegion region, Limits limits, ConeCounter counter) {
        return new SkyTiler(limits, counter).run(region);
    }

    /** Tiles {@link #fixed(SkyRegion, double)} plans at most. */
    public static final int MAX_FIXED_TILES = 100_000;

    /**
     * Plans the tiles of a region for a service that cannot count rows, whose requests are limited only in
     * their cone's radius (it pages the rows a cone holds). Makes no request.
     *
     * <p>When the region's bounding cone ({@link SkyRegion#boundingCone}; for a cone the user's cone itself)
     * is within {@code maxConeRadiusDeg}, the plan is one whole-region tile ({@link SkyTile#order} -1,
     * owning every row) asking that cone. Otherwise it is the nested HEALPix cells that may intersect the
     * region ({@link SkyRegion#mayIntersectCell}), each at the coarsest order whose cell's circumscribing cone
     * ({@link Healpix#circumscribingRadius}, padded against rounding) is within {@code maxConeRadiusDeg};
     * every tile asks that cone. As with {@link #plan}, every position lies in exactly one tile's cell
     * ({@link SkyTile#owns}), and tiles are sorted by order and cell. Tiles carry {@link SkyTile#UNCOUNTED}.
     *
     * @param maxConeRadiusDeg the largest cone radius one request may ask, degrees, in (0, 180]
     * @throws IllegalArgumentException for a radius outside (0, 180], or a region needing more than {@link
     *     #MAX_FIXED_TILES} tiles
     */
    public static List<SkyTile> fixed(SkyRegion region, double maxConeRadiusDeg) {
        return fixed(region, maxConeRadiusDeg, MAX_FIXED_TILES);
    }

    /**
     * {@link #fixed(SkyRegion, double)} with a ceiling on the tiles.
     *
     * @param maxTiles the plan fails, before listing them all, when the region needs more tiles than this
     */
    public static List<SkyTile> fixed(SkyRegion region, double maxConeRadiusDeg, int maxTiles) {
        if (!(maxConeRadiusDeg > 0 && maxConeRadiusDeg <= 180)) {
            throw new IllegalArgumentException("Invalid value " + maxConeRadiusDeg
                    + " for 'maxConeRadiusDeg': expected the largest cone radius one request may ask, in (0, 180]"
                    + " degrees");
        }
        if (maxTiles < 1) {
            throw new IllegalArgumentException(
                    "Invalid value " + maxTiles + " for 'maxTiles': expected at least 1 tile");
        }
        double[] bc = region.boundingCone();
        if (bc[2] <= maxConeRadiusDeg) {
            return List.of(new SkyTile(-1, -1, bc[0], bc[1], bc[2], SkyTile.UNCOUNTED));
        }
        List<SkyTile> tiles = new ArrayList<>();
        List<long[]> level = new ArrayList<>();
        for (long base = 0; base < 12; base++) {
            level.add(new long[] {0, base});
        }
        while (!level.isEmpty()) {
            List<long[]> next = new ArrayList<>();
            for (long[] c : level) {
                int order = (int) c[0];
                if (!region.mayIntersectCell(order, c[1])) {
                    continue;
                }
                double[] centre = Healpix.center(order, c[1]);
                double radius = Healpix.circumscribingRadius(order, c[1]);
                if (radius <= maxConeRadiusDeg) {
                    tiles.add(new SkyTile(order, c[1], centre[0], centre[1], radius, SkyTile.UNCOUNTED));
                } else if (order == Healpix.MAX_ORDER) {
                    // Unreachable for a radius a service would set (order 29's cells are ~1 milliarcsecond).
                    throw new IllegalArgumentException("Invalid value " + maxConeRadiusDeg
                            + " for 'maxConeRadiusDeg': smaller than HEALPix cells at order 29; expected a larger"
                            + " radius");
                } else {
                    for (long kid : Healpix.children(order, c[1])) {
                        next.add(new long[] {order + 1, kid});
                    }
                }
            }
            // Every cell still to visit that meets the region gives at least one tile: refuse early.
            if (tiles.size() + next.size() / 4 > maxTiles) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "The region (a cone of %.6g degrees around %.6f, %.6f) needs more than %d requests of cones"
                                + " of at most %.6g degrees: narrow it",
                        bc[2],
                        bc[0],
                        bc[1],
                        maxTiles,
                        maxConeRadiusDeg));
            }
            level = next;
        }
        tiles.sort(Comparator.comparingInt(SkyTile::order).thenComparingLong(SkyTile::cell));
        return List.copyOf(tiles);
    }

    private long count(double ra, double dec, double radius) {
        counts.incrementAndGet();
        return counter.count(ra, dec, radius);
    }

    private Plan run(SkyRegion region) {
        double[] bc = region.boundingCone();
        double reach = Math.min(bc[2], limits.maxRadius());
        // 1. Density at the centre: a small cone, grown (or shrunk when the service cannot count it).
        double r = Math.min(reach, 1.0 / 60);
        long n = 0;
        double density = 0;
        for (int step = 0; step < SAMPLE_STEPS; step++) {
            n = count(bc[0], bc[1], r);
            if (n == ConeCounter.OVER_LIMIT) {
                density = Math.max(density, limits.maxRows() / SkyRegion.coneArea(r));
                r /= 4;
                continue;
            }
            density = (n + 1) / SkyRegion.coneArea(r);
            if (n >= SAMPLE_ROWS || r >= reach) {
                break;
            }
            double next = Math.min(reach, r * 4);
            if (density * SkyRegion.coneArea(next) > limits.maxRows() * limits.probeFraction()) {
                break;
            }
            r = next;
        }
        double budget = limits.maxRows() * limits.probeFraction();
        // 2. The whole region in one request, when it may be.
        if (bc[2] <= limits.maxRadius()) {
            long whole = r >= bc[2] && n != ConeCounter.OVER_LIMIT ? n : -2;
            if (whole == -2 && density * SkyRegion.coneArea(bc[2]) <= budget) {
                whole = count(bc[0], bc[1], bc[2]);
            }
            if (whole >= 0 && whole <= limits.maxRows()) {
                List<SkyTile> one = whole == 0 ? List.of() : List.of(new SkyTile(-1, -1, bc[0], bc[1], bc[2], whole));
                return new Plan(one, counts.get(), density);
            }
            if (whole > limits.maxRows()) {
                density = Math.max(density, whole / SkyRegion.coneArea(bc[2]));
            }
        }
        // 3. Cells, split where they hold too much.
        int order = 0;
        while (order < Healpix.MAX_ORDER
                && (typicalRadius(order) > limits.maxRadius()
                        || density * SkyRegion.coneArea(typicalRadius(order)) > budget)) {
            order++;
        }
        // The cells covering the region are at least its area over a cell's: refuse before listing them.
        long atLeast = (long) Math.floor(SkyRegion.coneArea(bc[2]) / cellArea(order));
        if (counts.get() + atLeast > limits.maxCounts()) {
            throw new TooManyCounts(
                    counts.get() + atLeast,
                    "a count per HEALPix cell of order " + order + " covering the region: " + atLeast + " cells");
        }
        List<Cell> level = new ArrayList<>();
        for (long cell : Healpix.coneCoverage(order, bc[0], bc[1], bc[2])) {
            level.add(new Cell(order, cell, density));
        }
        List<SkyTile> tiles = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(limits.parallelism(), runnable -> {
            Thread t = new Thread(runnable, "mast-sky-tiler");
            t.setDaemon(true);
            return t;
        });
        try {
            while (!level.isEmpty()) {
                long asked = 0;
                for (Cell c : level) {
                    if (counted(region, c)) {
                        asked++;
                    }
                }
                if (counts.get() + asked > limits.maxCounts()) {
                    throw new TooManyCounts(
                            counts.get() + asked,
                            "a count per HEALPix cell, " + asked + " of them at order " + level.get(0).order);
                }
                List<Future<Object>> results = new ArrayList<>();
                for (Cell c : level) {
                    results.add(pool.submit(() -> visit(region, c)));
                }
                List<Cell> next = new ArrayList<>();
                for (Future<Object> f : results) {
                    Object o = get(f);
                    if (o instanceof SkyTile t) {
                        tiles.add(t);
                    } else if (o instanceof Cell[] children) {
                        next.addAll(List.of(children));
                    }
                }
                if (tiles.size() + next.size() > limits.maxTiles()) {
                    throw new IllegalStateException("The region needs more than " + limits.maxTiles()
                            + " tiles of at most " + limits.maxRows() + " rows: narrow it");
                }
                level = next;
            }
        } finally {
            pool.shutdownNow();
        }
        tiles.sort(Comparator.comparingInt(SkyTile::order).thenComparingLong(SkyTile::cell));
        return new Plan(List.copyOf(tiles), counts.get(), density);
    }

    private static Object get(Future<Object> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sky tiling was interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private record Cell(int order, long cell, double density) {}

    /** Whether {@link #visit} counts the cell's cone (no request: the same tests, without the count). */
    private boolean counted(SkyRegion region, Cell c) {
        return cone(region, c) != null;
    }

    /** The cone {@link #visit} counts for a cell, or null when it counts none (no overlap, or too large). */
    private double[] cone(SkyRegion region, Cell c) {
        double[] cell = Healpix.center(c.order, c.cell);
        double cellRadius = Healpix.circumscribingRadius(c.order, c.cell);
        if (!region.mayIntersect(cell[0], cell[1], cellRadius)) {
            return null;
        }
        // A cell on the region's rim is asked only for the part of its cone inside the region.
        double[] cone = region.clip(cell[0], cell[1], cellRadius);
        double budget = limits.maxRows() * limits.probeFraction();
        return cone[2] <= limits.maxRadius() && c.density * SkyRegion.coneArea(cone[2]) <= budget ? cone : null;
    }

    /** A tile, the cell's children (Cell[]), or null for a cell that holds nothing of the region. */
    private Object visit(SkyRegion region, Cell c) {
        double[] cell = Healpix.center(c.order, c.cell);
        double cellRadius = Healpix.circumscribingRadius(c.order, c.cell);
        if (!region.mayIntersect(cell[0], cell[1], cellRadius)) {
            return null;
        }
        double[] cone = cone(region, c);
        if (cone != null) {
            double radius = cone[2];
            double area = SkyRegion.coneArea(radius);
            long n = count(cone[0], cone[1], radius);
            if (n == 0) {
                return null;
            }
            if (n > 0 && n <= limits.maxRows()) {
                return new SkyTile(c.order, c.cell, cone[0], cone[1], radius, n);
            }
            double measured = n > 0 ? n / area : limits.maxRows() / area;
            return children(c, Math.max(c.density, measured));
        }
        return children(c, c.density);
    }

    private Cell[] children(Cell c, double density) {
        if (c.order >= Healpix.MAX_ORDER) {
            throw new IllegalStateException("HEALPix cell " + c.cell + " at order 29 still holds more than "
                    + limits.maxRows() + " rows per request; the service cannot be tiled further");
        }
        long[] kids = Healpix.children(c.order, c.cell);
        Cell[] out = new Cell[4];
        for (int i = 0; i < 4; i++) {
            out[i] = new Cell(c.order + 1, kids[i], density);
        }
        return out;
    }

    /** The area of one HEALPix cell at an order, square degrees (the sphere's 41,253 over 12 * 4^order). */
    static double cellArea(int order) {
        return 4 * Math.PI * Math.pow(180 / Math.PI, 2) / (12.0 * Math.pow(4, order));
    }

    /**
     * A cell's typical circumscribing radius at an order, degrees: a base cell's is about 42 degrees and
     * it halves with each order. Only a starting guess; each cell's own radius is checked.
     */
    static double typicalRadius(int order) {
        return 42.0 / (1L << order);
    }
}
