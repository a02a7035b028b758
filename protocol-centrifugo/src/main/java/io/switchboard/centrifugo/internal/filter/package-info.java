/**
 * Tags filters of subscriptions (client.proto's {@code FilterNode}): the tree as decoded, checked once at
 * subscribe time and compiled into a matcher that the delivery path runs per publication. Pure values, no I/O.
 */
package io.switchboard.centrifugo.internal.filter;
