/**
 * A local stub of Twilio's Messages API ({@link io.herald.devkit.twilio.TwilioStub}) with scripted
 * answers (201, 429/20429, 5xx, 400 with 21211/21610/21614) and a record of every request, for
 * integration tests, drills and the local stack.
 */
package io.herald.devkit.twilio;
