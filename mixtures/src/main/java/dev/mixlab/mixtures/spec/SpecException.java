package dev.mixlab.mixtures.spec;

import dev.mixlab.filters.InvalidRequestException;
import java.nio.file.Path;

/**
 * An invalid ablation spec: says which file, line, column and key are wrong and how to fix it (exit
 * code 2).
 */
public final class SpecException extends InvalidRequestException {
    private final Path file;
    private final int line;
    private final int column;
    private final String key;

    public SpecException(Path file, int line, int column, String key, String message) {
        super(message);
        this.file = file;
        this.line = line;
        this.column = column;
        this.key = key;
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public String key() {
        return key;
    }

    public String problem() {
        return super.getMessage();
    }

    @Override
    public String getMessage() {
        StringBuilder where = new StringBuilder();
        where.append(file == null ? "<spec>" : file.toString());
        if (line > 0) {
            where.append(':').append(line);
            if (column > 0) where.append(':').append(column);
        }
        where.append(": ");
        if (key != null && !key.isEmpty()) where.append(Names.printable(key)).append(": ");
        return where + super.getMessage();
    }
}
