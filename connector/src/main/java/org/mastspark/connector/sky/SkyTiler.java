package org.mastspark.connector.sky;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
        Cover c = new SkyTiler(limits, counter).run(region, false);
        return new Plan(c.pieces().stream().map(SkyTile.class::cast).toList(), c.counts(), c.density());
    }

    /**
     * A plan of {@link #cover}: pieces sorted by kind (HEALPix tiles, then hexagons by level), and how many
     * counting requests it took.
     *
     * @param pieces the pieces, each with its cone's row count
     * @param counts counting requests made (the density sample included)
     * @param density the sampled density, rows per square degree
     */
    public record Cover(List<SkyPiece> pieces, int counts, double density) {
        /** Rows the pieces' cones hold in total (rows near borders are counted in several cones). */
        public long coneRows() {
            return pieces.stream().mapToLong(SkyPiece::rows).sum();
        }
    }

    /**
     * Plans the pieces of a region as {@link #plan} does, but covers a cone of at most {@value
     * #MAX_HEX_REGION_DEG} degrees with hexagons instead of HEALPix cells: a hexagon fills 83% of its
     * circumscribing cone where a HEALPix cell fills about 60%, so the services send fewer rows that no piece
     * keeps. Steps 1 and 2 of {@link #plan} are the same. Then the region is projected on its tangent plane
     * ({@link HexGrid}) and covered with hexagons whose cones are expected to hold at most {@link
     * Limits#probeFraction} of the row limit; each piece is a hexagon's part of the region (for a hexagon on the
     * region's rim, the part inside it), asked with the smallest cone holding that part. A piece whose cone holds
     * too many rows (or that the service could not count) is split: the hexagons of the next level, half the
     * size, take over the split ones' parts of the sky; pieces whose cones hold no row are dropped. Larger
     * cones and boxes are planned as by {@link #plan}.
     *
     * @throws IllegalStateException as {@link #plan}
     */
    public static Cover cover(SkyRegion region, Limits limits, ConeCounter counter) {
        return new SkyTiler(limits, counter).run(region, true);
    }

    /** The largest cone {@link #cover} covers with hexagons: the tangent plane is distorted little within it. */
    public static final double MAX_HEX_REGION_DEG = 30;

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
                    // Unreachable for a radius a service would set (order 29's cells are under a milliarcsecond).
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

    private Cover run(SkyRegion region, boolean hexagons) {
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
                List<SkyPiece> one = whole == 0 ? List.of() : List.of(new SkyTile(-1, -1, bc[0], bc[1], bc[2], whole));
                return new Cover(one, counts.get(), density);
            }
            if (whole > limits.maxRows()) {
                density = Math.max(density, whole / SkyRegion.coneArea(bc[2]));
            }
        }
        if (hexagons && region instanceof SkyRegion.Cone cone && cone.radius() <= MAX_HEX_REGION_DEG) {
            return new Cover(hexagons(cone, density), counts.get(), density);
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
        ExecutorService pool = pool();
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
        return new Cover(List.copyOf(tiles), counts.get(), density);
    }

    /** Sides of the polygon standing for the region's rim on the tangent plane (it holds the rim's circle). */
    private static final int RIM_SIDES = 64;

    /** Relative margin of a hexagon's corners against rounding: its polygon holds every point it owns. */
    private static final double GROW = 1e-9;

    private static final int MAX_HEX_LEVEL = 30;

    /**
     * A hexagon to plan: its part of the region (convex polygons of the tangent plane: the hexagon within the
     * rim and within the split hexagons it takes over), the split hexagons of each coarser level that it meets,
     * and the expected density.
     */
    private record Hex(int level, long key, List<double[][]> parts, long[][] split, double density) {}

    /** Step 3 of {@link #cover}: the region's hexagons, split where they hold too much. */
    private List<SkyPiece> hexagons(SkyRegion.Cone region, double density) {
        double budget = limits.maxRows() * limits.probeFraction();
        // Level 0: hexagons whose circumscribing cones are expected to hold the budget (a little less, so that
        // rounding never makes the test of a whole hexagon's cone fail).
        double largest =
                Math.min(Math.min(radiusOfArea(budget / density), limits.maxRadius()), region.radius()) * 0.999;
        double rho = Math.tan(Math.toRadians(region.radius()));
        double[][] rim = HexGrid.around(rho, RIM_SIDES);
        // The hexagons covering the region are at least its area over a hexagon's: refuse before listing them.
        long atLeast =
                (long) Math.floor(SkyRegion.coneArea(region.radius()) / (1.5 * Math.sqrt(3) * largest * largest));
        if (counts.get() + atLeast > limits.maxCounts()) {
            throw new TooManyCounts(
                    counts.get() + atLeast,
                    String.format(
                            Locale.ROOT,
                            "a count per hexagon of %.4g degrees covering the region: %d hexagons",
                            largest,
                            atLeast));
        }
        Layout layout = layout(region, rim, largest, (long) limits.maxCounts() - counts.get());
        HexGrid grid = layout.grid();
        List<Hex> level = new ArrayList<>();
        for (var e : layout.parts().entrySet()) {
            level.add(new Hex(0, e.getKey(), List.<double[][]>of(e.getValue()), new long[0][], density));
        }
        List<HexTile> tiles = new ArrayList<>();
        ExecutorService pool = pool();
        try {
            while (!level.isEmpty()) {
                long asked = 0;
                for (Hex h : level) {
                    if (countedCone(grid, h) != null) {
                        asked++;
                    }
                }
                if (counts.get() + asked > limits.maxCounts()) {
                    throw new TooManyCounts(
                            counts.get() + asked,
                            "a count per hexagon, " + asked + " of them at level "
                                    + level.get(0).level());
                }
                List<Future<Object>> results = new ArrayList<>();
                for (Hex h : level) {
                    results.add(pool.submit(() -> visit(grid, h)));
                }
                List<Hex> split = new ArrayList<>();
                for (Future<Object> f : results) {
                    Object o = get(f);
                    if (o instanceof HexTile t) {
                        tiles.add(t);
                    } else if (o instanceof Hex h) {
                        split.add(h);
                    }
                }
                level = split.isEmpty() ? List.of() : children(grid, split);
                if (tiles.size() + level.size() > limits.maxTiles()) {
                    throw new IllegalStateException("The region needs more than " + limits.maxTiles()
                            + " tiles of at most " + limits.maxRows() + " rows: narrow it");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        tiles.sort(HexTile::compare);
        return List.copyOf(tiles);
    }

    /** Level 0 of a plan: the grid and each hexagon's part of the region. */
    private record Layout(HexGrid grid, Map<Long, double[][]> parts, double coneArea) {}

    /**
     * The level 0 that wastes least: hexagons on the rim are asked with cones that hold much sky outside the
     * region, and how much depends on where the grid falls on the rim and on the hexagons' size. Tries a few
     * shifts of the grid for each of a few sizes (no request: the cones' areas are known), and keeps the largest
     * size whose cones cover at most {@link #TARGET_WASTE} times the region's area, else the least wasteful.
     * Smaller sizes are not tried once their pieces, each counted and read, would take more than half of the
     * {@code allowance} of counting requests: a read that fits its budget with large hexagons does not fail
     * for want of small ones.
     */
    private static Layout layout(SkyRegion.Cone region, double[][] rim, double largest, long allowance) {
        double regionArea = SkyRegion.coneArea(region.radius());
        Layout best = null;
        for (double f : SIZES) {
            double size = Math.toRadians(largest * f);
            Layout bestHere = null;
            for (double[] shift : SHIFTS) {
                HexGrid grid = new HexGrid(region.ra(), region.dec(), size, shift[0] * size, shift[1] * size);
                double edge = rim[0][0] * 1.01;
                Map<Long, double[][]> parts = new TreeMap<>();
                double area = 0;
                for (long key : grid.keysIn(0, -edge, edge, -edge, edge)) {
                    double[][] part = HexGrid.clip(grid.hexagon(0, key, GROW), rim);
                    if (part.length > 0) {
                        parts.put(key, part);
                        area += SkyRegion.coneArea(hexCone(grid, List.<double[][]>of(part))[2]);
                    }
                }
                if (bestHere == null || area < bestHere.coneArea()) {
                    bestHere = new Layout(grid, parts, area);
                }
            }
            if (best != null && 2L * bestHere.parts().size() > allowance) {
                return best;
            }
            if (bestHere.coneArea() <= TARGET_WASTE * regionArea) {
                return bestHere;
            }
            if (best == null || bestHere.coneArea() < best.coneArea()) {
                best = bestHere;
            }
        }
        return best;
    }

    /**
     * The most sky the cones of a plan's level 0 may cover, over the region's area: sky outside the region and
     * where cones overlap is sent and thrown away (hexagons alone waste 21%; the rim adds the rest).
     */
    private static final double TARGET_WASTE = 1.27;

    /** Sizes tried for level 0, over the largest whose cones hold the budget (smaller: less waste, more requests). */
    private static final double[] SIZES = {1, 0.85, 0.7, 0.6, 0.5, 0.42, 0.35, 0.3, 0.25};

    /** Shifts tried for the grid, in hexagon sizes. */
    private static final double[][] SHIFTS = {
        {0, 0}, {0.5, 0.3}, {0.25, 0.7}, {0.8, 0.45}, {0.1, 1.1}, {0.6, 0.95}, {1.3, 0.2}, {1.0, 1.3}
    };

    /** The radius of a cone of {@code area} square degrees (180 for the whole sky or more). */
    static double radiusOfArea(double area) {
        double cos = 1 - area / (2 * Math.PI * Math.pow(180 / Math.PI, 2));
        return Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, cos))));
    }

    /**
     * The cone {@code {ra, dec, radius}} holding a hexagon's part of the region: centred on the centre of the
     * smallest plane circle holding its corners, its radius their largest distance on the sky (a cone holds a
     * convex polygon bounded by great circles when it holds the corners), padded against rounding.
     */
    static double[] hexCone(HexGrid grid, List<double[][]> parts) {
        List<double[]> corners = new ArrayList<>();
        for (double[][] p : parts) {
            corners.addAll(List.of(p));
        }
        double[] c = HexGrid.enclosingCircle(corners);
        double[] centre = grid.sky(c[0], c[1]);
        double max = 0;
        for (double[] p : corners) {
            double[] s = grid.sky(p[0], p[1]);
            max = Math.max(max, SkyMath.angularDistanceDeg(centre[0], centre[1], s[0], s[1]));
        }
        return new double[] {centre[0], centre[1], Math.min(180, max * (1 + 1e-9) + 1e-9)};
    }

    /** The cone {@link #visit(HexGrid, Hex)} counts for a hexagon, or null when it counts none (too large). */
    private double[] countedCone(HexGrid grid, Hex h) {
        double[] cone = hexCone(grid, h.parts());
        double budget = limits.maxRows() * limits.probeFraction();
        return cone[2] <= limits.maxRadius() && h.density() * SkyRegion.coneArea(cone[2]) <= budget ? cone : null;
    }

    /** A tile, the hexagon to split (a Hex, with the density measured), or null for one that holds no row. */
    private Object visit(HexGrid grid, Hex h) {
        double[] cone = countedCone(grid, h);
        if (cone == null) {
            return h;
        }
        long n = count(cone[0], cone[1], cone[2]);
        if (n == 0) {
            return null;
        }
        if (n > 0 && n <= limits.maxRows()) {
            return new HexTile(grid, h.level(), h.key(), h.split(), cone[0], cone[1], cone[2], n);
        }
        double area = SkyRegion.coneArea(cone[2]);
        double measured = n > 0 ? n / area : limits.maxRows() / area;
        return new Hex(h.level(), h.key(), h.parts(), h.split(), Math.max(h.density(), measured));
    }

    /**
     * The hexagons of the next level that meet the split ones' parts, each with its part of them: together
     * they own exactly what the split hexagons owned.
     */
    private List<Hex> children(HexGrid grid, List<Hex> split) {
        int level = split.get(0).level() + 1;
        if (level > MAX_HEX_LEVEL) {
            throw new IllegalStateException("A hexagon of level " + MAX_HEX_LEVEL + " still holds more than "
                    + limits.maxRows() + " rows per request; the service cannot be tiled further");
        }
        Map<Long, List<double[][]>> parts = new TreeMap<>();
        Map<Long, List<Set<Long>>> takes = new TreeMap<>();
        Map<Long, Double> density = new TreeMap<>();
        for (Hex s : split) {
            for (double[][] part : s.parts()) {
                double[] box = bounds(part);
                for (long key : grid.keysIn(level, box[0], box[1], box[2], box[3])) {
                    double[][] piece = HexGrid.clip(grid.hexagon(level, key, GROW), part);
                    if (piece.length == 0) {
                        continue;
                    }
                    parts.computeIfAbsent(key, k -> new ArrayList<>()).add(piece);
                    List<Set<Long>> from = takes.computeIfAbsent(key, k -> {
                        List<Set<Long>> sets = new ArrayList<>();
                        for (int l = 0; l < level; l++) {
                            sets.add(new TreeSet<>());
                        }
                        return sets;
                    });
                    for (int l = 0; l < level - 1; l++) {
                        for (long k : s.split()[l]) {
                            from.get(l).add(k);
                        }
                    }
                    from.get(level - 1).add(s.key());
                    density.merge(key, s.density(), Math::max);
                }
            }
        }
        List<Hex> out = new ArrayList<>();
        for (var e : parts.entrySet()) {
            List<Set<Long>> from = takes.get(e.getKey());
            long[][] sets = new long[level][];
            for (int l = 0; l < level; l++) {
                sets[l] = from.get(l).stream().mapToLong(Long::longValue).toArray();
            }
            out.add(new Hex(level, e.getKey(), List.copyOf(e.getValue()), sets, density.get(e.getKey())));
        }
        return out;
    }

    /** {@code {xmin, xmax, ymin, ymax}} of a polygon. */
    private static double[] bounds(double[][] polygon) {
        double[] b = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
        for (double[] p : polygon) {
            b[0] = Math.min(b[0], p[0]);
            b[1] = Math.max(b[1], p[0]);
            b[2] = Math.min(b[2], p[1]);
            b[3] = Math.max(b[3], p[1]);
        }
        return b;
    }

    private ExecutorService pool() {
        return Executors.newFixedThreadPool(limits.parallelism(), runnable -> {
            Thread t = new Thread(runnable, "mast-sky-tiler");
            t.setDaemon(true);
            return t;
        });
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
