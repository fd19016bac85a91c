package org.mastspark.connector.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new HadoopConf(conf));
        }
        HadoopConf back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (HadoopConf) in.readObject();
        }
        Map<String, String> want = raw(conf);
        assertThat(want.size()).isGreaterThan(100);
        assertThat(raw(back.get())).isEqualTo(want);
        assertThat(back.get().getRaw("fs.test.setting")).isEqualTo("kept ${user.name} ${fs.test.other}");
        assertThat(back.get().get("fs.test.setting"))
                .isEqualTo("kept " + System.getProperty("user.name") + " " + "x".repeat(70_000));
    }
}
