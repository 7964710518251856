package dev.mixlab.pipelines.read;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.code.FileLanguage;
import dev.mixlab.filters.normalise.Utf8;
import dev.mixlab.io.LocalCopy;
import dev.mixlab.io.StoragePaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Source trees and archives: one document per file, id = path inside the tree or archive, language
 * from the extension ({@link FileLanguage}). Files with an extension that is not a known source or
 * markup language are skipped ({@code read.not_a_source_file}, counted); a known extension with
 * binary or non-UTF-8 content is quarantined; archive entries whose path could escape a directory
 * ({@code ../x}, absolute) are quarantined as {@code read.unsafe_archive_path} and never read.
 */
final class SourceFiles {
    private SourceFiles() {}

    /** One file found under an input directory. */
    static void readFile(ReadTask task, ReadLimits limits, ReadSink sink) {
        Path file = StoragePaths.of(task.path());
        String relative =
                task.root() == null
                        ? file.getFileName().toString()
                        : StoragePaths.of(task.root())
                                .relativize(file)
                                .toString()
                                .replace('\\', '/');
        FileLanguage language = FileLanguage.ofPath(relative);
        if (language == null) {
            sink.skip(task.path(), "read.not_a_source_file");
            return;
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            long size = Files.size(file);
            // The declared size spares reading a file known to be too large; the bounded read
            // holds the limit whatever the size says (a growing file, /proc files that say 0).
            bytes =
                    size > limits.maxDocumentBytes()
                            ? null
                            : in.readNBytes(limits.maxDocumentBytes() + 1);
            if (bytes == null || bytes.length > limits.maxDocumentBytes()) {
                sink.quarantine(
                        task,
                        task.path(),
                        "read.document_too_large",
                        bytes == null
                                ? size + " bytes > max " + limits.maxDocumentBytes()
                                : "more than "
                                        + limits.maxDocumentBytes()
                                        + " bytes once read, though its size said "
                                        + size);
                return;
            }
        } catch (IOException e) {
            sink.quarantine(
                    task,
                    task.path(),
                    "read.unreadable_file",
                    e.getClass().getSimpleName() + ": " + e.getMessage());
            return;
        }
        emit(task, relative, relative, task.path(), language, bytes, Map.of(), sink);
    }

    /** Every entry of a zip or jar, in name order. */
    static void readArchive(ReadTask task, ReadLimits limits, ReadSink sink) {
        Path archive = StoragePaths.of(task.path());
        String archiveName = archive.getFileName().toString();
        try (LocalCopy local = LocalCopy.of(archive);
                ZipFile zip = new ZipFile(local.file().toFile())) {
            List<ZipEntry> entries = new ArrayList<>(Collections.list(zip.entries()));
            entries.sort((a, b) -> a.getName().compareTo(b.getName()));
            for (ZipEntry entry : entries) {
                if (entry.isDirectory()) continue;
                String name = entry.getName();
                String location = task.path() + "!/" + name;
                if (unsafe(name)) {
                    sink.quarantine(
                            task,
                            location,
                            "read.unsafe_archive_path",
                            "entry path '"
                                    + name
                                    + "' could escape the archive's directory; not read");
                    continue;
                }
                FileLanguage language = FileLanguage.ofPath(name);
                if (language == null) {
                    sink.skip(location, "read.not_a_source_file");
                    continue;
                }
                if (!sink.withinLimits(task, location, entry.getSize(), limits)) continue;
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = in.readNBytes(limits.maxDocumentBytes() + 1);
                } catch (IOException e) {
                    sink.quarantine(
                            task,
                            location,
                            "read.corrupt_archive_entry",
                            e.getClass().getSimpleName() + ": " + e.getMessage());
                    continue;
                }
                if (bytes.length > limits.maxDocumentBytes()) {
                    sink.quarantine(
                            task,
                            location,
                            "read.document_too_large",
                            "more than " + limits.maxDocumentBytes() + " bytes once inflated");
                    continue;
                }
                emit(
                        task,
                        archiveName + "/" + name,
                        name,
                        location,
                        language,
                        bytes,
                        Map.of("archive", archiveName),
                        sink);
            }
        } catch (IOException e) {
            sink.quarantine(
                    task,
                    task.path(),
                    Files.isReadable(archive) ? "read.corrupt_archive" : "read.unreadable_file",
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    static boolean unsafe(String entryName) {
        String n = entryName.replace('\\', '/');
        if (n.startsWith("/") || n.matches("^[A-Za-z]:.*")) return true;
        for (String part : n.split("/")) if (part.equals("..")) return true;
        return false;
    }

    private static void emit(
            ReadTask task,
            String id,
            String path,
            String location,
            FileLanguage language,
            byte[] bytes,
            Map<String, String> extra,
            ReadSink sink) {
        if (Utf8.looksBinary(bytes)) {
            sink.quarantine(
                    task,
                    location,
                    "read.binary_content",
                    "a ." + extension(id) + " file with NUL bytes is not text");
            return;
        }
        String text = sink.decodeOrQuarantine(task, location, bytes, 0, bytes.length, "");
        if (text == null) return;
        Map<String, String> metadata = new HashMap<>(extra);
        metadata.put(Document.PATH, path);
        metadata.put(Document.LANGUAGE, language.label);
        metadata.put(DocumentLocation.KEY, location);
        sink.document(new Document(id, task.source(), task.kind(), text, metadata));
    }

    private static String extension(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(dot + 1);
    }
}
