package org.mastspark.connector.limits;

import java.io.Serializable;

/**
 * The limits of one cutout service for a whole job: requests open at once and requests started per second.
 *
 * @param maxConcurrent requests open at once, across every executor of the job
 * @param perSecond requests started in any one second, across every executor of the job
 */
public record ServiceLimits(int maxConcurrent, int perSecond) implements Serializable {
    /** MAST's documented limits of its cutout services: 10 requests at once, 5 per second. */
    public static final ServiceLimits MAST = new ServiceLimits(10, 5);

    public ServiceLimits {
        if (maxConcurrent < 1 || maxConcurrent > 1000) {
            throw new IllegalArgumentException("Invalid value '" + maxConcurrent
                    + "' for option 'maxConcurrentRequests': expected 1 to 1000 (MAST allows 10)");
        }
        if (perSecond < 1 || perSecond > 1000) {
            throw new IllegalArgumentException("Invalid value '" + perSecond
                    + "' for option 'requestsPerSecond': expected 1 to 1000 (MAST allows 5)");
        }
    }
}
