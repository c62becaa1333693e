/** Herald analytics. */
package io.herald.analytics;
