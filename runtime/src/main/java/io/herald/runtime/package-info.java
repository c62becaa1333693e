/**
 * Plumbing every Herald deployable shares and no stage owns: the configuration library, supervised
 * background consumers, health and metrics HTTP plumbing. Nothing here knows what a notification is.
 */
package io.herald.runtime;
