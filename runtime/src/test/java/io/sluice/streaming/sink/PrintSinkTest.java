package io.sluice.streaming.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.common.JobId;
import io.sluice.api.connector.sink.builtin.PrintSink;
import io.sluice.network.StreamRecord;
import io.sluice.streaming.CollectingOutput;
import io.sluice.streaming.ManualProcessingTimeService;
import io.sluice.streaming.OperatorContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrintSinkTest {

    private static String print(String prefix, boolean toErr, int subtaskIndex, int parallelism, Object... values) throws Exception {
        PrintStream original = toErr ? System.err : System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        if (toErr) {
            System.setErr(capture);
        } else {
            System.setOut(capture);
        }
        try {
            var sink = new io.sluice.streaming.connector.SinkWriterOperator<>(new PrintSink<Object>(prefix, toErr));
            sink.setup(new OperatorContext("0123456789abcdef0123456789abcdef", "Print", "Print", subtaskIndex,
                    parallelism, 128, 0, new JobId(1, 2), "job", Map.of(), PrintSinkTest.class.getClassLoader(),
                    new ManualProcessingTimeService()), new CollectingOutput<>());
            sink.open();
            for (Object value : values) {
                sink.processElement(new StreamRecord<>(value));
            }
            sink.finish();
            sink.close();
        } finally {
            if (toErr) {
                System.setErr(original);
            } else {
                System.setOut(original);
            }
        }
        return captured.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    @Test
    void parallelInstancesPrefixTheirOneBasedIndex() throws Exception {
        assertEquals("3> hello\n3> 42\n", print("", false, 2, 4, "hello", 42));
    }

    @Test
    void singleInstancePrintsBareValues() throws Exception {
        assertEquals("hello\nnull\n", print(null, false, 0, 1, "hello", null));
    }

    @Test
    void prefixGoesFirst() throws Exception {
        assertEquals("counts:1> (a,1)\n", print("counts", false, 0, 2, "(a,1)"));
        assertEquals("counts> x\n", print("counts", false, 0, 1, "x"));
    }

    @Test
    void standardErrorOnRequest() throws Exception {
        assertEquals("2> oops\n", print("", true, 1, 2, "oops"));
    }
}
