/**
 * Pure Centrifugo protocol frames: commands decoded from JSON lines, replies and pushes encoded to JSON.
 * No I/O and no connection state here. The JSON is Centrifugo's own mapping, not proto3 JSON.
 */
package io.switchboard.centrifugo.codec;
