/**
 * What the reads of MAST's JSON service APIs (missions, Pan-STARRS) share: table, scan builder, scan,
 * partitions and readers, predicate sorting, the check of a user schema, the search cone and the ceiling
 * on planned requests.
 */
package org.mastspark.connector.read.service;
