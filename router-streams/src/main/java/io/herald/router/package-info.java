/** Herald router-streams. */
package io.herald.router;
