package org.mastspark.connector.download;

import java.io.Serializable;

/**
 * One distinct cutout request, planned on the driver. A plain class, not a record, for the reason given in
 * {@link DownloadTask}. Its size travels as the text the user gave (parsed, and checked against the pixel limit,
 * on the driver already).
 */
final class CutoutTask implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String service;
    private final Double ra;
    private final Double dec;
    private final String objectId;
    private final String objectType;
    private final String size;
    private final Integer sector;
    private final String survey;
    private final String format;
    private final String previous;
    private final boolean marker;

    /**
     * @param key the request's identity ({@link CutoutManifest} column {@code request})
     * @param service tesscut, zcut or hapcut
     * @param ra degrees, or null for a moving target
     * @param dec degrees, or null for a moving target
     * @param objectId a moving target's name, or null
     * @param objectType {@code majorbody}, {@code smallbody} or null
     * @param size the size as given
     * @param sector the sector, or null for all
     * @param survey the Zcut survey, or null for all
     * @param format Zcut's format
     * @param previous the previous manifest's rows of this request, as JSON lines (a String: Kryo cannot
     *     rebuild immutable lists), or null
     * @param marker whether a killed run left a marker for this request
     */
    CutoutTask(
            String key,
            String service,
            Double ra,
            Double dec,
            String objectId,
            String objectType,
            String size,
            Integer sector,
            String survey,
            String format,
            String previous,
            boolean marker) {
        this.key = key;
        this.service = service;
        this.ra = ra;
        this.dec = dec;
        this.objectId = objectId;
        this.objectType = objectType;
        this.size = size;
        this.sector = sector;
        this.survey = survey;
        this.format = format;
        this.previous = previous;
        this.marker = marker;
    }

    String key() {
        return key;
    }

    String service() {
        return service;
    }

    Double ra() {
        return ra;
    }

    Double dec() {
        return dec;
    }

    String objectId() {
        return objectId;
    }

    String objectType() {
        return objectType;
    }

    String size() {
        return size;
    }

    Integer sector() {
        return sector;
    }

    String survey() {
        return survey;
    }

    String format() {
        return format;
    }

    String previous() {
        return previous;
    }

    boolean marker() {
        return marker;
    }

    @Override
    public String toString() {
        return "CutoutTask[" + key + "]";
    }
}
