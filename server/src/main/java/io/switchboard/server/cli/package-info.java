/**
 * The {@code switchboard} subcommands (picocli): {@code serve}, {@code genconfig}, {@code checkconfig},
 * {@code gentoken}. Each returns its exit code; the environment is read here and handed to the config loader.
 */
package io.switchboard.server.cli;
