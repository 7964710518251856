package dev.mixlab.pipelines.read;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.InvalidRequestException;
import dev.mixlab.io.StoragePaths;
import dev.mixlab.mixtures.spec.FieldMapping;
import dev.mixlab.mixtures.spec.SourceSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Parquet corpora (The Stack's {@code content}, SlimPajama's {@code text}, ...): any top-level
 * string column is the text, per the field mapping; only the text, id and mapped metadata columns
 * (The Stack's {@code max_stars_repo_path} as {@code path}, {@code lang} as {@code language}) are
 * decoded. Work splits by row group. A file without a string text column is a configuration mistake
 * (exit 2): planning checks every file's schema before the job starts, and says what the column is.
 */
final class ParquetCorpusReader {
    private ParquetCorpusReader() {}

    /** Row-group count of a file, for splitting. */
    static int rowGroups(Path file) throws IOException {
        try (ParquetFileReader reader =
                ParquetFileReader.open(
                        new LocalInputFile(file), ParquetReadOptions.builder().build())) {
            return reader.getRowGroups().size();
        }
    }

    /**
     * Fails (exit 2) when {@code file}'s schema has no string column for the source's text; a file
     * whose footer cannot be read is left to the reader, which quarantines it.
     */
    static void checkTextColumn(SourceSpec source, Path file) {
        MessageType schema;
        try (ParquetFileReader reader =
                ParquetFileReader.open(
                        new LocalInputFile(file), ParquetReadOptions.builder().build())) {
            schema = reader.getFooter().getFileMetaData().getSchema();
        } catch (IOException | RuntimeException e) {
            return;
        }
        checkTextColumn(schema, file.toString(), source.name(), source.fields().text());
        checkMetadataColumns(schema, file.toString(), source.name(), source.fields());
    }

    private static void checkTextColumn(
            MessageType schema, String file, String source, String textField) {
        if (isStringColumn(schema, textField)) return;
        String problem =
                schema.containsField(textField)
                        ? "has a column '"
                                + textField
                                + "' of type "
                                + typeName(schema.getType(textField))
                                + ", not a string"
                        : "has no column '" + textField + "'";
        throw new InvalidRequestException(
                file
                        + " "
                        + problem
                        + " (its columns: "
                        + columns(schema)
                        + "); set fields.text of source '"
                        + source
                        + "' to a string column");
    }

    static void read(ReadTask task, FieldMapping fields, ReadLimits limits, ReadSink sink) {
        Path file = StoragePaths.of(task.path());
        String fileName = file.getFileName().toString();
        try (ParquetFileReader reader =
                ParquetFileReader.open(
                        new LocalInputFile(file), ParquetReadOptions.builder().build())) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            checkTextColumn(schema, task.path(), task.source(), fields.text());
            checkMetadataColumns(schema, task.path(), task.source(), fields);
            boolean hasId =
                    schema.containsField(fields.id()) && schema.getType(fields.id()).isPrimitive();
            List<Type> projected = new ArrayList<>();
            projected.add(schema.getType(fields.text()));
            if (hasId) projected.add(schema.getType(fields.id()));
            Map<String, String> metadataColumns = new LinkedHashMap<>();
            fields.metadata()
                    .forEach(
                            (key, column) -> {
                                if (!schema.containsField(column)) return;
                                metadataColumns.put(key, column);
                                if (projected.stream().noneMatch(t -> t.getName().equals(column)))
                                    projected.add(schema.getType(column));
                            });
            MessageType projection = new MessageType(schema.getName(), projected);
            reader.setRequestedSchema(projection);

            int first = (int) task.start();
            int last = task.end() < 0 ? reader.getRowGroups().size() : (int) task.end();
            long row = 0;
            for (int g = 0; g < first; g++) row += reader.getRowGroups().get(g).getRowCount();
            for (int g = 0; g < first; g++) reader.skipNextRowGroup();
            for (int g = first; g < last; g++) {
                PageReadStore pages = reader.readNextRowGroup();
                RecordReader<Group> records =
                        new ColumnIOFactory()
                                .getColumnIO(projection, schema)
                                .getRecordReader(pages, new GroupRecordConverter(projection));
                for (long r = 0; r < pages.getRowCount(); r++, row++) {
                    Group group = records.read();
                    String location = task.path() + "#row=" + row;
                    if (group.getFieldRepetitionCount(0) == 0) {
                        sink.quarantine(
                                task,
                                location,
                                "read.missing_text_field",
                                "column '" + fields.text() + "' is null");
                        continue;
                    }
                    byte[] bytes = group.getBinary(0, 0).getBytes();
                    if (!sink.withinLimits(task, location, bytes.length, limits)) continue;
                    String text =
                            sink.decodeOrQuarantine(task, location, bytes, 0, bytes.length, "");
                    if (text == null) continue;
                    String id =
                            hasId && group.getFieldRepetitionCount(1) > 0
                                    ? group.getValueToString(1, 0)
                                    : fileName + "#" + row;
                    Map<String, String> metadata = new HashMap<>();
                    metadataColumns.forEach(
                            (key, column) -> {
                                int index = projection.getFieldIndex(column);
                                if (group.getFieldRepetitionCount(index) > 0)
                                    metadata.put(key, group.getValueToString(index, 0));
                            });
                    metadata.put(DocumentLocation.KEY, location);
                    sink.document(
                            new Document(
                                    id,
                                    task.source(),
                                    task.kind(),
                                    text,
                                    DocumentMetadata.normalise(metadata)));
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidRequestException config) throw config;
            sink.quarantine(
                    task,
                    task.path(),
                    "read.corrupt_parquet",
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * The file's top-level column names, or an empty set when its footer cannot be read (the reader
     * quarantines it).
     */
    static Set<String> columnNames(Path file) {
        try (ParquetFileReader reader =
                ParquetFileReader.open(
                        new LocalInputFile(file), ParquetReadOptions.builder().build())) {
            Set<String> names = new LinkedHashSet<>();
            for (Type t : reader.getFooter().getFileMetaData().getSchema().getFields())
                names.add(t.getName());
            return names;
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }

    /** A mapped metadata column that is a group (a list, a struct) cannot be one string. */
    private static void checkMetadataColumns(
            MessageType schema, String file, String source, FieldMapping fields) {
        fields.metadata()
                .forEach(
                        (key, column) -> {
                            if (schema.containsField(column)
                                    && !schema.getType(column).isPrimitive())
                                throw new InvalidRequestException(
                                        file
                                                + ": column '"
                                                + column
                                                + "' mapped to metadata '"
                                                + key
                                                + "' of source '"
                                                + source
                                                + "' is "
                                                + typeName(schema.getType(column))
                                                + "; map fields."
                                                + key
                                                + " to a column of single values (its columns: "
                                                + columns(schema)
                                                + ")");
                        });
    }

    private static boolean isStringColumn(MessageType schema, String name) {
        if (!schema.containsField(name)) return false;
        Type type = schema.getType(name);
        return type.isPrimitive()
                && type.asPrimitiveType().getPrimitiveTypeName()
                        == PrimitiveType.PrimitiveTypeName.BINARY;
    }

    /** Each column with its type, e.g. {@code [text INT64 (BIGINT), id BINARY (STRING)]}. */
    private static String columns(MessageType schema) {
        return schema.getFields().stream()
                .map(t -> t.getName() + " " + typeName(t))
                .toList()
                .toString();
    }

    /**
     * A column's Parquet type and, where one exists, the SQL name tools such as DuckDB show for it
     * (INT64 is BIGINT).
     */
    static String typeName(Type type) {
        if (!type.isPrimitive()) {
            LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
            return logical == null ? "GROUP (STRUCT)" : "GROUP (" + logical + ")";
        }
        PrimitiveType primitive = type.asPrimitiveType();
        LogicalTypeAnnotation logical = primitive.getLogicalTypeAnnotation();
        String physical = primitive.getPrimitiveTypeName().name();
        if (logical != null) return physical + " (" + logical + ")";
        String sql =
                switch (primitive.getPrimitiveTypeName()) {
                    case INT32 -> "INTEGER";
                    case INT64 -> "BIGINT";
                    case INT96 -> "TIMESTAMP";
                    case FLOAT -> "FLOAT";
                    case DOUBLE -> "DOUBLE";
                    case BOOLEAN -> "BOOLEAN";
                    case BINARY, FIXED_LEN_BYTE_ARRAY -> "BLOB";
                };
        return physical + " (" + sql + ")";
    }
}
