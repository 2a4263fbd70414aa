package io.portagent.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves the SSE parser against the event-stream format's edge cases, without a network. */
class SseParserTest {

    private record Event(String name, String data) {
    }

    /** An event without an {@code event:} line: its name is "message". */
    private static Event message(String data) {
        return new Event("message", data);
    }

    private final List<Event> events = new ArrayList<>();
    private final SseParser parser = new SseParser(
            (name, data, length) -> events.add(new Event(name, new String(data, 0, length, StandardCharsets.UTF_8))),
            1024);

    @Test
    void namedEventWithDataIsDispatchedOnBlankLine() throws IOException {
        feed("event: message_start\ndata: {\"a\":1}\n\n");

        assertEquals(List.of(new Event("message_start", "{\"a\":1}")), events);
    }

    @Test
    void nothingIsDispatchedBeforeTheBlankLine() throws IOException {
        feed("event: ping\ndata: {}\n");

        assertEquals(List.of(), events);
        feed("\n");
        assertEquals(List.of(new Event("ping", "{}")), events);
    }

    @Test
    void lfCrlfAndCrLineEndingsAreAllAccepted() throws IOException {
        feed("event: a\ndata: 1\n\n" + "event: b\r\ndata: 2\r\n\r\n" + "event: c\rdata: 3\r\r");

        assertEquals(List.of(new Event("a", "1"), new Event("b", "2"), new Event("c", "3")), events);
    }

    @Test
    void crlfSplitBetweenCrAndLfCountsAsOneLineEnd() throws IOException {
        feed("event: a\r");
        feed("\ndata: 1\r");
        feed("\n\r");
        feed("\n");

        assertEquals(List.of(new Event("a", "1")), events);
    }

    @Test
    void everySplitPointOfAStreamYieldsTheSameEvents() throws IOException {
        String stream = "event: content_block_delta\r\ndata: {\"text\":\"Grüße 🌍\"}\r\n\r\n:keep-alive\r\n\r\n"
                + "event: message_stop\ndata: {}\n\n";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        List<Event> expected = List.of(new Event("content_block_delta", "{\"text\":\"Grüße 🌍\"}"),
                new Event("message_stop", "{}"));
        for (int cut = 0; cut <= bytes.length; cut++) {
            events.clear();
            SseParser fresh = new SseParser((name, data, length) ->
                    events.add(new Event(name, new String(data, 0, length, StandardCharsets.UTF_8))), 1024);
            fresh.feed(ByteBuffer.wrap(bytes, 0, cut));
            fresh.feed(ByteBuffer.wrap(bytes, cut, bytes.length - cut));
            assertEquals(expected, events, "split at byte " + cut);
        }
    }

    @Test
    void byteAtATimeFeedingSplitsMultiByteUtf8AndStillDecodes() throws IOException {
        byte[] bytes = "data: 日本語 ✓ 🌍\n\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            parser.feed(ByteBuffer.wrap(new byte[] {b}));
        }

        assertEquals(List.of(message("日本語 ✓ 🌍")), events);
    }

    @Test
    void multipleDataLinesJoinWithLineFeed() throws IOException {
        feed("data: first\ndata:second\ndata:  third\n\n");

        assertEquals(List.of(message("first\nsecond\n third")), events);
    }

    @Test
    void commentLinesAndUnknownFieldsAreIgnored() throws IOException {
        feed(": keep-alive\n:\nid: 7\nretry: 1000\nfoo: bar\nevent: ping\ndata: {}\n\n");

        assertEquals(List.of(new Event("ping", "{}")), events);
    }

    @Test
    void eventWithoutDataIsNotDispatchedAndItsNameDoesNotLeak() throws IOException {
        feed("event: orphan\n\ndata: x\n\n");

        assertEquals(List.of(message("x")), events);
    }

    @Test
    void fieldWithoutColonAndEmptyDataAreHandledAsTheFormatSays() throws IOException {
        feed("data\n\n" + "data:\ndata:\n\n");

        assertEquals(List.of(message(""), message("\n")), events);
    }

    @Test
    void onlyOneSpaceAfterTheColonIsStripped() throws IOException {
        feed("event:no_space\ndata:   padded  \n\n");

        assertEquals(List.of(new Event("no_space", "  padded  ")), events);
    }

    @Test
    void leadingByteOrderMarkIsSkipped() throws IOException {
        parser.feed(ByteBuffer.wrap(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}));
        feed("data: x\n\n");

        assertEquals(List.of(message("x")), events);
    }

    @Test
    void partialEventAtEndOfInputIsNotDispatched() throws IOException {
        feed("event: message_stop\ndata: {}");

        assertEquals(List.of(), events);
    }

    @Test
    void eventNamesAreReusedAcrossEvents() throws IOException {
        List<String> names = new ArrayList<>();
        SseParser interning = new SseParser((name, data, length) -> names.add(name), 1024);
        interning.feed(utf8("event: content_block_delta\ndata: 1\n\nevent: content_block_delta\ndata: 2\n\n"));

        assertEquals(2, names.size());
        assertEquals(System.identityHashCode(names.get(0)), System.identityHashCode(names.get(1)));
    }

    @Test
    void eventLargerThanTheLimitFailsInsteadOfGrowingWithoutBound() {
        String huge = "data: " + "x".repeat(2000) + "\n\n";

        assertThrows(SseParser.TooLargeException.class, () -> feed(huge));
    }

    @Test
    void manyDataLinesPastTheLimitFailToo() {
        String lines = "data: 0123456789\n".repeat(200);

        assertThrows(SseParser.TooLargeException.class, () -> feed(lines));
    }

    private void feed(String text) throws IOException {
        parser.feed(utf8(text));
    }

    private static ByteBuffer utf8(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }
}
