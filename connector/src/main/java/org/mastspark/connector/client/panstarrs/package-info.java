/**
 * The Pan-STARRS tables of MAST's catalogs API: queries, column metadata and paged results streamed
 * as they arrive.
 */
package org.mastspark.connector.client.panstarrs;
