/**
 * The sources served by MAST's Portal API ({@code /api/v0/invoke}): CAOM observations, their products, any Portal
 * service, and the Portal's catalogs, with the Portal filters they share and the partition that reads pages of a
 * Portal query.
 */
package org.mastspark.connector.read.portal;
