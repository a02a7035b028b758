package io.switchboard.server.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.switchboard.server.config.LogSettings;
import org.slf4j.LoggerFactory;

/** Applies the {@code log} section to logback: the level of Switchboard's loggers, the file and the line format. */
final class LogSetup {
    static final String TEXT_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";

    private LogSetup() {
    }

    static void apply(LogSettings settings) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) return;
        ctx.getLogger("io.switchboard").setLevel(level(settings.level()));
        if (settings.file() == null && !settings.json()) return; // logback.xml's text on standard error
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        OutputStreamAppender<ILoggingEvent> appender;
        if (settings.file() != null) {
            FileAppender<ILoggingEvent> file = new FileAppender<>();
            file.setFile(settings.file());
            file.setAppend(true);
            appender = file;
        } else {
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setTarget("System.err");
            appender = console;
        }
        appender.setContext(ctx);
        appender.setName("switchboard");
        appender.setEncoder(encoder(ctx, settings.json()));
        appender.start();
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
    }

    static Level level(String name) {
        return "none".equals(name) ? Level.OFF : Level.toLevel(name, Level.INFO);
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext ctx, boolean json) {
        if (json) {
            JsonEncoder encoder = new JsonEncoder();
            encoder.setContext(ctx);
            encoder.setWithSequenceNumber(false);
            encoder.setWithNanoseconds(false);
            encoder.setWithContext(false);
            encoder.setWithFormattedMessage(true); // what a person reads, not the template and its arguments
            encoder.setWithMessage(false);
            encoder.setWithArguments(false);
            encoder.start();
            return encoder;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern(TEXT_PATTERN);
        encoder.start();
        return encoder;
    }
}
