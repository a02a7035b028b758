package io.switchboard.server.cli;

import io.switchboard.server.config.ConfigFiles;
import io.switchboard.server.config.StarterConfig;
import io.switchboard.server.Switchboard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;

/** {@code genconfig}: writes a starter config with fresh secrets; never overwrites one unless told to. */
@Command(name = "genconfig", mixinStandardHelpOptions = true, version = "switchboard " + Switchboard.VERSION,
        description = "Write a starter config with a fresh token secret and API key (YAML for .yaml/.yml).")
public final class GenconfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "config.json",
            description = "file to write (default: ${DEFAULT-VALUE})")
    Path output;

    @Option(names = "--force", description = "overwrite the file if it exists")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String text = ConfigFiles.render(output, StarterConfig.create());
        try {
            write(text);
        } catch (FileAlreadyExistsException e) {
            err.println("error: " + output + " already exists (use --force to overwrite it)");
            return 1;
        } catch (IOException e) {
            err.println("error: cannot write " + output + ": " + e.getMessage());
            return 1;
        }
        spec.commandLine().getOut().println("wrote " + output
                + " (it holds the token secret and the API key: keep it private)");
        return 0;
    }

    private void write(String text) throws IOException {
        if (force) {
            Files.writeString(output, text);
        } else {
            Files.writeString(output, text, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        try {
            Files.setPosixFilePermissions(output, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file keeps the directory's permissions.
        }
    }
}
