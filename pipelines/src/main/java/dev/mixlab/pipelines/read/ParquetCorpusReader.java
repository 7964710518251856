package dev.mixlab.pipelines.read;

import dev.mixlab.filters.Document;
import dev.mixlab.filters.normalise.Utf8;
import dev.mixlab.mixtures.spec.FieldMapping;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Parquet corpora (The Stack's {@code content}, SlimPajama's {@code text}, ...): any top-level
 * string column is the text, per the field mapping; only the text and id columns are decoded. Work
 * splits by row group. A file without the text column is a configuration mistake and fails with the
 * columns it has.
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

    static void read(ReadTask task, FieldMapping fields, ReadLimits limits, ReadSink sink) {
        Path file = Path.of(task.path());
        String fileName = file.getFileName().toString();
        try (ParquetFileReader reader =
                ParquetFileReader.open(
                        new LocalInputFile(file), ParquetReadOptions.builder().build())) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            if (!isStringColumn(schema, fields.text())) {
                throw new IllegalArgumentException(
                        task.path()
                                + " has no top-level string column '"
                                + fields.text()
                                + "' (its columns: "
                                + columnNames(schema)
                                + "); set fields.text of source '"
                                + task.source()
                                + "'");
            }
            boolean hasId =
                    schema.containsField(fields.id()) && schema.getType(fields.id()).isPrimitive();
            List<Type> projected = new ArrayList<>();
            projected.add(schema.getType(fields.text()));
            if (hasId) projected.add(schema.getType(fields.id()));
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
                                new Quarantined(
                                        task.source(),
                                        location,
                                        "read.missing_text_field",
                                        "column '" + fields.text() + "' is null"));
                        continue;
                    }
                    byte[] bytes = group.getBinary(0, 0).getBytes();
                    if (bytes.length > limits.maxDocumentBytes()) {
                        sink.quarantine(
                                new Quarantined(
                                        task.source(),
                                        location,
                                        "read.document_too_large",
                                        bytes.length
                                                + " bytes > max "
                                                + limits.maxDocumentBytes()));
                        continue;
                    }
                    String text;
                    try {
                        text = Utf8.decode(bytes);
                    } catch (Utf8.InvalidUtf8 e) {
                        sink.quarantine(
                                new Quarantined(
                                        task.source(),
                                        location,
                                        "read.invalid_utf8",
                                        e.getMessage()));
                        continue;
                    }
                    String id =
                            hasId && group.getFieldRepetitionCount(1) > 0
                                    ? group.getValueToString(1, 0)
                                    : fileName + "#" + row;
                    sink.document(
                            new Document(
                                    id,
                                    task.source(),
                                    task.kind(),
                                    text,
                                    Map.of(DocumentLocation.KEY, location)));
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException config) throw config;
            sink.quarantine(
                    new Quarantined(
                            task.source(),
                            task.path(),
                            "read.corrupt_parquet",
                            e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private static boolean isStringColumn(MessageType schema, String name) {
        if (!schema.containsField(name)) return false;
        Type type = schema.getType(name);
        return type.isPrimitive()
                && type.asPrimitiveType().getPrimitiveTypeName()
                        == PrimitiveType.PrimitiveTypeName.BINARY;
    }

    private static String columnNames(MessageType schema) {
        return schema.getFields().stream().map(Type::getName).toList().toString();
    }
}
