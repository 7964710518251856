package dev.mixlab.pipelines.read;

import java.io.Serializable;

/**
 * A record that could not become a document: malformed, undecodable, unsafe or unreadable. It is
 * kept with its reason and location in the pool's quarantine so nothing is silently lost.
 *
 * @param source the source it was read for
 * @param location where it is: {@code file:line}, {@code file@byte}, {@code file#row=N}, {@code
 *     archive!/entry}
 * @param reason stable reason code, e.g. {@code read.malformed_json}
 * @param detail what exactly was wrong (parser message, byte offset, size)
 */
public record Quarantined(String source, String location, String reason, String detail)
        implements Serializable {}
