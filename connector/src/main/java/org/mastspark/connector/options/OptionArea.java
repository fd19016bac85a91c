package org.mastspark.connector.options;

import java.util.List;

/** The groups of options, as the README's option tables present them. */
public enum OptionArea {
    /** {@code spark.read().format("mast")}: every load path, and the MAST connection of the other areas. */
    READ,
    /** {@code missions/<mission>} reads: the keys whose default differs there, and the mission-only keys. */
    MISSIONS,
    /** {@code catalogs/panstarrs/...} reads: the keys whose default differs there, and the Pan-STARRS-only keys. */
    PANSTARRS,
    /** {@code hats:<path>} and {@code hats/<name>} reads: the HATS-only keys. */
    HATS,
    /** Name resolution: {@code MastResolver}, {@code mast_resolve} and option {@code target}. */
    RESOLVER,
    /** {@code MastDownloader}. */
    DOWNLOAD,
    /** {@code MastCutouts}: the cutout services' options (the downloader's own keys apply to cutout files too). */
    CUTOUTS;

    /** The keys declared for this area, in declaration order. */
    public List<OptionKey<?>> keys() {
        return switch (this) {
            case READ -> ReadKeys.all();
            case MISSIONS -> MissionKeys.all();
            case PANSTARRS -> PanstarrsKeys.all();
            case HATS -> HatsKeys.all();
            case RESOLVER -> ResolverKeys.all();
            case DOWNLOAD -> DownloadKeys.all();
            case CUTOUTS -> CutoutKeys.all();
        };
    }
}
