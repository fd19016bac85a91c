package org.mastspark.connector.download;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/** A Hadoop configuration that travels to executors: its properties as strings inside Java serialization. */
// Spark ships it with Java serialization; should Kryo (spark.serializer) write it, it must write the same
// form: Kryo field by field cannot rebuild its records, immutable collections or transient state.
@DefaultSerializer(JavaSerializer.class)
public final class HadoopConf implements Serializable {
    private static final long serialVersionUID = 1L;

    private transient Configuration conf;

    /** @param conf the configuration to ship; not copied, so not to be changed afterwards */
    public HadoopConf(Configuration conf) {
        this.conf = conf;
    }

    /** The configuration (on an executor: rebuilt from what the driver shipped). */
    public Configuration get() {
        return conf;
    }

    // Each property as two strings: Hadoop's own Writable form gzips every property's source list, and
    // inflating about a thousand of them cost each task tens of milliseconds before it read anything.
    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        for (Map.Entry<String, String> e : conf) {
            entries.add(e);
        }
        out.writeInt(entries.size());
        for (Map.Entry<String, String> e : entries) {
            out.writeObject(e.getKey());
            out.writeObject(e.getValue());
        }
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        conf = new Configuration(false);
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            conf.set((String) in.readObject(), (String) in.readObject());
        }
    }
}
