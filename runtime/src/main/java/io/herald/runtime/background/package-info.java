/**
 * Supervised background loops: {@link io.herald.runtime.background.SupervisedLoop} runs a loop's sessions on its own
 * thread and restarts a failed one with a capped exponential {@link io.herald.runtime.background.Backoff}, exposing
 * its {@link io.herald.runtime.background.LoopState} to readiness and counting restarts;
 * {@link io.herald.runtime.background.TopicFollower} is the session of a consumer that follows whole topics without
 * a group and resumes where it stopped. See {@code DESIGN.md} beside this file.
 */
package io.herald.runtime.background;
