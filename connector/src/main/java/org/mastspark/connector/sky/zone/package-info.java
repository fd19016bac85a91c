/**
 * Exact tiling of a cone wider than a service may ask into declination-zone cells, each owning its own
 * positions, so rows near tile borders are kept once.
 */
package org.mastspark.connector.sky.zone;
