package org.mastspark.connector.sql;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.connector.catalog.FunctionCatalog;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.catalog.functions.UnboundFunction;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.MastTableProvider;

/**
 * A stand-in for the project's SQL catalog in the cone tests until it is merged: identifiers map onto load
 * paths by joining their parts with '/', functions are {@link SqlFunctions}'.
 */
public final class ConeTestCatalog implements TableCatalog, FunctionCatalog {
    private String name;
    private Map<String, String> options;

    @Override
    public void initialize(String name, CaseInsensitiveStringMap options) {
        this.name = name;
        this.options = options.asCaseSensitiveMap();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Identifier[] listTables(String[] namespace) {
        return new Identifier[0];
    }

    @Override
    public Table loadTable(Identifier ident) {
        Map<String, String> p = new HashMap<>(options);
        p.put("path", (ident.namespace().length == 0 ? "" : String.join("/", ident.namespace()) + "/") + ident.name());
        return new MastTableProvider().getTable(null, new Transform[0], p);
    }

    @Override
    public Table alterTable(Identifier ident, TableChange... changes) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean dropTable(Identifier ident) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void renameTable(Identifier oldIdent, Identifier newIdent) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Identifier[] listFunctions(String[] namespace) {
        return SqlFunctions.names().stream()
                .map(n -> Identifier.of(new String[0], n))
                .toArray(Identifier[]::new);
    }

    @Override
    public UnboundFunction loadFunction(Identifier ident)
            throws org.apache.spark.sql.catalyst.analysis.NoSuchFunctionException {
        UnboundFunction f = ident.namespace().length == 0
                ? SqlFunctions.load(ident.name(), MastOptions.resolve(options, Map.of()))
                : null;
        if (f == null) {
            throw new org.apache.spark.sql.catalyst.analysis.NoSuchFunctionException(ident);
        }
        return f;
    }
}
