/**
 * Pure decision functions that more than one stage must apply identically (router, workers, replay):
 * which provider may take a message, what a provider's reply means. No I/O, table-tested.
 */
package io.herald.policy;
