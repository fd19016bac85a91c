/**
 * Plain-Java text helpers shared by the MAST client, the sky code and the Spark side (no Spark, no MAST
 * client: every package may use them without a cycle).
 */
package org.mastspark.connector.text;
