package org.mastspark.connector.sky.zone;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.util.ArrayList;
import java.util.List;

/**
 * A simple, exact tiling: declination zones of equal height, each cut into equal right-ascension cells
 * (a fixed global grid for a given maximum radius, so tiles are reproducible). A cell owns the positions
 * whose zone and cell index, computed from the position alone, are its own; its query cone is centred on
 * the cell's (ra, dec) midpoint with the radius of its farthest corner (on a lat-long box the farthest
 * boundary point from the midpoint is a corner), padded for rounding. Zones are {@code sqrt(2)} times the
 * maximum radius high (square-ish cells near the equator); each zone has as few cells as keep every
 * corner within the maximum radius.
 *
 * <p>This tiler ignores densities, so planning needs no count requests: a tile holding many rows is paged
 * by the service.
 */
public final class ZoneTiler implements ConeTiler {
    private static final long serialVersionUID = 1L;
    /** Query cones are kept this much below the service's limit, so rounding never crosses it. */
    private static final double SAFETY = 1 - 1e-6;

    private static final double PAD = 1e-9;

    @Override
    public List<ConeTile> cover(double ra, double dec, double radiusDeg, double maxTileRadiusDeg) {
        if (!(maxTileRadiusDeg > 0) || !(radiusDeg > 0)) {
            throw new IllegalArgumentException("radius and tile radius must be positive");
        }
        if (radiusDeg <= maxTileRadiusDeg) {
            return List.of(new Whole(ZoneMath.normRa(ra), dec, radiusDeg));
        }
        Grid grid = new Grid(maxTileRadiusDeg);
        int k0 = grid.zoneOf(Math.max(-90.0, dec - radiusDeg));
        int k1 = grid.zoneOf(Math.min(90.0, dec + radiusDeg));
        List<ConeTile> tiles = new ArrayList<>();
        for (int k = k0; k <= k1; k++) {
            int n = grid.cells(k);
            for (int j = 0; j < n; j++) {
                Cell c = grid.cell(k, j);
                if (ZoneMath.separationDeg(ra, dec, c.ra, c.dec) <= radiusDeg + c.radius + PAD) {
                    tiles.add(c);
                }
            }
        }
        return tiles;
    }

    /** The global grid for one maximum radius. */
    static final class Grid {
        final double maxRadius;
        final int zones;
        final double height;
        private final int[] cellsPerZone;

        Grid(double maxTileRadiusDeg) {
            this.maxRadius = maxTileRadiusDeg * SAFETY;
            this.zones = (int) Math.ceil(180.0 / (Math.sqrt(2) * maxRadius));
            this.height = 180.0 / zones;
            this.cellsPerZone = new int[zones];
        }

        int zoneOf(double dec) {
            int k = (int) Math.floor((dec + 90.0) / height);
            return Math.max(0, Math.min(zones - 1, k));
        }

        double zoneLow(int k) {
            return -90.0 + k * height;
        }

        double zoneHigh(int k) {
            return k == zones - 1 ? 90.0 : -90.0 + (k + 1) * height;
        }

        /** Cells in zone k: the fewest whose farthest corner stays within the maximum radius. */
        int cells(int k) {
            if (cellsPerZone[k] > 0) {
                return cellsPerZone[k];
            }
            double lo = zoneLow(k);
            double hi = zoneHigh(k);
            double far = Math.max(Math.abs(lo), Math.abs(hi));
            double half = Math.sqrt(Math.max(0, maxRadius * maxRadius - height * height / 4));
            double cos = Math.cos(Math.toRadians(Math.min(89.999, far)));
            int n = Math.max(1, (int) Math.floor(360.0 * cos / Math.max(1e-9, 2 * half)) / 2);
            while (cornerRadius(lo, hi, 360.0 / n) + PAD > maxRadius) {
                n++;
            }
            cellsPerZone[k] = n;
            return n;
        }

        Cell cell(int k, int j) {
            int n = cells(k);
            double width = 360.0 / n;
            double lo = zoneLow(k);
            double hi = zoneHigh(k);
            double raMid = (j + 0.5) * width;
            double decMid = (lo + hi) / 2;
            double r = cornerRadius(lo, hi, width) + PAD;
            return new Cell(zones, height, k, j, n, raMid, decMid, r);
        }

        /** Distance from a cell's midpoint to its farthest corner. */
        static double cornerRadius(double lo, double hi, double width) {
            double mid = (lo + hi) / 2;
            double half = width / 2;
            return Math.max(ZoneMath.separationDeg(0, mid, half, lo), ZoneMath.separationDeg(0, mid, half, hi));
        }
    }

    /** One zone cell. Serializable; ownership recomputes the grid indices of a position. */
    // Kryo (spark.serializer) cannot write records field by field: it writes this one with Java serialization.
    @DefaultSerializer(JavaSerializer.class)
    record Cell(int zones, double height, int zone, int index, int cells, double ra, double dec, double radius)
            implements ConeTile {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean owns(double pra, double pdec) {
            // The same arithmetic as Grid.zoneOf, so that ownership and the grid always agree.
            int k = Math.max(0, Math.min(zones - 1, (int) Math.floor((pdec + 90.0) / height)));
            if (k != zone) {
                return false;
            }
            int j = (int) Math.floor(ZoneMath.normRa(pra) / (360.0 / cells));
            return Math.max(0, Math.min(cells - 1, j)) == index;
        }

        @Override
        public String id() {
            return "zone " + zone + " cell " + index + "/" + cells;
        }
    }

    /** The user's cone itself, when one request can ask it: owns everything. */
    // Kryo (spark.serializer) cannot write records field by field: it writes this one with Java serialization.
    @DefaultSerializer(JavaSerializer.class)
    record Whole(double ra, double dec, double radius) implements ConeTile {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean owns(double pra, double pdec) {
            return true;
        }

        @Override
        public String id() {
            return "whole cone";
        }
    }
}
