/**
 * MAST's metadata as tables: the missions the Portal archives ({@code meta/missions}), the columns of every
 * table the connector reads ({@code meta/columns}) and the token's session ({@code meta/session}), the
 * DataFrame forms of astroquery's {@code list_missions}, {@code get_metadata}, {@code get_column_list} and
 * {@code session_info}.
 */
package org.mastspark.connector.read.meta;
