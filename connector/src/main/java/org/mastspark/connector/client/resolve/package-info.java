/**
 * MAST's SANTA name resolver: object names to sky positions, in batches.
 */
package org.mastspark.connector.client.resolve;
