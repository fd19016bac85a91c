package org.mastspark.connector.crossmatch;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The validated settings of one cross-match: radius, neighbours, join type, position columns, output
 * names. Immutable and serializable (Java and Kryo), so that both the shuffle join and the aligned HATS
 * path ship the same settings to executors and name their output the same way.
 *
 * <p>Built by {@link MastCrossmatch}; every setter there validates its value, and {@link #check()}
 * minimum radius below the radius).
 */
public final class CrossmatchSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The largest radius accepted, in arcseconds (10 degrees). */
    public static final double MAX_RADIUS_ARCSEC = 36_000.0;

    /** The default name of the separation column, LSDB's. */
    public static final String DEFAULT_DISTANCE_COLUMN = "_dist_arcsec";

    /** {@code nNeighbors} meaning every right row within the radius. */
    public static final int ALL_WITHIN_RADIUS = 0;

    private final double radiusArcsec;
    private final double minRadiusArcsec;
    private final int nNeighbors;
    private final String how;
    private final String leftRa;
    private final String leftDec;
    private final String rightRa;
    private final String rightDec;
    private final String leftSuffix;
    private final String rightSuffix;
    private final String distanceColumn;

    /**
     * @param radiusArcsec the radius, in (0, {@link #MAX_RADIUS_ARCSEC}]
     * @param minRadiusArcsec pairs closer than this are not matched, in [0, radius)
     * @param nNeighbors the k nearest within the radius, or {@link #ALL_WITHIN_RADIUS}
     * @param how {@code inner} or {@code left}
     */
    public CrossmatchSpec(
            double radiusArcsec,
            double minRadiusArcsec,
            int nNeighbors,
            String how,
            String leftRa,
            String leftDec,
            String rightRa,
            String rightDec,
            String leftSuffix,
            String rightSuffix,
            String distanceColumn) {
        this.radiusArcsec = radiusArcsec;
        this.minRadiusArcsec = minRadiusArcsec;
        this.nNeighbors = nNeighbors;
        this.how = how;
        this.leftRa = leftRa;
        this.leftDec = leftDec;
        this.rightRa = rightRa;
        this.rightDec = rightDec;
        this.leftSuffix = leftSuffix;
        this.rightSuffix = rightSuffix;
        this.distanceColumn = distanceColumn;
        check();
    }

    /** Checks every value and the combination; the messages name the setting, the value and the fix. */
    void check() {
        checkRadius("radiusArcsec", radiusArcsec);
        if (!(minRadiusArcsec >= 0) || Double.isInfinite(minRadiusArcsec)) {
            throw new IllegalArgumentException("Invalid value " + minRadiusArcsec
                    + " for 'minRadiusArcsec': expected 0 or more arcseconds (0 keeps every pair)");
        }
        if (minRadiusArcsec >= radiusArcsec) {
            throw new IllegalArgumentException("Invalid value " + minRadiusArcsec + " for 'minRadiusArcsec': it must be"
                    + " smaller than 'radiusArcsec' (" + radiusArcsec + "), or no pair could match");
        }
        if (nNeighbors < 0) {
            throw new IllegalArgumentException("Invalid value " + nNeighbors
                    + " for 'nNeighbors': expected 1 or more, or allWithinRadius() for every neighbour");
        }
        checkHow(how);
        for (String[] c : new String[][] {
            {"leftColumns (ra)", leftRa},
            {"leftColumns (dec)", leftDec},
            {"rightColumns (ra)", rightRa},
            {"rightColumns (dec)", rightDec},
            {"suffixes (left)", leftSuffix},
            {"suffixes (right)", rightSuffix},
            {"distanceColumn", distanceColumn}
        }) {
            if (c[1] == null || c[1].isEmpty()) {
                throw new IllegalArgumentException(
                        "Missing value for '" + c[0] + "': expected a non-empty name, e.g. \"ra\"");
            }
        }
        if (leftSuffix.equals(rightSuffix)) {
            throw new IllegalArgumentException("Invalid value '" + rightSuffix
                    + "' for 'suffixes': the left and right suffixes must differ, or clashing names would stay equal");
        }
    }

    /** Checks a radius in arcseconds, naming {@code name} in the error. */
    static void checkRadius(String name, double arcsec) {
        if (!(arcsec > 0 && arcsec <= MAX_RADIUS_ARCSEC)) {
            throw new IllegalArgumentException("Invalid value " + arcsec + " for '" + name
                    + "': expected a radius in arcseconds above 0 and at most " + (long) MAX_RADIUS_ARCSEC
                    + " (10 degrees), e.g. 1.0");
        }
    }

    /** The join type, lower-cased; {@code inner} or {@code left}. */
    static String checkHow(String how) {
        String h = how == null ? "" : how.toLowerCase(Locale.ROOT);
        if (!h.equals("inner") && !h.equals("left")) {
            throw new IllegalArgumentException(
                    "Invalid value '" + how + "' for 'how': expected \"inner\" (matched left rows only) or \"left\""
                            + " (every left row, unmatched ones with nulls)");
        }
        return h;
    }

    /** The radius in arcseconds. */
    public double radiusArcsec() {
        return radiusArcsec;
    }

    /** The minimum separation in arcseconds; pairs closer than this are not matched. */
    public double minRadiusArcsec() {
        return minRadiusArcsec;
    }

    /** k, or {@link #ALL_WITHIN_RADIUS}. */
    public int nNeighbors() {
        return nNeighbors;
    }

    /** {@code inner} or {@code left}. */
    public String how() {
        return how.toLowerCase(Locale.ROOT);
    }

    /** Whether unmatched left rows are kept (with nulls on the right). */
    public boolean keepUnmatchedLeft() {
        return how().equals("left");
    }

    public String leftRa() {
        return leftRa;
    }

    public String leftDec() {
        return leftDec;
    }

    public String rightRa() {
        return rightRa;
    }

    public String rightDec() {
        return rightDec;
    }

    public String leftSuffix() {
        return leftSuffix;
    }

    public String rightSuffix() {
        return rightSuffix;
    }

    /** The name of the separation column (arcseconds, double). */
    public String distanceColumn() {
        return distanceColumn;
    }

    /**
     * The squared chord between unit vectors {@code radiusArcsec} apart: a pair matches when the squared
     * distance of their unit vectors is at most this (and at least {@link #minChordSquared()}).
     */
    public double chordSquared() {
        return chordSquared(radiusArcsec);
    }

    /** The squared chord of the minimum radius (0 when there is none). */
    public double minChordSquared() {
        return minRadiusArcsec == 0 ? 0 : chordSquared(minRadiusArcsec);
    }

    static double chordSquared(double arcsec) {
        double c = 2 * Math.sin(Math.toRadians(arcsec / 3600.0) / 2);
        return c * c;
    }

    /**
     * The separation in arcseconds of two unit vectors whose squared distance is {@code chordSquared}, as
     * LSDB converts its k-d tree's chords: {@code degrees(2 asin(chord / 2)) * 3600}.
     */
    public static double arcsecFromChordSquared(double chordSquared) {
        double half = Math.sqrt(chordSquared) / 2;
        return Math.toDegrees(2 * Math.asin(Math.min(1.0, half))) * 3600.0;
    }

    /**
     * The output's column names: every left name, then every right name, each name that occurs on both
     * sides with its side's suffix (LSDB's {@code overlapping_columns}); the distance column comes last.
     *
     * @return {@code {leftOutputNames, rightOutputNames}}, in the input order
     * @throws IllegalArgumentException when an output name would occur twice (a suffixed name clashing with
     *     another column, or a column named like the distance column), naming it and the fix
     */
    public String[][] outputNames(String[] left, String[] right) {
        Set<String> l = lower(left);
        Set<String> r = lower(right);
        String[] lo = new String[left.length];
        String[] ro = new String[right.length];
        for (int i = 0; i < left.length; i++) {
            lo[i] = r.contains(left[i].toLowerCase(Locale.ROOT)) ? left[i] + leftSuffix : left[i];
        }
        for (int i = 0; i < right.length; i++) {
            ro[i] = l.contains(right[i].toLowerCase(Locale.ROOT)) ? right[i] + rightSuffix : right[i];
        }
        List<String> all = new ArrayList<>(List.of(lo));
        all.addAll(List.of(ro));
        all.add(distanceColumn);
        Set<String> seen = new HashSet<>();
        for (String n : all) {
            if (!seen.add(n.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(
                        "The cross-match output would have two columns named '" + n
                                + "': rename one of them before matching, or choose other suffixes(...) or distanceColumn(...)");
            }
        }
        return new String[][] {lo, ro};
    }

    private static Set<String> lower(String[] names) {
        Set<String> s = new HashSet<>();
        for (String n : names) {
            s.add(n.toLowerCase(Locale.ROOT));
        }
        return s;
    }

    @Override
    public String toString() {
        return "Crossmatch[radius=" + radiusArcsec + "arcsec, minRadius=" + minRadiusArcsec + "arcsec, "
                + (nNeighbors == ALL_WITHIN_RADIUS ? "all within radius" : "k=" + nNeighbors) + ", how=" + how()
                + ", left=(" + leftRa + ", " + leftDec + "), right=(" + rightRa + ", " + rightDec + ")]";
    }
}
