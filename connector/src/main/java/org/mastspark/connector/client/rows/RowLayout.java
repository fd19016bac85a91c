package org.mastspark.connector.client.rows;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns a reader wants from MAST rows, in order, with their types. MAST sends each row as a JSON
 * object keyed by column name (in any order, keys may be missing); a layout turns it into an array in
 * this order. Keys the layout does not name are skipped. Immutable, serializable.
 */
// Spark ships it with Java serialization; should Kryo (spark.serializer) write it, it must write the same
// form: Kryo field by field cannot rebuild its records, immutable collections or transient state.
@DefaultSerializer(JavaSerializer.class)
public final class RowLayout implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> names;
    private final List<MastType> types;
    private final Map<String, Integer> index;

    private RowLayout(List<String> names, List<MastType> types) {
        this.names = List.copyOf(names);
        this.types = List.copyOf(types);
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            if (idx.putIfAbsent(names.get(i), i) != null) {
                throw new IllegalArgumentException("Column '" + names.get(i) + "' appears twice in the layout");
            }
        }
        this.index = Collections.unmodifiableMap(idx);
    }

    public static Builder builder() {
        return new Builder();
    }

    public int size() {
        return names.size();
    }

    public String name(int i) {
        return names.get(i);
    }

    public MastType type(int i) {
        return types.get(i);
    }

    public List<String> names() {
        return names;
    }

    public List<MastType> types() {
        return types;
    }

    /** Position of a column, or -1 when the layout does not include it. */
    public int indexOf(String name) {
        Integer i = index.get(name);
        return i == null ? -1 : i;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RowLayout[");
        for (int i = 0; i < names.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(names.get(i)).append(':').append(types.get(i));
        }
        return sb.append(']').toString();
    }

    /** Builder of a layout. */
    public static final class Builder {
        private final List<String> names = new ArrayList<>();
        private final List<MastType> types = new ArrayList<>();

        public Builder add(String name, MastType type) {
            names.add(name);
            types.add(type);
            return this;
        }

        public RowLayout build() {
            return new RowLayout(names, types);
        }
    }
}
