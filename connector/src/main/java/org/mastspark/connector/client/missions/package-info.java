/**
 * MAST's Mission Search API: searches, column metadata and product lists, streamed page by page.
 */
package org.mastspark.connector.client.missions;
