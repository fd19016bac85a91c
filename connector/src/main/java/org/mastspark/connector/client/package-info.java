/**
 * Spark-free clients of MAST's APIs, one sub-package per API (Portal, Mission Search, Pan-STARRS catalogs,
 * SANTA name resolution, file download), over a shared transport ({@code http}) and row model
 * ({@code rows}). This package holds what all of them raise: {@link MastException} and its kinds.
 */
package org.mastspark.connector.client;
