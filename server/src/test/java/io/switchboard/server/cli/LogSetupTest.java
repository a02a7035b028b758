package io.switchboard.server.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.server.config.LogSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LogSetupTest {
    @TempDir
    Path dir;

    @AfterEach
    void backToLogbackXml() throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        new ContextInitializer(ctx).autoConfig();
    }

    @Test
    void jsonLinesGoToTheFileAtTheLevelAsked() throws Exception {
        Path file = dir.resolve("switchboard.log");
        LogSetup.apply(new LogSettings("warn", file.toString(), true));
        var log = LoggerFactory.getLogger("io.switchboard.test");
        log.info("not at warn");
        log.warn("client {} refused", "127.0.0.1:5000");

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(lines.get(0));
        assertThat(line.path("level").asText()).isEqualTo("WARN");
        assertThat(line.path("loggerName").asText()).isEqualTo("io.switchboard.test");
        assertThat(line.path("formattedMessage").asText())
                .isEqualTo("client 127.0.0.1:5000 refused");
    }

    @Test
    void noneSilencesSwitchboardsLoggers() throws Exception {
        Path file = dir.resolve("quiet.log");
        LogSetup.apply(new LogSettings("none", file.toString(), false));
        LoggerFactory.getLogger("io.switchboard.test").error("even errors");
        assertThat(Files.readString(file)).isEmpty();
    }
}
