package org.mastspark.connector.read.meta;

import java.util.List;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.read.MastPartition;
import org.mastspark.connector.read.MastSource;
import org.mastspark.connector.read.SourceQuery;
import org.mastspark.connector.schema.MastSchemas;

/**
 * {@code load("meta/session")} ({@code mast.meta.session}): astroquery's {@code session_info()}, what MAST's
 * {@code GET /whoami} says of the token's session, as one row. The answer's {@code token} member is dropped by
 * the client; the token appears in no row, plan or message. A read without a token fails naming option
 * {@code token}; a token MAST does not accept gives the anonymous row ({@code anonymous = true}), as astroquery
 * 0.4.6 returns it with a warning.
 */
public final class MetaSessionSource implements MastSource {
    /** The {@code load()} path. */
    public static final String PATH = "meta/session";

    @Override
    public String describe() {
        return PATH;
    }

    @Override
    public StructType schema() {
        return MetaSchemas.SESSION;
    }

    @Override
    public SourceQuery newQuery(MastOptions options, StructType schema) {
        return new SourceQuery(options, schema) {
            @Override
            protected String describe() {
                return PATH + " [whoami]";
            }

            @Override
            protected List<? extends MastPartition> plan(Read read) {
                MastClientConfig config = options.clientConfig();
                if (!config.hasToken()) {
                    throw new IllegalArgumentException("Reading " + PATH + " needs a MAST token and none is set: give"
                            + " option 'token' (or option 'tokenFile', session configuration spark.mast.token or"
                            + " spark.mast.tokenFile, or the environment variable MAST_API_TOKEN); create a token at"
                            + " https://auth.mast.stsci.edu/token");
                }
                return List.of(new MetaPartition(
                        MetaPartition.Kind.SESSION,
                        null,
                        config,
                        null,
                        MastSchemas.layout(read.required()),
                        read.limit()));
            }
        };
    }
}
