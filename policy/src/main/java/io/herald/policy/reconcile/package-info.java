/**
 * Reconciliation of accepted notifications against the outcome log and the sinks: exactly one terminal
 * state each, or visibly parked; nothing delivered twice.
 */
package io.herald.policy.reconcile;
