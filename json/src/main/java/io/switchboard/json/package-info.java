/**
 * The one JSON toolkit of every protocol and of auth, on Jackson's streaming parser: {@link io.switchboard.json.JsonParsers}
 * (the one configured factory), {@link io.switchboard.json.JsonTree} (a strict ordered tree), {@link io.switchboard.json.CompactJson},
 * {@link io.switchboard.json.JsonStrings} and {@link io.switchboard.json.JsNumbers} (JSON.stringify's output). Knows no Switchboard module.
 */
package io.switchboard.json;
