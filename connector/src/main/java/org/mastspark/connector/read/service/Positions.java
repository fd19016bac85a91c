package org.mastspark.connector.read.service;

import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.ClientMetrics;
import org.mastspark.connector.read.SearchRegion;

/** The search cone of a service read: see {@link SearchRegion}. */
public final class Positions {
    private Positions() {}

    /** {@code [ra, dec, radiusDeg]}, or null without a position. */
    public static double[] cone(MastOptions options, double defaultRadiusDeg, ClientMetrics metrics) {
        SearchRegion r = SearchRegion.of(options, defaultRadiusDeg, metrics);
        return r == null ? null : new double[] {r.ra(), r.dec(), r.radius()};
    }
}
