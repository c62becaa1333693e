/**
 * Recipient destinations: where an email recipient's mail lands (MX rollup) or which host a webhook
 * posts to, so health can be judged per destination beside per provider (issue 14).
 */
package io.herald.policy.destination;
