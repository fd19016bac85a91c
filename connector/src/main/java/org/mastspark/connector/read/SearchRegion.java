package org.mastspark.connector.read;

import java.util.List;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.MastHttpException;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.portal.PortalClient;
import org.mastspark.connector.client.resolve.SantaClient;
import org.mastspark.connector.options.OptionKey;
import org.mastspark.connector.sky.SkyRegion;
import org.mastspark.connector.text.Echo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one search region of every positional source: a cone from options {@code coordinates} or
 * {@code target} and {@code radius}, with the source's default radius (declared with its {@code radius} key) when {@code radius} is absent. A
 * target resolves on the driver through one path ({@link #resolve}), so a target and a resolver give every
 * load path the same position, warning or error.
 *
 * @param ra centre, degrees
 * @param dec centre, degrees
 * @param radius radius, degrees
 */
public record SearchRegion(double ra, double dec, double radius) {
    private static final Logger LOG = LoggerFactory.getLogger(SearchRegion.class);

    /**
     * The read's cone, resolving {@code target} if given; null when neither coordinates nor a target were.
     *
     * @param radius the source's {@code radius} key, which declares its default (see {@code options.ReadKeys})
     */
    public static SearchRegion of(MastOptions options, OptionKey<Double> radius, ClientMetrics metrics) {
        double[] c = center(options, metrics);
        return c == null ? null : new SearchRegion(c[0], c[1], options.get(radius));
    }

    /** The centre {@code {ra, dec}} (resolving {@code target}), or null without a position. */
    public static double[] center(MastOptions options, ClientMetrics metrics) {
        double[] c = options.coordinates();
        if (c == null && options.target() != null) {
            c = resolve(options, options.target(), metrics);
        }
        return c;
    }

    /**
     * The region as plans show it, without resolving anything: {@code " within 0.05 deg of M101"}, or empty
     * without a position.
     */
    public static String describe(MastOptions options, OptionKey<Double> radius) {
        if (!options.hasPosition()) {
            return "";
        }
        return " within " + options.get(radius) + " deg of "
                + (options.target() != null ? options.target() : options.get(MastOptions.COORDINATES));
    }

    /** The cone as a sky region. */
    public SkyRegion.Cone cone() {
        return new SkyRegion.Cone(ra, dec, radius);
    }

    /**
     * Resolves a target name to {@code {ra, dec}}. SANTA answers, and {@link SantaClient#choose} picks among
     * its resolutions as astroquery does (a pinned resolver that lacks a TIC/KIC/EPIC name falls back to the
     * catalog's position with a warning); where the endpoint has no SANTA (HTTP 404) MAST's
     * {@code Mast.Name.Lookup} answers instead.
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
