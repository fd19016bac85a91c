/**
 * The options of the reads of MAST's JSON service APIs (Mission Search, Pan-STARRS' catalogs API) beyond
 * those of {@code MastOptions}.
 */
package org.mastspark.connector.read.service;
