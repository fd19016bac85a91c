package org.mastspark.connector.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Objects written and read back as Spark ships them to executors: by Java serialization, or by a Kryo
 * serializer (a fresh one of a default {@link SparkConf}, as {@code spark.serializer=KryoSerializer} without
 * registration, or a session's own instance).
 */
public final class RoundTrip {
    private RoundTrip() {}

    /** The value written and read back by Java serialization. */
    @SuppressWarnings("unchecked")
    public static <T> T java(T value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    /** The value written and read back by a new Kryo serializer of a default {@link SparkConf}. */
    public static <T> T kryo(T value) {
        return through(new KryoSerializer(new SparkConf()).newInstance(), value);
    }

    /** The value written and read back by a serializer, e.g. a session's {@code SparkEnv.get().serializer()}. */
    @SuppressWarnings("unchecked")
    public static <T> T through(SerializerInstance serializer, T value) {
        ClassTag<Object> any = ClassTag$.MODULE$.Any();
        return (T) serializer.deserialize(serializer.serialize(value, any), any);
    }
}
