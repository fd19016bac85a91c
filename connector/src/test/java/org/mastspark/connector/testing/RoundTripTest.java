package org.mastspark.connector.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.NotSerializableException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.JavaSerializer;
import org.junit.jupiter.api.Test;

class RoundTripTest {
    /** Java-serializable, with a transient field that Java serialization drops. */
    static final class Box implements Serializable {
        private static final long serialVersionUID = 1L;
        final List<String> items;
        transient String note;

        Box(List<String> items, String note) {
            this.items = items;
            this.note = note;
        }
    }

    /** Not Java-serializable: only Kryo (field by field) can copy it. */
    static final class Plain {
        final List<String> items;
        final long count;

        Plain(List<String> items, long count) {
            this.items = items;
            this.count = count;
        }
    }

    @Test
    void javaSerializationGivesACopyWithoutTransientFields() throws Exception {
        Box b = new Box(new ArrayList<>(List.of("a", "b\u00e9")), "dropped");
        Box copy = RoundTrip.java(b);
        assertThat(copy).isNotSameAs(b);
        assertThat(copy.items).isNotSameAs(b.items).containsExactly("a", "b\u00e9");
        assertThat(copy.note).isNull();
    }

    @Test
    void javaSerializationRefusesWhatIsNotSerializable() {
        assertThatThrownBy(() -> RoundTrip.java(new Plain(List.of(), 0)))
                .isInstanceOf(NotSerializableException.class)
                .hasMessage("org.mastspark.connector.testing.RoundTripTest$Plain");
    }

    @Test
    void kryoCopiesFieldByFieldWhatJavaCannot() {
        Plain p = new Plain(new ArrayList<>(List.of("a", "b\u00e9")), 1L << 40);
        Plain copy = RoundTrip.kryo(p);
        assertThat(copy).isNotSameAs(p);
        assertThat(copy.items).isNotSameAs(p.items).containsExactly("a", "b\u00e9");
        assertThat(copy.count).isEqualTo(1L << 40);
    }

    @Test
    void throughTheGivenSerializerInstance() {
        Box copy = RoundTrip.through(
                new JavaSerializer(new SparkConf()).newInstance(), new Box(new ArrayList<>(List.of("c")), "dropped"));
        assertThat(copy.items).containsExactly("c");
        assertThat(copy.note).isNull();
    }
}
