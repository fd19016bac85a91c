package org.mastspark.connector.read;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.crossmatch.HatsCrossmatchSource;
import org.mastspark.connector.read.hats.HatsSource;
import org.mastspark.connector.read.meta.MetaSources;
import org.mastspark.connector.read.missions.MissionSource;
import org.mastspark.connector.read.panstarrs.PanstarrsSource;
import org.mastspark.connector.read.portal.ObservationsSource;
import org.mastspark.connector.read.portal.PortalCatalogSource;
import org.mastspark.connector.read.portal.PortalServiceSource;
import org.mastspark.connector.read.portal.ProductsSource;
import org.mastspark.connector.text.Echo;

/**
 * Every MAST API that {@code load(path)} can name, in the order paths are matched. Adding a source is one class
 * implementing {@link MastSource} and one line here.
 */
public final class Sources {
    private record Entry(Predicate<String> handles, BiFunction<String, MastOptions, MastSource> open) {}

    private static final String OBSERVATIONS = "observations";
    private static final String PRODUCTS = "products";

    private static final List<Entry> ALL = List.of(
            named(OBSERVATIONS, ObservationsSource::new),
            named(PRODUCTS, ProductsSource::new),
            new Entry(PortalServiceSource::handles, PortalServiceSource::of),
            new Entry(MetaSources::handles, MetaSources::of),
            new Entry(MissionSource::handles, MissionSource::of),
            new Entry(PanstarrsSource::handles, PanstarrsSource::of),
            new Entry(HatsSource::handles, HatsSource::of),
            new Entry(HatsCrossmatchSource::handles, HatsCrossmatchSource::of),
            // before the Portal catalogs, which take every other catalogs/ path
            new Entry(PortalCatalogSource::handles, PortalCatalogSource::of));

    private Sources() {}

    /** The paths without a {@code /} or {@code :}: {@code observations} and {@code products}. */
    public static List<String> topLevel() {
        return List.of(OBSERVATIONS, PRODUCTS);
    }

    /** A source that one path names, whatever its case, and that needs no options to describe itself. */
    private static Entry named(String path, Supplier<MastSource> source) {
        return new Entry(path::equalsIgnoreCase, (p, options) -> source.get());
    }

    /**
     * The source a {@code load(path)} names.
     *
     * @param options the table's reader options, resolved
     * @throws IllegalArgumentException naming the path and the paths there are
     */
    public static MastSource open(String path, MastOptions options) {
        String p = path == null ? "" : path.trim();
        for (Entry e : ALL) {
            if (e.handles().test(p)) {
                return e.open().apply(p, options);
            }
        }
        throw new IllegalArgumentException("Invalid value '" + Echo.of(p) + "' for the path of load(): expected"
                + " 'observations', 'products', 'portal:<Service>' such as 'portal:Mast.Caom.Cone',"
                + " 'catalogs/<name>' (" + PortalCatalogSource.NAMES
                + "), 'catalogs/hsc/spectra', 'catalogs/hsc/matches'"
                + " (option matchid), 'catalogs/panstarrs/<release>/<table>' such as 'catalogs/panstarrs/dr2/mean',"
                + " 'missions/<mission>' such as 'missions/hst', 'missions/<mission>/products',"
                + " 'hats:<root of a HATS catalog>' such as 'hats:s3a://stpubdata/gaia/gaia_dr3/public/hats', or"
                + " 'hats/<name>' (" + HatsSource.SHORT_NAMES + "), or a metadata table: 'meta/missions',"
                + " 'meta/columns', 'meta/session'");
    }
}
