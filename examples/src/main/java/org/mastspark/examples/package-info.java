/**
 * A runnable example of mast-spark: the quickstart pipeline, against the embedded emulator or MAST.
 */
package org.mastspark.examples;
