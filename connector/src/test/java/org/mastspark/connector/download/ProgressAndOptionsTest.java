package org.mastspark.connector.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Progress lines and option resolution (no Spark job). */
class ProgressAndOptionsTest {
    @Test
    void progressLineGivesFilesBytesRateAndEta() {
        assertThat(ProgressReporter.line(2000, 500, 20, 3, 512L * 1024 * 1024, 25_000_000_000L))
                .isEqualTo("MAST download: 500/2000 files (20 skipped, 3 errors), 512.0 MiB in 25 s, 20.5 MiB/s,"
                        + " ETA 1 min 15 s");
        assertThat(ProgressReporter.line(10, 0, 0, 0, 0, 1_000_000_000L))
                .isEqualTo("MAST download: 0/10 files (0 skipped, 0 errors), 0 B in 1 s, 0 B/s, ETA unknown");
        assertThat(ProgressReporter.line(10, 10, 0, 0, 1500, 2_000_000_000L))
                .isEqualTo("MAST download: 10/10 files (0 skipped, 0 errors), 1.5 KiB in 2 s, 750 B/s, done");
    }

    @Test
    void optionsComeFromTheDownloaderThenSparkMastSessionSettingsAndNeverShowTheToken() {
        DownloadOptions o = DownloadOptions.resolve(
                Map.of("concurrency", "6", "token", "tok-123-secret", "fs.s3a.bucket.stpubdata.endpoint", "http://x"),
                Map.of(
                        "spark.mast.concurrency", "2",
                        "spark.mast.layout", "flat",
                        "spark.mast.baseUrl", "http://127.0.0.1:9",
                        "spark.other", "1"));
        assertThat(o.concurrency()).isEqualTo(6);
        assertThat(o.layout()).isEqualTo(DownloadOptions.Layout.FLAT);
        assertThat(o.clientConfig().baseUrl()).isEqualTo("http://127.0.0.1:9");
        assertThat(o.clientConfig().hasToken()).isTrue();
        assertThat(o.hadoopSettings()).containsExactly(Map.entry("fs.s3a.bucket.stpubdata.endpoint", "http://x"));
        assertThat(o.toString()).doesNotContain("tok-123-secret").contains("token=<redacted>");
        assertThat(o.commitFor("s3a")).isEqualTo(DownloadOptions.Commit.DIRECT);
        assertThat(o.commitFor("hdfs")).isEqualTo(DownloadOptions.Commit.RENAME);
        assertThat(o.commitFor("file")).isEqualTo(DownloadOptions.Commit.RENAME);
        assertThat(DownloadOptions.resolve(Map.of("commit", "rename"), Map.of()).commitFor("s3a"))
                .isEqualTo(DownloadOptions.Commit.RENAME);
    }
}
