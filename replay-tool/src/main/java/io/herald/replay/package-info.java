/** Herald replay-tool. */
package io.herald.replay;
