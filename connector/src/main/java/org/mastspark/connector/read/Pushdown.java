package org.mastspark.connector.read;

/**
 * What a source does with one predicate, in Iceberg's terms: MAST evaluates it exactly (Spark need not look
 * again), MAST gets it but Spark re-checks the rows (MAST's match is wider: inclusive ranges, case-insensitive
 * text), or Spark alone evaluates it.
 */
public enum Pushdown {
    EXACT,
    RECHECK,
    SPARK
}
