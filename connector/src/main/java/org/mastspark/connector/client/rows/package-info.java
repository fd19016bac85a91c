/**
 * Rows as the clients hand them over: the wanted columns and their value types, the sink and cursor
 * interfaces, and the streaming JSON readers that fill them.
 */
package org.mastspark.connector.client.rows;
