/**
 * The Portal ("Mashup") API ({@code /api/v0/invoke}): queries, their paging, and the cursor that streams
 * a range of pages.
 */
package org.mastspark.connector.client.portal;
