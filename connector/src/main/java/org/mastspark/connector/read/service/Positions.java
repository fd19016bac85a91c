package org.mastspark.connector.read.service;

import java.util.List;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.ClientMetrics;
import org.mastspark.connector.client.Echo;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.MastHttpException;
import org.mastspark.connector.client.PortalClient;
import org.mastspark.connector.client.SantaClient;
import org.mastspark.connector.sky.SkyParse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search cone of a read, from options {@code coordinates} or {@code target} (resolved on the driver
 * with SANTA, or MAST's {@code Mast.Name.Lookup} where the endpoint has no SANTA) and {@code radius}.
 */
public final class Positions {
    private static final Logger LOG = LoggerFactory.getLogger(Positions.class);

    private Positions() {}

    /**
     * {@code [ra, dec, radiusDeg]}, or null when neither coordinates nor a target were given.
     *
     * @param defaultRadiusDeg the service's default radius when option {@code radius} is absent
     */
    public static double[] cone(MastOptions options, double defaultRadiusDeg, ClientMetrics metrics) {
        double[] c = options.coordinates();
        if (c == null && options.target() != null) {
            c = resolve(options, options.target(), metrics);
        }
        if (c == null) {
            return null;
        }
        String r = options.get(MastOptions.RADIUS);
        double radius = r == null ? defaultRadiusDeg : SkyParse.radiusDegrees(MastOptions.RADIUS, r);
        return new double[] {c[0], c[1], radius};
    }

    private static double[] resolve(MastOptions options, String name, ClientMetrics metrics) {
        String pinned = options.resolver();
        try {
            var answers = new SantaClient(options.resolverConfig())
                    .resolve(List.of(name), pinned == null ? List.of() : List.of(pinned), false, metrics);
            var found = answers.get(SantaClient.key(name));
            if (found != null) {
                for (SantaClient.Resolution r : found) {
                    if (pinned == null || r.resolver().equalsIgnoreCase(pinned)) {
                        LOG.info("Resolved '{}' with {} to {} {}", name, r.resolver(), r.ra(), r.dec());
                        return new double[] {r.ra(), r.dec()};
                    }
                }
            }
            throw new MastException("Could not resolve '" + Echo.of(name) + "' to a sky position"
                    + (pinned == null ? "" : " with resolver " + pinned) + ": give option 'coordinates' instead");
        } catch (MastHttpException e) {
            if (e.status() != 404) {
                throw e;
            }
            return new PortalClient(options.clientConfig()).resolveName(name, metrics);
        }
    }
}
