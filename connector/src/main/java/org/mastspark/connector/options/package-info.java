/**
 * Every option key of the connector, the downloader and the name resolver, each declared once with its
 * default, its parser and a one-line description ({@link org.mastspark.connector.options.OptionKey}), in one
 * registry class per area ({@link org.mastspark.connector.options.ReadKeys},
 * {@link org.mastspark.connector.options.MissionKeys}, {@link org.mastspark.connector.options.PanstarrsKeys},
 * {@link org.mastspark.connector.options.ResolverKeys}, {@link org.mastspark.connector.options.DownloadKeys}).
 * Plain Java, free of Spark: the classes that gather options from Spark read them through these keys.
 */
package org.mastspark.connector.options;
