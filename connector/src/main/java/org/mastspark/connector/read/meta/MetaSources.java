package org.mastspark.connector.read.meta;

import java.util.List;
import java.util.Locale;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.read.MastSource;
import org.mastspark.connector.text.Echo;

/** The {@code meta/...} paths of {@code load()}: {@code meta/missions}, {@code meta/columns}, {@code meta/session}. */
public final class MetaSources {
    private static final String PREFIX = "meta/";

    private MetaSources() {}

    /** The names {@code meta/<name>} takes, in order: {@code missions}, {@code columns}, {@code session}. */
    public static List<String> names() {
        return List.of(
                MetaMissionsSource.PATH.substring(PREFIX.length()),
                MetaColumnsSource.PATH.substring(PREFIX.length()),
                MetaSessionSource.PATH.substring(PREFIX.length()));
    }

    /** Whether a load path names a metadata table ({@code meta/...}, any case). */
    public static boolean handles(String path) {
        return path != null && path.trim().toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }

    /**
     * The metadata table a path names.
     *
     * @throws IllegalArgumentException naming the path and the three there are
     */
    public static MastSource of(String path, MastOptions options) {
        String p = path.trim().toLowerCase(Locale.ROOT);
        return switch (p) {
            case MetaMissionsSource.PATH -> new MetaMissionsSource();
            case MetaColumnsSource.PATH -> new MetaColumnsSource();
            case MetaSessionSource.PATH -> new MetaSessionSource();
            default ->
                throw new IllegalArgumentException("Invalid value '" + Echo.of(path.trim())
                        + "' for the path of load(): the metadata tables are 'meta/missions' (list_missions),"
                        + " 'meta/columns' (column metadata of every table) and 'meta/session' (the token's session)");
        };
    }
}
