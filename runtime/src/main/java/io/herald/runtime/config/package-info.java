/**
 * Herald's one configuration model: typed {@link io.herald.runtime.config.Key keys} grouped in per-module
 * {@link io.herald.runtime.config.KeyCatalogue catalogues}, read by {@link io.herald.runtime.config.ConfigLoader}
 * from a properties file overridden by the environment, with one duration grammar
 * ({@link io.herald.runtime.config.Durations}), one {@code kafka.*} pass-through, one secret-masking rule
 * ({@link io.herald.runtime.config.Secrets}) and a generated reference table
 * ({@link io.herald.runtime.config.ReferenceDoc}). The rules for environment names are on {@code ConfigLoader}.
 */
package io.herald.runtime.config;
