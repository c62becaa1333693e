/** Herald ingest-service. */
package io.herald.ingest;
