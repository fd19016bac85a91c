package org.mastspark.connector.download;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;

/** A Hadoop configuration that travels to executors (Hadoop's own Writable form inside Java serialization). */
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

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        conf.write(out);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        conf = new Configuration(false);
        conf.readFields(in);
    }
}
