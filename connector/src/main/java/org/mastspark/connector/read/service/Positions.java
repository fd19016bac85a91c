package org.mastspark.connector.read.service;

import java.util.List;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.Echo;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.MastHttpException;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.portal.PortalClient;
import org.mastspark.connector.client.resolve.SantaClient;
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

    /**
     * Resolves a target name to {@code {ra, dec}}: every positional read resolves through here, so one
     * target and resolver give every load path the same position, warning or error. SANTA answers, and
     * {@link SantaClient#choose} picks among its resolutions as astroquery does (a pinned resolver that
     * lacks a TIC/KIC/EPIC name falls back to the catalog's position with a warning); where the endpoint
     * has no SANTA (HTTP 404) MAST's {@code Mast.Name.Lookup} answers instead.
     *
     * @throws MastException when nothing usable resolves the name
     */
    public static double[] resolve(MastOptions options, String name, ClientMetrics metrics) {
        String pinned = options.resolver();
        try {
            var answers = new SantaClient(options.resolverConfig())
                    .resolve(List.of(name), pinned == null ? List.of() : List.of(pinned), false, metrics);
            SantaClient.Choice choice = SantaClient.choose(name, answers.get(SantaClient.key(name)), pinned);
            if (choice != null) {
                SantaClient.Resolution r = choice.resolution();
                if (choice.warning() != null) {
                    LOG.warn("Resolving target: {}", choice.warning());
                }
                LOG.info("Resolved '{}' with {} to {} {}", name, r.resolver(), r.ra(), r.dec());
                return new double[] {r.ra(), r.dec()};
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
