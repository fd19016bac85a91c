package org.mastspark.connector.read.hats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.MastOptions;

/** The Hadoop settings of a HATS read: MAST's bucket anonymous unless credentials are configured, fs.* options. */
class HatsHadoopConfTest {
    private static final String PROVIDER = "fs.s3a.bucket.stpubdata.aws.credentials.provider";

    @Test
    void mastsBucketIsReadAnonymouslyInItsRegion() {
        Configuration c = HatsSource.hadoopConf(MastOptions.of(Map.of()), "s3a://stpubdata/gaia/gaia_dr3/public/hats");
        assertThat(c.get(PROVIDER)).isEqualTo("org.apache.hadoop.fs.s3a.AnonymousAWSCredentialsProvider");
        assertThat(c.get("fs.s3a.bucket.stpubdata.endpoint.region")).isEqualTo("us-east-1");
        Configuration other = HatsSource.hadoopConf(MastOptions.of(Map.of()), "s3a://another/catalog");
        assertThat(other.get(PROVIDER)).isNull();
    }

    @Test
    void credentialsOrSettingsGivenAsFsOptionsWin() {
        Configuration keys = HatsSource.hadoopConf(
                MastOptions.of(Map.of(
                        "fs.s3a.access.key", "AK",
                        "fs.s3a.secret.key", "SK",
                        "fs.s3a.endpoint", "http://127.0.0.1:9000")),
                "s3a://stpubdata/x");
        assertThat(keys.get(PROVIDER)).isNull();
        assertThat(MastOptions.of(Map.of("fs.s3a.secret.key", "SK", "fs.s3a.endpoint", "http://h:1"))
                        .toString())
                .isEqualTo("MastOptions{fs.s3a.endpoint=http://h:1, fs.s3a.secret.key=<redacted>}");
        assertThat(keys.get("fs.s3a.endpoint")).isEqualTo("http://127.0.0.1:9000");
        Configuration provider =
                HatsSource.hadoopConf(MastOptions.of(Map.of(PROVIDER, "com.example.Provider")), "s3a://stpubdata/x");
        assertThat(provider.get(PROVIDER)).isEqualTo("com.example.Provider");
    }
}
