/**
 * The rule engine behind the devkit's scripted providers: ordered rules with a condition, a time window
 * and a use count, evaluated first-match-wins and safe to change while servers read them.
 */
package io.herald.devkit.script;
