/**
 * Job-wide limits of requests to MAST's cutout services, shared by every executor of a Spark job: a small
 * lease service on the driver ({@link org.mastspark.connector.limits.JobLimiter}) and the serializable handle
 * executors take permits through ({@link org.mastspark.connector.limits.LimiterHandle}). MAST counts all the
 * requests of a user, so a limit per task would multiply by the number of tasks.
 */
package org.mastspark.connector.limits;
