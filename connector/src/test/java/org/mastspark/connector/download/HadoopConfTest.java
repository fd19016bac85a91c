package org.mastspark.connector.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.testing.RoundTrip;

class HadoopConfTest {
    private static Map<String, String> raw(Configuration conf) {
        Map<String, String> m = new TreeMap<>();
        for (Map.Entry<String, String> e : conf) {
            m.put(e.getKey(), e.getValue());
        }
        return m;
    }

    @Test
    void everyPropertyTravelsAsWrittenWithVariablesUnexpanded() throws Exception {
        Configuration conf = new Configuration();
        conf.set("fs.test.setting", "kept ${user.name} ${fs.test.other}");
        conf.set("fs.test.other", "x".repeat(70_000));
        HadoopConf back = RoundTrip.java(new HadoopConf(conf));
        Map<String, String> want = raw(conf);
        assertThat(want.size()).isGreaterThan(100);
        assertThat(raw(back.get())).isEqualTo(want);
        assertThat(back.get().getRaw("fs.test.setting")).isEqualTo("kept ${user.name} ${fs.test.other}");
        assertThat(back.get().get("fs.test.setting"))
                .isEqualTo("kept " + System.getProperty("user.name") + " " + "x".repeat(70_000));
    }
}
