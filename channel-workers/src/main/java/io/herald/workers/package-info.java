/** Herald channel-workers. */
package io.herald.workers;
