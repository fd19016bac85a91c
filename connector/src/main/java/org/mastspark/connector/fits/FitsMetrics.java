package org.mastspark.connector.fits;

import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomSumMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/**
 * The custom metrics a {@code format("fits")} scan shows in the Spark UI (summed over tasks), and one task's
 * counts. Spark creates each metric from its class name with the no-arg constructor, so each has a public
 * class.
 */
public final class FitsMetrics {
    static final String FILES_READ = "fitsFilesRead";
    static final String BYTES_READ = "fitsBytesRead";
    static final String ROWS = "fitsRows";
    static final String FILES_SKIPPED = "fitsFilesSkipped";
    static final String FILES_PRUNED = "fitsFilesPruned";

    long filesRead;
    long bytesRead;
    long rows;
    long filesSkipped;
    long filesPruned;

    FitsMetrics() {}

    static CustomMetric[] supported() {
        return new CustomMetric[] {new FilesRead(), new BytesRead(), new Rows(), new FilesSkipped(), new FilesPruned()};
    }

    CustomTaskMetric[] values() {
        return new CustomTaskMetric[] {
            value(FILES_READ, filesRead),
            value(BYTES_READ, bytesRead),
            value(ROWS, rows),
            value(FILES_SKIPPED, filesSkipped),
            value(FILES_PRUNED, filesPruned)
        };
    }

    private static CustomTaskMetric value(String name, long value) {
        return new CustomTaskMetric() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long value() {
                return value;
            }
        };
    }

    private abstract static class Sum extends CustomSumMetric {
        private final String name;
        private final String description;

        Sum(String name, String description) {
            this.name = name;
            this.description = description;
        }

        @Override
        public final String name() {
            return name;
        }

        @Override
        public final String description() {
            return description;
        }
    }

    /** FITS files opened by the readers (a split file counts once per split). */
    public static final class FilesRead extends Sum {
        public FilesRead() {
            super(FILES_READ, "FITS files opened");
        }
    }

    /** Bytes read from storage (headers and data; compressed bytes of gzip files). */
    public static final class BytesRead extends Sum {
        public BytesRead() {
            super(BYTES_READ, "FITS bytes read");
        }
    }

    /** Rows returned. */
    public static final class Rows extends Sum {
        public Rows() {
            super(ROWS, "FITS rows");
        }
    }

    /** Files skipped as unreadable by mode PERMISSIVE (each named in a WARN line). */
    public static final class FilesSkipped extends Sum {
        public FilesSkipped() {
            super(FILES_SKIPPED, "FITS files skipped (bad, mode PERMISSIVE)");
        }
    }

    /** Files whose header values failed a pushed filter: their data was not read. */
    public static final class FilesPruned extends Sum {
        public FilesPruned() {
            super(FILES_PRUNED, "FITS files pruned by header filters");
        }
    }
}
