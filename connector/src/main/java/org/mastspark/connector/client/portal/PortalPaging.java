package org.mastspark.connector.client.portal;

/**
 * The {@code paging} block of a Portal answer: page number and size, how many pages and rows the whole
 * query matched, how many rows this page holds.
 */
public record PortalPaging(long page, long pageSize, long pagesFiltered, long rows, long rowsFiltered) {}
