/** MAST's authentication service ({@code /whoami}): what MAST knows of the session a token opens. */
package org.mastspark.connector.client.auth;
